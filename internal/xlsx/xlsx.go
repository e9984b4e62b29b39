// Package xlsx writes the pack's mailing list workbook, mailing-list.xlsx
// (docs/pack.md#mailing-listxlsx): a Summary sheet, one sheet per patient letter kind, the Actions
// and Not sent sheets, for the proceed pathway the Requests register and, when
// the pack sends text messages, the Messages sheet.
//
// It is the only package that writes XLSX (through excelize). It takes a plain
// data model, decides nothing about patients, and never logs. Every sheet is a
// single table with its header in row 1, so the workbook can be used as a Word
// mail-merge data source as it is. The same Book always gives the same bytes.
package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Sheet names other than the letter kinds (docs/pack.md#mailing-listxlsx).
const (
	SheetSummary  = "Summary"
	SheetActions  = "Actions"
	SheetNotSent  = "Not sent"
	SheetRequests = "Requests register"
	SheetMessages = "Messages"
)

// Book is everything the mailing list workbook shows.
type Book struct {
	// Summary lines, in order, as the caller wants them shown: pathway,
	// dates, input file, input rows, counts per letter kind, per action, not
	// sent, warnings, reconciliation. Write adds one last line with the
	// reconciliation check from Reconciled.
	Summary []Pair
	// Reconciled reports whether input rows = rows in letters + actions only
	// + not sent. When false the Summary says plainly that it does not hold.
	Reconciled bool
	// Kinds holds one sheet per patient letter kind, in the order given,
	// named exactly by Kind. A kind with no rows gets no sheet.
	Kinds       []KindSheet
	Actions     []ActionRow
	NotSent     []NotSentRow
	Requests    []RequestRow
	HasRequests bool // write the Requests register sheet (pathway proceed)
	// HasMessages says the pack sends text messages: every letter sheet gets a
	// Channel column, and the Messages sheet lists every message recipient.
	HasMessages bool
	Messages    []MessageRow
	// Date is the letter date; it becomes the workbook's created and
	// modified date, so that the output depends on nothing else.
	Date time.Time
	// TempDir is where the spreadsheet library may put temporary files
	// (rows of a large sheet, which hold patient data): the run's private
	// folder. "" means the system's temporary folder.
	TempDir string
}

// Pair is one Summary line. Value is a string, an integer, a time.Time or a
// value with a Time() time.Time method (such as a civil date); the last two
// are written as real Excel dates. A nil Value leaves the cell empty.
type Pair struct {
	Label string
	Value any
}

// KindSheet is the sheet of one patient letter kind.
type KindSheet struct {
	Kind string
	Rows []LetterRow
}

// LetterRow is one letter: one row of a kind sheet.
type LetterRow struct {
	NHSNumber, EMISNumber, Title, Forename, Surname string
	DateOfBirth                                     time.Time // zero: empty cell
	Address                                         [5]string
	Postcode, Mobile, Email                         string
	Format                                          string // "standard" or "large print"
	Enclosures                                      string // e.g. "opt-in-form"
	PDFFile                                         string
	FirstPage, Pages                                int
	Warnings                                        string
	Channel                                         string // only shown with Book.HasMessages
}

// MessageRow is one text message recipient: one row of the Messages sheet.
type MessageRow struct {
	NHSNumber, EMISNumber, Name string
	Mobile                      string // as sent, normalised
	Kind, Variant               string
	MessageFile, UploadFile     string // the message text and the upload list, in the pack
}

// ActionRow is one row of the Actions sheet (an EMIS work-list entry).
type ActionRow struct {
	Action, NHSNumber, EMISNumber, Name, Detail string
}

// NotSentRow is one row of the Not sent sheet. NHSNumber is as given in the
// input, which may be blank or invalid.
type NotSentRow struct {
	InputRow                int
	NHSNumber, Name, Reason string
}

// RequestRow is one request-access recipient in the Requests register. The
// sheet adds empty columns for the practice to track the request.
type RequestRow struct {
	NHSNumber, EMISNumber, Name, Address, Postcode string
}

// Reconciliation check line added at the end of the Summary.
const (
	reconciliationLabel = "Reconciliation check"
	reconciledText      = "holds: every input row is in a letter sheet, Actions or Not sent"
	reconciledMessages  = "holds: every input row is in a letter sheet, the Messages sheet, Actions or Not sent"
	notReconciledText   = "DOES NOT HOLD: some input rows are not accounted for. Do not post this pack; report it."
)

// Column types decide how a cell is stored.
type colType int

const (
	colText   colType = iota // plain string
	colID                    // identifier stored as text with format "@" (NHS, EMIS numbers)
	colNumber                // integer
	colDate                  // real date, shown dd/mm/yyyy
)

type column struct {
	name string
	typ  colType
}

var (
	letterColumns = []column{
		{"NHS Number", colID}, {"EMIS Number", colID}, {"Title", colText},
		{"Forename", colText}, {"Surname", colText}, {"Date of Birth", colDate},
		{"Address Line 1", colText}, {"Address Line 2", colText}, {"Address Line 3", colText},
		{"Address Line 4", colText}, {"Address Line 5", colText},
		{"Postcode", colText}, {"Mobile", colID}, {"Email", colText},
		{"Format", colText}, {"Enclosures", colText}, {"PDF File", colText},
		{"First Page", colNumber}, {"Pages", colNumber}, {"Warnings", colText},
	}
	actionColumns = []column{
		{"Action", colText}, {"NHS Number", colID}, {"EMIS Number", colID},
		{"Name", colText}, {"Detail", colText},
	}
	notSentColumns = []column{
		{"Input Row", colNumber}, {"NHS Number", colID}, {"Name", colText}, {"Reason", colText},
	}
	requestColumns = []column{
		{"NHS Number", colID}, {"EMIS Number", colID}, {"Name", colText},
		{"Address", colText}, {"Postcode", colText},
		{"Date Received", colDate}, {"Decision", colText}, {"Date Access Given", colDate},
		{"Notes", colText},
	}
	messageColumns = []column{
		{"NHS Number", colID}, {"EMIS Number", colID}, {"Name", colText}, {"Mobile", colID},
		{"Kind", colText}, {"Variant", colText}, {"Message File", colText}, {"Upload File", colText},
	}
	summaryColumns = []column{{"Item", colText}, {"Value", colText}}

	// Wider columns for the practice to write in, in characters.
	fillInWidths = map[string]int{"Decision": 16, "Notes": 40}
)

// cell is one value before it goes to excelize; which field counts depends
// on the column type (or, in the Summary, on kind).
type cell struct {
	s    string
	n    int
	t    time.Time
	kind colType
}

// table is one sheet: a header and a way to produce each row.
type table struct {
	name string
	cols []column
	rows int
	fill func(i int, row []cell) error
}

// Column widths, in characters.
const (
	minWidth = 8
	maxWidth = 50
)

// Write writes the workbook for b to w. Errors name sheets, rows and
// columns, never cell values.
func Write(w io.Writer, b *Book) error {
	if b == nil {
		return errors.New("xlsx: no book")
	}
	if b.Date.IsZero() {
		return errors.New("xlsx: book has no date")
	}
	tables, err := tablesOf(b)
	if err != nil {
		return err
	}

	y, m, d := b.Date.Date() // the letter's calendar date, whatever the clock
	date := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)

	f := excelize.NewFile(excelize.Options{TmpDir: b.TempDir})
	defer f.Close() // removes excelize's temporary files; nothing to report
	f.SetZipWriter(newSortedZip)

	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, t := range tables {
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.name)
		} else {
			_, err = f.NewSheet(t.name)
		}
		if err != nil {
			return fmt.Errorf("xlsx: adding sheet %q: %w", t.name, err)
		}
	}
	f.SetActiveSheet(0)
	for _, t := range tables {
		if err := writeTable(f, st, t); err != nil {
			return err
		}
	}

	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        "accesspack",
		LastModifiedBy: "accesspack",
		Title:          "Mailing list",
		Language:       "en-GB",
		Created:        date.Format(time.RFC3339),
		Modified:       date.Format(time.RFC3339),
	}); err != nil {
		return fmt.Errorf("xlsx: setting document properties: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: writing workbook: %w", err)
	}
	return nil
}

