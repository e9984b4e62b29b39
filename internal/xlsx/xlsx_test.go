package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/golden"
)

var letterDate = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// civilDate stands in for a civil date type: anything with Time().
type civilDate struct{ y, m, d int }

func (c civilDate) Time() time.Time {
	return time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, time.UTC)
}

// sampleBook has every sheet. The NHS numbers are synthetic (999 prefix),
// plus one with a leading zero.
func sampleBook() *Book {
	return &Book{
		Summary: []Pair{
			{"Pathway", "proceed"},
			{"Letter date", letterDate},
			{"Go-live date", civilDate{2027, 1, 15}},
			{"Input file", "patients.csv"},
			{"Input rows", 6},
			{"Letters: opt-out-notice", 2},
		},
		Reconciled: true,
		Kinds: []KindSheet{
			{Kind: "opt-out-notice", Rows: []LetterRow{
				{
					NHSNumber: "0123456789", EMISNumber: "10001", Title: "Ms", Forename: "Zoë", Surname: "Łukasz",
					DateOfBirth: time.Date(1980, 2, 3, 0, 0, 0, 0, time.UTC),
					Address:     [5]string{"1 High Street", "LEEDS"}, Postcode: "LS6 2QR",
					Mobile: "07700900123", Email: "zoe@example.org", Format: "standard",
					PDFFile: "letters/opt-out-notice.pdf", FirstPage: 1, Pages: 2,
				},
				{
					NHSNumber: "9990001236", EMISNumber: "10002", Forename: "Дмитрий", Surname: "Иванов",
					Address: [5]string{"Flat 2", "3 Low Road", "", "", "YORK"}, Postcode: "YO1 7HH",
					Format: "large print", PDFFile: "letters/opt-out-notice-large-print.pdf", FirstPage: 1, Pages: 3,
					Warnings: "postcode format looks wrong",
				},
			}},
			{Kind: "dpia-update"}, // no recipients: no sheet
			{Kind: "request-access", Rows: []LetterRow{{
				NHSNumber: "9990002240", EMISNumber: "10003", Title: "Mr", Forename: "Erdős", Surname: "O’Neill",
				Address: [5]string{"4 Mill Lane", "HULL"}, Postcode: "HU1 1AA", Format: "standard",
				Enclosures: "opt-in-form", PDFFile: "letters/request-access.pdf", FirstPage: 1, Pages: 4,
			}}},
		},
		Actions: []ActionRow{
			{Action: "review", NHSNumber: "9990003247", EMISNumber: "10004", Name: "Weiß, Anna", Detail: "at risk"},
		},
		NotSent: []NotSentRow{
			{InputRow: 6, NHSNumber: "999 000 4251", Name: "Yıldız, Can", Reason: "declined access (103)"},
			{InputRow: 7, Name: "Đokić, Ana", Reason: "invalid NHS number"},
		},
		Requests: []RequestRow{
			{NHSNumber: "9990002240", EMISNumber: "10003", Name: "Mr Erdős O’Neill", Address: "4 Mill Lane, HULL", Postcode: "HU1 1AA"},
		},
		HasRequests: true,
		Date:        letterDate,
	}
}

func write(t testing.TB, b *Book) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestSheetsAndHeaders(t *testing.T) {
	f := open(t, write(t, sampleBook()))
	want := []string{"Summary", "opt-out-notice", "request-access", "Actions", "Not sent", "Requests register"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	letter := []string{"NHS Number", "EMIS Number", "Title", "Forename", "Surname", "Date of Birth",
		"Address Line 1", "Address Line 2", "Address Line 3", "Address Line 4", "Address Line 5",
		"Postcode", "Mobile", "Email", "Format", "Enclosures", "PDF File", "First Page", "Pages", "Warnings"}
	headers := map[string][]string{
		"Summary":           {"Item", "Value"},
		"opt-out-notice":    letter,
		"request-access":    letter,
		"Actions":           {"Action", "NHS Number", "EMIS Number", "Name", "Detail"},
		"Not sent":          {"Input Row", "NHS Number", "Name", "Reason"},
		"Requests register": {"NHS Number", "EMIS Number", "Name", "Address", "Postcode", "Date Received", "Decision", "Date Access Given", "Notes"},
	}
	for _, sheet := range want {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || !slices.Equal(rows[0], headers[sheet]) {
			t.Errorf("%s header = %q, want %q", sheet, rows[0], headers[sheet])
		}
		for i, row := range rows {
			if len(row) == 0 {
				t.Errorf("%s: row %d is blank", sheet, i+1)
			}
		}
		style, err := f.GetCellStyle(sheet, "A1")
		if err != nil {
			t.Fatal(err)
		}
		if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
			t.Errorf("%s: header is not bold", sheet)
		}
	}
}

