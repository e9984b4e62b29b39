package pack

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/nhs"
	"github.com/accesspack/accesspack/internal/pdftext"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/letters"
)

var nhsOnPage = regexp.MustCompile(`\b\d{3} \d{3} \d{4}\b`)
var pageOf = regexp.MustCompile(`page (\d+) of (\d+)`)

// checkPackIntegrity proves, for a generated pack, that for every row of every letter sheet
// the pages it points at carry that patient's NHS number and no other, number "page k of
// n" of that letter, and show that patient's name and address inside the envelope window;
// and that every letter sheet lists exactly the patients the rules gave that letter.
func checkPackIntegrity(t *testing.T, out string, res *Result, win practice.Window) {
	t.Helper()
	byNHS := map[string]*rules.Decision{}
	wantByKind := map[string][]string{}
	for i := range res.Decisions {
		d := &res.Decisions[i]
		if d.Letter == "" {
			continue
		}
		if byNHS[d.Patient.NHS] != nil {
			t.Fatalf("two letters for one NHS number (rows %d and %d)", byNHS[d.Patient.NHS].Row, d.Row)
		}
		byNHS[d.Patient.NHS] = d
		wantByKind[string(d.Letter)] = append(wantByKind[string(d.Letter)], d.Patient.NHS)
	}
	book, err := excelize.OpenFile(filepath.Join(out, "mailing-list.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	pdfPages := map[string][]pdftext.Page{}
	pagesOf := func(file string) []pdftext.Page {
		if p, ok := pdfPages[file]; ok {
			return p
		}
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(file)))
		if err != nil {
			t.Fatal(err)
		}
		p, err := pdftext.Pages(b)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		pdfPages[file] = p
		return p
	}
	covered := map[string]int{} // pages of each PDF pointed at by sheet rows
	for _, kind := range rules.PatientKinds {
		rows, err := book.GetRows(string(kind))
		if len(wantByKind[string(kind)]) == 0 {
			if err == nil && len(rows) > 0 {
				t.Errorf("sheet %s exists but the rules gave nobody that letter", kind)
			}
			continue
		}
		if err != nil {
			t.Fatalf("sheet %s: %v", kind, err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		cell := func(r []string, name string) string {
			i, ok := col[name]
			if !ok {
				t.Fatalf("sheet %s has no column %q", kind, name)
			}
			if i < len(r) {
				return r[i]
			}
			return ""
		}
		var got []string
		for rn, r := range rows[1:] {
			where := fmt.Sprintf("sheet %s row %d", kind, rn+2)
			n := cell(r, "NHS Number")
			got = append(got, n)
			d := byNHS[n]
			if d == nil || string(d.Letter) != string(kind) {
				t.Errorf("%s: NHS number %s has no %s letter in the rules' decisions", where, nhs.Mask(n), kind)
				continue
			}
			p := d.Patient
			if cell(r, "Surname") != p.Surname || cell(r, "Forename") != p.Forename || cell(r, "Postcode") != p.Postcode {
				t.Errorf("%s: name or postcode is not input row %d's", where, d.Row)
			}
			file := cell(r, "PDF File")
			first, _ := strconv.Atoi(cell(r, "First Page"))
			count, _ := strconv.Atoi(cell(r, "Pages"))
			pages := pagesOf(file)
			if first < 1 || count < 1 || first+count-1 > len(pages) {
				t.Errorf("%s: pages %d+%d outside %s (%d pages)", where, first, count, file, len(pages))
				continue
			}
			covered[file] += count
			for k := 1; k <= count; k++ {
				pg := pages[first+k-2]
				nums := slices.Compact(sortedStrings(nhsOnPage.FindAllString(pg.Text, -1)))
				if len(nums) != 1 || nums[0] != nhs.Format(n) {
					t.Errorf("%s: page %d of %s carries NHS numbers %v, want only %s's", where, first+k-1, file, maskAll(nums), nhs.Mask(n))
				}
				m := pageOf.FindAllStringSubmatch(pg.Text, -1)
				if len(m) != 1 || m[0][1] != strconv.Itoa(k) || m[0][2] != strconv.Itoa(count) {
					t.Errorf("%s: page %d of %s footer %v, want page %d of %d", where, first+k-1, file, m, k, count)
				}
			}
			if got, want := windowLines(pages[first-1], win), letters.AddressBlock(p); !slices.Equal(got, want) {
				t.Errorf("%s: window of page %d of %s shows %d lines that are not input row %d's address block (%d lines)", where, first, file, len(got), d.Row, len(want))
			}
		}
		if !slices.Equal(sortedStrings(got), sortedStrings(wantByKind[string(kind)])) {
			t.Errorf("sheet %s lists %d letters, the rules decided %d", kind, len(got), len(wantByKind[string(kind)]))
		}
	}
	// Every page of every letters PDF belongs to some row: nothing printed unaccounted.
	for file, pages := range pdfPages {
		if covered[file] != len(pages) {
			t.Errorf("%s has %d pages but the sheets point at %d", file, len(pages), covered[file])
		}
	}
}

// windowLines is the text that lies wholly inside the address window on a page.
func windowLines(pg pdftext.Page, win practice.Window) []string {
	var out []string
	for _, l := range pg.Lines {
		if l.X0 >= win.Left && l.X1 <= win.Left+win.Width && l.Y0 >= win.Top && l.Y1 <= win.Top+win.Height {
			out = append(out, strings.TrimSpace(l.Text))
		}
	}
	return out
}

func sortedStrings(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func maskAll(ns []string) []string {
	var out []string
	for _, n := range ns {
		out = append(out, nhs.Mask(n))
	}
	return out
}

func TestPackIntegrityEveryPathway(t *testing.T) {
	for _, pw := range rules.Pathways {
		t.Run(string(pw), func(t *testing.T) {
			out, res := generateSample(t, pw)
			pr, _ := practice.Sample()
			checkPackIntegrity(t, out, res, pr.Window)
			if !res.Counts.Reconciled() || res.Counts.Rows != len(res.Decisions) {
				t.Errorf("reconciliation does not hold: %+v", res.Counts)
			}
		})
	}
}

// TestPackIntegritySmallVolumesAndMovedWindow splits kinds into volumes of 4 letters and
// moves the window, so that page numbers restart per volume file and the address follows
// the configured box.
func TestPackIntegritySmallVolumesAndMovedWindow(t *testing.T) {
	cfg := sampleConfig(t, rules.Proceed, filepath.Join(t.TempDir(), "pack"))
	cfg.VolumeSize = 4
	cfg.Practice.Window = practice.Window{Left: 25, Top: 50, Width: 85, Height: 38}
	cfg.Duplex = true
	res, err := Generate(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var vols int
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "letters/opt-out-notice-0") {
			vols++
		}
	}
	if vols < 2 {
		t.Fatalf("expected opt-out-notice in several volumes, got files %v", res.Files)
	}
	checkPackIntegrityDuplex(t, cfg.Out, res, cfg.Practice.Window)
}

// checkPackIntegrityDuplex is checkPackIntegrity for duplex packs, where each letter has
// an even page count.
func checkPackIntegrityDuplex(t *testing.T, out string, res *Result, win practice.Window) {
	t.Helper()
	checkPackIntegrity(t, out, res, win)
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "letters/") && f.Pages%2 != 0 {
			t.Errorf("%s: %d pages in a duplex pack", f.Path, f.Pages)
		}
	}
}
