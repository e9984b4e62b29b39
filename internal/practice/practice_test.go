package practice

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/accesspack/accesspack/internal/civil"
	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
)

func date(y int, m time.Month, d int) civil.Date { return civil.New(y, m, d) }

const full = `# every key
name = "Meadowbank Surgery"
ods_code = "y99999"
address = ["14 Meadowbank Road", "", "Leeds", "LS16 5QX"]
phone = "0113 496 0123"
email = "a@example.com"
website = "https://example.com"
info_url = "https://example.com/access"
pathway = "Defer-DPIA"
go_live = 2027-01-15
letter_date = "2026-12-01"
reply_by = 2027-01-05
switch_on = 2027-01-07
working_days = 15
bulk_104 = true

[signatory]
name = "Dr H Ashworth"
role = "GP Partner"

[icb]
name = "NHS Example ICB"
address = [
  "Example House", # a comment with = and [brackets]
  "Leeds LS1 4ZZ",
]
contact = "Primary Care IT"
email = "icb@example.com"

[emis]
name = "EMIS Health"
address = ["Yeadon", "LS19 9ZZ"]
contact = "Bulk Team"
email = "emis@example.com"
reference = "EMIS-4411"
confirm_by = 2027-01-08
told = 2026-11-20

[dpia]
date = 2026-10-20
concerns = ["one = two", "three"]
review_date = 2027-04-20

[window]
left_mm = 25
top_mm = 50.5
width_mm = 85
height_mm = 35

[headers]
nhs_number = "NHS No."
"104" = "Enhanced review"
`

func TestParseEveryField(t *testing.T) {
	p, err := Parse([]byte(full), "practice.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Practice{
		Name: "Meadowbank Surgery", ODS: "Y99999",
		Address: []string{"14 Meadowbank Road", "Leeds", "LS16 5QX"},
		Phone:   "0113 496 0123", Email: "a@example.com", Website: "https://example.com",
		InfoURL:       "https://example.com/access",
		Signatory:     Person{Name: "Dr H Ashworth", Role: "GP Partner"},
		ICB:           Organisation{Name: "NHS Example ICB", Address: []string{"Example House", "Leeds LS1 4ZZ"}, Contact: "Primary Care IT", Email: "icb@example.com"},
		EMIS:          Organisation{Name: "EMIS Health", Address: []string{"Yeadon", "LS19 9ZZ"}, Contact: "Bulk Team", Email: "emis@example.com"},
		EMISReference: "EMIS-4411", EMISConfirmBy: date(2027, 1, 8), EMISTold: date(2026, 11, 20),
		Pathway: "defer-dpia",
		GoLive:  date(2027, 1, 15), LetterDate: date(2026, 12, 1), ReplyBy: date(2027, 1, 5),
		SwitchOn: date(2027, 1, 7), WorkingDays: 15,
		Bulk104: true,
		DPIA:    DPIA{Date: date(2026, 10, 20), Concerns: []string{"one = two", "three"}, ReviewDate: date(2027, 4, 20)},
		Window:  Window{Left: 25, Top: 50.5, Width: 85, Height: 35},
		Headers: map[string]string{"nhs_number": "NHS No.", "104": "Enhanced review"},
	}
	want.src = p.src
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", *p, *want)
	}
	if err := p.Check(NeedAll); err != nil {
		t.Errorf("Check: %v", err)
	}
	if w := p.Warnings(NeedAll); len(w) != 0 {
		t.Errorf("Warnings: %v", w)
	}
	if p.File() != "practice.toml" {
		t.Errorf("File() = %q", p.File())
	}
}

