package roster

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/accesspack/accesspack/internal/nhs"
	"github.com/accesspack/accesspack/internal/table"
)

// referenceRecords returns the non-blank records of text, read by the standard library's
// CSV reader (lenient about quotes) after making every CRLF and lone CR an LF (a
// spreadsheet ends a row at each of them), as an independent check of the table reader's
// record splitting; nil if it cannot read them.
func referenceRecords(text string, delim rune) [][]string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	r := csv.NewReader(strings.NewReader(text))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = delim, true, -1
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			if out == nil {
				out = [][]string{}
			}
			return out
		}
		if err != nil {
			return nil
		}
		if !table.Blank(rec) {
			out = append(out, rec)
		}
	}
}

func fuzzSeeds() [][]byte {
	win, _ := charmap.Windows1252.NewEncoder().String(trickyList(","))
	hostile := csvLine(minimalHeader...) + "\n"
	return [][]byte{
		[]byte(minimal([]string{"104", "106", "At Risk"}, []string{"01/11/2023", "", "Y"}, []string{"", "27-Oct-2023", "N"})),
		[]byte(trickyList(",")),
		[]byte(win),
		utf16Bytes(trickyList("\t"), binary.LittleEndian, true),
		[]byte(trickyList(";")),
		[]byte(strings.ReplaceAll(trickyList(","), "\r\n", "\r")),
		[]byte(csvLine("NHS Number", "Name", "DOB", "Address") + "\n" + csvLine(validNHS(1), "SMITH, John (Mr)", "05/06/2001", "1 High St,\nLeeds,\nLS6 2QR") + "\n\n,,,\n"),
		[]byte("Report\n\n" + minimal(nil, nil)),
		[]byte(hostile + `"` + validNHS(1) + `","Sm""ith",01/01/1970,"1 High St",LS6 2QR` + "\n"),
		[]byte(hostile + validNHS(1) + `,"Smith` + "\n"),
		[]byte(hostile + validNHS(1) + `,"Smith"x,01/01/1970,a,b` + "\n"),
		[]byte(hostile + validNHS(1) + ",Smith,10/27/2023,a,b\n"),
		[]byte(hostile + validNHS(1) + ",Smi\x00th,01/01/1970,a,b\n"),
		[]byte(hostile),
		[]byte(hostile + `""""` + "\n" + `"` + "\n" + `,"",""""""` + "\n"),
		[]byte(hostile + strings.Repeat(",", 100) + "x\n"),
		[]byte(hostile + "\r\r\n\r\n\"\r\"\r\n"),
		[]byte("%PDF-1.4\n"),
		[]byte("PK\x03\x04"),
		[]byte(""),
		[]byte("\xef\xbb\xbf"),
		[]byte("\xff\xfe"),
		[]byte("NHS Number\n\xff\xfe\xfd\n"),
	}
}

// FuzzReadCSV: Read never panics; it gives a *FileError with a problem and a hint, or a
// list whose rows strictly increase and whose patients match the non-blank data records.
func FuzzReadCSV(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Read(bytes.NewReader(data), "fuzz.csv", Options{})
		checkReadResult(t, "fuzz.csv", l, err)
		if err != nil {
			return
		}
		for _, p := range l.Patients {
			if p.NHS != nhs.Normalise(p.NHSGiven) || len(p.Address) > 5 {
				t.Fatalf("row %d: NHS %q from %q, %d address lines", p.Row, p.NHS, p.NHSGiven, len(p.Address))
			}
			for _, a := range p.Address {
				if strings.TrimSpace(a) == "" {
					t.Fatalf("row %d: blank address line kept", p.Row)
				}
			}
		}
		if l.Format != "csv" {
			return
		}
		checkAgainstReference(t, data, l)
	})
}

// genList writes an EMIS-style export of n patients.
func genList(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`"NHS Number","EMIS Number","Name","Date of Birth","House Name/Flat","Number and Street","Village","Town","County","Postcode","Mobile Telephone","Email Address","1364731000000104","1364751000000106","1290331000000103","Prospective Access","Online User","At Risk","Review Outcome","Deceased","Communication Needs"` + "\r\n")
	surnames := []string{"SMITH", "O'NEILL", "MCDONALD", "SMITH-JONES", "KOWALSKI", "Núñez", "ĐOKIĆ"}
	forenames := []string{"John", "Siobhán", "Zoë", "Łukasz", "Mary Anne", "Yıldız"}
	for i := 0; i < n; i++ {
		stem := 999000000 + i*3
		c, ok := nhs.CheckDigit(fmt.Sprint(stem))
		if !ok {
			c = 0
		}
		code104, code106 := "", ""
		if i%3 == 0 {
			code104 = "01-Nov-2023"
		}
		if i%7 == 0 {
			code106 = "02/11/2023"
		}
		fmt.Fprintf(&b, "\"%d%d\",\"%d\",\"%s, %s (Mr)\",\"%02d/%02d/%d\",\"\",\"%d High Street\",\"\",\"Leeds\",\"West Yorkshire\",\"LS%d %dQR\",\"07700 9%05d\",\"\",\"%s\",\"%s\",\"\",\"N\",\"Y\",\"N\",\"\",\"\",\"\"\r\n",
			stem, c, 100000+i, surnames[i%len(surnames)], forenames[i%len(forenames)], 1+i%28, 1+i%12, 1930+i%80,
			1+i%200, 1+i%28, 1+i%9, i%100000, code104, code106)
	}
	return b.Bytes()
}

func BenchmarkReadCSV100k(b *testing.B) { benchmarkRead(b, genList(100000)) }

// BenchmarkReadCSV100kLF is BenchmarkReadCSV100k with LF line ends (a Mac's or
// LibreOffice's CSV) instead of Excel's CR LF.
func BenchmarkReadCSV100kLF(b *testing.B) {
	benchmarkRead(b, bytes.ReplaceAll(genList(100000), []byte("\r\n"), []byte("\n")))
}

// benchmarkRead reads data, a generated list of 100,000 patients, as list.csv.
func benchmarkRead(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		l, err := Read(bytes.NewReader(data), "list.csv", Options{})
		if err != nil || len(l.Patients) != 100000 {
			b.Fatal(err)
		}
	}
}

// The generated list reads back whole, and quickly enough to matter as a test.
func TestGeneratedList(t *testing.T) {
	data := genList(5000)
	l, err := Read(bytes.NewReader(data), "list.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRowsKept(t, l, 5000)
	for _, p := range l.Patients {
		if len(p.Problems) != 0 || p.DOB.IsZero() || !p.PostcodeValid || len(p.Address) != 3 {
			t.Fatalf("row %d: %+v", p.Row, p)
		}
	}
	if got := l.Patients[1].Surname; got != "O'Neill" {
		t.Errorf("surname %q", got)
	}
}
