package rules

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/patient"
)

// randomPatients makes n patients with every fact the rules look at drawn at random, weighted
// towards the awkward cases: codes on the same day or a day apart, codes without dates, 16th
// birthdays around R and the letter date, 29 February birthdays, invalid numbers, identical
// and conflicting duplicates, missing and pseudo addresses.
func randomPatients(n int, seed uint64, o Options) []patient.Patient {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	r := o.ReferenceDate()
	ps := make([]patient.Patient, 0, n)
	pick := func(pct int) bool { return rng.IntN(100) < pct }
	day := func(from civil.Date, span int) civil.Date { return from.AddDays(rng.IntN(span)) }
	for i := 0; len(ps) < n; i++ {
		// A duplicate of an earlier row: identical, or differing in one identity field.
		if len(ps) > 0 && pick(3) {
			p := ps[rng.IntN(len(ps))]
			p.Problems = nil
			p.Row = len(ps) + 2
			switch rng.IntN(4) {
			case 0:
				p.Surname += "x"
			case 1:
				p.Postcode = strings.ToLower(strings.ReplaceAll(p.Postcode, " ", "")) // same
			case 2:
				p.DOB = p.DOB.AddDays(1)
			}
			ps = append(ps, p)
			continue
		}
		num := nhsNumber(i * 3)
		p := patient.Patient{
			Row: len(ps) + 2, NHSGiven: num, NHS: num,
			Title: "Mx", Forename: fmt.Sprintf("F%d", i), Surname: fmt.Sprintf("S%d", i),
			Address: []string{fmt.Sprintf("%d High Street", i), "Leeds"}, Postcode: "LS1 4AP", PostcodeValid: true,
		}
		switch rng.IntN(10) {
		case 0: // 16th birthday within a few days of R
			b := r.AddDays(rng.IntN(7) - 3)
			p.DOB = civil.New(b.Year-16, b.Month, b.Day)
		case 1: // 16th birthday within 100 days after the letter date
			b := o.LetterDate.AddDays(rng.IntN(100))
			p.DOB = civil.New(b.Year-16, b.Month, b.Day)
		case 2:
			p.DOB = civil.New(2000+4*rng.IntN(4), 2, 29)
		case 3:
			p.DOB = day(civil.New(2008, 1, 1), 6000) // mostly children
		default:
			p.DOB = day(civil.New(1930, 1, 1), 27000)
		}
		if pick(2) {
			p.NHS = p.NHS[:9] + fmt.Sprint((int(p.NHS[9]-'0')+1)%10) // wrong check digit
		}
		if pick(1) {
			p.NHS = ""
		}
		if pick(2) {
			p.Deceased = true
		}
		if pick(1) {
			p.Unreadable = "cells shifted: check the row"
		}
		if pick(2) {
			p.DOB = civil.Date{}
		}
		if pick(1) {
			p.DOB = day(o.LetterDate.AddDays(1), 3000) // in the future: a mistake in the record
		}
		if pick(1) {
			p.DOB = day(civil.New(1850, 1, 1), 18000) // before 1900 (mostly)
		}
		switch rng.IntN(50) {
		case 0:
			p.Address = nil
		case 1:
			p.Postcode, p.PostcodeValid = "", false
		case 2:
			p.Postcode, p.PostcodeValid = "ZZ99 3VZ", false
		case 3:
			p.Postcode, p.PostcodeValid = "LS1", false
		}
		c104 := day(civil.New(2023, 10, 1), 600)
		if pick(8) {
			p.Has103, p.Code103 = true, day(civil.New(2023, 1, 1), 900)
		}
		if pick(45) {
			p.Has104, p.Code104 = true, c104
			if pick(3) {
				p.Code104 = civil.Date{}
			}
		}
		if pick(20) {
			p.Has106 = true
			switch rng.IntN(4) {
			case 0:
				p.Code106 = c104
			case 1:
				p.Code106 = c104.AddDays(-1)
			case 2:
				p.Code106 = c104.AddDays(1)
			default:
				p.Code106 = day(civil.New(2023, 1, 1), 900)
			}
			if pick(3) {
				p.Code106 = civil.Date{}
			}
		}
		p.HasAccess = pick(10)
		p.OnlineAccount = pick(40)
		p.AtRisk = pick(5)
		p.Review = patient.Review(rng.IntN(3))
		p.LargePrint = pick(2)
		if pick(2) {
			p.Problems = []string{"Mobile Telephone: not a phone number"}
		}
		ps = append(ps, p)
	}
	return ps
}

