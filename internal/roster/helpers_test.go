package roster

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/nhs"
	"github.com/accesspack/accesspack/internal/privacytest"
	"github.com/accesspack/accesspack/internal/table"
)

// validNHS returns the i-th valid NHS number in the synthetic 999 range (never issued to
// patients), skipping stems whose check digit would be 10.
func validNHS(i int) string { return privacytest.NHSFrom(999000001 + i*7) }

// stemWithCheck10 returns a 999 stem whose check digit would be 10.
func stemWithCheck10() string {
	for stem := 999000000; ; stem++ {
		s := fmt.Sprint(stem)
		if _, ok := nhs.CheckDigit(s); !ok {
			return s
		}
	}
}

// csvLine joins cells with commas, quoting as Excel does.
func csvLine(cells ...string) string {
	out := make([]string, len(cells))
	for i, c := range cells {
		if strings.ContainsAny(c, ",\"\r\n") {
			c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
		}
		out[i] = c
	}
	return strings.Join(out, ",")
}

// minimalHeader is the least a readable list has.
var minimalHeader = []string{"NHS Number", "Surname", "Date of Birth", "Address Line 1", "Postcode"}

// minimal builds a list with minimalHeader plus extra columns, one row per map.
func minimal(extraHeaders []string, rows ...[]string) string {
	var b strings.Builder
	b.WriteString(csvLine(append(append([]string{}, minimalHeader...), extraHeaders...)...) + "\r\n")
	for i, r := range rows {
		base := []string{validNHS(i), "Smith", "01/02/1980", "1 High Street", "LS6 2QR"}
		b.WriteString(csvLine(append(base, r...)...) + "\r\n")
	}
	return b.String()
}

func read(t *testing.T, text string, opt Options) *List {
	t.Helper()
	l, err := Read(strings.NewReader(text), "list.csv", opt)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	checkAgainstReference(t, []byte(text), l)
	return l
}

// checkAgainstReference is the "no row lost" check for every CSV test input: the patients
// must be exactly the non-blank records after the header, counted independently by the
// standard library's CSV reader.
func checkAgainstReference(t *testing.T, data []byte, l *List) {
	t.Helper()
	text, _, _ := table.DecodeText(data)
	recs := referenceRecords(text, l.Delimiter)
	if recs == nil {
		t.Fatalf("the reference reader cannot read the text")
	}
	header := -1
	for i, r := range recs {
		for _, c := range r {
			if strings.TrimSpace(c) == l.Columns[fNHS] {
				header = i
				break
			}
		}
		if header >= 0 {
			break
		}
	}
	if header < 0 {
		t.Fatalf("the reference reader finds no header row with %q", l.Columns[fNHS])
	}
	if want := len(recs) - header - 1; len(l.Patients) != want || l.DataRows != want {
		t.Fatalf("%d patients (%d data rows), but the reference reader finds %d non-blank records after the header",
			len(l.Patients), l.DataRows, want)
	}
	checkRowsKept(t, l, len(l.Patients))
}

func readErr(t *testing.T, data []byte, name string, opt Options) *FileError {
	t.Helper()
	l, err := Read(strings.NewReader(string(data)), name, opt)
	if err == nil {
		t.Fatalf("Read succeeded with %d patients, want a FileError", len(l.Patients))
	}
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %T %v is not a *FileError", err, err)
	}
	if fe.File != name || fe.Problem == "" || fe.Hint == "" {
		t.Errorf("FileError missing file, problem or hint: %+v", fe)
	}
	return fe
}

func listMessages(l *List) []string {
	msgs := append([]string{}, l.Warnings...)
	for _, p := range l.Patients {
		msgs = append(msgs, p.Problems...)
	}
	return msgs
}

func hasProblem(problems []string, sub string) bool {
	for _, p := range problems {
		if strings.Contains(p, sub) {
			return true
		}
	}
	return false
}

// countDataRows counts the non-blank records after the header (row 1), using the
// test's own simple rule: this is the "no row lost" reconciliation for every input.
func checkRowsKept(t *testing.T, l *List, want int) {
	t.Helper()
	if len(l.Patients) != want {
		t.Fatalf("got %d patients, want %d (a row was lost or invented)", len(l.Patients), want)
	}
	for i := 1; i < len(l.Patients); i++ {
		if l.Patients[i].Row <= l.Patients[i-1].Row {
			t.Fatalf("rows not increasing: %d then %d", l.Patients[i-1].Row, l.Patients[i].Row)
		}
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }
