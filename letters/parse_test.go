package letters

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/templates"
)

// embeddedMap returns a copy of the built-in templates that a test can edit.
func embeddedMap(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, k := range Kinds {
		src, err := templates.FS.ReadFile(fileName(k))
		if err != nil {
			t.Fatal(err)
		}
		m[fileName(k)] = &fstest.MapFile{Data: src}
	}
	return m
}

// withBody replaces kind's file by a short body after the standard note.
func withBody(t *testing.T, kind rules.Kind, body string) fstest.MapFS {
	m := embeddedMap(t)
	m[fileName(kind)] = &fstest.MapFile{Data: []byte(body)}
	return m
}

func TestLoadProblems(t *testing.T) {
	cases := []struct {
		name string
		kind rules.Kind
		body string
		want string // one line of the error
	}{
		{"unknown field with suggestion", rules.OptOutNotice,
			"{salutation}\n\nFrom {go live dat}, you can see it.\n",
			"opt-out-notice.md:3: unknown field {go live dat} (did you mean {go-live date}?)"},
		{"unknown field, case and underscores ignored", rules.OptOutNotice,
			"{Salutation}\n{PATIENT_NAME}\n{pateint name}\n",
			"opt-out-notice.md:3: unknown field {pateint name} (did you mean {patient name}?)"},
		{"unclosed field", rules.OptOutNotice,
			"line one\nFrom {go-live date, you can\n",
			`opt-out-notice.md:2: "{" is not closed with "}" on this line`},
		{"unclosed bold", rules.OptOutNotice,
			"**Bold and\nnot closed**\n",
			`opt-out-notice.md:1: "**" starts bold text that is not closed`},
		{"unclosed box", rules.OptInForm,
			"# Form\n\n::: box For practice use only\nReceived: ___\n",
			`opt-in-form.md:3: "::: box" is never closed`},
		{"unclosed variant", rules.OptOutNotice,
			"x\n::: variant going-live\ntext\n::: variant deferred\nmore\n:::\n",
			`opt-out-notice.md:4: a "::: variant" section must not be inside another section or box: close the one from line 2`},
		{"stray close", rules.DPIAUpdate,
			"text\n:::\n",
			`dpia-update.md:2: ":::" closes nothing`},
		{"unknown variant", rules.OptOutNotice,
			"::: variant going-lve\ntext\n:::\n::: variant default\nx\n:::\n",
			`opt-out-notice.md:1: unknown variant "going-lve" for opt-out-notice (did you mean "going-live"?)`},
		{"unknown block", rules.OptInForm,
			"::: boxx Practice\nx\n:::\n",
			`opt-in-form.md:1: unknown block "::: boxx"`},
		{"missing variant and no default", rules.OptOutNotice,
			"::: variant going-live\ntext\n:::\n",
			`opt-out-notice.md: no "::: variant deferred" section and no "::: variant default"`},
		{"unclosed note", rules.DPIAUpdate,
			"a\n<!-- note\nb\n",
			`dpia-update.md:2: a note opened with "<!--" is never closed`},
		{"list field inline", rules.CommissionerLetter,
			"The concerns are {dpia concerns}.\n",
			"commissioner-letter.md:1: {dpia concerns} is a list: put it alone on a bullet line"},
		{"patient field in organisation letter", rules.EMISDeferralNotice,
			"Dear EMIS\n\nAbout {patient name}\n",
			"emis-deferral-notice.md:3: {patient name} cannot be used in a letter to an organisation"},
		{"patient field in blank form", rules.OptInForm,
			"# Form\nName: {patient name}\n",
			`opt-in-form.md:2: {patient name} cannot be used in the blank form: put it inside "::: variant filled"`},
		{"bare rule", rules.DPIAUpdate,
			"a\n---\nb\n",
			`dpia-update.md:2: a line of "-" on its own means nothing here; for a page break write "--- new page ---"`},
		{"two fill-ins on a line", rules.OptInForm,
			"Signature: ____ Date: ____\n",
			"opt-in-form.md:1: put each fill-in line on a line of its own"},
		{"not UTF-8", rules.DPIAUpdate,
			"ok\nCaf\xe9\n",
			"dpia-update.md:2: this line is not UTF-8 text"},
		{"count in a patient letter", rules.OptOutNotice,
			"We write to {opt-out notices} patients.\n",
			"opt-out-notice.md:1: {opt-out notices} is a count for letters to organisations"},
		{"variant inside note is ignored, line numbers kept", rules.DPIAUpdate,
			"<!--\n::: variant nonsense\n{nonsense}\n-->\n\n{nonsense}\n",
			"dpia-update.md:6: unknown field {nonsense}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(withBody(t, c.kind, c.body))
			if err == nil {
				t.Fatal("loaded without error")
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error is %T, not Problems", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n%v\nwant a line containing:\n%s", err, c.want)
			}
		})
	}
}

