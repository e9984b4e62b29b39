package pack

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/xlsx"
)

// writeMailingList writes mailing-list.xlsx from the decisions and the rendered pages.
func writeMailingList(st *outdir.Staging, cfg Config, ds []rules.Decision, jobs []*job, res *Result) error {
	book := &xlsx.Book{Date: cfg.Rules.LetterDate.Time(), HasRequests: cfg.Rules.Pathway == rules.Proceed}
	// Jobs come kind by kind (standard, then large print), so each kind's rows are
	// consecutive and in the same order as its PDFs.
	for _, j := range jobs {
		if len(book.Kinds) == 0 || book.Kinds[len(book.Kinds)-1].Kind != string(j.kind) {
			book.Kinds = append(book.Kinds, xlsx.KindSheet{Kind: string(j.kind)})
		}
		ks := &book.Kinds[len(book.Kinds)-1]
		for _, it := range j.letters {
			ks.Rows = append(ks.Rows, letterRow(it))
			if book.HasRequests && j.kind == rules.RequestAccess {
				p := it.d.Patient
				book.Requests = append(book.Requests, xlsx.RequestRow{
					NHSNumber: p.NHS, EMISNumber: p.EMISNumber, Name: p.FullName(),
					Address: strings.Join(p.Address, ", "), Postcode: p.Postcode,
				})
			}
		}
	}
	for i := range ds {
		d := &ds[i]
		for _, a := range d.Actions {
			book.Actions = append(book.Actions, xlsx.ActionRow{
				Action: string(a), NHSNumber: d.Patient.NHS, EMISNumber: d.Patient.EMISNumber,
				Name: d.Patient.FullName(), Detail: d.Detail,
			})
		}
		if d.NotSent != "" {
			book.NotSent = append(book.NotSent, xlsx.NotSentRow{
				InputRow: d.Row, NHSNumber: d.Patient.NHSGiven, Name: d.Patient.FullName(), Reason: d.NotSent,
			})
		}
	}
	book.Summary = summary(cfg, res)
	book.Reconciled = reconciled(cfg, res)
	return st.WriteFile("mailing-list.xlsx", func(w io.Writer) error { return xlsx.Write(w, book) })
}

func letterRow(it *item) xlsx.LetterRow {
	p := it.d.Patient
	r := xlsx.LetterRow{
		NHSNumber: p.NHS, EMISNumber: p.EMISNumber, Title: p.Title, Forename: p.Forename, Surname: p.Surname,
		Postcode: p.Postcode, Mobile: p.Mobile, Email: p.Email, Format: "standard",
		PDFFile: it.file, FirstPage: it.firstPage, Pages: it.pages,
		Warnings: strings.Join(it.d.Warnings, "; "),
	}
	if !p.DOB.IsZero() {
		r.DateOfBirth = p.DOB.Time()
	}
	copy(r.Address[:], p.Address)
	if p.LargePrint {
		r.Format = "large print"
	}
	var enc []string
	for _, k := range it.d.Enclosures {
		enc = append(enc, string(k))
	}
	r.Enclosures = strings.Join(enc, ", ")
	return r
}

// reconciled reports whether every input row is in a letter, the actions only, or not
// sent, checked against the input row count too.
func reconciled(cfg Config, res *Result) bool {
	return res.Counts.Reconciled() && res.Counts.Rows == len(cfg.Patients)
}

// summary builds the Summary sheet's lines.
func summary(cfg Config, res *Result) []xlsx.Pair {
	c := res.Counts
	rows := len(cfg.Patients)
	s := []xlsx.Pair{
		{Label: "Pathway", Value: string(cfg.Rules.Pathway)},
		{Label: "Practice", Value: cfg.Practice.Name},
		{Label: "Letter date", Value: cfg.Rules.LetterDate.Time()},
	}
	if !cfg.Rules.GoLive.IsZero() {
		label := "Go-live date"
		switch cfg.Rules.Pathway {
		case rules.DeferBooked:
			label = "Booked date (not going ahead)"
		case rules.Batch104AfterLive:
			label = "Went live on"
		}
		s = append(s, xlsx.Pair{Label: label, Value: cfg.Rules.GoLive.Time()})
	}
	s = append(s,
		xlsx.Pair{Label: "Bulk 104 chosen", Value: yesNo(cfg.Rules.Bulk104)},
		xlsx.Pair{Label: "Input file", Value: cfg.InputName},
		xlsx.Pair{Label: "Input rows", Value: rows},
	)
	for _, k := range rules.PatientKinds {
		if n := c.Letters[k]; n > 0 {
			s = append(s, xlsx.Pair{Label: "Letters: " + string(k), Value: n})
			if lp := c.LargePrint[k]; lp > 0 {
				s = append(s, xlsx.Pair{Label: "  of which large print", Value: lp})
			}
		}
	}
	for _, a := range rules.Actions {
		if n := c.Actions[a]; n > 0 {
			s = append(s, xlsx.Pair{Label: "Action: " + string(a), Value: n})
		}
	}
	for _, r := range sortedKeys(c.NotSent) {
		s = append(s, xlsx.Pair{Label: "Not sent: " + r, Value: c.NotSent[r]})
	}
	for _, w := range sortedKeys(c.Warnings) {
		s = append(s, xlsx.Pair{Label: "Warning: " + w, Value: c.Warnings[w]})
	}
	s = append(s,
		xlsx.Pair{Label: "Rows in letters", Value: c.InLetters},
		xlsx.Pair{Label: "Rows with actions only", Value: c.ActionsOnly},
		xlsx.Pair{Label: "Rows not sent", Value: c.NotSentRows},
		xlsx.Pair{Label: "Input rows accounted for", Value: fmt.Sprintf("%d = %d in letters + %d actions only + %d not sent", rows, c.InLetters, c.ActionsOnly, c.NotSentRows)},
	)
	return s
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Manifest is manifest.json (SPEC §8).
type Manifest struct {
	Tool       string         `json:"tool"`
	Version    string         `json:"version"`
	Pathway    string         `json:"pathway"`
	LetterDate string         `json:"letter_date"`
	GoLive     string         `json:"go_live,omitempty"`
	Bulk104    bool           `json:"bulk_104"`
	Input      ManifestInput  `json:"input"`
	Files      []File         `json:"files"`
	Letters    map[string]int `json:"letters"`
	Actions    map[string]int `json:"actions"`
	NotSent    map[string]int `json:"not_sent"`
	Warnings   map[string]int `json:"warnings"`
	Reconciled bool           `json:"reconciled"`
}

// ManifestInput identifies the patient list the pack was made from.
type ManifestInput struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
}

func writeManifest(st *outdir.Staging, cfg Config, res *Result) error {
	m := Manifest{
		Tool: "accesspack", Version: cfg.Version, Pathway: string(cfg.Rules.Pathway),
		LetterDate: cfg.Rules.LetterDate.String(), GoLive: cfg.Rules.GoLive.String(), Bulk104: cfg.Rules.Bulk104,
		Input:   ManifestInput{File: cfg.InputName, SHA256: cfg.InputHash, Rows: len(cfg.Patients)},
		Files:   res.Files,
		Letters: map[string]int{}, Actions: map[string]int{}, NotSent: map[string]int{},
		Warnings: res.Counts.Warnings, Reconciled: reconciled(cfg, res),
	}
	for k, n := range res.Counts.Letters {
		m.Letters[string(k)] = n
	}
	for a, n := range res.Counts.Actions {
		m.Actions[string(a)] = n
	}
	for r, n := range res.Counts.NotSent {
		m.NotSent[r] = n
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return st.WriteFile("manifest.json", func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}
