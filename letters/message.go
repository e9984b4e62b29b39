package letters

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sms"
	"github.com/accesspack/accesspack/internal/suggest"
)

// Text messages. Each letter kind to patients has a message template,
// <kind>.message.txt, beside its letter: the text sent instead of the letter (or as well
// as it) to patients the practice can text. One message goes to a whole batch through
// the practice's messaging service, so a message names no patient: it uses the
// practice's fields and dates only. It is read by the same parser as the letters and
// may use only plain lines, fields, notes, "::: variant" and "::: if" sections.

// DefaultBudget is how many fragments a message may use unless the practice file says
// otherwise (practice.DefaultFragments).
const DefaultBudget = practice.DefaultFragments

// Message is one rendered text message.
type Message struct {
	Kind    rules.Kind
	Variant string
	File    string // the template it came from, e.g. "opt-out-notice.message.txt"
	Text    string // exactly as it should be pasted into the messaging service
	Count   sms.Count
}

// Name is the message's name in the pack: its kind, and its variant for the kinds whose
// variants are not the pathway ("opt-out-notice-going-live", "request-access").
func (m Message) Name() string {
	if pathwayKeyed(m.Kind) {
		return string(m.Kind)
	}
	return string(m.Kind) + "-" + m.Variant
}

// label names the message in problems: "opt-out-notice-going-live", or
// "request-access (proceed)" for a kind whose variants are pathways.
func (m Message) label() string {
	if pathwayKeyed(m.Kind) {
		return fmt.Sprintf("%s (%s)", m.Kind, m.Variant)
	}
	return m.Name()
}

// MessageFile is the name of kind's message template.
func MessageFile(kind rules.Kind) string { return string(kind) + ".message.txt" }

// loadMessages reads the message templates of fsys into s. A folder without them (one
// exported before messages existed) still makes letters: s.noMessages names the files
// that are missing, and asking for such a message is an error naming the file.
func (s *Set) loadMessages(fsys fs.FS, name func(string) string) Problems {
	var problems Problems
	s.messages = map[rules.Kind]*template{}
	for _, k := range rules.PatientKinds {
		file := name(MessageFile(k))
		src, err := fs.ReadFile(fsys, MessageFile(k))
		if errors.Is(err, fs.ErrNotExist) {
			s.noMessages = append(s.noMessages, file)
			continue
		}
		if err != nil {
			problems = append(problems, Problem{File: file, Msg: "cannot read it: " + errMsg(err)})
			continue
		}
		t, ps := parse(file, k, src)
		problems = append(problems, ps...)
		problems = append(problems, plainText(t)...)
		s.messages[k] = t
	}
	return problems
}

// messageFiles lists the message template names, for spotting misspelt files.
func messageFiles() []string {
	out := make([]string, len(rules.PatientKinds))
	for i, k := range rules.PatientKinds {
		out[i] = MessageFile(k)
	}
	return out
}

// strayMessageFile reports a file that looks like a misspelt message template.
func strayMessageFile(n string) (string, bool) {
	known := messageFiles()
	if path.Ext(n) != ".txt" || slices.Contains(known, n) {
		return "", false
	}
	near := suggest.Nearest(n, known)
	if near == "" && !strings.HasSuffix(strings.ToLower(n), ".message.txt") {
		return "", false // someone's own notes
	}
	return "not a message template" + didYouMean(n, known) + "; message files are " + strings.Join(known, ", "), true
}

