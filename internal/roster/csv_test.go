package roster

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"github.com/accesspack/accesspack/internal/privacytest"
	"github.com/accesspack/accesspack/internal/table"
)

// names with letters that go wrong when an encoding is misread.
var tricky = []struct{ forename, surname string }{
	{"Zoë", "Brontë"}, {"Siobhán", "O'Neill"}, {"José", "Núñez"}, {"Renée", "Françoise"},
}

func trickyList(sep string) string {
	var b strings.Builder
	b.WriteString(strings.Join([]string{"NHS Number", "Forename", "Surname", "Date of Birth", "Address Line 1", "Postcode"}, sep) + "\r\n")
	for i, n := range tricky {
		b.WriteString(strings.Join([]string{validNHS(i), n.forename, n.surname, "01/02/1980", "1 Café Street", "LS6 2QR"}, sep) + "\r\n")
	}
	return b.String()
}

func utf16Bytes(s string, order binary.ByteOrder, bom bool) []byte {
	var buf bytes.Buffer
	u := utf16.Encode([]rune(s))
	if bom {
		u = append([]uint16{0xFEFF}, u...)
	}
	for _, c := range u {
		_ = binary.Write(&buf, order, c)
	}
	return buf.Bytes()
}

func TestEncodings(t *testing.T) {
	text := trickyList(",")
	win, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	tabbed := trickyList("\t")
	for _, tc := range []struct {
		name  string
		data  []byte
		enc   string
		delim rune
	}{
		{"utf8", []byte(text), "UTF-8", ','},
		{"utf8 bom", append([]byte{0xEF, 0xBB, 0xBF}, text...), "UTF-8 (BOM)", ','},
		{"windows-1252", []byte(win), "Windows-1252", ','},
		{"utf16le bom tab", utf16Bytes(tabbed, binary.LittleEndian, true), "UTF-16LE", '\t'},
		{"utf16be bom tab", utf16Bytes(tabbed, binary.BigEndian, true), "UTF-16BE", '\t'},
		{"utf16le bom comma", utf16Bytes(text, binary.LittleEndian, true), "UTF-16LE", ','},
		{"utf16le no bom", utf16Bytes(tabbed, binary.LittleEndian, false), "UTF-16LE (no BOM)", '\t'},
		{"utf16be no bom", utf16Bytes(tabbed, binary.BigEndian, false), "UTF-16BE (no BOM)", '\t'},
		{"semicolon", []byte(trickyList(";")), "UTF-8", ';'},
		{"LF", []byte(strings.ReplaceAll(text, "\r\n", "\n")), "UTF-8", ','},
		{"CR (old Mac)", []byte(strings.ReplaceAll(text, "\r\n", "\r")), "UTF-8", ','},
		{"no final newline", []byte(strings.TrimSuffix(text, "\r\n")), "UTF-8", ','},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Read(bytes.NewReader(tc.data), "list.csv", Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkAgainstReference(t, tc.data, l)
			if l.Encoding != tc.enc || l.Delimiter != tc.delim {
				t.Errorf("encoding %q delimiter %q, want %q %q", l.Encoding, l.Delimiter, tc.enc, tc.delim)
			}
			checkRowsKept(t, l, len(tricky))
			for i, n := range tricky {
				p := l.Patients[i]
				if p.Forename != n.forename || p.Surname != n.surname || p.Address[0] != "1 Café Street" || p.Row != i+2 || p.NHS != validNHS(i) {
					t.Errorf("row %d: %q %q %q", i+2, p.Forename, p.Surname, p.Address)
				}
			}
		})
	}
}

