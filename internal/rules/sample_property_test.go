package rules_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

// The property test of issue 3 over what a practice would actually feed in: a list of
// 100,000 rows from `accesspack sample`, read by the real reader, decided under every
// pathway (and bulk 104 where it applies). Every row gets an outcome that puts it in a
// letter, an action or Not sent; no NHS number gets two letters of one kind; the counts
// reconcile; and every row of every table fires.
func TestPropertySampleList(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	var csv bytes.Buffer
	if err := sample.Generate(&csv, n, 7); err != nil {
		t.Fatal(err)
	}
	list, err := roster.Read(&csv, "sample.csv", roster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ps := list.Patients
	if len(ps) != n {
		t.Fatalf("read %d patients from %d rows", len(ps), n)
	}
	for i := range ps {
		if ps[i].Row != i+2 {
			t.Fatalf("patient %d has row %d, want %d", i, ps[i].Row, i+2)
		}
	}

	for _, p := range rules.Pathways {
		variants := []bool{false}
		if rules.TableFor(p).Bulk104() {
			variants = append(variants, true)
		}
		for _, bulk := range variants {
			o := rules.Options{Pathway: p, GoLive: sample.GoLive, LetterDate: sample.LetterDate, ReplyBy: sample.ReplyBy, Bulk104: bulk}
			if p == rules.Batch104AfterLive {
				// Already live: go-live in the past, ages checked on the letter date.
				o.GoLive = sample.LetterDate.AddDays(-180)
			}
			name := string(p)
			if bulk {
				name += "+bulk104"
			}
			t.Run(name, func(t *testing.T) {
				if err := o.Validate(); err != nil {
					t.Fatal(err)
				}
				ds := rules.Decide(ps, o)
				assertInvariants(t, ps, ds)
				fired := map[string]bool{}
				for i := range ds {
					fired[ds[i].Rule] = true
				}
				tb := rules.TableFor(p)
				for i := range tb.Rows {
					if !fired[tb.ID(i)] {
						t.Errorf("row %s never fired on the sample list", tb.ID(i))
					}
				}
				if bulk && p == rules.DeferDPIA {
					soon := 0
					for i := range ds {
						if ds[i].Rule == "4 under 16" && len(ds[i].Actions) > 0 {
							soon++
						}
					}
					if soon == 0 {
						t.Error("no under-16 turning 16 within 90 days got add-104")
					}
				}
			})
		}
	}
}

func assertInvariants(t *testing.T, ps []patient.Patient, ds []rules.Decision) {
	t.Helper()
	if len(ds) != len(ps) {
		t.Fatalf("%d decisions for %d rows", len(ds), len(ps))
	}
	letters := map[string]map[rules.Kind]int{}
	for i := range ds {
		d := &ds[i]
		if d.Row != ps[i].Row {
			t.Fatalf("decision %d is row %d, want %d", i, d.Row, ps[i].Row)
		}
		if !d.InLetter() && !d.HasAction() && !d.IsNotSent() {
			t.Fatalf("row %d is in no letter, action or not sent (%s)", d.Row, d.Reason)
		}
		if d.InLetter() && d.IsNotSent() {
			t.Fatalf("row %d has a letter and is not sent (%s)", d.Row, d.Reason)
		}
		if d.Letter != "" {
			k := d.Patient.NHS
			if letters[k] == nil {
				letters[k] = map[rules.Kind]int{}
			}
			if r, ok := letters[k][d.Letter]; ok {
				t.Fatalf("rows %d and %d: two %s letters for one NHS number", r, d.Row, d.Letter)
			}
			letters[k][d.Letter] = d.Row
		}
		if strings.Contains(d.NotSent, "duplicate") && d.HasAction() {
			t.Fatalf("row %d: duplicate with an action", d.Row)
		}
	}
	c := rules.Count(ds)
	if !c.Reconciled() || c.Rows != c.InLetters+c.NotSentRows+c.ActionsOnly {
		t.Fatalf("counts do not reconcile: %+v", c)
	}
}
