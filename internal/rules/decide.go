package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/postcode"
)

// Decision is what the pathway obliges the practice to do for one input row.
//
// Every decision is in at least one of: a letter sheet (Letter), the Actions sheet
// (Actions) or the Not sent sheet (NotSent). A review row is in both Actions and Not sent.
type Decision struct {
	Row     int // input row number (header = row 1)
	Patient *patient.Patient
	Pathway Pathway
	State   CodeState

	Letter     Kind   // patient letter, or "" for none
	Variant    string // wording variant of Letter
	Enclosures []Kind // e.g. opt-in-form

	Actions []Action
	Detail  string // what to do in EMIS for the Actions, for the Actions sheet
	// NotBefore is the date the Actions must wait for (the switch-on date, where the
	// practice switches access on itself); zero when they need not wait.
	NotBefore civil.Date

	NotSent  string // reason for the Not sent sheet, or ""
	Warnings []string

	// Rule names the table row that decided: "4 under 16", "5.3 S=blocked".
	Rule string
	// Reason says why, for people: "5.3 proceed: S=blocked → request-access + opt-in-form".
	Reason string
}

// Sheet membership, for the reconciliation invariant (docs/rules.md#every-row-is-accounted-for).
func (d *Decision) InLetter() bool  { return d.Letter != "" }
func (d *Decision) HasAction() bool { return len(d.Actions) > 0 }
func (d *Decision) IsNotSent() bool { return d.NotSent != "" }

// Turning16Days is how many days after the letter date a 15-year-old may turn 16 and still
// get the bulk-104 action of docs/pathways.md#defer-dpia (day 90 in, day 91 out).
const Turning16Days = 90

// An eligibility check (docs/rules.md#eligibility). Checks run in order; the first that fails is the reason.
type eligibilityCheck struct {
	Name string // short name, used in rule ids: "4 under 16"
	If   string // the condition in words
	Then string // the not sent reason in words
	fail func(c *checkInput) string
}

type checkInput struct {
	p      *patient.Patient
	dup    string // "duplicate of row N" or "conflicting duplicate rows …", or ""
	ref    civil.Date
	letter civil.Date
}

// checkUnder16 names the one eligibility check a table row can add an action to
// (Row.Turning16).
const checkUnder16 = "under 16"

// eligibility is the table of docs/rules.md#eligibility, in order (TestDocsEligibility writes
// it there), after the check that the reader could read the row at all.
var eligibility = []eligibilityCheck{
	{"row not read", "The row could not be read for certain: its cells are shifted (a comma too many or too few), it is hidden or filtered out in the spreadsheet, a cell is longer than a spreadsheet cell can be, or its address ends in a postcode other than the Postcode column's",
		"the reader's reason, e.g. cells shifted: check the row",
		func(c *checkInput) string { return c.p.Unreadable }},
	{"invalid NHS number", "NHS number blank, not 10 digits, or its check digit is wrong",
		NotSentInvalidNHS,
		func(c *checkInput) string {
			if !c.p.NHSValid() {
				return NotSentInvalidNHS
			}
			return ""
		}},
	{"duplicate", "NHS number already on an earlier row",
		"duplicate of row N (N is the first row with that number); if the rows differ in name, " +
			"date of birth or address, every row with that number: conflicting duplicate rows N and M",
		func(c *checkInput) string { return c.dup }},
	{"deceased", "Marked deceased, or has a date of death", NotSentDeceased,
		func(c *checkInput) string {
			if c.p.Deceased {
				return NotSentDeceased
			}
			return ""
		}},
	{"no date of birth", "No date of birth (or one that could not be read)", NotSentNoDOB,
		func(c *checkInput) string {
			if c.p.DOB.IsZero() {
				return NotSentNoDOB
			}
			return ""
		}},
	{"date of birth in the future", "Date of birth after the letter date: a mistake in the record, not a child", NotSentDOBFuture,
		func(c *checkInput) string {
			if c.p.DOB.After(c.letter) {
				return NotSentDOBFuture
			}
			return ""
		}},
	{"date of birth before 1900", "Date of birth before 1900: a mistake or a placeholder in the record", NotSentDOBBefore1900,
		func(c *checkInput) string {
			if c.p.DOB.Year < 1900 {
				return NotSentDOBBefore1900
			}
			return ""
		}},
	{checkUnder16, "Under 16 on the reference date (the go-live date; for a practice already live, the letter date)",
		"under 16 on <date>, e.g. under 16 on 1 December 2026",
		func(c *checkInput) string {
			if c.p.DOB.AgeOn(c.ref) < 16 {
				return NotSentUnder16 + c.ref.Long()
			}
			return ""
		}},
	{"no postal address", "No address line, no postcode (or one that cannot be a postcode, such as UNKNOWN), or a ZZ99 pseudo-postcode", NotSentNoAddress,
		func(c *checkInput) string {
			if !hasPostalAddress(c.p) {
				return NotSentNoAddress
			}
			return ""
		}},
}

