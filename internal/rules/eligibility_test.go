package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/patient"
)

// One case per eligibility check (docs/rules.md#eligibility), named after the row, run under every pathway: the
// row gives no letter and no action, whatever the pathway would have done.
func TestEligibilityRows(t *testing.T) {
	under16 := dob(goLiveDay.AddDays(1).AddDays(-365 * 16)) // 15 on the go-live date
	cases := []struct {
		name string
		p    patient.Patient
		want string // not sent reason; "" for still sent
		rule string
	}{
		{"4 invalid NHS number: check digit wrong", with(func(p *patient.Patient) { p.NHS = "9990000019" }), "invalid NHS number", "4 invalid NHS number"},
		{"4 invalid NHS number: 9 digits", with(func(p *patient.Patient) { p.NHS = "999000001" }), "invalid NHS number", "4 invalid NHS number"},
		{"4 invalid NHS number: blank", with(func(p *patient.Patient) { p.NHS, p.NHSGiven = "", "" }), "invalid NHS number", "4 invalid NHS number"},
		{"4 invalid NHS number: letters", with(func(p *patient.Patient) { p.NHS = "99900A0018" }), "invalid NHS number", "4 invalid NHS number"},
		{"4 invalid NHS number before deceased", with(func(p *patient.Patient) { p.NHS = "1"; p.Deceased = true; p.DOB = civil.Date{} }), "invalid NHS number", "4 invalid NHS number"},
		{"4 deceased", with(func(p *patient.Patient) { p.Deceased = true }, blocked), "deceased", "4 deceased"},
		{"4 deceased before no date of birth", with(func(p *patient.Patient) { p.Deceased = true; p.DOB = civil.Date{} }), "deceased", "4 deceased"},
		{"4 no date of birth", with(dob(civil.Date{})), "no date of birth", "4 no date of birth"},
		{"4 no date of birth before no address", with(dob(civil.Date{}), func(p *patient.Patient) { p.Address = nil }), "no date of birth", "4 no date of birth"},
		{"4 under 16 on R", with(under16), "under 16 on 1 December 2026", "4 under 16"},
		{"4 under 16 before no address", with(under16, func(p *patient.Patient) { p.Postcode = "" }), "under 16 on 1 December 2026", "4 under 16"},
		{"4 no postal address: no address line", with(func(p *patient.Patient) { p.Address = nil }), "no postal address", "4 no postal address"},
		{"4 no postal address: blank lines only", with(func(p *patient.Patient) { p.Address = []string{" ", ""} }), "no postal address", "4 no postal address"},
		{"4 no postal address: no postcode", with(func(p *patient.Patient) { p.Postcode, p.PostcodeValid = "", false }), "no postal address", "4 no postal address"},
		{"4 no postal address: ZZ99 pseudo-postcode", with(func(p *patient.Patient) { p.Postcode, p.PostcodeValid = "ZZ99 3VZ", false }), "no postal address", "4 no postal address"},
		{"4 no postal address: zz99 spaced", with(func(p *patient.Patient) { p.Postcode, p.PostcodeValid = "zz 99 3cz", false }), "no postal address", "4 no postal address"},
	}
	for _, c := range cases {
		for _, pw := range Pathways {
			t.Run(c.name+"/"+string(pw), func(t *testing.T) {
				o := opts(pw)
				p := c.p
				if pw == Batch104AfterLive && c.rule == "4 under 16" {
					p.DOB = letterDay.AddDays(1).AddDays(-365 * 16)
				}
				d := decideOne(p, o)
				want := c.want
				if pw == Batch104AfterLive {
					want = strings.Replace(want, "1 December 2026", "1 October 2026", 1)
				}
				expect(t, d, want0(want, c.rule))
			})
		}
	}
}

func want0(notSent, rule string) want { return want{notSent: notSent, rule: rule} }