func TestParseDefaults(t *testing.T) {
	p, err := Parse([]byte("\ufeffname = \"X\"\n"), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Window != DefaultWindow {
		t.Errorf("window %+v, want the default %+v", p.Window, DefaultWindow)
	}
	if p.Bulk104 {
		t.Error("bulk 104 is on without being chosen")
	}
	p, err = Parse([]byte("[window]\ntop_mm = 50\n"), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Window{Left: 20, Top: 50, Width: 90, Height: 40}); p.Window != want {
		t.Errorf("window %+v, want %+v (only top changed)", p.Window, want)
	}
}

// TestParseErrors: every problem Parse finds names the file, the line and, when there is
// one, the key; hints help a practice manager fix it.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		name, text string
		line       int
		key        string
		problem    string // substring
		hint       string // substring
	}{
		{"unknown key, Windows line ends", "name = \"X\"\r\n\r\nnmae = \"Y\"\r\n", 3, "nmae", "unknown key", "did you mean name?"},
		{"unknown top-level key", "name = \"X\"\n\nnmae = \"Y\"\n", 3, "nmae", "unknown key", "did you mean name?"},
		{"unknown key in table", "name = \"X\"\n[icb]\nname = \"I\"\nemial = \"e\"\n", 4, "icb.emial", "unknown key", "did you mean icb.email?"},
		{"unknown key, no near match", "[window]\ncolour = \"red\"\n", 2, "window.colour", "unknown key", "left_mm, top_mm, width_mm, height_mm"},
		{"unknown table", "name = \"X\"\n\n[printer]\nduplex = true\n", 3, "printer", "unknown key", ""},
		{"unknown dotted key", "signatory.title = \"Dr\"\n", 1, "signatory.title", "unknown key", ""},
		{"unknown key after multi-line array", "address = [\n  \"a = b\",\n  \"c\",\n]\nfoo = 1\n", 5, "foo", "unknown key", ""},
		{"unknown key after multi-line string", "name = \"\"\"\nfoo = 1\n\"\"\"\nfoo = 2\n", 4, "foo", "unknown key", ""},
		{"nested table in headers", "[headers]\nnhs = \"N\"\n[headers.more]\nx = \"y\"\n", 3, "headers.more", "should be text", ""},
		{"syntax: unquoted text", "name = Meadowbank Surgery\n", 1, "name", "not valid TOML", "double quotes"},
		{"syntax: unclosed table", "name = \"X\"\n[icb\nname = \"I\"\n", 2, "", "not valid TOML", ""},
		{"syntax: not UTF-8", "name = \"X\"\nphone = \"caf\xe9\"\n", 2, "phone", "not valid TOML", "save the file as UTF-8"},
		{"syntax: repeated key", "name = \"X\"\nphone = \"1\"\nname = \"Y\"\n", 3, "name", "not valid TOML", ""},
		{"wrong type: number for text", "name = \"X\"\nphone = 1134960123\n", 2, "phone", "should be text", "phone = \"…\""},
		{"syntax: phone number without quotes", "name = \"X\"\nphone = 0113 496 0123\n", 2, "phone", "not valid TOML", "double quotes"},
		{"wrong type: text for list", "address = \"1 High St, Leeds\"\n", 1, "address", "should be a list", "square brackets"},
		{"wrong type: list item", "[dpia]\nconcerns = [\"a\", 2]\n", 2, "dpia.concerns", "item 2", ""},
		{"wrong type: bad quoted date", "go_live = \"15/01/2027\"\n", 1, "go_live", "YYYY-MM-DD", "go_live = 2027-01-15"},
		{"wrong type: date with time", "letter_date = 2026-12-01T09:00:00\n", 1, "letter_date", "without a time", ""},
		{"wrong type: number for date", "reply_by = 20270105\n", 1, "reply_by", "should be a date", ""},
		{"wrong type: bool", "bulk_104 = \"maybe\"\n", 1, "bulk_104", "true or false", ""},
		{"wrong type: window text", "[window]\nleft_mm = \"20mm\"\n", 2, "window.left_mm", "number of millimetres", ""},
		{"not a number: nan", "[window]\nwidth_mm = 90\nleft_mm = nan\n", 3, "window.left_mm", "should be a number of millimetres, not NaN", "left_mm = 20"},
		{"not a number: inf", "[window]\ntop_mm = -inf\n", 2, "window.top_mm", "not -Inf", "top_mm = 20"},
		{"not a number: inline nan", "window = { height_mm = +nan }\n", 1, "window.height_mm", "not NaN", ""},
		{"wrong type: table as text", "icb = \"NHS Example\"\n", 1, "icb", "should be a table", "[icb]"},
		{"wrong type: header not text", "[headers]\nnhs = 1\n", 2, "headers.nhs", "should be text", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.text), "practice.toml")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T), want *practice.Error", err, err)
			}
			if e.File != "practice.toml" || e.Line != c.line || e.Key != c.key {
				t.Errorf("at %s:%d key %q, want practice.toml:%d key %q", e.File, e.Line, e.Key, c.line, c.key)
			}
			if !strings.Contains(e.Problem, c.problem) || !strings.Contains(e.Hint, c.hint) {
				t.Errorf("problem %q hint %q, want them to contain %q and %q", e.Problem, e.Hint, c.problem, c.hint)
			}
			if !strings.HasPrefix(e.Error(), "practice.toml:") {
				t.Errorf("Error() = %q", e.Error())
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	for _, c := range []struct {
		e    Error
		want string
	}{
		{Error{File: "p.toml", Line: 12, Key: "icb.nmae", Problem: "unknown key", Hint: "h"}, "p.toml:12: icb.nmae: unknown key"},
		{Error{File: "p.toml", Key: "phone", Problem: "missing"}, "p.toml: phone: missing"},
		{Error{Key: "--go-live", Problem: "bad"}, "--go-live: bad"},
		{Error{File: "p.toml", Line: 3, Problem: "not valid TOML"}, "p.toml:3: not valid TOML"},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "practice.toml")
	if err := os.WriteFile(path, []byte(full), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path)
	if err != nil || p.Name != "Meadowbank Surgery" || p.File() != path {
		t.Fatalf("Load: %v, %+v", err, p)
	}
	_, err = Load(filepath.Join(dir, "missing.toml"))
	var e *Error
	if !errors.As(err, &e) || e.Problem != "no such file" || !strings.Contains(e.Hint, "accesspack init") {
		t.Errorf("missing file: %#v", err)
	}
}