// allOptions lists every pathway, with bulk 104 where it applies.
func allOptions() []Options {
	var os []Options
	for _, p := range Pathways {
		o := opts(p)
		os = append(os, o)
		if TableFor(p).Bulk104() {
			o.Bulk104 = true
			os = append(os, o)
		}
	}
	return os
}

func optionsName(o Options) string {
	if o.Bulk104 {
		return string(o.Pathway) + "+bulk104"
	}
	return string(o.Pathway)
}

// checkInvariants asserts the reconciliation invariant and the one-letter rules over a run.
func checkInvariants(t *testing.T, ps []patient.Patient, ds []Decision) {
	t.Helper()
	if len(ds) != len(ps) {
		t.Fatalf("%d decisions for %d rows", len(ds), len(ps))
	}
	letters := map[string]map[Kind]int{} // NHS number → kind → row
	for i := range ds {
		d := &ds[i]
		if d.Row != ps[i].Row || d.Patient != &ps[i] {
			t.Fatalf("decision %d is for row %d, want row %d", i, d.Row, ps[i].Row)
		}
		if !d.InLetter() && !d.HasAction() && !d.IsNotSent() {
			t.Fatalf("row %d is in no letter, action or not sent: %s", d.Row, d.Reason)
		}
		if d.InLetter() && d.IsNotSent() {
			t.Fatalf("row %d has letter %s and not sent %q", d.Row, d.Letter, d.NotSent)
		}
		if d.Reason == "" || d.Rule == "" {
			t.Fatalf("row %d has no reason", d.Row)
		}
		if d.Letter != "" {
			if letters[d.Patient.NHS] == nil {
				letters[d.Patient.NHS] = map[Kind]int{}
			}
			if r, dup := letters[d.Patient.NHS][d.Letter]; dup {
				t.Fatalf("rows %d and %d: two %s letters to one NHS number", r, d.Row, d.Letter)
			}
			letters[d.Patient.NHS][d.Letter] = d.Row
			if !d.Patient.NHSValid() {
				t.Fatalf("row %d: letter to an invalid NHS number", d.Row)
			}
		}
		if strings.HasPrefix(d.Rule, "4 ") && d.Letter != "" {
			t.Fatalf("row %d failed %s but has a letter", d.Row, d.Rule)
		}
		if strings.HasPrefix(d.Rule, "4 ") && d.HasAction() && !(d.Rule == "4 under 16" && d.Pathway == DeferDPIA) {
			t.Fatalf("row %d failed %s but has actions %v", d.Row, d.Rule, d.Actions)
		}
	}
	c := Count(ds)
	if !c.Reconciled() {
		t.Fatalf("counts do not reconcile: %d rows, %d in letters, %d not sent, %d actions only, %d unaccounted",
			c.Rows, c.InLetters, c.NotSentRows, c.ActionsOnly, c.Unaccounted)
	}
	sum := 0
	for _, n := range c.Letters {
		sum += n
	}
	if sum != c.InLetters {
		t.Fatalf("letters per kind add up to %d, rows in letters %d", sum, c.InLetters)
	}
	sum = 0
	for _, n := range c.NotSent {
		sum += n
	}
	if sum != c.NotSentRows {
		t.Fatalf("not sent per reason add up to %d, not sent rows %d", sum, c.NotSentRows)
	}
}

// Over 100,000 random rows, for every pathway (with and without bulk 104): the
// reconciliation invariant holds, no NHS number gets two letters of one kind, and every row
// of the pathway's table fires at least once (so the generator reaches them all).
func TestPropertyRandomPatients(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	for _, o := range allOptions() {
		t.Run(optionsName(o), func(t *testing.T) {
			t.Parallel()
			ps := randomPatients(n, 1, o)
			ds := Decide(ps, o)
			checkInvariants(t, ps, ds)
			fired := map[string]bool{}
			for i := range ds {
				fired[ds[i].Rule] = true
			}
			tb := TableFor(o.Pathway)
			for i := range tb.Rows {
				if !fired[tb.ID(i)] {
					t.Errorf("row %s never fired", tb.ID(i))
				}
			}
			for _, c := range eligibility {
				if !fired["4 "+c.Name] {
					t.Errorf("eligibility check %s never fired", c.Name)
				}
			}
		})
	}
}

func BenchmarkDecide100k(b *testing.B) {
	o := opts(Batch104BeforeLive)
	ps := randomPatients(100_000, 1, o)
	b.ReportAllocs()
	for b.Loop() {
		Decide(ps, o)
	}
}
