package letters

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
)

// A field is a value a template names in braces, such as {go-live date}.
type field struct {
	name string
	// patient fields exist only in letters to patients and the filled-in opt-in form.
	patient bool
	// required fields make rendering fail when they have no value, naming the
	// template line; optional ones make the line that uses them drop out instead.
	// Patient fields are printed as they are, even when blank.
	required bool
	list     bool // several values: only on a bullet line of its own
	// run fields are counts from this run's patient list, for letters to organisations;
	// they are blank (so their lines drop out) when there is no list, as with
	// `accesspack organisations`.
	run   bool
	about string
}

// fieldList is every field a template may use, in the order FieldNames lists them: the
// practice's, from the practice field table (practice.Fields), then these.
var fieldList = append(templateFields(practice.Fields()), []field{
	{name: "switch-on date", required: true, about: "the date the practice starts switching access on itself, after the reply-by date: the go-live date for manual-enable; for batch104-after-live the day after the reply-by date"},
	{name: "patients on the list", run: true, about: "how many rows the patient list has"},
	{name: "opt-out notices", run: true, about: "how many patients get the opt-out notice"},
	{name: "request-access letters", run: true, about: "how many patients coded 104 get the letter saying they can ask for access"},
	{name: "dpia updates", run: true, about: "how many patients get the DPIA update"},
	{name: "forms enclosed", run: true, about: "how many letters enclose the opt-in form"},
	{name: "104 codes to add", run: true, about: "how many patients get a 104 code added (bulk 104)"},
	{name: "reviews open", run: true, about: "how many at-risk patients are still to be reviewed; no value when none are"},
	{name: "patients with access", run: true, about: "how many already have access and are not written to"},
	{name: "patients declined", run: true, about: "how many declined access (code 103) and are not written to"},
	{name: "patients under 16", run: true, about: "how many are under 16 and are not written to"},
	{name: "others not written to", run: true, about: "how many more are not written to, for other reasons (no address, a duplicate row, …)"},
	{name: "salutation", required: true, about: `"Dear Mrs Ashworth" for a patient, "Dear" and the contact for an organisation`},
	{name: "patient name", patient: true, about: "the patient's title, first name and surname"},
	{name: "title", patient: true, about: "the patient's title, e.g. Mrs"},
	{name: "first name", patient: true, about: "the patient's first name"},
	{name: "surname", patient: true, about: "the patient's surname"},
	{name: "date of birth", patient: true, about: "the patient's date of birth, e.g. 4 March 1961"},
	{name: "nhs number", patient: true, about: "the patient's NHS number, e.g. 999 123 4560"},
}...)

// templateFields lists the template fields of a practice field table, in its order.
func templateFields(table []practice.Field) []field {
	var out []field
	for _, pf := range table {
		for _, t := range pf.Templates {
			out = append(out, field{name: t.Name, required: t.Required, list: t.List, about: t.About})
		}
	}
	return out
}

var fields = func() map[string]field {
	m := make(map[string]field, len(fieldList))
	for _, f := range fieldList {
		m[f.name] = f
	}
	return m
}()

// FieldNames returns the names of the fields templates may use, as written in braces.
func FieldNames() []string {
	names := make([]string, len(fieldList))
	for i, f := range fieldList {
		names[i] = f.name
	}
	return names
}

// FieldHelp returns one line per field, "{name}  what it holds", for help text.
func FieldHelp() []string {
	width := 0
	for _, f := range fieldList {
		width = max(width, len(f.name)+2)
	}
	out := make([]string, len(fieldList))
	for i, f := range fieldList {
		out[i] = fmt.Sprintf("%-*s  %s", width, "{"+f.name+"}", f.about)
	}
	return out
}

