package rules

import (
	"bytes"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/patient"
)

func hasNote(notes []string, words ...string) bool {
	for _, n := range notes {
		all := true
		for _, w := range words {
			all = all && strings.Contains(n, w)
		}
		if all {
			return true
		}
	}
	return false
}

// missed-date: the patient letters give a date not agreed yet, so the practice is told to
// post them only once it is confirmed; and that central bulk enablement may be gone.
func TestAdviceMissedDate(t *testing.T) {
	notes := Advise(opts(MissedDate), nil)
	if !hasNote(notes, "only once", "confirmed") {
		t.Errorf("no 'post only once confirmed' note: %q", notes)
	}
	if !hasNote(notes, "no longer available", "manual-enable") {
		t.Errorf("no pointer to manual-enable: %q", notes)
	}
	if !strings.Contains(TableFor(MissedDate).Choose, "manual-enable") {
		t.Errorf("missed-date's 'when to choose it' does not point to manual-enable")
	}
}

// defer-dpia without bulk 104: nothing in the pack stops automatic access, so a booked
// date needs defer-booked or bulk 104. With bulk 104 the warning goes.
func TestAdviceDeferDPIAWithoutBulk104(t *testing.T) {
	o := opts(DeferDPIA)
	if !hasNote(Advise(o, nil), "defer-booked", "bulk 104") {
		t.Errorf("no warning without bulk 104: %q", Advise(o, nil))
	}
	o.Bulk104 = true
	if hasNote(Advise(o, nil), "defer-booked") {
		t.Errorf("warning still given with bulk 104: %q", Advise(o, nil))
	}
	var b bytes.Buffer
	o.Bulk104 = false
	c := Count(Decide(smallList(), o))
	c.Options = o
	if err := WriteCounts(&b, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "use defer-booked") {
		t.Errorf("check's counts do not carry the warning:\n%s", b.String())
	}
}

// manual-enable: the standing tasks, and how many a day to finish within the working days.
func TestAdviceManualEnable(t *testing.T) {
	o := opts(ManualEnable)
	var ps []patient.Patient
	for i := 0; i < 41; i++ {
		p := with(online)
		p.Row, p.NHS = i+2, nhsNumber(1000+20*i)
		ps = append(ps, p)
	}
	c := Count(Decide(ps, o))
	if c.Actions[ManualAccess] != 41 {
		t.Fatalf("manual-access = %d, want 41", c.Actions[ManualAccess])
	}
	notes := Advise(o, &c)
	if !hasNote(notes, "41 patients", "3 a day", "20 working days", "1 December 2026") {
		t.Errorf("no daily figure (41 in 20 days is 3 a day): %q", notes)
	}
	o.WorkingDays = 5
	if !hasNote(Advise(o, &c), "9 a day", "5 working days") {
		t.Errorf("working days not used: %q", Advise(o, &c))
	}
	if !hasNote(notes, "EMAS Manager", "Before the go-live date") {
		t.Errorf("no EMAS Manager default task: %q", notes)
	}
	// The weekly review switches on access for new online accounts from a fresh export's
	// work-list, without posting its letters again (those patients have had theirs), and
	// writes to new registrations first.
	if !hasNote(notes, "At least once a week", "fresh EMIS export", "manual-access list only", "do not post its letters", "Newly registered patients need their letter first") {
		t.Errorf("no weekly review task: %q", notes)
	}
	if hasNote(Advise(o, nil), "a day") {
		t.Errorf("a daily figure without counts")
	}
}

func TestPerDayAndThousands(t *testing.T) {
	for _, c := range []struct{ n, days, want int }{{0, 20, 0}, {1, 20, 1}, {20, 20, 1}, {21, 20, 2}, {6400, 20, 320}, {5, 0, 5}} {
		if got := PerDay(c.n, c.days); got != c.want {
			t.Errorf("PerDay(%d, %d) = %d, want %d", c.n, c.days, got, c.want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
