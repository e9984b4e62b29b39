package table

import (
	"fmt"
	"strings"
	"testing"
)

// benchSheet is a workbook with a 20,000-row sheet of 20 columns, half of them shared
// strings, half numbers, and the size of its sheet part.
func benchSheet(b *testing.B) ([]byte, int) {
	var rows strings.Builder
	rows.WriteString(`<row r="1">`)
	for c := 0; c < 20; c++ {
		fmt.Fprintf(&rows, `<c r="%s1" t="inlineStr"><is><t>NHS Number %d</t></is></c>`, ColumnName(c), c)
	}
	rows.WriteString(`</row>`)
	for i := 2; i <= 20001; i++ {
		fmt.Fprintf(&rows, `<row r="%d" spans="1:20">`, i)
		for c := 0; c < 20; c++ {
			if c%2 == 0 {
				fmt.Fprintf(&rows, `<c r="%s%d" t="s"><v>%d</v></c>`, ColumnName(c), i, c)
			} else {
				fmt.Fprintf(&rows, `<c r="%s%d" s="1"><v>%d</v></c>`, ColumnName(c), i, 9990000000+i)
			}
		}
		rows.WriteString(`</row>`)
	}
	var items []string
	for c := 0; c < 20; c++ {
		items = append(items, fmt.Sprintf("<t>value %d</t>", c))
	}
	return book(b, []testSheet{{name: "S", xml: sheetXML(rows.String())}}, sst(items...), nil, ""), rows.Len()
}

// BenchmarkXLSX reads benchSheet's rows with the table reader (xmlScanner).
func BenchmarkXLSX(b *testing.B) {
	data, size := benchSheet(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		tb, err := Open(data, "b.xlsx", Options{IsHeader: func([]string) bool { return true }})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for tb.Next() {
			n++
		}
		if tb.Err() != nil || n != 20000 {
			b.Fatal(n, tb.Err())
		}
	}
}

// BenchmarkXLSXEncodingXML reads the same rows with the encoding/xml tokenizer the scanner
// replaced (the fuzz oracle), for a before-and-after in one run.
func BenchmarkXLSXEncodingXML(b *testing.B) { benchmarkSheetRows(b, true) }

// BenchmarkXLSXScannerRows is BenchmarkXLSXEncodingXML with the scanner.
func BenchmarkXLSXScannerRows(b *testing.B) { benchmarkSheetRows(b, false) }

func benchmarkSheetRows(b *testing.B, oracle bool) {
	data, size := benchSheet(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		rows, _, err := sheetRows(data, oracle)
		if err != nil || len(rows) != 20001 {
			b.Fatal(len(rows), err)
		}
	}
}
