package practice_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/pdf"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/letters"
)

// TestWindowsPracticeAcceptsPrint: every envelope window the practice file's check
// accepts can be drawn, with the sample practice's letter to a patient and its
// organisation letter, so a window is never refused only when the first patient's letter
// is drawn. It walks the edges of what is accepted, in steps of 0.5 mm.
func TestWindowsPracticeAcceptsPrint(t *testing.T) {
	set, err := letters.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	pr, err := practice.Sample()
	if err != nil {
		t.Fatal(err)
	}
	patient, err := set.Patient(rules.OptOutNotice, "going-live", letters.SamplePatient(), pr, rules.Proceed, nil)
	if err != nil {
		t.Fatal(err)
	}
	pr.ICB.Contact = ""
	org, err := set.Organisation(rules.CommissionerLetter, pr, rules.DeferDPIA, nil)
	if err != nil {
		t.Fatal(err)
	}
	var windows []practice.Window
	for _, v := range []float64{-1, 0, 4.5, 5, 5.5, 10, 10.5, 20} {
		windows = append(windows, practice.Window{Left: v, Top: 45, Width: 90, Height: 40},
			practice.Window{Left: 20, Top: v, Width: 90, Height: 40},
			practice.Window{Left: 20, Top: 45, Width: v, Height: 40},
			practice.Window{Left: 20, Top: 45, Width: 90, Height: v})
	}
	for _, right := range []float64{204.5, 205, 205.5, 210, 210.5} {
		windows = append(windows, practice.Window{Left: right - 90, Top: 45, Width: 90, Height: 40},
			practice.Window{Left: 120, Top: 45, Width: right - 120, Height: 40})
	}
	for _, bottom := range []float64{273.5, 274, 274.5, 292, 297, 300} {
		windows = append(windows, practice.Window{Left: 20, Top: bottom - 40, Width: 90, Height: 40},
			practice.Window{Left: 20, Top: 200, Width: 90, Height: bottom - 200})
	}
	accepted := 0
	for _, w := range windows {
		p := practice.Practice{Window: w}
		if p.Check(0) != nil {
			continue
		}
		accepted++
		doc := pdf.New(pdf.Options{Window: w})
		for _, lt := range []letters.Letter{patient, org} {
			if _, _, err := doc.Add(lt); err != nil && !errors.As(err, new(*pdf.AddressError)) {
				t.Errorf("window %+v passes the practice check, but the %s cannot be drawn: %v", w, lt.Kind, err)
			}
		}
	}
	if accepted < 10 {
		t.Errorf("only %d of %d windows accepted: the test no longer walks the edges", accepted, len(windows))
	}
}

// TestCheckPrintable: a character the letters' font cannot draw, in any value the letters
// print, is a practice-file problem naming the key and its line; one the letters drop
// (a right-to-left mark) or a value they never print (the ICB's email) is not.
func TestCheckPrintable(t *testing.T) {
	file := string(practice.SampleTOML())
	for _, c := range []struct {
		name, from, to string
		key            string // "" when printable
		at             string // the text on the key's line, when not to
	}{
		{"emoji in the name", `name = "Meadowbank Surgery"`, `name = "Meadowbank Surgery 😀"`, "name", ""},
		{"symbol in an address line", `"Far Headingley"`, `"Far ☎ Headingley"`, "address", ""},
		{"CJK in the signatory", `name = "Dr Helen Ashworth"`, `name = "Dr 王 Ashworth"`, "signatory.name", ""},
		{"emoji in a DPIA concern", `"Test results would`, `"🧪 Test results would`, "dpia.concerns", "concerns = ["},
		{"emoji in the ICB contact", `contact = "Primary Care Digital Team"`, `contact = "Primary Care Digital Team 💻"`, "icb.contact", ""},
		{"Greek, Cyrillic and accents print", `name = "Dr Helen Ashworth"`, `name = "Dr Zoë Ωmega Жукова"`, "", ""},
		{"a right-to-left mark is dropped", `name = "Meadowbank Surgery"`, "name = \"Meadowbank\u200f Surgery\"", "", ""},
		{"the ICB's email is not printed", `email = "primarycare.digital@example.com"`, `email = "😀@example.com"`, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(file, c.from, c.to, 1)
			if text == file {
				t.Fatalf("the sample has no %s", c.from)
			}
			p, err := practice.Parse([]byte(text), "practice.toml")
			if err != nil {
				t.Fatal(err)
			}
			err = letters.CheckPrintable(p, pdf.Missing)
			var e *practice.Error
			switch {
			case c.key == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.key == "":
			case !errors.As(err, &e):
				t.Errorf("%v, want a *practice.Error", err)
			default:
				at := c.to
				if c.at != "" {
					at = c.at
				}
				line := 1 + strings.Count(text[:strings.Index(text, at)], "\n")
				if e.Key != c.key || e.Line != line || e.File != "practice.toml" || !strings.Contains(e.Problem, "cannot print") || e.Hint == "" {
					t.Errorf("%s:%d key %q: %s (hint %q), want line %d key %q", e.File, e.Line, e.Key, e.Problem, e.Hint, line, c.key)
				}
			}
		})
	}
	p, _ := practice.Parse([]byte(strings.Replace(file, "Meadowbank Surgery", "Meadowbank 😀", 1)), "practice.toml")
	if err := letters.CheckPrintable(p, pdf.Missing); err == nil || !strings.Contains(err.Error(), `"😀" (U+1F600)`) {
		t.Errorf("the message does not show the character: %v", err)
	}
}
