package xlsx

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// SheetPractices is the one sheet of the organisations summary workbook (summary.xlsx).
const SheetPractices = "Practices"

// practiceColumns are the Practices sheet's headers.
var practiceColumns = []string{"Row", "ODS Code", "Practice", "Pathway", "Letter", "File", "Status", "Problem", "Warnings"}

// PracticeRow is one row of the practices list and what became of it.
type PracticeRow struct {
	Row                                  int // the input row number
	ODS, Practice, Pathway, Letter, File string
	Status, Problems, Warnings           string
}

// Practices is the summary workbook `accesspack organisations` writes: one sheet,
// Practices, one row per input row.
type Practices struct {
	Rows []PracticeRow
	// Date becomes the workbook's created and modified date (the latest letter date in
	// the list), so that the same list gives the same bytes; zero means 1 January 2000.
	Date time.Time
}

// WritePractices writes the summary workbook for p to w. Errors name rows, never values.
func WritePractices(w io.Writer, p *Practices) error {
	f := excelize.NewFile()
	defer f.Close()
	fail := func(what string, err error) error { return fmt.Errorf("summary.xlsx: %s: %w", what, err) }
	if err := f.SetSheetName("Sheet1", SheetPractices); err != nil {
		return fail("sheet", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fail("style", err)
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": ODS codes stay text
	if err != nil {
		return fail("style", err)
	}
	widths := make([]int, len(practiceColumns))
	set := func(col, row int, v any) error {
		ref, err := excelize.CoordinatesToCellName(col+1, row)
		if err == nil {
			err = f.SetCellValue(SheetPractices, ref, v)
		}
		if s, ok := v.(string); ok {
			widths[col] = max(widths[col], len([]rune(s)))
		} else {
			widths[col] = max(widths[col], len(fmt.Sprint(v)))
		}
		return err
	}
	for j, h := range practiceColumns {
		if err := set(j, 1, h); err != nil {
			return fail("header", err)
		}
	}
	for i := range p.Rows {
		r := &p.Rows[i]
		vals := []any{r.Row, r.ODS, r.Practice, r.Pathway, r.Letter, r.File, r.Status, r.Problems, r.Warnings}
		for j, v := range vals {
			if s, ok := v.(string); ok && s == "" {
				continue
			}
			if err := set(j, i+2, v); err != nil {
				return fail(fmt.Sprintf("row %d", i+2), err)
			}
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(practiceColumns), len(p.Rows)+1)
	if err := f.SetCellStyle(SheetPractices, "A1", "I1", bold); err != nil {
		return fail("header style", err)
	}
	if len(p.Rows) > 0 {
		end, _ := excelize.CoordinatesToCellName(2, len(p.Rows)+1)
		if err := f.SetCellStyle(SheetPractices, "B2", end, text); err != nil {
			return fail("text style", err)
		}
	}
	for j, wd := range widths {
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := f.SetColWidth(SheetPractices, col, col, float64(min(max(wd+2, 8), 60))); err != nil {
			return fail("column width", err)
		}
	}
	if err := f.SetPanes(SheetPractices, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail("freezing the header", err)
	}
	if err := f.AutoFilter(SheetPractices, "A1:"+last, nil); err != nil {
		return fail("autofilter", err)
	}
	date := p.Date
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "accesspack", LastModifiedBy: "accesspack", Title: "Organisation letters",
		Language: "en-GB", Created: date.Format(time.RFC3339), Modified: date.Format(time.RFC3339),
	}); err != nil {
		return fail("properties", err)
	}
	return f.Write(w)
}
