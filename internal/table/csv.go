package table

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// csvScanner splits decoded text into records. It is a small RFC 4180 reader with the
// leniency real exports need (bare quotes inside an unquoted cell are kept as text) and the
// strictness a mail merge needs (a quoted cell that never closes, or text straight after a
// closing quote, is an error naming the row, because guessing could shift cells between
// patients).
//
// Rows are counted as a spreadsheet shows them: one per record, so a quoted line break
// does not start a new row, and a blank line is a (blank) row. Outside quotes LF, CRLF and
// a lone CR each end a row, as they do in Excel and LibreOffice: a file can mix them (an
// old-Mac CR file with one LF inside a quoted address; a CRLF file with one row ended by a
// lone CR), and each row must still be its own.
type csvScanner struct {
	s     string
	pos   int
	delim byte
	row   int // row number of the record last returned

	fields []string
	buf    []byte
}

// csvSyntaxError is a malformed record; the caller turns it into a FileError.
type csvSyntaxError struct {
	row     int
	col     int // zero-based cell of the row where the bad quote is
	problem string
}

func (e *csvSyntaxError) Error() string { return fmt.Sprintf("row %d: %s", e.row, e.problem) }

// next returns the next record's cells, which alias the scanner's storage until the
// following call. It returns nil, nil at the end of the text.
func (sc *csvScanner) next() ([]string, error) {
	s := sc.s
	if sc.pos >= len(s) {
		return nil, nil
	}
	sc.row++
	sc.fields = sc.fields[:0]
	pos := sc.pos
	for {
		if pos < len(s) && s[pos] == '"' {
			// Quoted cell: runs to the next quote that is not doubled.
			pos++
			start := pos
			sc.buf = sc.buf[:0]
			escaped := false
			for {
				i := strings.IndexByte(s[pos:], '"')
				if i < 0 {
					sc.pos = len(s)
					return nil, &csvSyntaxError{sc.row, len(sc.fields), "a quoted cell is never closed (unbalanced quotes)"}
				}
				pos += i + 1
				if pos < len(s) && s[pos] == '"' {
					sc.buf = append(sc.buf, s[start:pos]...)
					pos++
					start = pos
					escaped = true
					continue
				}
				break
			}
			cell := s[start : pos-1]
			if escaped {
				sc.buf = append(sc.buf, cell...)
				cell = string(sc.buf)
			}
			sc.fields = append(sc.fields, cell)
			switch {
			case pos == len(s):
				sc.pos = pos
				return sc.fields, nil
			case s[pos] == sc.delim:
				pos++
				if pos == len(s) {
					sc.fields = append(sc.fields, "")
					sc.pos = pos
					return sc.fields, nil
				}
				continue
			case s[pos] == '\n' || s[pos] == '\r':
				sc.pos = lineEnd(s, pos)
				return sc.fields, nil
			}
			sc.pos = len(s)
			return nil, &csvSyntaxError{sc.row, len(sc.fields) - 1, "text follows a closing quote inside a cell (unbalanced quotes)"}
		}
		// Unquoted cell: runs to the delimiter or the end of the line.
		start := pos
		for pos < len(s) && s[pos] != sc.delim && s[pos] != '\n' && s[pos] != '\r' {
			pos++
		}
		if pos == len(s) || s[pos] == '\n' || s[pos] == '\r' {
			sc.fields = append(sc.fields, s[start:pos])
			sc.pos = lineEnd(s, pos)
			return sc.fields, nil
		}
		sc.fields = append(sc.fields, s[start:pos])
		pos++ // the delimiter
		if pos == len(s) {
			sc.fields = append(sc.fields, "")
			sc.pos = pos
			return sc.fields, nil
		}
	}
}

// lineEnd returns the position after the line end at pos: LF, CR, or CR LF.
func lineEnd(s string, pos int) int {
	if pos < len(s) && s[pos] == '\r' && pos+1 < len(s) && s[pos+1] == '\n' {
		return pos + 2
	}
	return min(pos+1, len(s))
}

// lfReader reads s with every CR LF and lone CR made LF, without copying s.
type lfReader struct {
	s   string
	pos int
}

