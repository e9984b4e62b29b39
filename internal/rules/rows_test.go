package rules

import (
	"testing"

	"github.com/accesspack/accesspack/internal/patient"
)

// rowCase is one row of a pathway table (docs/pathways.md), named after it ("5.3 S=blocked"), with a patient
// that meets it and what the row gives. The expectations are written out from the contract,
// not read from the Go table, so a wrong table fails here.
type rowCase struct {
	name    string
	pathway Pathway
	bulk104 bool
	patient patient.Patient
	want    want
}

var optIn = []Kind{OptInForm}

func pathwayRowCases() []rowCase {
	var cs []rowCase
	add := func(name string, p Pathway, pt patient.Patient, w want) {
		w.rule = name
		cs = append(cs, rowCase{name: name, pathway: p, patient: pt, want: w})
	}
	addBulk := func(name string, p Pathway, pt patient.Patient, w want) {
		w.rule = name
		cs = append(cs, rowCase{name: name + " with bulk 104", pathway: p, bulk104: true, patient: pt, want: w})
	}

	// The first two rows are the same in every pathway; so is S=blocked → request-access in
	// four of them. Each still gets its own case per pathway.
	for _, p := range []struct {
		path Pathway
		sec  string
	}{{MissedDate, "5.1"}, {DeferBooked, "5.2"}, {Proceed, "5.3"}, {DeferDPIA, "5.4"}, {Batch104BeforeLive, "5.5"}, {Batch104AfterLive, "5.6"}, {ManualEnable, "5.7"}} {
		add(p.sec+" S=declined", p.path, with(declined, atRisk, access), want{notSent: "declined access (103)"})
		add(p.sec+" A=Y", p.path, with(access, blocked, safe), want{notSent: "already has access"})
		add(p.sec+" A=Y", p.path, with(access, online, atRisk), want{notSent: "already has access"})
		switch p.path {
		case MissedDate, DeferBooked, Proceed, DeferDPIA, ManualEnable:
			add(p.sec+" S=blocked", p.path, with(blocked, atRisk), want{letter: RequestAccess, variant: string(p.path), encl: optIn})
		}
	}

	// 5.1 missed-date
	add("5.1 K=Y", MissedDate, with(atRisk), want{actions: []Action{Review}, notSent: "at risk but not coded 104: review before go-live"})
	add("5.1 K=Y", MissedDate, with(atRisk, cleared), want{actions: []Action{Review}, notSent: "at risk but not coded 104: review before go-live"})
	add("5.1 otherwise", MissedDate, with(), want{letter: OptOutNotice, variant: "planned-date"})
	add("5.1 otherwise", MissedDate, with(cleared), want{letter: OptOutNotice, variant: "planned-date"})

	// 5.2 defer-booked
	add("5.2 otherwise", DeferBooked, with(), want{letter: OptOutNotice, variant: "deferred"})
	add("5.2 otherwise", DeferBooked, with(atRisk), want{letter: OptOutNotice, variant: "deferred"})
	addBulk("5.2 otherwise", DeferBooked, with(), want{letter: OptOutNotice, variant: "deferred-104", actions: []Action{Add104},
		detail: "add a 104 before the booked date"})
	addBulk("5.2 S=blocked", DeferBooked, with(blocked), want{letter: RequestAccess, variant: "defer-booked", encl: optIn})

	// 5.3 proceed
	add("5.3 otherwise", Proceed, with(), want{letter: OptOutNotice, variant: "going-live"})
	add("5.3 otherwise", Proceed, with(cleared, atRisk), want{letter: OptOutNotice, variant: "going-live"})

	// 5.4 defer-dpia
	add("5.4 otherwise", DeferDPIA, with(), want{letter: DPIAUpdate, variant: "defer-dpia", encl: optIn})
	addBulk("5.4 otherwise", DeferDPIA, with(cleared), want{letter: DPIAUpdate, variant: "defer-dpia-104", encl: optIn, actions: []Action{Add104}})
	addBulk("5.4 A=Y", DeferDPIA, with(access), want{notSent: "already has access"})

	// 5.5 batch104-before-live
	add("5.5 S=blocked, V=safe", Batch104BeforeLive, with(blocked, safe), want{letter: OptOutNotice, variant: "going-live", actions: []Action{Add106}})
	add("5.5 S=blocked, V=unsafe", Batch104BeforeLive, with(blocked, unsafe), want{letter: RequestAccess, variant: "batch104-before-live", encl: optIn})
	add("5.5 S=blocked, V=blank", Batch104BeforeLive, with(blocked), want{actions: []Action{Review}, notSent: "awaiting review"})
	add("5.5 otherwise", Batch104BeforeLive, with(cleared), want{letter: OptOutNotice, variant: "going-live"})
	add("5.5 otherwise", Batch104BeforeLive, with(), want{letter: OptOutNotice, variant: "going-live", warnings: []string{"no 104 code: gets access at go-live"}})

	// 5.6 batch104-after-live
	add("5.6 S=blocked, V=safe, O=Y", Batch104AfterLive, with(blocked, safe, online), want{letter: OptOutNotice, variant: "switch-on-date", actions: []Action{ManualAccess},
		detail: "not before 30 October 2026: switch on access to new entries (prospective access) by hand in EMIS: codes no longer change an existing account"})
	add("5.6 S=blocked, V=safe, O=N", Batch104AfterLive, with(blocked, safe), want{letter: OptOutNotice, variant: "first-connection", actions: []Action{Add106},
		detail: "not before 30 October 2026: add a 106, entered after the 104: access starts at their first connection"})
	add("5.6 S=blocked, V=unsafe", Batch104AfterLive, with(blocked, unsafe, online), want{letter: RequestAccess, variant: "batch104-after-live", encl: optIn})
	add("5.6 S=blocked, V=blank", Batch104AfterLive, with(blocked, online), want{actions: []Action{Review}, notSent: "awaiting review"})
	add("5.6 otherwise", Batch104AfterLive, with(), want{notSent: "not coded 104: go-live rules already apply"})
	add("5.6 otherwise", Batch104AfterLive, with(cleared, safe, online), want{notSent: "not coded 104: go-live rules already apply"})

	// 5.7 manual-enable: G is the go-live date, 1 December 2026 (after the reply-by date).
	// The first three rows come from the loop above; each case here is one row, and the
	// second of a pair shows the order (an earlier row wins over a later one).
	add("5.7 S=declined", ManualEnable, with(declined, online), want{notSent: "declined access (103)"})
	add("5.7 S=blocked", ManualEnable, with(blocked, online), want{letter: RequestAccess, variant: "manual-enable", encl: optIn})
	add("5.7 K=Y", ManualEnable, with(atRisk), want{actions: []Action{Review}, notSent: "at risk but not coded 104: review before switching on",
		detail: "review before switching on: add a 104 if they should not get access"})
	add("5.7 K=Y", ManualEnable, with(atRisk, online, cleared), want{actions: []Action{Review}, notSent: "at risk but not coded 104: review before switching on"})
	add("5.7 O=Y", ManualEnable, with(online), want{letter: OptOutNotice, variant: "switch-on-date", actions: []Action{ManualAccess},
		detail: "not before 1 December 2026: switch on access to new entries (prospective access) by hand in EMIS; these patients first"})
	add("5.7 O=Y", ManualEnable, with(online, cleared, safe), want{letter: OptOutNotice, variant: "switch-on-date", actions: []Action{ManualAccess}})
	add("5.7 otherwise", ManualEnable, with(), want{letter: OptOutNotice, variant: "first-connection"})
	add("5.7 otherwise", ManualEnable, with(cleared, unsafe), want{letter: OptOutNotice, variant: "first-connection"})
	return cs
}

