package rules

import (
	"fmt"
	"strconv"
)

// Advise returns the notes for the practice that go with a run of pathway o.Pathway: the
// pathway's Advice that applies to the options, and, where the practice switches access on
// by hand (manual-enable in docs/pathways.md), how many patients a day that is to finish within o.Days() working
// days. c may be nil (no patient list): the daily figure is then left out. The notes hold
// counts only, never patient details.
func Advise(o Options, c *Counts) []string {
	t := TableFor(o.Pathway)
	if t == nil {
		return nil
	}
	var out []string
	if t.ByHand && c != nil {
		if n := c.Actions[ManualAccess]; n > 0 {
			out = append(out, fmt.Sprintf("From %s, switch access on by hand in EMIS for %s patients with an online "+
				"account (the manual-access work-list, in order): %s a day to finish within %d working days.",
				o.SwitchOnDate().Long(), Thousands(n), Thousands(PerDay(n, o.Days())), o.Days()))
		}
	}
	for _, a := range t.Advice {
		if a.WithoutBulk104 && o.Bulk104 {
			continue
		}
		out = append(out, a.Text)
	}
	return out
}

// PerDay is how many of n a day finish them within days days: n / days, rounded up.
func PerDay(n, days int) int {
	if days <= 0 {
		days = 1
	}
	return (n + days - 1) / days
}

// Thousands writes n with commas between groups of three digits: 12,345.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}
