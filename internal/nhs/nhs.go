// Package nhs checks, formats and masks NHS numbers (NHS Data Dictionary: ten digits,
// the tenth a Modulus 11 check digit).
package nhs

import "strings"

// Normalise removes spaces, hyphens and other separators people type into an NHS number.
// It keeps letters and digits, so that a value with letters still fails Check.
func Normalise(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch r {
		case ' ', '-', '\t', '\u00a0', '.', '/':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Problem says why a normalised NHS number is not valid, or "" when it is.
func Problem(n string) string {
	if n == "" {
		return "blank"
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return "not all digits"
		}
	}
	if len(n) != 10 {
		return "not 10 digits"
	}
	check, ok := CheckDigit(n[:9])
	if !ok {
		return "check digit would be 10 (never issued)"
	}
	if int(n[9]-'0') != check {
		return "check digit wrong"
	}
	return ""
}

// Valid reports whether the normalised n is a ten-digit NHS number with a correct check digit.
func Valid(n string) bool { return Problem(n) == "" }

// CheckDigit returns the Modulus 11 check digit for the nine-digit stem, and false when
// the stem gives 10, which means no valid NHS number has that stem.
func CheckDigit(stem string) (int, bool) {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(stem[i]-'0') * (10 - i)
	}
	c := 11 - sum%11
	switch c {
	case 11:
		return 0, true
	case 10:
		return 0, false
	}
	return c, true
}

// Format writes a valid ten-digit number as 3-3-4 with spaces: "999 123 4560".
// Anything else is returned unchanged.
func Format(n string) string {
	if len(n) != 10 {
		return n
	}
	return n[:3] + " " + n[3:6] + " " + n[6:]
}

// Mask hides all but the last four characters of the normalised number, for messages:
// "*** *** 3456". A value of four characters or fewer is masked entirely.
func Mask(n string) string {
	n = Normalise(n)
	if len(n) <= 4 {
		return "*** *** ****"
	}
	return "*** *** " + n[len(n)-4:]
}
