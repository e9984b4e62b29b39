package rules

import (
	"bytes"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/golden"
	"github.com/accesspack/accesspack/internal/patient"
)

// smallList is a hand-made list for batch104-before-live: two safe, one unsafe, one not
// reviewed, one declined, one uncoded, one child, one duplicate, one bad postcode.
func smallList() []patient.Patient {
	var ps []patient.Patient
	add := func(mods ...mod) {
		p := with(mods...)
		p.Row = len(ps) + 2
		p.NHS = nhsNumber(100 + len(ps))
		p.Forename = strings.Repeat("A", len(ps)+1)
		ps = append(ps, p)
	}
	add(blocked, safe)
	add(blocked, safe, func(p *patient.Patient) { p.LargePrint = true })
	add(blocked, unsafe)
	add(blocked)
	add(declined)
	add()
	add(dob(civil.New(2015, 1, 1)))
	add(blocked, safe, func(p *patient.Patient) { p.Postcode, p.PostcodeValid = "LS6", false })
	dup := ps[0]
	dup.Row = len(ps) + 2
	ps = append(ps, dup)
	return ps
}

func TestCount(t *testing.T) {
	ps := smallList()
	ds := Decide(ps, opts(Batch104BeforeLive))
	c := Count(ds)
	if c.Options.Pathway != Batch104BeforeLive || c.Rows != 9 {
		t.Fatalf("pathway %q, rows %d", c.Options.Pathway, c.Rows)
	}
	eq := func(what string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %d, want %d", what, got, want)
		}
	}
	eq("opt-out-notice", c.Letters[OptOutNotice], 4)
	eq("large print opt-out-notice", c.LargePrint[OptOutNotice], 1)
	eq("request-access", c.Letters[RequestAccess], 1)
	eq("opt-in-form enclosed", c.Enclosures[OptInForm], 1)
	eq("add-106", c.Actions[Add106], 3)
	eq("review", c.Actions[Review], 1)
	eq("declined", c.NotSent[NotSentDeclined], 1)
	eq("awaiting review", c.NotSent[NotSentAwaiting], 1)
	eq("duplicates", c.NotSent[DuplicateReason], 1)
	eq("under 16", c.NotSent["under 16 on 1 December 2026"], 1)
	eq("postcode warnings", c.Warnings[WarnPostcode], 1)
	eq("no 104 warnings", c.Warnings[WarnNo104], 1)
	eq("blocked", c.States[Blocked], 6)
	eq("in letters", c.InLetters, 5)
	eq("not sent", c.NotSentRows, 4)
	eq("actions only", c.ActionsOnly, 0)
	if !c.Reconciled() {
		t.Error("does not reconcile")
	}
	c.Unaccounted = 1
	if c.Reconciled() {
		t.Error("reconciles with an unaccounted row")
	}
}

func TestWriteCounts(t *testing.T) {
	o := opts(Batch104BeforeLive)
	c := Count(Decide(smallList(), o))
	c.Options = o
	var b bytes.Buffer
	if err := WriteCounts(&b, c); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/counts.txt", b.Bytes())
	// Counts only: no name, NHS number or address ever appears.
	for _, p := range smallList() {
		for _, s := range []string{p.NHS, p.Surname, p.Address[0], p.Postcode} {
			if strings.Contains(b.String(), s) {
				t.Errorf("summary contains patient detail %q", s)
			}
		}
	}
}

func TestWriteCountsOrganisationAndRegister(t *testing.T) {
	for _, o := range allOptions() {
		c := Count(Decide(smallList(), o))
		c.Options = o
		var b bytes.Buffer
		if err := WriteCounts(&b, c); err != nil {
			t.Fatal(err)
		}
		s := b.String()
		if k := OrganisationLetter(o.Pathway); k != "" && !strings.Contains(s, string(k)) {
			t.Errorf("%s: organisation letter %s missing", optionsName(o), k)
		}
		if strings.Contains(s, "Requests register") != (o.Pathway == Proceed) {
			t.Errorf("%s: Requests register line wrong:\n%s", optionsName(o), s)
		}
		if strings.Contains(s, "Bulk 104:") != TableFor(o.Pathway).Bulk104() {
			t.Errorf("%s: Bulk 104 line wrong", optionsName(o))
		}
	}
}