func (r *lfReader) Read(p []byte) (int, error) {
	if r.pos >= len(r.s) {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && r.pos < len(r.s) {
		// Only as much as fits in p: searched to its end for a CR, a file without one would
		// be read again whole on every call.
		rest := r.s[r.pos:min(len(r.s), r.pos+len(p)-n)]
		if i := strings.IndexByte(rest, '\r'); i != 0 {
			if i < 0 {
				i = len(rest)
			}
			k := copy(p[n:], rest[:i])
			n += k
			r.pos += k
			continue
		}
		p[n] = '\n'
		n++
		r.pos++
		if r.pos < len(r.s) && r.s[r.pos] == '\n' {
			r.pos++
		}
	}
	return n, nil
}

// csvSource reads the rows of decoded CSV text.
type csvSource struct {
	sc   *csvScanner
	file string
	hint string
	// From survey: the non-blank rows after the header a spreadsheet shows, and their most
	// common number of cells.
	shown, common int
}

func (c *csvSource) next(r *Row) (bool, error) {
	cells, err := c.sc.next()
	if err != nil {
		return false, syntaxError(c.file, c.hint, err)
	}
	if cells == nil {
		return false, nil
	}
	r.Number, r.Cells, r.Kinds, r.Hidden = c.sc.row, cells, nil, false
	return true, nil
}

// survey reads the text a second way, with the standard library's CSV reader on the text
// with every LF, CRLF and lone CR made one LF, so that rows merged or split by the scanner
// cannot go unnoticed: it counts the non-blank records after the header (throughHeader is
// how many non-blank rows the scanner read up to and including it) and finds their most
// common number of cells.
func (c *csvSource) survey(throughHeader int) {
	r := csv.NewReader(&lfReader{s: c.sc.s})
	r.Comma, r.LazyQuotes, r.FieldsPerRecord, r.ReuseRecord = rune(c.sc.delim), true, -1, true
	n := 0
	lengths := map[int]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			c.shown = -2 // cannot be counted: never equal to the rows read
			return
		}
		if Blank(rec) {
			continue
		}
		if n++; n > throughHeader {
			lengths[len(rec)]++
		}
	}
	c.shown = n - throughHeader
	for l, k := range lengths {
		if k > lengths[c.common] || k == lengths[c.common] && l < c.common {
			c.common = l
		}
	}
}

func (c *csvSource) rowsShown() int { return c.shown }

func (c *csvSource) merges() []Merge { return nil }

// openCSV decodes b, finds the delimiter and the header row, and leaves t ready for Next.
func openCSV(t *Table, b []byte, opt Options) error {
	text, enc, notes := DecodeText(b)
	t.Format, t.Encoding, t.Notes = "csv", enc, notes
	delim := detectDelimiter(text, opt.IsHeader)
	t.Delimiter = rune(delim)
	if nul := strings.IndexByte(text, 0); nul >= 0 {
		return nulError(t.File, opt.Hint, text, delim, nul)
	}
	src := &csvSource{sc: &csvScanner{s: text, delim: delim}, file: t.File, hint: opt.Hint}
	t.src = src
	found, err := t.findHeader(src, opt)
	if err != nil {
		return err
	}
	if found {
		src.survey(t.seen)
	}
	if t.First.Number == 0 {
		return &Error{File: t.File, Problem: "the file has no rows", Hint: opt.Hint}
	}
	return nil
}

// SizeHint is a rough count of the rows left to read, for allocating.
func (t *Table) SizeHint() int {
	switch src := t.src.(type) {
	case *csvSource:
		rest := src.sc.s[src.sc.pos:]
		return min(max(strings.Count(rest, "\n"), strings.Count(rest, "\r"))+1, 1<<20)
	case *sheetSource:
		return src.rowsLeft(t.HeaderRow)
	}
	return 1024
}

func syntaxError(name, hint string, err error) error {
	var se *csvSyntaxError
	if errors.As(err, &se) {
		return &Error{File: name, Problem: fmt.Sprintf("row %d: %s, in column %s", se.row, se.problem, ColumnName(se.col)),
			Hint: fmt.Sprintf("open the file in a text editor and check the quote marks (\") in row %d, or %s", se.row, hint)}
	}
	return &Error{File: name, Problem: err.Error(), Hint: hint}
}

// nulError names the row holding the first NUL byte (at offset nul in text).
func nulError(name, hint, text string, delim byte, nul int) error {
	sc := &csvScanner{s: text, delim: delim}
	row := 1
	for {
		cells, err := sc.next()
		if err != nil {
			return syntaxError(name, hint, err)
		}
		row = sc.row
		if cells == nil || sc.pos > nul {
			break
		}
	}
	return &Error{File: name,
		Problem: fmt.Sprintf("row %d contains a NUL byte, so this is not a plain-text CSV file", row),
		Hint:    hint}
}
