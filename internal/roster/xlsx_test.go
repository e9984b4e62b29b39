package roster

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/privacytest"
	"github.com/accesspack/accesspack/internal/table"
)

// workbook builds an .xlsx in memory: sheets in order, each a map of cell → value.
func workbook(t *testing.T, setup func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	setup(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func set(t *testing.T, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

func setRow(t *testing.T, f *excelize.File, sheet string, row int, values ...any) {
	t.Helper()
	cell, _ := excelize.CoordinatesToCellName(1, row)
	if err := f.SetSheetRow(sheet, cell, &values); err != nil {
		t.Fatal(err)
	}
}

func readXLSXBytes(t *testing.T, data []byte) *List {
	t.Helper()
	l, err := Read(bytes.NewReader(data), "list.xlsx", Options{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return l
}

func TestXLSX(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Notes")
		set(t, f, "Notes", "A1", "Exported from EMIS Web")
		if _, err := f.NewSheet("Patients"); err != nil {
			t.Fatal(err)
		}
		setRow(t, f, "Patients", 1, "NHS Number", "EMIS Number", "Surname", "Forename", "Date of Birth", "Address Line 1", "Address Line 2", "Postcode", "104", "106", "At Risk", "Mobile")
		setRow(t, f, "Patients", 2, int64(9990000018), 1001, "SMITH", "John", time.Date(1980, 10, 27, 0, 0, 0, 0, time.UTC), "1 High St", "", "LS6 2QR", time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC), "", true, "07700 900123")
		// row 3 left empty; row 4 has text dates and text booleans.
		setRow(t, f, "Patients", 4, validNHS(2), "1002", "Jones", "Zoë", "05/06/2001", "Flat 2", "3 Low Rd", "ls63ab", "27-Oct-2023", "2023-11-02", "N", "")
		setRow(t, f, "Patients", 5, validNHS(3), 1003, "Brown", "Łukasz", 30000.0, "4 Main St", "", "YO1 7HH", "", "", false, 7700900124)
		// A formula with its cached value, and a merged cell.
		if err := f.SetCellFormula("Patients", "K5", `=1=1`); err != nil {
			t.Fatal(err)
		}
		setRow(t, f, "Patients", 6, validNHS(4), 1004, "Green", "Ann", "01/01/1950", "Merged Address", nil, "LS1 1AA")
		if err := f.MergeCell("Patients", "F6", "G6"); err != nil {
			t.Fatal(err)
		}
		set(t, f, "Patients", "A9", " ") // white space only: blank
		f.SetActiveSheet(1)
	})
	l := readXLSXBytes(t, data)
	checkRowsKept(t, l, 4)
	if l.Format != "xlsx" || l.Sheet != "Patients" || l.HeaderRow != 1 || l.Encoding != "" {
		t.Errorf("list %q %q %d %q", l.Format, l.Sheet, l.HeaderRow, l.Encoding)
	}
	if !hasProblem(l.Warnings, `read sheet "Patients", the first of the workbook's 2 sheets with an NHS number column`) {
		t.Errorf("warnings %q", l.Warnings)
	}
	p := l.Patients[0]
	if p.Row != 2 || p.NHSGiven != "9990000018" || p.NHS != "9990000018" || !p.NHSValid() || p.EMISNumber != "1001" ||
		p.Surname != "Smith" || p.DOB != civil.New(1980, 10, 27) || p.Code104 != civil.New(2023, 11, 1) || !p.Has104 ||
		!p.AtRisk || p.Mobile != "07700 900123" || len(p.Problems) != 0 {
		t.Errorf("row 2: %+v", p)
	}
	p = l.Patients[1]
	if p.Row != 4 || p.Forename != "Zoë" || p.DOB != civil.New(2001, 6, 5) || p.Postcode != "LS6 3AB" ||
		p.Code104 != civil.New(2023, 10, 27) || p.Code106 != civil.New(2023, 11, 2) || p.AtRisk || len(p.Problems) != 0 {
		t.Errorf("row 4: %+v", p)
	}
	p = l.Patients[2]
	if p.Row != 5 || p.DOB != civil.New(1982, 2, 18) || p.EMISNumber != "1003" || p.Forename != "Łukasz" || len(p.Problems) != 0 {
		t.Errorf("row 5: %+v", p)
	}
	p = l.Patients[3]
	if p.Row != 6 || strings.Join(p.Address, "|") != "Merged Address" {
		t.Errorf("row 6: %+v", p)
	}
}

func TestXLSXHeaderBelowTitleAnd1904(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
		set(t, f, "Sheet1", "A1", "Bulk enablement list")
		setRow(t, f, "Sheet1", 3, "NHS No", "Full Name", "DOB", "Address", "Has Access")
		setRow(t, f, "Sheet1", 4, validNHS(1), "SMITH, John (Mr)", 43764, "1 High St, Leeds, LS6 2QR", "TRUE")
	})
	l := readXLSXBytes(t, data)
	checkRowsKept(t, l, 1)
	p := l.Patients[0]
	if l.HeaderRow != 3 || p.Row != 4 || p.DOB != civil.New(2023, 10, 27) || p.FullName() != "Mr John Smith" || !p.HasAccess || p.Postcode != "LS6 2QR" {
		t.Errorf("header row %d: %+v", l.HeaderRow, p)
	}
	if !strings.Contains(l.Warnings[0], "headers are in row 3") {
		t.Errorf("warnings %q", l.Warnings)
	}
}