// Excel writes a character Windows-1252 cannot hold as "?"; non-Latin-1 letters in UTF-8
// and UTF-16 files survive untouched.
func TestNonLatinLettersSurvive(t *testing.T) {
	names := []string{"Zoë", "Łukasz", "Siobhán", "Yıldız", "Đokić", "Ελένη", "Дмитрий", "Erdős", "Weiß", "王芳"}
	var b strings.Builder
	b.WriteString("NHS Number\tForename\tSurname\tDOB\tAddress\n")
	for i, n := range names {
		b.WriteString(validNHS(i) + "\t" + n + "\tTest\t01/01/1990\t1 High St, Leeds, LS6 2QR\n")
	}
	for _, data := range [][]byte{[]byte(b.String()), utf16Bytes(b.String(), binary.LittleEndian, true)} {
		l, err := Read(bytes.NewReader(data), "list.txt", Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkAgainstReference(t, data, l)
		checkRowsKept(t, l, len(names))
		for i, n := range names {
			if l.Patients[i].Forename != n {
				t.Errorf("%s: got %q", n, l.Patients[i].Forename)
			}
		}
	}
}

// A UTF-8 file with a row pasted from a Windows-1252 file: both kinds of accent survive.
func TestMixedEncoding(t *testing.T) {
	utf8Row := csvLine(validNHS(1), "Zoë", "Ashworth", "01/01/1970", "1 High St", "LS6 2QR")
	winRow, _ := charmap.Windows1252.NewEncoder().String(csvLine(validNHS(2), "Siobhán", "O’Neill", "01/01/1970", "2 High St", "LS6 2QR"))
	for _, bom := range []string{"", "\xEF\xBB\xBF"} {
		data := []byte(bom + "NHS Number,Forename,Surname,DOB,Address Line 1,Postcode\n" + utf8Row + "\n" + winRow + "\n")
		l, err := Read(bytes.NewReader(data), "list.csv", Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkAgainstReference(t, data, l)
		if l.Encoding != "UTF-8 and Windows-1252" || l.Patients[0].Forename != "Zoë" || l.Patients[1].Forename != "Siobhán" || l.Patients[1].Surname != "O’Neill" {
			t.Errorf("%q: %q %q %q", l.Encoding, l.Patients[0].Forename, l.Patients[1].Forename, l.Patients[1].Surname)
		}
		if !hasProblem(l.Warnings, "Windows-1252 text") && !hasProblem(l.Warnings, "mixes UTF-8 with Windows-1252") {
			t.Errorf("warnings %q", l.Warnings)
		}
	}
}

// A quoted cell with commas and line breaks stays one row; rows after it keep counting
// records (spreadsheet rows), blank rows included.
func TestQuotedCellsAndRowNumbers(t *testing.T) {
	text := csvLine("NHS Number", "Surname", "DOB", "Address", "Notes") + "\r\n" + // row 1
		csvLine(validNHS(1), "Smith", "01/01/1970", "1 High St,\r\nLeeds\r\nLS6 2QR", "said \"hello\", twice") + "\r\n" + // row 2
		"\r\n" + // row 3: blank
		csvLine(validNHS(2), "Jones", "01/01/1970", "2 High St, Leeds, LS6 2QR", "") + "\r\n" + // row 4
		",,,,\r\n" + // row 5: blank cells
		`"` + validNHS(3) + `","Brown","01/01/1970","3 High St` + "\n\n" + `Leeds, LS6 2QR",""` + "\n" + // row 6
		csvLine(validNHS(4), `O"Brien`, "01/01/1970", "4 High St, Leeds, LS6 2QR", "") + "\n" + // row 7: a bare quote is text
		"  \n \t \n" // rows 8, 9: white space only
	l := read(t, text, Options{})
	checkRowsKept(t, l, 4)
	for i, want := range []int{2, 4, 6, 7} {
		if l.Patients[i].Row != want {
			t.Errorf("patient %d: row %d, want %d", i, l.Patients[i].Row, want)
		}
	}
	if got := strings.Join(l.Patients[0].Address, "|"); got != "1 High St|Leeds" || l.Patients[0].Postcode != "LS6 2QR" {
		t.Errorf("address %q %q", got, l.Patients[0].Postcode)
	}
	if got := strings.Join(l.Patients[2].Address, "|"); got != "3 High St|Leeds" {
		t.Errorf("address %q", got)
	}
	if l.Patients[3].Surname != `O"Brien` {
		t.Errorf("surname %q", l.Patients[3].Surname)
	}
}

// A row with more or fewer cells than the header row cannot be read for certain (a comma
// too many or too few moves cells into the wrong columns): it is kept, marked unreadable so
// that it is not sent, and counted in one warning. Blank cells at the end do not count.
func TestRaggedRows(t *testing.T) {
	text := csvLine(minimalHeader...) + ",Mobile\n" +
		csvLine(validNHS(1), "Smith", "01/01/1970", "1 High St") + "\n" + // short: no postcode or mobile
		csvLine(validNHS(2), "Jones", "01/01/1970", "2 High St", "LS6 2QR", "07700 900000", "XTRA1", "XTRA2") + "\n" +
		csvLine(validNHS(3), "Brown", "01/01/1970", "3 High St", "LS6 2QR", "", "", "") + "\n" + // trailing empty cells: fine
		validNHS(4) + "\n" + // one cell only
		csvLine(validNHS(5), "Green", "01/01/1970", "5 High St", "LS6 2QR", "07700 900001") + "\n"
	l := read(t, text, Options{})
	checkRowsKept(t, l, 5)
	for i, want := range []string{table.ReasonShifted, table.ReasonShifted, "", table.ReasonShifted, ""} {
		if p := l.Patients[i]; p.Unreadable != want || len(p.Problems) != 0 {
			t.Errorf("row %d: unreadable %q, problems %q; want %q", p.Row, p.Unreadable, p.Problems, want)
		}
	}
	if p := l.Patients[1]; p.Mobile != "07700 900000" {
		t.Errorf("row 3 is still read: %+v", p)
	}
	if !hasProblem(l.Warnings, "3 rows have a different number of cells from the header row (first: row 2)") {
		t.Errorf("warnings %q", l.Warnings)
	}
	privacytest.Check(t, "Read", listMessages(l), "XTRA1", "XTRA2", "Smith", "Jones")
}

// Files that cannot be used give a FileError naming the file, the problem (with the row where
// there is one) and a hint; never a panic, and never a cell value.
func TestUnusableFiles(t *testing.T) {
	good := minimal(nil, nil, nil)
	secret := validNHS(1)
	for _, tc := range []struct {
		name, file string
		data       string
		problem    string
	}{
		{"empty", "list.csv", "", "the file is empty"},
		{"blank", "list.csv", " \r\n\r\n \t", "the file is empty"},
		{"blank cells only", "list.csv", ",,,\n,,,\n", "the file has no rows"},
		{"header only", "list.csv", csvLine(minimalHeader...) + "\n", "header row but no patient rows"},
		{"header and blank rows", "list.csv", csvLine(minimalHeader...) + "\n,,,,\n\n", "header row but no patient rows"},
		{"pdf", "list.csv", "%PDF-1.7\n%âãÏÓ\n1 0 obj", "this is a PDF"},
		{"zip", "list.csv", "PK\x03\x04\x14\x00\x00\x00garbage", "zip file (as an .xlsx workbook is) that is damaged"},
		{"xls", "list.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", ".xls"},
		{"xls by name", "list.xls", "<html><table>", "not an Excel workbook"},
		{"gzip", "list.csv", "\x1f\x8b\x08\x00", "not a CSV or XLSX"},
		{"png", "list.csv", "\x89PNG\r\n\x1a\n", "not a CSV or XLSX"},
		{"NUL", "list.csv", good[:len(good)-3] + "\x00" + good[len(good)-3:], "row 3 contains a NUL byte"},
		{"binary", "list.csv", "\x00\x01\x02\x03\xff\xfe\xfd", "NUL byte"},
		{"unbalanced quote", "list.csv", csvLine(minimalHeader...) + "\n" + csvLine(secret, "Smith", "01/01/1970", "1 High St", "LS6 2QR") + "\n" + secret + ",\"Smith,01/01/1970,1 High St,LS6 2QR\n", "row 3: a quoted cell is never closed"},
		{"text after quote", "list.csv", csvLine(minimalHeader...) + "\n" + secret + `,"Smith"son,01/01/1970,1 High St,LS6 2QR` + "\n", "row 2: text follows a closing quote"},
		{"unbalanced quote in header", "list.csv", "NHS Number,\"Surname\n", "row 1: a quoted cell is never closed"},
		{"no header", "list.csv", csvLine(secret, "Smith", "01/01/1970", "1 High St", "LS6 2QR") + "\n", "no header row found: row 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := readErr(t, []byte(tc.data), tc.file, Options{})
			if !strings.Contains(fe.Problem, tc.problem) {
				t.Errorf("problem %q, want it to contain %q", fe.Problem, tc.problem)
			}
			if !strings.HasPrefix(fe.Error(), tc.file+": ") {
				t.Errorf("Error() = %q", fe.Error())
			}
			privacytest.Check(t, "Read", []string{fe.Problem, fe.Hint}, secret, "Smith", "High St", "1970")
		})
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/list.csv"
	if err := writeFile(path, minimal(nil, nil)); err != nil {
		t.Fatal(err)
	}
	l, err := ReadFile(path, Options{})
	if err != nil || l.File != path || len(l.Patients) != 1 {
		t.Fatalf("ReadFile: %v %+v", err, l)
	}
	for _, p := range []string{dir + "/missing.csv", dir} {
		_, err := ReadFile(p, Options{})
		fe, ok := err.(*FileError)
		if !ok || fe.File != p || fe.Hint == "" {
			t.Errorf("ReadFile(%q) = %v", p, err)
		}
	}
}

func TestNamedXLSXButText(t *testing.T) {
	l, err := Read(strings.NewReader(minimal(nil, nil)), "list.xlsx", Options{})
	if err != nil || l.Format != "csv" || !hasProblem(l.Warnings, "named .xlsx but is plain text") {
		t.Errorf("%v %+v", err, l)
	}
}

// An extra comma in a row whose last cell is empty leaves only a blank cell past the header:
// unless the file's rows all have it, the row is not sent (the patient coded 104 would be
// read as uncoded). A file whose every row ends with blank cells is read as it is.
func TestExtraCommaBeforeEmptyLastCell(t *testing.T) {
	h := csvLine(append(append([]string{}, minimalHeader...), "104", "Mobile")...)
	text := h + "\n" +
		csvLine(validNHS(1), "Smith", "01/01/1970", "1 High St", "LS6 2QR", "01/11/2023", "") + "\n" +
		validNHS(2) + ",Jones,01/01/1970,Flat 2, 2 High St,LS6 2QR,01/11/2023,\n" +
		csvLine(validNHS(3), "Brown", "01/01/1970", "3 High St", "LS6 2QR", "", "") + "\n"
	l := read(t, text, Options{})
	for i, want := range []string{"", table.ReasonShifted, ""} {
		if p := l.Patients[i]; p.Unreadable != want {
			t.Errorf("row %d: unreadable %q, want %q", p.Row, p.Unreadable, want)
		}
	}
	l = read(t, h+",\n"+csvLine(validNHS(1), "Smith", "01/01/1970", "1 High St", "LS6 2QR", "", "", "")+"\n"+
		csvLine(validNHS(2), "Jones", "01/01/1970", "2 High St", "LS6 2QR", "", "", "")+"\n", Options{})
	for _, p := range l.Patients {
		if p.Unreadable != "" {
			t.Errorf("row %d: unreadable %q", p.Row, p.Unreadable)
		}
	}
}
