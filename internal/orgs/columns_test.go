package orgs

import (
	"slices"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/practice"
)

// TestColumnsFollowFieldTable: the practices-list columns are the practice field table's
// Columns, in its order, with Postcode after Address; an entry added to the table is a
// column, with its headers and help.
func TestColumnsFollowFieldTable(t *testing.T) {
	var want []string
	for _, f := range practice.Fields() {
		if len(f.Columns) > 0 {
			want = append(want, f.Columns[0])
		}
		if f.Key == fieldAddress {
			want = append(want, "Postcode")
		}
	}
	var got []string
	for _, c := range Columns() {
		got = append(got, c.Header)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Columns: %v\nwant     %v", got, want)
	}

	extra := practice.Field{Key: "sms_price", Kind: practice.Text, Columns: []string{"SMS Price", "Text Message Price"}, ColumnHelp: "pence per message"}
	cols := columnsFrom(append(practice.Fields(), extra))
	last := cols[len(cols)-1]
	if last.name != "sms_price" || !slices.Equal(last.headers, extra.Columns) || last.about != "pence per message" {
		t.Errorf("the added entry's column: %+v", last)
	}
	if len(cols) != len(fields)+1 {
		t.Errorf("%d columns, want %d", len(cols), len(fields)+1)
	}
}

// TestEveryColumnIsRead: a list with every column filled in gives a practice with every
// one of those values: a field given columns in the table must be read by readRow too.
func TestEveryColumnIsRead(t *testing.T) {
	var header, row []string
	for _, f := range practice.Fields() {
		if len(f.Columns) == 0 {
			continue
		}
		header = append(header, f.Columns[0])
		cell := map[practice.Kind]string{practice.Text: "Oak", practice.Lines: "1 Oak Road; Leeds, LS1 1AA",
			practice.Date: "2026-12-01", practice.YesNo: "yes"}[f.Kind]
		switch {
		case f.Kind == practice.Choice:
			cell = f.Choices[0]
		case f.Key == fieldODS:
			cell = "B86999"
		}
		row = append(row, `"`+cell+`"`)
	}
	l, err := Read([]byte(strings.Join(header, ",")+"\n"+strings.Join(row, ",")+"\n"), "practices.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Rows) != 1 || len(l.Rows[0].Problems) > 0 || len(l.Warnings) > 0 {
		t.Fatalf("rows %+v, warnings %v", l.Rows, l.Warnings)
	}
	p := &l.Rows[0].Practice
	for _, f := range practice.Fields() {
		if len(f.Columns) > 0 && !f.IsSet(p) {
			t.Errorf("column %q (%s) is matched but not read into the practice: read it in readRow", f.Columns[0], f.Key)
		}
	}
}