// tablesOf lists the sheets of b in workbook order.
func tablesOf(b *Book) ([]table, error) {
	ok := reconciledText
	if b.HasMessages {
		ok = reconciledMessages
	}
	summary := append(b.Summary[:len(b.Summary):len(b.Summary)], Pair{reconciliationLabel, ok})
	if !b.Reconciled {
		summary[len(summary)-1].Value = notReconciledText
	}
	tables := []table{{
		name: SheetSummary, cols: summaryColumns, rows: len(summary),
		fill: func(i int, row []cell) error {
			row[0] = cell{s: summary[i].Label}
			v, err := summaryValue(summary[i].Value)
			if err != nil {
				return fmt.Errorf("xlsx: summary line %d (%q): %w", i+1, summary[i].Label, err)
			}
			row[1] = v
			return nil
		},
	}}

	seen := map[string]bool{} // Excel compares sheet names ignoring case
	for _, name := range []string{SheetSummary, SheetActions, SheetNotSent, SheetRequests, SheetMessages} {
		seen[strings.ToLower(name)] = true
	}
	for _, k := range b.Kinds {
		if len(k.Rows) == 0 {
			continue
		}
		if err := checkKindName(k.Kind); err != nil {
			return nil, err
		}
		if seen[strings.ToLower(k.Kind)] {
			return nil, fmt.Errorf("xlsx: letter kind %q: sheet name used twice", k.Kind)
		}
		seen[strings.ToLower(k.Kind)] = true
		rows := k.Rows
		cols := letterColumns
		if b.HasMessages {
			cols = append(cols[:len(cols):len(cols)], column{"Channel", colText})
		}
		tables = append(tables, table{
			name: k.Kind, cols: cols, rows: len(rows),
			fill: func(i int, row []cell) error {
				r := &rows[i]
				if b.HasMessages {
					row[len(letterColumns)].s = r.Channel // the column added after letterColumns
				}
				row[0].s, row[1].s, row[2].s, row[3].s, row[4].s = r.NHSNumber, r.EMISNumber, r.Title, r.Forename, r.Surname
				row[5].t = r.DateOfBirth
				for j, a := range r.Address {
					row[6+j].s = a
				}
				row[11].s, row[12].s, row[13].s = r.Postcode, r.Mobile, r.Email
				row[14].s, row[15].s, row[16].s = r.Format, r.Enclosures, r.PDFFile
				row[17].n, row[18].n, row[19].s = r.FirstPage, r.Pages, r.Warnings
				return nil
			},
		})
	}

	if b.HasMessages {
		tables = append(tables, table{
			name: SheetMessages, cols: messageColumns, rows: len(b.Messages),
			fill: func(i int, row []cell) error {
				r := &b.Messages[i]
				row[0].s, row[1].s, row[2].s, row[3].s = r.NHSNumber, r.EMISNumber, r.Name, r.Mobile
				row[4].s, row[5].s, row[6].s, row[7].s = r.Kind, r.Variant, r.MessageFile, r.UploadFile
				return nil
			},
		})
	}
	tables = append(tables, table{
		name: SheetActions, cols: actionColumns, rows: len(b.Actions),
		fill: func(i int, row []cell) error {
			r := &b.Actions[i]
			row[0].s, row[1].s, row[2].s, row[3].s, row[4].s = r.Action, r.NHSNumber, r.EMISNumber, r.Name, r.Detail
			return nil
		},
	}, table{
		name: SheetNotSent, cols: notSentColumns, rows: len(b.NotSent),
		fill: func(i int, row []cell) error {
			r := &b.NotSent[i]
			row[0].n, row[1].s, row[2].s, row[3].s = r.InputRow, r.NHSNumber, r.Name, r.Reason
			return nil
		},
	})
	if b.HasRequests {
		tables = append(tables, table{
			name: SheetRequests, cols: requestColumns, rows: len(b.Requests),
			fill: func(i int, row []cell) error {
				r := &b.Requests[i]
				row[0].s, row[1].s, row[2].s, row[3].s, row[4].s = r.NHSNumber, r.EMISNumber, r.Name, r.Address, r.Postcode
				return nil
			},
		})
	}
	return tables, nil
}