// TestCheckMissing: a missing required value names its key, the line of its table when
// the table is present, and says why it is needed.
func TestCheckMissing(t *testing.T) {
	base := func(edit func(string) string) string { return edit(full) }
	drop := func(lines ...string) func(string) string {
		return func(s string) string {
			for _, l := range lines {
				if !strings.Contains(s, l+"\n") {
					panic("test text has no line " + l)
				}
				s = strings.Replace(s, l+"\n", "", 1)
			}
			return s
		}
	}
	for _, c := range []struct {
		name string
		text string
		need Need
		key  string
		line int
	}{
		{"name", base(drop(`name = "Meadowbank Surgery"`)), NeedPatientLetters, "name", 0},
		{"ods", base(drop(`ods_code = "y99999"`)), NeedPatientLetters, "ods_code", 0},
		{"address", base(drop(`address = ["14 Meadowbank Road", "", "Leeds", "LS16 5QX"]`)), NeedPatientLetters, "address", 0},
		{"phone", base(drop(`phone = "0113 496 0123"`)), NeedPatientLetters, "phone", 0},
		{"pathway", base(drop(`pathway = "Defer-DPIA"`)), NeedRules, "pathway", 0},
		{"go-live", base(drop(`go_live = 2027-01-15`)), NeedRules, "go_live", 0},
		{"letter date for dpia bulk 104", base(drop(`letter_date = "2026-12-01"`)), NeedRules, "letter_date", 0},
		{"letter date for letters", base(drop(`letter_date = "2026-12-01"`)), NeedPatientLetters, "letter_date", 0},
		{"signatory", base(drop(`name = "Dr H Ashworth"`)), NeedPatientLetters, "signatory.name", 17},
		{"dpia date", base(drop(`date = 2026-10-20`)), NeedOrganisationLetters, "dpia.date", 39},
		{"dpia concerns", base(drop(`concerns = ["one = two", "three"]`)), NeedOrganisationLetters, "dpia.concerns", 39},
		{"icb name", base(drop(`name = "NHS Example ICB"`)), NeedOrganisationLetters, "icb.name", 21},
		{"icb table", full[:strings.Index(full, "[icb]")] + full[strings.Index(full, "[emis]"):], NeedOrganisationLetters, "icb", 0},
		{"emis for defer-booked", strings.Replace(base(drop(`name = "EMIS Health"`)), "Defer-DPIA", "defer-booked", 1), NeedOrganisationLetters, "emis.name", 30},
		{"bad ods", strings.Replace(full, "y99999", "Y9999", 1), 0, "ods_code", 3},
		{"unknown pathway", strings.Replace(full, "Defer-DPIA", "defer-dpai", 1), 0, "pathway", 9},
		{"after-live in the future", strings.Replace(full, "Defer-DPIA", "batch104-after-live", 1), NeedRules, "go_live", 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse([]byte(c.text), "practice.toml")
			if err != nil {
				t.Fatal(err)
			}
			err = p.Check(c.need)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Check: %v, want a *practice.Error", err)
			}
			if e.Key != c.key || e.Line != c.line || e.File != "practice.toml" {
				t.Errorf("%s:%d key %q, want line %d key %q (%s; hint %s)", e.File, e.Line, e.Key, c.line, c.key, e.Problem, e.Hint)
			}
			if e.Problem == "" || (strings.HasPrefix(e.Problem, "missing") && e.Hint == "") {
				t.Errorf("problem %q hint %q", e.Problem, e.Hint)
			}
			if got := p.Problems(c.need); len(got) != 1 {
				t.Errorf("Problems: %v, want just this one", got)
			}
		})
	}
	if err := (&Practice{Window: DefaultWindow}).Check(0); err != nil {
		t.Errorf("an empty practice with no needs: %v", err)
	}
	probs := (&Practice{Window: DefaultWindow}).Problems(NeedAll)
	if len(probs) < 7 {
		t.Errorf("an empty practice has only %d problems: %v", len(probs), probs)
	}
	if probs[0].Key != "name" || probs[0].File != "" {
		t.Errorf("first problem %+v", probs[0])
	}
	// batch104-after-live checks ages on the letter date: its past go-live date is optional.
	after := &Practice{Pathway: "batch104-after-live", LetterDate: date(2026, 12, 1), Window: DefaultWindow}
	if err := after.Check(NeedRules); err != nil {
		t.Errorf("batch104-after-live without go_live: %v", err)
	}
	if e := (&Practice{Pathway: "defer-dpai", Window: DefaultWindow}).Check(0).(*Error); e.Hint != "did you mean defer-dpia?" {
		t.Errorf("pathway hint %q", e.Hint)
	}
}

