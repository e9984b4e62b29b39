package roster

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/table"
)

// checkReadResult is what every fuzz target asks of Read: no panic (the fuzzer reports
// one), a *FileError with the file, a problem and a hint, or a list with at least one
// patient whose rows strictly increase after the header row.
func checkReadResult(t *testing.T, name string, l *List, err error) {
	t.Helper()
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("error %T is not a *FileError: %v", err, err)
		}
		if fe.Problem == "" || fe.Hint == "" || fe.File != name {
			t.Fatalf("incomplete FileError %+v", fe)
		}
		return
	}
	if len(l.Patients) == 0 {
		t.Fatalf("a list with no patients")
	}
	prev := l.HeaderRow
	for _, p := range l.Patients {
		if p.Row <= prev {
			t.Fatalf("row %d after row %d", p.Row, prev)
		}
		prev = p.Row
	}
}

// xlsxSeeds are the corpus workbooks and a few built here.
func xlsxSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	paths, err := filepath.Glob(filepath.Join(badDir, "*.xlsx"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no corpus workbooks in %s (%v)", badDir, err)
	}
	for _, p := range append(paths, filepath.Join(badDir, "xlsx-renamed.csv")) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return seeds
}

// FuzzReadXLSXBytes feeds damaged workbooks (mutations of real ones) to Read: a broken zip,
// broken XML or odd cell types must give a FileError or a list, never a panic or a hang.
// When the workbook is read, every non-blank data row of the sheet read is a patient.
func FuzzReadXLSXBytes(f *testing.F) {
	for _, s := range xlsxSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Read(bytes.NewReader(data), "fuzz.xlsx", Options{})
		checkReadResult(t, "fuzz.xlsx", l, err)
		if err != nil || l.Format != "xlsx" {
			return
		}
		wb, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("Read read a workbook that excelize cannot open: %v", err)
		}
		defer wb.Close()
		rows, err := wb.GetRows(l.Sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return // GetRows is stricter than the streaming reader about some damage
		}
		want := 0
		for i := l.HeaderRow; i < len(rows); i++ {
			if !table.Blank(rows[i]) {
				want++
			}
		}
		if want != len(l.Patients) {
			t.Fatalf("%d patients, but sheet %q has %d non-blank data rows", len(l.Patients), l.Sheet, want)
		}
	})
}

// marked wraps a data cell so that any message quoting it is easy to find.
func marked(s string) string { return "⟦" + s + "⟧" }

// FuzzReadXLSXCells writes workbooks whose cells hold hostile values (any text in any
// column, an odd header, a blank row, numbers where text belongs) and reads them back:
// exactly one patient per non-blank data row, each at its own row number, and no warning
// or row problem that quotes a data cell.
func FuzzReadXLSXCells(f *testing.F) {
	f.Add("Date of Birth", "9990000018", "SMITH, John (Mr)", "01/02/1980", "1 High St, Leeds LS6 2QR", 45231.5, false)
	f.Add("DOB", "999 000 0018", "", "10/27/1980", "", 9.99e9, true)
	f.Add("Address", "=1+1", "{{.Name}}\u202e", "2023-13-45", "\x00\x07", -1.0, false)
	f.Add("104", "9.99E+09", strings.Repeat("Ł", 300), "31-Feb-2001", "ZZ99 3WZ", 1e308, true)
	f.Fuzz(func(t *testing.T, header, nhsCell, name, date, address string, num float64, blankMiddle bool) {
		wb := excelize.NewFile()
		defer wb.Close()
		head := []any{"NHS Number", "Full Name", "Date of Birth", "Address", header, "104"}
		rows := [][]any{
			{marked(nhsCell), marked(name), marked(date), marked(address), marked(name), marked(date)},
			{num, name + " Smith", num, address + ", LS6 2QR", num, num},
			{nhsCell, name, date, address, address, date},
		}
		// excelize cuts an over-long cell to its limit rather than refusing it, so any
		// error here is a broken test, not an input to skip.
		if err := wb.SetSheetRow("Sheet1", "A1", &head); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			if blankMiddle && i == 1 {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := wb.SetSheetRow("Sheet1", cell, &r); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := wb.Write(&buf); err != nil {
			t.Fatal(err)
		}
		l, err := Read(bytes.NewReader(buf.Bytes()), "fuzz.xlsx", Options{})
		checkReadResult(t, "fuzz.xlsx", l, err)
		if err != nil {
			var fe *FileError
			errors.As(err, &fe)
			if strings.Contains(fe.Problem+fe.Hint, "⟦") {
				t.Fatalf("message quotes a data cell: %v", fe)
			}
			return
		}
		for _, m := range listMessages(l) {
			if strings.Contains(m, "⟦") {
				t.Fatalf("message quotes a data cell: %q", m)
			}
		}
		// The rows the workbook holds, as excelize's whole-sheet reader sees them.
		back, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer back.Close()
		sheet, err := back.GetRows("Sheet1", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		var want, got []int
		for i := l.HeaderRow; i < len(sheet); i++ {
			if !table.Blank(sheet[i]) {
				want = append(want, i+1)
			}
		}
		for _, p := range l.Patients {
			got = append(got, p.Row)
		}
		if !equalInts(got, want) {
			t.Fatalf("patients from rows %v, but the sheet has non-blank data rows %v", got, want)
		}
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
