package rules

import (
	"strings"

	"github.com/accesspack/accesspack/internal/patient"
)

// This file holds the pathway tables as data (docs/pathways.md is written from them). Decide reads them to decide and
// WritePathways prints them for a practice manager: one rule, one place.
//
// Letter variants (Row.Variant) pick the wording of a letter kind:
//
//	opt-out-notice  "going-live"        access starts on the go-live date unless they opt out
//	                                    (missed-date, proceed, batch104-before-live)
//	                "deferred"          nothing is switched on yet; opt out now or later; how to
//	                                    opt in (defer-booked)
//	                "switched-on-now"   access is being switched on now (batch104-after-live, O=Y)
//	                "first-connection"  access starts when they first connect through the NHS App
//	                                    (batch104-after-live, O=N)
//	request-access  the pathway's name  (each pathway explains the 104 differently)
//	dpia-update     the pathway's name  ("defer-dpia", the only one)

// Flag matches a yes/no fact of a patient (A, O, K in docs/pathways.md). Any matches both.
type Flag int8

const (
	Any Flag = iota
	Yes
	No
)

func (f Flag) matches(v bool) bool { return f == Any || (f == Yes) == v }

// ReviewIs matches the review outcome V. AnyReview matches every outcome.
type ReviewIs int8

const (
	AnyReview ReviewIs = iota
	Safe
	Unsafe
	NotReviewed // review outcome blank
)

func (r ReviewIs) matches(v patient.Review) bool {
	switch r {
	case Safe:
		return v == patient.ReviewSafe
	case Unsafe:
		return v == patient.ReviewUnsafe
	case NotReviewed:
		return v == patient.ReviewBlank
	}
	return true
}

// Cond is the condition column of a pathway table row. Zero fields match anything, so the
// zero Cond is "otherwise".
type Cond struct {
	S CodeState // code state; "" matches any
	A Flag      // already has prospective access
	K Flag      // flagged at risk by the practice
	V ReviewIs  // review outcome
	O Flag      // has an online services account
}

// Matches reports whether the patient, whose code state is s, meets the condition.
func (c Cond) Matches(s CodeState, p *patient.Patient) bool {
	return (c.S == "" || c.S == s) && c.A.matches(p.HasAccess) && c.K.matches(p.AtRisk) &&
		c.V.matches(p.Review) && c.O.matches(p.OnlineAccount)
}

// String is the condition in docs/pathways.md's shorthand: "S=blocked, V=safe, O=Y", or "otherwise".
func (c Cond) String() string {
	var parts []string
	if c.S != "" {
		parts = append(parts, "S="+string(c.S))
	}
	yn := func(name string, f Flag) {
		if f != Any {
			parts = append(parts, name+"="+map[Flag]string{Yes: "Y", No: "N"}[f])
		}
	}
	yn("A", c.A)
	yn("K", c.K)
	if c.V != AnyReview {
		parts = append(parts, "V="+map[ReviewIs]string{Safe: "safe", Unsafe: "unsafe", NotReviewed: "blank"}[c.V])
	}
	yn("O", c.O)
	if len(parts) == 0 {
		return "otherwise"
	}
	return strings.Join(parts, ", ")
}

