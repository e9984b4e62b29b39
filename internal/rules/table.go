package rules

import (
	"strings"

	"github.com/accesspack/accesspack/internal/patient"
)

// This file holds the pathway tables as data (docs/pathways.md is written from them). Decide reads them to decide and
// WritePathways prints them for a practice manager: one rule, one place.
//
// Letter variants (Row.Variant, and Row.Bulk104Variant when the practice chose bulk 104)
// pick the wording of a letter kind:
//
//	opt-out-notice  "going-live"        access starts on the go-live date unless they opt out
//	                                    (proceed, batch104-before-live)
//	                "planned-date"      the same, but the date is planned, not yet confirmed;
//	                                    the practice will say if it changes (missed-date)
//	                "deferred"          nothing is switched on yet; opt out now or later; how to
//	                                    opt in (defer-booked)
//	                "deferred-104"      the same, and a 104 code is being added to their record
//	                                    (defer-booked with bulk 104)
//	                "switch-on-date"    they have an online account; the practice switches access
//	                                    on from a date after the reply-by date unless they opt out
//	                                    (batch104-after-live and manual-enable, O=Y)
//	                "first-connection"  no online account: access starts when they first connect,
//	                                    on or after that date (batch104-after-live and
//	                                    manual-enable, O=N)
//	request-access  the pathway's name  (each pathway explains the 104 differently)
//	dpia-update     "defer-dpia"        the only pathway that sends it
//	                "defer-dpia-104"    the same, and a 104 code is being added to their record
//	                                    (defer-dpia with bulk 104)

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
		parts = append(parts, "has an online account (NHS App or another GP online services app)")
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
	// Bulk104Variant, if set, replaces Variant when the practice chose bulk 104: the
	// letter then also says that a 104 code is being added. Bulk104About says so briefly.
	Bulk104Variant string
	Bulk104About   string

	Actions []Action
	// Bulk104 are actions added only when the practice chose bulk 104.
	Bulk104 []Action
	// Turning16 extends Bulk104 to patients who are not sent a letter only because they are
	// under 16 on the reference date, but turn 16 within 90 days after the letter date
	// (day 90 in, day 91 out). docs/pathways.md#defer-dpia.
	Turning16 bool
	Detail    string // what to do in EMIS for the actions
	// NotBefore says the actions must wait until the switch-on date (Options.SwitchOnDate),
	// named here in words for the pathways list ("the switch-on date"): the Actions sheet's
	// Detail then starts "not before <date>: ". The letter gives that date too, and the
	// patient has until the reply-by date, before it, to opt out.
	NotBefore string

	NotSent string // not sent reason, or ""

	// Warning is added to the decision when the patient's code state is WarnState.
	WarnState CodeState
	Warning   string
}

// VariantFor is the wording variant of the row's letter: Bulk104Variant when the practice
// chose bulk 104 and the row has one, otherwise Variant.
func (r Row) VariantFor(bulk104 bool) string {
	if bulk104 && r.Bulk104Variant != "" {
		return r.Bulk104Variant
	}
	return r.Variant
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
	// ByHand is true where the practice switches access on patient by patient from the
	// switch-on date: the Summary says how many a day that is (manual-enable in docs/pathways.md).
	ByHand bool
	// Advice is what the practice must know or do besides the letters and actions, for
	// `check`, `generate`, the Summary and the pathways list. No patient data.
	Advice []Advice
	Rows   []Row
}

