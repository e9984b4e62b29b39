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
	"errors"
	"fmt"
	"io"
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
}

// Doc is a PDF being built from letters. It is not safe for concurrent use; build one
// Doc per goroutine.
type Doc struct {
	o     Options
	f     *gofpdf.Fpdf
	pages int
	lay   layout
	err   error // sticky: a problem that spoils the whole document
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
	return d
}

func newFpdf(created time.Time) *gofpdf.Fpdf {
	f := gofpdf.NewCustom(&gofpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		SizeStr:        "A4",
	})
	f.SetCompression(false) // WriteTo compresses the pages itself, faster; see compress

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
	nhsNumber := trim(lt.NHSNumber)
	for p := range n {
		d.f.AddPage()
		end := len(l.ops)
		if p+1 < n {
			end = l.pages[p+1]
		}
		d.draw(l.ops[l.pages[p]:end])
		d.f.SetFont(family, "", footSize)
		d.f.Text(marginLeft, footerBase, footer(nhsNumber, p+1, n))
	}
	d.pages += n
	if err := d.f.Error(); err != nil {
		d.err = err
		return 0, 0, err
	}
	return first, n, nil
}

func footer(nhsNumber string, page, of int) string {
	s := "page " + strconv.Itoa(page) + " of " + strconv.Itoa(of)
	if nhsNumber != "" {
		s = "NHS number " + nhsNumber + " · " + s
	}
	return s
}

func (d *Doc) draw(ops []op) {
	f := d.f
	for i := range ops {
		o := &ops[i]
		switch o.kind {
		case opText:
			f.SetFont(family, o.st.String(), o.size)
			f.Text(o.x, o.y, o.text)
		case opLine:
			f.SetLineWidth(o.size)
			f.Line(o.x, o.y, o.x2, o.y2)
		case opRect:
			f.SetLineWidth(o.size)
			if o.st == dashed {
				f.SetDashPattern([]float64{1.5, 1}, 0)
			}
			f.Rect(o.x, o.y, o.x2, o.y2, "D")
			if o.st == dashed {
				f.SetDashPattern(nil, 0)
			}
		}
	}
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
	var raw bytes.Buffer
	raw.Grow(d.pages * 6 << 10)
	if err := d.f.Output(&raw); err != nil {
		return 0, fmt.Errorf("pdf: %w", err)
	}
	return compress(raw.Bytes(), w)
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
