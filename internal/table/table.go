// Package table reads a spreadsheet-like file — CSV in any text encoding accesspack accepts,
// or an XLSX workbook — into rows of cells, each with the row number a spreadsheet shows for
// it. It is the one reader behind the patient list (internal/roster) and the practices list
// (internal/orgs), which are column mappings on top of it, and the only code that opens an
// XLSX file for reading.
//
// What it promises, whatever the bytes:
//   - A file that cannot be read for certain is an *Error naming the file, the problem and
//     what to do, never a panic and never a file read in part. The problem names rows and
//     columns, never a cell's value (only a caller that knows a row is a header may quote it).
//   - Every row a spreadsheet would show is returned once, in order, with its number: a
//     quoted line break stays in its cell; LF, CRLF and a lone CR each end a row, as in
//     Excel and LibreOffice; XLSX rows carry the sheet's own numbers and must come in order.
//   - Blank rows are skipped (but counted in row numbers); hidden rows are returned marked
//     Hidden, so the caller can set them aside.
//   - Memory is bounded: the file is read whole (at most MaxFileSize bytes); an XLSX sheet is
//     streamed from the zip in memory, with no temporary files, its unpacked size capped.
package table

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"
)

// Error says why a file cannot be used at all. Commands print "accesspack: error: FILE:
// PROBLEM" and "hint: HINT". Problem and Hint never hold a cell value of a data row.
type Error struct {
	File    string
	Problem string
	Hint    string
}

func (e *Error) Error() string {
	if e.File == "" {
		return e.Problem
	}
	return e.File + ": " + e.Problem
}

// Options say what a caller reads.
type Options struct {
	// What the file is, in messages: "patient list", "list of practices".
	What string
	// Hint is the advice for a file that is not a readable table at all: how to save or
	// export it again.
	Hint string
	// Source is where the list can be exported from again ("EMIS"), for hints; may be "".
	Source string
	// IsHeader reports whether a row is the header row. The header is the first of the
	// first MaxHeaderScan non-blank rows (of the first visible sheet that has one) for which
	// it returns true.
	IsHeader func(cells []string) bool
}

// Limits.
const (
	// MaxFileSize is the largest file read. A list of 200,000 patients is about 40 MB as
	// CSV and 15 MB as XLSX.
	MaxFileSize = 256 << 20
	// MaxUnzipped bounds what a workbook's parts may unpack to in all.
	MaxUnzipped = 1 << 30
	// MaxHeaderScan is how many non-blank rows are searched for the header row.
	MaxHeaderScan = 10
	// ExcelCellLimit is the most characters a spreadsheet cell holds: longer cells are
	// cut by Excel, so a longer cell is marked on its row (Row.LongCell).
	ExcelCellLimit = 32767
)

// Table is a file being read: what was found about it, and its rows after the header.
type Table struct {
	File     string
	Format   string // "csv" or "xlsx"
	Sheet    string // XLSX: the sheet read
	Encoding string // CSV: "UTF-8", "UTF-8 (BOM)", "Windows-1252", "UTF-16LE", …
	// Delimiter is the CSV cell separator found in the header line: ',', '\t' or ';'.
	Delimiter rune
	// Date1904 is the workbook's date system (XLSX).
	Date1904 bool
	// SHA256 is the hex SHA-256 of the file's bytes.
	SHA256 string

	// Header is the header row's cells, and HeaderRow its number. When no row passed
	// Options.IsHeader, Header is nil and First holds the first non-blank row (of the first
	// visible sheet), for the caller's message.
	Header    []string
	HeaderRow int
	First     Row
	// Sheets counts the workbook's worksheets, and HiddenSheets those hidden. When the
	// only sheet with a header is hidden, Header is nil and HiddenHeader names it.
	Sheets, HiddenSheets int
	HiddenHeader         string
	// Notes are facts about the file worth telling the user (a mixed encoding, …). They
	// never hold a cell value.
	Notes []string

	src   source
	seen  int // non-blank rows read up to and including the header
	row   Row
	err   error
	data  int // non-blank rows returned after the header
	done  bool
	width int // cells up to the header's last non-blank one
}

