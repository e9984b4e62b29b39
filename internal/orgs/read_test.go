package orgs

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/table"
)

// everyColumn is a practice with every field filled in, as readRow should build it.
func everyColumn() practice.Practice {
	return practice.Practice{
		Name:      "Larkspur Medical Centre",
		ODS:       "Y99901",
		Address:   []string{"3 Larkspur Row", "Brackendale", "BD9 9ZZ"},
		Phone:     "01632 960001",
		Email:     "larkspur@example.nhs.uk",
		Website:   "www.larkspur.example",
		InfoURL:   "www.larkspur.example/records",
		Signatory: practice.Person{Name: "Dr Ruth Penhallow", Role: "GP Partner"},
		ICB: practice.Organisation{Name: "NHS Brackendale ICB", Address: []string{"Ferngate House", "10 Quay Street", "Brackendale", "BD1 1ZZ"},
			Contact: "Primary Care IT Team", Email: "it@example.nhs.uk"},
		EMIS: practice.Organisation{Name: "EMIS Health", Address: []string{"Rawdon House", "Yeadon", "LS19 7BY"},
			Contact: "Bulk Enablement Team", Email: "bulk@example.com"},
		Pathway:    "defer-dpia",
		GoLive:     civil.New(2027, time.March, 1),
		LetterDate: civil.New(2026, time.December, 1),
		ReplyBy:    civil.New(2027, time.January, 29),
		Bulk104:    true,
		DPIA: practice.DPIA{Date: civil.New(2026, time.October, 20),
			Concerns: []string{"Third-party information not reviewed", "Coercion risk", "Staff training incomplete"}},
		Window: practice.DefaultWindow,
	}
}

func readString(t *testing.T, name, text string) *List {
	t.Helper()
	l, err := Read([]byte(text), name)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return l
}

func TestReadEveryColumnCSV(t *testing.T) {
	// Headers in three styles: as the help writes them, as the practice file's keys,
	// and loosely (case, spaces, punctuation).
	for _, header := range []string{
		"Practice Name,ODS Code,Address,Phone,Email,Website,Info URL,Signatory Name,Signatory Role,ICB Name,ICB Address,ICB Contact,ICB Email,EMIS Name,EMIS Address,EMIS Contact,EMIS Email,Pathway,Go-live Date,Letter Date,Reply-by Date,Bulk 104,DPIA Date,DPIA Concerns",
		"name,ods_code,address,phone,email,website,info_url,signatory.name,signatory.role,icb.name,icb.address,icb.contact,icb.email,emis.name,emis.address,emis.contact,emis.email,pathway,go_live,letter_date,reply_by,bulk_104,dpia.date,dpia.concerns",
		"PRACTICE NAME, ods code ,Practice Address,Telephone,E-mail,Web site,Information URL,Signed by,Role,icb_name,ICB-Address,ICB contact,ICB e-mail,EMIS,emis address,Emis Contact,EMIS EMAIL,PATHWAY,Go Live,Date of Letter,Reply By,Bulk104,DPIA date,DPIA concerns",
	} {
		t.Run(strings.SplitN(header, ",", 2)[0], func(t *testing.T) {
			row := `Larkspur  Medical Centre,y99901,"3 Larkspur Row, Brackendale, BD9 9ZZ",01632 960001,larkspur@example.nhs.uk,www.larkspur.example,www.larkspur.example/records,Dr Ruth Penhallow,GP Partner,NHS Brackendale ICB,"Ferngate House
10 Quay Street
Brackendale
BD1 1ZZ",Primary Care IT Team,it@example.nhs.uk,EMIS Health,"Rawdon House,Yeadon,LS19 7BY",Bulk Enablement Team,bulk@example.com,Defer DPIA,01/03/2027,2026-12-01,29-Jan-2027,Yes,20/10/2026,"Third-party information not reviewed; Coercion risk
Staff training incomplete"`
			l := readString(t, "p.csv", header+"\r\n"+row+"\r\n")
			if len(l.Warnings) > 0 {
				t.Errorf("warnings: %q", l.Warnings)
			}
			if len(l.Rows) != 1 {
				t.Fatalf("%d rows, want 1", len(l.Rows))
			}
			r := l.Rows[0]
			if r.Number != 2 || len(r.Problems) > 0 {
				t.Errorf("row %d, problems %v", r.Number, r.Problems)
			}
			if want := everyColumn(); !reflect.DeepEqual(r.Practice, want) {
				t.Errorf("practice:\n got %+v\nwant %+v", r.Practice, want)
			}
		})
	}
}

func TestReadEveryColumnXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Practices")
	f.NewSheet("Notes") // a sheet before the list would be skipped; one after is ignored
	header := []any{"Practice Name", "ODS Code", "Address", "Phone", "Email", "Website", "Info URL", "Signatory Name",
		"Signatory Role", "ICB Name", "ICB Address", "ICB Contact", "ICB Email", "EMIS Name", "EMIS Address",
		"EMIS Contact", "EMIS Email", "Pathway", "Go-live Date", "Letter Date", "Reply-by Date", "Bulk 104", "DPIA Date", "DPIA Concerns"}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	row := []any{"Larkspur Medical Centre", "Y99901", "3 Larkspur Row\nBrackendale\nBD9 9ZZ", "01632 960001",
		"larkspur@example.nhs.uk", "www.larkspur.example", "www.larkspur.example/records", "Dr Ruth Penhallow", "GP Partner",
		"NHS Brackendale ICB", "Ferngate House, 10 Quay Street, Brackendale, BD1 1ZZ", "Primary Care IT Team", "it@example.nhs.uk",
		"EMIS Health", "Rawdon House, Yeadon, LS19 7BY", "Bulk Enablement Team", "bulk@example.com", "defer-dpia",
		day(2027, time.March, 1), day(2026, time.December, 1), "29/01/2027", true, day(2026, time.October, 20),
		"Third-party information not reviewed;Coercion risk;Staff training incomplete"}
	f.SetSheetRow("Practices", "A1", &[]any{"Practices supported by the ICB"}) // a title row above the headers
	f.SetSheetRow("Practices", "A3", &header)
	f.SetSheetRow("Practices", "A4", &row)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	l, err := Read(b.Bytes(), "practices.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if l.Format != "xlsx" || l.Sheet != "Practices" || l.HeaderRow != 3 || len(l.Rows) != 1 {
		t.Fatalf("format %s sheet %q header row %d, %d rows", l.Format, l.Sheet, l.HeaderRow, len(l.Rows))
	}
	r := l.Rows[0]
	if r.Number != 4 || len(r.Problems) > 0 {
		t.Errorf("row %d, problems %v", r.Number, r.Problems)
	}
	if want := everyColumn(); !reflect.DeepEqual(r.Practice, want) {
		t.Errorf("practice:\n got %+v\nwant %+v", r.Practice, want)
	}
}

func TestParseDate(t *testing.T) {
	want := civil.New(2026, time.December, 1)
	for _, s := range []string{"2026-12-01", "01/12/2026", "1/12/2026", "01.12.2026", "01-12-2026", "1-Dec-2026", "1 December 2026", " 2026-12-01 ", "2026-12-01T00:00:00"} {
		if d, err := cellDate(strings.TrimSpace(s), table.Text, false); err != nil || d != want {
			t.Errorf("cellDate(%q) = %v, %v; want %v", s, d, err, want)
		}
	}
	if d, err := cellDate("46357", table.Number, false); err != nil || d != want {
		t.Errorf("Excel serial 46357 = %v, %v; want %v", d, err, want)
	}
	if d, err := cellDate("44895", table.Number, true); err != nil || d != want {
		t.Errorf("1904 serial 44895 = %v, %v; want %v", d, err, want)
	}
	for s, msg := range map[string]string{
		"12/31/2026": "US-style",
		"31/11/2026": "not a date",
		"46357":      "not a date", // a number is a date only in a workbook
		"soon":       "not a date",
		"2026-13-01": "not a date",
	} {
		if _, err := cellDate(s, table.Text, false); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("cellDate(%q): error %v, want one saying %q", s, err, msg)
		}
	}
}

func TestRowProblems(t *testing.T) {
	l := readString(t, "p.csv", "Practice Name,ODS Code,Pathway,Letter Date,Go-live Date,Bulk 104,DPIA Date\n"+
		"A,Y99901,procede,12/31/2026,tomorrow,maybe,2026-02-30\n")
	got := map[string]string{}
	for _, p := range l.Rows[0].Problems {
		got[p.Field] = p.String()
	}
	for field, want := range map[string]string{
		fieldPathway:    `Pathway: "procede" is not a pathway: did you mean proceed?`,
		fieldLetterDate: `Letter Date: "12/31/2026" looks like a US-style date`,
		fieldGoLive:     `Go-live Date: "tomorrow" is not a date`,
		fieldBulk104:    `Bulk 104: "maybe" is not yes or no`,
		fieldDPIADate:   `DPIA Date: "2026-02-30" is not a date`,
	} {
		if !strings.HasPrefix(got[field], want) {
			t.Errorf("%s: got %q, want it to start %q", field, got[field], want)
		}
	}
	if len(got) != 5 {
		t.Errorf("problems: %q", got)
	}
	if r := l.Rows[0]; r.Pathway != "procede" || r.Practice.Pathway != "" {
		t.Errorf("pathway as written %q, as read %q", r.Pathway, r.Practice.Pathway)
	}
}

