package rules

import "github.com/accesspack/accesspack/internal/patient"

// State returns the patient's code state (docs/rules.md#code-state) from the latest date of each code, and
// any warnings about how it was reached.
//
// A code that is present but whose date could not be read is handled on the safe side:
// a 103 still means declined; a 104 without a date blocks, and a 106 without a date does
// not cancel a 104. Both give a warning.
func State(p *patient.Patient) (CodeState, []string) {
	has103 := p.Has103 || !p.Code103.IsZero()
	has104 := p.Has104 || !p.Code104.IsZero()
	has106 := p.Has106 || !p.Code106.IsZero()
	switch {
	case has103:
		return Declined, nil
	case has104:
		switch {
		case !has106:
			if p.Code104.IsZero() {
				return Blocked, []string{Warn104NoDate}
			}
			return Blocked, nil
		case p.Code104.IsZero():
			return Blocked, []string{Warn104NoDate}
		case p.Code106.IsZero():
			return Blocked, []string{Warn106NoDate}
		case p.Code106.Before(p.Code104):
			return Blocked, nil
		case p.Code106 == p.Code104:
			return Blocked, []string{WarnSameDay104106}
		}
		return Cleared, nil
	case has106:
		return Cleared, nil
	}
	return Uncoded, nil
}