func TestWindow(t *testing.T) {
	for _, c := range []struct {
		window string
		key    string // "" when good
	}{
		{"", ""},
		{"left_mm = 5\ntop_mm = 5\nwidth_mm = 200\nheight_mm = 269", ""}, // the most the page allows
		{"left_mm = 0\ntop_mm = 0\nwidth_mm = 210\nheight_mm = 297", "window.left_mm"},
		{"left_mm = 4.9", "window.left_mm"},
		{"top_mm = 4", "window.top_mm"},
		{"width_mm = 10", "window.width_mm"},
		{"left_mm = 116", "window.width_mm"}, // 206 mm: inside A4, not inside its margin
		{"top_mm = 240", "window.height_mm"}, // 280 mm: into the footer
		{"left_mm = -1", "window.left_mm"},
		{"top_mm = -5", "window.top_mm"},
		{"width_mm = 0", "window.width_mm"},
		{"height_mm = 5", "window.height_mm"},
		{"left_mm = 130", "window.width_mm"},
		{"width_mm = 200", "window.width_mm"},
		{"top_mm = 260", "window.height_mm"},
	} {
		p, err := Parse([]byte("[window]\n"+c.window+"\n"), "p.toml")
		if err != nil {
			t.Fatal(err)
		}
		err = p.Check(0)
		var e *Error
		switch {
		case c.key == "" && err != nil:
			t.Errorf("%q: %v", c.window, err)
		case c.key != "" && (!errors.As(err, &e) || e.Key != c.key || e.Line == 0 || !strings.Contains(e.Hint, "calibrate")):
			t.Errorf("%q: %#v, want an error at %s", c.window, err, c.key)
		}
	}
}

