package web

import (
	"github.com/accesspack/accesspack/internal/rules"
)

// chart is the dry run drawn as horizontal bars in inline SVG: one bar per letter kind,
// per EMIS action and for the rows not sent, each as long as its share of the list. The
// tables below it hold the same numbers for anyone who cannot see the bars. It is drawn
// with SVG attributes only: the Content-Security-Policy allows no inline styles.
type chart struct {
	Bars          []bar
	Width, Height int
	LabelX, BarX  int
}

type bar struct {
	Label  string
	N      int
	Y      int // top of the bar, in the SVG's units
	Width  int // length of the bar, 0..barSpace
	TextX  int // where the count is written
	Colour string
}

const (
	chartLabelX = 200 // right edge of the labels
	chartBarX   = 212 // left edge of the bars
	barSpace    = 390 // the length of a bar for every row of the list
	chartWidth  = chartBarX + barSpace + 70
	barStep     = 36
)

// NHS.UK colours: blue for letters, green for EMIS actions, red for rows not sent.
const (
	colourLetter = "#005eb8"
	colourAction = "#007f3b"
	colourNot    = "#d5281b"
)

func newChart(c rules.Counts) chart {
	ch := chart{Width: chartWidth, LabelX: chartLabelX, BarX: chartBarX}
	add := func(label string, n int, colour string) {
		b := bar{Label: label, N: n, Colour: colour, Y: len(ch.Bars) * barStep}
		if c.Rows > 0 {
			b.Width = n * barSpace / c.Rows
		}
		if n > 0 && b.Width < 2 {
			b.Width = 2 // a row or two still shows
		}
		b.TextX = chartBarX + b.Width + 8
		ch.Bars = append(ch.Bars, b)
	}
	for _, k := range rules.PatientKinds {
		if n := c.Letters[k]; n > 0 {
			add(string(k)+" letters", n, colourLetter)
		}
	}
	for _, a := range rules.Actions {
		if n := c.Actions[a]; n > 0 {
			add(string(a)+" (EMIS)", n, colourAction)
		}
	}
	add("not sent", c.NotSentRows, colourNot)
	ch.Height = len(ch.Bars)*barStep + 4
	return ch
}
