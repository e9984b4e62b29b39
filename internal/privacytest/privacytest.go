// Package privacytest keeps, in one place, the patient values the privacy tests look for in
// what accesspack prints, and the check that none of them appears. It is for tests only.
//
// The values come from two places: the corpus of awkward patient lists
// (internal/roster/testdata/bad, made by its make.py, and the inputs too large to commit,
// made here by Generated), and any list that can be read (Values).
package privacytest

import (
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/nhs"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/sample"
)

// NHSFrom returns the first valid NHS number whose first nine digits are stem or the
// stems after it (skipping those whose check digit would be 10). Tests give stems in the
// unissued 999 range, so the numbers are synthetic.
func NHSFrom(stem int) string {
	for ; ; stem++ {
		s := fmt.Sprint(stem)
		if c, ok := nhs.CheckDigit(s); ok {
			return s + fmt.Sprint(c)
		}
	}
}

// CorpusNHS is the i-th NHS number of the corpus (999 range, valid check digit), as
// make.py writes them.
func CorpusNHS(i int) string { return NHSFrom(999100001 + i*7) }

// OwnerOnly fails t for every file and folder under dir that others may read, write or
// enter (outputs hold patient data).
func OwnerOnly(t testing.TB, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: mode %v is open to others", p, info.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

// CorpusValues are the patient values written into the corpus files and the generated
// inputs: names, address lines, dates of birth in the forms written, and the first 20
// NHS numbers, plain and spaced. A rejected input cannot give its own values: these stand
// for them.
func CorpusValues() []string {
	v := []string{"Pendlebury", "Okonkwo", "Brontë", "Lefèvre", "O'Brien", "Anand", "Arthur", "Beatrix",
		"Seán", "René", "Quarry Lane", "Tannery Row", "Café Street", "Mill Road", "Rue Court", "Gone Street",
		"03/04/1951", "27-Oct-1969", "1980-02-01", "10/27/1990", "12/12/1945", "05/06/1990", "09/09/1999"}
	for i := range 20 {
		v = append(v, CorpusNHS(i), nhs.Format(CorpusNHS(i)))
	}
	return v
}

// Generated makes, by name, the corpus inputs too large to commit; their expected outcomes
// are internal/roster/testdata/bad/generated/NAME.want.
var Generated = map[string]func() []byte{
	// One line of 1 MB with no line break: a header row that never ends.
	"1mb-single-line.csv": func() []byte {
		var b bytes.Buffer
		b.WriteString("NHS Number,Surname,Date of Birth,Address Line 1,Postcode")
		for i := 0; b.Len() < 1<<20; i++ {
			fmt.Fprintf(&b, ",%s,Pendlebury,03/04/1951,14 Quarry Lane,LS6 2QR", CorpusNHS(i%20))
		}
		return b.Bytes()
	},
	// A patient row whose forename cell is 1 MB long (a paste gone wrong), between two
	// ordinary rows: it is read, and it stays one row.
	"1mb-cell.csv": func() []byte {
		var b bytes.Buffer
		b.WriteString("NHS Number,Forename,Surname,Date of Birth,Address Line 1,Postcode\r\n")
		fmt.Fprintf(&b, "%s,Arthur,Pendlebury,03/04/1951,14 Quarry Lane,LS6 2QR\r\n", CorpusNHS(0))
		fmt.Fprintf(&b, "%s,%s,Okonkwo-Hale,27-Oct-1969,9 Tannery Row,LS7 3AB\r\n", CorpusNHS(1), strings.Repeat("Beatrix ", 1<<17))
		fmt.Fprintf(&b, "%s,Zoë,Brontë,1980-02-01,3 Café Street,YO1 7HH\r\n", CorpusNHS(2))
		return b.Bytes()
	},
	// 200,000 rows of a synthetic EMIS export.
	"200000-rows.csv": func() []byte {
		var b bytes.Buffer
		if err := sample.Generate(&b, 200000, 1); err != nil {
			panic(err) // a bytes.Buffer does not fail
		}
		return b.Bytes()
	},
}

// Values returns what no message may show of these patients: full names, surnames,
// forenames, first address lines, full NHS numbers (plain and spaced) and dates of birth
// in every form a message might print one. Values shorter than 4 characters are left out
// (they occur in ordinary words).
func Values(patients []patient.Patient) []string {
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); len([]rune(s)) >= 4 {
			out = append(out, s)
		}
	}
	for _, p := range patients {
		add(p.Forename + " " + p.Surname)
		add(p.Surname)
		add(p.Forename)
		if len(p.Address) > 0 {
			add(p.Address[0])
		}
		if len(p.NHS) >= 10 {
			add(p.NHS)
			add(nhs.Format(p.NHS))
		}
		// A synthetic newborn can share a birthday with the letter or go-live date, which
		// messages print as practice data: such dates are not looked for.
		if !p.DOB.IsZero() && p.DOB.Year < 2026 {
			add(p.DOB.Long())
			add(p.DOB.String())
			add(fmt.Sprintf("%02d/%02d/%d", p.DOB.Day, p.DOB.Month, p.DOB.Year))
		}
	}
	return out
}

// Check fails t for every line of the messages that shows one of the values, naming
// source (what printed them: a function, a command line) and showing the line with the
// value masked, so the failure does not print it either.
func Check(t testing.TB, source string, messages []string, values ...string) {
	t.Helper()
	for _, m := range messages {
		for _, line := range strings.Split(m, "\n") {
			for _, v := range values {
				if v != "" && strings.Contains(line, v) {
					t.Errorf("%s: a message shows patient data (%d characters):\n%s",
						source, len(v), strings.ReplaceAll(line, v, "<"+strings.Repeat("x", len(v))+">"))
				}
			}
		}
	}
}
