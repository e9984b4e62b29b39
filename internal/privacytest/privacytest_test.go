package privacytest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
)

// recorder keeps what Check reports instead of failing this test.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(f string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(f, args...))
}

func TestCheck(t *testing.T) {
	r := &recorder{TB: t}
	Check(r, "check --patients list.csv", []string{"row 2: no postal address", "fine\nrow 3: Pendlebury has no date"}, "Pendlebury", "")
	if len(r.errors) != 1 {
		t.Fatalf("want one failure, got %q", r.errors)
	}
	msg := r.errors[0]
	if !strings.Contains(msg, "check --patients list.csv") || !strings.Contains(msg, "row 3: <xxxxxxxxxx> has no date") {
		t.Errorf("the failure should name its source and show the line masked: %q", msg)
	}
	if strings.Contains(msg, "Pendlebury") {
		t.Errorf("the failure prints the value it found: %q", msg)
	}

	r = &recorder{TB: t}
	Check(r, "Read", []string{"row 2: *** *** 0018 is a duplicate of row 1"}, CorpusValues()...)
	if len(r.errors) != 0 {
		t.Errorf("a clean message failed: %q", r.errors)
	}
}

// Every NHS number in the committed CSV inputs of the corpus (written by make.py, not by
// Go) is one CorpusValues looks for.
func TestCorpusValuesHoldTheCorpusNHSNumbers(t *testing.T) {
	files, err := filepath.Glob("../roster/testdata/bad/*.csv")
	if err != nil || len(files) < 15 {
		t.Fatalf("corpus not found: %d files, %v", len(files), err)
	}
	values := CorpusValues()
	nhsRE := regexp.MustCompile(`999\d{7}`)
	found := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range nhsRE.FindAllString(string(b), -1) {
			found++
			if !slices.Contains(values, n) {
				t.Errorf("%s: NHS number %s is not in CorpusValues", filepath.Base(f), n)
			}
		}
	}
	if found < 30 {
		t.Errorf("only %d NHS numbers found in the corpus", found)
	}
	for name, gen := range Generated {
		if name == "200000-rows.csv" {
			continue // sample's own numbers: read with Values
		}
		if !strings.Contains(string(gen()), CorpusNHS(0)) {
			t.Errorf("%s does not hold the corpus's numbers", name)
		}
	}
}
