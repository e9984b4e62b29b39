package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
	"github.com/accesspack/accesspack/internal/pdftext"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/letters"
)

func init() { api.DisableConfigDir() }

// render adds the letters to one PDF, checks it with pdfcpu and extracts it with PDFium.
func render(t *testing.T, o Options, ls []letters.Letter) (pdf []byte, spans [][2]int, pages []pdftext.Page) {
	t.Helper()
	if o.Created.IsZero() {
		o.Created = created
	}
	d := New(o)
	for i, lt := range ls {
		first, n, err := d.Add(lt)
		if err != nil {
			t.Fatalf("letter %d: %v", i, err)
		}
		spans = append(spans, [2]int{first, n})
	}
	var b bytes.Buffer
	n, err := d.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Errorf("WriteTo returned %d, wrote %d bytes", n, b.Len())
	}
	validate(t, b.Bytes())
	pages, err = pdftext.Pages(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), spans, pages
}

// validate checks the PDF with pdfcpu in strict mode.
func validate(t *testing.T, pdf []byte) {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(pdf), conf); err != nil {
		t.Errorf("pdfcpu (strict): %v", err)
	}
}

var nhsRE = regexp.MustCompile(`\b\d{3} \d{3} \d{4}\b`)
var pageRE = regexp.MustCompile(`page (\d+) of (\d+)`)

// mixed is letters of 1, 2 and 3+ pages, with and without enclosures, large print and
// an organisation letter.
func mixed() []letters.Letter {
	one := patient(nhsNumbers[0], "Zoë Example", body250())
	two := patient(nhsNumbers[1], "Łukasz Nowak", fullBody())
	three := patient(nhsNumbers[2], "Siobhán O’Neill", longBody(12))
	enc := patient(nhsNumbers[3], "Γιώργος Παπαδόπουλος", body250())
	enc.Enclosures = []letters.Document{{Title: "Opt-in form", Body: fullBody()}}
	large := patient(nhsNumbers[4], "Дмитрий Иванов", body250())
	large.LargePrint = true
	largeEnc := patient(nhsNumbers[5], "Đokić Yıldız", fullBody())
	largeEnc.LargePrint = true
	largeEnc.Enclosures = []letters.Document{{Title: "Opt-in form", Body: fullBody()}}
	org := patient("", "Primary Care IT Team", body250())
	org.To = []string{"Primary Care IT Team", "West Yorkshire ICB", "White Rose House", "WAKEFIELD", "WF1 1LT"}
	return []letters.Letter{one, two, three, enc, large, largeEnc, org, one}
}

func TestEveryPageHasItsLettersNHSNumberAndPage(t *testing.T) {
	for _, duplex := range []bool{false, true} {
		t.Run(fmt.Sprintf("duplex=%v", duplex), func(t *testing.T) {
			ls := mixed()
			_, spans, pages := render(t, Options{Duplex: duplex}, ls)
			next, counts := 1, map[int]bool{}
			for i, lt := range ls {
				first, n := spans[i][0], spans[i][1]
				counts[n] = true
				if first != next {
					t.Errorf("letter %d starts on page %d, want %d", i, first, next)
				}
				if duplex && n%2 != 0 {
					t.Errorf("letter %d has %d pages in duplex", i, n)
				}
				next = first + n
				for p := 1; p <= n; p++ {
					page := pages[first+p-2]
					got := slices.Compact(slices.Sorted(slices.Values(nhsRE.FindAllString(page.Text, -1))))
					want := []string{lt.NHSNumber}
					if lt.NHSNumber == "" {
						want = nil
					}
					if !slices.Equal(got, want) {
						t.Errorf("letter %d page %d: NHS numbers %q, want %q", i, p, got, want)
					}
					m := pageRE.FindAllStringSubmatch(page.Text, -1)
					if len(m) != 1 || m[0][1] != fmt.Sprint(p) || m[0][2] != fmt.Sprint(n) {
						t.Errorf("letter %d page %d: page numbers %q, want page %d of %d", i, p, m, p, n)
					}
					foot := page.Lines[len(page.Lines)-1].Text
					wantFoot := fmt.Sprintf("page %d of %d", p, n)
					if lt.NHSNumber != "" {
						wantFoot = "NHS number " + lt.NHSNumber + " · " + wantFoot
					}
					if foot != wantFoot {
						t.Errorf("letter %d page %d: last line %q, want %q", i, p, foot, wantFoot)
					}
				}
			}
			if next-1 != len(pages) {
				t.Errorf("letters cover %d pages, PDF has %d", next-1, len(pages))
			}
			for _, n := range []int{1, 2, 3} {
				if !duplex && !counts[n] {
					t.Errorf("no letter of %d pages in the mix: %v", n, spans)
				}
			}
		})
	}
}

func TestDuplexBlankPage(t *testing.T) {
	_, spans, pages := render(t, Options{Duplex: true}, []letters.Letter{patient(nhsNumbers[0], "Zoë Example", body250())})
	if spans[0][1] != 2 {
		t.Fatalf("one-page letter in duplex has %d pages, want 2", spans[0][1])
	}
	want := "This page is intentionally blank\nNHS number 999 000 0018 · page 2 of 2"
	if pages[1].Text != want {
		t.Errorf("padding page reads %q, want %q", pages[1].Text, want)
	}
}

// inside reports whether a line's box lies within the rectangle, with tol mm to spare
// for glyph outlines.
func inside(l pdftext.Line, x0, y0, x1, y1 float64) bool {
	return l.X0 >= x0 && l.Y0 >= y0 && l.X1 <= x1 && l.Y1 <= y1
}

func overlaps(l pdftext.Line, w practice.Window) bool {
	return l.X0 < w.Left+w.Width && l.X1 > w.Left && l.Y0 < w.Top+w.Height && l.Y1 > w.Top
}

func TestAddressInWindow(t *testing.T) {
	windows := []practice.Window{
		practice.DefaultWindow,
		{Left: 25, Top: 50, Width: 95, Height: 35},  // lower and narrower
		{Left: 100, Top: 40, Width: 90, Height: 45}, // window on the right: letterhead moves left
		{Left: 15, Top: 60, Width: 100, Height: 32}, // shallow: 5 lines need a smaller size
		{Left: 30, Top: 120, Width: 90, Height: 40}, // low: the body starts below it
	}
	for _, w := range windows {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			lt := patient(nhsNumbers[0], "Mrs Zoë Łukasz-Weiß", fullBody())
			lt.LargePrint = true
			other := patient(nhsNumbers[1], "Mr Dmitry Ivanov", body250())
			_, spans, pages := render(t, Options{Window: w}, []letters.Letter{lt, other})
			for i, want := range [][]string{lt.To, other.To} {
				var in []string
				for _, l := range pages[spans[i][0]-1].Lines {
					if overlaps(l, w) {
						in = append(in, l.Text)
						// 5 mm clearance; glyph boxes are tight, so no tolerance needed
						if !inside(l, w.Left+clearance, w.Top+clearance, w.Left+w.Width-clearance, w.Top+w.Height-clearance) {
							t.Errorf("%q at (%.1f,%.1f)-(%.1f,%.1f) is not 5 mm inside the window", l.Text, l.X0, l.Y0, l.X1, l.Y1)
						}
					}
				}
				if !slices.Equal(in, want) {
					t.Errorf("letter %d: the window shows %q, want %q", i, in, want)
				}
			}
		})
	}
}

func TestAddressTooBig(t *testing.T) {
	lt := patient(nhsNumbers[0], "Zoë Example", body250())
	lt.To = []string{"1", "2", "3", "4", "5", "6", "7", "8"}
	d := New(Options{})
	if _, _, err := d.Add(lt); err == nil || !strings.Contains(err.Error(), "8 lines") {
		t.Errorf("8-line address: err = %v, want one about 8 lines", err)
	}
	lt.To = []string{"The Very Long Named Resident Of The Extremely Long Named House", "LEEDS", "LS1 4AP"}
	if _, _, err := d.Add(lt); err == nil || !strings.Contains(err.Error(), "mm long") {
		t.Errorf("long address line: err = %v, want one about its length", err)
	}
	if strings.Contains(fmt.Sprint(d.Add(lt)), "Resident") {
		t.Error("the error quotes the address")
	}
	// the Doc is still usable
	if _, _, err := d.Add(patient(nhsNumbers[0], "Zoë Example", body250())); err != nil {
		t.Fatal(err)
	}
	if d.Pages() != 1 {
		t.Errorf("refused letters left pages behind: %d pages", d.Pages())
	}
}