func TestOverrides(t *testing.T) {
	p, err := Parse([]byte(full), "practice.toml")
	if err != nil {
		t.Fatal(err)
	}
	before := *p
	pw, gl, ld, no := "Batch104-After-Live", date(2026, 6, 1), date(2026, 12, 2), false
	p.Apply(Overrides{Pathway: &pw, GoLive: &gl, LetterDate: &ld, Bulk104: &no})
	if p.Pathway != "batch104-after-live" || p.GoLive != gl || p.LetterDate != ld || p.Bulk104 {
		t.Errorf("after Apply: %s %s %s %v", p.Pathway, p.GoLive, p.LetterDate, p.Bulk104)
	}
	if p.Name != before.Name || p.ReplyBy != before.ReplyBy {
		t.Error("Apply changed values it was not given")
	}
	if err := p.Check(NeedAll); err != nil {
		t.Errorf("Check after Apply: %v", err)
	}
	// A problem with an overridden value names the flag, not the file.
	bad := date(2027, 6, 1)
	p.Apply(Overrides{GoLive: &bad})
	var e *Error
	if err := p.Check(NeedRules); !errors.As(err, &e) || e.Key != "--go-live" || e.File != "" || e.Line != 0 {
		t.Errorf("go-live after the letter date, from a flag: %#v", err)
	}
	// The copy taken before Apply still points at the file.
	before.GoLive = bad
	before.Pathway = "batch104-after-live"
	if err := before.Check(NeedRules); !errors.As(err, &e) || e.Key != "go_live" || e.Line != 10 {
		t.Errorf("copy from before Apply: %#v", err)
	}
	// Nothing given: nothing changes.
	q, _ := Parse([]byte(full), "practice.toml")
	q.Apply(Overrides{})
	q.src = p.src
	r, _ := Parse([]byte(full), "practice.toml")
	r.src = p.src
	if !reflect.DeepEqual(q, r) {
		t.Error("empty Overrides changed the practice")
	}
	// Works on a practice built in code.
	var z Practice
	z.Apply(Overrides{Pathway: &pw})
	if z.Pathway != "batch104-after-live" {
		t.Error("Apply on a zero Practice")
	}
}

func TestWarnings(t *testing.T) {
	p, err := Parse([]byte("name = \"X\"\npathway = \"proceed\"\ngo_live = 2026-11-01\nletter_date = 2026-12-01\nreply_by = 2026-11-20\n"), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, w := range p.Warnings(NeedAll) {
		got[w.Key] = true
		if w.Line == 0 && (w.Key == "go_live" || w.Key == "reply_by") {
			t.Errorf("warning without a line: %v", w)
		}
	}
	for _, k := range []string{"email", "website", "info_url", "go_live", "reply_by"} {
		if !got[k] {
			t.Errorf("no warning for %s; got %v", k, got)
		}
	}
}

func TestExampleAndSample(t *testing.T) {
	ex, err := Parse([]byte(Example), ExampleName)
	if err != nil {
		t.Fatalf("the example practice file does not parse: %v", err)
	}
	for _, k := range []string{"[window]", "[headers]", "left_mm", "envelope", "calibrate", "nhs_number"} {
		if !strings.Contains(Example, k) {
			t.Errorf("the example does not explain %q", k)
		}
	}
	sample, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	if sample.Name != "Meadowbank Surgery" || sample.Pathway != "proceed" ||
		sample.GoLive != date(2027, 1, 15) || sample.LetterDate != date(2026, 12, 1) ||
		sample.ReplyBy != date(2027, 1, 5) || len(sample.DPIA.Concerns) < 2 ||
		!odsFormat.MatchString(sample.ODS) || sample.Window != DefaultWindow {
		t.Errorf("sample: %+v", sample)
	}
	again, _ := Sample()
	again.Name = "changed"
	if s, _ := Sample(); s.Name != "Meadowbank Surgery" {
		t.Error("Sample returns a shared value")
	}
	if string(SampleTOML()) != string(sampleTOML) {
		t.Error("SampleTOML")
	}
	for name, p := range map[string]*Practice{"example": ex, "sample": sample} {
		for _, pw := range PathwayNames {
			q := *p
			pw := pw
			q.Apply(Overrides{Pathway: &pw})
			if pw == pathwayBatchAfter {
				past := date(2026, 6, 1)
				q.Apply(Overrides{GoLive: &past})
			}
			if err := q.Check(NeedAll); err != nil {
				t.Errorf("%s with pathway %s: %v", name, pw, err)
			}
			if w := q.Warnings(NeedAll); len(w) > 0 {
				t.Errorf("%s with pathway %s: warnings %v", name, pw, w)
			}
		}
	}
}

// TestKeyPositions: go-toml's parser gives the line of every key, in tables, dotted,
// quoted, inline and after multi-line values.
func TestKeyPositions(t *testing.T) {
	text := `a = 1
[t]  # comment
b.c = "x = y"
"quoted key" = 2
d = { e = 1 }
arr = [
  1, # ] not the end
  2,
]
s = """
f = 3
"""
g = 'it is' # a literal string
[[list]]
h = 1
`
	_, got := keyPositions([]byte(text))
	want := map[string]int{"a": 1, "t": 2, "t.b": 3, "t.b.c": 3, "t.quoted key": 4, "t.d": 5, "t.d.e": 5,
		"t.arr": 6, "t.s": 10, "t.g": 13, "list": 14, "list.h": 15}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}
