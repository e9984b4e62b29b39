//go:build unix

package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/accesspack/accesspack/internal/privacytest"
)

// Issue 12.1: the patient list and the practices list are read by one table reader, so
// the same bad input is rejected or accepted alike by `generate --patients` and
// `organisations --practices`. Each case below is made twice, once as a patient list and
// once as a practices list (the same defect in each), and both commands are run on it.

// flavour is one kind of list: its header and rows, and which columns the cases spoil.
type flavour struct {
	name          string
	header        []string
	rows          [][]string
	text, address int // a one-line text column; an address column (may hold line breaks)
	date          int // a date column
}

func flavours(t *testing.T) []flavour {
	t.Helper()
	f, err := os.Open("../../internal/orgs/testdata/practices.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	practices, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var patients [][]string
	for i, r := range [][]string{
		{"Mr", "Arthur", "Pendlebury", "03/04/1951", "14 Quarry Lane", "Leeds", "LS6 2QR"},
		{"Mrs", "Beatrix", "Okonkwo-Hale", "27-Oct-1969", "Flat 2", "9 Tannery Row", "LS7 3AB"},
		{"Ms", "Zoë", "Brontë", "1980-02-01", "3 Café Street", "York", "YO1 7HH"},
	} {
		patients = append(patients, append([]string{privacytest.CorpusNHS(i)}, r...))
	}
	return []flavour{
		{name: "patients", header: []string{"NHS Number", "Title", "Forename", "Surname", "Date of Birth", "Address Line 1", "Address Line 2", "Postcode"},
			rows: patients, text: 2, address: 5, date: 4},
		{name: "practices", header: practices[0], rows: practices[1:4], text: 0, address: 2, date: 19},
	}
}

// rows returns a copy of the flavour's rows with change applied to the second one.
func (f flavour) rowsWith(change func(r []string)) [][]string {
	out := make([][]string, len(f.rows))
	for i, r := range f.rows {
		out[i] = append([]string(nil), r...)
	}
	if change != nil {
		change(out[1])
	}
	return out
}

// csvText writes header and rows as CSV with the delimiter and row end, quoting as Excel does.
func csvText(header []string, rows [][]string, delim, eol string) string {
	line := func(cells []string) string {
		out := make([]string, len(cells))
		for i, c := range cells {
			if strings.ContainsAny(c, delim+"\"\r\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			out[i] = c
		}
		return strings.Join(out, delim)
	}
	var b strings.Builder
	b.WriteString(line(header) + eol)
	for _, r := range rows {
		b.WriteString(line(r) + eol)
	}
	return b.String()
}

// workbook writes header and rows as an .xlsx, by hand, with inline strings; sheetRows
// may reorder or change the rows' XML (given as "<row …>…</row>" strings, header first).
type workbook struct {
	rows      func(xml []string) []string
	hidden    bool // the list's sheet is hidden, after a visible "Notes" sheet
	hiddenOld bool // a hidden copy of the list comes first
	sst       bool // shared strings, cut short (the part says it holds one more than it does)
}

func (w workbook) bytes(t *testing.T, header []string, rows [][]string) []byte {
	t.Helper()
	esc := func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#13;").Replace(s)
	}
	var shared []string
	row := func(n int, cells []string) string {
		var b strings.Builder
		fmt.Fprintf(&b, `<row r="%d">`, n)
		for i, c := range cells {
			if c == "" {
				continue
			}
			ref := fmt.Sprintf("%s%d", columnLetters(i), n)
			if w.sst {
				shared = append(shared, c)
				fmt.Fprintf(&b, `<c r="%s" t="s"><v>%d</v></c>`, ref, len(shared)-1)
			} else {
				fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, esc(c))
			}
		}
		return b.String() + "</row>"
	}
	xml := []string{row(1, header)}
	for i, r := range rows {
		xml = append(xml, row(i+2, r))
	}
	if w.rows != nil {
		xml = w.rows(xml)
	}
	sheet := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		strings.Join(xml, "") + `</sheetData></worksheet>`
	notes := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>read me</t></is></c></row></sheetData></worksheet>`
	type part struct{ name, state, xml string }
	sheets := []part{{"List", "", sheet}}
	switch {
	case w.hidden:
		sheets = []part{{"Notes", "", notes}, {"List", "hidden", sheet}}
	case w.hiddenOld:
		sheets = []part{{"Old list", "hidden", sheet}, {"List", "", sheet}}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		fw, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(body))
	}
	put("_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	var wb, rels strings.Builder
	for i, s := range sheets {
		state := ""
		if s.state != "" {
			state = ` state="` + s.state + `"`
		}
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, s.name, i+1, state, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		put(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), s.xml)
	}
	if w.sst {
		rels.WriteString(`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="%d">`, len(shared))
		for _, s := range shared[:len(shared)-1] {
			b.WriteString("<si><t>" + esc(s) + "</t></si>")
		}
		put("xl/sharedStrings.xml", b.String()+"</sst>")
	}
	put("xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`+wb.String()+`</sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+rels.String()+`</Relationships>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func columnLetters(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// damageSheet changes one byte in the middle of the first sheet's compressed data.
func damageSheet(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			off, _ := f.DataOffset()
			bad := bytes.Clone(data)
			bad[off+int64(f.CompressedSize64)/2] ^= 0x55
			return bad
		}
	}
	t.Fatal("no sheet")
	return nil
}

