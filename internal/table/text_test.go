package table

import (
	"strings"
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // every test binary accepts -update
)

// hasNHSHeader is a header test like the patient list's: a cell says "NHS Number".
func hasNHSHeader(cells []string) bool {
	for _, c := range cells {
		if strings.EqualFold(strings.TrimSpace(c), "NHS Number") {
			return true
		}
	}
	return false
}

func TestDetectDelimiter(t *testing.T) {
	for in, want := range map[string]byte{
		"a,b,c\n":               ',',
		"a\tb\tc\n":             '\t',
		"a;b;c\n":               ';',
		"a;b,c;d\n":             ';',
		"\"a,b\"\tc\td\n":       '\t', // the comma is inside quotes
		"only\n":                ',',
		"title line\na\tb\tc\n": '\t',
		"a,b\tc\n":              ',', // a tie goes to comma
		"Report: all, patients\nNHS Number\tSurname\tDOB\n": '\t', // the header line decides
		"NHS Number;Surname,Jr;DOB\n":                       ';',
		"":                                                  ',',
	} {
		if got := detectDelimiter(in, hasNHSHeader); got != want {
			t.Errorf("detectDelimiter(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestLFReader(t *testing.T) {
	for in, want := range map[string]string{"": "", "a\r\nb\rc\nd\r": "a\nb\nc\nd\n", "\r\r\n\n": "\n\n\n", strings.Repeat("x\r", 5000): strings.Repeat("x\n", 5000)} {
		var b strings.Builder
		buf := make([]byte, 7) // small reads cross every boundary
		r := &lfReader{s: in}
		for {
			n, err := r.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		if b.String() != want {
			t.Errorf("%q: got %q", in, b.String())
		}
	}
}
