package table

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

// The workbooks here are written by hand, part by part, as Excel lays them out: the reader
// is tested against the file format, not against the library that writes the pack.

const nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

type testSheet struct {
	name, state string
	xml         string // the worksheet part, whole
}

// sheetXML wraps rows (and anything after sheetData) in a worksheet part.
func sheetXML(rows string, after ...string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet ` + nsMain + `><sheetData>` + rows + `</sheetData>` + strings.Join(after, "") + `</worksheet>`
}

// sst is a shared strings part with the given texts (each already XML, e.g. "<t>x</t>").
func sst(items ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><sst %s count="%d" uniqueCount="%d">`, nsMain, len(items), len(items))
	for _, it := range items {
		b.WriteString("<si>" + it + "</si>")
	}
	b.WriteString("</sst>")
	return b.String()
}

// book zips a workbook: its sheets (in workbook order, stored in reverse file order so
// that the order comes from the workbook part), the shared strings, and extra parts.
func book(t testing.TB, sheets []testSheet, sharedStrings string, extra map[string]string, workbookPr string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	add("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	add("_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	var wb, rels strings.Builder
	wb.WriteString(`<?xml version="1.0"?><workbook ` + nsMain + `>` + workbookPr + `<sheets>`)
	rels.WriteString(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, s := range sheets {
		n := len(sheets) - i
		state := ""
		if s.state != "" {
			state = ` state="` + s.state + `"`
		}
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, s.name, i+1, state, i+10)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+10, n)
		add(fmt.Sprintf("xl/worksheets/sheet%d.xml", n), s.xml)
	}
	wb.WriteString(`</sheets></workbook>`)
	if sharedStrings != "" {
		rels.WriteString(`<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
		add("xl/sharedStrings.xml", sharedStrings)
	}
	rels.WriteString(`</Relationships>`)
	add("xl/workbook.xml", wb.String())
	add("xl/_rels/workbook.xml.rels", rels.String())
	for name, body := range extra {
		add(name, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var nhsHeader = Options{What: "patient list", Hint: "save it again", IsHeader: hasNHSHeader}

type readRow struct {
	Number int
	Cells  []string
	Kinds  []Kind
	Hidden bool
}

// readAll opens data and reads every row after the header.
func readAll(t testing.TB, data []byte, opt Options) (*Table, []readRow, error) {
	t.Helper()
	tb, err := Open(data, "list.xlsx", opt)
	if err != nil {
		return nil, nil, err
	}
	var rows []readRow
	for tb.Next() {
		r := tb.Row()
		rows = append(rows, readRow{r.Number, append([]string(nil), r.Cells...), append([]Kind(nil), r.Kinds...), r.Hidden})
	}
	return tb, rows, tb.Err()
}

func wantError(t *testing.T, err error, problem string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want an *Error saying %q", err, problem)
	}
	if !strings.Contains(e.Problem, problem) || e.Hint == "" || e.File != "list.xlsx" {
		t.Errorf("got %q (hint %q), want the problem to contain %q", e.Problem, e.Hint, problem)
	}
}

func TestXLSXCellsAndTypes(t *testing.T) {
	shared := sst(`<t>NHS Number</t>`, `<t>Surname</t>`, `<r><rPr><b/></rPr><t>Pen</t></r><r><t xml:space="preserve">dle bury</t></r><rPh><t>ペン</t></rPh>`,
		`<t>line_x000D_break and _x005F_x0041_</t>`, `<t>&lt;Ann &amp; Bo&gt;</t>`)
	rows := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>DOB</t></is></c></row>` +
		`<row r="2"><c r="A2"><v>9991000011</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" s="3"><v>18721</v></c><c r="E2" t="b"><v>1</v></c></row>` +
		`<row r="5"><c r="A5" t="str"><f>A2</f><v>9991000089</v></c><c r="B5" t="s"><v>3</v></c><c r="C5" t="d"><v>1969-10-27T00:00:00Z</v></c><c r="D5" t="e"><v>#N/A</v></c></row>` +
		`<row><c t="s"><v>4</v></c><c/><c t="inlineStr"><is><r><t>rich</t></r><r><t> text</t></r></is></c></row>` +
		`<row r="9"><c r="B9"><f>1+1</f></c></row>`
	data := book(t, []testSheet{{name: "Patients", xml: sheetXML(rows)}}, shared, nil, `<workbookPr date1904="1"/>`)
	tb, got, err := readAll(t, data, nhsHeader)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Format != "xlsx" || tb.Sheet != "Patients" || tb.HeaderRow != 1 || !tb.Date1904 || tb.Sheets != 1 ||
		!reflect.DeepEqual(tb.Header, []string{"NHS Number", "Surname", "DOB"}) {
		t.Errorf("table %+v", tb)
	}
	want := []readRow{
		{2, []string{"9991000011", "Pendle bury", "18721", "", "1"}, []Kind{Number, Text, Number, Text, Bool}, false},
		{5, []string{"9991000089", "line\rbreak and _x0041_", "1969-10-27T00:00:00Z", "#N/A"}, []Kind{Text, Text, Date, Failure}, false},
		{6, []string{"<Ann & Bo>", "", "rich text"}, []Kind{Text, Text, Text}, false},
		{9, []string{"", ""}, []Kind{Text, Number}, false},
	}
	// Row 6's middle cell has no value, so it is padding; row 9's formula with no cached
	// value is an empty cell.
	want[2].Kinds[1] = Text
	if !reflect.DeepEqual(got[:3], want[:3]) {
		t.Errorf("rows:\n got %+v\nwant %+v", got, want)
	}
	if len(got) != 3 {
		t.Errorf("%d rows, want 3 (row 9 has no value, so it is blank)", len(got))
	}
	if tb.DataRows() != 3 {
		t.Errorf("DataRows %d", tb.DataRows())
	}
}

// The first visible sheet with a header is read, in workbook order (not file order); a
// hidden sheet is never read, even when it comes first; hidden and zero-height rows are
// marked; merged ranges are listed.
func TestXLSXSheetsAndHiddenRows(t *testing.T) {
	hdr := `<row r="1"><c r="A1" t="inlineStr"><is><t>NHS Number</t></is></c></row>`
	data := book(t, []testSheet{
		{name: "Old list", state: "hidden", xml: sheetXML(hdr + `<row r="2"><c r="A2"><v>1</v></c></row>`)},
		{name: "Notes", xml: sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>read me</t></is></c></row>`)},
		{name: "Current", xml: sheetXML(hdr+`<row r="2"><c r="A2"><v>2</v></c></row><row r="3" hidden="1"><c r="A3"><v>3</v></c></row>`+
			`<row r="4" ht="0" customHeight="1"><c r="A4"><v>4</v></c></row><row r="5" hidden="0"><c r="A5"><v>5</v></c></row>`,
			`<mergeCells count="2"><mergeCell ref="A2:B3"/><mergeCell ref="C1:D1"/></mergeCells>`)},
	}, "", nil, "")
	tb, rows, err := readAll(t, data, nhsHeader)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Sheet != "Current" || tb.Sheets != 3 || tb.HiddenSheets != 1 {
		t.Errorf("sheet %q of %d (%d hidden)", tb.Sheet, tb.Sheets, tb.HiddenSheets)
	}
	var hidden []bool
	for _, r := range rows {
		hidden = append(hidden, r.Hidden)
	}
	if !reflect.DeepEqual(hidden, []bool{false, true, true, false}) {
		t.Errorf("hidden %v", hidden)
	}
	if m := tb.Merges(); !reflect.DeepEqual(m, []Merge{{"A2:B3", 2, 3}, {"C1:D1", 1, 1}}) {
		t.Errorf("merges %+v", m)
	}

	// Only a hidden sheet has a header: no header, and the hidden sheet is named.
	data = book(t, []testSheet{
		{name: "Notes", xml: sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>read me</t></is></c></row>`)},
		{name: "Patients", state: "veryHidden", xml: sheetXML(hdr + `<row r="2"><c r="A2"><v>1</v></c></row>`)},
	}, "", nil, "")
	tb, err = Open(data, "list.xlsx", nhsHeader)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Header != nil || tb.HiddenHeader != "Patients" || tb.Sheet != "Notes" || tb.First.Number != 1 {
		t.Errorf("header %q, hidden header %q, sheet %q, first row %d", tb.Header, tb.HiddenHeader, tb.Sheet, tb.First.Number)
	}
}

// Rows and cells must come in order, each once: otherwise the file is rejected, never read
// with rows dropped or merged.
func TestXLSXOrder(t *testing.T) {
	hdr := `<row r="1"><c r="A1" t="inlineStr"><is><t>NHS Number</t></is></c></row>`
	for name, tc := range map[string]struct{ rows, problem string }{
		"row out of order": {`<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`, "row 2 comes after row 3 (rows out of order)"},
		"row given twice":  {`<row r="2"><c r="A2"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>`, "row 2 is given twice"},
		"row number 0":     {`<row r="0"><c r="A1"><v>1</v></c></row>`, `a row has the number "0"`},
		"unnumbered after": {`<row r="3"><c r="A3"><v>1</v></c></row><row r="3"/>`, "row 3 is given twice"},
		"cell out of order": {`<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>2</v></c></row>`,
			"row 2: cell A2 comes after column B (cells out of order or given twice)"},
		"cell given twice":    {`<row r="2"><c r="B2"><v>1</v></c><c r="B2"><v>2</v></c></row>`, "cell B2 comes after column B"},
		"cell of another row": {`<row r="2"><c r="A7"><v>1</v></c></row>`, `row 2 holds a cell named "A7"`},
		"cell beyond XFD":     {`<row r="2"><c r="XFE2"><v>1</v></c></row>`, "beyond column XFD"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := readAll(t, book(t, []testSheet{{name: "S", xml: sheetXML(hdr + tc.rows)}}, "", nil, ""), nhsHeader)
			wantError(t, err, tc.problem)
		})
	}
}