func TestPathwayRows(t *testing.T) {
	for _, c := range pathwayRowCases() {
		t.Run(c.name, func(t *testing.T) {
			o := opts(c.pathway)
			o.Bulk104 = c.bulk104
			if err := o.Validate(); err != nil {
				t.Fatal(err)
			}
			expect(t, decideOne(c.patient, o), c.want)
		})
	}
}

// Every row of every Go table has a case above, and no case names a row that does not exist.
func TestEveryPathwayRowTested(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range pathwayRowCases() {
		tested[c.want.rule] = true
	}
	ids := map[string]bool{}
	for _, tb := range Tables {
		for i := range tb.Rows {
			id := tb.ID(i)
			ids[id] = true
			if !tested[id] {
				t.Errorf("row %q has no test case", id)
			}
		}
	}
	for id := range tested {
		if !ids[id] {
			t.Errorf("test case %q names no table row", id)
		}
	}
	if len(Tables) != len(Pathways) {
		t.Errorf("%d tables for %d pathways", len(Tables), len(Pathways))
	}
	for i, p := range Pathways {
		if Tables[i].Pathway != p {
			t.Errorf("table %d is %s, want %s", i, Tables[i].Pathway, p)
		}
		last := Tables[i].Rows[len(Tables[i].Rows)-1]
		if last.When != (Cond{}) {
			t.Errorf("%s: last row is %s, want otherwise", p, last.When)
		}
	}
}

func TestOrganisationLetter(t *testing.T) {
	want := map[Pathway]Kind{MissedDate: BulkDateRequest, DeferBooked: EMISDeferralNotice, Proceed: "",
		DeferDPIA: CommissionerLetter, Batch104BeforeLive: "", Batch104AfterLive: "", ManualEnable: ""}
	for p, k := range want {
		if got := OrganisationLetter(p); got != k {
			t.Errorf("OrganisationLetter(%s) = %q, want %q", p, got, k)
		}
	}
	if !TableFor(Proceed).Register {
		t.Error("proceed has no Requests register")
	}
	for _, tb := range Tables {
		if tb.Pathway != Proceed && tb.Register {
			t.Errorf("%s has a Requests register", tb.Pathway)
		}
	}
}

func TestLetterVariants(t *testing.T) {
	want := []LetterVariant{
		{RequestAccess, "missed-date"}, {OptOutNotice, "planned-date"}, {RequestAccess, "defer-booked"},
		{OptOutNotice, "deferred"}, {OptOutNotice, "deferred-104"}, {RequestAccess, "proceed"},
		{OptOutNotice, "going-live"}, {RequestAccess, "defer-dpia"},
		{DPIAUpdate, "defer-dpia"}, {DPIAUpdate, "defer-dpia-104"}, {RequestAccess, "batch104-before-live"},
		{OptOutNotice, "switch-on-date"}, {OptOutNotice, "first-connection"}, {RequestAccess, "batch104-after-live"},
		{RequestAccess, "manual-enable"},
	}
	got := LetterVariants()
	if len(got) != len(want) {
		t.Fatalf("LetterVariants = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("LetterVariants[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	// Only request-access and dpia-update enclose the opt-in form (docs/pack.md).
	for _, tb := range Tables {
		for i, r := range tb.Rows {
			encl := len(r.Enclosures) > 0
			if encl != (r.Letter == RequestAccess || r.Letter == DPIAUpdate) {
				t.Errorf("%s: letter %q with enclosures %v", tb.ID(i), r.Letter, r.Enclosures)
			}
		}
	}
}