// docs/rules.md#eligibility, after the table: a postcode in a wrong format is still sent, with a warning.
func TestEligibilityPostcodeStillSent(t *testing.T) {
	for _, pc := range []string{"LS6 2Q", "12345", "LS6  2QRX"} {
		t.Run("4 postcode format wrong: "+pc, func(t *testing.T) {
			d := decideOne(with(func(p *patient.Patient) { p.Postcode, p.PostcodeValid = pc, false }), opts(Proceed))
			expect(t, d, want{letter: OptOutNotice, variant: "going-live", warnings: []string{WarnPostcode}, rule: "5.3 otherwise"})
		})
	}
	// docs/rules.md#eligibility: ls62qr is a valid LS6 2QR, with no warning, even if the reader did not say so.
	d := decideOne(with(func(p *patient.Patient) { p.Postcode, p.PostcodeValid = "ls62qr", false }), opts(Proceed))
	expect(t, d, want{letter: OptOutNotice, variant: "going-live"})
	// No warning on a row that is not sent a letter.
	d = decideOne(with(declined, func(p *patient.Patient) { p.Postcode, p.PostcodeValid = "LS6", false }), opts(Proceed))
	expect(t, d, want{notSent: NotSentDeclined})
}

// The 16th birthday exactly on R, the day before and the day after; R is the go-live date,
// or the letter date for batch104-after-live.
func TestSixteenthBirthdayBoundary(t *testing.T) {
	for _, pw := range Pathways {
		o := opts(pw)
		r := o.ReferenceDate()
		if want := map[bool]civil.Date{true: letterDay, false: goLiveDay}[pw == Batch104AfterLive]; r != want {
			t.Errorf("%s: R = %s, want %s", pw, r, want)
		}
		born := func(bday civil.Date) patient.Patient {
			return with(dob(civil.New(bday.Year-16, bday.Month, bday.Day)))
		}
		for _, c := range []struct {
			name  string
			bday  civil.Date // 16th birthday
			under bool
		}{
			{"16th birthday the day before R", r.AddDays(-1), false},
			{"16th birthday on R", r, false},
			{"16th birthday the day after R", r.AddDays(1), true},
		} {
			t.Run(string(pw)+"/"+c.name, func(t *testing.T) {
				d := decideOne(born(c.bday), o)
				under := strings.HasPrefix(d.NotSent, "under 16 on ")
				if under != c.under {
					t.Fatalf("not sent = %q, want under 16: %v", d.NotSent, c.under)
				}
				if under && d.NotSent != "under 16 on "+r.Long() {
					t.Errorf("not sent = %q, want %q", d.NotSent, "under 16 on "+r.Long())
				}
			})
		}
	}
}

// A 29 February birthday: the 16th birthday falls on 29 February when that year is a leap
// year, and (for birthdays counted in England and Wales) on 1 March otherwise.
func TestLeapDayBirthdays(t *testing.T) {
	cases := []struct {
		name  string
		dob   civil.Date
		r     civil.Date
		under bool
	}{
		{"born 29 Feb 2012, R 28 Feb 2028", civil.New(2012, 2, 29), civil.New(2028, 2, 28), true},
		{"born 29 Feb 2012, R 29 Feb 2028", civil.New(2012, 2, 29), civil.New(2028, 2, 29), false},
		{"born 29 Feb 2012, R 1 Mar 2028", civil.New(2012, 2, 29), civil.New(2028, 3, 1), false},
		// 16 years after a leap year in 2084 is 2100, not a leap year.
		{"born 29 Feb 2084, R 28 Feb 2100", civil.New(2084, 2, 29), civil.New(2100, 2, 28), true},
		{"born 29 Feb 2084, R 1 Mar 2100", civil.New(2084, 2, 29), civil.New(2100, 3, 1), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := Options{Pathway: Proceed, GoLive: c.r, LetterDate: c.r.AddDays(-60)}
			d := decideOne(with(dob(c.dob)), o)
			if got := strings.HasPrefix(d.NotSent, "under 16"); got != c.under {
				t.Errorf("not sent = %q, want under 16: %v", d.NotSent, c.under)
			}
		})
	}
}