func TestCellTypes(t *testing.T) {
	f := open(t, write(t, sampleBook()))
	const sheet = "opt-out-notice"

	// NHS number: a string cell with the text format, leading zero kept.
	if typ, _ := f.GetCellType(sheet, "A2"); typ != excelize.CellTypeInlineString {
		t.Errorf("NHS number cell type = %v, want inline string", typ)
	}
	if v, _ := f.GetCellValue(sheet, "A2"); v != "0123456789" {
		t.Errorf("NHS number = %q", v)
	}
	for _, ref := range []string{"A2", "B2", "M2"} { // NHS, EMIS, Mobile
		if got := numFmt(t, f, sheet, ref); got != "@" {
			t.Errorf("%s number format = %q, want @", ref, got)
		}
	}
	if v, _ := f.GetCellValue(sheet, "M2"); v != "07700900123" {
		t.Errorf("mobile = %q", v)
	}
	if v, _ := f.GetCellValue("Not sent", "B2"); v != "999 000 4251" {
		t.Errorf("Not sent NHS number as given = %q", v)
	}

	// Numbers are numbers.
	for _, c := range []struct{ sheet, ref, want string }{
		{sheet, "R2", "1"}, {sheet, "S2", "2"}, {sheet, "S3", "3"}, {"Not sent", "A2", "6"}, {"Summary", "B6", "6"},
	} {
		if typ, err := f.GetCellType(c.sheet, c.ref); err != nil || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s!%s type = %v (%v), want a number", c.sheet, c.ref, typ, err)
		}
		if v, _ := f.GetCellValue(c.sheet, c.ref, excelize.Options{RawCellValue: true}); v != c.want {
			t.Errorf("%s!%s = %q, want %s", c.sheet, c.ref, v, c.want)
		}
	}

	// Dates are real dates shown dd/mm/yyyy.
	for _, c := range []struct{ sheet, ref, want string }{
		{sheet, "F2", "03/02/1980"}, {"Summary", "B3", "01/12/2026"}, {"Summary", "B4", "15/01/2027"},
	} {
		raw, _ := f.GetCellValue(c.sheet, c.ref, excelize.Options{RawCellValue: true})
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			t.Errorf("%s!%s raw = %q, want a date serial", c.sheet, c.ref, raw)
		}
		if v, _ := f.GetCellValue(c.sheet, c.ref); v != c.want {
			t.Errorf("%s!%s shows %q, want %q", c.sheet, c.ref, v, c.want)
		}
		if got := numFmt(t, f, c.sheet, c.ref); got != "dd/mm/yyyy" {
			t.Errorf("%s!%s format = %q", c.sheet, c.ref, got)
		}
	}
	// No date of birth: empty cell.
	if v, err := f.GetCellValue(sheet, "F3"); err != nil || v != "" {
		t.Errorf("missing date of birth shows %q (%v)", v, err)
	}
}

