package orgs

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// FileError says why a practices file cannot be used at all (exit status 3).
type FileError struct {
	File    string
	Problem string
	Hint    string
}

func (e *FileError) Error() string { return e.File + ": " + e.Problem }

const hintSave = "save the list from Excel as an Excel Workbook (.xlsx) or as CSV, with one row per practice and headers in the first row"

// table is a sheet of cells as read: the header cells and each data row with the row
// number a spreadsheet shows for it.
type table struct {
	format, sheet string
	header        []string
	headerRow     int
	rows          []tableRow
	date1904      bool
}

type tableRow struct {
	number int
	cells  []string
}

// readTable reads a CSV or XLSX file into a table, finding the header row among the
// first few non-blank rows (the first that names a practice-name or ODS code column).
func readTable(b []byte, name string) (*table, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &FileError{File: name, Problem: "the file is empty", Hint: hintSave}
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")), bytes.HasPrefix(b, []byte("PK\x05\x06")):
		return readXLSX(b, name)
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, &FileError{File: name, Problem: "this is an old-style Excel workbook (.xls) or a password-protected one, which cannot be read", Hint: hintSave}
	case bytes.HasPrefix(b, []byte("%PDF")), bytes.HasPrefix(b, []byte{0x1F, 0x8B}), bytes.HasPrefix(b, []byte("{\\rtf")):
		return nil, &FileError{File: name, Problem: "this is not a CSV or XLSX list of practices", Hint: hintSave}
	case ext == ".xlsx" || ext == ".xls":
		return nil, &FileError{File: name, Problem: "the name says Excel workbook but the file is not one", Hint: hintSave}
	}
	return readCSV(decodeText(b), name)
}

// decodeText turns a text file into UTF-8: a UTF-8 or UTF-16 byte-order mark, else
// valid UTF-8, else Windows-1252 (Excel's plain "CSV" save on a UK PC).
func decodeText(b []byte) string {
	var dec func([]byte) ([]byte, error)
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return strings.ToValidUTF8(string(b[3:]), "\uFFFD")
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		dec = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		dec = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes
	case utf8.Valid(b):
		return string(b)
	default:
		dec = charmap.Windows1252.NewDecoder().Bytes
	}
	out, err := dec(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// maxHeaderScan is how many non-blank rows are searched for the header row.
const maxHeaderScan = 10

func readCSV(text, name string) (*table, error) {
	sc := &csvScanner{s: text, delim: delimiter(text)}
	var records []tableRow
	for {
		cells, err := sc.next()
		if err != nil {
			return nil, &FileError{File: name, Problem: err.Error(),
				Hint: "a cell that starts with a double quote must end with one; save the file again from Excel"}
		}
		if cells == nil {
			break
		}
		records = append(records, tableRow{number: sc.row, cells: cells})
	}
	return findHeader(&table{format: "csv"}, records, name)
}

func readXLSX(b []byte, name string) (*table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, &FileError{File: name, Problem: "this is a zip file but not an Excel workbook that can be read (.xlsx)", Hint: hintSave}
	}
	defer f.Close()
	t := &table{format: "xlsx"}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.date1904 = *props.Date1904
	}
	var firstErr error
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			continue // a chart sheet
		}
		records := make([]tableRow, 0, len(rows))
		for i, cells := range rows {
			records = append(records, tableRow{number: i + 1, cells: cells})
		}
		st := *t
		st.sheet = sheet
		found, err := findHeader(&st, records, name)
		if err == nil {
			return found, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = &FileError{File: name, Problem: "the workbook has no sheet with rows", Hint: hintSave}
	}
	return nil, firstErr
}

