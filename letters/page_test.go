package letters

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/accesspack/accesspack/templates"
)

// TestPageWords: the words around a letter's body come from templates/page.md, with the
// NHS number filled in; letters to organisations and the blank form have the footer
// without one.
func TestPageWords(t *testing.T) {
	s := mustEmbedded(t)
	w := s.PageWords("999 123 4560")
	if w.Reference != "NHS number: 999 123 4560" || w.FooterText(2, 3) != "NHS number 999 123 4560 · page 2 of 3" || w.Blank != "This page is intentionally blank" {
		t.Errorf("patient letter: %q, %q, %q", w.Reference, w.FooterText(2, 3), w.Blank)
	}
	w = s.PageWords("")
	if w.Reference != "" || w.FooterText(1, 12) != "page 1 of 12" {
		t.Errorf("letter without an NHS number: %q, %q", w.Reference, w.FooterText(1, 12))
	}
	l, err := s.Patient("opt-out-notice", GoingLive, SamplePatient(), SamplePractice(), "proceed", nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Page.Reference != "NHS number: "+l.NHSNumber || !strings.HasPrefix(l.Page.FooterText(1, 2), "NHS number "+l.NHSNumber+" ·") {
		t.Errorf("patient letter's page words: %+v", l.Page)
	}
	form, err := s.BlankForm(SamplePractice())
	if err != nil {
		t.Fatal(err)
	}
	if form.Page.FooterText(1, 1) != "page 1 of 1" {
		t.Errorf("blank form's footer %q", form.Page.FooterText(1, 1))
	}
}

// withPage is the built-in templates with page.md replaced by src (removed when src is "").
func withPage(t *testing.T, src string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	entries, err := templates.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := templates.FS.ReadFile(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: b}
	}
	delete(fsys, PageFile)
	if src != "" {
		fsys[PageFile] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

// TestPageEdited: a practice's own words are used; the footer of a patient letter must
// show the NHS number, the page and the page count, so that a page gone astray shows
// whose letter it is; every problem names the line.
func TestPageEdited(t *testing.T) {
	own := "<!-- Welsh -->\nNHS number line: Rhif GIG: {nhs number}\nFooter: Rhif GIG {nhs number} · tudalen {page} o {pages}\n" +
		"Footer without NHS number: tudalen {page} o {pages}\nBlank page: Mae'r dudalen hon yn wag yn fwriadol\n"
	s, err := Load(withPage(t, own))
	if err != nil {
		t.Fatal(err)
	}
	if w := s.PageWords("999 123 4560"); w.Reference != "Rhif GIG: 999 123 4560" || w.FooterText(1, 2) != "Rhif GIG 999 123 4560 · tudalen 1 o 2" || w.Blank != "Mae'r dudalen hon yn wag yn fwriadol" {
		t.Errorf("edited words: %+v", w)
	}
	if s.PageBuiltIn() {
		t.Error("PageBuiltIn with a page.md of its own")
	}
	for _, c := range []struct{ src, want string }{
		{strings.Replace(own, "Rhif GIG {nhs number} · ", "", 1), `page.md:3: "Footer" must use {nhs number}, {page}, {pages}, once each and in this order`},
		{strings.Replace(own, "{page} o {pages}\nFooter", "{pages} o {page}\nFooter", 1), `page.md:3: "Footer" must use {nhs number}, {page}, {pages}, once each and in this order`},
		{strings.Replace(own, "Rhif GIG: {nhs number}", "Rhif GIG", 1), `page.md:2: "NHS number line" must use {nhs number}, once each and in this order`},
		{strings.Replace(own, "Blank page: ", "Blank page: {page} ", 1), `page.md:5: "Blank page" cannot use fields`},
		{strings.Replace(own, "Blank page: Mae", "Blank pag: Mae", 1), `page.md:5: not a line of this file`},
		{strings.Replace(own, "Blank page: Mae'r dudalen hon yn wag yn fwriadol\n", "", 1), `page.md: no "Blank page" line: add one`},
		{own + "Footer: {nhs number} {page} {pages}\n", `page.md:6: "Footer" is already given on line 3`},
		{strings.Replace(own, "{nhs number} · tudalen", "{nhs numbr} · tudalen", 1), `page.md:3: unknown field {nhs numbr}: this file has only {nhs number}, {page}, {pages}`},
		{strings.Replace(own, "o {pages}\nBlank", "o {pages\nBlank", 1), `page.md:4: "{" is not closed with "}" on this line`},
	} {
		_, err := Load(withPage(t, c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want %q, got %v", c.want, err)
		}
	}
}

// A folder exported before page.md existed still loads: its letters have the built-in
// words, and PageBuiltIn says so.
func TestPageMissingFromFolder(t *testing.T) {
	s, err := Load(withPage(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	if !s.PageBuiltIn() || s.PageWords("999 123 4560").FooterText(1, 1) != "NHS number 999 123 4560 · page 1 of 1" {
		t.Errorf("built-in %v, footer %q", s.PageBuiltIn(), s.PageWords("999 123 4560").FooterText(1, 1))
	}
	if mustEmbedded(t).PageBuiltIn() {
		t.Error("the embedded set says it has no page.md")
	}
}
