package roster

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/rules"
)

// lineEndList is a patient list written with a random mix of row ends (LF, CRLF, CR) and
// of quoted cells, some holding line breaks of each kind, and blank rows here and there,
// together with what a spreadsheet shows: each data row's NHS number and row number.
type lineEndList struct {
	text string
	rows map[string]int // NHS number → spreadsheet row
	n    int
}

func makeLineEndList(r *rand.Rand) lineEndList {
	eols := []string{"\n", "\r\n", "\r"}
	eol := func() string {
		switch r.IntN(4) {
		case 0: // one kind for the whole file, most of the time, as real files do
			return eols[0]
		default:
			return eols[r.IntN(3)]
		}
	}
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	var b strings.Builder
	row := 0
	end := func() {
		e := eol()
		if strings.HasSuffix(b.String(), "\r") && e == "\n" {
			e = "\r" // an empty line after a CR: LF would make the two one CR LF row end
		}
		b.WriteString(e)
		row++
	}
	for range r.IntN(3) { // blank rows above the header
		if r.IntN(2) == 0 {
			b.WriteString(",,,,")
		}
		end()
	}
	b.WriteString("NHS Number,Title,Forename,Surname,Date of Birth,Address Line 1,Address Line 2,Postcode,104,At Risk,Prospective Access")
	end()
	l := lineEndList{rows: map[string]int{}}
	n := 1 + r.IntN(40)
	for i := range n {
		for r.IntN(6) == 0 { // a blank row
			if r.IntN(2) == 0 {
				b.WriteString(`,,"",,`)
			}
			end()
		}
		nhs := validNHS(i)
		addr1 := fmt.Sprintf("%d Quarry Lane", i+1)
		switch r.IntN(4) {
		case 0:
			addr1 = quote(fmt.Sprintf("Flat %d%s%d Quarry Lane", i, eols[r.IntN(3)], i+1))
		case 1:
			addr1 = quote(fmt.Sprintf("Flat %d, %d Quarry Lane", i, i+1))
		}
		addr2 := "Leeds"
		if r.IntN(5) == 0 {
			addr2 = quote("Headingley" + eols[r.IntN(3)] + "Leeds" + eols[r.IntN(3)])
		}
		dob := civil.New(1940+r.IntN(60), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		code := ""
		if r.IntN(3) == 0 {
			code = "01/11/2023"
		}
		surname := "Pendlebury"
		if r.IntN(4) == 0 {
			surname = quote(`O"Brien`)
		}
		cells := []string{nhs, "Mr", "Arthur", surname, fmt.Sprintf("%02d/%02d/%d", dob.Day, dob.Month, dob.Year),
			addr1, addr2, "LS6 2QR", code, []string{"Y", "N", ""}[r.IntN(3)], []string{"N", "", "Y"}[r.IntN(3)]}
		b.WriteString(strings.Join(cells, ","))
		l.rows[nhs] = row + 1
		if i < n-1 || r.IntN(2) == 0 {
			end()
		} else {
			row++ // the last row, with no line end
		}
	}
	l.text, l.n = b.String(), n
	return l
}

// TestLineEndMixes is a property test: for random mixes of LF, CRLF and lone CR row ends,
// with line breaks of every kind inside quoted cells, every data row a spreadsheet shows
// is read once, with its own row number and its own NHS number, and the rules put it in
// exactly one outcome (a letter, an action, or Not sent; a review row is in both of the
// last two, once); the counts reconcile with the rows the reader counted, which are the
// rows the file was written with. No row is ever merged into another.
func TestLineEndMixes(t *testing.T) {
	seed := uint64(20261201)
	r := rand.New(rand.NewPCG(seed, seed))
	runs := 500
	if testing.Short() {
		runs = 50
	}
	opts := map[rules.Pathway]rules.Options{}
	for _, pw := range rules.Pathways {
		o := rules.Options{Pathway: pw, LetterDate: civil.New(2026, 12, 1), GoLive: civil.New(2027, 1, 15), ReplyBy: civil.New(2027, 1, 5)}
		if rules.TableFor(pw).Live {
			o.GoLive = civil.New(2023, 10, 31)
		}
		if err := o.Validate(); err != nil {
			t.Fatalf("%s: %v", pw, err)
		}
		opts[pw] = o
	}
	for run := range runs {
		in := makeLineEndList(r)
		l, err := Read(strings.NewReader(in.text), "list.csv", Options{})
		if err != nil {
			t.Fatalf("run %d: a valid file was rejected: %v\n%q", run, err, in.text)
		}
		if len(l.Patients) != in.n || l.DataRows != in.n {
			t.Fatalf("run %d: %d patients, %d data rows; the file has %d\n%q", run, len(l.Patients), l.DataRows, in.n, in.text)
		}
		for _, p := range l.Patients {
			if want, ok := in.rows[p.NHS]; !ok || p.Row != want {
				t.Fatalf("run %d: NHS number %s read at row %d, written at row %d\n%q", run, p.MaskedNHS(), p.Row, want, in.text)
			}
			if p.Forename != "Arthur" || p.Postcode != "LS6 2QR" || len(p.Problems) > 0 {
				t.Fatalf("run %d: row %d read as %+v\n%q", run, p.Row, p, in.text)
			}
		}
		pw := rules.Pathways[run%len(rules.Pathways)]
		ds := rules.Decide(l.Patients, opts[pw])
		seen := map[int]bool{}
		for _, d := range ds {
			if seen[d.Row] {
				t.Fatalf("run %d: row %d decided twice", run, d.Row)
			}
			seen[d.Row] = true
			if !d.InLetter() && !d.HasAction() && !d.IsNotSent() {
				t.Fatalf("run %d: row %d is in no sheet", run, d.Row)
			}
			if d.InLetter() && d.IsNotSent() {
				t.Fatalf("run %d: row %d has a letter and is not sent", run, d.Row)
			}
		}
		if c := rules.Count(ds); !c.Reconciled() || c.Rows != l.DataRows {
			t.Fatalf("run %d: counts %+v do not reconcile with %d rows", run, c, l.DataRows)
		}
	}
}
