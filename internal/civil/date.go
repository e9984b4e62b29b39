// Package civil holds Date, a calendar date with no time of day or zone,
// used for dates of birth, code dates, go-live and letter dates.
package civil

import (
	"fmt"
	"time"
)

// Date is a calendar day. The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// New returns the date y-m-d, normalised (31 April becomes 1 May).
func New(y int, m time.Month, d int) Date {
	return FromTime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// FromTime returns the calendar date of t in t's own location.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseISO reads yyyy-mm-dd, the form used on the command line and in the practice file.
func ParseISO(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return FromTime(t), nil
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns d plus n days (n may be negative).
func (d Date) AddDays(n int) Date { return FromTime(d.Time().AddDate(0, 0, n)) }

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp(int(d.Month), int(e.Month))
	default:
		return cmp(d.Day, e.Day)
	}
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String returns d as yyyy-mm-dd, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Long returns d as written in a letter: "1 December 2026".
func (d Date) Long() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

// Birthday returns the date in year y on which someone born on d has their birthday.
// A 29 February birthday falls on 1 March in years that are not leap years,
// the usual reading in England and Wales.
func (d Date) Birthday(y int) Date {
	if d.Month == time.February && d.Day == 29 && !isLeap(y) {
		return Date{y, time.March, 1}
	}
	return Date{y, d.Month, d.Day}
}

// AgeOn returns the age in whole years on date on of someone born on d.
func (d Date) AgeOn(on Date) int {
	age := on.Year - d.Year
	if on.Before(d.Birthday(on.Year)) {
		age--
	}
	return age
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }
