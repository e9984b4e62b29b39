package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
)

// The hooks our copy of gofpdf adds (third_party/gofpdf/CHANGES.md), tested through its
// public API as internal/pdf uses them.

func deflate(t *testing.T, b []byte) []byte {
	t.Helper()
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return z.Bytes()
}

func TestGofpdfPageContentCompressed(t *testing.T) {
	f := newFpdf(created)
	f.AddPage()
	f.SetFont(family, "", 12)
	f.Text(20, 20, "first page")
	f.AddPage()
	first := f.PageContent(1)
	if !bytes.Contains(first, []byte(" Tj ET")) {
		t.Fatalf("page 1 content %q has no text", first)
	}
	if f.PageContent(0) != nil || f.PageContent(3) != nil {
		t.Error("PageContent of a page that does not exist is not nil")
	}
	f.SetPageContentCompressed(1, []byte("not zlib"))
	if f.Err() {
		t.Logf("refused: %v", f.Error())
	} else {
		t.Fatal("SetPageContentCompressed took data that is not zlib")
	}

	f = newFpdf(created)
	f.AddPage()
	f.SetFont(family, "", 12)
	f.Text(20, 20, "first page")
	f.AddPage()
	f.SetPageContentCompressed(1, deflate(t, f.PageContent(1)))
	if f.PageContent(1) != nil {
		t.Error("PageContent of a compressed page is not nil")
	}
	f.Text(20, 20, "second page")
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatal(err)
	}
	validate(t, out.Bytes())

	// the open page, sealed, then written to
	f = newFpdf(created)
	f.AddPage()
	f.SetFont(family, "", 12)
	f.SetPageContentCompressed(1, deflate(t, f.PageContent(1)))
	f.Text(20, 20, "too late")
	if err := f.Error(); err == nil || !strings.Contains(err.Error(), "after SetPageContentCompressed") {
		t.Errorf("writing to a compressed page: error %v", err)
	}
}

// TestGofpdfUseTemplateScaledBytes checks that UseTemplateScaled, which formats without
// Sprintf in our copy, writes what upstream's Sprintf wrote.
func TestGofpdfUseTemplateScaledBytes(t *testing.T) {
	f := newFpdf(created)
	f.AddPage()
	tpl := &namedTemplate{f.CreateTemplateCustom(gofpdf.PointType{}, gofpdf.SizeType{Wd: pageW, Ht: 2 * pageH}, func(t *gofpdf.Tpl) {
		t.Line(10, 10, 20, 20)
	}), "7"}
	_, pageHt := f.GetPageSize()
	for _, c := range []struct{ x, y, scale float64 }{{0, 0, 1}, {0, -17.25, 1}, {12.5, 100.123456, 0.5}, {-3, 297, 2}} {
		size := gofpdf.SizeType{Wd: pageW * c.scale, Ht: 2 * pageH * c.scale}
		before := len(f.PageContent(1))
		f.UseTemplateScaled(tpl, gofpdf.PointType{X: c.x, Y: c.y}, size)
		k := f.GetConversionRatio()
		want := fmt.Sprintf("q %.4f 0 0 %.4f %.4f %.4f cm\n/TPL%s Do Q\n", c.scale, c.scale, c.x*k, (pageHt-c.y-size.Ht)*k, "7")
		if got := string(f.PageContent(1)[before:]); got != want {
			t.Errorf("placed at %v: wrote %q, want %q", c, got, want)
		}
	}
	if err := f.Error(); err != nil {
		t.Fatal(err)
	}
}