func TestXLSXErrors(t *testing.T) {
	secret := validNHS(7)
	for _, tc := range []struct {
		name    string
		setup   func(f *excelize.File)
		problem string
	}{
		{"empty workbook", func(f *excelize.File) {}, "the workbook has no rows"},
		{"no NHS column", func(f *excelize.File) {
			setRow(t, f, "Sheet1", 1, "NHS Numbr", "Surname", "DOB", "Address")
			setRow(t, f, "Sheet1", 2, secret, "Smith", "01/01/1970", "1 High St, LS6 2QR")
		}, `sheet "Sheet1": no NHS number column; the headers found are "NHS Numbr"`},
		{"no NHS column in any sheet", func(f *excelize.File) {
			if _, err := f.NewSheet("Other"); err != nil {
				t.Fatal(err)
			}
			setRow(t, f, "Sheet1", 1, "Surname", "DOB")
			setRow(t, f, "Other", 1, "Forename", "DOB")
		}, `no sheet of the 2 in the workbook has an NHS number column; in sheet "Sheet1"`},
		{"header only", func(f *excelize.File) {
			setRow(t, f, "Sheet1", 1, "NHS Number", "Surname", "DOB", "Address")
		}, "header row but no patient rows"},
		{"US date text", func(f *excelize.File) {
			setRow(t, f, "Sheet1", 1, "NHS Number", "Surname", "DOB", "Address")
			setRow(t, f, "Sheet1", 2, validNHS(1), "Smith", "01/02/1970", "1 High St, LS6 2QR")
			setRow(t, f, "Sheet1", 7, secret, "Smith", "02/14/1970", "1 High St, LS6 2QR")
		}, `column "DOB" (column C) has a month-first (US-style) date in row 7`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := readErr(t, workbook(t, tc.setup), "list.xlsx", Options{})
			if !strings.Contains(fe.Problem, tc.problem) {
				t.Errorf("problem %q, want %q", fe.Problem, tc.problem)
			}
			privacytest.Check(t, "Read", []string{fe.Problem, fe.Hint}, secret, "Smith", "02/14/1970")
		})
	}
	// A zip that cannot be unpacked, named .xlsx: damaged, or not a workbook at all.
	fe := readErr(t, []byte("PK\x03\x04not really"), "list.xlsx", Options{})
	if !strings.Contains(fe.Problem, "zip file (as an .xlsx workbook is) that is damaged or cut short") {
		t.Errorf("%+v", fe)
	}
}

func TestLostDigits(t *testing.T) {
	for in, want := range map[string]bool{"9.99E+09": true, "9.99e9": true, "9.990000018E9": false, "9990000018": false, "": false, "E9": false} {
		if got := lostDigits(in); got != want {
			t.Errorf("lostDigits(%q) = %v", in, got)
		}
	}
	// A text cell in scientific notation in a workbook is a problem, never turned into digits.
	data := workbook(t, func(f *excelize.File) {
		setRow(t, f, "Sheet1", 1, "NHS Number", "Surname", "DOB", "Address")
		setRow(t, f, "Sheet1", 2, "9.99E+09", "Smith", "01/01/1970", "1 High St, LS6 2QR")
	})
	l := readXLSXBytes(t, data)
	if p := l.Patients[0]; p.NHSGiven != "9.99E+09" || p.NHSValid() || !hasProblem(p.Problems, "scientific notation") {
		t.Errorf("%+v", p)
	}
}

func TestWholeNumber(t *testing.T) {
	for in, want := range map[string]string{
		"9990000018": "9990000018", "9.990000018E9": "9990000018", "9.990000018E+09": "9990000018",
		"1001.0": "1001", "12.5": "12.5", "abc": "abc", "": "", "1e400": "1e400", "999 000 0018": "999 000 0018",
	} {
		if got := wholeNumber(in); got != want {
			t.Errorf("wholeNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// Streaming: a large sheet is read row by row through excelize's Rows iterator.
func TestXLSXLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large workbook")
	}
	const n = 20000
	data := workbook(t, func(f *excelize.File) {
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.SetRow("A1", []any{"NHS Number", "Surname", "Date of Birth", "Address Line 1", "Postcode"}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, []any{validNHS(i), "Smith", "01/02/1980", "1 High St", "LS6 2QR"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	})
	l := readXLSXBytes(t, data)
	checkRowsKept(t, l, n)
	if l.Patients[n-1].Row != n+1 {
		t.Errorf("last row %d", l.Patients[n-1].Row)
	}
}

// Hidden and filtered-out rows are not sent unless IncludeHidden reads them as shown.
func TestHiddenRows(t *testing.T) {
	data, err := os.ReadFile("testdata/bad/xlsx-hidden-rows.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for _, include := range []bool{false, true} {
		l, err := Read(bytes.NewReader(data), "list.xlsx", Options{IncludeHidden: include})
		if err != nil {
			t.Fatal(err)
		}
		var hidden []int
		for _, p := range l.Patients {
			if p.Unreadable == table.ReasonHidden {
				hidden = append(hidden, p.Row)
			}
		}
		want := "[3 5]"
		if include {
			want = "[]"
		}
		if fmt.Sprint(hidden) != want || len(l.Patients) != 5 {
			t.Errorf("include %v: %d patients, hidden rows %v, want %s", include, len(l.Patients), hidden, want)
		}
	}
}
