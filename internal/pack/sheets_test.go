package pack

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/pdftext"
	"github.com/accesspack/accesspack/internal/rules"
)

// sheetCase is one sample pack whose pages TestNoPageHoldsOnlyTheEnd reads: a pathway,
// with or without bulk 104, with every letter in standard or in large print.
type sheetCase struct {
	pw    rules.Pathway
	bulk  bool
	large bool
}

func (c sheetCase) String() string {
	s := string(c.pw)
	if c.bulk {
		s += "+bulk104"
	}
	if c.large {
		s += "/large-print"
	}
	return s
}

func sheetCases() []sheetCase {
	var cs []sheetCase
	for _, pw := range rules.Pathways {
		bulks := []bool{false}
		if rules.TableFor(pw).Bulk104() {
			bulks = append(bulks, true)
		}
		for _, bulk := range bulks {
			for _, large := range []bool{false, true} {
				cs = append(cs, sheetCase{pw, bulk, large})
			}
		}
	}
	return cs
}

// samplePack is a sample pack made for a sheetCase.
type samplePack struct {
	out   string
	cfg   Config
	res   *Result
	pages map[string]int // pages of each letter, by NHS number (one letter each here)
}

// generateSheets makes the sample pack of c in a new temporary folder, and reads how
// many pages each letter has from the mailing list's Pages column.
func generateSheets(t *testing.T, c sheetCase) samplePack {
	t.Helper()
	out := filepath.Join(t.TempDir(), "pack")
	cfg := sampleConfig(t, c.pw, out)
	cfg.Practice.Bulk104, cfg.Rules.Bulk104 = c.bulk, c.bulk
	if c.large {
		for i := range cfg.Patients {
			cfg.Patients[i].LargePrint = true
		}
	}
	res, err := Generate(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenFile(filepath.Join(out, "mailing-list.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	pages := map[string]int{}
	for _, kind := range rules.PatientKinds {
		rows, err := book.GetRows(string(kind))
		if err != nil || len(rows) == 0 {
			continue // no such sheet: no letters of this kind
		}
		nhs, pg := slices.Index(rows[0], "NHS Number"), slices.Index(rows[0], "Pages")
		if nhs < 0 || pg < 0 {
			t.Fatalf("%s sheet: no NHS Number or Pages column in %q", kind, rows[0])
		}
		for _, r := range rows[1:] {
			n, err := strconv.Atoi(r[pg])
			if err != nil {
				t.Fatalf("%s sheet: pages %q", kind, r[pg])
			}
			pages[r[nhs]] = n
		}
	}
	return samplePack{out, cfg, res, pages}
}

var (
	footerLine = regexp.MustCompile(`page \d+ of \d+$`)
	blankPage  = "This page is intentionally blank"
)

// endLines reports whether every line is one that ends a letter: the closing question
// line, the sign-off, an "Enclosed:" or "Copy to:" line, or the practice-use box of the
// form. A page holding only such lines wastes a sheet.
func endLines(lines []string, signOff map[string]bool) bool {
	for _, l := range lines {
		switch {
		case signOff[l], strings.HasPrefix(l, "Enclosed: "), strings.HasPrefix(l, "Copy to: "),
			strings.HasPrefix(l, "If you have any questions, please call us on"):
		default:
			return false
		}
	}
	return true
}

// TestNoPageHoldsOnlyTheEnd reads every page of every PDF of every pathway's sample pack,
// in standard and in large print, as PDFium extracts it: no page holds only a sign-off,
// an enclosure line or the practice-use box. A letter whose text fits on one page is on
// one page: the blank opt-in form, and the deferred opt-out notice in standard print, with
// and without bulk 104.
func TestNoPageHoldsOnlyTheEnd(t *testing.T) {
	for _, c := range sheetCases() {
		t.Run(c.String(), func(t *testing.T) {
			sh := generateSheets(t, c)
			out, res, pr := sh.out, sh.res, sh.cfg.Practice
			signOff := map[string]bool{"Yours sincerely": true, pr.Signatory.Name: true, pr.Signatory.Role: true, pr.Name: true,
				"For practice use only": true, "Date received:": true, "Reviewed by, and decision:": true,
				"Date 106 added or access switched on:": true}
			for _, f := range res.Files {
				if filepath.Ext(f.Path) != ".pdf" {
					continue
				}
				pages, err := pdftext.Pages(readFile(t, filepath.Join(out, f.Path)))
				if err != nil {
					t.Fatal(err)
				}
				for i, p := range pages {
					var lines []string
					for _, l := range p.Lines {
						if s := strings.TrimSpace(l.Text); s != "" && !footerLine.MatchString(s) && s != blankPage {
							lines = append(lines, s)
						}
					}
					if len(lines) > 0 && endLines(lines, signOff) {
						t.Errorf("%s page %d holds only the end of a letter: %q", f.Path, i+1, lines)
					}
				}
				if f.Path == "forms/opt-in-form.pdf" && len(pages) != 1 {
					t.Errorf("the blank opt-in form has %d pages, want 1", len(pages))
				}
			}
			if c.pw == rules.DeferBooked && !c.large { // deferred and deferred-104
				for _, d := range res.Decisions {
					if d.Letter == rules.OptOutNotice && !d.Patient.LargePrint && sh.pages[d.Patient.NHS] != 1 {
						t.Errorf("input row %d: the deferred opt-out notice has %d pages, want 1", d.Row, sh.pages[d.Patient.NHS])
					}
				}
			}
		})
	}
}

// TestPagesPerVariant prints how many pages each letter kind and variant takes in the
// sample packs, standard and large print (go test -run TestPagesPerVariant -v).
func TestPagesPerVariant(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("prints a table: run with -v")
	}
	seen := map[string]map[int]int{}
	var order []string
	for _, c := range sheetCases() {
		sh := generateSheets(t, c)
		for _, d := range sh.res.Decisions {
			if d.Letter == "" {
				continue
			}
			format := "standard"
			if d.Patient.LargePrint {
				format = "large print"
			}
			k := fmt.Sprintf("%-16s %-22s %-12s", d.Letter, d.Variant, format)
			if seen[k] == nil {
				seen[k] = map[int]int{}
				order = append(order, k)
			}
			seen[k][sh.pages[d.Patient.NHS]]++
		}
	}
	for _, k := range order {
		t.Logf("%s pages: %v", k, seen[k])
	}
}
