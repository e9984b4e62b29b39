package pdf

import (
	"strings"
	"testing"

	"github.com/accesspack/accesspack/letters"
)

// lineTexts wraps spans at width mm and 12 pt and returns the drawn lines.
func lineTexts(t *testing.T, spans []letters.Span, width float64) []string {
	t.Helper()
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	var l layout
	l.reset(12)
	l.newPage()
	maxW := int(width / (em(12) / 1000))
	l.segment(spans, maxW)
	var out []string
	for _, ln := range l.wrap(maxW, nil) {
		start := len(l.ops)
		l.drawLine(ln, 0, 0, 12)
		var b strings.Builder
		w := 0.0
		for _, o := range l.ops[start:] {
			b.WriteString(o.text)
			w = o.x + float64(faces[o.st].widthOf(o.text))*em(12)/1000
		}
		if w > width+0.01 && len(ln.toSlice(l.segs)) > 1 {
			t.Errorf("line %q is %.1f mm wide, more than %.1f", b.String(), w, width)
		}
		out = append(out, b.String())
	}
	return out
}

func (ln wrappedLine) toSlice(s []seg) []seg { return s[ln.from:ln.to] }

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		spans []letters.Span
		width float64
		want  []string
	}{
		{"plain", []letters.Span{{Text: "one two three four five six seven"}}, 30,
			[]string{"one two three", "four five six", "seven"}},
		{"white space collapses", []letters.Span{{Text: "  one\ttwo\n three  "}}, 100,
			[]string{"one two three"}},
		{"bold inside a word stays joined", []letters.Span{{Text: "call "}, {Text: "us", Bold: true}, {Text: ", please"}}, 100,
			[]string{"call us, please"}},
		{"space at a span's end", []letters.Span{{Text: "From ", Bold: true}, {Text: "today"}}, 100,
			[]string{"From today"}},
		{"digit groups stay together", []letters.Span{{Text: "please phone us on 0113 496 0000 today"}}, 45,
			[]string{"please phone us on", "0113 496 0000 today"}},
		{"a long word is cut", []letters.Span{{Text: "www.averyveryveryverylongwebsiteaddress.example.nhs.uk/records"}}, 40,
			[]string{"www.averyveryveryv", "erylongwebsiteaddre", "ss.example.nhs.uk/", "records"}},
		{"empty", nil, 40, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lineTexts(t, tt.spans, tt.width)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNoLoneLines lays a six-line paragraph out at every height near the foot of a
// page: neither page may hold just one of its lines.
func TestNoLoneLines(t *testing.T) {
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	spans := []letters.Span{{Text: strings.Repeat(words, 2)}}
	for up := 0.0; up < 60; up += 1.3 {
		var l layout
		l.reset(12)
		l.newPage()
		l.y, l.empty = bodyBottom-up, false
		l.flow(spans, l.left, 12, nil)
		var perPage []int
		for p, start := range l.pages {
			end := len(l.ops)
			if p+1 < len(l.pages) {
				end = l.pages[p+1]
			}
			perPage = append(perPage, end-start)
		}
		for _, n := range perPage {
			if n == 1 {
				t.Errorf("%.1f mm above the foot: lines per page %v", up, perPage)
			}
		}
	}
}
