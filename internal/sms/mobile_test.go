package sms

import "testing"

func TestMobile(t *testing.T) {
	for _, tc := range []struct {
		in, want, problem string
	}{
		{"07700 900123", "07700900123", ""},
		{"07700900123", "07700900123", ""},
		{" 07700  900 123 ", "07700900123", ""},
		{"07700-900-123", "07700900123", ""},
		{"+44 7700 900123", "07700900123", ""},
		{"+447700900123", "07700900123", ""},
		{"+44 (0)7700 900123", "07700900123", ""},
		{"447700900123", "07700900123", ""},
		{"44 7700 900123", "07700900123", ""},
		{"0044 7700 900123", "07700900123", ""},
		{"07700\u00a0900123", "07700900123", ""},
		{"07624 123456", "07624123456", ""}, // Isle of Man mobiles are in 076
		{"07999 123456", "07999123456", ""},
		{"07100 123456", "07100123456", ""},

		{"", "", NoMobile},
		{"   ", "", NoMobile},
		{"7700900123", "", LostZero},
		{"0113 496 0000", "", Landline},
		{"020 7946 0000", "", Landline},
		{"0300 123 4567", "", Landline},
		{"0800 123 4567", "", NotMobile},
		{"0845 123 4567", "", NotMobile},
		{"07700 90012", "", "07 number with 10 digits: a UK mobile has 11"},
		{"07700 9001234", "", "07 number with 12 digits: a UK mobile has 11"},
		{"07000 123456", "", PersonalNo},
		{"07600 123456", "", Pager},
		{"+1 202 555 0100", "", NotUK},
		{"+33 6 12 34 56 78", "", NotUK},
		{"0033 6 12 34 56 78", "", NotUK},
		{"07700 900123 / 07700 900456", "", SeveralNumber},
		{"07700 900123, 07700 900456", "", SeveralNumber},
		{"07700 900123 07700 900456", "", SeveralNumber},
		{"07700 900123 or 07700 900456", "", SeveralNumber},
		{"ask daughter", "", NotANumber},
		{"07700 900123 (mum)", "", NotANumber},
		{"07700 900123 ext 2", "", NotANumber},
		{"n/a", "", NotANumber},
		{"-", "", NotANumber},
		{"=07700900123", "", NotANumber},
	} {
		got, problem := Mobile(tc.in)
		if got != tc.want || problem != tc.problem {
			t.Errorf("Mobile(%q) = %q, %q; want %q, %q", tc.in, got, problem, tc.want, tc.problem)
		}
	}
}

func TestProblemGroup(t *testing.T) {
	if got := ProblemGroup("07 number with 10 digits: a UK mobile has 11"); got != "07 number with the wrong number of digits" {
		t.Errorf("got %q", got)
	}
	if got := ProblemGroup(Landline); got != Landline {
		t.Errorf("got %q", got)
	}
}