// findHeader picks the header row and checks that the columns every letter needs are there.
func findHeader(t *table, records []tableRow, name string) (*table, error) {
	var first []string
	seen := 0
	for i, r := range records {
		if blank(r.cells) {
			continue
		}
		if first == nil {
			first = r.cells
		}
		if seen++; seen > maxHeaderScan {
			break
		}
		cols := matchColumns(r.cells)
		_, hasName := cols.index[fieldName]
		_, hasODS := cols.index[fieldODS]
		if !hasName && !hasODS {
			continue
		}
		where := ""
		if t.sheet != "" {
			where = fmt.Sprintf("sheet %q: ", t.sheet)
		}
		for _, f := range []string{fieldName, fieldODS} {
			if _, ok := cols.index[f]; !ok {
				hint := fmt.Sprintf("add a column headed %q", fieldByName[f].headers[0])
				if s := nearestHeader(f, r.cells); s != "" {
					hint = fmt.Sprintf("did you mean %q? Rename it to %q", s, fieldByName[f].headers[0])
				}
				return nil, &FileError{File: name, Problem: fmt.Sprintf("%sno %s column (the headers in row %d are %s)",
					where, fieldByName[f].headers[0], r.number, quoteList(r.cells)), Hint: hint}
			}
		}
		t.header, t.headerRow = r.cells, r.number
		for _, d := range records[i+1:] {
			if !blank(d.cells) {
				t.rows = append(t.rows, d)
			}
		}
		if len(t.rows) == 0 {
			return nil, &FileError{File: name, Problem: where + "there are headers but no practices below them", Hint: "add one row per practice under the header row"}
		}
		return t, nil
	}
	if first == nil {
		return nil, &FileError{File: name, Problem: "the file has no rows", Hint: hintSave}
	}
	hint := `the first row must hold the column headers, including "Practice Name" and "ODS Code"`
	for _, f := range []string{fieldName, fieldODS} {
		if s := nearestHeader(f, first); s != "" {
			hint = fmt.Sprintf("did you mean %q? Rename it to %q; ", s, fieldByName[f].headers[0]) + hint
			break
		}
	}
	problem := fmt.Sprintf("no Practice Name or ODS Code column (the first row is %s)", quoteList(first))
	if t.sheet != "" {
		problem = fmt.Sprintf("sheet %q: ", t.sheet) + problem
	}
	return nil, &FileError{File: name, Problem: problem, Hint: hint}
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
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

// delimiter picks comma, semicolon or tab, whichever is most common outside quotes on
// the first non-blank line; commas win ties.
func delimiter(text string) byte {
	var comma, semi, tab int
	inQuote := false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == ',':
			comma++
		case c == ';':
			semi++
		case c == '\t':
			tab++
		case c == '\n':
			if comma+semi+tab > 0 {
				i = len(text)
			}
		}
	}
	switch {
	case semi > comma && semi >= tab:
		return ';'
	case tab > comma && tab > semi:
		return '\t'
	}
	return ','
}

// csvScanner reads RFC 4180 records, counting rows as a spreadsheet shows them: a quoted
// line break stays in its row, and a blank line is a (blank) row.
type csvScanner struct {
	s     string
	pos   int
	delim byte
	row   int
}

var errUnclosed = errors.New("a quoted cell is never closed")

func (sc *csvScanner) next() ([]string, error) {
	s := sc.s
	if sc.pos >= len(s) {
		return nil, nil
	}
	sc.row++
	var cells []string
	var b strings.Builder
	pos := sc.pos
	for {
		b.Reset()
		if pos < len(s) && s[pos] == '"' {
			pos++
			for {
				i := strings.IndexByte(s[pos:], '"')
				if i < 0 {
					sc.pos = len(s)
					return nil, fmt.Errorf("row %d: %w", sc.row, errUnclosed)
				}
				b.WriteString(s[pos : pos+i])
				pos += i + 1
				if pos < len(s) && s[pos] == '"' {
					b.WriteByte('"')
					pos++
					continue
				}
				break
			}
			// Lenient: anything up to the delimiter after a closing quote is kept.
			for pos < len(s) && s[pos] != sc.delim && s[pos] != '\n' && s[pos] != '\r' {
				b.WriteByte(s[pos])
				pos++
			}
		} else {
			start := pos
			for pos < len(s) && s[pos] != sc.delim && s[pos] != '\n' {
				pos++
			}
			b.WriteString(strings.TrimSuffix(s[start:pos], "\r"))
		}
		cells = append(cells, strings.ReplaceAll(b.String(), "\r\n", "\n"))
		if pos < len(s) && s[pos] == '\r' {
			pos++
		}
		if pos >= len(s) || s[pos] == '\n' {
			sc.pos = pos + 1
			return cells, nil
		}
		pos++ // the delimiter
	}
}

// readFile reads path, turning the usual failures into a FileError.
func readFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return b, nil
	}
	fe := &FileError{File: path, Problem: "cannot be read", Hint: "check the --practices path"}
	var pe *os.PathError
	switch {
	case errors.Is(err, os.ErrNotExist):
		fe.Problem = "no such file"
	case errors.Is(err, os.ErrPermission):
		fe.Problem = "permission denied"
	case errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "directory"):
		fe.Problem, fe.Hint = "is a folder, not a list of practices", "give the CSV or XLSX file with one row per practice"
	}
	return nil, fe
}
