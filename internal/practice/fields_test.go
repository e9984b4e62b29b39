package practice

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
)

// withPrintBy is the practice field table with one more entry, as a next feature might
// add it, kept in a field Practice already has (the reply-by date) so the test needs no
// new struct field.
func withPrintBy() *schema {
	extra := Field{
		Key: "print_by", Label: "Print-by date", Kind: Date, Section: secPlan,
		Help: "The day the letters must be printed by.", Note: "The date the letters must be printed by.", Example: "2027-01-20",
		Columns:   []string{"Print-by Date"},
		Templates: []Template{{Name: "print-by date", About: "the day the letters are printed by", Required: true}},
		Required:  []Requirement{{Need: NeedPatientLetters, Pathways: []string{pathwayProceed}, Why: "the letters say when they were printed"}},
		Missing:   "add print_by = 2027-01-20",
		Value:     func(p *Practice) any { return &p.ReplyBy },
	}
	s := &schema{tables: tables}
	for _, f := range fields {
		s.fields = append(s.fields, f)
		if f.Key == "reply_by" {
			s.fields = append(s.fields, extra)
		}
	}
	return s
}

// TestTableDrivesDecodingAndExample: one entry added to the table is in the example file
// `init` writes (note and value, after the reply-by date), is read from the file, is
// suggested for a misspelt key and is asked for when missing. The practices-list columns
// and the template fields are derived in internal/orgs and letters, and tested there.
func TestTableDrivesDecodingAndExample(t *testing.T) {
	s := withPrintBy()
	ex := s.example()
	if !strings.Contains(ex, "reply_by = 2027-01-05\n\n# The date the letters must be printed by.\nprint_by = 2027-01-20\n\n# batch104-after-live only") {
		t.Errorf("the example does not have print_by, with its note, after reply_by:\n%s", ex)
	}
	if strings.Contains(Example, "print_by") {
		t.Error("the practice file's own example has the test's field")
	}
	p, err := s.parse([]byte(ex), "p.toml")
	if err != nil {
		t.Fatalf("the example with the new field does not parse: %v", err)
	}
	if want := civil.New(2027, 1, 20); p.ReplyBy != want {
		t.Errorf("print_by read as %v, want %v", p.ReplyBy, want)
	}
	_, err = s.parse([]byte("pritn_by = 2027-01-20\n"), "p.toml")
	var e *Error
	if !errors.As(err, &e) || e.Hint != "did you mean print_by?" || e.Line != 1 {
		t.Errorf("misspelt key: %#v", err)
	}
	if _, err := std.parse([]byte("print_by = 2027-01-20\n"), "p.toml"); err == nil {
		t.Error("the practice file's own table accepts the test's key")
	}
	p, err = s.parse([]byte("pathway = \"proceed\"\n"), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	c := checker{s: s, p: p}
	c.check(NeedPatientLetters)
	found := false
	for _, e := range c.errs {
		if e.Key == "print_by" {
			found = true
			if e.Problem != "missing: the letters say when they were printed" || e.Hint != "add print_by = 2027-01-20" {
				t.Errorf("missing print_by: %+v", e)
			}
		}
	}
	if !found {
		t.Errorf("print_by is not asked for: %v", c.errs)
	}
}

// TestTableIsConsistent: every entry keeps its value where its Kind says, is in a known
// section and table, and the example of each parses back to the field's value.
func TestTableIsConsistent(t *testing.T) {
	want := map[Kind]string{Text: "*string", Choice: "*string", Lines: "*[]string", Date: "*civil.Date",
		YesNo: "*bool", Millimetres: "*float64", Number: "*float64", ColumnNames: "*map[string]string"}
	var p Practice
	seen := map[string]bool{}
	for _, f := range Fields() {
		if got := fmt.Sprintf("%T", f.Value(&p)); got != want[f.Kind] {
			t.Errorf("%s: %s value kept in %s, want %s", f.Key, f.Kind, got, want[f.Kind])
		}
		if seen[f.Key] {
			t.Errorf("%s: twice in the table", f.Key)
		}
		seen[f.Key] = true
		if f.Label == "" || f.Help == "" || f.Example == "" {
			t.Errorf("%s: no label, help or example", f.Key)
		}
		if !strings.Contains(f.Key, ".") && f.Kind != ColumnNames && f.Section == "" {
			t.Errorf("%s: no section", f.Key)
		}
		if tb := f.table(); tb != "" && !std.isTable(tb) {
			t.Errorf("%s: table %q is not in Tables", f.Key, tb)
		}
		if len(f.Required) > 0 && !f.Required[0].Warn && f.Missing == "" {
			t.Errorf("%s: required but no Missing hint", f.Key)
		}
		if f.Flag != "" && ForFlag(f.Flag) != Lookup(f.Key) {
			t.Errorf("%s: ForFlag(%s)", f.Key, f.Flag)
		}
		for _, tm := range f.Templates {
			if ForTemplate(tm.Name) != Lookup(f.Key) {
				t.Errorf("%s: ForTemplate(%s)", f.Key, tm.Name)
			}
		}
	}
	for _, sec := range Sections() {
		if !strings.Contains(Example, "# --- "+sec.Title+" ---") {
			t.Errorf("the example has no heading for %q", sec.Title)
		}
	}
	ex, err := Parse([]byte(Example), ExampleName)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Fields() { // the example's values are all there (bulk_104 = false)
		if f.Kind == ColumnNames || f.Kind == YesNo || f.commented {
			continue
		}
		if !f.IsSet(ex) {
			t.Errorf("%s: the example gives no value", f.Key)
		}
	}
}

// TestSet: a form sets a value from text with the same checks and messages as the file.
func TestSet(t *testing.T) {
	var p Practice
	for _, c := range []struct {
		key, in string
		want    any
		problem string // "" when accepted
	}{
		{"name", "  Oak Surgery ", "Oak Surgery", ""},
		{"ods_code", "y99999", "Y99999", ""},
		{"pathway", "Defer-DPIA", "defer-dpia", ""},
		{"address", "1 High St\r\n\nLeeds\n", []string{"1 High St", "Leeds"}, ""},
		{"go_live", "2027-01-15", civil.New(2027, 1, 15), ""},
		{"go_live", "15/01/2027", nil, "YYYY-MM-DD"},
		{"bulk_104", "Yes", true, ""},
		{"bulk_104", "maybe", nil, "true or false"},
		{"window.left_mm", "25.5", 25.5, ""},
		{"window.left_mm", "nan", nil, "should be a number of millimetres, not NaN"},
		{"window.top_mm", "Inf", nil, "should be a number of millimetres, not +Inf"},
		{"window.top_mm", "20mm", nil, "not a number of millimetres"},
	} {
		f := Lookup(c.key)
		before := f.Get(&p)
		err := f.Set(&p, c.in)
		var e *Error
		switch {
		case c.problem == "" && err != nil:
			t.Errorf("%s = %q: %v", c.key, c.in, err)
		case c.problem == "" && fmt.Sprint(f.Get(&p)) != fmt.Sprint(c.want):
			t.Errorf("%s = %q: got %v, want %v", c.key, c.in, f.Get(&p), c.want)
		case c.problem != "" && (!errors.As(err, &e) || e.Key != c.key || !strings.Contains(e.Problem, c.problem) || e.Hint == ""):
			t.Errorf("%s = %q: %#v, want a problem with %q", c.key, c.in, err, c.problem)
		case c.problem != "" && fmt.Sprint(f.Get(&p)) != fmt.Sprint(before):
			t.Errorf("%s = %q: refused but changed the value to %v", c.key, c.in, f.Get(&p))
		}
	}
	if math.IsNaN(p.Window.Left) || p.Window.Left != 25.5 {
		t.Errorf("window left %v", p.Window.Left)
	}
	// What a form shows, Set reads back to the same value.
	sample, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Fields() {
		if f.Kind == ColumnNames {
			continue
		}
		var q Practice
		if err := f.Set(&q, f.String(sample)); err != nil || fmt.Sprint(f.Get(&q)) != fmt.Sprint(f.Get(sample)) {
			t.Errorf("%s: %q read back as %v (%v), want %v", f.Key, f.String(sample), f.Get(&q), err, f.Get(sample))
		}
	}
}

// TestRequirement: a form asks each field when it is needed.
func TestRequirement(t *testing.T) {
	p := &Practice{Pathway: pathwayDeferDPIA}
	for _, c := range []struct {
		key  string
		need Need
		ok   bool
		warn bool
	}{
		{"name", NeedPatientLetters, true, false},
		{"name", NeedRules, false, false},
		{"dpia.date", NeedOrganisationLetters, true, false},
		{"dpia.date", NeedPatientLetters, false, false},
		{"emis.name", NeedOrganisationLetters, false, false}, // defer-dpia writes to the ICB
		{"letter_date", NeedRules, false, false},             // not without bulk 104
		{"email", NeedPatientLetters, true, true},
	} {
		r, ok := Lookup(c.key).Requirement(p, c.need)
		if ok != c.ok || r.Warn != c.warn || (ok && r.Why == "") {
			t.Errorf("%s for %b: %+v %v, want ok %v warn %v", c.key, c.need, r, ok, c.ok, c.warn)
		}
	}
	p.Bulk104 = true
	if r, ok := Lookup("letter_date").Requirement(p, NeedRules); !ok || !strings.Contains(r.Why, "bulk 104") {
		t.Errorf("letter date with bulk 104: %+v %v", r, ok)
	}
}

// TestExampleUnchanged: the example `init` writes, now made from the table, is the file
// it wrote before, byte for byte (testdata/example.toml is that file, moved).
func TestExampleUnchanged(t *testing.T) {
	want, err := os.ReadFile("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if Example != string(want) {
		t.Errorf("the example differs from testdata/example.toml:\n%s", Example)
	}
}

// TestErrorAt: a problem found by another package (rules.Options.Validate) is placed at
// the first of its keys that a flag set, naming the flag, or else at the first key's
// line in the file, never at a flag that was not given.
func TestErrorAt(t *testing.T) {
	p, err := Parse([]byte(full), "practice.toml")
	if err != nil {
		t.Fatal(err)
	}
	e := p.ErrorAt("go-live is not after the letter date", "check both dates", "go_live", "letter_date")
	if e.File != "practice.toml" || e.Line != 10 || e.Key != "go_live" || e.Hint != "check both dates" {
		t.Errorf("from the file: %+v", e)
	}
	ld := civil.New(2027, 2, 1)
	p.Apply(Overrides{LetterDate: &ld})
	if e := p.ErrorAt("x", "", "go_live", "letter_date"); e.Key != "--letter-date" || e.File != "" || e.Line != 0 {
		t.Errorf("with --letter-date given: %+v", e)
	}
	if e := (&Practice{}).ErrorAt("x", "", "bulk_104"); e.Key != "bulk_104" || e.Error() != "bulk_104: x" {
		t.Errorf("a practice built in code: %+v", e)
	}
}
