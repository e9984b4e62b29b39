// Package roster reads a practice's patient list (an EMIS export as CSV or XLSX) into
// patient records, one per non-blank data row, with the row's input row number and any
// problems found in it (SPEC §6 and §10).
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
//   - Text encodings: UTF-8 (with or without BOM), UTF-16 (BOM, or detected), otherwise
//     Windows-1252. The delimiter (comma, tab, semicolon) comes from the header line.
//   - All-capitals Latin names are written in title case (SMITH → Smith, O'NEILL → O'Neill,
//     MCDONALD → McDonald); anything else is kept exactly as given.
package roster

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/accesspack/accesspack/internal/patient"
)

// Options control how a list is read.
type Options struct {
	// Headers is the practice file's mapping for unusual exports: field name (one of
	// Fields) → the header text used for it in this file. It overrides the usual headers.
	Headers map[string]string
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
// "accesspack: error: FILE: PROBLEM" and "hint: HINT", and exits with status 3.
type FileError struct {
	File    string
	Problem string
	Hint    string
}

func (e *FileError) Error() string {
	if e.File == "" {
		return e.Problem
	}
	return e.File + ": " + e.Problem
}

// ReadFile reads the patient list at path.
func ReadFile(path string, opt Options) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		fe := &FileError{File: path, Problem: "cannot open the patient list", Hint: "check the --patients path"}
		switch {
		case errors.Is(err, os.ErrNotExist):
			fe.Problem = "no such file"
		case errors.Is(err, os.ErrPermission):
			fe.Problem, fe.Hint = "permission denied", "check the file's permissions, or copy it somewhere you can read"
		}
		return nil, fe
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &FileError{File: path, Problem: "is a folder, not a patient list",
			Hint: "give the CSV or XLSX file exported from EMIS"}
	}
	return Read(f, path, opt)
}

const (
	hintExportCSV = "export the patient list again from EMIS as CSV, or save it from Excel as CSV or .xlsx"
	maxHeaderScan = 10 // non-blank rows searched for the header row
)

// Read reads a patient list from r; name is used in messages and to tell formats apart
// when the content does not.
func Read(r io.Reader, name string, opt Options) (*List, error) {
	if err := checkMapping(name, opt.Headers); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, &FileError{File: name, Problem: "could not be read: " + err.Error(), Hint: "check the file and try again"}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &FileError{File: name, Problem: "the file is empty", Hint: hintExportCSV}
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch sniff(b) {
	case "zip":
		return readXLSX(b, name, opt)
	case "ole":
		return nil, &FileError{File: name,
			Problem: "this is an old-style Excel workbook (.xls) or a password-protected one, which cannot be read",
			Hint:    "open it in Excel and save it as an Excel Workbook (.xlsx) without a password, or as CSV"}
	case "pdf":
		return nil, &FileError{File: name, Problem: "this is a PDF, not a CSV or XLSX patient list", Hint: hintExportCSV}
	case "gzip", "image", "rtf":
		return nil, &FileError{File: name, Problem: "this is not a CSV or XLSX patient list", Hint: hintExportCSV}
	}
	if ext == ".xls" {
		return nil, &FileError{File: name,
			Problem: "an .xls file that is not an Excel workbook (EMIS sometimes saves HTML or text with this name)",
			Hint:    "open it in Excel and save it as an Excel Workbook (.xlsx) or CSV"}
	}
	l, err := readCSV(b, name, opt)
	if err == nil && (ext == ".xlsx" || ext == ".xlsm") {
		l.Warnings = append([]string{"the file is named " + ext + " but is plain text; it was read as CSV"}, l.Warnings...)
	}
	return l, err
}

