package pack

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/accesspack/accesspack/internal/pdf"
	"github.com/accesspack/accesspack/internal/rules"
)

// Sample is one letter of the pack, rendered on its own for a preview (FirstLetters).
type Sample struct {
	// File is the pack file the letter belongs to: "letters/opt-out-notice.pdf",
	// "organisations/bulk-date-request.pdf", "forms/opt-in-form.pdf".
	File       string
	Kind       rules.Kind
	LargePrint bool
	Row        int    // the patient's input row; 0 for organisation letters and the blank form
	PDF        []byte // the letter alone, laid out as in the pack
}

// FirstLetters renders, without writing anything, the first letter of each PDF file Generate
// would write for cfg — each patient letter kind in standard and large print, then the
// organisation letter and the blank opt-in form — each as a PDF of its own. A letter
// that Generate would move to Not sent (an address that does not fit the window) is
// passed over for the next one of its kind.
func FirstLetters(cfg Config) ([]Sample, error) {
	decisions := rules.Decide(cfg.Patients, cfg.Rules)
	routes := routeAll(decisions, cfg.Channels)
	unprintable(decisions, routes)
	var out []Sample
	seen := map[string]bool{}
	for _, j := range plan(decisions, routes, len(decisions)+1) {
		if seen[j.file] {
			continue
		}
		for _, it := range j.letters {
			d := it.d
			l, err := cfg.Templates.Patient(d.Letter, d.Variant, d.Patient, cfg.Practice, cfg.Rules.Pathway, d.Enclosures)
			if err != nil {
				return nil, fmt.Errorf("letter for input row %d (%s): %w", d.Row, d.Patient.MaskedNHS(), err)
			}
			doc := pdf.New(pdfOptions(cfg, string(j.kind)))
			_, _, err = doc.Add(l)
			var ae *pdf.AddressError
			var me *pdf.MissingError
			if errors.As(err, &ae) || errors.As(err, &me) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("letter for input row %d (%s): %w", d.Row, d.Patient.MaskedNHS(), err)
			}
			b, err := docBytes(doc)
			if err != nil {
				return nil, err
			}
			out = append(out, Sample{File: j.file, Kind: j.kind, LargePrint: d.Patient.LargePrint, Row: d.Row, PDF: b})
			seen[j.file] = true
			break
		}
	}
	if kind := rules.OrganisationLetter(cfg.Rules.Pathway); kind != "" {
		c := rules.Count(decisions) // as the pack's, less letters the drawing itself refuses
		l, err := cfg.Templates.Organisation(kind, cfg.Practice, cfg.Rules.Pathway, &c)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		b, err := pdf.Bytes(pdfOptions(cfg, string(kind)), l)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		out = append(out, Sample{File: "organisations/" + string(kind) + ".pdf", Kind: kind, PDF: b})
	}
	l, err := cfg.Templates.BlankForm(cfg.Practice)
	if err != nil {
		return nil, fmt.Errorf("blank opt-in form: %w", err)
	}
	b, err := pdf.Bytes(pdfOptions(cfg, string(rules.OptInForm)), l)
	if err != nil {
		return nil, fmt.Errorf("blank opt-in form: %w", err)
	}
	return append(out, Sample{File: "forms/opt-in-form.pdf", Kind: rules.OptInForm, PDF: b}), nil
}

func docBytes(doc *pdf.Doc) ([]byte, error) {
	var b bytes.Buffer
	if _, err := doc.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
