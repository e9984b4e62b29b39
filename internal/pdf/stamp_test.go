package pdf

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/letters"
)

// TestStampedLettersReadAsAlone checks that stamping shared paragraphs as templates
// changes nothing a reader sees: each letter of a PDF in which most of its paragraphs
// are stamped reads, line by line and in the same places, as the same letter alone in
// a PDF of its own. The shared paragraphs sit at different heights in different
// letters (a paragraph of varying length comes before them), and one-line paragraphs
// follow each other, which is where PDFium would run lines together.
func TestStampedLettersReadAsAlone(t *testing.T) {
	var ls []letters.Letter
	names := []string{"Zoë Example", "Łukasz Nowak", "Siobhán O’Neill", "Γιώργος Παπαδόπουλος", "Дмитрий Иванов", "Đokić Yıldız"}
	for i, name := range names {
		body := []letters.Block{para("Dear " + name + ","), para(strings.Repeat("Some words that vary. ", 1+7*i))}
		body = append(body, body250()[1:]...)
		body = append(body, para("Another line."), para("Another line."), para("Another line."))
		body = append(body, fullBody()[2:]...)
		lt := patient(nhsNumbers[i], name, body)
		if i%2 == 1 {
			lt.Enclosures = []letters.Document{{Title: "Opt-in form", Body: fullBody()}}
		}
		lt.LargePrint = i == 5
		ls = append(ls, lt)
	}
	ls = append(ls, ls[0]) // the same letter twice: every piece of it stamped

	pdf, spans, pages := render(t, Options{}, ls)
	if n := bytes.Count(pdf, []byte("/Subtype /Form")); n < 10 {
		t.Fatalf("only %d templates: the test does not exercise stamping", n)
	}
	for i, lt := range ls {
		_, _, alone := render(t, Options{}, []letters.Letter{lt})
		first, n := spans[i][0], spans[i][1]
		if n != len(alone) {
			t.Fatalf("letter %d: %d pages, alone %d", i, n, len(alone))
		}
		for p := range n {
			got, want := pages[first-1+p], alone[p]
			if got.Text != want.Text {
				t.Errorf("letter %d page %d reads\n%s\nalone\n%s", i, p+1, got.Text, want.Text)
				continue
			}
			for k, l := range got.Lines {
				w := want.Lines[k]
				if math.Abs(l.X0-w.X0) > 0.05 || math.Abs(l.Y0-w.Y0) > 0.05 || math.Abs(l.X1-w.X1) > 0.05 || math.Abs(l.Y1-w.Y1) > 0.05 {
					t.Errorf("letter %d page %d line %q at %.2f,%.2f–%.2f,%.2f, alone at %.2f,%.2f–%.2f,%.2f",
						i, p+1, l.Text, l.X0, l.Y0, l.X1, l.Y1, w.X0, w.Y0, w.X1, w.Y1)
				}
			}
		}
	}
}

