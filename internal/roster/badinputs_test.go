package roster

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/golden"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/privacytest"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/table"
)

// badDir holds the corpus of awkward patient lists. Each input X has X.want, the exact
// outcome: the error and hint the command line prints (exit 3), or what was read. Inputs
// too large to commit are made by privacytest.Generated at run time; their .want files
// live in badDir/generated. The files were made by hand-written XML and CSV (see
// testdata/bad/README.md), not by this package, so they test it independently.
const badDir = "testdata/bad"

// badInputs lists the corpus: every committed input, and every generated one.
func badInputs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() || e.Name() == "make.py" || strings.HasSuffix(e.Name(), ".want") || strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		names = append(names, e.Name())
	}
	for name := range privacytest.Generated {
		names = append(names, filepath.Join("generated", name))
	}
	sort.Strings(names)
	return names
}

// TestBadInputs reads every input of the corpus and compares the outcome with its .want
// file. Whatever the input: no panic; either a *FileError naming the file, with a problem
// and a hint and no patient value, or a list that has exactly one patient per non-blank
// data row (counted independently) and whose messages hold no patient value.
func TestBadInputs(t *testing.T) {
	secrets := privacytest.CorpusValues()
	for _, name := range badInputs(t) {
		t.Run(name, func(t *testing.T) {
			var data []byte
			if gen, ok := privacytest.Generated[filepath.Base(name)]; ok {
				if testing.Short() && strings.HasPrefix(filepath.Base(name), "200000") {
					t.Skip("200,000 rows: skipped with -short")
				}
				data = gen()
			} else {
				var err error
				if data, err = os.ReadFile(filepath.Join(badDir, name)); err != nil {
					t.Fatal(err)
				}
			}
			base := filepath.Base(name)
			l, err := readNoPanic(t, data, base)
			var got string
			if err != nil {
				var fe *FileError
				if !errors.As(err, &fe) {
					t.Fatalf("error %T is not a *FileError: %v", err, err)
				}
				if fe.File != base || fe.Problem == "" || fe.Hint == "" {
					t.Errorf("FileError lacks the file, the problem or the hint: %+v", fe)
				}
				privacytest.Check(t, "Read", []string{fe.Problem, fe.Hint}, secrets...)
				got = fmt.Sprintf("exit 3\naccesspack: error: %s\nhint: %s\n", fe.Error(), fe.Hint)
			} else {
				checkEveryRowKept(t, data, l)
				privacytest.Check(t, "Read", listMessages(l), secrets...)
				got = "exit 0\n" + outcome(l)
			}
			golden.Check(t, filepath.Join(badDir, name+".want"), []byte(got))
		})
	}
}

// readNoPanic is Read with a panic turned into a test failure that names the input.
func readNoPanic(t *testing.T, data []byte, name string) (l *List, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Read panicked on %s: %v", name, r)
		}
	}()
	return Read(bytes.NewReader(data), name, Options{})
}

