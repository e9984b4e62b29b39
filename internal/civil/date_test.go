package civil

import (
	"testing"
	"time"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
)

func TestAgeOn(t *testing.T) {
	tests := []struct {
		name    string
		dob, on Date
		wantAge int
	}{
		{"16th birthday exactly", New(2010, 3, 15), New(2026, 3, 15), 16},
		{"day before 16th birthday", New(2010, 3, 15), New(2026, 3, 14), 15},
		{"day after 16th birthday", New(2010, 3, 15), New(2026, 3, 16), 16},
		{"29 Feb birthday, non-leap year, 28 Feb", New(2008, 2, 29), New(2025, 2, 28), 16},
		{"29 Feb birthday, non-leap year, 1 Mar", New(2008, 2, 29), New(2025, 3, 1), 17},
		{"29 Feb birthday, leap year, 29 Feb", New(2008, 2, 29), New(2024, 2, 29), 16},
		{"29 Feb birthday, leap year, 28 Feb", New(2008, 2, 29), New(2024, 2, 28), 15},
		{"born on the day", New(2026, 1, 1), New(2026, 1, 1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.dob.AgeOn(tt.on); got != tt.wantAge {
				t.Errorf("AgeOn = %d, want %d", got, tt.wantAge)
			}
		})
	}
}

func TestLongAndISO(t *testing.T) {
	d := New(2026, time.December, 1)
	if got := d.Long(); got != "1 December 2026" {
		t.Errorf("Long = %q", got)
	}
	if got := d.String(); got != "2026-12-01" {
		t.Errorf("String = %q", got)
	}
	p, err := ParseISO("2026-12-01")
	if err != nil || p != d {
		t.Errorf("ParseISO = %v, %v", p, err)
	}
	if _, err := ParseISO("01/12/2026"); err == nil {
		t.Error("ParseISO accepted a non-ISO date")
	}
	if (Date{}).Long() != "" || !(Date{}).IsZero() {
		t.Error("zero date should print empty and be zero")
	}
}

func TestCompareAndAddDays(t *testing.T) {
	a, b := New(2026, 1, 31), New(2026, 2, 1)
	if !a.Before(b) || !b.After(a) || a.Compare(a) != 0 {
		t.Error("ordering wrong")
	}
	if got := a.AddDays(1); got != b {
		t.Errorf("AddDays = %v", got)
	}
	if got := New(2026, 1, 1).AddDays(90); got != New(2026, 4, 1) {
		t.Errorf("AddDays(90) = %v", got)
	}
}
