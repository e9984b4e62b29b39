package pdf

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/accesspack/accesspack/letters"
)

// Page geometry, in mm.
const (
	pageW = 210.0
	pageH = 297.0

	marginLeft   = 20.0
	marginRight  = 20.0
	marginTop    = 18.0
	bodyBottom   = 274.0 // body text stays above this line
	footerBase   = 284.0 // baseline of the footer
	clearance    = 5.0   // inner clearance of the address window, and room kept round it
	ptmm         = 25.4 / 72
	fillInHeight = 10.0 // room to write by hand on a FillIn line
)

// Type sizes, in points.
const (
	bodySize       = 12.0
	largeBodySize  = 18.0
	letterheadSize = 10.0
	footerSize     = 10.0
	largeFooter    = 12.0
	addressMax     = 12.0
	addressMin     = 10.0
)

type opKind uint8

const (
	opText opKind = iota
	opLine
	opRect
)

// op is one drawing operation on a page; positions in mm from the top-left.
// Text: baseline start (x, y). Line: (x, y) to (x2, y2). Rect: top-left (x, y), size (x2, y2).
type op struct {
	kind opKind
	st   style
	size float64 // text: points; line and rect: line width in mm
	x, y float64
	x2   float64
	y2   float64
	text string
}

// layout turns one letter into pages of ops. It knows every page before anything is
// drawn, so each page's footer can say "page x of y" of its own letter.
type layout struct {
	ops    []op
	pages  []int   // index into ops where each page starts
	pieces []piece // the ops in runs that are drawn together, in order

	size   float64 // body size, pt
	left   float64
	right  float64
	y      float64 // top of the next line box
	bottom float64
	empty  bool // nothing drawn yet in the current page's body
	noMove bool // laying out a Box: never break the page
	// spacing scales the gaps between blocks (1 as designed); section tries smaller
	// values to save a sheet of paper.
	spacing float64
	// tail is how much must fit below the last line of the next paragraph flowed: the
	// end of the letter (the sign-off, "Enclosed:", the practice-use box), which keeps
	// the last lines of the text before it with it rather than stand alone on a page.
	tail float64
	// scratch for measure and section
	m    *layout
	kept struct {
		ops    []op
		pages  []int
		pieces []piece
		y      float64
		empty  bool
	}

	// scratch
	segs []seg
	buf  []byte
}

// piece is a run of ops, from start to the next piece's start, that is one block of the
// letter (a paragraph, a list item, a box, the letterhead). A shared piece's text depends
// only on the wording and the practice, so it may be the same in many letters and is
// drawn once per PDF and stamped on every page that shows it (see Doc.stamp); the
// address and reference lines are never shared. A piece broken across pages is stamped
// page by page.
type piece struct {
	start  int
	shared bool
}

// piece starts a new piece at the next op.
func (l *layout) piece(shared bool) {
	if n := len(l.pieces); n > 0 && l.pieces[n-1].start == len(l.ops) {
		l.pieces[n-1].shared = shared
		return
	}
	l.pieces = append(l.pieces, piece{len(l.ops), shared})
}

func (l *layout) reset(size float64) {
	l.ops = l.ops[:0]
	l.pages = l.pages[:0]
	l.pieces = l.pieces[:0]
	l.size = size
	l.left = marginLeft
	l.right = pageW - marginRight
	l.bottom = bodyBottom
	l.noMove = false
	l.spacing = 1
}

func (l *layout) newPage() {
	l.pages = append(l.pages, len(l.ops))
	l.y = marginTop
	l.empty = true
}

func em(size float64) float64   { return size * ptmm }
func lead(size float64) float64 { return 1.35 * em(size) }

// baseline returns the baseline of a line box of the given size whose top is at y.
func baseline(y, size float64) float64 {
	asc, desc := faces[regular].ascent, faces[regular].desc
	return y + (lead(size)-(asc+desc)*em(size))/2 + asc*em(size)
}

func (l *layout) text(st style, size, x, y float64, s string) {
	l.ops = append(l.ops, op{kind: opText, st: st, size: size, x: x, y: y, text: s})
}

func (l *layout) line(w, x, y, x2, y2 float64) {
	l.ops = append(l.ops, op{kind: opLine, size: w, x: x, y: y, x2: x2, y2: y2})
}