// "::: if" sections inside each other print only when both hold: the bulk-date request
// says the review is done only with a patient list that has no review open.
func TestNestedIfSections(t *testing.T) {
	body := "{salutation}\n\nStart.\n- one\n::: if {bulk 104}\n- two\n::: if {patients on the list}\n- three\n:::\n:::\n::: if no {bulk 104}\n- four\n:::\n- five\n"
	s, err := Load(withBody(t, rules.EMISDeferralNotice, body))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		bulk   bool
		counts *rules.Counts
		want   string
	}{
		{true, nil, "- one\n- two\n- five\n"},
		{true, SampleCounts(), "- one\n- two\n- three\n- five\n"},
		{false, SampleCounts(), "- one\n- four\n- five\n"},
	} {
		pr := SamplePractice()
		pr.Bulk104 = c.bulk
		l, err := s.Organisation(rules.EMISDeferralNotice, pr, "", c.counts)
		if err != nil {
			t.Fatal(err)
		}
		if text := plain(l); !strings.Contains(text, c.want) {
			t.Errorf("bulk 104 %v, counts %v: want %q in\n%s", c.bulk, c.counts != nil, c.want, text)
		}
	}
	if _, err := Load(withBody(t, rules.OptInForm, "::: box Practice\n::: if {bulk 104}\nx\n:::\n:::\n")); err == nil ||
		!strings.Contains(err.Error(), `opt-in-form.md:2: an "::: if" section must not be inside a box`) {
		t.Errorf("if inside a box: %v", err)
	}
}

func TestLoadMissingAndStrayFiles(t *testing.T) {
	m := embeddedMap(t)
	delete(m, "request-access.md")
	m["opt-out-notise.md"] = &fstest.MapFile{Data: []byte("x")}
	m["README.md"] = &fstest.MapFile{Data: []byte("notes")}
	m["notes.txt"] = &fstest.MapFile{Data: []byte("notes")}
	_, err := Load(m)
	if err == nil {
		t.Fatal("loaded")
	}
	for _, want := range []string{
		"request-access.md: missing: every letter kind needs its template file",
		`opt-out-notise.md: not a letter kind (did you mean "opt-out-notice.md"?)`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error:\n%v\nwant %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "README") || strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("README.md and other files should be ignored: %v", err)
	}
}

func TestLoadDirNamesFilesWithFolder(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), dir+"/opt-out-notice.md: missing") {
		t.Errorf("err = %v", err)
	}
}

func TestAllProblemsReportedInOrder(t *testing.T) {
	m := embeddedMap(t)
	m["dpia-update.md"] = &fstest.MapFile{Data: []byte("{a}\n{b}\n")}
	m["bulk-date-request.md"] = &fstest.MapFile{Data: []byte("{c}\n")}
	_, err := Load(m)
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 3 {
		t.Fatalf("err = %v", err)
	}
	if ps[0].File != "bulk-date-request.md" || ps[1].Line != 1 || ps[2].Line != 2 {
		t.Errorf("order: %v", ps)
	}
}

