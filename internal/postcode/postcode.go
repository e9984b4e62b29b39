// Package postcode normalises and checks UK postcodes (format only: only Royal Mail's PAF
// knows whether a postcode exists, so a bad format is a warning, never a rejection).
package postcode

import (
	"regexp"
	"strings"
)

// outward: A9, A99, AA9, AA99, A9A, AA9A; inward: digit + two letters, never C I K M O V.
var ukFormat = regexp.MustCompile(`^([A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z])([0-9][ABD-HJLNP-UW-Z]{2})$`)

var bfpo = regexp.MustCompile(`^BFPO([0-9]{1,4})$`)

// Normalise upper-cases pc and writes it with one space before the inward code.
// It reports whether the result has a valid UK format. A value that does not look
// like a postcode is returned upper-cased with its spaces collapsed.
func Normalise(pc string) (string, bool) {
	compact := strings.ToUpper(strings.Join(strings.Fields(pc), ""))
	switch {
	case compact == "":
		return "", false
	case compact == "GIR0AA":
		return "GIR 0AA", true
	case bfpo.MatchString(compact):
		return "BFPO " + bfpo.FindStringSubmatch(compact)[1], true
	case ukFormat.MatchString(compact):
		return compact[:len(compact)-3] + " " + compact[len(compact)-3:], true
	}
	return strings.ToUpper(strings.Join(strings.Fields(pc), " ")), false
}

// Plausible reports whether pc could be a postcode at all, however mistyped: every UK
// postcode has a digit. Words written where no postcode is known — "UNKNOWN", "N/A",
// "TBC", "NFA", "NONE", "-" — have none: a row with one has no postcode.
func Plausible(pc string) bool { return strings.ContainsAny(pc, "0123456789") }

// IsPseudo reports whether pc is an NHS ZZ99 pseudo-postcode (no fixed abode or unknown),
// which is not a deliverable address.
func IsPseudo(pc string) bool {
	return strings.HasPrefix(strings.ToUpper(strings.Join(strings.Fields(pc), "")), "ZZ99")
}

// Outward and Inward split a normalised postcode for sorting; a postcode without a space
// is all outward.
func Split(normalised string) (outward, inward string) {
	if i := strings.LastIndexByte(normalised, ' '); i >= 0 {
		return normalised[:i], normalised[i+1:]
	}
	return normalised, ""
}