func (l *layout) rect(w, x, y, rw, rh float64) {
	l.ops = append(l.ops, op{kind: opRect, size: w, x: x, y: y, x2: rw, y2: rh})
}

// room makes sure h mm fit below y on this page, starting a new page if not (unless the
// page is still empty, or a Box is being laid out).
func (l *layout) room(h float64) {
	if l.noMove || l.empty || l.y+h <= l.bottom {
		return
	}
	l.newPage()
}

// gap adds vertical space between blocks, scaled by l.spacing, except at the top of a
// page.
func (l *layout) gap(h float64) {
	if !l.empty {
		l.y += h * l.spacing
	}
}

// seg is a word, or the part of a word, in one style.
type seg struct {
	st          style
	text        string
	w           int  // 1/1000 em
	spaceBefore bool // a space separates it from the previous seg
	breakBefore bool // a line may break before it
}

// wrappedLine is one line of wrapped text: segs[from:to].
type wrappedLine struct{ from, to int }

// segment splits spans into segs, collapsing runs of white space into one space.
// A word wider than maxW (in 1/1000 em) is cut into pieces that fit.
func (l *layout) segment(spans []letters.Span, maxW int) {
	l.segs = l.segs[:0]
	space := false
	for _, sp := range spans {
		st := regular
		if sp.Bold {
			st = bold
		}
		m := faces[st]
		t := nfc(sp.Text)
		i := 0
		for i < len(t) {
			if isSpace(t[i]) {
				space = true
				i++
				continue
			}
			j := i
			for j < len(t) && !isSpace(t[j]) {
				j++
			}
			word := t[i:j]
			// keep digit groups together: "0113 496 0000", "999 123 4560"
			brk := space && !(len(l.segs) > 0 && endsWithDigit(l.segs[len(l.segs)-1].text) && isDigit(word[0]))
			first := true
			for word != "" {
				piece, rest := fit(m, word, maxW)
				l.segs = append(l.segs, seg{st: st, text: piece, w: m.widthOf(piece),
					spaceBefore: space && first, breakBefore: brk && first || !first})
				word, first = rest, false
			}
			space = false
			i = j
		}
	}
	if len(l.segs) > 0 {
		l.segs[0].breakBefore = true
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func endsWithDigit(s string) bool { return s != "" && isDigit(s[len(s)-1]) }

// fit cuts word after as many runes as fit in maxW (at least one), preferably after a
// '/', '.', '-' or '@' (web and email addresses) in the second half of the piece.
func fit(m *metrics, word string, maxW int) (string, string) {
	w, soft := 0, 0
	for i, r := range word {
		var rw int
		if r < 0x10000 {
			rw = int(m.width[r])
		}
		if w+rw > maxW && i > 0 {
			if soft > i/2 {
				i = soft
			}
			return word[:i], word[i:]
		}
		w += rw
		if r == '/' || r == '.' || r == '-' || r == '@' {
			soft = i + 1
		}
	}
	return word, ""
}

// wrap breaks l.segs into lines no wider than maxW (1/1000 em), greedily.
func (l *layout) wrap(maxW int, lines []wrappedLine) []wrappedLine {
	lines = lines[:0]
	start, w := 0, 0
	i := 0
	for i < len(l.segs) {
		// the group of segs up to the next break opportunity
		j, gw := i+1, l.segs[i].w
		for j < len(l.segs) && !l.segs[j].breakBefore {
			gw += l.segs[j].w
			if l.segs[j].spaceBefore {
				gw += int(faces[l.segs[j-1].st].width[' '])
			}
			j++
		}
		sw := 0
		if l.segs[i].spaceBefore && i > start {
			sw = int(faces[l.segs[i-1].st].width[' '])
		}
		switch {
		case i == start:
			w = gw
		case w+sw+gw <= maxW:
			w += sw + gw
		default:
			lines = append(lines, wrappedLine{start, i})
			start, w = i, gw
		}
		if gw > maxW { // a mixed-style word too long for a line: let it break anywhere
			for k := i + 1; k < j; k++ {
				l.segs[k].breakBefore = true
			}
			if i == start && j > i+1 {
				j = i + 1
				w = l.segs[i].w
			}
		}
		i = j
	}
	if start < len(l.segs) {
		lines = append(lines, wrappedLine{start, len(l.segs)})
	}
	return lines
}

// drawLine emits segs[ln.from:ln.to] as text runs, one per change of style, with a
// real space character between words so extracted text reads naturally.
func (l *layout) drawLine(ln wrappedLine, x, y, size float64) {
	k := em(size) / 1000
	runStart, runX := 0, x
	cur := l.segs[ln.from].st
	l.buf = l.buf[:0]
	pos := 0 // 1/1000 em from x
	for i := ln.from; i < ln.to; i++ {
		s := l.segs[i]
		if s.spaceBefore && i > ln.from {
			l.buf = append(l.buf, ' ')
			pos += int(faces[cur].width[' '])
		}
		if s.st != cur {
			l.text(cur, size, runX, y, string(l.buf[runStart:]))
			runStart, runX, cur = len(l.buf), x+float64(pos)*k, s.st
		}
		l.buf = append(l.buf, s.text...)
		pos += s.w
	}
	l.text(cur, size, runX, y, string(l.buf[runStart:]))
}

// flow lays out spans as wrapped lines from x to l.right, the first line's box at l.y.
// first, if set, is called with the first line's baseline (to draw a bullet or box).
func (l *layout) flow(spans []letters.Span, x, size float64, first func(base float64)) {
	maxW := int((l.right - x) / (em(size) / 1000))
	l.segment(spans, maxW)
	var lines [64]wrappedLine
	wl := l.wrap(maxW, lines[:0])
	ld := lead(size)
	if len(wl) == 0 {
		l.room(ld + l.tail)
		l.tail = 0
		if first != nil {
			first(baseline(l.y, size))
		}
		l.y += ld
		l.empty = false
		return
	}
	tail := l.tail
	l.tail = 0
	for i, ln := range wl {
		// keep the first two lines of a paragraph together, and the last two, with what
		// must follow them (l.tail)
		switch {
		case len(wl) == 1:
			l.room(ld + tail)
		case i == len(wl)-2:
			l.room(2*ld + tail)
		case i == 0:
			l.room(2 * ld)
		default:
			l.room(ld)
		}
		b := baseline(l.y, size)
		if i == 0 && first != nil {
			first(b)
		}
		l.drawLine(ln, x, b, size)
		l.y += ld
		l.empty = false
	}
}

// oneLine reports whether block b is a paragraph that fits on one line at size.
func (l *layout) oneLine(b letters.Block, size float64) bool {
	if b.Kind != letters.Paragraph {
		return false
	}
	w := 0
	for _, sp := range b.Spans {
		st := regular
		if sp.Bold {
			st = bold
		}
		w += faces[st].widthOf(sp.Text)
	}
	return float64(w)*em(size)/1000 <= l.right-l.left
}

// endGroup returns the index of the first block of bs's end, or len(bs) when it has
// none. The end of a letter is its sign-off — a one-line paragraph ("Yours sincerely"),
// then one-line paragraphs written tight under each other ("Dr Helen Ashworth", "Senior
// GP Partner", "Meadowbank Surgery") — with the paragraph just before it (the closing
// "If you have any questions…") and what follows it ("Enclosed: …", "Copy to: …"); or,
// in a form without a sign-off, a box that ends it ("For practice use only"). The end is
// laid out as one, together with the last lines of the text before it, so that no page
// holds only the end of a letter.
func (l *layout) endGroup(bs []letters.Block, size float64) int {
	// what may follow the sign-off: one-line paragraphs and boxes
	k := len(bs)
	for k > 0 && (bs[k-1].Kind == letters.Box || l.oneLine(bs[k-1], size) && !bs[k-1].Tight) {
		k--
	}
	// the sign-off ends just before k: a tight run of one-line paragraphs, started by a
	// one-line paragraph that is not tight, after a one-line paragraph
	for end := len(bs); end >= k && end > 0; end-- {
		j := end - 1
		for j > 0 && bs[j].Tight && l.oneLine(bs[j], size) {
			j--
		}
		if j == end-1 || j < 1 || bs[j].Tight || !l.oneLine(bs[j], size) || !l.oneLine(bs[j-1], size) {
			continue
		}
		start := j - 1 // "Yours sincerely"
		if start > 0 && bs[start-1].Kind == letters.Paragraph {
			start--
		}
		return start
	}
	if n := len(bs); n > 0 && bs[n-1].Kind == letters.Box {
		return n - 1
	}
	return len(bs)
}

// measure returns how tall bs are when laid out at the current size, width and spacing,
// after a block (so with the gap above the first).
func (l *layout) measure(bs []letters.Block) float64 {
	if l.m == nil {
		l.m = &layout{}
	}
	m := l.m
	m.ops, m.pages, m.pieces = m.ops[:0], m.pages[:0], m.pieces[:0]
	m.size, m.left, m.right, m.bottom, m.spacing, m.noMove = l.size, l.left, l.right, math.Inf(1), l.spacing, true
	m.newPage()
	m.empty = false
	if err := m.blocks(bs); err != nil {
		return 0 // blocks reports it when they are laid out for real
	}
	return m.y - marginTop
}

// spacings are the scales of the gaps between blocks: as designed, then the narrowest
// and the one between, which section tries in that order.
var spacings = [...]float64{1, 0.45, 0.7}

// section lays out bs, which run from the current position to a new page or the end of
// the letter. When its last page holds little, it tries narrower gaps between blocks
// (never narrower lines) and keeps the widest that needs fewer pages: a letter whose
// text fits on one page is printed on one sheet.
func (l *layout) section(bs []letters.Block) error {
	ops, pages, pieces := len(l.ops), len(l.pages), len(l.pieces)
	var lastShared bool
	if pieces > 0 {
		lastShared = l.pieces[pieces-1].shared
	}
	y, empty := l.y, l.empty
	restart := func(spacing float64) {
		l.ops, l.pages, l.pieces = l.ops[:ops], l.pages[:pages], l.pieces[:pieces]
		if pieces > 0 {
			l.pieces[pieces-1].shared = lastShared
		}
		l.y, l.empty, l.spacing, l.tail = y, empty, spacing, 0
	}
	restart(spacings[0])
	if err := l.blocks(bs); err != nil {
		return err
	}
	n := len(l.pages)
	if n == pages || l.y-marginTop > 0.4*(l.bottom-marginTop) {
		return nil // on the page it started on, or a last page too full to save
	}
	// keep this layout, to go back to if no narrower gaps save a page
	kept := &l.kept
	kept.ops = append(kept.ops[:0], l.ops[ops:]...)
	kept.pages = append(kept.pages[:0], l.pages[pages:]...)
	kept.pieces = append(kept.pieces[:0], l.pieces[pieces:]...)
	kept.y, kept.empty = l.y, l.empty
	best := 0.0
	for _, s := range spacings[1:] {
		restart(s)
		if err := l.blocks(bs); err != nil {
			return err
		}
		if len(l.pages) >= n {
			break // wider gaps than these save nothing either
		}
		best = s
	}
	switch {
	case best == 0:
		restart(spacings[0])
		l.ops = append(l.ops, kept.ops...)
		l.pages = append(l.pages, kept.pages...)
		l.pieces = append(l.pieces, kept.pieces...)
		l.y, l.empty = kept.y, kept.empty
	case best != l.spacing:
		restart(best)
		if err := l.blocks(bs); err != nil {
			return err
		}
	}
	l.spacing = 1
	return nil
}

// blocks lays out body blocks at the current position. The end of the blocks
// (endGroup) is laid out as one, with the last lines of the text before it.
func (l *layout) blocks(bs []letters.Block) error {
	size := l.size
	ld := lead(size)
	var head, prev heading // the heading just laid out, to keep with the block after it
	end, endH := len(bs), 0.0
	if !l.noMove { // a box's children, and a measured end, are laid out as one anyway
		if end = l.endGroup(bs, size); end < len(bs) {
			endH = l.measure(bs[end:])
		}
	}
	for i, b := range bs {
		prev, head = head, heading{}
		if !l.noMove { // a box's children belong to the box's piece
			l.piece(true)
		}
		switch i {
		case end - 1:
			l.tail = endH // its last lines go with the end
		case end:
			l.room(endH) // the end is never split
		}
		// space above the block: less for a block the template wrote tight under the
		// previous one, and between the items of a list
		space := func(normal, tight float64) {
			if b.Tight || i > 0 && b.Kind == bs[i-1].Kind && (b.Kind == letters.Bullet || b.Kind == letters.Tick) {
				l.gap(tight * ld)
			} else {
				l.gap(normal * ld)
			}
		}
		switch b.Kind {
		case letters.Paragraph:
			space(0.5, 0)
			l.flow(b.Spans, l.left, size, nil)
		case letters.Heading:
			hs := size + 2
			space(0.7, 0.3)
			// keep a heading with the first two lines after it
			l.room(lead(hs) + 2*ld)
			head.start, head.top = len(l.ops), l.y
			l.flow(boldSpans(b.Spans), l.left, hs, nil)
			head.ok, head.end, head.bot, head.pages = !l.noMove, len(l.ops), l.y, len(l.pages)
		case letters.Bullet:
			space(0.5, 0.25)
			indent := 1.6 * em(size)
			l.flow(b.Spans, l.left+indent, size, func(base float64) {
				l.text(regular, size, l.left+0.4*em(size), base, "•")
			})
		case letters.Tick:
			space(0.6, 0.4)
			side := 0.95 * em(size)
			l.flow(b.Spans, l.left+side+0.9*em(size), size, func(base float64) {
				bottom := base + 0.12*em(size)
				l.rect(0.3, l.left, bottom-side, side, side)
			})
		case letters.FillIn:
			space(0.5, 0)
			l.fillIn(b, size)
		case letters.Box:
			space(0.6, 0.3)
			if err := l.box(b, size); err != nil {
				return err
			}
		case letters.PageBreak:
			if !l.noMove && !l.empty {
				l.newPage()
			}
		default:
			return errf("unknown block kind %d", int(b.Kind))
		}
		if prev.ok {
			l.keepWithNext(prev)
		}
		l.tail = 0 // a block that is not flowed keeps nothing with the end: the room above does
	}
	return nil
}

type heading struct {
	ok         bool
	start, end int     // its ops
	top, bot   float64 // its extent on its page
	pages      int     // the page count when it was laid out
}

// keepWithNext moves a heading left alone at the bottom of a page to the top of the
// next, above the block that followed it there, if the block still fits.
func (l *layout) keepWithNext(h heading) {
	if len(l.pages) <= h.pages || l.pages[h.pages] != h.end {
		return // no new page began right after the heading
	}
	pageEnd := len(l.ops)
	if len(l.pages) > h.pages+1 {
		pageEnd = l.pages[h.pages+1]
	}
	shift := h.bot - h.top + 0.5*lead(l.size) // the heading and the usual gap below it
	for _, o := range l.ops[h.end:pageEnd] {
		if o.y+shift > l.bottom || o.kind == opLine && o.y2+shift > l.bottom ||
			o.kind == opRect && o.y+o.y2+shift > l.bottom {
			return // the block no longer fits below the heading
		}
	}
	moved := make([]op, 0, pageEnd-h.start)
	for _, o := range l.ops[h.start:h.end] {
		o.y += marginTop - h.top
		moved = append(moved, o)
	}
	for _, o := range l.ops[h.end:pageEnd] {
		o.y += shift
		if o.kind == opLine {
			o.y2 += shift
		}
		moved = append(moved, o)
	}
	copy(l.ops[h.start:], moved)
	l.pages[h.pages] = h.start
	if len(l.pages) == h.pages+1 {
		l.y += shift
	}
}

func boldSpans(spans []letters.Span) []letters.Span {
	out := make([]letters.Span, len(spans))
	for i, s := range spans {
		out[i] = letters.Span{Text: s.Text, Bold: true}
	}
	return out
}

// fillIn draws the label and a ruled line from its end to the right margin, in a row
// fillInHeight mm high so there is room above the line to write by hand. A label too
// long for one line wraps, and if its last line leaves less than 40 mm, the ruled line
// gets a row of its own.
func (l *layout) fillIn(b letters.Block, size float64) {
	const minLine = 40.0
	// room to write by hand; a little less (down to 8.9 mm at 12 pt) where section
	// narrows the gaps to save a sheet
	h := max(fillInHeight, lead(size)*1.6) * (0.8 + 0.2*l.spacing)
	ld := lead(size)
	k := em(size) / 1000
	maxW := int((l.right - l.left) / k)
	l.segment(b.Spans, maxW)
	var buf [8]wrappedLine
	lines := l.wrap(maxW, buf[:0])
	lastW := 0.0 // width of the label's last line, mm
	if n := len(lines); n > 0 {
		last := lines[n-1]
		for i := last.from; i < last.to; i++ {
			lastW += float64(l.segs[i].w) * k
			if l.segs[i].spaceBefore && i > last.from {
				lastW += float64(faces[l.segs[i-1].st].width[' ']) * k
			}
		}
	}
	total := h + float64(max(len(lines)-1, 0))*ld
	ownRow := len(lines) > 0 && lastW+2+minLine > l.right-l.left
	if ownRow {
		total += h
	}
	l.room(total)
	lineY := l.y + total - 1
	labelBase := lineY - 1.2 // baseline of the label's last line
	x := l.left
	if ownRow {
		labelBase -= h
	} else if len(lines) > 0 {
		x += lastW + 2
	}
	for i, ln := range lines {
		l.drawLine(ln, l.left, labelBase-float64(len(lines)-1-i)*ld, size)
	}
	l.line(0.3, x, lineY, l.right, lineY)
	l.y += total
	l.empty = false
}

// box draws children in a bordered box that never splits across pages: laid out once
// in place, and moved whole to the next page if it runs past the bottom.
func (l *layout) box(b letters.Block, size float64) error {
	pad := 0.8 * em(size)
	startOp, top := len(l.ops), l.y
	wasEmpty, left, right, noMove := l.empty, l.left, l.right, l.noMove
	l.left, l.right, l.noMove = left+pad, right-pad, true
	l.y += pad
	l.empty = true        // no gap above the first child
	if len(b.Spans) > 0 { // the box's title
		l.flow(boldSpans(b.Spans), l.left, size+2, nil)
	}
	err := l.blocks(b.Children)
	l.left, l.right, l.noMove = left, right, noMove
	if err != nil {
		return err
	}
	h := l.y + pad - top
	l.rect(0.4, left, top, right-left, h)
	l.y = top + h
	l.empty = false
	if noMove || top+h <= l.bottom {
		return nil
	}
	if h > l.bottom-marginTop {
		return errf("a box is %.0f mm tall and cannot fit on one page", h)
	}
	if wasEmpty {
		return errf("a box is %.0f mm tall and cannot fit on one page", h)
	}
	moved := append([]op(nil), l.ops[startOp:]...)
	l.ops = l.ops[:startOp]
	l.newPage()
	dy := l.y - top
	for _, o := range moved {
		o.y += dy
		if o.kind == opLine {
			o.y2 += dy
		}
		l.ops = append(l.ops, o)
	}
	l.y = top + dy + h
	l.empty = false
	return nil
}

// letterText visits every string of a letter that gets drawn.
func letterText(lt *letters.Letter, visit func(string)) {
	visit(lt.From.Name)
	for _, s := range lt.From.Address {
		visit(s)
	}
	visit(lt.From.Phone)
	visit(lt.From.Email)
	visit(lt.From.Website)
	for _, s := range lt.To {
		visit(s)
	}
	visit(lt.NHSNumber)
	visit(lt.Page.Reference)
	for _, s := range lt.Page.Footer {
		visit(s)
	}
	visit(lt.Page.Blank)
	visit(lt.Date)
	var blocks func([]letters.Block)
	blocks = func(bs []letters.Block) {
		for _, b := range bs {
			for _, s := range b.Spans {
				visit(s.Text)
			}
			blocks(b.Children)
		}
	}
	blocks(lt.Body)
	for _, d := range lt.Enclosures {
		visit(d.Title)
		blocks(d.Body)
	}
}

// missingIn returns the runes of the letter the fonts cannot draw.
func missingIn(lt *letters.Letter) []rune {
	var out []rune
	letterText(lt, func(s string) {
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf || s[i] < 0x20 {
				for _, r := range Missing(s) {
					if !slices.Contains(out, r) {
						out = append(out, r)
					}
				}
				return
			}
		}
	})
	return out
}

// trim prepares a one-line string (address, letterhead, reference lines): surrounding
// white space dropped, and tabs and line breaks inside it drawn as spaces.
func trim(s string) string {
	s = strings.TrimSpace(nfc(s))
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}