// checkKindName reports a kind that cannot be a sheet name. Sheet names are
// at most 31 characters, without : \ / ? * [ ] and, here, without ' (it
// would need quoting in the autofilter's defined name).
func checkKindName(kind string) error {
	switch {
	case strings.TrimSpace(kind) == "":
		return errors.New("xlsx: a letter kind has no name")
	case utf8.RuneCountInString(kind) > 31:
		return fmt.Errorf("xlsx: letter kind %q is too long for a sheet name (31 characters at most)", kind)
	case strings.ContainsAny(kind, `:\/?*[]'`):
		return fmt.Errorf("xlsx: letter kind %q cannot be a sheet name (it contains one of : \\ / ? * [ ] ')", kind)
	}
	return nil
}

// summaryValue turns a Summary value into a cell.
func summaryValue(v any) (cell, error) {
	switch v := v.(type) {
	case nil:
		return cell{}, nil
	case string:
		return cell{s: v}, nil
	case int:
		return cell{n: v, kind: colNumber}, nil
	case int64:
		return cell{n: int(v), kind: colNumber}, nil
	case int32:
		return cell{n: int(v), kind: colNumber}, nil
	case time.Time:
		return cell{t: v, kind: colDate}, nil
	case interface{ Time() time.Time }:
		return cell{t: v.Time(), kind: colDate}, nil
	}
	return cell{}, fmt.Errorf("unsupported value type %T", v)
}