func TestNamesPrint(t *testing.T) {
	names := []string{"Zoë", "Łukasz", "Siobhán", "Weiß", "Erdős", "Đokić", "Yıldız", "O’Neill", "Γιώργος", "Дмитрий",
		"Zoe\u0308 (decomposed)"} // drawn composed
	for _, n := range names {
		if m := Missing(n); m != nil {
			t.Errorf("Missing(%q) = %q", n, m)
		}
	}
	lt := patient(nhsNumbers[0], strings.Join(names[:5], " "), []letters.Block{
		{Kind: letters.Paragraph, Spans: []letters.Span{{Text: strings.Join(names, " ")}}},
		{Kind: letters.Paragraph, Spans: []letters.Span{{Text: strings.Join(names, " "), Bold: true}}},
	})
	_, _, pages := render(t, Options{}, []letters.Letter{lt})
	want := strings.ReplaceAll(strings.Join(names, " "), "Zoe\u0308", "Zoë")
	if !strings.Contains(strings.ReplaceAll(pages[0].Text, "\n", " "), " "+want+" "+want+" ") {
		t.Errorf("page text:\n%s\nwant the names twice:\n%s", pages[0].Text, want)
	}
	if pages[0].Lines[8].Text != strings.Join(names[:5], " ") {
		t.Errorf("address first line %q", pages[0].Lines[8].Text)
	}
}

func TestMissing(t *testing.T) {
	if got := Missing("Zhang 张伟 😀 张"); !slices.Equal(got, []rune{'张', '伟', '😀'}) {
		t.Errorf("Missing = %q", got)
	}
	if got := Missing("bell\a"); !slices.Equal(got, []rune{'\a'}) {
		t.Errorf("Missing(control) = %q", got)
	}
	lt := patient(nhsNumbers[0], "张伟", body250())
	_, _, err := New(Options{}).Add(lt)
	var me *MissingError
	if !errors.As(err, &me) || !slices.Equal(me.Runes, []rune{'张', '伟'}) {
		t.Errorf("Add: err = %v, want a MissingError for 张伟", err)
	}
	if strings.Contains(err.Error(), "张") {
		t.Error("the error quotes the name")
	}
}

func TestDeterministic(t *testing.T) {
	a, _, _ := render(t, Options{Duplex: true, Title: "opt-out-notice"}, mixed())
	for range 3 {
		b, err := Bytes(Options{Duplex: true, Title: "opt-out-notice", Created: created}, mixed()...)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two renders differ")
		}
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20261201")) {
		t.Error("creation date is not the letter date")
	}
}

func TestBoxNeverSplits(t *testing.T) {
	// push the box further down the page, line by line, so that it meets the bottom
	for extra := 0; extra < 16; extra++ {
		body := slices.Clone(body250())
		for range extra {
			body = append(body, para("Another line."))
		}
		body = append(body, block(letters.Heading, "Office copy"), fullBody()[len(fullBody())-1])
		_, spans, pages := render(t, Options{}, []letters.Letter{patient(nhsNumbers[0], "Zoë Example", body)})
		var on []int
		for i, pg := range pages {
			for _, l := range pg.Lines {
				if l.Text == "Office copy" || l.Text == "For practice use only" || l.Text == "Date coded:" {
					on = append(on, i)
				}
			}
		}
		if len(on) != 3 || on[0] != on[1] || on[1] != on[2] {
			t.Errorf("extra %d: heading and box lines on pages %v of %d", extra, on, spans[0][1])
		}
	}
}

func TestEnclosureStartsPage(t *testing.T) {
	lt := patient(nhsNumbers[3], "Zoë Example", body250())
	lt.Enclosures = []letters.Document{{Title: "Opt-in form", Body: body250()}, {Title: "Second enclosure", Body: body250()}}
	_, spans, pages := render(t, Options{}, []letters.Letter{lt})
	if spans[0][1] != 3 {
		t.Fatalf("pages = %d, want 3", spans[0][1])
	}
	for i, title := range []string{"Opt-in form", "Second enclosure"} {
		if got := pages[i+1].Lines[0].Text; got != title {
			t.Errorf("page %d starts %q, want %q", i+2, got, title)
		}
	}
}