// docs/rules.md (bulk 104 and patients turning 16): with bulk 104, a 15-year-old turning 16 within 90 days after the
// letter date (day 90 in, day 91 out) is not sent ("under 16") and gets add-104, but only
// where the otherwise row would apply, and only in defer-dpia.
func TestTurning16Within90Days(t *testing.T) {
	// Go-live the day after the letter date, so that birthdays from day 2 are under 16 on R.
	base := Options{Pathway: DeferDPIA, GoLive: letterDay.AddDays(1), LetterDate: letterDay, Bulk104: true}
	turning := func(days int) mod {
		b := letterDay.AddDays(days)
		return dob(civil.New(b.Year-16, b.Month, b.Day))
	}
	under := "under 16 on " + base.GoLive.Long()
	add104 := []Action{Add104}
	cases := []struct {
		name string
		o    func(o *Options)
		p    patient.Patient
		want want
	}{
		{"day 1 is 16 on R: letter", nil, with(turning(1)), want{letter: DPIAUpdate, variant: "defer-dpia-104", encl: optIn, actions: add104}},
		{"day 2 in", nil, with(turning(2)), want{notSent: under, actions: add104}},
		{"day 90 in", nil, with(turning(90)), want{notSent: under, actions: add104}},
		{"day 91 out", nil, with(turning(91)), want{notSent: under}},
		{"16 on the letter date is not under 16", nil, with(turning(0)), want{letter: DPIAUpdate, variant: "defer-dpia-104", encl: optIn, actions: add104}},
		{"aged 14 out", nil, with(turning(400)), want{notSent: under}},
		{"without bulk 104", func(o *Options) { o.Bulk104 = false }, with(turning(30)), want{notSent: under}},
		{"declined", nil, with(turning(30), declined), want{notSent: under}},
		{"already has access", nil, with(turning(30), access), want{notSent: under}},
		{"blocked", nil, with(turning(30), blocked), want{notSent: under}},
		{"cleared still gets it", nil, with(turning(30), cleared), want{notSent: under, actions: add104}},
		{"no address still gets it", nil, with(turning(30), func(p *patient.Patient) { p.Address = nil }), want{notSent: under, actions: add104}},
		{"deceased does not", nil, with(turning(30), func(p *patient.Patient) { p.Deceased = true }), want{notSent: NotSentDeceased}},
		{"defer-booked with bulk 104 does not", func(o *Options) { o.Pathway = DeferBooked }, with(turning(30)), want{notSent: under}},
		{"leap day: 16th birthday 29 Feb 2028 is day 90", func(o *Options) {
			o.LetterDate = civil.New(2028, 2, 29).AddDays(-90)
			o.GoLive = o.LetterDate.AddDays(1)
		}, with(dob(civil.New(2012, 2, 29))), want{notSent: "under 16 on " + civil.New(2028, 2, 29).AddDays(-89).Long(), actions: add104}},
		{"leap day: 16th birthday 29 Feb 2028 is day 91", func(o *Options) {
			o.LetterDate = civil.New(2028, 2, 29).AddDays(-91)
			o.GoLive = o.LetterDate.AddDays(1)
		}, with(dob(civil.New(2012, 2, 29))), want{notSent: "under 16 on " + civil.New(2028, 2, 29).AddDays(-90).Long()}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := base
			if c.o != nil {
				c.o(&o)
			}
			if err := o.Validate(); err != nil {
				t.Fatal(err)
			}
			expect(t, decideOne(c.p, o), c.want)
		})
	}
}

func TestState(t *testing.T) {
	d := func(day int) civil.Date { return civil.New(2024, time.March, day) }
	cases := []struct {
		name string
		p    patient.Patient
		want CodeState
		warn []string
	}{
		{"3.1 any 103", with(code103(d(1))), Declined, nil},
		{"3.1 103 with 104", with(code103(d(1)), code104(d(2))), Declined, nil},
		{"3.1 103 with 106", with(code103(d(1)), code106(d(2))), Declined, nil},
		{"3.1 103 with 106 later than 104", with(code104(d(1)), code106(d(2)), code103(d(1))), Declined, nil},
		{"3.1 103 without a date", with(func(p *patient.Patient) { p.Has103 = true }), Declined, nil},
		{"3.2 104 alone", with(code104(d(5))), Blocked, nil},
		{"3.2 106 one day before 104", with(code104(d(5)), code106(d(4))), Blocked, nil},
		{"3.2 104 and 106 on the same day", with(code104(d(5)), code106(d(5))), Blocked, []string{WarnSameDay104106}},
		{"3.3 106 one day after 104", with(code104(d(5)), code106(d(6))), Cleared, nil},
		{"3.3 106 alone", with(code106(d(6))), Cleared, nil},
		{"3.3 106 alone without a date", with(func(p *patient.Patient) { p.Has106 = true }), Cleared, nil},
		{"3.4 no codes", with(), Uncoded, nil},
		{"104 without a date blocks", with(func(p *patient.Patient) { p.Has104 = true }), Blocked, []string{Warn104NoDate}},
		{"104 without a date, dated 106", with(func(p *patient.Patient) { p.Has104 = true }, code106(d(6))), Blocked, []string{Warn104NoDate}},
		{"106 without a date does not clear a 104", with(code104(d(5)), func(p *patient.Patient) { p.Has106 = true }), Blocked, []string{Warn106NoDate}},
		{"code dates without Has flags count", with(func(p *patient.Patient) { p.Code104 = d(5) }), Blocked, nil},
		{"106 years after 104", with(code104(civil.New(2023, 10, 20)), code106(civil.New(2025, 1, 1))), Cleared, nil},
		{"106 a year before 104 on a later month-day", with(code104(civil.New(2024, 1, 1)), code106(civil.New(2023, 12, 31))), Blocked, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, warn := State(&c.p)
			if got != c.want || !slices.Equal(warn, c.warn) {
				t.Errorf("State = %s %q, want %s %q", got, warn, c.want, c.warn)
			}
		})
	}
}