// TestEarlyDeflateSameBytes checks that deflating pages as they are finished (beside the
// drawing) gives the same file as gofpdf deflating them all itself in Output.
func TestEarlyDeflateSameBytes(t *testing.T) {
	var ls []letters.Letter
	for range 30 { // more pages than a batch
		ls = append(ls, mixed()...)
	}
	write := func(early bool) []byte {
		d := New(Options{Created: created})
		if !early {
			d.deflated.f = nil
		}
		for _, lt := range ls {
			if _, _, err := d.Add(lt); err != nil {
				t.Fatal(err)
			}
		}
		var b bytes.Buffer
		if _, err := d.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	early, late := write(true), write(false)
	if !bytes.Equal(early, late) {
		t.Errorf("deflating pages early gives %d bytes, at the end %d", len(early), len(late))
	}
	validate(t, early)
}

// TestPlainReadsTheSame checks the print benchmark's baseline: Plain draws the same
// letters on the same pages, reading line by line as the stamped PDF does, with no
// templates and no pages deflated ahead of gofpdf.
func TestPlainReadsTheSame(t *testing.T) {
	var ls []letters.Letter
	for range 3 {
		ls = append(ls, mixed()...)
	}
	stamped, spans, pages := render(t, Options{Duplex: true}, ls)
	plain, plainSpans, plainPages := render(t, Options{Duplex: true, Plain: true}, ls)
	if !bytes.Contains(stamped, []byte("/Subtype /Form")) || bytes.Contains(plain, []byte("/Subtype /Form")) {
		t.Fatal("want templates in the stamped PDF and none in the plain one")
	}
	if !slices.Equal(spans, plainSpans) || len(pages) != len(plainPages) {
		t.Fatalf("plain letters on pages %v, stamped on %v", plainSpans, spans)
	}
	for i := range pages {
		if pages[i].Text != plainPages[i].Text {
			t.Errorf("page %d reads\n%s\nplain\n%s", i+1, pages[i].Text, plainPages[i].Text)
		}
	}
}

// TestSharedRunsOneTemplate checks that the shared paragraphs following one another on a
// page are stamped as one template, not one each (every form a page draws costs the
// printing engines): once a letter's wording has been seen a few times, each page draws
// the letterhead and one run of paragraphs. The salutation names the patient, so it is
// never part of a run.
func TestSharedRunsOneTemplate(t *testing.T) {
	names := []string{"Zoë Example", "Łukasz Nowak", "Siobhán O’Neill", "Anna Smith", "Dmitri Ivanov", "Tom Jones"}
	var ls []letters.Letter
	for i, name := range names {
		body := append([]letters.Block{para("Dear " + name + ",")}, fullBody()...)
		ls = append(ls, patient(nhsNumbers[i], name, body))
	}
	pdf, spans, pages := render(t, Options{}, ls)
	objs := objects(t, pdf)
	var draws []int // templates drawn on each page, in page order
	for n := 1; n < len(objs); n++ {
		obj := objs[n]
		if !bytes.HasPrefix(obj, []byte("<</Type /Page\n")) {
			continue
		}
		m := regexp.MustCompile(`/Contents (\d+) 0 R`).FindSubmatch(obj)
		if m == nil {
			t.Fatalf("page object %d has no contents", n)
		}
		k, _ := strconv.Atoi(string(m[1]))
		draws = append(draws, len(doRE.FindAll(stream(t, objs[k]), -1)))
	}
	if len(draws) != len(pages) {
		t.Fatalf("%d page objects, %d pages", len(draws), len(pages))
	}
	for i := 3; i < len(ls); i++ {
		first, n := spans[i][0], spans[i][1]
		for p := first; p < first+n; p++ {
			if d := draws[p-1]; d < 1 || d > 2 {
				t.Errorf("letter %d page %d draws %d templates, want the letterhead and one run of paragraphs", i+1, p-first+1, d)
			}
		}
	}
	// and each reads as it would alone
	for i, lt := range ls {
		_, _, alone := render(t, Options{}, []letters.Letter{lt})
		for p := range alone {
			if got := pages[spans[i][0]-1+p]; got.Text != alone[p].Text {
				t.Errorf("letter %d page %d reads\n%s\nalone\n%s", i+1, p+1, got.Text, alone[p].Text)
			}
		}
	}
}

// TestQpdfCheck has qpdf, a second validator beside pdfcpu, check a PDF whose pages
// stamp runs of shared paragraphs. It is skipped, saying so, where qpdf is not
// installed (apt-get install qpdf), except under CI (ACCESSPACK_CI set), where it fails.
func TestQpdfCheck(t *testing.T) {
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		if os.Getenv("ACCESSPACK_CI") != "" {
			t.Fatal("qpdf is not installed, and under CI this check must run (.ci/run installs it)")
		}
		t.Skip("qpdf is not installed (apt-get install qpdf)")
	}
	var ls []letters.Letter
	for range 5 {
		ls = append(ls, mixed()...)
	}
	pdf, _, _ := render(t, Options{Duplex: true}, ls)
	if !bytes.Contains(pdf, []byte("/Subtype /Form")) {
		t.Fatal("no templates: the test does not exercise stamping")
	}
	name := filepath.Join(t.TempDir(), "stamped.pdf")
	if err := os.WriteFile(name, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(qpdf, "--check", name).CombinedOutput()
	if err != nil || bytes.Contains(bytes.ToLower(out), []byte("warning")) ||
		!bytes.Contains(out, []byte("No syntax or stream encoding errors found")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}
