package sample

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/accesspack/accesspack/internal/civil"
	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
	"github.com/accesspack/accesspack/internal/nhs"
	"github.com/accesspack/accesspack/internal/postcode"
)

func generate(t testing.TB, n int, seed int64) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Generate(&b, n, seed); err != nil {
		t.Fatalf("Generate(%d, %d): %v", n, seed, err)
	}
	return b.Bytes()
}

func TestGenerateDeterministic(t *testing.T) {
	a := sha256.Sum256(generate(t, 1000, 42))
	b := sha256.Sum256(generate(t, 1000, 42))
	c := sha256.Sum256(generate(t, 1000, 43))
	if a != b {
		t.Error("two runs with seed 42 differ")
	}
	if a == c {
		t.Error("seeds 42 and 43 give the same list")
	}
}

func TestGenerateRowCount(t *testing.T) {
	for _, n := range []int{0, 1, 2, 10, 37, 200, 1234} {
		recs := readCSV(t, generate(t, n, 7))
		if got := len(recs) - 1; got != n {
			t.Errorf("n=%d: %d patient rows", n, got)
		}
		if strings.Join(recs[0], ",") != strings.Join(Header, ",") {
			t.Errorf("n=%d: header %q", n, recs[0])
		}
	}
}

func TestGenerateRejectsBadN(t *testing.T) {
	for _, n := range []int{-1, MaxRows + 1} {
		if err := Generate(io.Discard, n, 1); err == nil {
			t.Errorf("Generate(%d): no error", n)
		}
	}
}

func readCSV(t testing.TB, data []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("generated CSV does not parse: %v", err)
	}
	for i, rec := range recs {
		if len(rec) != len(Header) {
			t.Fatalf("row %d has %d fields", i+1, len(rec))
		}
	}
	return recs
}

// TestGenerateNHSNumbers: every NHS number is in the 999 range; valid ones are unique
// except where a row repeats an earlier one on purpose (a duplicate keeps the DOB or
// changes only it).
func TestGenerateNHSNumbers(t *testing.T) {
	recs := readCSV(t, generate(t, 20000, 42))
	seen := map[string]int{}
	invalid := 0
	for i, rec := range recs[1:] {
		n := nhs.Normalise(rec[colNHS])
		if n != "" && !strings.HasPrefix(n, "999") {
			t.Fatalf("row %d: NHS number outside the 999 range", i+2)
		}
		if !nhs.Valid(n) {
			invalid++
			continue
		}
		if j, ok := seen[n]; ok {
			prev := recs[j-1]
			for c := range rec {
				if c != colDOB && rec[c] != prev[c] {
					t.Fatalf("row %d repeats row %d's NHS number but column %q differs", i+2, j, Header[c])
				}
			}
			continue
		}
		seen[n] = i + 2
	}
	if rate := float64(invalid) / 20000; rate > 0.01 {
		t.Errorf("%.2f%% invalid NHS numbers; expected under 1%%", rate*100)
	}
}

