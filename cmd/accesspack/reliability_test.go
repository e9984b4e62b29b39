package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/privacytest"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

// badCorpus is the roster package's corpus of awkward patient lists; each input X has
// X.want, whose first line is "exit N" and, for a rejected list, the error and hint lines
// the command prints.
const badCorpus = "../../internal/roster/testdata/bad"

// listValues reads a list as the command does and returns the patient values no message
// may show (see privacytest.Values); the test fails if the list cannot be read.
func listValues(t *testing.T, data []byte, name string) []string {
	t.Helper()
	list, err := roster.Read(bytes.NewReader(data), name, roster.Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return privacytest.Values(list.Patients)
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
	if code != int(outcome.OK) {
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
	corpus := privacytest.CorpusValues()
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
		secrets := corpus
		if code, _ := wantOutcome(t, n); code == int(outcome.OK) { // a rejected list has no values to read
			secrets = append(listValues(t, data, n), corpus...)
		}
		inputs = append(inputs, input{n, secrets})
	}
	if len(inputs) < 25 {
		t.Fatalf("only %d corpus inputs found", len(inputs))
	}

	check := func(args []string, secrets []string) (int, string) {
		t.Helper()
		code, stdout, stderr := runIn(t, dir, args...)
		privacytest.Check(t, "accesspack "+strings.Join(args, " "), []string{stdout, stderr}, secrets...)
		return code, stderr
	}
	ownerOnly := func(out string) { t.Helper(); privacytest.OwnerOnly(t, filepath.Join(dir, out)) }

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
		if want == int(outcome.OK) {
			ownerOnly(out)
			expectedFiles[out] = true
		} else if _, err := os.Stat(filepath.Join(dir, out)); err == nil {
			t.Errorf("%s was rejected but %s was written", in.name, out)
		}
	}

	// The inputs too large to commit, made as the roster test makes them: check and generate
	// on the 1 MB ones, check on 200,000 rows (generating that pack takes minutes).
	for _, g := range []struct {
		name     string
		data     []byte
		generate bool
	}{
		{"1mb-single-line.csv", privacytest.Generated["1mb-single-line.csv"](), true},
		{"1mb-cell.csv", privacytest.Generated["1mb-cell.csv"](), true},
		{"200000-rows.csv", privacytest.Generated["200000-rows.csv"](), false},
	} {
		if err := os.WriteFile(filepath.Join(dir, g.name), g.data, 0o600); err != nil {
			t.Fatal(err)
		}
		expectedFiles[g.name] = true
		want, lines := wantOutcome(t, filepath.Join("generated", g.name))
		secrets := corpus
		if g.name == "200000-rows.csv" {
			secrets = listValues(t, g.data, g.name)[:30000] // the first 5,000 or so patients
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
		if g.generate && want == int(outcome.OK) {
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
	secrets := listValues(t, big.Bytes(), "list.csv")
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
		if want := map[string]int{"big.xlsx": int(outcome.OK), "big-damaged.xlsx": int(outcome.List)}[name]; code != want {
			t.Errorf("check %s: exit %d, want %d\n%s", name, code, want, stderr)
		}
	}

	// Nothing left but the inputs and the packs: no temporary folders, locks or files.
	var litter []string
	got, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range got {
		if !expectedFiles[e.Name()] {
			litter = append(litter, e.Name())
		}
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		litter = append(litter, filepath.Join("$TMPDIR", e.Name()))
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
	secrets := listValues(t, text.Bytes(), "big.csv")
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
