package sms

import (
	"strconv"
	"strings"
	"unicode"
)

// Why a mobile number cannot be used. Each is a short phrase that never quotes the
// number, so it may be shown beside a masked NHS number.
const (
	NoMobile      = "no mobile number held"
	NotANumber    = "mobile number has letters or signs in it"
	SeveralNumber = "more than one number in the mobile cell"
	NotUK         = "not a UK number"
	Landline      = "a landline number, not a mobile"
	NotMobile     = "not a mobile number"
	PersonalNo    = "a personal number (070), not a mobile"
	Pager         = "a pager number (076), not a mobile"
	LostZero      = "10 digits starting 7: the leading 0 may have been lost (for example by Excel)"
)

// Mobile checks a mobile number as held in a patient record and returns it in UK
// national form without spaces ("07700900123"), or "" and why it cannot be used.
//
// A usable number is a UK mobile: 07 and nine more digits, written as 07…, +44 7…,
// 447… or 0044 7…, with spaces or hyphens anywhere and "(0)" after the 44. UK mobile
// numbers are 071–075, 077–079 and 07624 (Ofcom's numbering plan): 070 numbers are
// personal numbers and the rest of 076 are pagers, which cannot take a text. Anything
// else is refused rather than guessed, with the reason.
func Mobile(s string) (number, problem string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", NoMobile
	}
	plus := strings.HasPrefix(s, "+")
	if plus {
		s = s[1:]
	}
	s = strings.Replace(s, "(0)", "", 1)
	var b strings.Builder
	groups, inDigits := 0, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if !inDigits {
				groups++
			}
			inDigits = true
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\u00a0' || r == '\t':
			inDigits = false
		case r == '/' || r == ',' || r == ';' || r == '&':
			return "", SeveralNumber
		case unicode.IsLetter(r):
			if strings.Contains(strings.ToLower(s), " or ") {
				return "", SeveralNumber
			}
			return "", NotANumber
		default:
			return "", NotANumber
		}
	}
	d := b.String()
	if d == "" {
		return "", NotANumber
	}
	switch {
	case plus && !strings.HasPrefix(d, "44"):
		return "", NotUK
	case plus, len(d) > 11 && strings.HasPrefix(d, "44"):
		d = "0" + d[2:]
	case strings.HasPrefix(d, "0044"):
		d = "0" + d[4:]
	case strings.HasPrefix(d, "00"):
		return "", NotUK
	}
	if len(d) >= 20 && groups > 1 {
		return "", SeveralNumber
	}
	switch {
	case len(d) == 10 && d[0] == '7':
		return "", LostZero
	case d[0] != '0':
		return "", NotMobile
	case len(d) >= 2 && d[1] >= '1' && d[1] <= '3':
		return "", Landline
	case len(d) >= 2 && d[1] != '7':
		return "", NotMobile
	case len(d) != 11:
		return "", "07 number with " + strconv.Itoa(len(d)) + " digits: a UK mobile has 11"
	case strings.HasPrefix(d, "070"):
		return "", PersonalNo
	case strings.HasPrefix(d, "076") && !strings.HasPrefix(d, "07624"):
		return "", Pager
	}
	return d, ""
}

// ProblemGroup is the reason a mobile problem is counted under: the length problems
// ("07 number with 9 digits …") are counted together.
func ProblemGroup(problem string) string {
	if strings.HasPrefix(problem, "07 number with") {
		return "07 number with the wrong number of digits"
	}
	return problem
}
