package main

import (
	"bytes"
	"strings"
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
)

// bench runs printbench on a small pack and returns what it printed.
func bench(t *testing.T) string {
	t.Helper()
	var out bytes.Buffer
	if err := run([]string{"--patients", "30", "--pages", "2", "--runs", "1", "--seconds", "0"}, &out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestEveryEngineTimedOrNamed checks that each engine has a row of the table, with both
// PDFs timed and their ratio, or is named as not installed: never left out silently.
func TestEveryEngineTimedOrNamed(t *testing.T) {
	out := bench(t)
	missing := ""
	for _, l := range strings.Split(out, "\n") {
		if m, ok := strings.CutPrefix(l, "NOT TIMED, not installed: "); ok {
			missing = m
		}
	}
	for _, e := range engines {
		row := ""
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "| "+e.name+" (") {
				row = l
			}
		}
		named := strings.Contains(missing, e.name+" ("+e.install+")")
		switch {
		case row != "" && named:
			t.Errorf("%s is both timed and named as missing", e.name)
		case row == "" && !named:
			t.Errorf("%s is neither timed nor named as missing:\n%s", e.name, out)
		case row != "":
			// | engine | pages | accesspack | plain gofpdf | ratio |
			cells := strings.Split(strings.Trim(row, "| "), " | ")
			if len(cells) != 5 || cells[1] != "2" || !strings.HasSuffix(cells[2], " ms") || !strings.HasSuffix(cells[3], " ms") || !strings.HasSuffix(cells[4], "×") {
				t.Errorf("%s: row %q", e.name, row)
			}
		}
	}
}

// TestMissingEnginesNamed checks that engines not on the PATH are named with how to
// install them, and that PDFium (built in) is still timed.
func TestMissingEnginesNamed(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out := bench(t)
	for _, e := range engines {
		named := strings.Contains(out, e.name+" ("+e.install+")")
		if e.cmd != nil && !named {
			t.Errorf("%s is not named as missing:\n%s", e.name, out)
		}
		if e.cmd == nil && (named || !strings.Contains(out, "| "+e.name+" (")) {
			t.Errorf("%s is not timed:\n%s", e.name, out)
		}
	}
}
