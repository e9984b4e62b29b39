package letters

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/templates"
)

var show = flag.Bool("show", false, "print every rendered letter as plain text")

// plain writes a letter as text, one block a line, for reading and for tests.
func plain(l Letter) string {
	var b strings.Builder
	for _, s := range l.To {
		fmt.Fprintf(&b, "TO    %s\n", s)
	}
	if l.NHSNumber != "" {
		fmt.Fprintf(&b, "NHS   %s\n", l.NHSNumber)
	}
	fmt.Fprintf(&b, "DATE  %s\n", l.Date)
	writeBlocks(&b, l.Body, "")
	for _, d := range l.Enclosures {
		fmt.Fprintf(&b, "==== ENCLOSURE: %s\n", d.Title)
		writeBlocks(&b, d.Body, "")
	}
	return b.String()
}

func writeBlocks(b *strings.Builder, blocks []Block, indent string) {
	for _, bl := range blocks {
		if !bl.Tight {
			b.WriteString(indent + "\n")
		}
		text := ""
		for _, s := range bl.Spans {
			if s.Bold {
				text += "**" + s.Text + "**"
			} else {
				text += s.Text
			}
		}
		switch bl.Kind {
		case Heading:
			fmt.Fprintf(b, "%s# %s\n", indent, text)
		case Bullet:
			fmt.Fprintf(b, "%s- %s\n", indent, text)
		case Tick:
			fmt.Fprintf(b, "%s[ ] %s\n", indent, text)
		case FillIn:
			fmt.Fprintf(b, "%s%s ________\n", indent, text)
		case PageBreak:
			fmt.Fprintf(b, "%s--- new page ---\n", indent)
		case Box:
			fmt.Fprintf(b, "%s+-- %s\n", indent, text)
			writeBlocks(b, bl.Children, indent+"| ")
			fmt.Fprintf(b, "%s+--\n", indent)
		default:
			fmt.Fprintf(b, "%s%s\n", indent, text)
		}
	}
}

func mustEmbedded(t testing.TB) *Set {
	t.Helper()
	s, err := Embedded()
	if err != nil {
		t.Fatalf("embedded templates: %v", err)
	}
	return s
}

func TestEveryKindAndVariantRenders(t *testing.T) {
	s := mustEmbedded(t)
	pr := SamplePractice()
	p := SamplePatient()
	for _, k := range Kinds {
		for _, v := range Variants(k) {
			t.Run(string(k)+"/"+v, func(t *testing.T) {
				var l Letter
				var err error
				switch {
				case k == rules.OptInForm && v == Blank:
					l, err = s.BlankForm(pr)
				case k == rules.OptInForm:
					var blocks []Block
					blocks, err = s.render(k, v, PracticeFields(pr).withPatient(p))
					l.Body = blocks
				case patientKind(k):
					var enclose []rules.Kind
					if k != rules.OptOutNotice {
						enclose = []rules.Kind{rules.OptInForm}
					}
					l, err = s.Patient(k, v, p, pr, rules.Proceed, enclose)
				default:
					l, err = s.Organisation(k, pr, rules.Pathway(v))
				}
				if err != nil {
					t.Fatal(err)
				}
				text := plain(l)
				if *show {
					fmt.Printf("======== %s / %s\n%s\n", k, v, text)
				}
				if len(l.Body) < 3 {
					t.Fatalf("body has %d blocks", len(l.Body))
				}
				if strings.ContainsAny(text, "{}") {
					t.Errorf("unfilled field left in:\n%s", text)
				}
				if k != rules.OptInForm {
					for _, want := range []string{"Dr Amelia Hart", "GP Partner", "Riverside Surgery", "Yours sincerely"} {
						if !strings.Contains(text, want) {
							t.Errorf("no %q in the sign-off", want)
						}
					}
				}
				if !patientKind(k) || v == Blank {
					for _, leak := range []string{"Zoë", "Ashworth", "999 000 0018", "4 March 1961"} {
						if strings.Contains(text, leak) {
							t.Errorf("patient data %q in %s/%s", leak, k, v)
						}
					}
				}
			})
		}
	}
}

