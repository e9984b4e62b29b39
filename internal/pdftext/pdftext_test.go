package pdftext_test

import (
	"strings"
	"testing"
	"time"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
	"github.com/accesspack/accesspack/internal/pdf"
	"github.com/accesspack/accesspack/internal/pdftext"
	"github.com/accesspack/accesspack/letters"
)

var names = []string{"Zoë", "Łukasz", "Siobhán", "Weiß", "Erdős", "Đokić", "Yıldız", "O’Neill", "Γιώργος", "Дмитрий"}

func sample(t *testing.T) []byte {
	t.Helper()
	var body []letters.Block
	for _, n := range names {
		body = append(body, letters.Block{Kind: letters.Paragraph, Spans: []letters.Span{{Text: "Dear "}, {Text: n, Bold: true}, {Text: ","}}})
	}
	set, err := letters.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	lt := letters.Letter{
		From:      letters.Letterhead{Name: "Greenwood Surgery", Address: []string{"12 Station Road", "LEEDS", "LS6 2QR"}},
		To:        []string{"Γιώργος Παπαδόπουλος", "Flat 3", "LEEDS", "LS1 4AP"},
		NHSNumber: "999 000 0018",
		Page:      set.PageWords("999 000 0018"),
		Date:      "1 December 2026",
		Body:      body,
		Enclosures: []letters.Document{{Title: "Дмитрий Иванов",
			Body: []letters.Block{{Kind: letters.Paragraph, Spans: []letters.Span{{Text: "Łukasz Weiß"}}}}}},
	}
	b, err := pdf.Bytes(pdf.Options{Created: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, lt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNamesComeBackExactly(t *testing.T) {
	pages, err := pdftext.Pages(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	var got []string
	for _, l := range pages[0].Lines {
		if n, ok := strings.CutPrefix(l.Text, "Dear "); ok {
			got = append(got, strings.TrimSuffix(n, ","))
		}
	}
	if strings.Join(got, "|") != strings.Join(names, "|") {
		t.Errorf("names extracted as %q, want %q", got, names)
	}
	l := pages[0].Lines[4]
	if l.Text != "Γιώργος Παπαδόπουλος" {
		t.Errorf("line 5 = %q, want the addressee", l.Text)
	}
	// the address window (20, 45, 90×40 mm) with its 5 mm clearance
	if l.X0 < 25 || l.Y0 < 50 || l.X1 > 105 || l.Y1 > 80 || l.X1-l.X0 < 20 || l.Y1-l.Y0 < 2 {
		t.Errorf("addressee at (%.1f,%.1f)-(%.1f,%.1f) mm", l.X0, l.Y0, l.X1, l.Y1)
	}
	if pages[1].Lines[0].Text != "Дмитрий Иванов" || pages[1].Lines[1].Text != "Łukasz Weiß" {
		t.Errorf("page 2 = %q", pages[1].Text)
	}
}

func TestText(t *testing.T) {
	text, err := pdftext.Text(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	want := "Greenwood Surgery\n12 Station Road\nLEEDS\nLS6 2QR\nΓιώργος Παπαδόπουλος\n"
	if !strings.HasPrefix(text, want) {
		t.Errorf("text starts %q, want %q", text[:min(len(text), 120)], want)
	}
	if !strings.Contains(text, "\nNHS number 999 000 0018 · page 1 of 2\n\f\nДмитрий Иванов\nŁukasz Weiß\nNHS number 999 000 0018 · page 2 of 2\n") {
		t.Errorf("pages not separated by a form feed line:\n%s", text)
	}
	if strings.Contains(text, "\r") || strings.Contains(text, " \n") {
		t.Error("text has \\r or trailing spaces")
	}
	if !strings.HasSuffix(text, "\n") {
		t.Error("text lacks a final newline")
	}
}

func TestNotAPDF(t *testing.T) {
	if _, err := pdftext.Pages([]byte("not a pdf")); err == nil {
		t.Error("no error for bytes that are not a PDF")
	}
}

func TestRender(t *testing.T) {
	pdf := sample(t) // two pages
	for _, c := range []struct{ ask, want int }{{1, 1}, {2, 2}, {5, 2}} {
		n, err := pdftext.Render(pdf, c.ask, 72)
		if err != nil || n != c.want {
			t.Errorf("Render(%d pages) = %d, %v; want %d", c.ask, n, err, c.want)
		}
	}
	if _, err := pdftext.Render([]byte("not a pdf"), 1, 72); err == nil {
		t.Error("no error for bytes that are not a PDF")
	}
}
