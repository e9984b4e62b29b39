package orgs

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/xlsx"
)

// SummaryFile is the summary workbook's name in the output folder, and SummarySheet its sheet.
const (
	SummaryFile  = "summary.xlsx"
	SummarySheet = xlsx.SheetPractices
)

// Manifest is the output folder's manifest.json: what made it, and every other file in
// it with its size and SHA-256, so that a later --force can tell it is an earlier output
// exactly as written (internal/outdir).
type Manifest struct {
	Tool   string           `json:"tool"`
	Output string           `json:"output"`
	List   string           `json:"list"` // the practices list's file name
	Rows   int              `json:"rows"`
	Files  []outdir.Written `json:"files"`
}

// Write writes every written letter, summary.xlsx and manifest.json into st, the output
// folder opened with outdir.Open (docs/pack.md#reproducible-and-safe); the caller commits it, or
// aborts it on an error.
func Write(st *outdir.Staging, r *Result) error {
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
	return st.WriteManifest(Manifest{Tool: "accesspack", Output: "organisation letters", List: filepath.Base(r.File),
		Rows: len(r.Items), Files: st.Files()})
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
