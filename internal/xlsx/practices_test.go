package xlsx

import (
	"bytes"
	"testing"
	"time"
)

// The organisations summary: one sheet, a row per practice in input order, empty cells
// left empty, and the same rows always give the same bytes.
func TestWritePractices(t *testing.T) {
	p := &Practices{Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Rows: []PracticeRow{
		{Row: 2, ODS: "Y99901", Practice: "Larkspur Medical Centre", Pathway: "missed-date", Letter: "bulk-date-request",
			File: "Y99901-bulk-date-request.pdf", Status: "written"},
		{Row: 4, ODS: "Y99902", Practice: "Tolland Street Surgery", Pathway: "proceed", Status: "no letter",
			Problems: "pathway proceed has no organisation letter"},
		{Row: 5, Practice: "Ferngate", Status: "not written", Problems: "ODS Code: missing; Letter Date: missing", Warnings: "Phone: missing"},
	}}
	var a, b bytes.Buffer
	if err := WritePractices(&a, p); err != nil {
		t.Fatal(err)
	}
	if err := WritePractices(&b, p); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same rows differ")
	}
	got, err := Dump(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	want := `== Practices
Row | ODS Code | Practice | Pathway | Letter | File | Status | Problem | Warnings
2 | Y99901 | Larkspur Medical Centre | missed-date | bulk-date-request | Y99901-bulk-date-request.pdf | written
4 | Y99902 | Tolland Street Surgery | proceed |  |  | no letter | pathway proceed has no organisation letter
5 |  | Ferngate |  |  |  | not written | ODS Code: missing; Letter Date: missing | Phone: missing
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
