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
					l, err = s.Organisation(k, pr, rules.Pathway(v), SampleCounts())
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

// TestFacts checks that each variant states the dates and facts docs/pathways.md gives it. The
// sample practice writes on 1 December 2026, replies by 29 December 2026 and goes live on
// 12 January 2027; batch104-after-live's switch-on date is the day after reply-by.
func TestFacts(t *testing.T) {
	s := mustEmbedded(t)
	pr := SamplePractice()
	p := SamplePatient()
	form := []rules.Kind{rules.OptInForm}
	code104 := []string{"adding a code to your record", "enhanced review indicated before granting access", "You may see the code in your record", "moves with your record if you change GP practice", "says nothing about you", "will not be switched on for you automatically"}
	cases := []struct {
		kind    rules.Kind
		variant string
		pathway rules.Pathway
		enclose []rules.Kind
		want    []string
		notWant []string
	}{
		{rules.OptOutNotice, GoingLive, rules.Proceed, nil,
			[]string{"Dear Mrs Ashworth", "From **12 January 2027**", "by **29 December 2026**, before anything is switched on", "16 and over", "Patient Access", "0113 496 0000", "riverside.surgery@nhs.net", "www.riverside-surgery.example/records", "older entries", "test results",
				"If you already use one of these apps on 12 January 2027, you will see entries added from that day. If you start later, you will see entries added from the day you first connect."},
			[]string{"not go ahead", "plan", "who have an NHS login", "You will only see entries added from"}},
		{rules.OptOutNotice, PlannedDate, rules.MissedDate, nil,
			[]string{"We plan to let you see new entries in your GP record online from **12 January 2027**", "If this date changes, we will let you know.", "Patient Access", "by **29 December 2026**", "when we switch this on"},
			[]string{"From **12 January 2027**", "who have an NHS login", "You will only see entries added from"}},
		{rules.OptOutNotice, Deferred, rules.DeferBooked, nil,
			[]string{"12 January 2027", "not go ahead", "not switched anything on", "opt out (say no) now or at any time", "www.riverside-surgery.example/records"},
			append([]string{"From **12 January 2027**"}, code104...)},
		{rules.OptOutNotice, Deferred104, rules.DeferBooked, nil,
			append([]string{"12 January 2027", "not go ahead", "not switched anything on", "opt out (say no) now or at any time", "ask us: we will talk with you"}, code104...),
			[]string{"From **12 January 2027**"}},
		// batch104-after-live: switched on from the day after reply-by, never "now".
		{rules.OptOutNotice, SwitchOnDate, rules.Batch104AfterLive, nil,
			[]string{"already use our online services", "Patient Access", "on or soon after **30 December 2026**, unless you tell us by **29 December 2026**", "from the day we switch this on for you"},
			[]string{"12 January 2027", "first time", "switching on now", "You can now see", "We are now"}},
		// manual-enable: switched on from G, after reply-by.
		{rules.OptOutNotice, SwitchOnDate, rules.ManualEnable, nil,
			[]string{"on or soon after **12 January 2027**, unless you tell us by **29 December 2026**", "from the day we switch this on for you"},
			[]string{"30 December 2026", "first time", "switching on now", "We are now"}},
		{rules.OptOutNotice, FirstConnection, rules.Batch104AfterLive, nil,
			[]string{"From **30 December 2026**", "first time you connect", "on or after 30 December 2026", "NHS login", "prove who you are", "from the day you first connect", "before 30 December 2026, please tell us"},
			[]string{"12 January 2027", "already use our online services", "You will only see new entries"}},
		{rules.OptOutNotice, FirstConnection, rules.ManualEnable, nil,
			[]string{"From **12 January 2027**", "on or after 12 January 2027", "from the day you first connect"},
			[]string{"30 December 2026"}},
		{rules.RequestAccess, string(rules.Proceed), rules.Proceed, form,
			[]string{"From 12 January 2027", "this will not be switched on automatically for you", "You can still ask", "talk with you", "ENCLOSURE: Request to see your GP record online", "Name: **Mrs Zoë Ashworth**", "Date of birth: **4 March 1961**", "NHS number: **999 000 0018**"},
			[]string{"risk", "104", "106", "plan"}},
		{rules.RequestAccess, string(rules.MissedDate), rules.MissedDate, form,
			[]string{"We plan to let", "from 12 January 2027", "If this date changes, we will let you know.", "You can still ask"},
			[]string{"risk", "104"}},
		{rules.RequestAccess, string(rules.ManualEnable), rules.ManualEnable, form,
			[]string{"From 12 January 2027, we will start", "this will not be switched on automatically for you", "You can still ask"},
			[]string{"risk", "104"}},
		{rules.RequestAccess, string(rules.Batch104AfterLive), rules.Batch104AfterLive, form,
			[]string{"can now see", "You can still ask"},
			[]string{"risk", "104", "12 January 2027"}},
		{rules.RequestAccess, string(rules.DeferDPIA), rules.DeferDPIA, form,
			[]string{"not automatically switching on", "You can still ask"},
			[]string{"risk", "104", "12 January 2027"}},
		{rules.DPIAUpdate, string(rules.DeferDPIA), rules.DeferDPIA, form,
			[]string{"31 October 2023", "Data Protection Impact Assessment (DPIA)", "NHS West Yorkshire Integrated Care Board", "ENCLOSURE", "16 or over",
				"We will write to you again before anything changes.", "If you never want to, please tell us, so that we can note it in your record.",
				"You might see a test result before we have talked to you about it.", "log out when you have finished", "share a phone"},
			code104},
		{rules.DPIAUpdate, DeferDPIA104, rules.DeferDPIA, form,
			append([]string{"We will write to you again before anything changes.", "you can ask for it"}, code104...),
			nil},
	}
	for _, c := range cases {
		t.Run(string(c.kind)+"/"+c.variant+"/"+string(c.pathway), func(t *testing.T) {
			l, err := s.Patient(c.kind, c.variant, p, pr, c.pathway, c.enclose)
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

// TestGoodToKnow: every patient letter, in every variant, says that opting out (or not
// asking) leaves the other online services alone, that carers get proxy access rather
// than the patient's login, and that the patient can ask for the older record and should
// say if something looks wrong.
func TestGoodToKnow(t *testing.T) {
	s := mustEmbedded(t)
	for _, lv := range rules.LetterVariants() {
		t.Run(string(lv.Kind)+"/"+lv.Variant, func(t *testing.T) {
			l, err := s.Patient(lv.Kind, lv.Variant, SamplePatient(), SamplePractice(), rules.Proceed, nil)
			if err != nil {
				t.Fatal(err)
			}
			text := plain(l)
			for _, w := range []string{"appointments", "repeat prescriptions", "A carer or relative can have their own (proxy) access", "Never share your login", "older record", "tell us if anything in it looks wrong"} {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q", w)
				}
			}
		})
	}
}

// TestMasterIsNotPrinted: a patient written to is 16 or over on the reference date, so
// "Master" is never printed: not in the salutation, the address or {patient name}.
func TestMasterIsNotPrinted(t *testing.T) {
	s := mustEmbedded(t)
	p := SamplePatient()
	p.Title, p.Forename, p.Surname = "Master", "Leo", "Wilson"
	l, err := s.Patient(rules.RequestAccess, "", p, SamplePractice(), rules.Proceed, []rules.Kind{rules.OptInForm})
	if err != nil {
		t.Fatal(err)
	}
	text := plain(l)
	if strings.Contains(text, "Master") {
		t.Errorf("Master printed:\n%s", text)
	}
	for _, w := range []string{"TO    Leo Wilson\n", "\nDear Leo Wilson\n", "Name: **Leo Wilson**"} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q", w)
		}
	}
	for in, want := range map[string]string{"Master": "", "MASTER": "", "Mstr.": "", " master ": "", "Mr": "Mr", "Miss": "Miss", "Mx": "Mx", "Dr": "Dr"} {
		if got := PrintedTitle(in); got != want {
			t.Errorf("PrintedTitle(%q) = %q, want %q", in, got, want)
		}
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
		{rules.BulkDateRequest, "Primary Care IT Team", []string{"new bulk enablement date", "12 January 2027", "104", "only once the date is confirmed", "can no longer be offered", "Copy to: EMIS Health"}},
	}
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			l, err := s.Organisation(c.kind, pr, "", nil)
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

// orgText renders an organisation letter of the sample practice with bulk 104 as given
// and counts c (nil: no patient list).
func orgText(t *testing.T, kind rules.Kind, bulk104 bool, c *rules.Counts) string {
	t.Helper()
	pr := SamplePractice()
	pr.Bulk104 = bulk104
	l, err := mustEmbedded(t).Organisation(kind, pr, "", c)
	if err != nil {
		t.Fatal(err)
	}
	return plain(l)
}

func checkText(t *testing.T, text string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q", w)
		}
	}
	for _, w := range notWant {
		if strings.Contains(text, w) {
			t.Errorf("should not contain %q", w)
		}
	}
	if t.Failed() {
		t.Log(text)
	}
}