// TestFacts checks that each variant states the dates and facts docs/pathways.md gives it.
func TestFacts(t *testing.T) {
	s := mustEmbedded(t)
	pr := SamplePractice()
	p := SamplePatient()
	form := []rules.Kind{rules.OptInForm}
	cases := []struct {
		kind    rules.Kind
		variant string
		enclose []rules.Kind
		want    []string
		notWant []string
	}{
		{rules.OptOutNotice, GoingLive, nil,
			[]string{"Dear Mrs Ashworth", "From **12 January 2027**", "29 December 2026", "16 and over", "NHS login", "0113 496 0000", "riverside.surgery@nhs.net", "www.riverside-surgery.example/records", "older entries", "test results"},
			[]string{"not go ahead", "switching on"}},
		{rules.OptOutNotice, Deferred, nil,
			[]string{"12 January 2027", "not go ahead", "not switched anything on", "opt out now", "www.riverside-surgery.example/records"},
			[]string{"From **12 January 2027**"}},
		{rules.OptOutNotice, SwitchedOnNow, nil,
			[]string{"already have an online account", "switching on", "29 December 2026"},
			[]string{"12 January 2027", "first time"}},
		{rules.OptOutNotice, FirstConnection, nil,
			[]string{"first time you connect", "NHS login", "prove who you are"},
			[]string{"12 January 2027", "already have an online account"}},
		{rules.RequestAccess, string(rules.Proceed), form,
			[]string{"From 12 January 2027", "this will not be switched on automatically for you", "You can still ask", "talk with you", "ENCLOSURE: Request to see your GP record online", "Name: **Mrs Zoë Ashworth**", "Date of birth: **4 March 1961**", "NHS number: **999 000 0018**"},
			[]string{"risk", "104", "106"}},
		{rules.RequestAccess, string(rules.Batch104AfterLive), form,
			[]string{"can now see", "You can still ask"},
			[]string{"risk", "104", "12 January 2027"}},
		{rules.RequestAccess, string(rules.DeferDPIA), form,
			[]string{"not automatically switching on", "You can still ask"},
			[]string{"risk", "104", "12 January 2027"}},
		{rules.DPIAUpdate, string(rules.DeferDPIA), form,
			[]string{"31 October 2023", "Data Protection Impact Assessment (DPIA)", "NHS West Yorkshire Integrated Care Board", "ENCLOSURE", "16 or over"},
			nil},
	}
	for _, c := range cases {
		t.Run(string(c.kind)+"/"+c.variant, func(t *testing.T) {
			l, err := s.Patient(c.kind, c.variant, p, pr, rules.Proceed, c.enclose)
			if err != nil {
				t.Fatal(err)
			}
			text := plain(l)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q", w)
				}
			}
			letter, _, _ := strings.Cut(text, "==== ENCLOSURE") // the form's practice box names 106
			for _, w := range c.notWant {
				if strings.Contains(letter, w) {
					t.Errorf("should not contain %q", w)
				}
			}
			if t.Failed() {
				t.Log(text)
			}
			if l.NHSNumber != "999 000 0018" || l.Date != "1 December 2026" || l.Kind != string(c.kind) {
				t.Errorf("header: NHS %q, date %q, kind %q", l.NHSNumber, l.Date, l.Kind)
			}
			want := []string{"Mrs Zoë Ashworth", "Flat 2", "14 Harehills Lane", "LEEDS", "LS8 4HA"}
			if strings.Join(l.To, "|") != strings.Join(want, "|") {
				t.Errorf("To = %q, want %q", l.To, want)
			}
		})
	}
}