// The same-day warning reaches the letter row; a same-day pair in batch104-before-live with
// a safe review is still blocked, so gets the 106 action and the warning.
func TestSameDayWarningOnDecision(t *testing.T) {
	same := []mod{code104(civil.New(2024, 3, 5)), code106(civil.New(2024, 3, 5))}
	d := decideOne(with(append(same, atRisk)...), opts(Proceed))
	expect(t, d, want{letter: RequestAccess, variant: "proceed", encl: optIn, warnings: []string{WarnSameDay104106}, rule: "5.3 S=blocked"})
	d = decideOne(with(append(same, safe)...), opts(Batch104BeforeLive))
	expect(t, d, want{letter: OptOutNotice, variant: "going-live", actions: []Action{Add106}, warnings: []string{WarnSameDay104106}})
	// A day apart either way: no warning.
	d = decideOne(with(code104(civil.New(2024, 3, 5)), code106(civil.New(2024, 3, 6))), opts(Proceed))
	expect(t, d, want{letter: OptOutNotice, variant: "going-live", rule: "5.3 otherwise"})
	d = decideOne(with(code104(civil.New(2024, 3, 6)), code106(civil.New(2024, 3, 5))), opts(Proceed))
	expect(t, d, want{letter: RequestAccess, variant: "proceed", encl: optIn, rule: "5.3 S=blocked"})
	// 103 together with 106: declined, whatever the 106 says.
	d = decideOne(with(code103(civil.New(2023, 1, 1)), code106(civil.New(2024, 3, 6))), opts(Batch104BeforeLive))
	expect(t, d, want{notSent: NotSentDeclined, rule: "5.5 S=declined"})
}

// A blank review outcome for a patient coded 104 means awaiting review in both batch104
// pathways; an outcome on a patient not coded 104 changes nothing.
func TestMissingReviewOutcome(t *testing.T) {
	for _, pw := range []Pathway{Batch104BeforeLive, Batch104AfterLive} {
		d := decideOne(with(blocked, online), opts(pw))
		if d.NotSent != NotSentAwaiting || !slices.Equal(d.Actions, []Action{Review}) || d.Letter != "" {
			t.Errorf("%s: blank review gave %+v", pw, d)
		}
	}
	d := decideOne(with(unsafe), opts(Batch104BeforeLive))
	expect(t, d, want{letter: OptOutNotice, variant: "going-live", warnings: []string{WarnNo104}, rule: "5.5 otherwise"})
}

// The reader's problems pass through as warnings, first, on every kind of row.
func TestProblemsPassThrough(t *testing.T) {
	prob := func(p *patient.Patient) { p.Problems = []string{"Online Account: yes/no not understood"} }
	d := decideOne(with(prob, func(p *patient.Patient) { p.Postcode, p.PostcodeValid = "LS6", false }), opts(Proceed))
	if !slices.Equal(d.Warnings, []string{"Online Account: yes/no not understood", WarnPostcode}) {
		t.Errorf("warnings = %q", d.Warnings)
	}
	d = decideOne(with(prob, dob(civil.Date{})), opts(Proceed))
	if !slices.Equal(d.Warnings, []string{"Online Account: yes/no not understood"}) || d.NotSent != NotSentNoDOB {
		t.Errorf("not sent row: %q, warnings %q", d.NotSent, d.Warnings)
	}
}

