package pdf

import (
	"fmt"
	"slices"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// The embedded fonts: Go Regular and Go Bold, sans-serif TrueType fonts covering WGL4
// (Latin, Greek and Cyrillic). gofpdf embeds a subset of each in every PDF.
const family = "go"

type style uint8

const (
	regular style = iota
	bold
	dashed // for lines and rectangles
)

func (s style) String() string {
	if s == bold {
		return "B"
	}
	return ""
}

// metrics holds what layout needs of one face: advance widths in 1/1000 em, rounded the
// way gofpdf writes them into the PDF's /W array, so that measured and drawn text agree.
type metrics struct {
	width  []uint16 // by rune, for runes below len(width); 0 with has false: not in the font
	has    []bool
	ascent float64 // in em
	desc   float64 // in em, positive
}

var (
	fontsOnce sync.Once
	faces     [2]*metrics
	fontsErr  error
)

func loadFonts() error {
	fontsOnce.Do(func() {
		for i, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
			m, err := parseMetrics(ttf)
			if err != nil {
				fontsErr = fmt.Errorf("reading embedded font: %w", err)
				return
			}
			faces[i] = m
		}
	})
	return fontsErr
}

func parseMetrics(ttf []byte) (*metrics, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	upem := float64(f.UnitsPerEm())
	ppem := fixed.Int26_6(f.UnitsPerEm()) << 6 // advances come back in font units × 64
	m := &metrics{width: make([]uint16, 0x10000), has: make([]bool, 0x10000)}
	for r := rune(0); r < 0x10000; r++ {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			continue
		}
		adv, err := f.GlyphAdvance(&buf, gi, ppem, 0)
		if err != nil {
			return nil, err
		}
		w := int(float64(adv)/64*1000/upem + 0.5)
		m.width[r] = uint16(w)
		m.has[r] = true
	}
	fm, err := f.Metrics(&buf, ppem, 0)
	if err != nil {
		return nil, err
	}
	m.ascent = float64(fm.Ascent) / 64 / upem
	m.desc = float64(fm.Descent) / 64 / upem
	return m, nil
}

// drawable reports whether r prints as itself. Tab and line breaks count: layout turns
// them into spaces.
func drawable(r rune) bool {
	if r == '\t' || r == '\n' || r == '\r' {
		return true
	}
	if r < 0x20 || r == utf8.RuneError || r >= 0x10000 {
		return false
	}
	return faces[regular].has[r] && faces[bold].has[r]
}

// width returns the advance of s in 1/1000 em.
func (m *metrics) widthOf(s string) int {
	w := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < utf8.RuneSelf {
			w += int(m.width[c])
			continue
		}
		for _, r := range s[i:] {
			if r < 0x10000 {
				w += int(m.width[r])
			}
		}
		return w
	}
	return w
}

// Missing returns the runes of s (in Unicode NFC form, as they are drawn) that the
// embedded fonts cannot draw, each once, in order of first appearance; nil when all
// print. Add refuses a letter with such runes, so call Missing first to warn about a row
// and decide how the name is shown instead.
func Missing(s string) []rune {
	if err := loadFonts(); err != nil {
		return nil
	}
	var out []rune
	for _, r := range nfc(s) {
		if !drawable(r) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// nfc composes s (e with a combining diaeresis becomes ë), since the fonts have the
// precomposed letters and gofpdf does not position combining marks.
func nfc(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFC.String(s)
		}
	}
	return s
}
