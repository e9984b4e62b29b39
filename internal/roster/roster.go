// Package roster reads a practice's patient list (an EMIS export as CSV or XLSX) into
// patient records, one per non-blank data row, with the row's input row number and any
// problems found in it (docs/patient-list.md). The file itself — its format, text encoding,
// delimiter, rows and row numbers — is read by internal/table; this package maps its
// columns to the patient's fields.
//
// A file that cannot be used at all gives a *FileError. A bad cell never does: it becomes a
// Problem on its row, for the rules to deal with. No message, error or warning from this
// package quotes a cell of a patient row; they name rows and columns only.
//
// Decisions worth knowing:
//   - Headers match case-insensitively, ignoring spaces and punctuation (see Fields and
//     Aliases); the practice file's [headers] mapping overrides them. The header row is the
//     first of the first ten non-blank rows that has an NHS number header.
//   - Required columns: NHS number, date of birth, a name (surname or full name), an address
//     (any address line, or one Address column) and a postcode (or one Address column).
//   - Two columns for one field: the leftmost is used and a warning names the other.
//     Separate address lines win over a single Address column.
//   - Dates are day-first; a date that can only be month-first rejects the whole file.
//   - Text encodings (internal/table): UTF-8 (with or without BOM), UTF-16 (BOM, or
//     detected), otherwise Windows-1252. The delimiter (comma, tab, semicolon) comes from
//     the header line.
//   - All-capitals Latin names are written in title case (SMITH → Smith, O'NEILL → O'Neill,
//     MCDONALD → McDonald); anything else is kept exactly as given.
package roster

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/table"
)

// Options control how a list is read.
type Options struct {
	// Headers is the practice file's mapping for unusual exports: field name (one of
	// Fields) → the header text used for it in this file. It overrides the usual headers.
	Headers map[string]string
	// IncludeHidden reads a workbook's hidden and filtered-out rows as if they were shown.
	// By default they are not sent ("hidden row in the spreadsheet"): the practice may have
	// hidden them for a reason, and a spreadsheet does not show them.
	IncludeHidden bool
}

// List is a patient list as read.
type List struct {
	File     string
	Format   string // "csv" or "xlsx"
	Sheet    string // the worksheet read (XLSX only)
	Encoding string // CSV only: "UTF-8", "UTF-8 (BOM)", "Windows-1252", "UTF-16LE", …
	// Delimiter is the CSV cell separator found in the header line: ',', '\t' or ';'.
	Delimiter rune
	// HeaderRow is the row the headers were found in (usually 1; rows above it are ignored).
	HeaderRow int
	// SHA256 is the hex SHA-256 of the file's bytes.
	SHA256 string
	// DataRows is the number of non-blank rows below the header, as a spreadsheet shows
	// them: the count the reconciliation checks the pack against.
	DataRows int
	// Columns maps each field found to the header actually used for it.
	Columns map[string]string
	// Patients has one entry per non-blank data row, in input order; Row is the spreadsheet
	// row number.
	Patients []patient.Patient
	// Warnings are file-level notices (which sheet was read, columns ignored, …). They never
	// contain a value from a patient row.
	Warnings []string
}

// FileError says why a patient list cannot be used at all. The command line prints
// "accesspack: error: FILE: PROBLEM" and "hint: HINT", and exits with status 3. It is the
// table reader's one error type.
type FileError = table.Error

const hintExportCSV = "export the patient list again from EMIS as CSV, or save it from Excel as CSV or .xlsx"

// tableOptions are how the patient list is read as a table: its header row is the first
// of the first few non-blank rows that has an NHS number header.
func tableOptions(opt Options) table.Options {
	return table.Options{What: "patient list", Hint: hintExportCSV, Source: "EMIS",
		IsHeader: func(cells []string) bool { return nhsHeaderIn(cells, opt.Headers) }}
}

// ReadFile reads the patient list at path. It refuses a path that is not a regular file
// (a folder, /dev/zero, a FIFO) and a file too large to be a patient list.
func ReadFile(path string, opt Options) (*List, error) {
	if err := checkMapping(path, opt.Headers); err != nil {
		return nil, err
	}
	t, err := table.ReadFile(path, tableOptions(opt))
	if err != nil {
		return nil, err
	}
	return fromTable(t, opt)
}

// Read reads a patient list from r; name is used in messages and to tell formats apart
// when the content does not.
func Read(r io.Reader, name string, opt Options) (*List, error) {
	if err := checkMapping(name, opt.Headers); err != nil {
		return nil, err
	}
	t, err := table.Read(r, name, tableOptions(opt))
	if err != nil {
		return nil, err
	}
	return fromTable(t, opt)
}

// fromTable maps the table's columns to fields and reads every row into a patient.
func fromTable(t *table.Table, opt Options) (*List, error) {
	l := &List{File: t.File, Format: t.Format, Sheet: t.Sheet, Encoding: t.Encoding, Delimiter: t.Delimiter,
		HeaderRow: t.HeaderRow, SHA256: t.SHA256, Warnings: t.Notes}
	if t.Header == nil {
		return nil, noHeader(t, opt.Headers)
	}
	b, err := newBuilder(t.File, t.Header, opt, t.Format == "xlsx", t.Date1904, t.SizeHint())
	if err != nil {
		return nil, err
	}
	if t.Format == "xlsx" && t.Sheets > 1 {
		w := fmt.Sprintf("read sheet %q, the first of the workbook's %d sheets with an NHS number column", truncateHeader(t.Sheet), t.Sheets)
		switch t.HiddenSheets {
		case 0:
		case 1:
			w += "; 1 hidden sheet was not read"
		default:
			w += fmt.Sprintf("; %d hidden sheets were not read", t.HiddenSheets)
		}
		l.Warnings = append(l.Warnings, w)
	}
	if l.HeaderRow > 1 {
		l.Warnings = append(l.Warnings, fmt.Sprintf("the headers are in row %d; the rows above it were ignored", l.HeaderRow))
	}
	for t.Next() {
		if err := b.add(t.Row()); err != nil {
			return nil, err
		}
	}
	if err := t.Err(); err != nil {
		return nil, err
	}
	l.DataRows = t.DataRows()
	if l, err = b.finish(l); err != nil {
		return nil, err
	}
	if err := rowsAgree(t.File, l); err != nil {
		return nil, err
	}
	if w := mergedAcrossRows(t.Merges(), t.HeaderRow); w != "" {
		l.Warnings = append(l.Warnings, w)
	}
	return l, nil
}

