package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/accesspack/accesspack/letters"
)

// objects splits a PDF written by gofpdf into its objects, by number, through its
// cross-reference table (never by searching stream data).
func objects(t *testing.T, pdf []byte) map[int][]byte {
	t.Helper()
	i := bytes.LastIndex(pdf, []byte("\nstartxref\n"))
	if i < 0 {
		t.Fatal("no startxref")
	}
	xref, err := strconv.Atoi(string(bytes.TrimSpace(bytes.Split(pdf[i+len("\nstartxref\n"):], []byte("\n"))[0])))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(pdf[xref:], []byte("\n"))
	size, err := strconv.Atoi(string(bytes.Fields(lines[1])[1]))
	if err != nil {
		t.Fatal(err)
	}
	offs := map[int]int{}
	var sorted []int
	for n := 1; n < size; n++ {
		off, err := strconv.Atoi(string(bytes.Fields(lines[2+n])[0]))
		if err != nil {
			t.Fatal(err)
		}
		offs[n] = off
		sorted = append(sorted, off)
	}
	sort.Ints(sorted)
	objs := map[int][]byte{}
	for n, off := range offs {
		end := xref
		if k := sort.SearchInts(sorted, off+1); k < len(sorted) {
			end = sorted[k]
		}
		head := strconv.Itoa(n) + " 0 obj\n"
		if !bytes.HasPrefix(pdf[off:], []byte(head)) {
			t.Fatalf("object %d is not at offset %d", n, off)
		}
		objs[n] = pdf[off+len(head) : end]
	}
	return objs
}

var (
	refRE     = regexp.MustCompile(`/(Resources|Contents|XObject|Font) (\d+) 0 R`)
	xobjectRE = regexp.MustCompile(`(?s)/XObject <<(.*?)>>`)
	tplRE     = regexp.MustCompile(`/TPL(\w+) (\d+) 0 R`)
	doRE      = regexp.MustCompile(`/TPL(\w+) Do`)
	lengthRE  = regexp.MustCompile(`/Length (\d+)\b`)
)

// stream returns the inflated data of a stream object.
func stream(t *testing.T, obj []byte) []byte {
	t.Helper()
	i := bytes.Index(obj, []byte(">>\nstream\n"))
	m := lengthRE.FindSubmatch(obj[:i])
	if i < 0 || m == nil {
		t.Fatalf("not a stream: %.60q", obj)
	}
	n, _ := strconv.Atoi(string(m[1]))
	zr, err := zlib.NewReader(bytes.NewReader(obj[i+len(">>\nstream\n"):][:n]))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestPageResources checks the structure that keeps printing and viewing engines as fast
// on our pages as on plain ones: a template (form XObject) carries no resources of its
// own (poppler would load its fonts each time it draws it), and each page's resources
// name exactly the templates the page draws (Ghostscript looks at every one a page
// names), with every font, which the templates use from there.
func TestPageResources(t *testing.T) {
	var ls []letters.Letter
	for range 5 {
		ls = append(ls, mixed()...)
	}
	pdf, _, _ := render(t, Options{}, ls)
	objs := objects(t, pdf)
	fonts := 0
	forms := 0
	for _, obj := range objs {
		if bytes.Contains(obj, []byte("/Type /Font\n/Subtype /Type0")) {
			fonts++
		}
		if bytes.Contains(obj, []byte("/Subtype /Form")) {
			forms++
			if head := obj[:bytes.Index(obj, []byte("stream\n"))]; bytes.Contains(head, []byte("/Resources")) {
				t.Errorf("a template has resources of its own: %q", head)
			}
		}
	}
	if fonts != 2 || forms < 5 {
		t.Fatalf("%d fonts and %d templates, want 2 and the paragraphs the letters share", fonts, forms)
	}
	pages, stamped := 0, 0
	for n, obj := range objs {
		if !bytes.HasPrefix(obj, []byte("<</Type /Page\n")) {
			continue
		}
		pages++
		var res, contents int
		for _, m := range refRE.FindAllSubmatch(obj, -1) {
			k, _ := strconv.Atoi(string(m[2]))
			switch string(m[1]) {
			case "Resources":
				res = k
			case "Contents":
				contents = k
			}
		}
		var drawn []string
		for _, m := range doRE.FindAllSubmatch(stream(t, objs[contents]), -1) {
			drawn = append(drawn, string(m[1]))
		}
		slices.Sort(drawn)
		drawn = slices.Compact(drawn)
		dict := objs[res]
		var named []string
		if m := xobjectRE.FindSubmatch(dict); m != nil {
			for _, tm := range tplRE.FindAllSubmatch(m[1], -1) {
				named = append(named, string(tm[1]))
				k, _ := strconv.Atoi(string(tm[2]))
				if !bytes.Contains(objs[k], []byte("/Subtype /Form")) {
					t.Errorf("page object %d: /TPL%s is not a form", n, tm[1])
				}
			}
		}
		slices.Sort(named)
		if !slices.Equal(drawn, named) {
			t.Errorf("page object %d draws templates %v, its resources name %v", n, drawn, named)
		}
		if c := bytes.Count(dict, []byte(" 0 R\n")) - len(named); c != fonts {
			t.Errorf("page object %d: its resources name %d fonts, want %d", n, c, fonts)
		}
		if len(drawn) > 0 {
			stamped++
		}
	}
	// more pages than letters: the letters that run onto a second page (others fit on one
	// since section narrows the gaps between blocks) share templates across their pages
	if pages <= len(ls) || stamped < pages/2 {
		t.Errorf("%d pages, %d of them with templates", pages, stamped)
	}
}
