package pdf

import (
	"slices"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/letters"
)

// TestPageWordsDrawn: the NHS number line, the footer and the duplex blank page say what
// the letter's page words say (templates/page.md), not words of the renderer's own.
func TestPageWordsDrawn(t *testing.T) {
	lt := patient(nhsNumbers[0], "Zoë Example", body250())
	lt.Page = letters.PageWords{Reference: "Rhif GIG: " + nhsNumbers[0], Footer: [3]string{"Rhif GIG " + nhsNumbers[0] + " · tudalen ", " o ", ""},
		Blank: "Mae'r dudalen hon yn wag yn fwriadol"}
	_, spans, pages := render(t, Options{Duplex: true}, []letters.Letter{lt})
	n := spans[0][1]
	if n%2 != 0 || n != len(pages) {
		t.Fatalf("%d pages", n)
	}
	var all []string
	for i, pg := range pages {
		var lines []string
		for _, l := range pg.Lines {
			lines = append(lines, l.Text)
		}
		all = append(all, lines...)
		want := "Rhif GIG " + nhsNumbers[0] + " · tudalen " + string(rune('1'+i)) + " o " + string(rune('0'+n))
		if !slices.Contains(lines, want) {
			t.Errorf("page %d has no footer %q: %q", i+1, want, lines)
		}
	}
	text := strings.Join(all, "\n")
	for _, w := range []string{"Rhif GIG: " + nhsNumbers[0], "Mae'r dudalen hon yn wag yn fwriadol"} {
		if !strings.Contains(text, w) {
			t.Errorf("no %q", w)
		}
	}
	for _, w := range []string{"NHS number", "intentionally blank", "page "} {
		if strings.Contains(text, w) {
			t.Errorf("the renderer's own %q is printed", w)
		}
	}
}

// TestPageWordsMustShowNHSNumber: a patient letter whose NHS number line or footer would
// not show its NHS number, or that has no footer, is refused.
func TestPageWordsMustShowNHSNumber(t *testing.T) {
	good := patient(nhsNumbers[0], "Zoë Example", body250())
	for name, w := range map[string]letters.PageWords{
		"no page words":        {},
		"footer without it":    {Reference: good.Page.Reference, Footer: [3]string{"page ", " of ", ""}},
		"reference without it": {Reference: "NHS number:", Footer: good.Page.Footer},
		"another letter's":     builtinWords(nhsNumbers[1]),
	} {
		lt := good
		lt.Page = w
		if _, _, err := New(Options{}).Add(lt); err == nil {
			t.Errorf("%s: drawn", name)
		}
	}
	if _, _, err := New(Options{}).Add(good); err != nil {
		t.Error(err)
	}
}