// noHeader explains a file with no NHS number header row.
func noHeader(t *table.Table, m map[string]string) error {
	if t.HiddenHeader != "" {
		return &FileError{File: t.File,
			Problem: fmt.Sprintf("the only sheet with an NHS number column, %q, is hidden, and hidden sheets are not read", truncateHeader(t.HiddenHeader)),
			Hint:    table.HintHiddenSheet}
	}
	err := noHeaderError(t.File, t.First.Cells, t.First.Number, m)
	if t.Format != "xlsx" {
		return err
	}
	fe := err.(*FileError)
	if t.Sheets > 1 {
		fe.Problem = fmt.Sprintf("no sheet of the %d in the workbook has an NHS number column; in sheet %q: %s",
			t.Sheets, truncateHeader(t.Sheet), fe.Problem)
	} else {
		fe.Problem = fmt.Sprintf("sheet %q: %s", truncateHeader(t.Sheet), fe.Problem)
	}
	return fe
}

// mergedAcrossRows warns about merged cells that span data rows: only the top row of a
// merged range holds its value, so the rows below it are read with that cell blank (a
// family's shared surname or address, say), which the spreadsheet does not show.
func mergedAcrossRows(merges []table.Merge, headerRow int) string {
	n, first := 0, ""
	for _, m := range merges {
		if m.LastRow <= m.FirstRow || m.LastRow <= headerRow {
			continue
		}
		if n++; n == 1 {
			first = m.Ref
		}
	}
	switch n {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("1 merged cell range covers several rows (%s): only its top row has the value, so the rows below it were read with that cell blank", first)
	}
	return fmt.Sprintf("%d merged cell ranges cover several rows (first: %s): only the top row of each has the value, so the rows below were read with those cells blank", n, first)
}

// noHeaderError explains a file with no NHS number header. The first non-blank row is
// quoted only when it is certainly a row of headings: at least two of its cells are
// headings accesspack knows that are words (not "104" or a SNOMED CT id, which exports
// also write as cell values), and no other cell holds a digit or an @, as every patient's
// row does (an NHS number, a date of birth, a postcode). Otherwise it may be a patient's
// data, which no message may show.
func noHeaderError(name string, first []string, firstRow int, m map[string]string) error {
	words, other := 0, false
	for _, c := range first {
		if headerWord(c, m) {
			words++
		} else if strings.ContainsAny(c, "0123456789@") {
			other = true
		}
	}
	mapped := ""
	for k, v := range m {
		if i, _ := lookupField(k); fieldTable[i].name == fNHS {
			mapped = v
		}
	}
	hint := "the first row must hold the column headings; export the list again from EMIS with headings"
	switch {
	case words == 0 && !other:
		return &FileError{File: name, Hint: hint,
			Problem: fmt.Sprintf("no header row found: row %d has none of the expected column names (such as \"NHS Number\")", firstRow)}
	case words < 2 || other:
		return &FileError{File: name, Hint: hint,
			Problem: fmt.Sprintf("no header row found: row %d looks like a patient's details, not column headings, and no row has an NHS number heading (such as \"NHS Number\")", firstRow)}
	}
	want := Aliases(fNHS)
	problem := "no NHS number column; the headers found are " + quoteList(first)
	if mapped != "" {
		want = []string{mapped}
		problem = fmt.Sprintf("no column %q, which the practice file maps to the NHS number; the headers found are %s", mapped, quoteList(first))
	}
	hint = "name the column \"NHS Number\", or map it in the practice file's [headers] table (\"nhs number\" = \"…\")"
	if s := nearestHeader(want, first); s != "" {
		hint = fmt.Sprintf("did you mean %q? ", s) + hint
	}
	return &FileError{File: name, Problem: problem, Hint: hint}
}

// headerWord reports whether c is a heading accesspack knows (or the practice file maps)
// that holds a letter.
func headerWord(c string, m map[string]string) bool {
	n := normaliseHeader(c)
	if strings.IndexFunc(n, unicode.IsLetter) < 0 {
		return false
	}
	if _, ok := aliasIndex[n]; ok {
		return true
	}
	for _, v := range m {
		if n == normaliseHeader(v) {
			return true
		}
	}
	return false
}

// rowsAgree rejects a list whose rows, as a spreadsheet shows them, are not the rows
// read: some patient would be lost, or two merged into one, and a pack made from it could
// not account for every row. It never happens with a file the reader understands; the
// check is there so that a file it misreads is refused rather than sent out.
func rowsAgree(file string, l *List) error {
	if l.DataRows == len(l.Patients) {
		return nil
	}
	return &FileError{File: file,
		Problem: fmt.Sprintf("a spreadsheet shows %s below the header, but %s could be read: "+
			"rows would be lost or run together, so nothing was made from it",
			plural(l.DataRows, "patient row"), plural(len(l.Patients), "row")),
		Hint: "open the file in Excel, save it again as \"CSV UTF-8\" or as an Excel workbook (.xlsx), and run again; " +
			"if it still fails, report it (describe the file, do not send it)"}
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
