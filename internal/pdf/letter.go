package pdf

import (
	"fmt"
	"strings"

	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/letters"
)

// letterheadTop is the top of the letterhead's first line, mm.
const letterheadTop = 12.0

// letter lays out a whole letter into l.pages.
func (l *layout) letter(lt *letters.Letter, win practice.Window, duplex bool) error {
	size := bodySize
	if lt.LargePrint {
		size = largeBodySize
	}
	l.reset(size)
	l.newPage()

	l.piece(true)
	headBottom, err := l.letterhead(&lt.From, win)
	if err != nil {
		return err
	}
	// reference lines below both the window and the letterhead, then the body; a letter
	// without an address (the blank form for reception) starts below the letterhead
	l.y = headBottom + 6
	l.piece(false) // the address and reference lines
	if len(lt.To) > 0 {
		if err := l.address(lt.To, win); err != nil {
			return err
		}
		l.y = max(win.Top+win.Height, headBottom) + 6
	}
	if r := trim(lt.Page.Reference); r != "" {
		l.text(regular, size, l.left, baseline(l.y, size), r)
		l.y += lead(size)
	}
	if d := trim(lt.Date); d != "" {
		l.text(regular, size, l.left, baseline(l.y, size), d)
		l.y += lead(size)
	}
	l.y += 0.5 * lead(size)
	l.empty = false
	if err := l.section(lt.Body); err != nil {
		return err
	}

	for _, enc := range lt.Enclosures {
		l.newPage()
		l.piece(true)
		if t := trim(enc.Title); t != "" {
			l.flow([]letters.Span{{Text: t, Bold: true}}, l.left, size+4, nil)
			l.y += 0.3 * lead(size)
		}
		if err := l.section(enc.Body); err != nil {
			return err
		}
	}

	if duplex && len(l.pages)%2 == 1 {
		l.newPage()
		l.piece(true)
		if s := trim(lt.Page.Blank); s != "" {
			w := float64(faces[regular].widthOf(s)) * em(size) / 1000
			l.text(regular, size, (pageW-w)/2, pageH/2, s)
		}
	}
	return nil
}

// letterhead draws the sender's details at the top of page 1, right-aligned (or
// left-aligned when the window is on the right), in 10 pt with the name in bold 12 pt,
// shrinking to 8 pt if a line would come within 5 mm of the window. It returns the
// bottom of the letterhead.
func (l *layout) letterhead(h *letters.Letterhead, win practice.Window) (float64, error) {
	type hl struct {
		st   style
		text string
	}
	var lines []hl
	add := func(st style, prefix, s string) {
		if s = trim(s); s != "" {
			lines = append(lines, hl{st, prefix + s})
		}
	}
	add(bold, "", h.Name)
	for _, a := range h.Address {
		add(regular, "", a)
	}
	add(regular, "Telephone: ", h.Phone)
	add(regular, "Email: ", h.Email)
	add(regular, "", h.Website)
	if len(lines) == 0 {
		return letterheadTop, nil
	}
	rightAlign := win.Left+win.Width/2 <= pageW/2
	// the window with its clearance: nothing of the letterhead may enter it
	wx0, wy0 := win.Left-clearance, win.Top-clearance
	wx1, wy1 := win.Left+win.Width+clearance, win.Top+win.Height+clearance
	for size := letterheadSize; size >= 8; size-- {
		start := len(l.ops)
		y, ok := letterheadTop, true
		for i, ln := range lines {
			s := size
			if i == 0 && ln.st == bold {
				s = size + 2
			}
			w := float64(faces[ln.st].widthOf(ln.text)) * em(s) / 1000
			x := marginLeft
			if rightAlign {
				x = pageW - marginRight - w
			}
			ld := 1.25 * em(s)
			if x < marginLeft-5 || x+w > pageW-marginRight+5 ||
				(y < wy1 && y+ld > wy0 && x < wx1 && x+w > wx0) {
				ok = false
				break
			}
			l.text(ln.st, s, x, baseline(y, s)-0.05*em(s), ln.text)
			y += ld
		}
		if ok {
			return y, nil
		}
		l.ops = l.ops[:start]
	}
	return 0, errf("the letterhead does not fit beside the address window even at 8 pt: shorten its longest lines or move the window")
}

// address draws the recipient's lines inside the window, at least 5 mm inside each
// edge, left-aligned, one line per entry, in 12 pt or, to fit, down to 10 pt.
func (l *layout) address(to []string, win practice.Window) error {
	var lines []string
	for _, s := range to {
		if s = trim(s); s != "" {
			lines = append(lines, s)
		}
	}
	if len(lines) == 0 {
		return &AddressError{Problem: "the letter has no address"}
	}
	availW := win.Width - 2*clearance
	availH := win.Height - 2*clearance
	asc, desc := faces[regular].ascent, faces[regular].desc
	var widest float64
	for size := addressMax; size >= addressMin; size -= 0.5 {
		e := em(size)
		ld := 1.2 * e
		h := float64(len(lines)-1)*ld + (asc+desc)*e
		widest = 0
		for _, s := range lines {
			widest = max(widest, float64(faces[regular].widthOf(s))*e/1000)
		}
		if h > availH {
			continue
		}
		if widest > availW {
			continue
		}
		x := win.Left + clearance
		b := win.Top + clearance + asc*e
		for _, s := range lines {
			l.text(regular, size, x, b, s)
			b += ld
		}
		return nil
	}
	e := em(addressMin)
	if maxLines := int((availH-(asc+desc)*e)/(1.2*e)) + 1; len(lines) > maxLines {
		return &AddressError{Problem: fmt.Sprintf("the address has %d lines; at most %d fit the envelope window", len(lines), maxLines)}
	}
	return &AddressError{Problem: fmt.Sprintf("an address line is %.0f mm long at 10 pt; the envelope window has room for %.0f mm", widest, availW)}
}

// pageWords refuses a letter whose page wording (letters.PageWords, from the template
// file templates/page.md) would not show its NHS number under the address and in every
// page's footer, or that has no footer: a page gone astray must show whose letter it is.
func pageWords(lt *letters.Letter) error {
	w := lt.Page
	if w.Footer == [3]string{} {
		return errf("the letter has no page wording (the footer from templates/page.md)")
	}
	if n := trim(lt.NHSNumber); n != "" && (!strings.Contains(w.Reference, n) || !strings.Contains(w.FooterText(1, 1), n)) {
		return errf("the letter's NHS number line or footer does not show its NHS number")
	}
	return nil
}
