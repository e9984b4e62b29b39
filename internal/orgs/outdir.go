package orgs

import (
	"io"
	"strings"

	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/xlsx"
)

// The output folder is written with internal/outdir (SPEC §8 "safe writing"): everything
// goes into a temporary folder beside the final one, owner-only, under a lock, and is
// renamed into place only when complete; a failure leaves the folder as it was.

// SummaryFile is the summary workbook's name in the output folder, and SummarySheet its sheet.
const (
	SummaryFile  = "summary.xlsx"
	SummarySheet = xlsx.SheetPractices
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

// writeSummary writes summary.xlsx: one row per input row. Its dates are the latest letter
// date in the list, so the same list gives the same bytes.
func writeSummary(w io.Writer, r *Result) error {
	p := &xlsx.Practices{Rows: make([]xlsx.PracticeRow, len(r.Items))}
	for i := range r.Items {
		it := &r.Items[i]
		if t := it.LetterDate.Time(); !it.LetterDate.IsZero() && t.After(p.Date) {
			p.Date = t
		}
		letter := string(it.Kind)
		if it.Status == NoLetter {
			letter = ""
		}
		p.Rows[i] = xlsx.PracticeRow{Row: it.Row, ODS: it.ODS, Practice: it.Name, Pathway: it.Pathway, Letter: letter,
			File: it.File, Status: string(it.Status), Problems: strings.Join(it.Problems, "; "), Warnings: strings.Join(it.Warnings, "; ")}
	}
	return xlsx.WritePractices(w, p)
}
