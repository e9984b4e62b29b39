package rules

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Counts sums up a run's decisions: what `accesspack check` prints and the Summary sheet
// shows. It holds counts only, never patient details.
type Counts struct {
	// Options the decisions were made with, for WriteCounts' heading. Count fills only
	// the pathway; a caller that has the dates may set them.
	Options Options

	Rows       int
	Letters    map[Kind]int // patient letters per kind
	LargePrint map[Kind]int // of those, large print
	Enclosures map[Kind]int
	Actions    map[Action]int
	// NotSent counts rows per reason; "duplicate of row N" and "conflicting duplicate rows
	// N and M" are counted under the reasons DuplicateReason and ConflictReason.
	NotSent  map[string]int
	Warnings map[string]int
	States   map[CodeState]int

	// The reconciliation: every row is in letters, or not sent, or has only an action.
	InLetters   int // rows with a letter
	NotSentRows int // rows in Not sent (including review rows, which also have an action)
	ActionsOnly int // rows with an action and neither a letter nor a not sent reason
	Unaccounted int // rows in none of them: always 0 unless there is a bug
}

// The not sent reasons duplicates are counted under.
const (
	DuplicateReason = "duplicate of an earlier row"
	ConflictReason  = "conflicting duplicate rows"
)

// Reconciled reports whether every row is accounted for exactly once in the sums.
func (c Counts) Reconciled() bool {
	return c.Unaccounted == 0 && c.Rows == c.InLetters+c.NotSentRows+c.ActionsOnly
}

// IsDataProblem reports whether a decision is Not sent for a problem with the data rather
// than by a decision of the rules — an invalid NHS number, a duplicate, no date of birth
// (or one in the future or before 1900) or no postal address (docs/rules.md#--strict), or a
// row the reader could not read for certain: what --strict refuses.
func IsDataProblem(d *Decision) bool {
	if d.Patient != nil && d.Patient.Unreadable != "" {
		return true
	}
	switch NotSentGroup(d.NotSent) {
	case NotSentInvalidNHS, DuplicateReason, ConflictReason, NotSentNoDOB, NotSentDOBFuture, NotSentDOBBefore1900, NotSentNoAddress:
		return true
	}
	return false
}

// DataProblems counts the decisions that are Not sent for a problem with the data
// (IsDataProblem) and gives the input row of the first: what --strict reports.
func DataProblems(ds []Decision) (n, firstRow int) {
	for i := range ds {
		if IsDataProblem(&ds[i]) {
			if n == 0 {
				firstRow = ds[i].Row
			}
			n++
		}
	}
	return n, firstRow
}

// NotSentGroup is the reason a Not sent row is counted under.
func NotSentGroup(reason string) string {
	switch {
	case strings.HasPrefix(reason, "duplicate of row"):
		return DuplicateReason
	case strings.HasPrefix(reason, "conflicting duplicate rows"):
		return ConflictReason
	}
	return reason
}

// Count sums up decisions.
func Count(ds []Decision) Counts {
	c := Counts{
		Rows:       len(ds),
		Letters:    map[Kind]int{},
		LargePrint: map[Kind]int{},
		Enclosures: map[Kind]int{},
		Actions:    map[Action]int{},
		NotSent:    map[string]int{},
		Warnings:   map[string]int{},
		States:     map[CodeState]int{},
	}
	if len(ds) > 0 {
		c.Options.Pathway = ds[0].Pathway
	}
	for i := range ds {
		d := &ds[i]
		c.States[d.State]++
		if d.Letter != "" {
			c.Letters[d.Letter]++
			if d.Patient != nil && d.Patient.LargePrint {
				c.LargePrint[d.Letter]++
			}
			for _, e := range d.Enclosures {
				c.Enclosures[e]++
			}
		}
		for _, a := range d.Actions {
			c.Actions[a]++
		}
		if d.NotSent != "" {
			c.NotSent[NotSentGroup(d.NotSent)]++
		}
		for _, w := range d.Warnings {
			c.Warnings[w]++
		}
		switch {
		case d.InLetter():
			c.InLetters++
		case d.IsNotSent():
			c.NotSentRows++
		case d.HasAction():
			c.ActionsOnly++
		default:
			c.Unaccounted++
		}
	}
	return c
}

// notSentOrder is the order WriteCounts lists reasons in: the eligibility checks (docs/rules.md), then the pathways' reasons.
var notSentOrder = []string{NotSentInvalidNHS, DuplicateReason, ConflictReason, NotSentDeceased,
	NotSentNoDOB, NotSentUnder16, NotSentNoAddress, NotSentDeclined, NotSentHasAccess,
	NotSentAtRisk, NotSentAtRiskHand, NotSentAwaiting, NotSentAlreadyLive}

// NotSentReasons lists the reasons counted in NotSent in the order the dry run shows
// them: the eligibility checks first, then the pathways' reasons.
func (c Counts) NotSentReasons() []string {
	return slices.SortedFunc(maps.Keys(c.NotSent), func(a, b string) int {
		return cmp.Or(cmp.Compare(notSentRank(a), notSentRank(b)), strings.Compare(a, b))
	})
}