func TestRowNumbersAndFormats(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		rows []int
	}{
		{"quoted line break and blank line", []byte("Practice Name,ODS Code,Address\nA,Y99901,\"1 Road\nTown\"\n\nB,Y99902,x\n"), []int{2, 4}},
		{"CRLF", []byte("Practice Name,ODS Code\r\nA,Y99901\r\nB,Y99902\r\n"), []int{2, 3}},
		{"semicolons", []byte("Practice Name;ODS Code;Address\nA;Y99901;1 Road, Town\n"), []int{2}},
		{"tabs", []byte("Practice Name\tODS Code\nA\tY99901\n"), []int{2}},
		{"title rows above the header", []byte("ICB practices\n\nPractice Name,ODS Code\nA,Y99901\n"), []int{4}},
		{"no final newline", []byte("Practice Name,ODS Code\nA,Y99901"), []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Read(tt.data, "p.csv")
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, r := range l.Rows {
				got = append(got, r.Number)
			}
			if !reflect.DeepEqual(got, tt.rows) {
				t.Errorf("rows %v, want %v", got, tt.rows)
			}
		})
	}
	l := readString(t, "p.csv", "Practice Name;ODS Code;Address\nA;Y99901;1 Road, Town\n")
	if a := l.Rows[0].Practice.Address; !reflect.DeepEqual(a, []string{"1 Road", "Town"}) {
		t.Errorf("address %q", a)
	}
}

func TestEncodings(t *testing.T) {
	const want = "Clinique Élan Café"
	tests := map[string][]byte{
		"UTF-8":        []byte("Practice Name,ODS Code\n" + want + ",Y99901\n"),
		"UTF-8 BOM":    []byte("\xEF\xBB\xBFPractice Name,ODS Code\n" + want + ",Y99901\n"),
		"Windows-1252": []byte("Practice Name,ODS Code\nClinique \xC9lan Caf\xE9,Y99901\n"),
		"UTF-16LE BOM": utf16le("\uFEFFPractice Name,ODS Code\r\n" + want + ",Y99901\r\n"),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			l, err := Read(data, "p.csv")
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Rows[0].Practice.Name; got != want {
				t.Errorf("name %q, want %q", got, want)
			}
		})
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s { // BMP only
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestUnusedAndRepeatedColumns(t *testing.T) {
	l := readString(t, "p.csv", "Practice Name,ODS Code,Fax,Pathwy,ODS\nA,Y99901,x,missed-date,Y99902\n")
	want := []string{`column "Fax" is not used`, `column "Pathwy" is not used (did you mean "Pathway"?)`,
		`column "ODS" repeats a column to its left and is not used`}
	if !reflect.DeepEqual(l.Warnings, want) {
		t.Errorf("warnings:\n got %q\nwant %q", l.Warnings, want)
	}
	if l.Rows[0].Practice.ODS != "Y99901" || l.Rows[0].Practice.Pathway != "" {
		t.Errorf("leftmost ODS column should win and Pathwy be ignored: %+v", l.Rows[0].Practice)
	}
}

func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"empty", "p.csv", []byte(" \n"), "the file is empty"},
		{"header only", "p.csv", []byte("Practice Name,ODS Code\n"), "no practices below them"},
		{"no ODS column", "p.csv", []byte("Practice Name,ODS Cde\nA,Y99901\n"), `no ODS Code column (the headers in row 1 are "Practice Name", "ODS Cde")`},
		{"no practice name column", "p.csv", []byte("Surgery,ODS Code\nA,Y99901\n"), "no Practice Name column"},
		{"neither", "p.csv", []byte("NHS Number,Surname\n9990000018,Ashworth\n"), "no Practice Name or ODS Code column"},
		{"pdf", "p.csv", []byte("%PDF-1.4\n"), "not a CSV or XLSX"},
		{"xls", "p.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "old-style Excel"},
		{"broken zip", "p.xlsx", []byte("PK\x03\x04garbage"), "zip file (as an .xlsx workbook is) that is damaged or cut short"},
		{"unclosed quote", "p.csv", []byte("Practice Name,ODS Code\n\"A,Y99901\n"), "row 2: a quoted cell is never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := ReadFile(path)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v, want a *FileError", err)
			}
			if fe.File != path || !strings.Contains(fe.Problem, tt.want) || fe.Hint == "" {
				t.Errorf("got %q (hint %q), want it to contain %q", fe.Error(), fe.Hint, tt.want)
			}
		})
	}
	for name, path := range map[string]string{"missing": filepath.Join(dir, "nosuch.csv"), "folder": dir} {
		if _, err := ReadFile(path); err == nil {
			t.Errorf("%s: no error", name)
		} else if fe := (*FileError)(nil); !errors.As(err, &fe) {
			t.Errorf("%s: error %v, want a *FileError", name, err)
		}
	}
}