// Row is one non-blank row.
type Row struct {
	// Number is the row number a spreadsheet shows: the header is usually 1.
	Number int
	// Cells are the row's cells, as text; valid until the next call to Next. XLSX rows end
	// at their last non-empty cell.
	Cells []string
	// Kinds gives each cell's type in a workbook; nil for CSV, where every cell is text.
	Kinds []Kind
	// Hidden is set for an XLSX row that is hidden or filtered out.
	Hidden bool
	// Shifted is set for a CSV row whose cell count is not the header's (up to its last
	// heading): a stray or missing delimiter may have moved cells into the wrong columns.
	// Extra cells that are all blank, at the end, do not count when the file's rows usually
	// have them.
	Shifted bool
	// LongCell is the position of the first cell longer than ExcelCellLimit characters,
	// or -1.
	LongCell int
}

// Reasons a row cannot be read for certain, worded as the readers give them.
const (
	ReasonShifted  = "cells shifted: check the row"
	ReasonHidden   = "hidden row in the spreadsheet"
	ReasonLongCell = "a cell is longer than a spreadsheet cell can be (32,767 characters): check the row"
)

// HintHiddenSheet is what to do when the only sheet with the header the reader looks for
// is hidden (Table.HiddenHeader).
const HintHiddenSheet = "unhide the sheet in Excel (right-click a sheet tab, Unhide…) and save the workbook, or copy the list to a visible sheet"

// Kind is the type of a workbook cell.
type Kind uint8

const (
	Text    Kind = iota // a string (shared, inline or a formula's text result), or any CSV cell
	Number              // a number, which in a date column is an Excel date serial
	Bool                // TRUE or FALSE, given as "1" or "0"
	Date                // an ISO 8601 date (a cell of type d)
	Failure             // an error value such as #N/A
)

// Kind returns the type of cell i.
func (r *Row) Kind(i int) Kind {
	if i < len(r.Kinds) {
		return r.Kinds[i]
	}
	return Text
}

// source is the format-specific row reader: next returns the next row (blank ones too) or
// ok false at the end.
type source interface {
	next(r *Row) (ok bool, err error)
	// rowsShown is how many non-blank rows after the header a spreadsheet would show,
	// counted independently of next where the format allows (CSV); -1 if unknown.
	rowsShown() int
	merges() []Merge
}

// Merge is a merged cell range of a workbook sheet.
type Merge struct {
	Ref               string // "D2:D3"
	FirstRow, LastRow int
}

// ReadFile reads the file at path. It refuses what is not a regular file (a folder, a
// device such as /dev/zero, a FIFO) before reading from it, and a file over MaxFileSize.
func ReadFile(path string, opt Options) (*Table, error) {
	data, err := readFile(path, opt)
	if err != nil {
		return nil, err
	}
	return Open(data, path, opt)
}

func readFile(path string, opt Options) ([]byte, error) {
	fail := func(problem, hint string) error { return &Error{File: path, Problem: problem, Hint: hint} }
	st, err := os.Stat(path)
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, fail("no such file", "check the file name and the folder it is in")
		case errors.Is(err, os.ErrPermission):
			return nil, fail("permission denied", "check the file's permissions, or copy it somewhere you can read")
		}
		return nil, fail("cannot be read: "+errText(err), "check the file name and that you can open it")
	}
	if err := checkRegular(path, st, opt); err != nil {
		return nil, err
	}
	// O_NONBLOCK: should the path have become a FIFO since the check, opening it must not
	// wait for a writer. It changes nothing for a regular file.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return nil, fail("permission denied", "check the file's permissions, or copy it somewhere you can read")
		}
		return nil, fail("cannot be read: "+errText(err), "check the file name and that you can open it")
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, fail("cannot be read: "+errText(err), "check the file and try again")
	}
	if err := checkRegular(path, st, opt); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fail("could not be read: "+errText(err), "check the file and try again")
	}
	if len(b) > MaxFileSize {
		return nil, tooBig(path, opt)
	}
	return b, nil
}

