package pdf

import (
	"fmt"
	"io"
	"strconv"

	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/letters"
)

// Calibrate writes a one-page test print: the address window outlined where the letters
// put it, the 5 mm clearance inside it where the address prints, rulers in mm along the
// top and left edges, the window's measurements, a 100 mm scale bar, and instructions to
// hold the print against a window envelope.
func Calibrate(w io.Writer, win practice.Window) error {
	d := New(Options{Window: win, Title: "Address window calibration"})
	if d.err != nil {
		return d.err
	}
	win = d.o.Window
	l := &d.lay
	l.reset(bodySize)
	l.newPage()

	// rulers along the top and left edges, from the paper's edge
	for x := 1; x < int(pageW); x++ {
		l.line(0.15, float64(x), 0, float64(x), tick(x))
		if x%10 == 0 {
			l.text(regular, 6, float64(x)-0.8*float64(len(strconv.Itoa(x))), tick(x)+2.5, strconv.Itoa(x))
		}
	}
	for y := 1; y < int(pageH); y++ {
		l.line(0.15, 0, float64(y), tick(y), float64(y))
		if y%10 == 0 {
			l.text(regular, 6, tick(y)+0.8, float64(y)+0.8, strconv.Itoa(y))
		}
	}

	// the window and, dashed, the area the address prints in
	l.rect(0.5, win.Left, win.Top, win.Width, win.Height)
	inner := len(l.ops)
	l.rect(0.2, win.Left+clearance, win.Top+clearance, win.Width-2*clearance, win.Height-2*clearance)
	l.ops[inner].st = dashed
	l.text(regular, 10, win.Left+clearance+1, win.Top+clearance+5, "The address prints")
	l.text(regular, 10, win.Left+clearance+1, win.Top+clearance+9.5, "inside the dashed box.")

	// measurements: from the left edge and from the top edge to the window
	midY := win.Top + win.Height/2
	l.line(0.2, 12, midY, win.Left, midY)
	l.text(regular, 8, 8, midY-1, mm(win.Left))
	midX := win.Left + win.Width/2
	l.line(0.2, midX, 12, midX, win.Top)
	l.text(regular, 8, midX+1.5, 18, mm(win.Top)+" from the top edge")
	l.text(bold, 9, win.Left, win.Top+win.Height+4,
		"Window "+mm(win.Width)+" wide × "+mm(win.Height)+" high, "+mm(win.Left)+" from the left edge")

	// instructions below the window
	l.y = win.Top + win.Height + 12
	l.flow([]letters.Span{{Text: "Address window test print", Bold: true}}, l.left, 16, nil)
	l.y += 2
	steps := []string{
		"Print this page at actual size (100%, not “fit to page”). The bar below must measure exactly 100 mm; if it does not, change the print settings and print again.",
		"Fold the page the way the letters will be folded (in three for a DL envelope) and put it in one of the window envelopes you will use.",
		"The solid outline is the address window in the practice file: " + mm(win.Left) + " from the left edge, " + mm(win.Top) + " from the top edge, " + mm(win.Width) + " wide and " + mm(win.Height) + " high. The whole dashed box must show through the envelope window, with room to spare when the letter slides about in the envelope.",
		"If it does not, measure where the envelope's window falls on this page, using the rulers along the top and left edges, set left_mm, top_mm, width_mm and height_mm under [window] in the practice file to those measurements, and print this page again.",
	}
	for i, s := range steps {
		l.gap(2)
		l.flow([]letters.Span{{Text: strconv.Itoa(i+1) + ".  " + s}}, l.left, 11, nil)
	}
	l.y += 8
	l.line(0.6, l.left, l.y, l.left+100, l.y)
	for x := 0; x <= 100; x += 10 {
		l.line(0.3, l.left+float64(x), l.y-2, l.left+float64(x), l.y+2)
	}
	l.text(regular, 9, l.left, l.y+6, "100 mm")

	d.f.AddPage()
	draw(d.f, &d.font, l.ops, 0)
	d.pages = 1
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	_, err := d.WriteTo(w)
	return err
}

func tick(n int) float64 {
	switch {
	case n%10 == 0:
		return 6
	case n%5 == 0:
		return 4
	}
	return 2.5
}

func mm(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + " mm" }