func TestCheckFindsRenderProblems(t *testing.T) {
	// The built-in set passes; an edited copy with a typo fails with file and line.
	if err := check(Load(embeddedMap(t))); err != nil {
		t.Fatal(err)
	}
	m := withBody(t, rules.BulkDateRequest, "Dear {icb contact}\n{go-live dat}\n")
	if err := check(Load(m)); err == nil || !strings.Contains(err.Error(), "bulk-date-request.md:2: unknown field {go-live dat} (did you mean {go-live date}?)") {
		t.Errorf("err = %v", err)
	}
}

func TestSyntax(t *testing.T) {
	body := "<!-- note -->\n" +
		"# Title {practice name}\n" +
		"A **bold {practice phone}** word \\{not a field\\} and \\*\\*stars.\n" +
		"Next line\n" +
		"\n" +
		"- item\n" +
		"- {dpia concerns}\n" +
		"[ ] tick me\n" +
		"Signature: _____\n" +
		"--- New Page ---\n" +
		"::: box For practice use only\n" +
		"Received: ___\n" +
		":::\n" +
		"::: variant defer-dpia proceed\n" +
		"only in these\n" +
		":::\n" +
		"::: variant default\n" +
		"default text\n" +
		":::\n"
	s, err := Load(withBody(t, rules.DPIAUpdate, body))
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := s.render(rules.DPIAUpdate, string(rules.DeferDPIA), PracticeFields(SamplePractice()))
	if err != nil {
		t.Fatal(err)
	}
	got := plain(Letter{Body: blocks})
	want := `DATE  

# Title Riverside Surgery
A **bold 0113 496 0000** word {not a field} and **stars.
Next line

- item
- Patients may be pressured by others to show their record.
- Some records hold information about other people.
[ ] tick me
Signature: ________

--- new page ---

+-- For practice use only
| 
| Received: ________
+--

only in these
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	blocks, err = s.render(rules.DPIAUpdate, string(rules.MissedDate), PracticeFields(SamplePractice()))
	if err != nil {
		t.Fatal(err)
	}
	if got := plain(Letter{Body: blocks}); !strings.HasSuffix(got, "default text\n") || strings.Contains(got, "only in these") {
		t.Errorf("default section not used:\n%s", got)
	}
	// Heading; "A bold" directly under it; "Next line"; "- item" after a blank line.
	if blocks[0].Tight || !blocks[1].Tight || !blocks[2].Tight || blocks[3].Tight {
		t.Errorf("tight: %v %v %v %v", blocks[0].Tight, blocks[1].Tight, blocks[2].Tight, blocks[3].Tight)
	}
}

// TestNoteListsEveryField keeps the how-to note at the top of each file true: it names
// every field, and no field that does not exist.
func TestNoteListsEveryField(t *testing.T) {
	for _, k := range Kinds {
		src, err := templates.FS.ReadFile(fileName(k))
		if err != nil {
			t.Fatal(err)
		}
		note, _, ok := strings.Cut(string(src), "-->")
		if !ok || !strings.HasPrefix(note, "<!--") {
			t.Fatalf("%s does not start with the how-to note", k)
		}
		named := map[string]bool{}
		for _, part := range strings.Split(note, "{")[1:] {
			name, _, _ := strings.Cut(part, "}")
			named[name] = true
		}
		for _, f := range FieldNames() {
			if !named[f] {
				t.Errorf("%s: the note does not list {%s}", k, f)
			}
			delete(named, f)
		}
		delete(named, "field") // "::: if {field}" in the list of what a line can be
		for n := range named {
			if n != "" && !strings.HasPrefix(n, "  ") {
				t.Errorf("%s: the note names {%s}, which is not a field", k, n)
			}
		}
	}
}