// classify names every case a list of rows meets, counting them.
func classify(t testing.TB, recs [][]string) map[string]int {
	got := map[string]int{}
	first := map[string][]string{}
	goLive, letter := GoLive, LetterDate
	date := func(s string) civil.Date {
		if s == "" {
			return civil.Date{}
		}
		tm, err := time.Parse("02-Jan-2006", s)
		if err != nil {
			t.Fatalf("date %q is not EMIS style", s)
		}
		return civil.FromTime(tm)
	}
	for _, rec := range recs[1:] {
		add := func(c string) { got[c]++ }
		n := nhs.Normalise(rec[colNHS])
		if !nhs.Valid(n) {
			add("invalid NHS number")
			continue
		}
		if rec[colNHS] != n {
			add("NHS number with spaces")
		}
		if p, ok := first[n]; ok {
			if p[colDOB] != rec[colDOB] {
				add("conflicting duplicate")
			} else {
				add("duplicate")
			}
			continue
		}
		first[n] = rec
		if rec[colDeceased] != "" {
			add("deceased")
			continue
		}
		dob := date(rec[colDOB])
		if dob.IsZero() {
			add("no date of birth")
			continue
		}
		if dob.Month == time.February && dob.Day == 29 {
			add("born 29 February")
		}
		switch sixteen := dob.Birthday(dob.Year + 16); {
		case sixteen == goLive:
			add("16 on go-live day")
		case sixteen == goLive.AddDays(-1):
			add("16 the day before go-live")
		case sixteen == goLive.AddDays(1):
			add("16 the day after go-live")
		}
		switch sixteen := dob.Birthday(dob.Year + 16); sixteen {
		case letter:
			add("16 on the letter date")
		case letter.AddDays(90):
			add("turns 16 on day 90 after the letter date")
		case letter.AddDays(91):
			add("turns 16 on day 91 after the letter date")
		}
		if dob.AgeOn(goLive) < 16 {
			add("under 16")
			if sixteen := dob.Birthday(dob.Year + 16); !sixteen.After(letter.AddDays(90)) {
				add("turns 16 within 90 days of the letter date")
			}
			continue
		}
		pc := rec[colPostcode]
		lines := rec[colHouse] + rec[colStreet] + rec[colVillage] + rec[colTown] + rec[colCounty]
		if lines == "" || pc == "" || postcode.IsPseudo(pc) {
			switch {
			case lines == "":
				add("no address lines")
			case pc == "":
				add("no postcode")
			default:
				add("ZZ99 postcode")
			}
			continue
		}
		norm, ok := postcode.Normalise(pc)
		switch {
		case !ok:
			add("bad postcode")
		case norm != pc:
			add("postcode needing normalising")
		}
		if strings.Contains(strings.ToLower(rec[colNeeds]), "large print") {
			add("large print")
		}
		switch r := []rune(rec[colForename] + "x")[0]; {
		case r >= 0x370 && r <= 0x3ff:
			add("Greek name")
		case r >= 0x400 && r <= 0x4ff:
			add("Cyrillic name")
		}
		c103, c104, c106 := date(rec[col103]), date(rec[col104]), date(rec[col106])
		state := "uncoded"
		switch {
		case !c103.IsZero():
			state = "declined"
			if !c106.IsZero() {
				add("103 with 106")
			}
		case !c104.IsZero() && (c106.IsZero() || !c106.After(c104)):
			state = "blocked"
			if c106 == c104 {
				add("104 and 106 same day")
			}
			if !c106.IsZero() && c106.Before(c104) {
				add("106 before 104")
			}
		case !c106.IsZero():
			state = "cleared"
		}
		a, o, k, v := rec[colAccess] == "Y", rec[colOnline] == "Y", rec[colAtRisk] == "Y", rec[colReview]
		add("state " + state)
		switch {
		case state == "declined":
		case a:
			add("A=Y")
			if state == "blocked" {
				add("A=Y and blocked")
			}
		case state == "blocked":
			add(fmt.Sprintf("blocked V=%s O=%v", v, o))
			if k {
				add("blocked and at risk")
			}
		case k:
			add("at risk, not blocked")
		}
	}
	return got
}

// required are the cases every list of 200 or more rows must contain: every row of every
// pathway table (docs/pathways.md) and every eligibility check (docs/rules.md#eligibility).
var required = []string{
	"invalid NHS number", "duplicate", "conflicting duplicate", "deceased", "no date of birth",
	"under 16", "turns 16 within 90 days of the letter date", "16 on go-live day",
	"16 the day after go-live", "born 29 February",
	"no address lines", "no postcode", "ZZ99 postcode", "bad postcode", "postcode needing normalising",
	"state declined", "state blocked", "state cleared", "state uncoded",
	"103 with 106", "104 and 106 same day", "106 before 104",
	"A=Y", "A=Y and blocked",
	"blocked V=safe O=true", "blocked V=safe O=false", "blocked V=unsafe O=false", "blocked V= O=false",
	"blocked and at risk", "at risk, not blocked",
	"large print", "Greek name", "Cyrillic name", "NHS number with spaces",
}

func TestGenerateCoversEveryCase(t *testing.T) {
	for _, seed := range []int64{1, 42, 2026} {
		got := classify(t, readCSV(t, generate(t, 200, seed)))
		for _, c := range required {
			if got[c] == 0 {
				t.Errorf("seed %d, 200 rows: no row for %q", seed, c)
			}
		}
	}
}

// TestGenerateProportions: a large list looks like a practice list, not a test fixture.
func TestGenerateProportions(t *testing.T) {
	const n = 20000
	got := classify(t, readCSV(t, generate(t, n, 5)))
	within := func(c string, lo, hi float64) {
		if r := float64(got[c]) / n; r < lo || r > hi {
			t.Errorf("%q: %.2f%% of rows, want %.1f%%–%.1f%%", c, r*100, lo*100, hi*100)
		}
	}
	within("state uncoded", 0.45, 0.75)
	within("under 16", 0.12, 0.25)
	within("state blocked", 0.05, 0.2)
	within("invalid NHS number", 0.001, 0.01)
	within("duplicate", 0.001, 0.01)
}

func TestEMISDate(t *testing.T) {
	for _, c := range []struct {
		d    civil.Date
		want string
	}{
		{civil.New(2023, time.October, 27), "27-Oct-2023"},
		{civil.New(2008, time.February, 29), "29-Feb-2008"},
		{civil.New(1999, time.January, 5), "05-Jan-1999"},
	} {
		if got := emisDate(c.d); got != c.want {
			t.Errorf("emisDate(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func BenchmarkGenerate100k(b *testing.B) {
	var size int64
	for b.Loop() {
		cw := &countWriter{}
		if err := Generate(cw, 100_000, 42); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.SetBytes(size)
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestGenerateWriteError(t *testing.T) {
	if err := Generate(failWriter{}, 5000, 1); err == nil {
		t.Error("a failing writer gave no error")
	}
}