// A bulk-date request made while at-risk reviews are open must not say they are done.
func TestBulkDateRequestReviews(t *testing.T) {
	open := SampleCounts() // 12 reviews open
	t.Run("reviews open", func(t *testing.T) {
		checkText(t, orgText(t, rules.BulkDateRequest, false, open),
			[]string{"we are reviewing the records of 12 of our patients", "writing to the 40 of our patients who are coded 104", "900 of our other patients"},
			[]string{"have reviewed", "added the code 104"})
	})
	done := SampleCounts()
	done.Actions[rules.Review] = 0
	t.Run("none open", func(t *testing.T) {
		checkText(t, orgText(t, rules.BulkDateRequest, false, done),
			[]string{"we have reviewed the patients we consider at risk", "added the code 104"},
			[]string{"reviewing"})
	})
	t.Run("no patient list", func(t *testing.T) {
		checkText(t, orgText(t, rules.BulkDateRequest, false, nil),
			[]string{"we are reviewing the patients we consider at risk", "writing to the patients coded 104"},
			[]string{"have reviewed", "of our patients"})
	})
}

// The commissioner letter says who is written to, with this run's counts.
func TestCommissionerLetterCounts(t *testing.T) {
	c := SampleCounts()
	checkText(t, orgText(t, rules.CommissionerLetter, true, c),
		[]string{"Our patient list has 1,200 entries. Of these:", "- 900 get a letter explaining our approach, with a form",
			"- 40 who are coded 104 get a letter", "- that is 940 forms to ask for access in all", "already have access (150)", "declined it (30)", "under 16 (60)", "nor to 10 for other reasons",
			"- 905 will have the code 104 added", "Add the code 104"},
		[]string{"each patient", "not adding the code 104"})
	checkText(t, orgText(t, rules.CommissionerLetter, false, c),
		[]string{"Our patient list has 1,200 entries.", "We are not adding the code 104 to our patients' records in bulk."},
		[]string{"will have the code 104 added", "each patient"})
	checkText(t, orgText(t, rules.CommissionerLetter, true, nil),
		[]string{"Add the code 104"},
		[]string{"Who we are writing to", "each patient", "will have the code 104 added"})
}

// The EMIS deferral notice says whether bulk 104 is the fallback.
func TestEMISDeferralNoticeBulk104(t *testing.T) {
	checkText(t, orgText(t, rules.EMISDeferralNotice, true, SampleCounts()),
		[]string{"As a safeguard, we are also adding the code 104", "before 12 January 2027", "That is 905 of our patients."},
		[]string{"rely on this instruction alone"})
	checkText(t, orgText(t, rules.EMISDeferralNotice, true, nil),
		[]string{"As a safeguard"}, []string{"That is"})
	checkText(t, orgText(t, rules.EMISDeferralNotice, false, nil),
		[]string{"We are not adding the code 104 to our patients' records in bulk"},
		[]string{"As a safeguard"})
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
	if _, err := s.Organisation(rules.OptOutNotice, pr, rules.Proceed, nil); err == nil {
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