// Plain is the condition in words for a practice manager.
func (c Cond) Plain() string {
	var parts []string
	switch c.S {
	case Declined:
		parts = append(parts, "coded 103: declined online access")
	case Blocked:
		parts = append(parts, "coded 104, with no 106 entered after it")
	case Cleared:
		parts = append(parts, "coded 106 after the 104")
	case Uncoded:
		parts = append(parts, "no 103, 104 or 106 code")
	}
	switch c.A {
	case Yes:
		parts = append(parts, "already has online access to their record (prospective access)")
	case No:
		parts = append(parts, "does not have access yet")
	}
	switch c.K {
	case Yes:
		parts = append(parts, "flagged at risk by the practice")
	case No:
		parts = append(parts, "not flagged at risk")
	}
	switch c.V {
	case Safe:
		parts = append(parts, "reviewed: safe to have access")
	case Unsafe:
		parts = append(parts, "reviewed: not safe to have access")
	case NotReviewed:
		parts = append(parts, "not reviewed yet (review outcome blank)")
	}
	switch c.O {
	case Yes:
		parts = append(parts, "has an online account (NHS App)")
	case No:
		parts = append(parts, "no online account")
	}
	if len(parts) == 0 {
		return "Everyone else"
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// Row is one row of a pathway table: when it applies and what it gives.
type Row struct {
	When Cond
	Who  string // plain words for When, where Cond.Plain needs help; "" uses Cond.Plain

	Letter     Kind   // patient letter, or ""
	Variant    string // wording variant of Letter (see the list at the top of this file)
	About      string // what this variant of the letter tells the patient, in a few words
	Enclosures []Kind

	Actions []Action
	// Bulk104 are actions added only when the practice chose bulk 104.
	Bulk104 []Action
	// Turning16 extends Bulk104 to patients who are not sent a letter only because they are
	// under 16 on the reference date, but turn 16 within 90 days after the letter date
	// (day 90 in, day 91 out). docs/pathways.md#defer-dpia.
	Turning16 bool
	Detail    string // what to do in EMIS for the actions

	NotSent string // not sent reason, or ""

	// Warning is added to the decision when the patient's code state is WarnState.
	WarnState CodeState
	Warning   string
}

// Outcome is the row's result in docs/pathways.md's shorthand: "request-access + opt-in-form; add-106".
func (r Row) Outcome(bulk104 bool) string {
	var parts []string
	if r.Letter != "" {
		l := string(r.Letter)
		for _, e := range r.Enclosures {
			l += " + " + string(e)
		}
		parts = append(parts, l)
	}
	acts := r.Actions
	if bulk104 {
		acts = append(acts[:len(acts):len(acts)], r.Bulk104...)
	}
	for _, a := range acts {
		parts = append(parts, string(a))
	}
	if r.NotSent != "" {
		parts = append(parts, "not sent: "+r.NotSent)
	}
	return strings.Join(parts, "; ")
}

// Table is one pathway of docs/pathways.md.
type Table struct {
	Pathway Pathway
	Section string // "5.1"
	Title   string // one line
	Choose  string // when to choose it
	GoLive  string // what --go-live means for this pathway
	// Live is true for a practice that has already gone live: ages are then checked on the
	// letter date rather than the go-live date (docs/rules.md, reference date).
	Live bool
	// Organisation is the letter to an organisation, if any, and To whom it goes.
	Organisation Kind
	To           string
	// Register says the pack has a Requests register sheet (docs/pathways.md#proceed).
	Register bool
	Rows     []Row
}

// Bulk104 reports whether bulk 104 means anything in this pathway.
func (t *Table) Bulk104() bool {
	for _, r := range t.Rows {
		if len(r.Bulk104) > 0 {
			return true
		}
	}
	return false
}

// ID names a row of the table for reasons and test names: "5.3 S=blocked".
func (t *Table) ID(i int) string { return t.Section + " " + t.Rows[i].When.String() }

// The rows every pathway starts with.
var (
	rowDeclined = Row{When: Cond{S: Declined}, NotSent: NotSentDeclined}
	rowAccess   = Row{When: Cond{A: Yes}, NotSent: NotSentHasAccess}
)

func rowBlocked(p Pathway) Row {
	return Row{When: Cond{S: Blocked}, Letter: RequestAccess, Variant: string(p),
		About:      "they will not get access automatically, and can ask for it",
		Enclosures: []Kind{OptInForm}}
}

// Tables are the six pathway tables, in the order of docs/pathways.md. Rules apply top to bottom; the first
// row that matches decides.
var Tables = []*Table{
	{
		Pathway: MissedDate, Section: "5.1",
		Title: "Missed the October 2023 date; going live on a new bulk-enablement date",
		Choose: "Your practice did not go live on 31 October 2023 and is booking a new " +
			"bulk-enablement date with the ICB's primary-care IT team and EMIS.",
		GoLive:       "the new bulk-enablement date",
		Organisation: BulkDateRequest,
		To:           "the ICB's primary-care IT team, copy to EMIS: asks for a new bulk-enablement date",
		Rows: []Row{
			rowDeclined,
			rowAccess,
			rowBlocked(MissedDate),
			{When: Cond{K: Yes}, Who: "Flagged at risk by the practice, but not coded 104",
				Actions: []Action{Review},
				Detail:  "review before go-live: add a 104 if they should not get access automatically",
				NotSent: NotSentAtRisk},
			{When: Cond{}, Letter: OptOutNotice, Variant: "going-live",
				About: "access starts on the go-live date unless they opt out"},
		},
	},
	{
		Pathway: DeferBooked, Section: "5.2",
		Title: "Deferring a bulk enablement already booked",
		Choose: "EMIS has a bulk-enablement date booked for your practice and you want to put it " +
			"off. Tell EMIS in writing before the booked date (the pack has the letter), " +
			"and/or add a 104 to every patient (--bulk-104).",
		GoLive:       "the booked date",
		Organisation: EMISDeferralNotice,
		To:           "EMIS: written instruction not to run the booked enablement",
		Rows: []Row{
			rowDeclined,
			rowAccess,
			rowBlocked(DeferBooked),
			{When: Cond{}, Letter: OptOutNotice, Variant: "deferred",
				About:   "nothing is switched on yet; they can opt out now or later, and how to opt in",
				Bulk104: []Action{Add104},
				Detail:  "add a 104 before the booked date"},
		},
	},
	{
		Pathway: Proceed, Section: "5.3",
		Title:    "Proceeding with bulk enablement on the go-live date as planned",
		Choose:   "You are going live as planned and want to write to your patients first.",
		GoLive:   "the planned go-live date",
		Register: true,
		Rows: []Row{
			rowDeclined,
			rowAccess,
			rowBlocked(Proceed),
			{When: Cond{}, Letter: OptOutNotice, Variant: "going-live",
				About: "access starts on the go-live date unless they opt out"},
		},
	},
	{
		Pathway: DeferDPIA, Section: "5.4",
		Title: "Deferring because of concerns found in the practice's DPIA (opt-in model)",
		Choose: "Your data protection impact assessment (DPIA) found concerns, so you are " +
			"deferring and patients get access when they ask for it (opt-in).",
		GoLive:       "the date bulk enablement would otherwise happen",
		Organisation: CommissionerLetter,
		To:           "the ICB (your commissioner): your DPIA concerns and your approach",
		Rows: []Row{
			rowDeclined,
			rowAccess,
			rowBlocked(DeferDPIA),
			{When: Cond{}, Letter: DPIAUpdate, Variant: string(DeferDPIA),
				About:      "why access is deferred, and how to opt in",
				Enclosures: []Kind{OptInForm},
				Bulk104:    []Action{Add104}, Turning16: true,
				Detail: "add a 104 before the go-live date, or for someone turning 16 soon, " +
					"before their 16th birthday"},
		},
	},
	{
		Pathway: Batch104BeforeLive, Section: "5.5",
		Title: "Everyone batch-coded 104; now giving access; not live yet",
		Choose: "You added a 104 to every patient, have not gone live yet, and now want to give " +
			"access to those who can safely have it. Record each review outcome (safe or " +
			"unsafe) in the list first.",
		GoLive: "the go-live date",
		Rows: []Row{
			rowDeclined,
			rowAccess,
			{When: Cond{S: Blocked, V: Safe}, Letter: OptOutNotice, Variant: "going-live",
				About:   "access starts on the go-live date unless they opt out",
				Actions: []Action{Add106},
				Detail:  "add a 106, entered after the 104, before the go-live date"},
			{When: Cond{S: Blocked, V: Unsafe}, Letter: RequestAccess, Variant: string(Batch104BeforeLive),
				About:      "they will not get access automatically, and can ask for it",
				Enclosures: []Kind{OptInForm}},
			{When: Cond{S: Blocked, V: NotReviewed}, Actions: []Action{Review},
				Detail:  "review the record before go-live, enter the outcome (safe or unsafe) in the list and run accesspack again",
				NotSent: NotSentAwaiting},
			{When: Cond{}, Who: "Everyone else (a 106 after the 104, or no code)",
				Letter: OptOutNotice, Variant: "going-live",
				About:     "access starts on the go-live date unless they opt out",
				WarnState: Uncoded, Warning: WarnNo104},
		},
	},
	{
		Pathway: Batch104AfterLive, Section: "5.6",
		Title: "Everyone batch-coded 104; now giving access; already live",
		Choose: "You added a 104 to every patient, have already gone live, and now want to give " +
			"access to those who can safely have it. Record each review outcome (safe or " +
			"unsafe) in the list first.",
		GoLive: "the date you went live (for the letters)",
		Live:   true,
		Rows: []Row{
			rowDeclined,
			rowAccess,
			{When: Cond{S: Blocked, V: Safe, O: Yes}, Letter: OptOutNotice, Variant: "switched-on-now",
				About:   "access is being switched on now",
				Actions: []Action{ManualAccess},
				Detail:  "switch on access to the full record by hand in EMIS: codes no longer change an existing account"},
			{When: Cond{S: Blocked, V: Safe, O: No}, Letter: OptOutNotice, Variant: "first-connection",
				About:   "access starts when they first connect through the NHS App",
				Actions: []Action{Add106},
				Detail:  "add a 106, entered after the 104: access starts at their first NHS login connection"},
			{When: Cond{S: Blocked, V: Unsafe}, Letter: RequestAccess, Variant: string(Batch104AfterLive),
				About:      "they will not get access automatically, and can ask for it",
				Enclosures: []Kind{OptInForm}},
			{When: Cond{S: Blocked, V: NotReviewed}, Actions: []Action{Review},
				Detail:  "review the record, enter the outcome (safe or unsafe) in the list and run accesspack again",
				NotSent: NotSentAwaiting},
			{When: Cond{}, Who: "Everyone else (a 106 after the 104, or no code)",
				NotSent: NotSentAlreadyLive},
		},
	},
}

// TableFor returns the table of pathway p, or nil for an unknown pathway.
func TableFor(p Pathway) *Table {
	for _, t := range Tables {
		if t.Pathway == p {
			return t
		}
	}
	return nil
}

// OrganisationLetter is the letter to an organisation that pathway p calls for, or "".
func OrganisationLetter(p Pathway) Kind {
	if t := TableFor(p); t != nil {
		return t.Organisation
	}
	return ""
}

// LetterVariant is a patient letter kind with one of its wording variants.
type LetterVariant struct {
	Kind    Kind
	Variant string
}

// LetterVariants lists every letter kind and variant the tables can produce, in table
// order, each once. Templates must cover all of them.
func LetterVariants() []LetterVariant {
	var out []LetterVariant
	seen := map[LetterVariant]bool{}
	for _, t := range Tables {
		for _, r := range t.Rows {
			lv := LetterVariant{r.Letter, r.Variant}
			if r.Letter != "" && !seen[lv] {
				seen[lv] = true
				out = append(out, lv)
			}
		}
	}
	return out
}