// The outcomes a case expects of both commands.
const (
	sameError = iota // both exit 3 with the same problem (the list's noun aside)
	rejected         // both exit 3, each naming its own missing columns or rows
	read             // both read every row: a pack, and every practice's letter
	heldBack         // both read the file and hold back the spoilt row, saying why
)

func TestPatientAndPracticeListsReadAlike(t *testing.T) {
	dir := t.TempDir()
	fl := flavours(t)
	fifo := filepath.Join(dir, "fifo.csv")
	must(t, syscall.Mkfifo(fifo, 0o600))
	big := filepath.Join(dir, "big.csv")
	f, err := os.Create(big)
	must(t, err)
	must(t, f.Truncate(256<<20+1)) // sparse
	f.Close()
	rng := bytes.Repeat([]byte{0x8b, 0x00, 0xc3, 0x1f, 0xfe}, 800)
	w1252 := func(s string) []byte { b, _ := charmap.Windows1252.NewEncoder().String(s); return []byte(b) }
	utf16 := func(s string) []byte {
		b, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
		return []byte(b)
	}
	outOfOrder := func(x []string) []string { return []string{x[0], x[1], x[3], x[2]} }
	twice := func(x []string) []string { x[2] = strings.Replace(x[2], `r="3"`, `r="2"`, 1); return x }
	hideRow := func(x []string) []string {
		x[2] = strings.Replace(x[2], `<row r="3">`, `<row r="3" hidden="1">`, 1)
		return x
	}

	cases := []struct {
		name   string
		file   string                 // a fixed path, or
		make   func(f flavour) []byte // the bytes, as this flavour
		ext    string                 // the file's extension
		expect int                    // sameError, rejected, read, heldBack
		both   string                 // rejected: what both problems say
		held   string                 // heldBack: what both say of the held row
	}{
		{name: "empty", make: func(flavour) []byte { return nil }, expect: sameError},
		{name: "white space only", make: func(flavour) []byte { return []byte(" \r\n\t\n") }, expect: sameError},
		{name: "a PDF", make: func(flavour) []byte { return []byte("%PDF-1.4\n%%EOF\n") }, expect: sameError},
		{name: "an old .xls", ext: ".xls", make: func(flavour) []byte {
			return append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
		}, expect: sameError},
		{name: "binary with NUL bytes", make: func(flavour) []byte { return rng }, expect: sameError},
		{name: "a zip that is not a workbook", make: func(f flavour) []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			w, _ := zw.Create("list.csv")
			w.Write([]byte(csvText(f.header, f.rows, ",", "\r\n")))
			zw.Close()
			return b.Bytes()
		}, expect: sameError},
		{name: "a workbook cut short", ext: ".xlsx", make: func(f flavour) []byte { b := workbook{}.bytes(t, f.header, f.rows); return b[:len(b)/2] }, expect: sameError},
		{name: "a workbook with one byte changed", ext: ".xlsx", make: func(f flavour) []byte { return damageSheet(t, workbook{}.bytes(t, f.header, f.rows)) }, expect: sameError},
		{name: "workbook rows out of order", ext: ".xlsx", make: func(f flavour) []byte { return workbook{rows: outOfOrder}.bytes(t, f.header, f.rows) }, expect: sameError},
		{name: "a workbook row number twice", ext: ".xlsx", make: func(f flavour) []byte { return workbook{rows: twice}.bytes(t, f.header, f.rows) }, expect: sameError},
		{name: "shared strings cut short", ext: ".xlsx", make: func(f flavour) []byte { return workbook{sst: true}.bytes(t, f.header, f.rows) },
			expect: rejected, both: "the workbook is damaged: its shared text is cut short"},
		{name: "the only sheet with the list hidden", ext: ".xlsx", make: func(f flavour) []byte { return workbook{hidden: true}.bytes(t, f.header, f.rows) },
			expect: rejected, both: "is hidden, and hidden sheets are not read"},
		{name: "a quote never closed", make: func(f flavour) []byte {
			return []byte(strings.Replace(csvText(f.header, f.rows, ",", "\r\n"), f.rows[1][f.text], `"`+f.rows[1][f.text], 1))
		}, expect: rejected, both: "(unbalanced quotes)"},
		{name: `text after a closing quote ("Oak"field)`, make: func(f flavour) []byte {
			return []byte(strings.Replace(csvText(f.header, f.rows, ",", "\r\n"), f.rows[1][f.text], `"Oak"field `+f.rows[1][f.text], 1))
		}, expect: rejected, both: "row 3: text follows a closing quote inside a cell (unbalanced quotes)"},
		{name: "a NUL byte in a row", make: func(f flavour) []byte {
			return []byte(strings.Replace(csvText(f.header, f.rows, ",", "\r\n"), f.rows[1][f.text], "x\x00y", 1))
		}, expect: sameError},
		{name: "header only", make: func(f flavour) []byte { return []byte(csvText(f.header, nil, ",", "\r\n")) }, expect: rejected},
		{name: "header and blank rows", make: func(f flavour) []byte { return []byte(csvText(f.header, nil, ",", "\r\n") + ",,,\r\n\r\n") }, expect: rejected},
		{name: "/dev/zero", file: "/dev/zero", expect: sameError},
		{name: "a FIFO", file: fifo, expect: sameError},
		{name: "a folder", file: dir, expect: sameError},
		{name: "a file over 256 MB", file: big, expect: sameError},
		{name: "no such file", file: filepath.Join(dir, "missing.csv"), expect: sameError},

		{name: "CR row ends, an LF inside a quoted address", make: func(f flavour) []byte {
			return []byte(csvText(f.header, f.rowsWith(func(r []string) { r[f.address] = "Flat 2\n" + r[f.address] }), ",", "\r"))
		}, expect: read},
		{name: "CRLF with one row ended by a lone CR", make: func(f flavour) []byte {
			text := csvText(f.header, f.rows, ",", "\r\n")
			i := strings.Index(text, "\r\n") + 2
			j := i + strings.Index(text[i:], "\r\n")
			return []byte(text[:j] + "\r" + text[j+2:])
		}, expect: read},
		{name: "UTF-16 with BOM, tab-separated (Excel's Unicode text)", ext: ".txt", make: func(f flavour) []byte { return utf16(csvText(f.header, f.rows, "\t", "\r\n")) }, expect: read},
		{name: "Windows-1252", make: func(f flavour) []byte { return w1252(csvText(f.header, f.rows, ",", "\r\n")) }, expect: read},
		{name: "semicolons and a UTF-8 BOM", make: func(f flavour) []byte { return []byte("\ufeff" + csvText(f.header, f.rows, ";", "\r\n")) }, expect: read},
		{name: "dates written 01.12.2026", make: func(f flavour) []byte {
			return []byte(csvText(f.header, f.rowsWith(func(r []string) {
				if f.name == "patients" {
					r[f.date] = "27.10.1969"
				} else {
					r[f.date] = "01.12.2026"
				}
			}), ",", "\r\n"))
		}, expect: read},
		{name: "a workbook", ext: ".xlsx", make: func(f flavour) []byte { return workbook{}.bytes(t, f.header, f.rows) }, expect: read},
		{name: "a workbook named .csv", make: func(f flavour) []byte { return workbook{}.bytes(t, f.header, f.rows) }, expect: read},
		{name: "a hidden old list before the visible one", ext: ".xlsx", make: func(f flavour) []byte { return workbook{hiddenOld: true}.bytes(t, f.header, f.rows) }, expect: read},
		{name: "a hidden row", ext: ".xlsx", make: func(f flavour) []byte { return workbook{rows: hideRow}.bytes(t, f.header, f.rows) }, expect: heldBack, held: "hidden"},
		{name: "a comma too many", make: func(f flavour) []byte {
			return []byte(strings.Replace(csvText(f.header, f.rows, ",", "\r\n"), f.rows[1][f.text], f.rows[1][f.text]+",extra", 1))
		}, expect: heldBack, held: "cell"},
	}
	noun := strings.NewReplacer("patient list", "LIST", "list of practices", "LIST")
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var codes [2]int
			var problems [2]string
			var stderrs [2]string
			for k, f := range fl {
				path := tc.file
				if path == "" {
					ext := tc.ext
					if ext == "" {
						ext = ".csv"
					}
					path = filepath.Join(dir, fmt.Sprintf("%d-%s%s", i, f.name, ext))
					must(t, os.WriteFile(path, tc.make(f), 0o600))
				}
				out := filepath.Join(dir, fmt.Sprintf("out-%d-%s", i, f.name))
				args := []string{"generate", "--patients", path, "--pathway", "proceed", "--out", out}
				if f.name == "practices" {
					args = []string{"organisations", "--practices", path, "--out", out}
				}
				code, _, stderr := runIn(t, dir, args...)
				codes[k], stderrs[k] = code, stderr
				for _, l := range strings.Split(stderr, "\n") {
					if rest, ok := strings.CutPrefix(l, "accesspack: error: "+path+": "); ok {
						problems[k] = noun.Replace(rest)
					}
				}
			}
			switch tc.expect {
			case sameError, rejected:
				if codes != [2]int{3, 3} {
					t.Fatalf("exit %v, want 3 from both\n--- generate:\n%s--- organisations:\n%s", codes, stderrs[0], stderrs[1])
				}
				if tc.expect == sameError && (problems[0] == "" || problems[0] != problems[1]) {
					t.Errorf("not the same problem:\n generate:      %q\n organisations: %q", problems[0], problems[1])
				}
				if !strings.Contains(problems[0], tc.both) || !strings.Contains(problems[1], tc.both) {
					t.Errorf("the problems do not both say %q:\n generate:      %q\n organisations: %q", tc.both, problems[0], problems[1])
				}
			case read, heldBack:
				if codes != [2]int{0, 0} {
					t.Fatalf("exit %v, want 0 from both\n--- generate:\n%s--- organisations:\n%s", codes, stderrs[0], stderrs[1])
				}
				letters, _ := filepath.Glob(filepath.Join(dir, fmt.Sprintf("out-%d-practices", i), "*.pdf"))
				want := 3
				if tc.expect == heldBack {
					want = 2
					pat := map[string][2]string{
						"hidden": {"1 row is hidden or filtered out in the sheet (first: row 3)", "row 3 (Y99902 Tolland Street Surgery): hidden row in the spreadsheet"},
						"cell":   {"1 row has a different number of cells from the header row (first: row 3)", "cells shifted: check the row"},
					}[tc.held]
					for k := range fl {
						if !strings.Contains(stderrs[k], pat[k]) {
							t.Errorf("%s does not say it held row 3 back (%q):\n%s", fl[k].name, pat[k], stderrs[k])
						}
					}
				}
				if len(letters) != want {
					t.Errorf("organisations wrote %d letters, want %d:\n%s", len(letters), want, stderrs[1])
				}
				if _, err := os.Stat(filepath.Join(dir, fmt.Sprintf("out-%d-patients", i), "mailing-list.xlsx")); err != nil {
					t.Errorf("generate wrote no pack: %v\n%s", err, stderrs[0])
				}
			}
		})
	}
}
