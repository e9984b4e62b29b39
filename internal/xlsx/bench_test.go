package xlsx

import (
	"fmt"
	"io"
	"testing"
	"time"
)

// bigBook has one kind sheet of n letters.
func bigBook(n int) *Book {
	rows := make([]LetterRow, n)
	for i := range rows {
		rows[i] = LetterRow{
			NHSNumber: fmt.Sprintf("999%07d", i), EMISNumber: fmt.Sprint(100000 + i),
			Title: "Mrs", Forename: "Forename", Surname: fmt.Sprintf("Surname%d", i),
			DateOfBirth: time.Date(1950+i%60, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC),
			Address:     [5]string{fmt.Sprintf("%d Long Street Name", i%300), "Some District", "LEEDS"},
			Postcode:    "LS6 2QR", Mobile: "07700900123", Email: "someone@example.org",
			Format: "standard", PDFFile: "letters/opt-out-notice.pdf", FirstPage: 1 + 2*i, Pages: 2,
		}
	}
	return &Book{
		Summary:    []Pair{{"Input rows", n}},
		Reconciled: true,
		Kinds:      []KindSheet{{Kind: "opt-out-notice", Rows: rows}},
		Date:       letterDate,
	}
}

func BenchmarkWrite100k(b *testing.B) {
	book := bigBook(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, book); err != nil {
			b.Fatal(err)
		}
	}
}
