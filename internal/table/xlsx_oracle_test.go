package table

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// The worksheet reader before xmlScanner, on encoding/xml's RawToken (through part.token,
// which checks nesting), kept as the oracle the scanner is fuzzed against.

// oracleSheet streams one worksheet's rows.
type oracleSheet struct {
	wb      *workbook
	sheet   string
	p       *part
	lastRow int
	done    bool
	mrg     []Merge
	v       strings.Builder
}

func (wb *workbook) openOracleSheet(s sheetRef) (*oracleSheet, error) {
	p, err := wb.open(s.path, MaxUnzipped)
	if err != nil {
		return nil, err
	}
	return &oracleSheet{wb: wb, sheet: s.name, p: p}, nil
}

func (s *oracleSheet) close() { s.p.close() }

func (s *oracleSheet) rowsShown(int) int { return -1 }

func (s *oracleSheet) merges() []Merge { return s.mrg }

// damagedOr returns err, or that the workbook is damaged if the rest of the sheet does not
// unpack: a damaged part can look like rows out of order before its checksum is reached.
func (s *oracleSheet) damagedOr(err error) error {
	if _, cerr := io.Copy(io.Discard, s.p.g); cerr != nil && !errors.Is(cerr, errTooBig) && !errors.Is(cerr, errLongText) {
		return s.wb.damaged("part of it cannot be unpacked")
	}
	return err
}

func (s *oracleSheet) order(problem string) error {
	return &Error{File: s.wb.file,
		Problem: fmt.Sprintf("sheet %q: %s, which Excel never writes, so rows could be misread", truncate(s.sheet), problem),
		Hint:    "open the workbook in Excel and save it again as .xlsx, or save the sheet as CSV"}
}

// next reads up to the next <row> of the sheet data and returns its cells. After the last
// row it reads the rest of the part (the merged cells, and the end, which verifies the
// checksum) and returns false.
func (s *oracleSheet) next(r *Row) (bool, error) {
	if s.done {
		return false, nil
	}
	for {
		tok, err := s.p.token()
		if err == io.EOF {
			s.done = true
			s.close()
			return false, nil
		}
		if err != nil {
			s.done = true
			s.close()
			return false, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		depth := len(s.p.stack)
		switch {
		case se.Name.Local == "row" && depth == 3 && strings.HasSuffix(s.p.stack[1], ":sheetData"):
			if err := s.row(se, r); err != nil {
				s.done = true
				err = s.damagedOr(err)
				s.close()
				return false, err
			}
			return true, nil
		case se.Name.Local == "mergeCell":
			if m, ok := parseMerge(attr(se, "ref")); ok {
				s.mrg = append(s.mrg, m)
			}
		}
	}
}

// row reads one <row> element (its start already read) into r.
func (s *oracleSheet) row(se xml.StartElement, r *Row) error {
	num := s.lastRow + 1
	if v := attr(se, "r"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxRows {
			return s.order(fmt.Sprintf("a row has the number %q", truncate(v)))
		}
		num = n
	}
	switch {
	case num == s.lastRow:
		return s.order(fmt.Sprintf("row %d is given twice", num))
	case num < s.lastRow:
		return s.order(fmt.Sprintf("row %d comes after row %d (rows out of order)", num, s.lastRow))
	}
	s.lastRow = num
	r.Number, r.Cells, r.Kinds = num, r.Cells[:0], r.Kinds[:0]
	h := attr(se, "hidden")
	r.Hidden = h == "1" || h == "true"
	if ht := attr(se, "ht"); ht != "" {
		if f, err := strconv.ParseFloat(ht, 64); err == nil && f == 0 {
			r.Hidden = true
		}
	}
	depth := len(s.p.stack)
	col := 0 // columns so far (the last cell's column number)
	for {
		tok, err := s.p.token()
		if err == io.EOF {
			return s.wb.damaged("a part of it is cut short")
		}
		if err != nil {
			return err
		}
		if len(s.p.stack) < depth {
			return nil // </row>
		}
		c, ok := tok.(xml.StartElement)
		if !ok || c.Name.Local != "c" || len(s.p.stack) != depth+1 {
			continue
		}
		at := col + 1
		if ref := attr(c, "r"); ref != "" {
			cc, cr, ok := parseRef(ref)
			if !ok || cr != num {
				return s.order(fmt.Sprintf("row %d holds a cell named %q", num, truncate(ref)))
			}
			if cc <= col {
				return s.order(fmt.Sprintf("row %d: cell %s comes after column %s (cells out of order or given twice)", num, truncate(ref), ColumnName(col-1)))
			}
			at = cc
		}
		if at > maxColumns {
			return s.order(fmt.Sprintf("row %d has a cell beyond column XFD", num))
		}
		col = at
		val, kind, present, err := s.cell(c, depth+1)
		if err != nil {
			return err
		}
		if !present {
			continue
		}
		for len(r.Cells) < at-1 {
			r.Cells = append(r.Cells, "")
			r.Kinds = append(r.Kinds, Text)
		}
		r.Cells = append(r.Cells, val)
		r.Kinds = append(r.Kinds, kind)
	}
}

// cell reads one <c> element (its start already read, at depth) and returns its value.
// present is false for a cell with no value and no formula.
func (s *oracleSheet) cell(c xml.StartElement, depth int) (val string, kind Kind, present bool, err error) {
	typ := attr(c, "t")
	s.v.Reset()
	var inline strings.Builder
	hasV, formula := false, false
	inV, inT, inRPh := false, false, false
	for {
		tok, err := s.p.token()
		if err == io.EOF {
			return "", 0, false, s.wb.damaged("a part of it is cut short")
		}
		if err != nil {
			return "", 0, false, err
		}
		if len(s.p.stack) < depth {
			break // </c>
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			switch tk.Name.Local {
			case "v":
				inV, hasV = true, true
			case "f":
				formula = true
			case "rPh":
				inRPh = true
			case "t":
				inT = !inRPh
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "v":
				inV = false
			case "rPh":
				inRPh = false
			case "t":
				inT = false
			}
		case xml.CharData:
			switch {
			case inV:
				s.v.Write(tk)
			case inT:
				inline.Write(tk)
			}
		}
	}
	v := s.v.String()
	switch typ {
	case "s":
		if !hasV {
			return "", Text, formula, nil
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(s.wb.sst) {
			return "", 0, false, s.wb.damaged("a cell refers to shared text that is not there (the shared strings are cut short)")
		}
		return s.wb.sst[i], Text, true, nil
	case "inlineStr":
		if inline.Len() == 0 && hasV {
			return unescapeX(v), Text, true, nil
		}
		return unescapeX(inline.String()), Text, inline.Len() > 0 || formula, nil
	case "str":
		return v, Text, v != "" || formula, nil
	case "b":
		return v, Bool, v != "" || formula, nil
	case "e":
		return v, Failure, v != "" || formula, nil
	case "d":
		return v, Date, v != "" || formula, nil
	}
	return v, Number, v != "" || formula, nil
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
	ref := sheetRef{name: "S", path: "xl/worksheets/sheet1.xml"}
	var src source
	if oracle {
		src, err = wb.openOracleSheet(ref)
	} else {
		src, err = wb.openSheet(ref)
	}
	if err != nil {
		return nil, nil, err
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