func hasPostalAddress(p *patient.Patient) bool {
	line := false
	for _, l := range p.Address {
		if strings.TrimSpace(l) != "" {
			line = true
			break
		}
	}
	pc := strings.TrimSpace(p.Postcode)
	return line && postcode.Plausible(pc) && !postcode.IsPseudo(pc)
}

func postcodeLooksRight(p *patient.Patient) bool {
	if p.PostcodeValid {
		return true
	}
	_, ok := postcode.Normalise(p.Postcode)
	return ok
}

// Decide returns one Decision per input row, in the same order. Duplicates are found across
// all rows. o must have passed Validate; Decide panics on an unknown pathway.
func Decide(ps []patient.Patient, o Options) []Decision {
	t := TableFor(o.Pathway)
	if t == nil {
		panic("rules.Decide: unknown pathway " + strconv.Quote(string(o.Pathway)))
	}
	dups := duplicates(ps)
	ref := o.ReferenceDate()
	// The reason and detail of each table row are the same for every patient it decides.
	rs := rowTexts{
		reasons: make([]string, len(t.Rows)), ids: make([]string, len(t.Rows)),
		details: make([]string, len(t.Rows)),
	}
	for i, r := range t.Rows {
		rs.ids[i] = t.ID(i)
		rs.reasons[i] = fmt.Sprintf("%s %s: %s → %s", t.Section, t.Pathway, r.When, r.Outcome(o.Bulk104))
		rs.details[i] = detail(r, o)
	}
	ds := make([]Decision, len(ps))
	for i := range ps {
		ds[i] = decide(&ps[i], dups[i], ref, t, o, &rs)
	}
	return ds
}

// rowTexts are the texts of a table's rows, per row.
type rowTexts struct{ reasons, ids, details []string }

// detail is the Actions sheet's Detail for the actions of row r: its Detail, after
// "not before <date>: " when the actions must wait for the switch-on date.
func detail(r Row, o Options) string {
	if r.NotBefore == "" {
		return r.Detail
	}
	return "not before " + o.SwitchOnDate().Long() + ": " + r.Detail
}

func decide(p *patient.Patient, dup string, ref civil.Date, t *Table, o Options, rs *rowTexts) Decision {
	d := Decision{Row: p.Row, Patient: p, Pathway: t.Pathway}
	state, stateWarnings := State(p)
	d.State = state
	d.Warnings = append(d.Warnings, p.Problems...)

	in := checkInput{p: p, dup: dup, ref: ref, letter: o.LetterDate}
	for _, c := range eligibility {
		reason := c.fail(&in)
		if reason == "" {
			continue
		}
		d.NotSent = reason
		d.Rule = "4 " + c.Name
		d.Reason = "4 eligibility: " + c.Name + " → not sent: " + reason
		if c.Name == checkUnder16 && o.Bulk104 {
			i, r := match(t, state, p)
			if r.Turning16 && turns16Soon(p.DOB, o.LetterDate) {
				d.Actions = slices.Clip(r.Bulk104)
				d.Detail = rs.details[i]
				d.Warnings = append(d.Warnings, stateWarnings...)
				d.Reason += fmt.Sprintf("; %s %s bulk 104: turns 16 within %d days after the letter date → %s",
					t.ID(i), t.Pathway, Turning16Days, joinActions(r.Bulk104))
			}
		}
		return d
	}

	i, r := match(t, state, p)
	d.Rule = rs.ids[i]
	d.Letter, d.Variant, d.Enclosures = r.Letter, r.VariantFor(o.Bulk104), slices.Clip(r.Enclosures)
	d.Actions = slices.Clip(r.Actions)
	if o.Bulk104 && len(r.Bulk104) > 0 {
		d.Actions = append(d.Actions, r.Bulk104...)
	}
	if len(d.Actions) > 0 {
		d.Detail = rs.details[i]
		if r.NotBefore != "" {
			d.NotBefore = o.SwitchOnDate()
		}
	}
	d.NotSent = r.NotSent
	d.Warnings = append(d.Warnings, stateWarnings...)
	if d.Letter != "" && !postcodeLooksRight(p) {
		d.Warnings = append(d.Warnings, WarnPostcode)
	}
	if r.Warning != "" && state == r.WarnState {
		d.Warnings = append(d.Warnings, r.Warning)
	}
	d.Reason = rs.reasons[i]
	return d
}