func TestOrganisationLetters(t *testing.T) {
	s := mustEmbedded(t)
	pr := SamplePractice()
	cases := []struct {
		kind rules.Kind
		to   string
		want []string
	}{
		{rules.CommissionerLetter, "Primary Care IT Team", []string{"15 October 2026", "- Patients may be pressured by others to show their record.", "- Some records hold information about other people.", "31 October 2023", "B86999", "data controller"}},
		{rules.EMISDeferralNotice, "Bulk Enablement Team", []string{"booked for our practice on 12 January 2027", "data controller", "B86999", "Riverside Surgery", "Copy to: NHS West Yorkshire Integrated Care Board"}},
		{rules.BulkDateRequest, "Primary Care IT Team", []string{"new bulk enablement date", "12 January 2027", "104", "reviewed", "Copy to: EMIS Health"}},
	}
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			l, err := s.Organisation(c.kind, pr, "")
			if err != nil {
				t.Fatal(err)
			}
			text := plain(l)
			if l.NHSNumber != "" || l.To[0] != c.to || l.Date != "1 December 2026" {
				t.Errorf("NHS %q, To %q, Date %q", l.NHSNumber, l.To, l.Date)
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q\n%s", w, text)
				}
			}
		})
	}
}

func TestBlankForm(t *testing.T) {
	s := mustEmbedded(t)
	l, err := s.BlankForm(SamplePractice())
	if err != nil {
		t.Fatal(err)
	}
	if l.To != nil || l.NHSNumber != "" || l.Kind != "opt-in-form" || l.From.Name != "Riverside Surgery" {
		t.Errorf("blank form header: %+v", l)
	}
	text := plain(l)
	// Variant lines are not a gap: "Phone number" prints straight under "Postcode".
	if !strings.Contains(text, "Postcode: ________\nPhone number: ________") {
		t.Errorf("phone line not tight:\n%s", text)
	}
	for _, w := range []string{"# Request to see your GP record online", "Full name: ________", "Signature: ________", "+-- For practice use only", "| Date received: ________", "[ ] I would like"} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q\n%s", w, text)
		}
	}
}