// styles are the workbook's cell styles.
type styles struct {
	header, id, date int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return st, fmt.Errorf("xlsx: header style: %w", err)
	}
	if st.id, err = f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil { // 49 is "@", text
		return st, fmt.Errorf("xlsx: text style: %w", err)
	}
	dateFormat := "dd/mm/yyyy"
	if st.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFormat}); err != nil {
		return st, fmt.Errorf("xlsx: date style: %w", err)
	}
	return st, nil
}

// writeTable streams one sheet: widths, column styles, frozen header and
// autofilter first, then the header row and the rows.
func writeTable(f *excelize.File, st styles, t table) error {
	fail := func(what string, err error) error {
		return fmt.Errorf("xlsx: sheet %q: %s: %w", t.name, what, err)
	}
	if t.rows >= excelize.TotalRows {
		return fmt.Errorf("xlsx: sheet %q: %d rows is more than a sheet holds (%d)", t.name, t.rows, excelize.TotalRows-1)
	}
	last, err := excelize.CoordinatesToCellName(len(t.cols), t.rows+1)
	if err != nil {
		return fail("table range", err)
	}
	// The stream writer writes the dimension before any row, so set it now.
	if err := f.SetSheetDimension(t.name, "A1:"+last); err != nil {
		return fail("dimension", err)
	}
	sw, err := f.NewStreamWriter(t.name)
	if err != nil {
		return fail("starting", err)
	}
	row := make([]cell, len(t.cols))
	reset := func() {
		for j := range row {
			row[j] = cell{kind: t.cols[j].typ}
		}
	}

	// Widths from the header and every value, capped.
	widths := make([]int, len(t.cols))
	for j, c := range t.cols {
		widths[j] = max(utf8.RuneCountInString(c.name), fillInWidths[c.name]-2)
	}
	for i := 0; i < t.rows; i++ {
		reset()
		if err := t.fill(i, row); err != nil {
			return err
		}
		for j := range row {
			widths[j] = max(widths[j], row[j].width())
		}
	}
	// excelize puts each column set last at the front of <cols>, and Excel
	// wants them in ascending order, so go from the last column to the first.
	for j := len(widths) - 1; j >= 0; j-- {
		if err := sw.SetColWidth(j+1, j+1, float64(min(max(widths[j]+2, minWidth), maxWidth))); err != nil {
			return fail("column width", err)
		}
		switch t.cols[j].typ {
		case colID:
			err = sw.SetColStyle(j+1, j+1, st.id)
		case colDate:
			err = sw.SetColStyle(j+1, j+1, st.date)
		}
		if err != nil {
			return fail("column style", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return fail("freezing the header", err)
	}
	if err := f.AutoFilter(t.name, "A1:"+last, nil); err != nil {
		return fail("autofilter", err)
	}
	if t.rows > 0 {
		for j, c := range t.cols {
			if c.typ != colID {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, 2)
			end, _ := excelize.CoordinatesToCellName(j+1, t.rows+1)
			if err := f.AddIgnoredErrors(t.name, ref+":"+end, excelize.IgnoredErrorsNumberStoredAsText); err != nil {
				return fail("number-as-text warnings", err)
			}
		}
	}

	values := make([]any, len(t.cols))
	for j, c := range t.cols {
		values[j] = excelize.Cell{StyleID: st.header, Value: c.name}
	}
	if err := sw.SetRow("A1", values); err != nil {
		return fail("header row", err)
	}
	for i := 0; i < t.rows; i++ {
		reset()
		if err := t.fill(i, row); err != nil {
			return err
		}
		for j := range row {
			values[j] = row[j].value(st)
		}
		ref, err := excelize.CoordinatesToCellName(1, i+2)
		if err == nil {
			err = sw.SetRow(ref, values)
		}
		if err != nil {
			return fail(fmt.Sprintf("row %d", i+2), err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fail("finishing", err)
	}
	return nil
}

// width is the number of characters the cell shows.
func (c cell) width() int {
	switch c.kind {
	case colNumber:
		return len(strconv.Itoa(c.n))
	case colDate:
		if c.t.IsZero() {
			return 0
		}
		return len("dd/mm/yyyy")
	}
	return utf8.RuneCountInString(c.s)
}

// value is the cell as excelize's StreamWriter takes it; nil leaves the cell
// empty.
func (c cell) value(st styles) any {
	switch c.kind {
	case colNumber:
		return c.n
	case colDate:
		if c.t.IsZero() {
			return nil
		}
		y, m, d := c.t.Date()
		return excelize.Cell{StyleID: st.date, Value: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
	case colID:
		if c.s == "" {
			return nil
		}
		return excelize.Cell{StyleID: st.id, Value: c.s}
	}
	if c.s == "" {
		return nil
	}
	return c.s
}