func TestDuplicates(t *testing.T) {
	num := nhsNumber(7)
	row := func(r int, mods ...mod) patient.Patient {
		p := with(mods...)
		p.Row, p.NHS, p.NHSGiven = r, num, num
		return p
	}
	other := func(r int) patient.Patient {
		p := with()
		p.Row, p.NHS = r, nhsNumber(50)
		return p
	}
	rename := func(s string) mod { return func(p *patient.Patient) { p.Surname = s } }
	cases := []struct {
		name string
		ps   []patient.Patient
		want []string // not sent per row
	}{
		{"identical", []patient.Patient{row(2), other(3), row(4)}, []string{"", "", "duplicate of row 2"}},
		{"identical three times", []patient.Patient{row(2), row(3), row(9)}, []string{"", "duplicate of row 2", "duplicate of row 2"}},
		{"same apart from case and spacing", []patient.Patient{row(2), row(3, func(p *patient.Patient) {
			p.Forename, p.Surname = " ADA", "love lace"
			p.Address = []string{"12  MILL LANE", "headingley", "Leeds"}
			p.Postcode = "ls62qr"
		})}, []string{"", "duplicate of row 2"}},
		{"address split differently", []patient.Patient{row(2), row(3, func(p *patient.Patient) {
			p.Address = []string{"12 Mill Lane Headingley", "Leeds"}
		})}, []string{"", "duplicate of row 2"}},
		{"differs only in title, phone, email, EMIS number and codes", []patient.Patient{row(2), row(3, blocked, func(p *patient.Patient) {
			p.Title, p.Mobile, p.Email, p.EMISNumber = "Dr", "07700900123", "a@example.org", "123"
		})}, []string{"", "duplicate of row 2"}},
		{"conflicting name", []patient.Patient{row(2), row(3, rename("Byron"))}, []string{"conflicting duplicate rows 2 and 3", "conflicting duplicate rows 2 and 3"}},
		{"conflicting date of birth", []patient.Patient{row(2), row(5, dob(civil.New(1980, 5, 18)))}, []string{"conflicting duplicate rows 2 and 5", "conflicting duplicate rows 2 and 5"}},
		{"conflicting address", []patient.Patient{row(2), row(5, func(p *patient.Patient) { p.Address = []string{"14 Mill Lane", "Leeds"} })}, []string{"conflicting duplicate rows 2 and 5", "conflicting duplicate rows 2 and 5"}},
		{"conflicting postcode", []patient.Patient{row(2), row(5, func(p *patient.Patient) { p.Postcode = "LS6 2QS" })}, []string{"conflicting duplicate rows 2 and 5", "conflicting duplicate rows 2 and 5"}},
		{"three rows, third conflicts", []patient.Patient{row(2), row(3), other(4), row(6, rename("Byron"))}, []string{
			"conflicting duplicate rows 2, 3 and 6", "conflicting duplicate rows 2, 3 and 6", "", "conflicting duplicate rows 2, 3 and 6"}},
		{"duplicate of a deceased row", []patient.Patient{row(2, func(p *patient.Patient) { p.Deceased = true }), row(3, func(p *patient.Patient) { p.Deceased = true })}, []string{"deceased", "duplicate of row 2"}},
		{"invalid numbers are never duplicates", []patient.Patient{
			with(func(p *patient.Patient) { p.Row, p.NHS = 2, "123" }),
			with(func(p *patient.Patient) { p.Row, p.NHS = 3, "123" })}, []string{"invalid NHS number", "invalid NHS number"}},
		{"an invalid row does not make the first", []patient.Patient{
			with(func(p *patient.Patient) { p.Row, p.NHS = 2, num+"0" }), row(3), row(4)}, []string{"invalid NHS number", "", "duplicate of row 3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := Decide(c.ps, opts(Proceed))
			if len(ds) != len(c.ps) {
				t.Fatalf("%d decisions for %d rows", len(ds), len(c.ps))
			}
			for i, d := range ds {
				if d.Row != c.ps[i].Row {
					t.Errorf("decision %d is row %d, want %d", i, d.Row, c.ps[i].Row)
				}
				if d.NotSent != c.want[i] {
					t.Errorf("row %d: not sent = %q, want %q", d.Row, d.NotSent, c.want[i])
				}
				if strings.HasPrefix(d.NotSent, "duplicate") && strings.Contains(d.NotSent, "conflict") {
					t.Errorf("row %d: a plain duplicate says conflict", d.Row)
				}
				if strings.Contains(d.NotSent, "duplicate") && (d.Letter != "" || len(d.Actions) > 0) {
					t.Errorf("row %d: duplicate with letter %q actions %v", d.Row, d.Letter, d.Actions)
				}
				if c.want[i] == "" && d.Letter == "" {
					t.Errorf("row %d: first of identical duplicates got no letter", d.Row)
				}
			}
		})
	}
}