func TestBadWindow(t *testing.T) {
	for _, w := range []practice.Window{{Left: 150, Top: 45, Width: 90, Height: 40}, {Left: 20, Top: 45, Width: 8, Height: 40}} {
		if _, _, err := New(Options{Window: w}).Add(patient(nhsNumbers[0], "A", nil)); err == nil {
			t.Errorf("window %v accepted", w)
		}
	}
}

func TestCalibrate(t *testing.T) {
	w := practice.Window{Left: 22, Top: 48, Width: 92, Height: 38}
	var b bytes.Buffer
	if err := Calibrate(&b, w); err != nil {
		t.Fatal(err)
	}
	validate(t, b.Bytes())
	text, err := pdftext.Text(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"22 mm from the left edge, 48 mm from the top edge, 92 mm wide and 38 mm high", "100 mm", "window envelope"} {
		if !strings.Contains(strings.ReplaceAll(text, "\n", " "), want) {
			t.Errorf("calibration page lacks %q:\n%s", want, text)
		}
	}
}

func BenchmarkRender1000(b *testing.B) {
	ls := make([]letters.Letter, 1000)
	for i := range ls {
		ls[i] = patient(nhsNumbers[i%len(nhsNumbers)], fmt.Sprintf("Patient %d", i), body250())
	}
	pages := 0
	for b.Loop() {
		d := New(Options{Created: created})
		for _, lt := range ls {
			if _, _, err := d.Add(lt); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := d.WriteTo(&bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
		pages += d.Pages()
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkRender1000Parallel renders 1,000-letter PDFs on every core at once, one Doc
// per goroutine, as a pack does.
func BenchmarkRender1000Parallel(b *testing.B) {
	ls := make([]letters.Letter, 1000)
	for i := range ls {
		ls[i] = patient(nhsNumbers[i%len(nhsNumbers)], fmt.Sprintf("Patient %d", i), body250())
	}
	var pages atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			d := New(Options{Created: created})
			for _, lt := range ls {
				if _, _, err := d.Add(lt); err != nil {
					b.Error(err)
					return
				}
			}
			if _, err := d.WriteTo(&bytes.Buffer{}); err != nil {
				b.Error(err)
			}
			pages.Add(int64(d.Pages()))
		}
	})
	b.ReportMetric(float64(pages.Load())/b.Elapsed().Seconds(), "pages/s")
}

// TestPagesCompressed checks that every stream is deflated but the templates' (which
// poppler would inflate each time it draws one), and that they all read.
func TestPagesCompressed(t *testing.T) {
	pdf, _, _ := render(t, Options{}, mixed())
	streams, forms, drawn := 0, 0, 0
	for n, obj := range objects(t, pdf) {
		i := bytes.Index(obj, []byte(">>\nstream\n"))
		if i < 0 {
			continue
		}
		streams++
		head := obj[:i]
		form := bytes.Contains(head, []byte("/Subtype /Form"))
		if form {
			forms++
		}
		if deflated := bytes.Contains(head, []byte("/Filter /FlateDecode")); deflated == form {
			t.Errorf("object %d: template %v, deflated %v", n, form, deflated)
			continue
		}
		var data []byte
		if form {
			m := lengthRE.FindSubmatch(head)
			l, _ := strconv.Atoi(string(m[1]))
			data = obj[i+len(">>\nstream\n"):][:l]
		} else {
			data = stream(t, obj)
		}
		if bytes.Contains(data, []byte(" Tj ET")) {
			drawn++
		}
	}
	if forms == 0 {
		t.Error("the paragraphs the letters share are not drawn once as templates")
	}
	if drawn < len(mixed()) {
		t.Errorf("%d of %d streams with text, want at least %d", drawn, streams, len(mixed()))
	}
}

func TestPageBreak(t *testing.T) {
	body := []letters.Block{
		{Kind: letters.PageBreak}, // nothing drawn yet on page 1 but the header: still breaks
		para("Second page."),
		{Kind: letters.PageBreak},
		{Kind: letters.PageBreak}, // at the top of a page: no empty page
		para("Third page."),
	}
	_, spans, pages := render(t, Options{}, []letters.Letter{patient(nhsNumbers[0], "Zoë Example", body)})
	if spans[0][1] != 3 {
		t.Fatalf("%d pages, want 3", spans[0][1])
	}
	for i, want := range []string{"Second page.", "Third page."} {
		if got := pages[i+1].Lines[0].Text; got != want {
			t.Errorf("page %d starts %q, want %q", i+2, got, want)
		}
	}
}

func TestLargePrint(t *testing.T) {
	std := patient(nhsNumbers[0], "Zoë Example", body250())
	large := std
	large.LargePrint = true
	_, spans, pages := render(t, Options{}, []letters.Letter{std, large})
	height := func(p pdftext.Page, prefix string) float64 {
		for _, l := range p.Lines {
			if strings.HasPrefix(l.Text, prefix) {
				return l.Y1 - l.Y0
			}
		}
		t.Fatalf("no line starting %q in %q", prefix, p.Text)
		return 0
	}
	s, l := height(pages[0], "Dear Ms Example"), height(pages[spans[1][0]-1], "Dear Ms Example")
	if r := l / s; r < 1.45 || r > 1.55 {
		t.Errorf("large print body is %.2f times the standard size, want 18/12 = 1.5", r)
	}
	// the address stays at its window size
	if a, b := height(pages[0], "27 Example"), height(pages[spans[1][0]-1], "27 Example"); a != b {
		t.Errorf("address line heights %.2f and %.2f differ", a, b)
	}
	if spans[1][1] <= spans[0][1] {
		t.Errorf("large print letter has %d pages, standard %d", spans[1][1], spans[0][1])
	}
}

func TestWhiteSpaceInLines(t *testing.T) {
	lt := patient(nhsNumbers[0], " Zoë\tExample ", []letters.Block{para("one\ttwo\nthree")})
	_, _, pages := render(t, Options{}, []letters.Letter{lt})
	for _, want := range []string{"\nZoë Example\n", "\none two three\n"} {
		if !strings.Contains(pages[0].Text, want) {
			t.Errorf("page lacks %q:\n%s", want, pages[0].Text)
		}
	}
}

// TestValidatorCatchesDamage makes sure the pdfcpu check used by every test is not a
// no-op: a PDF whose cross-reference table points at the wrong place fails it.
func TestValidatorCatchesDamage(t *testing.T) {
	pdf, err := Bytes(Options{Created: created}, mixed()[0])
	if err != nil {
		t.Fatal(err)
	}
	// a page whose resources are a number, not a dictionary
	bad := bytes.Replace(pdf, []byte("/Resources 2 0 R"), []byte("/Resources 42    "), 1)
	if bytes.Equal(bad, pdf) {
		t.Fatal("no /Resources 2 0 R to damage")
	}
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(bad), conf); err == nil {
		t.Error("pdfcpu accepted a damaged PDF")
	}
}

// TestSignOffNeverSplits pushes the sign-off down the page line by line: "Yours
// sincerely" and the tight lines of name, role and practice always share one page.
func TestSignOffNeverSplits(t *testing.T) {
	signOff := []string{"Yours sincerely", "Dr Helen Example", "Senior GP Partner", "Example Surgery"}
	for extra := 0; extra < 45; extra++ {
		body := slices.Clone(body250())
		for range extra {
			body = append(body, para("Another line."))
		}
		body = append(body, para(signOff[0]), para(signOff[1]))
		for _, s := range signOff[2:] {
			b := para(s)
			b.Tight = true
			body = append(body, b)
		}
		_, spans, pages := render(t, Options{}, []letters.Letter{patient(nhsNumbers[0], "Zoë Example", body)})
		on := pagesOf(pages, signOff)
		if len(on) != len(signOff) || slices.Min(on) != slices.Max(on) {
			t.Errorf("extra %d: sign-off lines on pages %v of %d", extra, on, spans[0][1])
		}
	}
}