// checkEveryRowKept is the "no row lost" check: one patient per non-blank data row of the
// sheet or text read, counted by a different reader (encoding/csv or excelize's GetRows).
func checkEveryRowKept(t *testing.T, data []byte, l *List) {
	t.Helper()
	if l.Format == "csv" {
		checkAgainstReference(t, data, l)
		return
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(l.Sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var want []int
	for i := l.HeaderRow; i < len(rows); i++ { // rows[i] is sheet row i+1
		if !table.Blank(rows[i]) {
			want = append(want, i+1)
		}
	}
	var got []int
	for _, p := range l.Patients {
		got = append(got, p.Row)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("patients from rows %v, but the sheet has non-blank data rows %v", got, want)
	}
}

// outcome writes what was read: the format, every warning, and each patient (the first
// and last few of a long list) with every field the rules use.
func outcome(l *List) string {
	var b strings.Builder
	fmt.Fprintf(&b, "format %s", l.Format)
	if l.Sheet != "" {
		fmt.Fprintf(&b, ", sheet %q", l.Sheet)
	}
	if l.Encoding != "" {
		fmt.Fprintf(&b, ", encoding %s, delimiter %q", l.Encoding, l.Delimiter)
	}
	fmt.Fprintf(&b, ", header row %d\n", l.HeaderRow)
	var cols []string
	for f, h := range l.Columns {
		cols = append(cols, fmt.Sprintf("%s=%q", f, truncateHeader(h)))
	}
	sort.Strings(cols)
	fmt.Fprintf(&b, "columns %s\n", strings.Join(cols, " "))
	for _, w := range l.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	n := len(l.Patients)
	fmt.Fprintf(&b, "patients %d (rows %d to %d)\n", n, l.Patients[0].Row, l.Patients[n-1].Row)
	ds := rules.Decide(l.Patients, outcomeRules)
	for i, p := range l.Patients {
		if n > 12 && i == 3 {
			fmt.Fprintf(&b, "…\n")
		}
		if n > 12 && i >= 3 && i < n-2 {
			continue
		}
		b.WriteString(patientLine(p) + "\n  → " + decisionLine(&ds[i]) + "\n")
	}
	return b.String()
}

// outcomeRules are the pathway and dates each corpus list is decided with, to show what
// becomes of every row: a letter, an action, or Not sent and why.
var outcomeRules = rules.Options{Pathway: rules.MissedDate, GoLive: civil.New(2027, 1, 15), LetterDate: civil.New(2026, 12, 1)}

func decisionLine(d *rules.Decision) string {
	var out []string
	if d.Letter != "" {
		out = append(out, "letter "+string(d.Letter))
	}
	for _, a := range d.Actions {
		out = append(out, "action "+string(a))
	}
	if d.NotSent != "" {
		out = append(out, "not sent: "+d.NotSent)
	}
	if d.Letter != "" && len(d.Warnings) > 0 {
		out = append(out, "warnings: "+strings.Join(d.Warnings, "; "))
	}
	return "missed-date: " + strings.Join(out, ", ")
}

func patientLine(p patient.Patient) string {
	short := func(s string) string {
		if utf8.RuneCountInString(s) > 40 {
			return fmt.Sprintf("%s…(%d bytes)", string([]rune(s)[:40]), len(s))
		}
		return s
	}
	f := []string{
		fmt.Sprintf("row %d: nhs %q", p.Row, short(p.NHSGiven)),
		fmt.Sprintf("name %q|%q|%q", short(p.Title), short(p.Forename), short(p.Surname)),
		"dob " + p.DOB.String(),
		fmt.Sprintf("address %q", short(strings.Join(p.Address, " / "))),
		fmt.Sprintf("postcode %q", p.Postcode),
	}
	if p.Has103 || p.Has104 || p.Has106 {
		f = append(f, fmt.Sprintf("codes 103=%v:%s 104=%v:%s 106=%v:%s", p.Has103, p.Code103, p.Has104, p.Code104, p.Has106, p.Code106))
	}
	if p.HasAccess || p.OnlineAccount || p.AtRisk || p.Deceased || p.LargePrint || p.Review != patient.ReviewBlank {
		f = append(f, fmt.Sprintf("access %v online %v risk %v deceased %v large %v review %q", p.HasAccess, p.OnlineAccount, p.AtRisk, p.Deceased, p.LargePrint, p.Review))
	}
	if len(p.Problems) > 0 {
		f = append(f, "problems: "+strings.Join(p.Problems, "; "))
	}
	if p.Unreadable != "" {
		f = append(f, "not sent: "+p.Unreadable)
	}
	return strings.Join(f, ", ")
}

// TestBadInputsComplete: every input has its .want, and every .want its input.
func TestBadInputsComplete(t *testing.T) {
	inputs := map[string]bool{}
	for _, n := range badInputs(t) {
		inputs[n] = true
	}
	for _, dir := range []string{badDir, filepath.Join(badDir, "generated")} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".want") {
				continue
			}
			rel, _ := filepath.Rel(badDir, filepath.Join(dir, strings.TrimSuffix(e.Name(), ".want")))
			if !inputs[rel] {
				t.Errorf("%s has no input", filepath.Join(dir, e.Name()))
			}
		}
	}
}