// match returns the first row of t that the patient meets. The last row of every table
// is "otherwise", so there always is one.
func match(t *Table, s CodeState, p *patient.Patient) (int, *Row) {
	for i := range t.Rows {
		if t.Rows[i].When.Matches(s, p) {
			return i, &t.Rows[i]
		}
	}
	panic("rules: table " + string(t.Pathway) + " has no otherwise row")
}

// turns16Soon reports whether someone born on dob is 15 on the letter date and turns 16
// within Turning16Days days after it.
func turns16Soon(dob, letter civil.Date) bool {
	return dob.AgeOn(letter) == 15 && dob.AgeOn(letter.AddDays(Turning16Days)) >= 16
}

func joinActions(as []Action) string {
	var s []string
	for _, a := range as {
		s = append(s, string(a))
	}
	return strings.Join(s, ", ")
}

// duplicates returns, per row, the duplicate reason of docs/rules.md#eligibility, or "". Rows
// with an invalid NHS number, or that the reader could not read, take no part: they fail a
// check before.
func duplicates(ps []patient.Patient) []string {
	out := make([]string, len(ps))
	first := make(map[string]int, len(ps))
	var groups map[int][]int // first index → all indices with that number, when more than one
	for i := range ps {
		if !ps[i].NHSValid() || ps[i].Unreadable != "" {
			continue
		}
		f, seen := first[ps[i].NHS]
		if !seen {
			first[ps[i].NHS] = i
			continue
		}
		if groups == nil {
			groups = map[int][]int{}
		}
		if groups[f] == nil {
			groups[f] = []int{f}
		}
		groups[f] = append(groups[f], i)
	}
	for f, rows := range groups {
		key := identity(&ps[f])
		conflict := false
		for _, i := range rows[1:] {
			if identity(&ps[i]) != key {
				conflict = true
				break
			}
		}
		if !conflict {
			for _, i := range rows[1:] {
				out[i] = "duplicate of row " + strconv.Itoa(ps[f].Row)
			}
			continue
		}
		nums := make([]string, len(rows))
		for j, i := range rows {
			nums[j] = strconv.Itoa(ps[i].Row)
		}
		reason := "conflicting duplicate rows " + strings.Join(nums[:len(nums)-1], ", ") + " and " + nums[len(nums)-1]
		for _, i := range rows {
			out[i] = reason
		}
	}
	return out
}

// identity is what two rows with the same NHS number must share to be plain duplicates
// (docs/rules.md#what-the-checks-mean-exactly): name ignoring case and spacing, date of birth, and address lines and postcode
// ignoring case and spacing. Address lines are compared joined, so the same address split
// over lines differently still matches.
func identity(p *patient.Patient) string {
	var b strings.Builder
	squash := func(s string) {
		for _, r := range s {
			if !unicode.IsSpace(r) {
				b.WriteRune(unicode.ToLower(r))
			}
		}
		b.WriteByte(0)
	}
	squash(p.Forename)
	squash(p.Surname)
	b.WriteString(p.DOB.String())
	b.WriteByte(0)
	squash(strings.Join(p.Address, ""))
	squash(p.Postcode)
	return b.String()
}