// WarningTexts lists the warnings counted in Warnings, most frequent first.
func (c Counts) WarningTexts() []string {
	return slices.SortedFunc(maps.Keys(c.Warnings), func(a, b string) int { // most first
		return cmp.Or(cmp.Compare(c.Warnings[b], c.Warnings[a]), strings.Compare(a, b))
	})
}

// StateLabel is a code state as the dry run names it: "blocked (104, no 106 after it)".
func StateLabel(s CodeState) string { return stateLabels[s] }

func notSentRank(reason string) int {
	for i, r := range notSentOrder {
		if strings.HasPrefix(reason, r) {
			return i
		}
	}
	return len(notSentOrder)
}

// WriteCounts writes the dry-run summary a practice manager reads before printing: what
// the pathway would produce, in counts only.
func WriteCounts(w io.Writer, c Counts) error {
	ew := &errWriter{w: w}
	o := c.Options
	t := TableFor(o.Pathway)
	if t != nil {
		ew.printf("Pathway: %s\n  %s.\n", t.Pathway, t.Title)
	}
	if !o.GoLive.IsZero() {
		ew.printf("Go-live date: %s\n", o.GoLive.Long())
	}
	if !o.LetterDate.IsZero() {
		ew.printf("Letter date: %s\n", o.LetterDate.Long())
	}
	if !o.ReplyBy.IsZero() {
		ew.printf("Reply-by date: %s\n", o.ReplyBy.Long())
	}
	if t != nil && t.Pathway == Batch104AfterLive && !o.SwitchOnDate().IsZero() {
		ew.printf("Switch-on date: %s\n", o.SwitchOnDate().Long())
	}
	if t != nil && t.Bulk104() {
		ew.printf("Bulk 104: %s\n", map[bool]string{true: "yes", false: "no"}[o.Bulk104])
	}
	ew.printf("Patient rows: %d\n", c.Rows)
	if notes := Advise(o, &c); len(notes) > 0 {
		ew.printf("\nTo do besides the letters\n")
		for _, n := range notes {
			ew.printf("%s", wrap("  - ", "    ", n))
		}
	}

	ew.printf("\nLetters to patients\n")
	for _, k := range PatientKinds {
		n := c.Letters[k]
		line := fmt.Sprintf("  %-*s %7d", labelWidth, k, n)
		var notes []string
		if lp := c.LargePrint[k]; lp > 0 {
			notes = append(notes, fmt.Sprintf("%d in large print", lp))
		}
		if len(notes) > 0 {
			line += "   (" + strings.Join(notes, ", ") + ")"
		}
		ew.printf("%s\n", line)
	}
	for _, k := range slices.Sorted(maps.Keys(c.Enclosures)) {
		ew.printf("  %-*s %7d\n", labelWidth, strings.TrimSuffix(string(k), "-form")+" forms enclosed", c.Enclosures[k])
	}
	if t != nil {
		if t.Organisation != "" {
			ew.printf("\nLetter to an organisation\n  %-*s %7d\n", labelWidth, t.Organisation, 1)
			ew.printf("%s", wrap("    to ", "    ", t.To))
		}
		if t.Register {
			ew.printf("\nRequests register: %d rows, one per request-access letter\n", c.Letters[RequestAccess])
		}
	}

	ew.printf("\nEMIS actions\n")
	for _, a := range Actions {
		ew.printf("  %-*s %7d\n", labelWidth, a, c.Actions[a])
	}

	if c.Actions[Review] > 0 {
		ew.printf("\nNot sent (rows to review are also in EMIS actions)\n")
	} else {
		ew.printf("\nNot sent\n")
	}
	reasons := c.NotSentReasons()
	if len(reasons) == 0 {
		ew.printf("  none\n")
	}
	for _, r := range reasons {
		ew.printf("  %-*s %7d\n", labelWidth, r, c.NotSent[r])
	}

	ew.printf("\nWarnings (rows to check by hand)\n")
	warns := c.WarningTexts()
	if len(warns) == 0 {
		ew.printf("  none\n")
	}
	for _, wn := range warns {
		ew.printf("  %-*s %7d\n", labelWidth, wn, c.Warnings[wn])
	}

	ew.printf("\nCode states\n")
	for _, s := range CodeStates {
		ew.printf("  %-*s %7d\n", labelWidth, stateLabels[s], c.States[s])
	}

	ew.printf("\nCheck: %d rows = %d with a letter + %d not sent + %d with an action only.\n",
		c.Rows, c.InLetters, c.NotSentRows, c.ActionsOnly)
	if c.Reconciled() {
		ew.printf("Every row is accounted for.\n")
	} else {
		ew.printf("%d rows are NOT ACCOUNTED FOR: this is a bug, please report it.\n", c.Unaccounted)
	}
	return ew.err
}

var stateLabels = map[CodeState]string{
	Declined: "declined (103)",
	Blocked:  "blocked (104, no 106 after it)",
	Cleared:  "cleared (106 after the 104)",
	Uncoded:  "uncoded (no 103, 104 or 106)",
}

// labelWidth fits the longest fixed label, the same-day 104/106 warning.
const labelWidth = len(WarnSameDay104106)

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
