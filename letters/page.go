package letters

import (
	"bytes"
	"strconv"
	"strings"
)

// PageFile is the template file of the words printed around every letter's text: the
// NHS number line under the address, each page's footer, and the page added to make a
// letter's page count even for double-sided printing.
const PageFile = "page.md"

// PageWords is the wording printed around a letter's body, from PageFile, with the
// letter's NHS number filled in.
type PageWords struct {
	// Reference is printed under the address of a letter to a patient ("NHS number: 999
	// 123 4560"); empty for a letter without an NHS number.
	Reference string
	// Footer is each page's footer: Footer[0], the page number, Footer[1], the letter's
	// page count, Footer[2].
	Footer [3]string
	// Blank is printed on the page added after a letter's odd last page (duplex).
	Blank string
}

// FooterText is the footer of page page of a letter of of pages.
func (w PageWords) FooterText(page, of int) string {
	return w.Footer[0] + strconv.Itoa(page) + w.Footer[1] + strconv.Itoa(of) + w.Footer[2]
}

// pageLine is one labelled line of PageFile.
type pageLine struct {
	label string
	about string
	// the fields the line must use, in this order, each once; no other field may be
	// used
	fields []string
}

// page fields: the patient's NHS number, and the page number and page count of the letter
const (
	pageNHS   = "nhs number"
	pageNo    = "page"
	pageCount = "pages"
)

var pageLines = []pageLine{
	{label: "NHS number line", about: "under the address of a letter to a patient", fields: []string{pageNHS}},
	{label: "Footer", about: "at the foot of every page of a letter to a patient", fields: []string{pageNHS, pageNo, pageCount}},
	{label: "Footer without NHS number", about: "at the foot of every page of a letter to an organisation and of the blank form", fields: []string{pageNo, pageCount}},
	{label: "Blank page", about: "the page added after a letter's odd last page, for double-sided printing (--duplex)"},
}

// pagePart is a run of a labelled line: text, or the field named.
type pagePart struct {
	text, field string
}

// pageTemplate is a parsed PageFile: the parts of each line, by label.
type pageTemplate map[string][]pagePart

// parsePage reads PageFile: one "Label: words" line for each of pageLines, with notes
// (<!-- … -->) and blank lines between them.
func parsePage(file string, src []byte) (pageTemplate, Problems) {
	p := &parser{file: file}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	lines := p.stripComments(strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n"))
	t := pageTemplate{}
	seen := map[string]int{}
	for i, l := range lines {
		ln := i + 1
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		label, words, ok := strings.Cut(l, ":")
		var pl *pageLine
		for k := range pageLines {
			if ok && strings.EqualFold(strings.TrimSpace(label), pageLines[k].label) {
				pl = &pageLines[k]
			}
		}
		if pl == nil {
			p.errorf(ln, "not a line of this file: each line starts with one of the labels %s, then a colon and the words", pageLabels())
			continue
		}
		if at, dup := seen[pl.label]; dup {
			p.errorf(ln, "%q is already given on line %d", pl.label, at)
			continue
		}
		seen[pl.label] = ln
		parts := p.pageParts(ln, strings.TrimSpace(words))
		var used []string
		for _, pt := range parts {
			if pt.field != "" {
				used = append(used, pt.field)
			}
		}
		if strings.Join(used, "\x00") != strings.Join(pl.fields, "\x00") {
			if len(pl.fields) == 0 {
				p.errorf(ln, "%q cannot use fields", pl.label)
			} else {
				p.errorf(ln, "%q must use %s, once each and in this order", pl.label, braced(pl.fields))
			}
		}
		t[pl.label] = parts
	}
	for _, pl := range pageLines {
		if _, ok := seen[pl.label]; !ok {
			p.errorf(0, "no %q line: add one (%s)", pl.label, pl.about)
		}
	}
	return t, p.problems
}

// pageParts reads the words of a line: text, the fields {nhs number}, {page} and
// {pages}, and backslash escapes.
func (p *parser) pageParts(ln int, s string) []pagePart {
	var (
		out []pagePart
		buf strings.Builder
	)
	flush := func() {
		if buf.Len() > 0 {
			out = append(out, pagePart{text: buf.String()})
			buf.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			buf.WriteByte(s[i+1])
			i++
		case c == '{':
			written, end, ok := p.fieldAt(ln, s, i)
			if !ok {
				buf.WriteString(s[i:])
				i = len(s)
				continue
			}
			name := canonicalField(written)
			switch name {
			case pageNHS, pageNo, pageCount:
			default:
				p.errorf(ln, "unknown field {%s}: this file has only %s", written, braced([]string{pageNHS, pageNo, pageCount}))
			}
			flush()
			out = append(out, pagePart{field: name})
			i = end
		default:
			buf.WriteByte(c)
		}
	}
	flush()
	return out
}

// words fills in a parsed PageFile for a letter with NHS number nhs ("" for a letter
// to an organisation or the blank form).
func (t pageTemplate) words(nhs string) PageWords {
	// the page number and count stand as two private-use characters while the line is
	// cleaned as a whole (spaces kept between its parts), then split there
	const no, count = "\ue000", "\ue001"
	line := func(label string) string {
		var b strings.Builder
		for _, pt := range t[label] {
			switch pt.field {
			case "":
				b.WriteString(strings.NewReplacer(no, "", count, "").Replace(pt.text))
			case pageNHS:
				b.WriteString(nhs)
			case pageNo:
				b.WriteString(no)
			case pageCount:
				b.WriteString(count)
			}
		}
		return clean(b.String())
	}
	w := PageWords{Blank: line("Blank page")}
	footer := line("Footer without NHS number")
	if nhs != "" {
		w.Reference = line("NHS number line")
		footer = line("Footer")
	}
	w.Footer[0], footer, _ = strings.Cut(footer, no)
	w.Footer[1], w.Footer[2], _ = strings.Cut(footer, count)
	return w
}

func pageLabels() string {
	var ls []string
	for _, pl := range pageLines {
		ls = append(ls, strconv.Quote(pl.label))
	}
	return strings.Join(ls, ", ")
}

func braced(fs []string) string {
	var out []string
	for _, f := range fs {
		out = append(out, "{"+f+"}")
	}
	return strings.Join(out, ", ")
}

// PageWords returns the wording printed around a letter's body with NHS number nhs, as
// "999 123 4560" ("" for a letter without one).
func (s *Set) PageWords(nhs string) PageWords { return s.page.words(nhs) }

// PageBuiltIn reports whether the set's folder has no PageFile, so that its letters
// have the built-in words around the body.
func (s *Set) PageBuiltIn() bool { return s.pageBuiltIn }
