package orgs

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/outdir"
)

// The output folder is written with internal/outdir (SPEC §8 "safe writing"): everything
// goes into a temporary folder beside the final one, owner-only, under a lock, and is
// renamed into place only when complete; a failure leaves the folder as it was.

// SummaryFile is the summary workbook's name in the output folder, and SummarySheet its sheet.
const (
	SummaryFile  = "summary.xlsx"
	SummarySheet = "Practices"
)

// The errors Write and CheckOut give for an output folder they must not write.
var (
	ErrOutNotEmpty = outdir.ErrNotEmpty
	ErrOutIsFile   = outdir.ErrIsFile
	ErrBusy        = outdir.ErrBusy
)

// CheckOut reports early what Write would refuse: an output folder that is a file, or
// one that holds files when force is not set. Write checks again, under its lock.
func CheckOut(out string, force bool) error { return outdir.Check(out, force) }

// Write writes every written letter and summary.xlsx to out, safely.
func Write(out string, force bool, r *Result) (err error) {
	st, err := outdir.Open(out, force)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			st.Abort()
		}
	}()
	for i := range r.Items {
		it := &r.Items[i]
		if it.Status != Written {
			continue
		}
		if err := st.WriteFile(it.File, func(w io.Writer) error {
			_, err := w.Write(it.pdf)
			return err
		}); err != nil {
			return err
		}
	}
	if err := st.WriteFile(SummaryFile, func(w io.Writer) error { return writeSummary(w, r) }); err != nil {
		return err
	}
	return st.Commit()
}

// summaryColumns are the Practices sheet's headers.
var summaryColumns = []string{"Row", "ODS Code", "Practice", "Pathway", "Letter", "File", "Status", "Problem", "Warnings"}

// writeSummary writes summary.xlsx: one sheet, Practices, one row per input row. Its
// dates are the latest letter date in the list, so the same list gives the same bytes.
func writeSummary(w io.Writer, r *Result) error {
	f := excelize.NewFile()
	defer f.Close()
	fail := func(what string, err error) error { return fmt.Errorf("summary.xlsx: %s: %w", what, err) }
	if err := f.SetSheetName("Sheet1", SummarySheet); err != nil {
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
	widths := make([]int, len(summaryColumns))
	set := func(col, row int, v any) error {
		ref, err := excelize.CoordinatesToCellName(col+1, row)
		if err == nil {
			err = f.SetCellValue(SummarySheet, ref, v)
		}
		if s, ok := v.(string); ok {
			widths[col] = max(widths[col], len([]rune(s)))
		} else {
			widths[col] = max(widths[col], len(fmt.Sprint(v)))
		}
		return err
	}
	for j, h := range summaryColumns {
		if err := set(j, 1, h); err != nil {
			return fail("header", err)
		}
	}
	var latest time.Time
	for i := range r.Items {
		it := &r.Items[i]
		if t := it.LetterDate.Time(); !it.LetterDate.IsZero() && t.After(latest) {
			latest = t
		}
		letter := string(it.Kind)
		if it.Status == NoLetter {
			letter = ""
		}
		vals := []any{it.Row, it.ODS, it.Name, it.Pathway, letter, it.File, string(it.Status),
			joinSemi(it.Problems), joinSemi(it.Warnings)}
		for j, v := range vals {
			if s, ok := v.(string); ok && s == "" {
				continue
			}
			if err := set(j, i+2, v); err != nil {
				return fail(fmt.Sprintf("row %d", i+2), err)
			}
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(summaryColumns), len(r.Items)+1)
	if err := f.SetCellStyle(SummarySheet, "A1", "I1", bold); err != nil {
		return fail("header style", err)
	}
	if len(r.Items) > 0 {
		end, _ := excelize.CoordinatesToCellName(2, len(r.Items)+1)
		if err := f.SetCellStyle(SummarySheet, "B2", end, text); err != nil {
			return fail("text style", err)
		}
	}
	for j, wd := range widths {
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := f.SetColWidth(SummarySheet, col, col, float64(min(max(wd+2, 8), 60))); err != nil {
			return fail("column width", err)
		}
	}
	if err := f.SetPanes(SummarySheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail("freezing the header", err)
	}
	if err := f.AutoFilter(SummarySheet, "A1:"+last, nil); err != nil {
		return fail("autofilter", err)
	}
	if latest.IsZero() {
		latest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "accesspack", LastModifiedBy: "accesspack", Title: "Organisation letters",
		Language: "en-GB", Created: latest.Format(time.RFC3339), Modified: latest.Format(time.RFC3339),
	}); err != nil {
		return fail("properties", err)
	}
	return f.Write(w)
}

func joinSemi(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += "; "
		}
		out += x
	}
	return out
}
