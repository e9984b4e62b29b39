package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/nhs"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

// badCorpus is the roster package's corpus of awkward patient lists; each input X has
// X.want, whose first line is "exit N" and, for a rejected list, the error and hint lines
// the command prints.
const badCorpus = "../../internal/roster/testdata/bad"

// corpusValues are the patient values written into the corpus files (see make.py there),
// for the inputs that cannot be read and so cannot give their own values.
func corpusValues() []string {
	v := []string{"Pendlebury", "Okonkwo-Hale", "Brontë", "Lefèvre", "O'Brien", "Anand", "Arthur", "Beatrix",
		"Quarry Lane", "Tannery Row", "Café Street", "Mill Road", "Rue Court", "03/04/1951", "27-Oct-1969",
		"1980-02-01", "10/27/1990", "12/12/1945"}
	for i := 0; i < 20; i++ {
		v = append(v, corpusNHS(i), nhs.Format(corpusNHS(i)))
	}
	return v
}

// corpusNHS is the i-th NHS number of the corpus (999 range, valid check digit).
func corpusNHS(i int) string {
	for stem := 999100001 + i*7; ; stem++ {
		s := fmt.Sprint(stem)
		if c, ok := nhs.CheckDigit(s); ok {
			return s + fmt.Sprint(c)
		}
	}
}

// listValues returns the names, first address lines, dates of birth (in every form a
// message might print one) and full NHS numbers of a readable list; nil if it cannot be read.
func listValues(data []byte, name string) []string {
	list, err := roster.Read(bytes.NewReader(data), name, roster.Options{})
	if err != nil {
		return nil
	}
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); len([]rune(s)) >= 4 {
			out = append(out, s)
		}
	}
	for _, p := range list.Patients {
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

// wantOutcome reads X.want: the exit status, and for a rejected list its message lines.
func wantOutcome(t *testing.T, name string) (code int, lines []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(badCorpus, name+".want"))
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if _, err := fmt.Sscanf(all[0], "exit %d", &code); err != nil {
		t.Fatalf("%s.want: %v", name, err)
	}
	if code != exitOK {
		lines = all[1:]
	}
	return code, lines
}