func readCSV(b []byte, name string, opt Options) (*List, error) {
	text, enc, warnings := decodeText(b)
	l := &List{File: name, Format: "csv", Encoding: enc, Warnings: warnings}
	delim := detectDelimiter(text)
	l.Delimiter = rune(delim)
	sc := &csvScanner{s: text, delim: delim}

	if nul := strings.IndexByte(text, 0); nul >= 0 {
		return nil, nulError(name, text, delim, nul)
	}

	// Find the header row: the first of the first few non-blank rows with an NHS number header.
	var header []string
	var first []string
	firstRow := 0
	for seen := 0; seen < maxHeaderScan; {
		cells, err := sc.next()
		if err != nil {
			return nil, syntaxError(name, err)
		}
		if cells == nil {
			break
		}
		if blankRow(cells) {
			continue
		}
		seen++
		if first == nil {
			first, firstRow = append([]string(nil), cells...), sc.row
		}
		if nhsHeaderIn(cells, opt.Headers) {
			header = append([]string(nil), cells...)
			l.HeaderRow = sc.row
			break
		}
	}
	if first == nil {
		return nil, &FileError{File: name, Problem: "the file has no rows", Hint: hintExportCSV}
	}
	if header == nil {
		return nil, noHeaderError(name, first, firstRow, opt.Headers)
	}
	b2, err := newBuilder(name, header, opt, false, false, strings.Count(text[sc.pos:], "\n")+1)
	if err != nil {
		return nil, err
	}
	if l.HeaderRow > 1 {
		l.Warnings = append(l.Warnings, fmt.Sprintf("the headers are in row %d; the rows above it were ignored", l.HeaderRow))
	}
	for {
		cells, err := sc.next()
		if err != nil {
			return nil, syntaxError(name, err)
		}
		if cells == nil {
			break
		}
		if err := b2.add(sc.row, cells); err != nil {
			return nil, err
		}
	}
	return b2.finish(l)
}

// blankRow reports whether every cell is empty or white space.
func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func syntaxError(name string, err error) error {
	var se *csvSyntaxError
	if errors.As(err, &se) {
		return &FileError{File: name, Problem: fmt.Sprintf("row %d: %s, in column %s", se.row, se.problem, colLetter(se.col)),
			Hint: fmt.Sprintf("open the file in a text editor and check the quote marks (\") in row %d, or %s", se.row, hintExportCSV)}
	}
	return &FileError{File: name, Problem: err.Error(), Hint: hintExportCSV}
}

// nulError names the row holding the first NUL byte (at offset nul in text).
func nulError(name, text string, delim byte, nul int) error {
	sc := &csvScanner{s: text, delim: delim}
	row := 1
	for {
		cells, err := sc.next()
		if err != nil {
			return syntaxError(name, err)
		}
		row = sc.row
		if cells == nil || sc.pos > nul {
			break
		}
	}
	return &FileError{File: name,
		Problem: fmt.Sprintf("row %d contains a NUL byte, so this is not a plain-text CSV file", row),
		Hint:    hintExportCSV}
}

// noHeaderError explains a file with no NHS number header. The first non-blank row is
// listed only when it looks like a header row (some cell is a known header): otherwise it
// may be a patient's data, which must not appear in a message.
func noHeaderError(name string, first []string, firstRow int, m map[string]string) error {
	known := 0 // cells that are known headers; two make a header row, not a patient's row
	for _, c := range first {
		n := normaliseHeader(c)
		if _, ok := aliasIndex[n]; ok {
			known++
			continue
		}
		for _, v := range m {
			if n == normaliseHeader(v) {
				known++
				break
			}
		}
	}
	mapped := ""
	for k, v := range m {
		if i, _ := lookupField(k); fieldTable[i].name == fNHS {
			mapped = v
		}
	}
	if known < 2 {
		return &FileError{File: name,
			Problem: fmt.Sprintf("no header row found: row %d has none of the expected column names (such as \"NHS Number\")", firstRow),
			Hint:    "the first row must hold the column headings; export the list again from EMIS with headings"}
	}
	want := Aliases(fNHS)
	problem := "no NHS number column; the headers found are " + quoteList(first)
	if mapped != "" {
		want = []string{mapped}
		problem = fmt.Sprintf("no column %q, which the practice file maps to the NHS number; the headers found are %s", mapped, quoteList(first))
	}
	hint := "name the column \"NHS Number\", or map it in the practice file's [headers] table (\"nhs number\" = \"…\")"
	if s := nearestHeader(want, first); s != "" {
		hint = fmt.Sprintf("did you mean %q? ", s) + hint
	}
	return &FileError{File: name, Problem: problem, Hint: hint}
}
