package letters

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/suggest"
)

// The template format, as explained at the top of every template file:
//
//	<!-- a note -->              ignored (may span lines)
//	# Heading                    a short bold heading
//	A line of text.              a paragraph; lines directly under each other print
//	                             directly under each other, a blank line leaves a gap
//	                             (::: variant lines do not count as a gap, notes do)
//	- item                       a bullet
//	[ ] statement                a statement with a tick box
//	Signature: ______            a label and a line to write on (3 or more _ at the end)
//	::: box TITLE … :::          a bordered box
//	::: variant NAME … :::       wording for one variant only (several names allowed)
//	::: if {field} … :::         wording used only when the field has a value, or with
//	::: if no {field} … :::      "no", only when it has none (inside a variant, alone,
//	                             or inside another "::: if": then both must hold)
//	--- new page ---             start a new page
//	**bold**  {field}  \{        bold text, a field, a literal brace (\ before * { } \)
//
// The parser is our own rather than a Markdown library's: the format is a small,
// line-based subset, every line becomes at most one block (so every error names its
// exact line), and Markdown's surprises for a non-programmer (indented code blocks,
// numbered lists, HTML, link syntax) cannot happen.

// Problem is one thing wrong with a template, reported as "FILE:LINE: problem".
type Problem struct {
	File string
	Line int // 0 when the problem is with the whole file
	Msg  string
	// Field is the template field with no value, for a line that cannot be printed
	// without it ("reply-by date"); "" for any other problem.
	Field string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

func (p Problem) Error() string { return p.String() }

// Problems is every problem found in a set of templates, in file and line order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps Problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// inline is a run of template text: literal text, or a field.
type inline struct {
	text  string // literal text, when field is ""
	field string // canonical field name
	bold  bool
}

// node is one block of a parsed template.
type node struct {
	line     int
	kind     BlockKind
	text     []inline     // the content; for a box, its title
	children []node       // for a box
	variants []string     // the sections it belongs to; nil means every variant
	conds    []*condition // the "::: if" sections it is in, outermost first
	tight    bool
	list     string // for "- {dpia concerns}": the list field it expands
}

// condition is a "::: if {field}" or "::: if no {field}" section's test.
type condition struct {
	field  string // canonical field name
	absent bool   // "if no": true when the field has no value
}

// holds reports whether the condition is met with the values f.
func (c *condition) holds(f Fields) bool {
	if c == nil {
		return true
	}
	has := clean(f.Text[c.field]) != "" || len(f.Lists[c.field]) > 0
	return has != c.absent
}

// applies reports whether node n is part of variant with the values f.
func (n *node) applies(variant string, f Fields) bool {
	if n.variants != nil && !slices.Contains(n.variants, variant) {
		return false
	}
	for _, c := range n.conds {
		if !c.holds(f) {
			return false
		}
	}
	return true
}

// template is one parsed file.
type template struct {
	file     string
	kind     rules.Kind
	nodes    []node
	sections map[string]bool // the variant names that have sections
}

var (
	pageBreakRE = regexp.MustCompile(`^-{3,}\s*new\s+page\s*-{3,}$`)
	fillInRE    = regexp.MustCompile(`_{3,}\s*$`)
)

// parser holds the state of one file being read.
type parser struct {
	file     string
	kind     rules.Kind
	problems Problems
}

func (p *parser) errorf(line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// parse reads one template file. Problems are collected, not returned early, so that a
// practice manager sees them all at once.
func parse(file string, kind rules.Kind, src []byte) (*template, Problems) {
	p := &parser{file: file, kind: kind}
	t := &template{file: file, kind: kind, sections: map[string]bool{}}

	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	lines = p.stripComments(lines)

	type open struct {
		line int
		box  *node // nil for a variant or if section
		cond bool  // an if section
	}
	var (
		stack    []open
		variants []string     // of the open variant section
		conds    []*condition // of the open if sections, outermost first
		prevLine = false      // the previous line held a block (for tight)
	)
	add := func(n node) {
		n.variants, n.conds = variants, conds
		if len(stack) > 0 && stack[len(stack)-1].box != nil {
			box := stack[len(stack)-1].box
			n.tight = n.tight && len(box.children) > 0
			box.children = append(box.children, n)
			return
		}
		t.nodes = append(t.nodes, n)
	}
	inBox := func() bool { return len(stack) > 0 && stack[len(stack)-1].box != nil }

	for i, raw := range lines {
		ln := i + 1
		if !utf8.ValidString(raw) {
			p.errorf(ln, "this line is not UTF-8 text: save the file as UTF-8")
			continue
		}
		s := strings.TrimSpace(raw)
		tight := prevLine
		prevLine = s != ""
		switch {
		case s == "":
			continue

		case s == ":::":
			if len(stack) == 0 {
				p.errorf(ln, `":::" closes nothing: there is no open "::: box" or "::: variant" above it`)
				continue
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if top.box != nil {
				// A box is added when it closes, once its children are known.
				add(*top.box)
				prevLine = false
			} else {
				// Section lines are not printed: the lines on either side of
				// them are still directly under each other.
				if top.cond {
					conds = conds[:len(conds)-1]
				} else {
					variants = nil
				}
				prevLine = tight
			}

		case strings.HasPrefix(s, ":::"):
			word, rest, _ := strings.Cut(strings.TrimSpace(s[3:]), " ")
			rest = strings.TrimSpace(rest)
			switch strings.ToLower(word) {
			case "variant":
				if len(stack) > 0 {
					p.errorf(ln, `a "::: variant" section must not be inside another section or box: close the one from line %d with ":::" first`, stack[len(stack)-1].line)
					continue
				}
				names := strings.Fields(strings.ToLower(strings.ReplaceAll(rest, ",", " ")))
				if len(names) == 0 {
					p.errorf(ln, `"::: variant" needs a name: one of %s`, strings.Join(sectionNames(kind), ", "))
				}
				for _, n := range names {
					if !slices.Contains(sectionNames(kind), n) {
						p.errorf(ln, "unknown variant %q for %s%s (known: %s)", n, kind, didYouMean(n, sectionNames(kind)), strings.Join(sectionNames(kind), ", "))
						continue
					}
					t.sections[n] = true
				}
				variants = names
				stack = append(stack, open{line: ln})
				prevLine = tight
			case "if":
				if inBox() {
					p.errorf(ln, `an "::: if" section must not be inside a box: close the one from line %d with ":::" first`, stack[len(stack)-1].line)
					continue
				}
				conds = append(slices.Clip(conds), p.condition(ln, rest))
				stack = append(stack, open{line: ln, cond: true})
				prevLine = tight
			case "box":
				if inBox() {
					p.errorf(ln, "a box cannot be inside another box: close the one from line %d with \":::\" first", stack[len(stack)-1].line)
				}
				box := &node{line: ln, kind: Box, text: p.inline(ln, rest)}
				stack = append(stack, open{line: ln, box: box})
				prevLine = false
			default:
				p.errorf(ln, `unknown block %q: use "::: box TITLE", "::: variant NAME" or "::: if {field}", and ":::" alone to close it`, ":::"+" "+word)
			}

		case pageBreakRE.MatchString(strings.ToLower(s)):
			if inBox() {
				p.errorf(ln, "a page break cannot be inside a box")
				continue
			}
			add(node{line: ln, kind: PageBreak})
			prevLine = false

		case strings.Trim(s, "-") == "" || strings.Trim(s, "=") == "" || strings.Trim(s, "*") == "":
			p.errorf(ln, `a line of %q on its own means nothing here; for a page break write "--- new page ---"`, s[:1])

		case strings.HasPrefix(s, "#"):
			text := strings.TrimSpace(strings.TrimLeft(s, "#"))
			if text == "" {
				p.errorf(ln, "a heading needs text after #")
				continue
			}
			add(node{line: ln, kind: Heading, text: p.inline(ln, text), tight: tight})

		case strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "• "):
			_, text, _ := strings.Cut(s, " ")
			text = strings.TrimSpace(text)
			n := node{line: ln, kind: Bullet, text: p.inline(ln, text), tight: tight}
			for _, in := range n.text {
				if in.field != "" && fields[in.field].list {
					if len(n.text) != 1 {
						p.errorf(ln, "{%s} is a list: put it alone on a bullet line, like this: - {%s}", in.field, in.field)
					}
					n.list = in.field
				}
			}
			add(n)

		case strings.HasPrefix(s, "[ ]") || strings.HasPrefix(s, "[]"):
			_, text, _ := strings.Cut(s, "]")
			text = strings.TrimSpace(text)
			if text == "" {
				p.errorf(ln, "a tick box needs a statement after [ ]")
				continue
			}
			add(node{line: ln, kind: Tick, text: p.inline(ln, text), tight: tight})

		case fillInRE.MatchString(s):
			label := strings.TrimSpace(fillInRE.ReplaceAllString(s, ""))
			if strings.Contains(label, "___") {
				p.errorf(ln, "put each fill-in line on a line of its own (one label, then ___ at the end)")
				continue
			}
			add(node{line: ln, kind: FillIn, text: p.inline(ln, label), tight: tight})

		default:
			add(node{line: ln, kind: Paragraph, text: p.inline(ln, s), tight: tight})
		}
	}
	for _, o := range stack {
		what := "::: variant"
		switch {
		case o.box != nil:
			what = "::: box"
		case o.cond:
			what = "::: if"
		}
		p.errorf(o.line, "%q is never closed: add a line with \":::\" alone where it ends", what)
	}
	p.checkFields(t)
	p.checkSections(t)
	p.problems.sort()
	return t, p.problems
}

// condition reads what follows "::: if": "{field}" or "no {field}". A problem is
// reported and nil returned when it is neither.
func (p *parser) condition(ln int, rest string) *condition {
	c := &condition{}
	if w, after, ok := strings.Cut(rest, " "); ok && strings.EqualFold(w, "no") {
		c.absent, rest = true, strings.TrimSpace(after)
	}
	if len(rest) < 2 || rest[0] != '{' || rest[len(rest)-1] != '}' || strings.Count(rest, "{") != 1 {
		p.errorf(ln, `"::: if" needs one field in braces: "::: if {practice email}" or "::: if no {practice email}"`)
		return nil
	}
	written := rest[1 : len(rest)-1]
	c.field = canonicalField(written)
	if _, ok := fields[c.field]; !ok {
		hint := ""
		if n := suggest.Nearest(c.field, FieldNames()); n != "" {
			hint = " (did you mean {" + n + "}?)"
		}
		p.errorf(ln, "unknown field {%s}%s", written, hint)
		return nil
	}
	return c
}

// stripComments blanks out <!-- … --> notes, keeping the line count so that line
// numbers stay true.
func (p *parser) stripComments(lines []string) []string {
	out := make([]string, len(lines))
	inside, start := false, 0
	for i, l := range lines {
		var b strings.Builder
		for l != "" {
			if inside {
				j := strings.Index(l, "-->")
				if j < 0 {
					l = ""
					break
				}
				l = l[j+3:]
				inside = false
				continue
			}
			j := strings.Index(l, "<!--")
			if j < 0 {
				b.WriteString(l)
				break
			}
			b.WriteString(l[:j])
			l = l[j+4:]
			inside, start = true, i+1
		}
		out[i] = b.String()
	}
	if inside {
		p.errorf(start, `a note opened with "<!--" is never closed with "-->"`)
	}
	return out
}

// fieldAt reads the field written in braces at s[i], a '{': its name as written and the
// index of the '}' that closes it. ok is false, and the problem reported, when none does.
func (p *parser) fieldAt(ln int, s string, i int) (written string, end int, ok bool) {
	n := strings.IndexByte(s[i+1:], '}')
	if n < 0 {
		p.errorf(ln, `"{" is not closed with "}" on this line (to print a brace, write \{)`)
		return "", 0, false
	}
	return s[i+1 : i+1+n], i + 1 + n, true
}

// inline reads a line's text: **bold**, {fields} and backslash escapes.
func (p *parser) inline(ln int, s string) []inline {
	var (
		out  []inline
		buf  strings.Builder
		bold bool
	)
	flush := func() {
		if buf.Len() > 0 {
			out = append(out, inline{text: buf.String(), bold: bold})
			buf.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			_, size := utf8.DecodeRuneInString(s[i:])
			buf.WriteString(s[i : i+size])
			i += size - 1
		case c == '*' && i+1 < len(s) && s[i+1] == '*':
			flush()
			bold = !bold
			i++
		case c == '{':
			written, end, ok := p.fieldAt(ln, s, i)
			if !ok {
				buf.WriteString(s[i:])
				i = len(s)
				continue
			}
			name := canonicalField(written)
			if _, ok := fields[name]; !ok {
				hint := ""
				if n := suggest.Nearest(name, FieldNames()); n != "" {
					hint = " (did you mean {" + n + "}?)"
				}
				p.errorf(ln, "unknown field {%s}%s", written, hint)
			}
			flush()
			out = append(out, inline{field: name, bold: bold})
			i = end
		default:
			buf.WriteByte(c)
		}
	}
	if bold {
		p.errorf(ln, `"**" starts bold text that is not closed with "**" on this line`)
	}
	flush()
	return out
}

// checkFields reports fields used where their value does not exist: patient fields in
// letters to organisations or in the blank form.
func (p *parser) checkFields(t *template) {
	var walk func(ns []node, inherited []string)
	walk = func(ns []node, inherited []string) {
		for _, n := range ns {
			vs := n.variants
			if vs == nil {
				vs = inherited
			}
			for _, in := range n.text {
				f, ok := fields[in.field]
				if ok && f.list && n.list == "" {
					p.errorf(n.line, "{%s} is a list: put it alone on a bullet line, like this: - {%s}", in.field, in.field)
				}
				if ok && f.run && patientKind(t.kind) {
					p.errorf(n.line, "{%s} is a count for letters to organisations: it cannot be used in a letter to a patient", in.field)
				}
				if !ok || !f.patient {
					continue
				}
				switch {
				case !patientKind(t.kind):
					p.errorf(n.line, "{%s} cannot be used in a letter to an organisation: those letters carry no patient data", in.field)
				case t.kind == rules.OptInForm && (vs == nil || slices.Contains(vs, Blank) || slices.Contains(vs, Default)):
					p.errorf(n.line, "{%s} cannot be used in the blank form: put it inside \"::: variant filled\"", in.field)
				}
			}
			walk(n.children, vs)
		}
	}
	walk(t.nodes, nil)
}

// checkSections reports variants the rules may ask for that the file cannot answer:
// it has sections, but none for that variant and no default.
func (p *parser) checkSections(t *template) {
	if len(t.sections) == 0 || t.sections[Default] {
		return
	}
	for _, v := range Variants(t.kind) {
		if !t.sections[v] {
			p.errorf(0, "no \"::: variant %s\" section and no \"::: variant default\": add one of them", v)
		}
	}
}

func didYouMean(s string, candidates []string) string {
	if n := suggest.Nearest(s, candidates); n != "" {
		return fmt.Sprintf(" (did you mean %q?)", n)
	}
	return ""
}
