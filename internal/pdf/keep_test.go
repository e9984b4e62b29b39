package pdf

import (
	"slices"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/pdftext"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/letters"
)

// signedOff is body followed by a closing line, the sign-off and an enclosure line, as
// the templates end a letter.
func signedOff(body []letters.Block) ([]letters.Block, []string) {
	end := []string{"If you have any questions, please call us.", "Yours sincerely", "Dr Helen Example",
		"Senior GP Partner", "Example Surgery", "Enclosed: a form to ask to see your GP record online"}
	body = append(body, para(end[0]), para(end[1]), para(end[2]))
	for _, s := range end[3:5] {
		b := para(s)
		b.Tight = true
		body = append(body, b)
	}
	return append(body, para(end[5])), end
}

// TestEndKeepsTextWithIt pushes the end of a letter (the closing line, the sign-off and
// the "Enclosed:" line) down the page line by line: it is never split, and the page that
// holds it always holds text of the letter's own as well.
func TestEndKeepsTextWithIt(t *testing.T) {
	for extra := 0; extra < 45; extra++ {
		body := slices.Clone(body250()[:4])
		for range extra {
			body = append(body, para("Another line."))
		}
		body, end := signedOff(body)
		_, spans, pages := render(t, Options{}, []letters.Letter{patient(nhsNumbers[0], "Zoë Example", body)})
		on := pagesOf(pages, end)
		if len(on) != len(end) || slices.Min(on) != slices.Max(on) {
			t.Errorf("extra %d: end lines on pages %v of %d", extra, on, spans[0][1])
			continue
		}
		own := 0
		for _, l := range pages[on[0]].Lines {
			if !slices.Contains(end, l.Text) && !strings.Contains(l.Text, "page ") {
				own++
			}
		}
		if own == 0 {
			t.Errorf("extra %d: page %d holds only the end of the letter", extra+1, on[0]+1)
		}
	}
}

// TestFitsOnOnePage lays out letters of 10 to 60 one-line paragraphs: one that spills
// onto a second page at the usual gaps between paragraphs, but fits on one with narrower
// gaps, is printed on one page (and likewise a page is saved on longer letters); none
// ever takes more pages than at the usual gaps.
func TestFitsOnOnePage(t *testing.T) {
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	pages := func(n int) (int, float64) {
		body := make([]letters.Block, n)
		for i := range body {
			body[i] = para("A short paragraph of one line.")
		}
		body, _ = signedOff(body)
		lt := patient(nhsNumbers[0], "Zoë Example", body)
		var l layout
		if err := l.letter(&lt, practice.DefaultWindow, false); err != nil {
			t.Fatal(err)
		}
		return len(l.pages), l.ops[len(l.ops)-1].y
	}
	usual := map[int]int{}
	saved := spacings
	spacings = [len(spacings)]float64{1, 1, 1}
	for n := 10; n <= 60; n++ {
		usual[n], _ = pages(n)
	}
	spacings = saved
	onOne := 0
	for n := 10; n <= 60; n++ {
		got, _ := pages(n)
		switch {
		case got > usual[n]:
			t.Errorf("%d paragraphs: %d pages, more than the %d at the usual gaps", n, got, usual[n])
		case got < usual[n]:
			if got == 1 {
				onOne++
			}
			if got != usual[n]-1 {
				t.Errorf("%d paragraphs: %d pages, want %d: narrower gaps save one page", n, got, usual[n]-1)
			}
		}
	}
	if onOne == 0 {
		t.Error("no two-page letter was fitted on one page with narrower gaps")
	}
	if got, _ := pages(60); got != usual[60] {
		t.Errorf("60 paragraphs: %d pages, want %d", got, usual[60])
	}
}

// pagesOf returns the page (0-based) of each line of pages that is one of lines.
func pagesOf(pages []pdftext.Page, lines []string) []int {
	var on []int
	for i, pg := range pages {
		for _, l := range pg.Lines {
			if slices.Contains(lines, l.Text) {
				on = append(on, i)
			}
		}
	}
	return on
}