// TestEveryFailureModeAndPathwayKeepsPatientDataPrivate runs check and generate on every
// input of the corpus (rejected or read), and check, check --strict, generate and generate
// --duplex on a 1,000-row synthetic list in every pathway. It asserts that:
//   - every exit status is the corpus's expected one, and a rejected list's message is
//     exactly the one in the corpus (file, row or column, and the fix);
//   - no line of stdout or stderr holds a name, first address line, date of birth or full
//     NHS number from the input;
//   - every pack file and folder is owner-only;
//   - nothing else is left: no temporary folder, lock or temporary file beside the packs,
//     and nothing in TMPDIR.
func TestEveryFailureModeAndPathwayKeepsPatientDataPrivate(t *testing.T) {
	dir := t.TempDir()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	entries, err := os.ReadDir(badCorpus)
	if err != nil {
		t.Fatal(err)
	}
	corpus := corpusValues()
	type input struct {
		name    string
		secrets []string
	}
	var inputs []input
	expectedFiles := map[string]bool{}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || n == "make.py" || strings.HasSuffix(n, ".want") || strings.HasSuffix(n, ".md") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(badCorpus, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o600); err != nil {
			t.Fatal(err)
		}
		expectedFiles[n] = true
		inputs = append(inputs, input{n, append(listValues(data, n), corpus...)})
	}
	if len(inputs) < 25 {
		t.Fatalf("only %d corpus inputs found", len(inputs))
	}

	check := func(args []string, secrets []string) (int, string) {
		t.Helper()
		code, stdout, stderr := runIn(t, dir, args...)
		for _, line := range strings.Split(stdout+stderr, "\n") {
			for _, s := range secrets {
				if strings.Contains(line, s) {
					t.Errorf("accesspack %s: a message shows patient data (%d characters):\n%s",
						strings.Join(args, " "), len(s), strings.ReplaceAll(line, s, "<"+strings.Repeat("x", len(s))+">"))
				}
			}
		}
		return code, stderr
	}
	ownerOnly := func(out string) {
		t.Helper()
		filepath.WalkDir(filepath.Join(dir, out), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Error(err)
				return nil
			}
			info, _ := d.Info()
			if info.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s: mode %v is open to others", p, info.Mode().Perm())
			}
			return nil
		})
	}

	for i, in := range inputs {
		want, lines := wantOutcome(t, in.name)
		pw := rules.Pathways[i%len(rules.Pathways)]
		out := "pack-" + in.name
		for _, args := range [][]string{
			{"check", "--patients", in.name, "--pathway", string(pw)},
			{"generate", "--patients", in.name, "--pathway", string(pw), "--out", out},
		} {
			code, stderr := check(args, in.secrets)
			if code != want {
				t.Errorf("accesspack %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, stderr)
			}
			for _, l := range lines {
				if !strings.Contains(stderr, l+"\n") {
					t.Errorf("accesspack %s: stderr lacks the line\n%s\ngot:\n%s", strings.Join(args, " "), l, stderr)
				}
			}
		}
		if want == exitOK {
			ownerOnly(out)
			expectedFiles[out] = true
		} else if _, err := os.Stat(filepath.Join(dir, out)); err == nil {
			t.Errorf("%s was rejected but %s was written", in.name, out)
		}
	}

	// The inputs too large to commit, made as the roster test makes them: check and generate
	// on the 1 MB ones, check on 200,000 rows (generating that pack takes minutes).
	var line, cell bytes.Buffer
	line.WriteString("NHS Number,Surname,Date of Birth,Address Line 1,Postcode")
	for i := 0; line.Len() < 1<<20; i++ {
		fmt.Fprintf(&line, ",%s,Pendlebury,03/04/1951,14 Quarry Lane,LS6 2QR", corpusNHS(i%20))
	}
	cell.WriteString("NHS Number,Forename,Surname,Date of Birth,Address Line 1,Postcode\r\n")
	fmt.Fprintf(&cell, "%s,Arthur,Pendlebury,03/04/1951,14 Quarry Lane,LS6 2QR\r\n", corpusNHS(0))
	fmt.Fprintf(&cell, "%s,%s,Okonkwo-Hale,27-Oct-1969,9 Tannery Row,LS7 3AB\r\n", corpusNHS(1), strings.Repeat("Beatrix ", 1<<17))
	fmt.Fprintf(&cell, "%s,Zoë,Brontë,1980-02-01,3 Café Street,YO1 7HH\r\n", corpusNHS(2))
	var rows200k bytes.Buffer
	if err := sample.Generate(&rows200k, 200000, 1); err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct {
		name     string
		data     []byte
		generate bool
	}{{"1mb-single-line.csv", line.Bytes(), true}, {"1mb-cell.csv", cell.Bytes(), true}, {"200000-rows.csv", rows200k.Bytes(), false}} {
		if err := os.WriteFile(filepath.Join(dir, g.name), g.data, 0o600); err != nil {
			t.Fatal(err)
		}
		expectedFiles[g.name] = true
		want, lines := wantOutcome(t, filepath.Join("generated", g.name))
		secrets := corpus
		if g.name == "200000-rows.csv" {
			secrets = listValues(g.data, g.name)[:30000] // the first 5,000 or so patients
		}
		runs := [][]string{{"check", "--patients", g.name}}
		if g.generate {
			runs = append(runs, []string{"generate", "--patients", g.name, "--out", "pack-" + g.name})
		}
		for _, args := range runs {
			code, stderr := check(args, secrets)
			if code != want {
				t.Errorf("accesspack %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, stderr)
			}
			for _, l := range lines {
				if !strings.Contains(stderr, l+"\n") {
					t.Errorf("accesspack %s: stderr lacks the line\n%s", strings.Join(args, " "), l)
				}
			}
		}
		if g.generate && want == exitOK {
			ownerOnly("pack-" + g.name)
			expectedFiles["pack-"+g.name] = true
		}
	}

	// Every pathway, with a synthetic list that meets every rule and eligibility check.
	var big bytes.Buffer
	if err := sample.Generate(&big, 1000, 11); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "list.csv"), big.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	expectedFiles["list.csv"] = true
	secrets := listValues(big.Bytes(), "list.csv")
	if len(secrets) < 3000 {
		t.Fatalf("only %d patient values to look for", len(secrets))
	}
	for _, pw := range rules.Pathways {
		out := "pack-" + string(pw)
		runs := [][]string{
			{"check", "--patients", "list.csv", "--pathway", string(pw)},
			{"check", "--patients", "list.csv", "--pathway", string(pw), "--strict"},
			{"generate", "--patients", "list.csv", "--pathway", string(pw), "--strict", "--out", out + "-strict"},
			{"generate", "--patients", "list.csv", "--pathway", string(pw), "--out", out},
			{"generate", "--patients", "list.csv", "--pathway", string(pw), "--duplex", "--force", "--out", out},
			{"generate", "--patients", "list.csv", "--pathway", string(pw), "--out", out}, // refused: not empty
		}
		for _, args := range runs {
			check(args, secrets)
		}
		ownerOnly(out)
		expectedFiles[out] = true
		if _, err := os.Stat(filepath.Join(dir, out+"-strict")); err == nil {
			t.Errorf("--strict wrote %s although the list has data problems", out+"-strict")
		}
	}

	// A workbook whose sheet is over 16 MB, which excelize unpacks into temporary files,
	// read whole and read damaged: neither leaves patient data in TMPDIR.
	book, bookSecrets := bigWorkbook(t, 30000)
	damaged := bytes.Clone(book)
	damaged[len(damaged)*3/4] ^= 0xff // inside the sheet's compressed data: a CRC failure
	for name, data := range map[string][]byte{"big.xlsx": book, "big-damaged.xlsx": damaged} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
		expectedFiles[name] = true
		code, stderr := check([]string{"check", "--patients", name}, bookSecrets)
		if want := map[string]int{"big.xlsx": exitOK, "big-damaged.xlsx": exitList}[name]; code != want {
			t.Errorf("check %s: exit %d, want %d\n%s", name, code, want, stderr)
		}
	}

	// Nothing left but the inputs and the packs: no temporary folders, locks or files.
	var litter []string
	got, _ := os.ReadDir(dir)
	for _, e := range got {
		if !expectedFiles[e.Name()] {
			litter = append(litter, e.Name())
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		for _, e := range left {
			litter = append(litter, filepath.Join("$TMPDIR", e.Name()))
		}
	}
	sort.Strings(litter)
	if len(litter) > 0 {
		t.Errorf("left behind: %v", litter)
	}
}

// bigWorkbook writes a synthetic list of n rows as an .xlsx whose sheet is larger than
// excelize's 16 MB in-memory limit, and returns it with its patient values.
func bigWorkbook(t *testing.T, n int) ([]byte, []string) {
	t.Helper()
	var text bytes.Buffer
	if err := sample.Generate(&text, n, 5); err != nil {
		t.Fatal(err)
	}
	secrets := listValues(text.Bytes(), "big.csv")
	records, err := csv.NewReader(bytes.NewReader(text.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	row := make([]any, len(records[0]))
	for i, r := range records {
		for j, c := range r {
			row[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), secrets
}
