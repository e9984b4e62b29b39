package sample

import (
	"bytes"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/nhs"
)

func TestPatientsCSV(t *testing.T) {
	data := PatientsCSV()
	if bytes.HasPrefix(data, []byte("\ufeff")) || bytes.HasPrefix(data, []byte("#")) {
		t.Fatal("the sample list must start with its header row")
	}
	recs := readCSV(t, data)
	if n := len(recs) - 1; n < 40 || n > 60 {
		t.Errorf("%d patients; the sample should have 40–60", n)
	}
	if strings.Join(recs[0], ",") != strings.Join(Header, ",") {
		t.Errorf("header %q", recs[0])
	}
	for i, rec := range recs[1:] {
		if n := nhs.Normalise(rec[colNHS]); n != "" && !strings.HasPrefix(n, "999") {
			t.Errorf("row %d: NHS number outside the synthetic 999 range", i+2)
		}
	}
	got := classify(t, recs)
	for _, c := range required {
		if got[c] == 0 {
			t.Errorf("no row for %q", c)
		}
	}
	for _, c := range []string{"16 the day before go-live", "16 on the letter date",
		"turns 16 on day 90 after the letter date", "turns 16 on day 91 after the letter date"} {
		if got[c] == 0 {
			t.Errorf("no row for %q", c)
		}
	}
	// Names the letters must print (docs/pack.md#every-patient-letter).
	text := string(data)
	for _, name := range []string{"Zoë", "Łukasz", "Siobhán", "Weiß", "Erdős", "Đokić", "Yıldız", "O’Neill"} {
		if !strings.Contains(text, name) {
			t.Errorf("no patient named %s", name)
		}
	}
	if !strings.Contains(text, ",ls62qr,") {
		t.Error(`no postcode given as "ls62qr"`)
	}
}

// TestPatientsCSVRows pins the rows data/README.md describes, so the table cannot drift.
func TestPatientsCSVRows(t *testing.T) {
	recs := readCSV(t, PatientsCSV())
	row := func(n int) []string { return recs[n-1] } // spreadsheet row n; header is row 1
	for _, c := range []struct {
		row      int
		forename string
		col      int
		want     string
	}{
		{3, "Łukasz", colPostcode, "LS6 3AZ"},
		{17, "Tomás", col106, "15-Jan-2024"},
		{19, "Ella", colDOB, "15-Jan-2011"},
		{20, "Leo", colDOB, "14-Jan-2011"},
		{21, "Amelia", colDOB, "16-Jan-2011"},
		{22, "William", colDOB, "29-Feb-1960"},
		{23, "Freya", colDOB, "01-Mar-2011"},
		{24, "Oscar", colDOB, "02-Mar-2011"},
		{29, "James", colNHS, ""},
		{31, "Gareth", colNHS, row(30)[colNHS]},
		{33, "Thomas", colNHS, row(32)[colNHS]},
		{38, "Zoë", colPostcode, "ls62qr"},
		{40, "John", colNeeds, "Large print\n(18 pt preferred)"},
		{41, "Mohammed", colNHS, nhs.Format(nhs.Normalise(row(41)[colNHS]))},
		{52, "GARETH", colNHS, row(30)[colNHS]},
	} {
		r := row(c.row)
		if r[colForename] != c.forename || r[c.col] != c.want {
			t.Errorf("row %d: %s with %s %q; README says %s with %q",
				c.row, r[colForename], Header[c.col], r[c.col], c.forename, c.want)
		}
	}
}
