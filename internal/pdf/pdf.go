// Package pdf draws letters (letters.Letter) into print-ready A4 PDFs for window
// envelopes. It is the only importer of gofpdf.
//
// Each letter starts on a fresh page. Every page of a patient letter carries a footer
// with the patient's NHS number and "page x of y" of that letter: a letter is laid out
// into pages of drawing operations first, so its page count is known before its first
// page is drawn. Text is drawn in embedded Go fonts (sans-serif, Latin, Greek and
// Cyrillic); a letter with a character they cannot draw is refused (see Missing), so
// nothing is ever printed as a gap or '?'.
//
// Page 1 (A4, mm from the top-left): the letterhead right-aligned at the top from 12 mm
// (left-aligned if the window is on the right), kept 5 mm clear of the window; the
// address in the window 5 mm inside its edges, 12 pt shrinking to 10 pt to fit; below
// the window the NHS number and date; then the body, 20 mm margins, in 12 pt (18 pt
// large print). Every page ends with the footer at 284 mm in 10 pt (12 pt large print).
// Enclosures start on new pages; Duplex pads each letter to an even page count.
package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/letters"
)

// Options apply to every letter of one PDF.
type Options struct {
	Window practice.Window // the envelope's address window, mm from the top-left; zero: practice.DefaultWindow
	// Duplex pads each letter to an even page count with a page that says only "This
	// page is intentionally blank" and the footer, so no letter starts on the back of
	// another.
	Duplex  bool
	Created time.Time // the PDF's creation and modification date (the letter date); zero: 1 January 2000
	Title   string    // the PDF's metadata title
	// Plain draws every page in full with gofpdf as it comes: nothing shared between
	// letters, pages deflated by gofpdf when the file is written. The same letters on
	// the same pages, for the print benchmark (cmd/printbench) to compare with.
	Plain bool
}

// Doc is a PDF being built from letters. It is not safe for concurrent use; build one
// Doc per goroutine.
type Doc struct {
	o     Options
	f     *gofpdf.Fpdf
	pages int
	lay   layout
	err   error // sticky: a problem that spoils the whole document

	seen      map[string]bool   // shared pieces seen so far, each alone, by appendKey
	stamps    map[string]*stamp // runs of them seen so far, by appendKey
	templates int               // templates made so far
	last      *stamp            // the piece last stamped on this page, if the last drawn
	font      font              // the font selected on the page (gofpdf's AddPage keeps it)
	deflated  deflater          // the finished pages, deflated
	key       []byte            // scratch
	run       []int             // scratch
}

func errf(format string, args ...any) error {
	return fmt.Errorf("pdf: "+format, args...)
}

// MissingError is returned by Add for a letter containing characters the embedded fonts
// cannot draw. Its message does not quote them (they may be part of a name).
type MissingError struct {
	Runes []rune
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("pdf: the letter has %d character(s) the font cannot print; check names with pdf.Missing first", len(e.Runes))
}

// AddressError is returned by Add for a letter whose address cannot be printed inside the
// envelope window (too many lines, a line too long, or none): a problem with one
// recipient, not with the document. Its message never quotes the address.
type AddressError struct {
	Problem string
}

func (e *AddressError) Error() string { return "pdf: " + e.Problem }

// New starts an empty PDF.
func New(o Options) *Doc {
	d := &Doc{o: o}
	if d.o.Window == (practice.Window{}) {
		d.o.Window = practice.DefaultWindow
	}
	if d.o.Created.IsZero() {
		d.o.Created = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if err := loadFonts(); err != nil {
		d.err = err
		return d
	}
	if err := checkWindow(d.o.Window); err != nil {
		d.err = err
		return d
	}
	d.f = newFpdf(d.o.Created)
	d.f.SetTitle(d.o.Title, true)
	if !o.Plain {
		d.f.SetResourcesPerPage(true)
		d.f.SetTemplatesUsePageResources(true)
		d.f.SetTemplateCompression(false)
		d.deflated.f = d.f
	}
	return d
}

func newFpdf(created time.Time) *gofpdf.Fpdf {
	f := gofpdf.NewCustom(&gofpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		SizeStr:        "A4",
	})
	f.SetCompression(true) // pages come deflated already (see deflater); this is for the rest

	f.SetCatalogSort(true)
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetProducer("accesspack", false)
	f.SetCreator("accesspack", false)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(marginLeft, marginTop, marginRight)
	// Each document gets its own copy of the font files: gofpdf's subsetter pads table
	// checksums by appending to slices of the file it was given, which writes into the
	// shared array and races with documents rendered in parallel.
	f.AddUTF8FontFromBytes(family, "", bytes.Clone(goregular.TTF))
	f.AddUTF8FontFromBytes(family, "B", bytes.Clone(gobold.TTF))
	f.SetTextColor(0, 0, 0)
	f.SetDrawColor(0, 0, 0)
	return f
}