// Advice is a note to the practice about a pathway.
type Advice struct {
	Text string
	// WithoutBulk104 shows the note only when the practice has not chosen bulk 104.
	WithoutBulk104 bool
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

// Advice shared by pathways.
const (
	adviceManualEnable = "Central bulk enablement is no longer available (NHS England, \"Prospective " +
		"record access: manually enabling patient access\"): if EMIS cannot offer a new bulk-enablement " +
		"date, switch access on patient by patient instead: choose manual-enable."
	adviceRerun = "At least once a week: patients who have set up an online account since your letters " +
		"need access switched on. Code the opt-outs you were told of as 103, run accesspack on a fresh " +
		"EMIS export, and work through its manual-access list only: do not post its letters, as those " +
		"patients have had theirs. Newly registered patients need their letter first: run accesspack on " +
		"an export of just them."
)

// Tables are the seven pathway tables, in the order of docs/pathways.md. Rules apply top to bottom; the first
// row that matches decides.
var Tables = []*Table{
	{
		Pathway: MissedDate, Section: "5.1",
		Title: "Missed the October 2023 date; going live on a new bulk-enablement date",
		Choose: "Your practice did not go live on 31 October 2023 and is booking a new " +
			"bulk-enablement date with the ICB's primary-care IT team and EMIS. NHS England " +
			"now says central bulk enablement is no longer available, so a new date may not be " +
			"offered: if not, choose manual-enable.",
		GoLive:       "the new bulk-enablement date",
		Organisation: BulkDateRequest,
		To:           "the ICB's primary-care IT team, copy to EMIS: asks for a new bulk-enablement date",
		Advice: []Advice{
			{Text: "Send the bulk-date request first. Post the patient letters only once EMIS and the " +
				"ICB have confirmed the go-live date: the letters say you plan to switch access on " +
				"from that date and will tell patients if it changes."},
			{Text: adviceManualEnable},
		},
		Rows: []Row{
			rowDeclined,
			rowAccess,
			rowBlocked(MissedDate),
			{When: Cond{K: Yes}, Who: "Flagged at risk by the practice, but not coded 104",
				Actions: []Action{Review},
				Detail:  "review before go-live: add a 104 if they should not get access automatically",
				NotSent: NotSentAtRisk},
			{When: Cond{}, Letter: OptOutNotice, Variant: "planned-date",
				About: "access is planned to start on the go-live date unless they opt out; they will be told if the date changes"},
		},
	},
	{
		Pathway: DeferBooked, Section: "5.2",
		Title: "Deferring a bulk enablement already booked",
		Choose: "EMIS has a bulk-enablement date booked for your practice and you want to put it " +
			"off. Tell EMIS in writing before the booked date (the pack has the letter), " +
			"and/or choose bulk 104: a 104 code added to every patient, which stops automatic access.",
		GoLive:       "the booked date",
		Organisation: EMISDeferralNotice,
		To:           "EMIS: written instruction not to run the booked enablement",
		Rows: []Row{
			rowDeclined,
			rowAccess,
			rowBlocked(DeferBooked),
			{When: Cond{}, Letter: OptOutNotice, Variant: "deferred",
				About:          "nothing is switched on yet; they can opt out now or later, and how to opt in",
				Bulk104Variant: "deferred-104",
				Bulk104About:   "a 104 code is being added to their record: it stops automatic access, they may see it, and it moves with their record",
				Bulk104:        []Action{Add104},
				Detail:         "add a 104 before the booked date"},
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
		Advice: []Advice{
			{WithoutBulk104: true, Text: "Nothing in this pack stops access being switched on " +
				"automatically, yet the DPIA update tells patients it will not be. If a bulk enablement " +
				"date is booked for your practice, use defer-booked (it writes to EMIS) or choose bulk " +
				"104, which adds a 104 code to every patient."},
		},
		Rows: []Row{
			rowDeclined,
			rowAccess,
			rowBlocked(DeferDPIA),
			{When: Cond{}, Letter: DPIAUpdate, Variant: string(DeferDPIA),
				About:          "why access is deferred, and how to opt in",
				Bulk104Variant: string(DeferDPIA) + "-104",
				Bulk104About:   "a 104 code is being added to their record: it stops automatic access, they may see it, and it moves with their record",
				Enclosures:     []Kind{OptInForm},
				Bulk104:        []Action{Add104}, Turning16: true,
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
		Advice: []Advice{
			{Text: "Switch access on (manual-access) and add the 106 codes only from the switch-on date, " +
				"after the reply-by date, so that patients can opt out first. Patients who set up an " +
				"online account before then need access switched on by hand: run accesspack again on a " +
				"fresh EMIS export on the switch-on date and use its Actions sheet, before adding the 106 codes."},
		},
		Rows: []Row{
			rowDeclined,
			rowAccess,
			{When: Cond{S: Blocked, V: Safe, O: Yes}, Letter: OptOutNotice, Variant: "switch-on-date",
				About:     "access is switched on from the switch-on date unless they opt out by the reply-by date",
				Actions:   []Action{ManualAccess},
				NotBefore: "the switch-on date",
				Detail:    "switch on access to new entries (prospective access) by hand in EMIS: codes no longer change an existing account"},
			{When: Cond{S: Blocked, V: Safe, O: No}, Letter: OptOutNotice, Variant: "first-connection",
				About:     "access starts when they first connect, on or after the switch-on date",
				Actions:   []Action{Add106},
				NotBefore: "the switch-on date",
				Detail:    "add a 106, entered after the 104: access starts at their first connection"},
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
	{
		Pathway: ManualEnable, Section: "5.7",
		Title: "Not live yet, and central bulk enablement is no longer available: switching access " +
			"on patient by patient from the go-live date",
		Choose: "Your practice has not gone live, and EMIS can no longer run a bulk enablement for " +
			"you (NHS England: the central function is \"no longer available\"). From the go-live " +
			"date you switch access on in EMIS yourself, patient by patient, those with an NHS App " +
			"account first. The go-live date must be after the reply-by date.",
		GoLive: "the date you start switching access on (after the reply-by date)",
		ByHand: true,
		Advice: []Advice{
			{Text: "Before the go-live date, set your organisation's default for new online users in " +
				"EMAS Manager so that they get access to new entries (prospective access)."},
			{Text: adviceRerun},
		},
		Rows: []Row{
			rowDeclined,
			rowAccess,
			rowBlocked(ManualEnable),
			{When: Cond{K: Yes}, Who: "Flagged at risk by the practice, but not coded 104",
				Actions: []Action{Review},
				Detail:  "review before switching on: add a 104 if they should not get access",
				NotSent: NotSentAtRiskHand},
			{When: Cond{O: Yes}, Letter: OptOutNotice, Variant: "switch-on-date",
				About:     "access is switched on from the go-live date unless they opt out by the reply-by date",
				Actions:   []Action{ManualAccess},
				NotBefore: "the go-live date",
				Detail:    "switch on access to new entries (prospective access) by hand in EMIS; these patients first"},
			{When: Cond{}, Letter: OptOutNotice, Variant: "first-connection",
				About: "access starts when they first connect, on or after the go-live date"},
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
			for _, v := range []string{r.Variant, r.Bulk104Variant} {
				lv := LetterVariant{r.Letter, v}
				if r.Letter != "" && v != "" && !seen[lv] {
					seen[lv] = true
					out = append(out, lv)
				}
			}
		}
	}
	return out
}