// A workbook that does not unpack whole, or whose parts are not complete XML, is damaged:
// it is rejected, never read in part.
func TestXLSXDamaged(t *testing.T) {
	hdr := `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`
	body := hdr + `<row r="2"><c r="A2" t="s"><v>1</v></c></row>`
	good := sst(`<t>NHS Number</t>`, `<t>Pendlebury</t>`)
	for name, tc := range map[string]struct {
		sheet, sst, problem string
	}{
		"shared strings cut short (count)": {sheetXML(hdr), strings.Replace(good, `uniqueCount="2"`, `uniqueCount="3"`, 1), "shared text is cut short (2 of 3 texts)"},
		"shared string index missing":      {sheetXML(body + `<row r="3"><c r="A3" t="s"><v>2</v></c></row>`), good, "refers to shared text that is not there"},
		"shared strings XML cut short":     {sheetXML(body), good[:len(good)-20], "sharedStrings.xml) is cut short"},
		"sheet XML cut short":              {sheetXML(body)[:len(sheetXML(body))-30], good, "sheet1.xml) is cut short"},
		"sheet not well-formed":            {strings.Replace(sheetXML(body), "</row>", "</c>", 1), good, "is not well-formed"},
		"text run of 2 MB":                 {sheetXML(body + strings.Repeat(" ", 2<<20)), good, "holds more text in one place than a spreadsheet program writes"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := readAll(t, book(t, []testSheet{{name: "S", xml: tc.sheet}}, tc.sst, nil, ""), nhsHeader)
			wantError(t, err, tc.problem)
		})
	}

	// One changed byte in the sheet's compressed data.
	var rows strings.Builder
	rows.WriteString(hdr)
	for i := 2; i < 3000; i++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="s"><v>1</v></c></row>`, i, i, 9990000000+i*7919, i)
	}
	data := book(t, []testSheet{{name: "S", xml: sheetXML(rows.String())}}, good, nil, "")
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			off, _ := f.DataOffset()
			for _, at := range []int64{off + 40, off + int64(f.CompressedSize64)/2, off + int64(f.CompressedSize64) - 3} {
				bad := bytes.Clone(data)
				bad[at] ^= 0x55
				_, _, err := readAll(t, bad, nhsHeader)
				wantError(t, err, "the workbook is damaged")
			}
		}
	}
	if _, got, err := readAll(t, data, nhsHeader); err != nil || len(got) != 2998 {
		t.Errorf("undamaged: %d rows, %v", len(got), err)
	}

	// Not a zip directory at all, and a zip that is not a workbook.
	_, err := Open(data[:len(data)/2], "list.xlsx", nhsHeader)
	wantError(t, err, "zip file (as an .xlsx workbook is) that is damaged or cut short")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("list.csv")
	w.Write([]byte("NHS Number\n"))
	zw.Close()
	_, err = Open(buf.Bytes(), "list.xlsx", nhsHeader)
	wantError(t, err, "zip file but not an Excel workbook")
}

// A part claiming to unpack to far more than its compressed bytes could is refused before
// anything is unpacked (the zip entry says so itself).
func TestXLSXClaimsTooMuch(t *testing.T) {
	data := book(t, []testSheet{{name: "S", xml: sheetXML(`<row r="1"/>`)}}, "", nil, "")
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		h := f.FileHeader
		rc, _ := f.OpenRaw()
		if f.Name == "xl/worksheets/sheet1.xml" {
			h.UncompressedSize64 = 3 << 30
		}
		w, _ := zw.CreateRaw(&h)
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		w.Write(b.Bytes())
	}
	zw.Close()
	_, err := Open(buf.Bytes(), "list.xlsx", nhsHeader)
	wantError(t, err, "the workbook is damaged: part of it cannot be unpacked")
}

// The reader writes nothing: reading a workbook, whole or damaged part-way, leaves TMPDIR
// as it was (the excelize reader put a 16 MB-plus sheet there, patient data and all).
func TestXLSXNoTemporaryFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var rows strings.Builder
	rows.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>NHS Number</t></is></c><c r="B1" t="inlineStr"><is><t>Surname</t></is></c></row>`)
	for i := 2; rows.Len() < 20<<20; i++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>Pendlebury %d</t></is></c></row>`, i, i, 9990000000+i, i, i)
	}
	data := book(t, []testSheet{{name: "S", xml: sheetXML(rows.String())}}, "", nil, "")
	_, got, err := readAll(t, data, nhsHeader)
	if err != nil || len(got) < 100000 {
		t.Fatalf("%d rows, %v", len(got), err)
	}
	bad := bytes.Clone(data)
	bad[len(bad)/2] ^= 0xff
	if _, _, err := readAll(t, bad, nhsHeader); err == nil {
		t.Error("damaged workbook read")
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left in TMPDIR: %v", left)
	}
}
