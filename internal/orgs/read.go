package orgs

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/accesspack/accesspack/internal/table"
)

// FileError says why a practices file cannot be used at all (exit status 3). It is the
// table reader's one error type, as for the patient list.
type FileError = table.Error

const hintSave = "save the list from Excel as an Excel Workbook (.xlsx) or as CSV, with one row per practice and headers in the first row"

// tableOptions are how the practices list is read as a table: its header row is the first
// of the first few non-blank rows that names a Practice Name or ODS Code column.
var tableOptions = table.Options{What: "list of practices", Hint: hintSave,
	IsHeader: func(cells []string) bool {
		cols := matchColumns(cells)
		return hasIndex(cols.index, fieldName) || hasIndex(cols.index, fieldODS)
	}}

// readTable opens a CSV or XLSX practices list and checks that its header row has the
// columns every letter needs.
func readTable(t *table.Table, err error) (*table.Table, error) {
	if err != nil {
		return nil, err
	}
	where := ""
	if t.Format == "xlsx" {
		where = fmt.Sprintf("sheet %q: ", t.Sheet)
	}
	if t.HiddenHeader != "" {
		return nil, &FileError{File: t.File,
			Problem: fmt.Sprintf("the only sheet with a Practice Name or ODS Code column, %q, is hidden, and hidden sheets are not read", t.HiddenHeader),
			Hint:    table.HintHiddenSheet}
	}
	if t.Header == nil {
		hint := `the first row must hold the column headers, including "Practice Name" and "ODS Code"`
		for _, f := range []string{fieldName, fieldODS} {
			if s := nearestHeader(f, t.First.Cells); s != "" {
				hint = fmt.Sprintf("did you mean %q? Rename it to %q; ", s, fieldByName[f].headers[0]) + hint
				break
			}
		}
		return nil, &FileError{File: t.File, Hint: hint,
			Problem: fmt.Sprintf("%sno Practice Name or ODS Code column (the first row is %s)", where, quoteList(t.First.Cells))}
	}
	cols := matchColumns(t.Header)
	for _, f := range []string{fieldName, fieldODS} {
		if _, ok := cols.index[f]; !ok {
			hint := fmt.Sprintf("add a column headed %q", fieldByName[f].headers[0])
			if s := nearestHeader(f, t.Header); s != "" {
				hint = fmt.Sprintf("did you mean %q? Rename it to %q", s, fieldByName[f].headers[0])
			}
			return nil, &FileError{File: t.File, Problem: fmt.Sprintf("%sno %s column (the headers in row %d are %s)",
				where, fieldByName[f].headers[0], t.HeaderRow, quoteList(t.Header)), Hint: hint}
		}
	}
	return t, nil
}

// noPractices is the error for a header row with nothing below it.
func noPractices(t *table.Table) error {
	where := ""
	if t.Format == "xlsx" {
		where = fmt.Sprintf("sheet %q: ", t.Sheet)
	}
	return &FileError{File: t.File, Problem: where + "there are headers but no practices below them", Hint: "add one row per practice under the header row"}
}

// quoteList quotes up to eight header cells for a message. Practices files hold no
// patient data, so headers may be quoted.
func quoteList(cells []string) string {
	var q []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			if utf8.RuneCountInString(c) > 40 {
				c = string([]rune(c)[:40]) + "…"
			}
			q = append(q, fmt.Sprintf("%q", c))
		}
		if len(q) == 8 {
			q = append(q, "…")
			break
		}
	}
	if len(q) == 0 {
		return "empty"
	}
	return strings.Join(q, ", ")
}