func checkWindow(w practice.Window) error {
	if w.Width <= 2*clearance || w.Height <= 2*clearance {
		return errf("the address window (%g × %g mm) is too small", w.Width, w.Height)
	}
	if w.Left < 0 || w.Top < 0 || w.Left+w.Width > pageW || w.Top+w.Height > bodyBottom {
		return errf("the address window (%g mm from the left, %g mm from the top, %g × %g mm) is not on the letter's A4 page", w.Left, w.Top, w.Width, w.Height)
	}
	return nil
}

// Pages returns the number of pages added so far.
func (d *Doc) Pages() int { return d.pages }

// Add appends one letter, starting on a new page, and returns its first page (1-based)
// in this PDF and its page count, including any enclosures and duplex padding.
//
// A letter that cannot be drawn correctly is refused with an error and nothing of it is
// added, and the Doc stays usable: characters the font cannot draw (*MissingError), an
// address block that does not fit the window even at 10 pt (a letter with no address
// lines, such as a blank form, is drawn without one), a letterhead that would show
// in the window, or a Box taller than a page.
func (d *Doc) Add(lt letters.Letter) (firstPage, pages int, err error) {
	if d.err != nil {
		return 0, 0, d.err
	}
	if m := missingIn(&lt); len(m) > 0 {
		return 0, 0, &MissingError{Runes: m}
	}
	if err := pageWords(&lt); err != nil {
		return 0, 0, err
	}
	l := &d.lay
	if err := l.letter(&lt, d.o.Window, d.o.Duplex); err != nil {
		return 0, 0, err
	}
	first := d.pages + 1
	n := len(l.pages)
	footSize := footerSize
	if lt.LargePrint {
		footSize = largeFooter
	}
	pc := 0 // the piece that holds the page's first op
	for p := range n {
		d.f.AddPage()
		d.last = nil
		if err := d.deflated.finished(d.pages+p, false); err != nil { // the pages before this one
			d.err = err
			return 0, 0, err
		}
		start, end := l.pages[p], len(l.ops)
		if p+1 < n {
			end = l.pages[p+1]
		}
		for pc+1 < len(l.pieces) && l.pieces[pc+1].start <= start {
			pc++
		}
		// shared pieces seen before in this PDF that follow one another on the page are
		// stamped together, as one template (see stamp)
		run := d.run[:0] // where each piece of the run being gathered starts
		for k := pc; k < len(l.pieces) && l.pieces[k].start < end; k++ {
			from, to := max(l.pieces[k].start, start), end
			if k+1 < len(l.pieces) {
				to = min(l.pieces[k+1].start, end)
			}
			if from >= to {
				continue
			}
			if l.pieces[k].shared && !d.o.Plain && d.seenBefore(l.ops[from:to]) {
				run = append(run, from-start)
				continue
			}
			if len(run) > 0 {
				d.stamp(l.ops[start+run[0]:from], run)
				run = run[:0]
			}
			d.drawInPlace(l.ops[from:to])
		}
		if len(run) > 0 {
			d.stamp(l.ops[start+run[0]:end], run)
		}
		d.run = run
		setFont(d.f, &d.font, regular, footSize)
		d.f.Text(marginLeft, footerBase, lt.Page.FooterText(p+1, n))
	}
	d.pages += n
	if err := d.f.Error(); err != nil {
		d.err = err
		return 0, 0, err
	}
	return first, n, nil
}

