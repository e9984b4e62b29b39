// Package pdftext extracts text, line by line with positions, from PDF bytes using
// PDFium (github.com/klippa-app/go-pdfium in its WebAssembly mode: pure Go, no cgo).
// It exists for tests and golden files: what a reader's PDF viewer would find on the
// page, not what the program meant to draw. It also renders pages with PDFium, for the
// print benchmark (Render).
//
// PDFium starts once per process, on first use, in about 4 seconds.
package pdftext

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
	"github.com/klippa-app/go-pdfium/webassembly"
)

// Page is the text of one page.
type Page struct {
	Text  string // the lines' text joined by "\n"
	Lines []Line
}

// Line is one line of text as PDFium reads it, with the box round its characters in mm
// from the top-left corner of the page (X0 < X1, Y0 < Y1). Spaces do not count in the box.
type Line struct {
	Text           string
	X0, Y0, X1, Y1 float64
}

const ptmm = 25.4 / 72

// gapMM is the horizontal gap that separates two lines at the same height: much wider
// than a word space at any size the letters use.
const gapMM = 8.0

var (
	once     sync.Once
	mu       sync.Mutex // one document at a time through the one instance
	instance pdfium.Pdfium
	startErr error
)

func start() error {
	once.Do(func() {
		pool, err := webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1})
		if err != nil {
			startErr = fmt.Errorf("pdftext: starting PDFium: %w", err)
			return
		}
		instance, err = pool.GetInstance(time.Minute)
		if err != nil {
			startErr = fmt.Errorf("pdftext: starting PDFium: %w", err)
		}
	})
	return startErr
}

// Pages extracts every page's text and lines.
func Pages(pdf []byte) ([]Page, error) {
	if err := start(); err != nil {
		return nil, err
	}
	mu.Lock()
	defer mu.Unlock()
	doc, err := instance.OpenDocument(&requests.OpenDocument{File: &pdf})
	if err != nil {
		return nil, fmt.Errorf("pdftext: %w", err)
	}
	defer instance.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := instance.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("pdftext: %w", err)
	}
	pages := make([]Page, count.PageCount)
	for i := range pages {
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		h, err := instance.FPDF_GetPageHeight(&requests.FPDF_GetPageHeight{Page: page})
		if err != nil {
			return nil, fmt.Errorf("pdftext: page %d: %w", i+1, err)
		}
		st, err := instance.GetPageTextStructured(&requests.GetPageTextStructured{
			Page: page, Mode: requests.GetPageTextStructuredModeChars})
		if err != nil {
			return nil, fmt.Errorf("pdftext: page %d: %w", i+1, err)
		}
		pages[i] = lines(st.Chars, h.Height)
	}
	return pages, nil
}

// lines groups PDFium's characters, in its reading order, into lines: PDFium marks a
// line's end with generated "\r\n" characters.
func lines(chars []*responses.GetPageTextStructuredChar, pageH float64) Page {
	var p Page
	var b strings.Builder
	cur := Line{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
	flush := func() {
		text := strings.TrimRight(b.String(), " ")
		b.Reset()
		if text == "" {
			cur = Line{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
			return
		}
		cur.Text = text
		p.Lines = append(p.Lines, cur)
		cur = Line{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
	}
	for _, c := range chars {
		ch := c
		switch ch.Text {
		case "\r":
			continue
		case "\n":
			flush()
			continue
		case "":
			continue
		}
		pos := ch.PointPosition
		// PDFium joins text at the same height into one line; text far to the right
		// (or back to the left) of the last character is a separate line.
		if blank := strings.TrimSpace(ch.Text) == ""; !blank && cur.X1 > cur.X0 &&
			(pos.Left*ptmm > cur.X1+gapMM || pos.Right*ptmm < cur.X0) {
			flush()
		}
		b.WriteString(ch.Text)
		if strings.TrimSpace(ch.Text) == "" {
			continue
		}
		cur.X0 = min(cur.X0, pos.Left*ptmm)
		cur.X1 = max(cur.X1, pos.Right*ptmm)
		cur.Y0 = min(cur.Y0, (pageH-pos.Top)*ptmm)
		cur.Y1 = max(cur.Y1, (pageH-pos.Bottom)*ptmm)
	}
	flush()
	texts := make([]string, len(p.Lines))
	for i, l := range p.Lines {
		texts[i] = l.Text
	}
	p.Text = strings.Join(texts, "\n")
	return p
}

// Render renders pages 1 to n of pdf (all of them if it has fewer) with PDFium at dpi
// dots per inch, as a viewer would draw them, and discards the images: for timing
// (cmd/printbench). It returns the number of pages rendered.
func Render(pdf []byte, n, dpi int) (int, error) {
	if err := start(); err != nil {
		return 0, err
	}
	mu.Lock()
	defer mu.Unlock()
	doc, err := instance.OpenDocument(&requests.OpenDocument{File: &pdf})
	if err != nil {
		return 0, fmt.Errorf("pdftext: %w", err)
	}
	defer instance.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := instance.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return 0, fmt.Errorf("pdftext: %w", err)
	}
	n = min(n, count.PageCount)
	for i := range n {
		r, err := instance.RenderPageInDPI(&requests.RenderPageInDPI{
			Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}, DPI: dpi})
		if err != nil {
			return i, fmt.Errorf("pdftext: page %d: %w", i+1, err)
		}
		r.Cleanup()
	}
	return n, nil
}

// Start starts PDFium, if it has not started yet (it takes a few seconds), so that a
// caller timing Pages or Render does not time that.
func Start() error { return start() }

// Text extracts all pages as text for golden files: each page's lines, pages separated
// by a line holding only a form feed, trailing spaces removed, "\n" line ends, and a
// final newline.
func Text(pdf []byte) (string, error) {
	pages, err := Pages(pdf)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, p := range pages {
		if i > 0 {
			b.WriteString("\f\n")
		}
		for _, l := range p.Lines {
			b.WriteString(strings.TrimRight(l.Text, " \t"))
			b.WriteByte('\n')
		}
	}
	return b.String(), nil
}