func checkRegular(path string, st os.FileInfo, opt Options) error {
	switch m := st.Mode(); {
	case m.IsDir():
		return &Error{File: path, Problem: "is a folder, not a " + opt.What,
			Hint: "give the CSV or XLSX file itself"}
	case !m.IsRegular():
		return &Error{File: path, Problem: "is not a regular file (it is a device, a pipe or a socket), so it cannot be a " + opt.What,
			Hint: "save the " + opt.What + " as a CSV or XLSX file and give that file's name"}
	case st.Size() > MaxFileSize:
		return tooBig(path, opt)
	}
	return nil
}

func tooBig(path string, opt Options) error {
	return &Error{File: path,
		Problem: fmt.Sprintf("the file is larger than %d MB, too large for a %s", MaxFileSize>>20, opt.What),
		Hint:    "check it is the right file (a list of 200,000 patients is about 40 MB as CSV); remove columns that are not needed, or split the list"}
}

// errText is an OS error without the path (the caller names the file).
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Read reads a whole file from r (at most MaxFileSize bytes) and opens it.
func Read(r io.Reader, name string, opt Options) (*Table, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, &Error{File: name, Problem: "could not be read: " + err.Error(), Hint: "check the file and try again"}
	}
	if len(b) > MaxFileSize {
		return nil, tooBig(name, opt)
	}
	return Open(b, name, opt)
}

// Open reads the file held in b, finds its format and its header row, and returns the table
// ready for Next. name is used in messages and, when the content does not decide, to tell
// formats apart.
func Open(b []byte, name string, opt Options) (t *Table, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, internalError(name)
		}
	}()
	if opt.What == "" {
		opt.What = "table"
	}
	sum := sha256.Sum256(b)
	t = &Table{File: name, SHA256: hex.EncodeToString(sum[:]), First: Row{LongCell: -1}}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &Error{File: name, Problem: "the file is empty", Hint: opt.Hint}
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch sniff(b) {
	case "zip":
		return t, openXLSX(t, b, opt)
	case "ole":
		return nil, &Error{File: name,
			Problem: "this is an old-style Excel workbook (.xls) or a password-protected one, which cannot be read",
			Hint:    "open it in Excel and save it as an Excel Workbook (.xlsx) without a password, or as CSV"}
	case "pdf":
		return nil, &Error{File: name, Problem: "this is a PDF, not a CSV or XLSX " + opt.What, Hint: opt.Hint}
	case "gzip", "image", "rtf":
		return nil, &Error{File: name, Problem: "this is not a CSV or XLSX " + opt.What, Hint: opt.Hint}
	}
	if ext == ".xls" {
		return nil, &Error{File: name,
			Problem: "an .xls file that is not an Excel workbook (EMIS sometimes saves HTML or text with this name)",
			Hint:    "open it in Excel and save it as an Excel Workbook (.xlsx) or CSV"}
	}
	if err := openCSV(t, b, opt); err != nil {
		return nil, err
	}
	if ext == ".xlsx" || ext == ".xlsm" {
		t.Notes = append([]string{"the file is named " + ext + " but is plain text; it was read as CSV"}, t.Notes...)
	}
	return t, nil
}