// canonicalField turns what was written in braces into a field name: case and spacing
// are ignored, and an underscore counts as a space ("Patient_Name" is "patient name").
func canonicalField(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Fields holds the values for one letter, keyed by field name ("go-live date").
// Values are plain text: they are put into the letter as they are and never read
// as template syntax, so a name containing "{" or "**" prints as written.
type Fields struct {
	Text  map[string]string
	Lists map[string][]string
}

// PracticeFields returns the fields that come from the practice file: each template
// field of the practice field table, with its value as letters print it (a date as
// "1 December 2026", lines joined with ", " or, for a list, one item each).
func PracticeFields(pr *practice.Practice) Fields {
	return practiceFields(practice.Fields(), pr)
}

func practiceFields(table []practice.Field, pr *practice.Practice) Fields {
	f := Fields{Text: map[string]string{}, Lists: map[string][]string{}}
	if pr == nil {
		return f
	}
	for i := range table {
		pf := &table[i]
		for _, t := range pf.Templates {
			switch v := pf.Get(pr).(type) {
			case string:
				f.Text[t.Name] = v
			case civil.Date:
				f.Text[t.Name] = v.Long()
			case bool:
				if v {
					f.Text[t.Name] = "yes"
				}
			case []string:
				if t.List {
					f.Lists[t.Name] = nonBlank(v)
				} else {
					f.Text[t.Name] = strings.Join(nonBlank(v), ", ")
				}
			}
		}
	}
	f.Text["switch-on date"] = rules.SwitchOnDate(rules.Pathway(pr.Pathway), pr.GoLive, pr.SwitchOn, pr.ReplyBy).Long()
	return f
}

// withPathway sets the fields that follow the pathway the letter is written for.
func (f Fields) withPathway(pr *practice.Practice, p rules.Pathway) Fields {
	if p != "" {
		f.Text["switch-on date"] = rules.SwitchOnDate(p, pr.GoLive, pr.SwitchOn, pr.ReplyBy).Long()
	}
	return f
}

// withCounts adds the counts of this run, for letters to organisations. c is nil when
// there is no patient list: the counts stay blank, so "::: if {patients on the list}"
// tells a letter made with a list from one made without.
func (f Fields) withCounts(c *rules.Counts) Fields {
	if c == nil {
		return f
	}
	n := func(name string, v int) { f.Text[name] = rules.Thousands(v) }
	n("patients on the list", c.Rows)
	n("opt-out notices", c.Letters[rules.OptOutNotice])
	n("request-access letters", c.Letters[rules.RequestAccess])
	n("dpia updates", c.Letters[rules.DPIAUpdate])
	n("forms enclosed", c.Enclosures[rules.OptInForm])
	n("104 codes to add", c.Actions[rules.Add104])
	n("reviews open", c.Actions[rules.Review])
	n("patients with access", c.NotSent[rules.NotSentHasAccess])
	n("patients declined", c.NotSent[rules.NotSentDeclined])
	under := 0
	for reason, k := range c.NotSent {
		if strings.HasPrefix(reason, rules.NotSentUnder16) {
			under += k
		}
	}
	n("patients under 16", under)
	n("others not written to", c.NotSentRows-c.NotSent[rules.NotSentHasAccess]-c.NotSent[rules.NotSentDeclined]-under)
	if c.Actions[rules.Review] == 0 {
		f.Text["reviews open"] = "" // so that "::: if no {reviews open}" means none are open
	}
	return f
}

// CheckPrintable returns a *practice.Error, naming the key and its line, for the first
// practice value the letters will print that has a character the letters' font cannot
// draw; missing reports those (internal/pdf's Missing). Each value is looked at as the
// letters print it (see clean). Call it before reading patients: otherwise the first
// letter drawn (or, for check, previewed) fails, blamed on its patient.
func CheckPrintable(pr *practice.Practice, missing func(string) []rune) error {
	return pr.CheckPrintable(func(s string) []rune { return missing(clean(s)) })
}

// withPatient adds the patient's fields and salutation.
func (f Fields) withPatient(p *patient.Patient) Fields {
	p = addressee(p)
	f.Text["patient name"] = p.FullName()
	f.Text["title"] = p.Title
	f.Text["first name"] = p.Forename
	f.Text["surname"] = p.Surname
	f.Text["date of birth"] = p.DOB.Long()
	f.Text["nhs number"] = p.FormattedNHS()
	f.Text["salutation"] = p.Salutation()
	return f
}

// withAddressee adds the salutation for a letter to an organisation.
func (f Fields) withAddressee(o practice.Organisation) Fields {
	switch {
	case strings.TrimSpace(o.Contact) != "":
		f.Text["salutation"] = "Dear " + o.Contact
	default:
		f.Text["salutation"] = "Dear colleague"
	}
	return f
}

func nonBlank(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l = clean(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// clean makes a value safe to print: invalid UTF-8 and control characters go
// (tabs and line breaks become spaces), as do the invisible marks that reorder text
// (right-to-left overrides and isolates) and byte-order marks; runs of spaces become one.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085' || unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), isBidiControl(r), r == '\ufeff', r == utf8.RuneError:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func isBidiControl(r rune) bool {
	switch {
	case r == '\u061c', r == '\u200e', r == '\u200f':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// patientKind reports whether kind is a letter to a patient (or the opt-in form).
func patientKind(kind rules.Kind) bool {
	for _, k := range rules.PatientKinds {
		if k == kind {
			return true
		}
	}
	return kind == rules.OptInForm
}