func TestOptionalFieldDropsItsLine(t *testing.T) {
	s := mustEmbedded(t)
	pr := SamplePractice()
	pr.Email = ""
	l, err := s.Patient(rules.OptOutNotice, GoingLive, SamplePatient(), pr, rules.Proceed, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := plain(l)
	if strings.Contains(text, "email us") {
		t.Errorf("the email line should be left out:\n%s", text)
	}
	if !strings.Contains(text, "phone us on 0113 496 0000") {
		t.Errorf("the phone line went too")
	}
}

func TestRequiredFieldMissing(t *testing.T) {
	s := mustEmbedded(t)
	pr := SamplePractice()
	pr.ReplyBy = pr.ReplyBy.AddDays(0)
	pr.ReplyBy = SamplePractice().ReplyBy
	pr.ReplyBy.Year = 0
	pr.ReplyBy.Month = 0
	pr.ReplyBy.Day = 0
	_, err := s.Patient(rules.OptOutNotice, GoingLive, SamplePatient(), pr, rules.Proceed, nil)
	var p Problem
	if !errors.As(err, &p) || p.File != "opt-out-notice.md" || p.Line == 0 || !strings.Contains(p.Msg, "{reply-by date} has no value") {
		t.Fatalf("err = %v", err)
	}
}

func TestUnknownVariantAndKind(t *testing.T) {
	s := mustEmbedded(t)
	pr, p := SamplePractice(), SamplePatient()
	if _, err := s.Patient(rules.OptOutNotice, "going-lve", p, pr, rules.Proceed, nil); err == nil || !strings.Contains(err.Error(), `did you mean "going-live"`) {
		t.Errorf("unknown variant: %v", err)
	}
	if _, err := s.Patient(rules.BulkDateRequest, "", p, pr, rules.Proceed, nil); err == nil {
		t.Error("an organisation kind was accepted as a patient letter")
	}
	if _, err := s.Organisation(rules.OptOutNotice, pr, rules.Proceed); err == nil {
		t.Error("a patient kind was accepted as an organisation letter")
	}
	if _, err := s.Patient(rules.RequestAccess, "", p, pr, rules.Proceed, []rules.Kind{rules.DPIAUpdate}); err == nil {
		t.Error("dpia-update accepted as an enclosure")
	}
	// An empty variant means the pathway for pathway-keyed kinds.
	l, err := s.Patient(rules.RequestAccess, "", p, pr, rules.Batch104AfterLive, nil)
	if err != nil || l.Variant != string(rules.Batch104AfterLive) {
		t.Errorf("empty variant: %v %q", err, l.Variant)
	}
}

func TestLargePrint(t *testing.T) {
	s := mustEmbedded(t)
	p := SamplePatient()
	p.LargePrint = true
	l, err := s.Patient(rules.OptOutNotice, GoingLive, p, SamplePractice(), rules.Proceed, nil)
	if err != nil || !l.LargePrint {
		t.Fatalf("LargePrint = %v, err %v", l.LargePrint, err)
	}
}

func TestTight(t *testing.T) {
	s := mustEmbedded(t)
	l, err := s.Patient(rules.OptOutNotice, GoingLive, SamplePatient(), SamplePractice(), rules.Proceed, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := len(l.Body)
	// Yours sincerely / (gap) name / role / practice
	got := []bool{l.Body[n-4].Tight, l.Body[n-3].Tight, l.Body[n-2].Tight, l.Body[n-1].Tight}
	if fmt.Sprint(got) != "[false false true true]" || l.Body[n-3].Text() != "Dr Amelia Hart" {
		t.Errorf("sign-off tightness %v, %q", got, l.Body[n-3].Text())
	}
}

func TestExportLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if err := Export(dir); err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds {
		got, err := os.ReadFile(filepath.Join(dir, fileName(k)))
		if err != nil {
			t.Fatal(err)
		}
		want, err := templates.FS.ReadFile(fileName(k))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from the embedded copy", k)
		}
	}
	if err := CheckDir(dir); err != nil {
		t.Fatalf("check of exported copy: %v", err)
	}
	if err := Export(dir); err == nil {
		t.Error("Export overwrote existing files")
	}
	// An edit shows up in the rendered letter.
	p := filepath.Join(dir, "opt-out-notice.md")
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "If you have any questions", "Questions? We are here to help", 1)
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.Patient(rules.OptOutNotice, GoingLive, SamplePatient(), SamplePractice(), rules.Proceed, nil)
	if err != nil || !strings.Contains(plain(l), "Questions? We are here to help") {
		t.Errorf("edited wording not used: %v", err)
	}
}

func TestCheckEmbedded(t *testing.T) {
	if err := check(Load(templates.FS)); err != nil {
		t.Fatal(err)
	}
}

// TestRulesVariantsCovered ties the templates to the pathway tables: every letter kind
// and variant the rules can produce is one of Variants and renders.
func TestRulesVariantsCovered(t *testing.T) {
	s := mustEmbedded(t)
	lvs := rules.LetterVariants()
	if len(lvs) == 0 {
		t.Fatal("rules.LetterVariants is empty")
	}
	for _, lv := range lvs {
		if !slices.Contains(Variants(lv.Kind), lv.Variant) {
			t.Errorf("rules produce %s/%s, which Variants(%s) = %v does not list", lv.Kind, lv.Variant, lv.Kind, Variants(lv.Kind))
		}
		if _, err := s.Patient(lv.Kind, lv.Variant, SamplePatient(), SamplePractice(), rules.Proceed, nil); err != nil {
			t.Errorf("%s/%s: %v", lv.Kind, lv.Variant, err)
		}
	}
}

func BenchmarkPatient(b *testing.B) {
	s := mustEmbedded(b)
	pr, p := SamplePractice(), SamplePatient()
	form := []rules.Kind{rules.OptInForm}
	for b.Loop() {
		if _, err := s.Patient(rules.RequestAccess, "proceed", p, pr, rules.Proceed, form); err != nil {
			b.Fatal(err)
		}
	}
}