func TestNonLatinRoundTrip(t *testing.T) {
	f := open(t, write(t, sampleBook()))
	for _, c := range []struct{ sheet, ref, want string }{
		{"opt-out-notice", "D2", "Zoë"}, {"opt-out-notice", "E2", "Łukasz"},
		{"opt-out-notice", "D3", "Дмитрий"}, {"opt-out-notice", "E3", "Иванов"},
		{"request-access", "E2", "O’Neill"}, {"Actions", "D2", "Weiß, Anna"},
		{"Not sent", "C2", "Yıldız, Can"}, {"Not sent", "C3", "Đokić, Ana"},
	} {
		if v, _ := f.GetCellValue(c.sheet, c.ref); v != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.ref, v, c.want)
		}
	}
}

// numFmt is the number format code of a cell.
func numFmt(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	idx, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(idx)
	if err != nil {
		t.Fatal(err)
	}
	if s.CustomNumFmt != nil {
		return *s.CustomNumFmt
	}
	return map[int]string{0: "General", 49: "@"}[s.NumFmt]
}

func TestLayout(t *testing.T) {
	data := write(t, sampleBook())
	f := open(t, data)
	for _, sheet := range f.GetSheetList() {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes = %+v, want the header row frozen", sheet, p)
		}
		if m, err := f.GetMergeCells(sheet); err != nil || len(m) != 0 {
			t.Errorf("%s: merged cells %v (%v)", sheet, m, err)
		}
	}
	names := f.GetDefinedName()
	filters := map[string]string{}
	for _, n := range names {
		if n.Name == "_xlnm._FilterDatabase" {
			filters[n.Scope] = n.RefersTo
		}
	}
	for sheet, want := range map[string]string{
		"Summary":           "'Summary'!$A$1:$B$8",
		"opt-out-notice":    "'opt-out-notice'!$A$1:$T$3",
		"Actions":           "'Actions'!$A$1:$E$2",
		"Requests register": "'Requests register'!$A$1:$I$2",
	} {
		if filters[sheet] != want {
			t.Errorf("%s: autofilter %q, want %q", sheet, filters[sheet], want)
		}
	}

	// Raw XML: one autofilter per sheet over the table, no merged cells,
	// <col> elements in ascending order (Excel complains otherwise).
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	sheets := 0
	colMin := regexp.MustCompile(`<col min="(\d+)"`)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		sheets++
		xml := readZip(t, zf)
		if !strings.Contains(xml, `<autoFilter ref="$A$1:`) || strings.Contains(xml, "mergeCell") {
			t.Errorf("%s: autofilter or merge cells wrong", zf.Name)
		}
		prev := 0
		for _, m := range colMin.FindAllStringSubmatch(xml, -1) {
			n, _ := strconv.Atoi(m[1])
			if n <= prev {
				t.Errorf("%s: <col> elements out of order", zf.Name)
				break
			}
			prev = n
		}
	}
	if sheets != 6 {
		t.Errorf("%d worksheet parts, want 6", sheets)
	}

	// Widths follow the content, within limits.
	w, _ := f.GetColWidth("opt-out-notice", "A")
	if w != 12 { // "NHS Number" is 10 characters
		t.Errorf("NHS Number width = %v, want 12", w)
	}
	w, _ = f.GetColWidth("opt-out-notice", "Q")
	if want := float64(len("letters/opt-out-notice-large-print.pdf") + 2); w != want {
		t.Errorf("PDF File width = %v, want %v", w, want)
	}
	b := sampleBook()
	b.Actions[0].Detail = strings.Repeat("x", 500)
	w, _ = open(t, write(t, b)).GetColWidth("Actions", "E")
	if w != maxWidth {
		t.Errorf("long column width = %v, want the cap %d", w, maxWidth)
	}
}