// findHeader reads rows from src until the header: the first of the first MaxHeaderScan
// non-blank rows that opt.IsHeader accepts. It reports whether one was found; t.First is
// set to the first non-blank row either way (Number 0 if there is none).
func (t *Table) findHeader(src source, opt Options) (bool, error) {
	var r Row
	for seen := 0; seen < MaxHeaderScan; {
		ok, err := src.next(&r)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, nil
		}
		if Blank(r.Cells) {
			continue
		}
		seen++
		if t.First.Number == 0 {
			t.First = cloneRow(r)
		}
		if opt.IsHeader != nil && opt.IsHeader(r.Cells) {
			t.Header, t.HeaderRow, t.seen = cloneRow(r).Cells, r.Number, seen
			t.width = 0
			for i, c := range t.Header {
				if strings.TrimSpace(c) != "" {
					t.width = i + 1
				}
			}
			return true, nil
		}
	}
	return false, nil
}

func cloneRow(r Row) Row {
	r.Cells = append([]string(nil), r.Cells...)
	r.Kinds = append([]Kind(nil), r.Kinds...)
	return r
}

// Next advances to the next non-blank row after the header, which Row then returns. It
// returns false at the end of the rows or on an error, which Err then returns.
func (t *Table) Next() (ok bool) {
	if t.done || t.src == nil || t.Header == nil {
		return false
	}
	defer func() {
		if r := recover(); r != nil {
			t.err, t.done, ok = internalError(t.File), true, false
		}
	}()
	for {
		ok, err := t.src.next(&t.row)
		if err != nil {
			t.err, t.done = err, true
			return false
		}
		if !ok {
			t.done = true
			if shown := t.src.rowsShown(); shown != -1 && shown != t.data {
				// The rows a spreadsheet shows and the rows read disagree: rows were merged
				// or split somewhere, so no row can be trusted to hold its own cells.
				t.err = &Error{File: t.File,
					Problem: fmt.Sprintf("the file's rows cannot be told apart for certain (a spreadsheet shows %d rows below the header, %d were read)", shown, t.data),
					Hint:    "open the file in a spreadsheet program, check the rows and save it again as CSV or .xlsx"}
			}
			return false
		}
		if Blank(t.row.Cells) {
			continue
		}
		t.data++
		t.row.LongCell = -1
		for i, c := range t.row.Cells {
			if len(c) > ExcelCellLimit && utf8.RuneCountInString(c) > ExcelCellLimit {
				t.row.LongCell = i
				break
			}
		}
		t.row.Shifted = false
		if c, ok := t.src.(*csvSource); ok {
			t.row.Shifted = t.shifted(c.common)
		}
		return true
	}
}

// internalError is what a panic while reading becomes: the reader is never trusted to
// have read the file when it failed, and the panic's value, which may hold a cell, is not
// shown.
func internalError(name string) error {
	return &Error{File: name, Problem: "the file could not be read: accesspack failed while reading it (a bug in accesspack)",
		Hint: "save the list again as CSV and try that; please report the problem, without sending the file"}
}

// shifted reports whether the current CSV row may have had its cells moved into the wrong
// columns by a delimiter too many or too few: it has fewer cells than the header has
// headings, or a non-blank cell past the last heading, or — cells past the header's end
// that are blank — a different number of cells from the file's usual rows (common), as an
// extra comma before an empty last cell gives.
func (t *Table) shifted(common int) bool {
	n := len(t.row.Cells)
	switch {
	case n < t.width:
		return true
	case n > t.width && !Blank(t.row.Cells[t.width:]):
		return true
	}
	return n > len(t.Header) && n != common
}

// Row returns the current row. Its slices are reused by the next call to Next.
func (t *Table) Row() *Row { return &t.row }

// Err returns the error that stopped Next, if any.
func (t *Table) Err() error { return t.err }

// DataRows is the number of non-blank rows after the header, as a spreadsheet shows them;
// valid once Next has returned false without an error.
func (t *Table) DataRows() int { return t.data }

// Merges lists the sheet's merged cell ranges (XLSX); valid once Next has returned false.
func (t *Table) Merges() []Merge {
	if t.src == nil {
		return nil
	}
	return t.src.merges()
}

// Blank reports whether every cell is empty or white space.
func Blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// ColumnName names a zero-based column as a spreadsheet does: 0 → A, 26 → AA.
func ColumnName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