// font is the font last selected on a page or template. gofpdf writes every SetFont
// into the page, even when it changes nothing; draw skips those.
type font struct {
	st   style
	size float64
}

func setFont(f *gofpdf.Fpdf, cur *font, st style, size float64) {
	if *cur == (font{st, size}) {
		return
	}
	f.SetFont(family, st.String(), size)
	*cur = font{st, size}
}

// draw draws ops onto f's current page (or template), dy mm lower; cur is the font
// selected there.
func draw(f *gofpdf.Fpdf, cur *font, ops []op, dy float64) {
	for i := range ops {
		o := &ops[i]
		switch o.kind {
		case opText:
			setFont(f, cur, o.st, o.size)
			f.Text(o.x, o.y+dy, o.text)
		case opLine:
			f.SetLineWidth(o.size)
			f.Line(o.x, o.y+dy, o.x2, o.y2+dy)
		case opRect:
			f.SetLineWidth(o.size)
			if o.st == dashed {
				f.SetDashPattern([]float64{1.5, 1}, 0)
			}
			f.Rect(o.x, o.y+dy, o.x2, o.y2, "D")
			if o.st == dashed {
				f.SetDashPattern(nil, 0)
			}
		}
	}
}

// A shared piece that is the same in several letters of a PDF (the letterhead, and every
// paragraph without a field in it) is drawn once into a form XObject (a gofpdf template)
// and stamped on the pages, moved to its place: the technique of PDF/VT variable-data
// printing. Pieces are compared by their ops, relative to their top, so one with a
// patient's details in it never matches another's. The first sighting is drawn in place
// (most pieces seen once are the ones with a field in them, the salutation). Pieces seen
// before that follow one another on a page are stamped together: the first time such a
// run is seen, piece by piece (each alone a template from its second sighting on); from
// its second sighting on, the whole run is one template. So a page draws two or three
// templates (the letterhead, the paragraphs after the salutation), not one a paragraph.
//
// Text extractors must still see the lines in order. PDFium decides where a line ends
// partly from the text's own coordinates, without the form's matrix, and would run two
// lines into one if they had the same height in their own forms. So each template is
// drawn in a band of its own, n pages' height above the page (the form's matrix moves
// it down into place), and a template is never stamped twice in a row: the second is
// drawn in place.
//
// Printing and viewing engines must not pay more for a stamped page than for one drawn
// in full. Two things made them: a template carried its own resource dictionary with
// both fonts, and poppler (pdftotext, pdftops, pdftoppm: CUPS filters, Evince) loads
// every font of a form's resources each time it draws the form (for gofpdf's UTF-8
// fonts a 65,536-entry ToUnicode range and CIDToGIDMap each), about fourteen times a
// page; and every page shared one resource dictionary naming every template of the
// PDF, all of which Ghostscript looks at for every page. So templates carry no
// resources (they use their page's, which has the fonts) and each page's resources name
// only the templates it draws (gofpdf SetTemplatesUsePageResources and
// SetResourcesPerPage, in our copy; New sets them). Templates are also left
// uncompressed (SetTemplateCompression): poppler inflates a form's stream afresh each
// time it draws it, and the hundred or so templates of a PDF are a few KB. And every
// form drawn costs poppler a fresh parse of its stream and PDFium a form object: runs
// of paragraphs as one template draw two or three a page instead of about sixteen.

// stampMargin is how far below its band's top edge a piece's topmost op is drawn, so
// the template's bounding box never clips its text.
const stampMargin = 20.0

type stamp struct {
	t gofpdf.Template // nil until the piece is seen a second time
}

// namedTemplate gives a template a short name in the PDF (/TPL1, /TPL2…) instead of the
// SHA-1 of its content, which gofpdf would otherwise compute on every use.
type namedTemplate struct {
	gofpdf.Template
	id string
}

func (t *namedTemplate) ID() string { return t.id }

