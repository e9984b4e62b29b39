package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/practice"
)

// TestPracticeFileProblems (issue 10.9): a practice file whose values the letters cannot
// use is refused with exit 2, naming the file, the line and the key, before the patient
// list is read: given a list that cannot be read at all (exit 3) the practice file's
// problem is still the one reported, and nothing is written.
func TestPracticeFileProblems(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) { must(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600)) }
	write("nonhs.csv", "Forename,Surname\nZoë,Ashworth\n")
	write("ok.csv", "NHS Number,Forename,Surname,Date of Birth,Address Line 1,Postcode\n9990000018,Zoë,Ashworth,01/02/1980,1 High Street,LS6 2QR\n")
	for _, c := range []struct {
		name, from, to string
		want           string // stderr's first line, a regexp
	}{
		{"left_mm = nan", "left_mm = 20", "left_mm = nan",
			`^accesspack: error: practice.toml:@left_mm =@: window.left_mm: should be a number of millimetres, not NaN$`},
		{"top_mm = inf", "top_mm = 45", "top_mm = inf",
			`^accesspack: error: practice.toml:@top_mm =@: window.top_mm: should be a number of millimetres, not \+Inf$`},
		{"window at top_mm = 240", "top_mm = 45", "top_mm = 240",
			`^accesspack: error: practice.toml:@height_mm =@: window.height_mm: the window \(top_mm = 240, height_mm = 40\) reaches 280 mm from the top, past 274 mm, where the page's footer begins$`},
		{"window off the right margin", "left_mm = 20", "left_mm = 118",
			`^accesspack: error: practice.toml:@width_mm =@: window.width_mm: the window \(left_mm = 118, width_mm = 90\) reaches 208 mm from the left`},
		{"emoji in the practice name", `name = "The Example Surgery"`, `name = "The Example Surgery 😀"`,
			`^accesspack: error: practice.toml:@name = "The Example Surgery"@: name: has a character the letters' font cannot print: "😀" \(U\+1F600\)$`},
		{"emoji in the ICB's address", `"2 Example Road"`, `"2 Example Road 🏥"`,
			`^accesspack: error: practice.toml:@address = ["Example House"@: icb.address: has a character the letters' font cannot print`},
		{"letter_date after go_live", "letter_date = 2026-12-01", "letter_date = 2027-02-01",
			`^accesspack: error: practice.toml:@go_live =@: go_live: the planned go-live date \(15 January 2027\) is not after the letter date 1 February 2027$`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(practice.Example, c.from) {
				t.Fatalf("the example file has no line %q", c.from)
			}
			c.want = atLine(t, c.want)
			write("practice.toml", strings.Replace(practice.Example, c.from, c.to, 1))
			if strings.Contains(c.want, " window.") {
				// calibrate draws the window: the same problem, and no test page
				code, _, stderr := runIn(t, dir, "calibrate", "--practice", "practice.toml", "--out", "cal.pdf")
				if first, _, _ := strings.Cut(stderr, "\n"); code != int(outcome.Usage) || !regexp.MustCompile(c.want).MatchString(first) {
					t.Errorf("calibrate: exit %d, stderr:\n%s", code, stderr)
				}
				if _, err := os.Stat(filepath.Join(dir, "cal.pdf")); !os.IsNotExist(err) {
					t.Errorf("calibrate wrote cal.pdf: %v", err)
				}
			}
			for _, list := range []string{"nonhs.csv", "ok.csv"} {
				for _, cmd := range []string{"generate", "check"} {
					args := []string{cmd, "--practice", "practice.toml", "--patients", list}
					if cmd == "generate" {
						args = append(args, "--out", "pack")
					}
					code, stdout, stderr := runIn(t, dir, args...)
					first, _, _ := strings.Cut(stderr, "\n")
					if code != int(outcome.Usage) || !regexp.MustCompile(c.want).MatchString(first) || !strings.Contains(stderr, "\nhint: ") {
						t.Errorf("%s: exit %d, stderr:\n%s\nwant exit %d and a first line matching %s, then a hint",
							strings.Join(args, " "), code, stderr, outcome.Usage, c.want)
					}
					if stdout != "" {
						t.Errorf("stdout: %q", stdout)
					}
					if _, err := os.Stat(filepath.Join(dir, "pack")); !os.IsNotExist(err) {
						t.Fatalf("%s wrote pack: %v", strings.Join(args, " "), err)
					}
				}
			}
		})
	}
	// The same dates with the letter date given on the command line name the option.
	write("practice.toml", practice.Example)
	code, _, stderr := runIn(t, dir, "check", "--practice", "practice.toml", "--patients", "nonhs.csv", "--letter-date", "2027-02-01")
	if !strings.HasPrefix(stderr, "accesspack: error: --letter-date: the planned go-live date (15 January 2027) is not after the letter date 1 February 2027\n") || code != int(outcome.Usage) {
		t.Errorf("--letter-date after go_live: exit %d, stderr:\n%s", code, stderr)
	}
}

// atLine replaces "@TEXT@" in want by the number of the example file's first line that
// starts with TEXT, so that the expected lines follow the example as fields are added.
func atLine(t *testing.T, want string) string {
	t.Helper()
	before, rest, ok := strings.Cut(want, "@")
	if !ok {
		return want
	}
	text, after, _ := strings.Cut(rest, "@")
	for i, l := range strings.Split(practice.Example, "\n") {
		if strings.HasPrefix(l, text) {
			return before + strconv.Itoa(i+1) + after
		}
	}
	t.Fatalf("the example file has no line starting %q", text)
	return ""
}