// plainText reports what a message cannot hold: anything but plain lines, and fields
// about a patient.
func plainText(t *template) Problems {
	var ps Problems
	add := func(line int, format string, args ...any) {
		ps = append(ps, Problem{File: t.file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	for _, n := range t.nodes {
		switch n.kind {
		case Paragraph:
		case Heading:
			add(n.line, `a message is plain text: "#" makes a heading in a letter; write the line without it`)
		case Bullet:
			add(n.line, `a message is plain text: "- " makes a bullet in a letter; write the line without it, or start it with \- to keep the dash`)
		case Tick:
			add(n.line, `a message is plain text: "[ ]" makes a tick box in a letter`)
		case FillIn:
			add(n.line, `a message is plain text: a line ending in ___ is a line to write on in a letter`)
		case Box:
			add(n.line, `a message is plain text: "::: box" is for letters`)
		case PageBreak:
			add(n.line, `a message is plain text: it has no pages`)
		}
		for _, in := range n.text {
			if in.bold {
				add(n.line, `a message is plain text: "**" makes bold text in a letter; remove the stars, or write \* to keep one`)
				break
			}
		}
		for _, in := range n.text {
			if notInMessages(in.field) {
				add(n.line, "{%s} cannot be used in a message: one message goes to every patient of a batch, so it names no one", in.field)
			}
		}
		for _, c := range n.conds {
			if c != nil && notInMessages(c.field) {
				add(n.line, "{%s} cannot be used in a message: one message goes to every patient of a batch, so it names no one", c.field)
			}
		}
	}
	return ps
}

// notInMessages reports whether a field belongs to one patient.
func notInMessages(field string) bool {
	f, ok := fields[field]
	return ok && (f.patient || f.run || field == "salutation")
}

// MissingMessages names the message templates the set's folder does not have.
func (s *Set) MissingMessages() []string { return s.noMessages }

// Message renders kind's message in variant with the practice's details and counts it.
// For the kinds whose variants are pathways, an empty variant means the pathway. A
// message of more than budget fragments is an error naming the template and the line
// from which it is too long.
func (s *Set) Message(kind rules.Kind, variant string, pr *practice.Practice, pathway rules.Pathway, budget int) (Message, error) {
	if !slices.Contains(rules.PatientKinds, kind) {
		return Message{}, fmt.Errorf("%q has no message: only letters to patients do (%s)", kind, strings.Join(kindNames(rules.PatientKinds), ", "))
	}
	if pr == nil {
		return Message{}, errors.New("letters: a message needs a practice")
	}
	if variant == "" && pathwayKeyed(kind) {
		variant = string(pathway)
	}
	t := s.messages[kind]
	if t == nil {
		return Message{}, Problem{File: s.missingMessage(kind), Msg: "missing: the text messages need it " +
			"(\"accesspack templates export NEW-FOLDER\" writes a full set: copy its .message.txt files here)"}
	}
	if !slices.Contains(sectionNames(kind), variant) {
		return Message{}, fmt.Errorf("%s: unknown variant %q%s (known: %s)", t.file, variant, didYouMean(variant, sectionNames(kind)), strings.Join(Variants(kind), ", "))
	}
	m := Message{Kind: kind, Variant: variant, File: t.file}
	if !t.sections[variant] && t.sections[Default] {
		variant = Default
	}
	lines, err := t.messageLines(variant, PracticeFields(pr).withPathway(pr, pathway))
	if err != nil {
		return Message{}, err
	}
	for _, l := range lines {
		m.Text += l.sep + l.text
	}
	m.Count = sms.Measure(m.Text)
	if m.Text == "" {
		return Message{}, Problem{File: t.file, Msg: fmt.Sprintf("the %s message is empty", m.label())}
	}
	if budget < 1 {
		budget = DefaultBudget
	}
	if m.Count.Fragments > budget {
		return Message{}, overBudget(t, m, lines, budget)
	}
	return m, nil
}

// messageLine is one line of a rendered message, with the separator before it.
type messageLine struct {
	line      int // in the template
	sep, text string
	fields    map[string]string // the values of the fields it uses
}

func (t *template) messageLines(variant string, f Fields) ([]messageLine, error) {
	var out []messageLine
	for i := range t.nodes {
		n := &t.nodes[i]
		if !n.applies(variant, f) {
			continue
		}
		spans, keep, err := t.spans(*n, f)
		if err != nil {
			return nil, err
		}
		if !keep {
			continue
		}
		l := messageLine{line: n.line, text: Block{Spans: spans}.Text(), fields: map[string]string{}}
		for _, in := range n.text {
			if in.field != "" {
				l.fields[in.field] = clean(f.Text[in.field])
			}
		}
		switch {
		case len(out) == 0:
		case n.tight:
			l.sep = "\n"
		default:
			l.sep = "\n\n"
		}
		out = append(out, l)
	}
	return out, nil
}

// overBudget explains a message that is too long: how long it is, what the budget
// allows, the line from which it no longer fits and, for a UCS-2 message, the character
// that made it so.
func overBudget(t *template, m Message, lines []messageLine, budget int) error {
	at, text := 0, ""
	for _, l := range lines {
		text += l.sep + l.text
		if sms.Measure(text).Fragments > budget {
			at = l.line
			break
		}
	}
	msg := fmt.Sprintf("the %s message is %s with this practice's details, over the budget of %s (%d characters in %s): shorten it from this line on",
		m.label(), m.Count, plural(budget, "fragment"), sms.Capacity(m.Count.Encoding, budget), m.Count.Encoding)
	if m.Count.Encoding == sms.UCS2 {
		msg += "; " + whyUCS2(lines, m.Count.First)
	}
	return Problem{File: t.file, Line: at, Msg: msg}
}

// whyUCS2 names the character that made a message UCS-2 and where it is.
func whyUCS2(lines []messageLine, r rune) string {
	what := fmt.Sprintf("it is sent as UCS-2 (%d characters a fragment, not 153) because of %q", sms.UCS2Part, r)
	for _, l := range lines {
		if !strings.ContainsRune(l.text, r) {
			continue
		}
		for name, v := range l.fields {
			if strings.ContainsRune(v, r) {
				return fmt.Sprintf("%s in {%s} (line %d): change it in the practice file", what, name, l.line)
			}
		}
		return fmt.Sprintf("%s on line %d", what, l.line)
	}
	return what
}

// WhyUCS2 says which character makes a message UCS-2 and where it is, for reports; ""
// for a GSM-7 message.
func (s *Set) WhyUCS2(m Message, pr *practice.Practice) string {
	if m.Count.Encoding != sms.UCS2 {
		return ""
	}
	t := s.messages[m.Kind]
	if t == nil {
		return ""
	}
	variant := m.Variant
	if !t.sections[variant] && t.sections[Default] {
		variant = Default
	}
	lines, err := t.messageLines(variant, PracticeFields(pr))
	if err != nil {
		return ""
	}
	return whyUCS2(lines, m.Count.First)
}

func (s *Set) missingMessage(kind rules.Kind) string {
	for _, f := range s.noMessages {
		if strings.HasSuffix(f, MessageFile(kind)) {
			return f
		}
	}
	return MessageFile(kind)
}

// PathwayMessages renders every message the pathway can send — one per kind and variant
// its table gives a letter — with the practice's details, in table order. The first
// message over budget, or that cannot be rendered, is the error.
func (s *Set) PathwayMessages(pathway rules.Pathway, pr *practice.Practice, budget int) ([]Message, error) {
	ls, err := pathwayLetters(pathway, pr.Bulk104)
	if err != nil {
		return nil, err
	}
	var out []Message
	seen := map[rules.LetterVariant]bool{}
	for _, l := range ls {
		if seen[l.LetterVariant] {
			continue // the same message, whatever a letter encloses
		}
		seen[l.LetterVariant] = true
		m, err := s.Message(l.Kind, l.Variant, pr, pathway, budget)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// CheckMessages renders every kind's message in every variant with the practice's
// details, for `templates check`. It returns the messages that rendered and every
// problem met (over budget, a required field without a value), in file and line order.
func (s *Set) CheckMessages(pr *practice.Practice, budget int) ([]Message, error) {
	var (
		out      []Message
		problems Problems
	)
	for _, k := range rules.PatientKinds {
		if s.messages[k] == nil {
			continue
		}
		for _, v := range Variants(k) {
			m, err := s.Message(k, v, pr, rules.Pathway(v), budget)
			var p Problem
			switch {
			case errors.As(err, &p):
				problems = append(problems, p)
				continue
			case err != nil:
				return nil, err
			}
			out = append(out, m)
		}
	}
	if len(problems) > 0 {
		problems.sort()
		return out, problems
	}
	return out, nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