// stamp draws a run of shared pieces that follow one another on a page, each seen
// before in this PDF (ops; the pieces start at cuts, the first at cuts[0]): the first
// time the run is seen, piece by piece (a piece alone is drawn in place the first time,
// as a template from then on); from the second time on, the whole run as one template.
func (d *Doc) stamp(ops []op, cuts []int) {
	top := top(ops)
	d.key = appendKey(d.key[:0], ops, top)
	s := d.stamps[string(d.key)]
	switch {
	case s == nil:
		if d.stamps == nil {
			d.stamps = map[string]*stamp{}
		}
		d.stamps[string(d.key)] = &stamp{}
		if len(cuts) > 1 {
			for i, c := range cuts {
				to := len(ops)
				if i+1 < len(cuts) {
					to = cuts[i+1] - cuts[0]
				}
				d.stamp(ops[c-cuts[0]:to], cuts[i:i+1])
			}
			return
		}
		fallthrough
	case s == d.last:
		d.drawInPlace(ops)
		return
	case s.t == nil:
		d.templates++
		band := float64(d.templates + 1)
		t := d.f.CreateTemplateCustom(gofpdf.PointType{}, gofpdf.SizeType{Wd: pageW, Ht: band * pageH}, func(t *gofpdf.Tpl) {
			cur := d.font // a template starts with its page's font
			draw(&t.Fpdf, &cur, ops, stampMargin-top)
		})
		s.t = &namedTemplate{t, strconv.Itoa(d.templates)}
	}
	_, size := s.t.Size()
	d.f.UseTemplateScaled(s.t, gofpdf.PointType{Y: top - stampMargin}, size)
	d.last = s
}

// seenBefore reports whether a shared piece has been seen before in this PDF, and notes
// that it has now. A piece seen once (a paragraph naming the patient) is drawn in place
// and is never part of a run.
func (d *Doc) seenBefore(ops []op) bool {
	d.key = appendKey(d.key[:0], ops, top(ops))
	if d.seen[string(d.key)] {
		return true
	}
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	d.seen[string(d.key)] = true
	return false
}

// top is the top edge of the topmost op.
func top(ops []op) float64 {
	t := ops[0].y
	for i := range ops {
		t = min(t, ops[i].y)
		if ops[i].kind == opLine {
			t = min(t, ops[i].y2)
		}
	}
	return t
}

// drawInPlace draws ops on the page itself.
func (d *Doc) drawInPlace(ops []op) {
	draw(d.f, &d.font, ops, 0)
	d.last = nil
}

// appendKey appends to b what identifies ops wherever they are on a page: every op with
// its vertical positions relative to top, rounded to a millionth of a mm so that the
// rounding of where a block happens to start does not matter.
func appendKey(b []byte, ops []op, top float64) []byte {
	rel := func(y float64) uint64 { return uint64(int64(math.Round((y - top) * 1e6))) }
	for i := range ops {
		o := &ops[i]
		b = append(b, byte(o.kind), byte(o.st))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(o.size))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(o.x))
		b = binary.LittleEndian.AppendUint64(b, rel(o.y))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(o.x2))
		if o.kind == opLine {
			b = binary.LittleEndian.AppendUint64(b, rel(o.y2))
		} else {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(o.y2))
		}
		b = binary.AppendUvarint(b, uint64(len(o.text)))
		b = append(b, o.text...)
	}
	return b
}

// WriteTo writes the PDF, once; the Doc takes no more letters. The same letters and
// Options give the same bytes.
func (d *Doc) WriteTo(w io.Writer) (int64, error) {
	if d.err != nil {
		return 0, d.err
	}
	if d.pages == 0 {
		return 0, errors.New("pdf: no letters to write")
	}
	d.err = errors.New("pdf: the document has already been written")
	if err := d.deflated.finished(d.pages, true); err != nil {
		return 0, err
	}
	d.stamps, d.seen = nil, nil
	cw := &countWriter{w: w}
	err := d.f.Output(cw)
	d.f = nil
	switch {
	case cw.err != nil:
		return cw.n, cw.err // the writer's own error, as it is
	case err != nil:
		return cw.n, fmt.Errorf("pdf: %w", err)
	}
	return cw.n, nil
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// Bytes renders letters into one PDF in memory; a convenience for tests and small packs.
func Bytes(o Options, ls ...letters.Letter) ([]byte, error) {
	d := New(o)
	for _, lt := range ls {
		if _, _, err := d.Add(lt); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