func ExampleDecide() {
	p := adult()
	p.Has104 = true
	p.Code104 = civil.New(2023, 10, 20)
	d := Decide([]patient.Patient{p}, Options{Pathway: Proceed, GoLive: goLiveDay, LetterDate: letterDay})[0]
	fmt.Println(d.Reason)
	// Output: 5.3 proceed: S=blocked → request-access + opt-in-form
}

// A row the reader could not read for certain is not sent, with the reader's reason, in
// every pathway and whatever its cells say (here: coded 104 and at risk, which would get a
// letter or a review); it gets no action, takes no part in duplicates, and --strict
// counts it as a data problem.
func TestUnreadableRowNotSent(t *testing.T) {
	const reason = "cells shifted: check the row"
	unreadable := func(p *patient.Patient) { p.Unreadable = reason }
	for _, pw := range Pathways {
		o := opts(pw)
		o.Bulk104 = TableFor(pw).Bulk104()
		for _, p := range []patient.Patient{with(unreadable), with(unreadable, blocked, atRisk, safe, online),
			with(unreadable, dob(letterDay.AddDays(-16*365+30)))} {
			d := decideOne(p, o)
			if d.NotSent != reason || d.Letter != "" || len(d.Actions) != 0 || d.Rule != "4 row not read" {
				t.Errorf("%s: %+v", pw, d)
			}
			if !IsDataProblem(&d) {
				t.Errorf("%s: not a data problem for --strict", pw)
			}
		}
	}
	// The same NHS number on a readable row and an unreadable one: the readable row keeps
	// its letter (it is not a duplicate of a row that was never read).
	good, bad := adult(), with(unreadable)
	bad.Row, bad.Surname = 3, "Different"
	ds := Decide([]patient.Patient{good, bad}, opts(Proceed))
	if ds[0].Letter != OptOutNotice || ds[0].NotSent != "" || ds[1].NotSent != reason {
		t.Errorf("decisions %+v / %+v", ds[0], ds[1])
	}
}

// A date of birth after the letter date is a mistake in the record, not a child (it was
// "under 16"); one before 1900 is a mistake or a placeholder (it got a letter); a postcode
// with no digit ("UNKNOWN", "N/A") is no postcode. All three are data problems for --strict.
func TestImpossibleDatesOfBirthAndPostcodes(t *testing.T) {
	o := opts(Proceed)
	for _, tc := range []struct {
		p    patient.Patient
		want string
	}{
		{with(dob(letterDay.AddDays(1))), NotSentDOBFuture},
		{with(dob(civil.New(2031, 1, 1))), NotSentDOBFuture},
		{with(dob(letterDay)), "under 16 on 1 December 2026"}, // born on the letter date
		{with(dob(civil.New(1899, 12, 31))), NotSentDOBBefore1900},
		{with(dob(civil.New(1800, 1, 1))), NotSentDOBBefore1900},
		{with(dob(civil.New(1900, 1, 1))), ""},
		{with(func(p *patient.Patient) { p.Postcode, p.PostcodeValid = "UNKNOWN", false }), NotSentNoAddress},
		{with(func(p *patient.Patient) { p.Postcode, p.PostcodeValid = "N/A", false }), NotSentNoAddress},
	} {
		d := decideOne(tc.p, o)
		if d.NotSent != tc.want || tc.want != "" && d.Letter != "" || tc.want == "" && d.Letter == "" {
			t.Errorf("born %s, postcode %q: letter %q, not sent %q; want not sent %q", tc.p.DOB, tc.p.Postcode, d.Letter, d.NotSent, tc.want)
		}
		if strings.HasPrefix(tc.want, "date of birth") && !IsDataProblem(&d) {
			t.Errorf("%q is not a data problem for --strict", tc.want)
		}
	}
}
