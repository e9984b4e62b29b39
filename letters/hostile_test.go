package letters

import (
	"strings"
	"testing"
	"unicode"

	"github.com/accesspack/accesspack/internal/rules"
)

type rendered struct {
	name   string
	letter Letter
}

func everyLetter(t testing.TB, s *Set, name, addr, practiceName, concern string) []rendered {
	t.Helper()
	pr := SamplePractice()
	pr.Name = "P " + practiceName
	pr.DPIA.Concerns = append(pr.DPIA.Concerns, concern)
	p := SamplePatient()
	p.Title, p.Forename, p.Surname = name, name, name
	p.Address = append(p.Address, addr)
	var out []rendered
	for _, k := range Kinds {
		for _, v := range Variants(k) {
			var l Letter
			var err error
			switch {
			case k == rules.OptInForm && v == Blank:
				l, err = s.BlankForm(pr)
			case k == rules.OptInForm:
				continue // rendered as an enclosure below
			case patientKind(k):
				l, err = s.Patient(k, v, p, pr, rules.Proceed, []rules.Kind{rules.OptInForm})
			default:
				l, err = s.Organisation(k, pr, rules.Pathway(v), SampleCounts())
			}
			if err != nil {
				t.Fatalf("%s/%s: %v", k, v, err)
			}
			out = append(out, rendered{string(k) + "/" + v, l})
		}
	}
	return out
}

// shape is a letter's structure: block kinds only, never the values.
func shape(l Letter) string {
	var b strings.Builder
	var walk func([]Block)
	walk = func(bs []Block) {
		for _, x := range bs {
			b.WriteByte(byte('a' + x.Kind))
			walk(x.Children)
		}
	}
	walk(l.Body)
	for _, d := range l.Enclosures {
		b.WriteByte('|')
		walk(d.Body)
	}
	return b.String()
}

// checkSafe fails on any control or bidi character in any text the renderer draws.
func checkSafe(t testing.TB, where string, l Letter) {
	t.Helper()
	bad := func(s string) bool {
		for _, r := range s {
			if unicode.IsControl(r) || isBidiControl(r) || r == '\ufeff' {
				return true
			}
		}
		return false
	}
	var walk func([]Block)
	walk = func(bs []Block) {
		for _, x := range bs {
			for _, sp := range x.Spans {
				if bad(sp.Text) {
					t.Errorf("%s: control character in %q", where, sp.Text)
				}
			}
			walk(x.Children)
		}
	}
	walk(l.Body)
	for _, d := range l.Enclosures {
		walk(d.Body)
	}
	for _, s := range append(append([]string{}, l.To...), l.From.Name, l.Date, l.NHSNumber) {
		if bad(s) {
			t.Errorf("%s: control character in %q", where, s)
		}
	}
}

var hostile = []string{
	"{patient name}",
	"{{nhs number}}",
	"}{ {",
	"**not bold**",
	"\\{escaped\\}",
	"::: box\n:::",
	"--- new page ---",
	"# heading\n- bullet\n[ ] tick\nSig: ____",
	"<!-- note",
	"\u202eevil\u202c name \u200f",
	"bell\x07 nul\x00 esc\x1b[31m",
	"😀👨‍👩‍👧 Zoë",
	"\xff\xfe broken utf8",
	strings.Repeat("Verylongname", 500),
	"",
	"   ",
}

func TestHostileValues(t *testing.T) {
	s := mustEmbedded(t)
	base := everyLetter(t, s, "Ann", "Road", "Surgery", "Concern")
	for _, v := range hostile {
		got := everyLetter(t, s, v, v, v, "C "+v)
		for i, r := range got {
			checkSafe(t, r.name, r.letter)
			// Substituted once, never re-read: the structure is the same as with
			// ordinary values, whatever the value holds.
			if shape(r.letter) != shape(base[i].letter) {
				t.Errorf("%s with %q: structure changed\n got %s\nwant %s", r.name, v, shape(r.letter), shape(base[i].letter))
			}
		}
	}
	// The braces in a name print as written.
	p := SamplePatient()
	p.Forename = "{nhs number}"
	l, err := s.Patient(rules.RequestAccess, "proceed", p, SamplePractice(), rules.Proceed, []rules.Kind{rules.OptInForm})
	if err != nil {
		t.Fatal(err)
	}
	if l.To[0] != "Mrs {nhs number} Ashworth" || !strings.Contains(plain(l), "Name: **Mrs {nhs number} Ashworth**") {
		t.Errorf("name not printed as written:\n%s", plain(l))
	}
}

func FuzzRender(f *testing.F) {
	for _, v := range hostile {
		f.Add(v, v, v)
	}
	f.Add("Zoë", "1 High St, Leeds.", "Riverside Surgery")
	s, err := Embedded()
	if err != nil {
		f.Fatal(err)
	}
	base := everyLetter(f, s, "Ann", "Road", "Surgery", "Concern")
	f.Fuzz(func(t *testing.T, name, addr, practiceName string) {
		got := everyLetter(t, s, name, addr, practiceName, "C "+name)
		for i, r := range got {
			checkSafe(t, r.name, r.letter)
			if shape(r.letter) != shape(base[i].letter) {
				t.Errorf("%s: structure changed", r.name)
			}
		}
		p := SamplePatient()
		p.Forename, p.Address, p.Postcode = name, []string{addr, addr}, addr
		for _, l := range AddressBlock(p) {
			if l == "" || strings.ContainsAny(l, ",\n") {
				t.Errorf("bad address line %q", l)
			}
		}
	})
}