// A text file named .xlsx is read as CSV, as the patient list is, with a warning.
func TestTextNamedXLSX(t *testing.T) {
	l, err := Read([]byte("Practice Name,ODS Code\nA,Y99901\n"), "p.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if l.Format != "csv" || len(l.Rows) != 1 || len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "named .xlsx but is plain text") {
		t.Errorf("format %s, %d rows, warnings %q", l.Format, len(l.Rows), l.Warnings)
	}
}

func TestNoODSColumnSuggests(t *testing.T) {
	_, err := Read([]byte("Practice Name,ODS Cde\nA,Y99901\n"), "p.csv")
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Hint, `did you mean "ODS Cde"?`) {
		t.Errorf("error %v, hint %q", err, fe.Hint)
	}
}

func TestPostcodeColumn(t *testing.T) {
	l := readString(t, "p.csv", "Practice Name,ODS Code,Address,Postcode\n"+
		"A,Y99901,\"1 Road, Town\",bd1 1zz\n"+
		"B,Y99902,\"1 Road, Town, BD1 1ZZ\",BD11ZZ\n")
	for i, want := range [][]string{{"1 Road", "Town", "BD1 1ZZ"}, {"1 Road", "Town", "BD1 1ZZ"}} {
		if got := l.Rows[i].Practice.Address; !reflect.DeepEqual(got, want) {
			t.Errorf("row %d: address %q, want %q", l.Rows[i].Number, got, want)
		}
	}
}

// A row with a cell too many or too few is not written, as for the patient list: its
// cells may be in the wrong columns (here the ODS code would be read as the address). Blank
// cells past the header's end are fine when the file's rows have them (Excel writes them on
// every row), not on one row alone (an extra comma before an empty last cell).
func TestShiftedRow(t *testing.T) {
	l := readString(t, "p.csv", "Practice Name,ODS Code,Address,Pathway\n"+
		"A,Y99901,1 Road,missed-date\n"+
		"B,Oak Lane,Y99902,1 Road,missed-date\n"+
		"C,Y99903,1 Road\n"+
		"D,Y99904,1 Road,missed-date,,\n"+
		"E,Y99905,1 Road,missed-date\n")
	for i, want := range []bool{false, true, true, true, false} {
		got := false
		for _, p := range l.Rows[i].Problems {
			got = got || strings.HasPrefix(p.String(), "cells shifted: check the row")
		}
		if got != want {
			t.Errorf("row %d: shifted %v, want %v (problems %q)", l.Rows[i].Number, got, want, l.Rows[i].Problems)
		}
	}
	l = readString(t, "p.csv", "Practice Name,ODS Code,Pathway\nA,Y99901,missed-date,,\nB,Y99902,missed-date,,\n")
	for _, r := range l.Rows {
		if len(r.Problems) != 0 {
			t.Errorf("row %d: %q", r.Number, r.Problems)
		}
	}
}

// A hidden or filtered-out row of a practices workbook is not written; a hidden sheet is not
// read, and when it is the only one with the columns, the message says so.
func TestHiddenRowsAndSheets(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Practice Name", "ODS Code"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"A", "Y99901"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"B", "Y99902"})
	if err := f.SetRowVisible("Sheet1", 3, false); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	l, err := Read(b.Bytes(), "p.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Rows) != 2 || len(l.Rows[0].Problems) != 0 || len(l.Rows[1].Problems) != 1 ||
		!strings.HasPrefix(l.Rows[1].Problems[0].String(), "hidden row in the spreadsheet") {
		t.Errorf("rows %+v", l.Rows)
	}
	notes, _ := f.NewSheet("Notes")
	f.SetSheetRow("Notes", "A1", &[]any{"read me"})
	f.SetActiveSheet(notes) // excelize hides only a sheet that is not selected
	if err := f.SetSheetVisible("Sheet1", false); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	_, err = Read(b.Bytes(), "p.xlsx")
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Problem, `the only sheet with a Practice Name or ODS Code column, "Sheet1", is hidden`) {
		t.Errorf("error %v", err)
	}
}