func readZip(t *testing.T, zf *zip.File) string {
	t.Helper()
	rc, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDump(t *testing.T) {
	got, err := Dump(bytes.NewReader(write(t, sampleBook())))
	if err != nil {
		t.Fatal(err)
	}
	want := `== Summary
Item | Value
Pathway | proceed
Letter date | 2026-12-01
Go-live date | 2027-01-15
Input file | patients.csv
Input rows | 6
Letters: opt-out-notice | 2
Reconciliation check | holds: every input row is in a letter sheet, Actions or Not sent
== opt-out-notice
NHS Number | EMIS Number | Title | Forename | Surname | Date of Birth | Address Line 1 | Address Line 2 | Address Line 3 | Address Line 4 | Address Line 5 | Postcode | Mobile | Email | Format | Enclosures | PDF File | First Page | Pages | Warnings
0123456789 | 10001 | Ms | Zoë | Łukasz | 1980-02-03 | 1 High Street | LEEDS |  |  |  | LS6 2QR | 07700900123 | zoe@example.org | standard |  | letters/opt-out-notice.pdf | 1 | 2
9990001236 | 10002 |  | Дмитрий | Иванов |  | Flat 2 | 3 Low Road |  |  | YORK | YO1 7HH |  |  | large print |  | letters/opt-out-notice-large-print.pdf | 1 | 3 | postcode format looks wrong
== request-access
NHS Number | EMIS Number | Title | Forename | Surname | Date of Birth | Address Line 1 | Address Line 2 | Address Line 3 | Address Line 4 | Address Line 5 | Postcode | Mobile | Email | Format | Enclosures | PDF File | First Page | Pages | Warnings
9990002240 | 10003 | Mr | Erdős | O’Neill |  | 4 Mill Lane | HULL |  |  |  | HU1 1AA |  |  | standard | opt-in-form | letters/request-access.pdf | 1 | 4
== Actions
Action | NHS Number | EMIS Number | Name | Detail
review | 9990003247 | 10004 | Weiß, Anna | at risk
== Not sent
Input Row | NHS Number | Name | Reason
6 | 999 000 4251 | Yıldız, Can | declined access (103)
7 |  | Đokić, Ana | invalid NHS number
== Requests register
NHS Number | EMIS Number | Name | Address | Postcode | Date Received | Decision | Date Access Given | Notes
9990002240 | 10003 | Mr Erdős O’Neill | 4 Mill Lane, HULL | HU1 1AA
`
	if got != want {
		t.Errorf("Dump mismatch:\n%s", golden.Diff("want", want, "Dump", got))
	}
}

func TestDeterministic(t *testing.T) {
	first := write(t, sampleBook())
	time.Sleep(1100 * time.Millisecond) // any embedded clock would move on
	for i := range 5 {                  // several stream-written sheets: map order must not show
		if again := write(t, sampleBook()); !bytes.Equal(first, again) {
			t.Fatalf("write %d differs from the first", i+2)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	core := ""
	for _, zf := range zr.File {
		if zf.Modified.Year() > 1980 {
			t.Errorf("%s is dated %v, want no timestamp", zf.Name, zf.Modified)
		}
		if zf.Name == "docProps/core.xml" {
			core = readZip(t, zf)
		}
	}
	for _, want := range []string{
		`<dcterms:created xsi:type="dcterms:W3CDTF">2026-12-01T00:00:00Z</dcterms:created>`,
		`<dcterms:modified xsi:type="dcterms:W3CDTF">2026-12-01T00:00:00Z</dcterms:modified>`,
	} {
		if !strings.Contains(core, want) {
			t.Errorf("core properties lack %s:\n%s", want, core)
		}
	}
}

func TestEmptySheets(t *testing.T) {
	b := &Book{
		Summary:    []Pair{{"Input rows", 0}},
		Reconciled: true,
		Requests:   []RequestRow{{NHSNumber: "9990002240"}}, // ignored without HasRequests
		Date:       letterDate,
	}
	got, err := Dump(bytes.NewReader(write(t, b)))
	if err != nil {
		t.Fatal(err)
	}
	want := `== Summary
Item | Value
Input rows | 0
Reconciliation check | holds: every input row is in a letter sheet, Actions or Not sent
== Actions
Action | NHS Number | EMIS Number | Name | Detail
== Not sent
Input Row | NHS Number | Name | Reason
`
	if got != want {
		t.Errorf("Dump mismatch:\n%s", golden.Diff("want", want, "Dump", got))
	}

	// HasRequests with nobody to list: the register is there, header only.
	b.HasRequests, b.Requests = true, nil
	f := open(t, write(t, b))
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Summary", "Actions", "Not sent", "Requests register"}) {
		t.Errorf("sheets = %q", got)
	}
}

func TestNotReconciled(t *testing.T) {
	b := sampleBook()
	b.Reconciled = false
	f := open(t, write(t, b))
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	last := rows[len(rows)-1]
	if last[0] != "Reconciliation check" || !strings.HasPrefix(last[1], "DOES NOT HOLD") {
		t.Errorf("last Summary line = %q, want the check saying it does not hold", last)
	}
	for _, row := range rows {
		if strings.Contains(strings.Join(row, " "), "holds: every") {
			t.Errorf("Summary also says it holds: %q", row)
		}
	}
}

func TestErrors(t *testing.T) {
	for name, change := range map[string]func(*Book){
		"no date":          func(b *Book) { b.Date = time.Time{} },
		"bad kind name":    func(b *Book) { b.Kinds[0].Kind = "opt/out" },
		"long kind name":   func(b *Book) { b.Kinds[0].Kind = strings.Repeat("k", 32) },
		"duplicate kind":   func(b *Book) { b.Kinds[2].Kind = "Opt-Out-Notice" },
		"kind clash":       func(b *Book) { b.Kinds[0].Kind = "actions" },
		"summary value":    func(b *Book) { b.Summary[0].Value = 1.5 },
		"blank kind name":  func(b *Book) { b.Kinds[0].Kind = " " },
		"quote in kind":    func(b *Book) { b.Kinds[0].Kind = "o'neill" },
		"bracket in kind":  func(b *Book) { b.Kinds[0].Kind = "kind[1]" },
		"question in kind": func(b *Book) { b.Kinds[0].Kind = "kind?" },
	} {
		t.Run(name, func(t *testing.T) {
			b := sampleBook()
			change(b)
			var buf bytes.Buffer
			err := Write(&buf, b)
			if err == nil {
				t.Fatal("no error")
			}
			for _, v := range []string{"0123456789", "Zoë", "Łukasz", "LS6 2QR", "Дмитрий"} {
				if strings.Contains(err.Error(), v) {
					t.Errorf("error %q shows a cell value", err)
				}
			}
		})
	}
	if err := Write(io.Discard, nil); err == nil {
		t.Error("nil book: no error")
	}
}

func TestAwkwardText(t *testing.T) {
	values := []string{`A & B <c> "q" 'r'`, "  padded  ", "line1\nline2", "tab\there", "=1+1", "+44 7700 900123", "_x0041_", "0012", "1E5", "TRUE"}
	var rows []ActionRow
	for _, v := range values {
		rows = append(rows, ActionRow{Action: "review", NHSNumber: v, Name: v, Detail: v})
	}
	b := &Book{Actions: rows, Reconciled: true, Date: letterDate}
	f := open(t, write(t, b))
	for i, v := range values {
		for _, col := range []string{"B", "D", "E"} {
			ref := col + strconv.Itoa(i+2)
			if got, _ := f.GetCellValue("Actions", ref); got != v {
				t.Errorf("%s = %q, want %q", ref, got, v)
			}
			if typ, _ := f.GetCellType("Actions", ref); typ != excelize.CellTypeInlineString {
				t.Errorf("%s type = %v, want a string", ref, typ)
			}
			if f, _ := f.GetCellFormula("Actions", ref); f != "" {
				t.Errorf("%s has formula %q", ref, f)
			}
		}
	}
	// A control character cannot be in XML: it must not spoil the file.
	b.Actions = []ActionRow{{Name: "bad\x01char\x00"}}
	if _, err := Dump(bytes.NewReader(write(t, b))); err != nil {
		t.Errorf("control characters spoil the workbook: %v", err)
	}
}

func TestDumpEscapesLineBreaks(t *testing.T) {
	b := &Book{NotSent: []NotSentRow{{InputRow: 2, Name: "two\nlines", Reason: "a\r\nb"}}, Reconciled: true, Date: letterDate}
	got, err := Dump(bytes.NewReader(write(t, b)))
	if err != nil {
		t.Fatal(err)
	}
	if want := "2 |  | two\\nlines | a\\r\\nb\n"; !strings.HasSuffix(got, want) {
		t.Errorf("Dump ends %q, want %q", got[strings.LastIndex(got[:len(got)-1], "\n")+1:], want)
	}
}

func TestLetterDateInAnyZone(t *testing.T) {
	bst := time.FixedZone("BST", 60*60) // London in June, without needing time zone data
	b := sampleBook()
	b.Date = time.Date(2026, 6, 1, 0, 0, 0, 0, bst) // 31 May 23:00 UTC
	f := open(t, write(t, b))
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if p.Created != "2026-06-01T00:00:00Z" || p.Modified != p.Created {
		t.Errorf("created %q, modified %q, want the letter date 2026-06-01", p.Created, p.Modified)
	}
}

// A sheet larger than excelize's 16 MiB stream buffer goes through a
// temporary file; it holds patient data, so it must be gone after Write.
func TestNoTemporaryFilesLeft(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 20,000 rows")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	write(t, bigBook(20_000))
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left behind: %s", e.Name())
	}
}

// TestMessagesSheet: with text messages every letter sheet gets a Channel column last,
// the Messages sheet follows the letter sheets, and the mobile is kept as text.
func TestMessagesSheet(t *testing.T) {
	b := sampleBook()
	b.HasMessages = true
	b.Kinds[0].Rows[0].Channel = "letter: no mobile number held"
	b.Kinds[0].Rows[1].Channel = "letter and message"
	b.Messages = []MessageRow{{
		NHSNumber: "9990004259", EMISNumber: "10005", Name: "Ms Zoë Łukasz", Mobile: "07700900123",
		Kind: "opt-out-notice", Variant: "going-live",
		MessageFile: "messages/opt-out-notice-going-live.txt", UploadFile: "messages/opt-out-notice-going-live.csv",
	}}
	f := open(t, write(t, b))
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Summary|opt-out-notice|request-access|Messages|Actions|Not sent|Requests register" {
		t.Errorf("sheets %s", got)
	}
	rows, err := f.GetRows("opt-out-notice")
	if err != nil {
		t.Fatal(err)
	}
	if h := rows[0]; len(h) != 21 || h[20] != "Channel" || rows[1][20] != "letter: no mobile number held" || rows[2][20] != "letter and message" {
		t.Errorf("Channel column: %q / %q", h, rows[1])
	}
	rows, err = f.GetRows("Messages")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"NHS Number", "EMIS Number", "Name", "Mobile", "Kind", "Variant", "Message File", "Upload File"},
		{"9990004259", "10005", "Ms Zoë Łukasz", "07700900123", "opt-out-notice", "going-live", "messages/opt-out-notice-going-live.txt", "messages/opt-out-notice-going-live.csv"},
	}
	if !slices.EqualFunc(rows, want, slices.Equal[[]string]) {
		t.Errorf("Messages:\n%q\nwant\n%q", rows, want)
	}
	if got := numFmt(t, f, "Messages", "D2"); got != "@" {
		t.Errorf("mobile format %q, want text", got)
	}
	summary, _ := f.GetRows("Summary")
	if last := summary[len(summary)-1]; last[1] != "holds: every input row is in a letter sheet, the Messages sheet, Actions or Not sent" {
		t.Errorf("reconciliation line %q", last)
	}
	// Without messages: no Channel column, no Messages sheet.
	b.HasMessages = false
	g := open(t, write(t, b))
	defer g.Close()
	if idx, _ := g.GetSheetIndex("Messages"); idx >= 0 {
		t.Error("Messages sheet without messages")
	}
	if rows, _ := g.GetRows("opt-out-notice"); len(rows[0]) != 20 {
		t.Errorf("%d columns without messages", len(rows[0]))
	}
}
