package letters

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/golden"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sms"
	"github.com/accesspack/accesspack/templates"
)

// withMessage replaces kind's message template by body.
func withMessage(t *testing.T, kind rules.Kind, body string) fstest.MapFS {
	t.Helper()
	m := embeddedMap(t)
	for _, k := range rules.PatientKinds {
		src, err := templates.FS.ReadFile(MessageFile(k))
		if err != nil {
			t.Fatal(err)
		}
		m[MessageFile(k)] = &fstest.MapFile{Data: src}
	}
	if body != "" {
		m[MessageFile(kind)] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

func samplePractice(t testing.TB) *practice.Practice {
	t.Helper()
	pr, err := practice.Sample()
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

// longPractice has a 60-character name and 80-character web addresses, and every date
// in the longest month name.
func longPractice(t testing.TB) *practice.Practice {
	pr := samplePractice(t)
	pr.Name = "The Very Long Named Medical Practice and Health Centre Group"
	pr.InfoURL = "https://www.the-very-long-named-medical-practice.example.nhs.uk/online-access-gp"
	pr.RequestFormURL = "https://www.the-very-long-named-medical-practice.example.nhs.uk/ask-for-access12"
	pr.Website = pr.InfoURL
	d := civil.New(2027, time.September, 30)
	pr.GoLive, pr.ReplyBy, pr.DPIA.Date = d, d, d
	pr.LetterDate = civil.New(2027, time.September, 1)
	if len(pr.Name) != 60 || len(pr.InfoURL) != 80 || len(pr.RequestFormURL) != 80 {
		t.Fatalf("long practice: name %d, urls %d and %d characters", len(pr.Name), len(pr.InfoURL), len(pr.RequestFormURL))
	}
	return pr
}

// withoutForm is pr without an online request form.
func withoutForm(pr *practice.Practice) *practice.Practice {
	pr.RequestFormURL = ""
	return pr
}

// TestEmbeddedMessagesFitTheDefaultBudget renders every message in every variant with
// the sample practice and with one whose name and web addresses are long, each with and
// without an online request form, and reports the longest.
func TestEmbeddedMessagesFitTheDefaultBudget(t *testing.T) {
	s := mustEmbedded(t)
	for _, tc := range []struct {
		name string
		pr   *practice.Practice
	}{
		{"sample practice", samplePractice(t)},
		{"sample practice without a request form", withoutForm(samplePractice(t))},
		{"long name and web addresses", longPractice(t)},
		{"long name and web address, no request form", withoutForm(longPractice(t))},
	} {
		ms, err := s.CheckMessages(tc.pr, DefaultBudget)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if want := len(Variants(rules.OptOutNotice)) + len(Variants(rules.RequestAccess)) + len(Variants(rules.DPIAUpdate)); len(ms) != want {
			t.Fatalf("%s: %d messages, want %d", tc.name, len(ms), want)
		}
		var worst Message
		for _, m := range ms {
			if m.Count.Encoding != sms.GSM7 {
				t.Errorf("%s: %s/%s is %v (because of %q): the built-in wording must be GSM-7", tc.name, m.Kind, m.Variant, m.Count, m.Count.First)
			}
			if m.Count.Fragments > DefaultBudget {
				t.Errorf("%s: %s/%s is %v", tc.name, m.Kind, m.Variant, m.Count)
			}
			if m.Count.Length > worst.Count.Length {
				worst = m
			}
		}
		t.Logf("%s: longest is %s/%s: %v (budget %d: %d)", tc.name, worst.Kind, worst.Variant, worst.Count,
			DefaultBudget, sms.Capacity(sms.GSM7, DefaultBudget))
	}
}

// TestMessagesSayHowToAsk: the messages that replace a letter enclosing the opt-in form
// say how to ask instead — the online request form when the practice has one, or the
// phone and the page that explains how — and no message names a patient.
func TestMessagesSayHowToAsk(t *testing.T) {
	s := mustEmbedded(t)
	for _, pr := range []*practice.Practice{samplePractice(t), withoutForm(samplePractice(t))} {
		ms, err := s.CheckMessages(pr, DefaultBudget)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			want := []string{pr.Name, pr.Phone, pr.InfoURL}
			if m.Kind != rules.OptOutNotice {
				if !strings.Contains(m.Text, "ask") {
					t.Errorf("%s/%s does not say how to ask:\n%s", m.Kind, m.Variant, m.Text)
				}
				if pr.RequestFormURL != "" {
					want = []string{pr.Name, pr.Phone, pr.RequestFormURL}
				}
			}
			for _, w := range want {
				if !strings.Contains(m.Text, w) {
					t.Errorf("%s/%s does not give %q:\n%s", m.Kind, m.Variant, w, m.Text)
				}
			}
			if pr.RequestFormURL == "" && strings.Contains(m.Text, "Ask at") {
				t.Errorf("%s/%s points at a form the practice does not have:\n%s", m.Kind, m.Variant, m.Text)
			}
			for _, bad := range []string{"form", "Dear", "enclosed", "{", "}"} {
				if strings.Contains(m.Text, bad) {
					t.Errorf("%s/%s has %q:\n%s", m.Kind, m.Variant, bad, m.Text)
				}
			}
		}
	}
}

func TestMessageProblems(t *testing.T) {
	const note = "<!-- a note {patient name} -->\n"
	for _, tc := range []struct {
		name string
		kind rules.Kind
		body string
		want string
	}{
		{"patient field", rules.OptOutNotice, note + "Hello {first name}, from {practice name}\n",
			"opt-out-notice.message.txt:2: {first name} cannot be used in a message: one message goes to every patient of a batch, so it names no one"},
		{"salutation", rules.DPIAUpdate, note + "{salutation}\n",
			"dpia-update.message.txt:2: {salutation} cannot be used in a message"},
		{"patient field in an if", rules.DPIAUpdate, note + "::: if {nhs number}\nx\n:::\n",
			"dpia-update.message.txt:3: {nhs number} cannot be used in a message"},
		{"heading", rules.DPIAUpdate, note + "\n# News\ntext\n",
			`dpia-update.message.txt:3: a message is plain text: "#" makes a heading in a letter`},
		{"bullet", rules.DPIAUpdate, note + "text\n- item\n",
			`dpia-update.message.txt:3: a message is plain text: "- " makes a bullet in a letter; write the line without it, or start it with \- to keep the dash`},
		{"bold", rules.DPIAUpdate, "text **now**\n",
			`dpia-update.message.txt:1: a message is plain text: "**" makes bold text in a letter`},
		{"tick box", rules.DPIAUpdate, "[ ] yes\n",
			`dpia-update.message.txt:1: a message is plain text: "[ ]" makes a tick box`},
		{"fill-in", rules.DPIAUpdate, "Name: ____\n",
			`dpia-update.message.txt:1: a message is plain text: a line ending in ___ is a line to write on`},
		{"box", rules.DPIAUpdate, "::: box Hi\nx\n:::\n",
			`dpia-update.message.txt:1: a message is plain text: "::: box" is for letters`},
		{"page break", rules.DPIAUpdate, "x\n--- new page ---\ny\n",
			`dpia-update.message.txt:2: a message is plain text: it has no pages`},
		{"unknown field", rules.DPIAUpdate, "{practise name}\n",
			"dpia-update.message.txt:1: unknown field {practise name} (did you mean {practice name}?)"},
		{"unknown variant", rules.OptOutNotice, "::: variant going-lve\nx\n:::\n::: variant default\ny\n:::\n",
			`opt-out-notice.message.txt:1: unknown variant "going-lve" for opt-out-notice (did you mean "going-live"?)`},
		{"variant missing", rules.OptOutNotice, "::: variant going-live\nx\n:::\n",
			`opt-out-notice.message.txt: no "::: variant deferred" section and no "::: variant default"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(withMessage(t, tc.kind, tc.body))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant a line containing %q", err, tc.want)
			}
		})
	}
}

func TestMessageText(t *testing.T) {
	body := "<!-- note -->\n{practice name}: line one\nline two\n\nafter a gap\n\\- a dash, \\*, \\{ and \\}\n"
	s, err := Load(withMessage(t, rules.DPIAUpdate, body))
	if err != nil {
		t.Fatal(err)
	}
	pr := samplePractice(t)
	m, err := s.Message(rules.DPIAUpdate, "", pr, rules.DeferDPIA, DefaultBudget)
	if err != nil {
		t.Fatal(err)
	}
	want := "Meadowbank Surgery: line one\nline two\n\nafter a gap\n- a dash, *, { and }"
	if m.Text != want {
		t.Errorf("text %q\nwant %q", m.Text, want)
	}
	// { and } are extension characters: two septets each.
	if m.Count.Encoding != sms.GSM7 || m.Count.Length != len(want)+2 || m.Count.Fragments != 1 {
		t.Errorf("count %v, want GSM-7, %d characters, 1 fragment", m.Count, len(want)+2)
	}
	if m.Name() != "dpia-update" || m.Variant != "defer-dpia" || m.File != "dpia-update.message.txt" {
		t.Errorf("name %q variant %q file %q", m.Name(), m.Variant, m.File)
	}
	o, err := s.Message(rules.OptOutNotice, GoingLive, pr, rules.Proceed, DefaultBudget)
	if err != nil || o.Name() != "opt-out-notice-going-live" {
		t.Errorf("%q, %v", o.Name(), err)
	}
	if _, err := s.Message(rules.OptInForm, Filled, pr, rules.Proceed, DefaultBudget); err == nil {
		t.Error("the opt-in form has no message")
	}
}

func TestIfSections(t *testing.T) {
	body := "{practice name}\n::: if {practice email}\nemail {practice email}\n:::\n::: if no {practice email}\nno email: call\n:::\nend\n"
	s, err := Load(withMessage(t, rules.DPIAUpdate, body))
	if err != nil {
		t.Fatal(err)
	}
	pr := samplePractice(t)
	m, err := s.Message(rules.DPIAUpdate, "", pr, rules.DeferDPIA, DefaultBudget)
	if err != nil || m.Text != "Meadowbank Surgery\nemail meadowbank.surgery@example.com\nend" {
		t.Errorf("with an email: %q, %v", m.Text, err)
	}
	pr.Email = "  "
	m, err = s.Message(rules.DPIAUpdate, "", pr, rules.DeferDPIA, DefaultBudget)
	if err != nil || m.Text != "Meadowbank Surgery\nno email: call\nend" {
		t.Errorf("without an email: %q, %v", m.Text, err)
	}

	// Inside a variant section; and in a letter.
	body = "::: variant going-live\n::: if no {practice website}\nno site\n:::\nlive\n:::\n::: variant default\nother\n:::\n"
	s, err = Load(withMessage(t, rules.OptOutNotice, body))
	if err != nil {
		t.Fatal(err)
	}
	m, err = s.Message(rules.OptOutNotice, GoingLive, pr, rules.Proceed, DefaultBudget)
	if err != nil || m.Text != "live" {
		t.Errorf("with a website: %q, %v", m.Text, err)
	}
	pr.Website = ""
	if m, err = s.Message(rules.OptOutNotice, GoingLive, pr, rules.Proceed, DefaultBudget); err != nil || m.Text != "no site\nlive" {
		t.Errorf("without a website: %q, %v", m.Text, err)
	}
	if m, err = s.Message(rules.OptOutNotice, Deferred, pr, rules.DeferBooked, DefaultBudget); err != nil || m.Text != "other" {
		t.Errorf("other variant: %q, %v", m.Text, err)
	}
	ls, err := Load(withBody(t, rules.DPIAUpdate, "{salutation}\n::: if no {practice email}\nCall us.\n:::\n::: if {practice email}\nEmail us.\n:::\n"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := ls.Patient(rules.DPIAUpdate, "", SamplePatient(), pr, rules.DeferDPIA, nil)
	if err != nil || len(l.Body) != 2 || l.Body[1].Text() != "Call us." {
		t.Errorf("letter: %v, %v", l.Body, err)
	}

	for _, tc := range []struct{ body, want string }{
		{"::: if practice email\nx\n:::\n", `dpia-update.message.txt:1: "::: if" needs one field in braces`},
		{"::: if {practice emial}\nx\n:::\n", "dpia-update.message.txt:1: unknown field {practice emial} (did you mean {practice email}?)"},
		{"::: if {practice email}\nx\n", `dpia-update.message.txt:1: "::: if" is never closed`},
		{"::: if {practice email}\n::: variant default\nx\n:::\n:::\n", `dpia-update.message.txt:2: a "::: variant" section must not be inside another section or box`},
	} {
		_, err := Load(withMessage(t, rules.DPIAUpdate, tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v\nwant %q", tc.body, err, tc.want)
		}
	}
}

func TestOverBudget(t *testing.T) {
	line := strings.Repeat("word ", 30) // 150 characters
	body := "<!-- note -->\n{practice name}\n" + line + "\n" + line + "\n" + line + "\n"
	s, err := Load(withMessage(t, rules.DPIAUpdate, body))
	if err != nil {
		t.Fatal(err)
	}
	pr := samplePractice(t)
	_, err = s.Message(rules.DPIAUpdate, "", pr, rules.DeferDPIA, 2)
	var p Problem
	if !errors.As(err, &p) {
		t.Fatalf("got %v, want a Problem", err)
	}
	// 18 + 1 + 149 + 1 + 149 = 318 > 306 on line 4.
	want := "dpia-update.message.txt:4: the dpia-update (defer-dpia) message is GSM-7, 468 characters, 4 fragments with this practice's details, over the budget of 2 fragments (306 characters in GSM-7): shorten it from this line on"
	if p.String() != want {
		t.Errorf("got  %s\nwant %s", p, want)
	}
	if _, err := s.Message(rules.DPIAUpdate, "", pr, rules.DeferDPIA, 4); err != nil {
		t.Errorf("budget 4: %v", err)
	}

	// A curly apostrophe in the practice name makes the whole message UCS-2.
	s = mustEmbedded(t)
	pr.Name = "St Mary’s Surgery"
	_, err = s.Message(rules.OptOutNotice, GoingLive, pr, rules.Proceed, 2)
	if err == nil || !strings.Contains(err.Error(), "opt-out-notice.message.txt:") ||
		!strings.Contains(err.Error(), "UCS-2") ||
		!strings.Contains(err.Error(), `because of '’' in {practice name}`) {
		t.Errorf("got %v", err)
	}
	ms, err := s.CheckMessages(pr, 2)
	if err == nil || len(ms) == len(Variants(rules.OptOutNotice))+len(Variants(rules.RequestAccess))+1 {
		t.Errorf("CheckMessages: %d messages, %v", len(ms), err)
	}
}

func TestMessageFilesMissingOrMisspelt(t *testing.T) {
	// A folder exported before messages existed still makes letters.
	s, err := Load(embeddedMap(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.MissingMessages(); len(got) != len(rules.PatientKinds) {
		t.Errorf("missing %v", got)
	}
	_, err = s.Message(rules.RequestAccess, "", samplePractice(t), rules.Proceed, 2)
	if err == nil || !strings.HasPrefix(err.Error(), "request-access.message.txt: missing: the text messages need it") {
		t.Errorf("got %v", err)
	}
	m := withMessage(t, rules.DPIAUpdate, "")
	m["opt-out-notice.mesage.txt"] = &fstest.MapFile{Data: []byte("x")}
	m["notes.txt"] = &fstest.MapFile{Data: []byte("my own notes")}
	_, err = Load(m)
	if err == nil || err.Error() != `opt-out-notice.mesage.txt: not a message template (did you mean "opt-out-notice.message.txt"?); message files are opt-out-notice.message.txt, request-access.message.txt, dpia-update.message.txt` {
		t.Errorf("got %v", err)
	}
}

func TestExportIncludesMessages(t *testing.T) {
	dir := t.TempDir()
	if err := Export(dir); err != nil {
		t.Fatal(err)
	}
	for _, k := range rules.PatientKinds {
		got, err := os.ReadFile(filepath.Join(dir, MessageFile(k)))
		want, _ := templates.FS.ReadFile(MessageFile(k))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: %v", MessageFile(k), err)
		}
	}
	s, err := LoadDir(dir)
	if err != nil || len(s.MissingMessages()) != 0 {
		t.Fatalf("%v, missing %v", err, s.MissingMessages())
	}
	p := filepath.Join(dir, MessageFile(rules.DPIAUpdate))
	if err := os.WriteFile(p, []byte("{practice name}: edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := s.Message(rules.DPIAUpdate, "", samplePractice(t), rules.DeferDPIA, 2); err != nil || m.Text != "Meadowbank Surgery: edited" || m.File != p {
		t.Errorf("%+v, %v", m, err)
	}
}

// TestRulesVariantsHaveMessages: every letter kind and variant the rules can produce
// has a message, and PathwayMessages gives each pathway's.
func TestRulesVariantsHaveMessages(t *testing.T) {
	s := mustEmbedded(t)
	pr := samplePractice(t)
	for _, lv := range rules.LetterVariants() {
		if _, err := s.Message(lv.Kind, lv.Variant, pr, rules.Proceed, DefaultBudget); err != nil {
			t.Errorf("%s/%s: %v", lv.Kind, lv.Variant, err)
		}
	}
	want := map[rules.Pathway][]string{
		rules.MissedDate:         {"request-access", "opt-out-notice-planned-date"},
		rules.DeferBooked:        {"request-access", "opt-out-notice-deferred"},
		rules.Proceed:            {"request-access", "opt-out-notice-going-live"},
		rules.DeferDPIA:          {"request-access", "dpia-update"},
		rules.Batch104BeforeLive: {"opt-out-notice-going-live", "request-access"},
		rules.Batch104AfterLive:  {"opt-out-notice-switch-on-date", "opt-out-notice-first-connection", "request-access"},
		rules.ManualEnable:       {"request-access", "opt-out-notice-switch-on-date", "opt-out-notice-first-connection"},
	}
	for _, pw := range rules.Pathways {
		ms, err := s.PathwayMessages(pw, pr, DefaultBudget)
		if err != nil {
			t.Fatalf("%s: %v", pw, err)
		}
		var names []string
		for _, m := range ms {
			names = append(names, m.Name())
		}
		if strings.Join(names, " ") != strings.Join(want[pw], " ") {
			t.Errorf("%s: %v, want %v", pw, names, want[pw])
		}
	}
	// With bulk 104, defer-booked's opt-out notice says a 104 is being added.
	pr.Bulk104 = true
	ms, err := s.PathwayMessages(rules.DeferBooked, pr, DefaultBudget)
	if err != nil || len(ms) != 2 || ms[1].Name() != "opt-out-notice-deferred-104" {
		t.Errorf("defer-booked with bulk 104: %v, %v", ms, err)
	}
}

// TestMessageNoteListsEveryField keeps each message file's how-to note true: it names
// every field a message may use, and no other.
func TestMessageNoteListsEveryField(t *testing.T) {
	for _, k := range rules.PatientKinds {
		src, _ := templates.FS.ReadFile(MessageFile(k))
		note, _, ok := strings.Cut(string(src), "-->")
		if !ok || !strings.HasPrefix(note, "<!--") {
			t.Fatalf("%s does not start with the how-to note", MessageFile(k))
		}
		named := map[string]bool{}
		for _, part := range strings.Split(note, "{")[1:] {
			name, _, _ := strings.Cut(part, "}")
			if strings.TrimSpace(name) != "" && !strings.HasPrefix(name, " ") {
				named[name] = true
			}
		}
		for _, f := range fieldList {
			if f.list || notInMessages(f.name) {
				if named[f.name] && f.name != "field" {
					t.Errorf("%s: the note names {%s}, which a message cannot use", MessageFile(k), f.name)
				}
				continue
			}
			if !named[f.name] {
				t.Errorf("%s: the note does not list {%s}", MessageFile(k), f.name)
			}
			delete(named, f.name)
		}
		delete(named, "field")
		for n := range named {
			t.Errorf("%s: the note names {%s}, which is not a field", MessageFile(k), n)
		}
	}
}

// TestMessageGolden keeps the text of every message, in every variant, as rendered with
// the sample practice, in golden/messages/<kind>-<variant>.txt: exactly what a practice
// would paste into its messaging service. The first line is the count.
//
// The messages that replace a letter enclosing the opt-in form are also kept as they read
// for a practice without an online request form, as <kind>-<variant>-no-form.txt.
func TestMessageGolden(t *testing.T) {
	s := mustEmbedded(t)
	const dir = "../golden/messages"
	var paths []string
	for _, pr := range []*practice.Practice{samplePractice(t), withoutForm(samplePractice(t))} {
		ms, err := s.CheckMessages(pr, DefaultBudget)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			name := string(m.Kind) + "-" + m.Variant
			if pr.RequestFormURL == "" {
				if m.Kind == rules.OptOutNotice {
					continue // no form to ask with: the same text
				}
				name += "-no-form"
			}
			p := filepath.Join(dir, name+".txt")
			paths = append(paths, p)
			golden.Check(t, p, []byte("# "+m.Count.String()+"\n"+m.Text+"\n"))
		}
	}
	golden.Stale(t, dir, ".txt", paths)
}
