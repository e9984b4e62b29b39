package table

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"reflect"
	"strings"
	"testing"
)

// xmlTokens is the tokenizer on encoding/xml's RawToken, through part.token (which checks
// that elements nest and close, and reads the part to its end): the worksheet reader
// before xmlScanner, kept as the oracle the scanner is fuzzed against.
type xmlTokens struct {
	p   *part
	tok xml.Token
}

func (x *xmlTokens) next() error {
	for {
		tok, err := x.p.token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement, xml.EndElement, xml.CharData:
			x.tok = tok
			return nil
		}
	}
}

func (x *xmlTokens) kind() tokenKind {
	switch x.tok.(type) {
	case xml.StartElement:
		return tokStart
	case xml.EndElement:
		return tokEnd
	}
	return tokText
}

func (x *xmlTokens) name() []byte {
	switch t := x.tok.(type) {
	case xml.StartElement:
		return []byte(t.Name.Local)
	case xml.EndElement:
		return []byte(t.Name.Local)
	}
	return nil
}

func (x *xmlTokens) attr(name string) []byte {
	if t, ok := x.tok.(xml.StartElement); ok {
		for _, a := range t.Attr {
			if a.Name.Local == name {
				return []byte(a.Value)
			}
		}
	}
	return nil
}

func (x *xmlTokens) text() []byte {
	if t, ok := x.tok.(xml.CharData); ok {
		return t
	}
	return nil
}

func (x *xmlTokens) depth() int { return len(x.p.stack) }

func (x *xmlTokens) open(i int) []byte {
	_, local, _ := strings.Cut(x.p.stack[i], ":")
	return []byte(local)
}

// sheetRows reads every row (blank ones too) and the merged ranges of the first sheet of a
// workbook, with the xmlScanner reader or with the oracle.
func sheetRows(data []byte, oracle bool) (rows []readRow, merges []Merge, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	wb := &workbook{file: "list.xlsx", opt: nhsHeader, parts: map[string]*zip.File{}}
	for _, zf := range zr.File {
		wb.parts[strings.ToLower(zf.Name)] = zf
	}
	if err := wb.readSharedStrings("xl/sharedStrings.xml"); err != nil {
		return nil, nil, err
	}
	src, err := wb.openSheet(sheetRef{name: "S", path: "xl/worksheets/sheet1.xml"})
	if err != nil {
		return nil, nil, err
	}
	if oracle {
		src.tz = &xmlTokens{p: src.p}
	}
	var r Row
	for {
		ok, err := src.next(&r)
		if err != nil {
			return rows, nil, err
		}
		if !ok {
			return rows, src.merges(), nil
		}
		rows = append(rows, readRow{r.Number, append([]string(nil), r.Cells...), append([]Kind(nil), r.Kinds...), r.Hidden})
	}
}

// FuzzSheetScanner: for any worksheet XML, the scanner-based reader and the encoding/xml
// oracle agree: both reject it, or both read the same rows (numbers, cells, kinds, hidden)
// and merged ranges.
func FuzzSheetScanner(f *testing.F) {
	shared := sst(`<t>NHS Number</t>`, `<t>Pendlebury</t>`, `<r><t>Pen</t></r><r><t>dle</t></r><rPh><t>x</t></rPh>`)
	for _, s := range []string{
		sheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Surname</t></is></c></row>` +
			`<row r="2" hidden="1"><c r="A2"><v>9991000011</v></c><c r="B2" t="s"><v>2</v></c></row>` +
			`<row r="4" ht="0"><c r="C4" t="str"><f>A1</f><v>x &amp; y &#233; &#x1F600;</v></c><c r="D4" t="b"><v>1</v></c></row>`),
		sheetXML(`<row><c><v>1</v></c><c/><c t="e"><v>#N/A</v></c></row><row/><row spans="1:3"><c t="d"><v>2023-10-27</v></c></row>`,
			`<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>`),
		`<?xml version="1.0" encoding="UTF-8"?>` + "\r\n" + `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
			`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve"> a` + "\r\n" + `b </x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
		sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<a> & b]]></t></is></c></row><!-- a comment --><?pi x?>`),
		sheetXML(`<row r='1'><c r='A1'   t = 'str' ><v>q</v></c></row>`),
		sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`)[:60],
		sheetXML(`<row r="1"><c r="A1"><v>&bogus;</v></c></row>`),
		sheetXML(`<row r="1"><c r="A1"><v>&#0;</v></c></row>`),
		sheetXML(`<row r="1"><c r="A1"><v>a</c></v></row>`),
		sheetXML(`<row r="1"><c r="A1" t="s"><v>9</v></c></row>`),
		sheetXML(`<row r="2"/><row r="1"/>`),
		sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>`) + "trailing",
		"<!DOCTYPE x>" + sheetXML(""),
		"\ufeff" + sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`),
		sheetXML(`<row r="1"><c r="A1"><v>a` + "\x01" + `</v></c></row>`),
		sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>` + "\xff" + `</t></is></c></row>`),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sheet string) {
		data := book(t, []testSheet{{name: "S", xml: sheet}}, shared, nil, "")
		fr, fm, ferr := sheetRows(data, false)
		or, om, oerr := sheetRows(data, true)
		if (ferr == nil) != (oerr == nil) {
			t.Fatalf("scanner error %v, oracle error %v\n%q", ferr, oerr, sheet)
		}
		if ferr == nil && (!reflect.DeepEqual(fr, or) || !reflect.DeepEqual(fm, om)) {
			t.Fatalf("scanner read\n%+v %v\noracle read\n%+v %v\n%q", fr, fm, or, om, sheet)
		}
	})
}
