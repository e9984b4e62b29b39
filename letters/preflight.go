package letters

import (
	"fmt"
	"slices"

	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
)

// pathwayLetter is a letter to patients a pathway can send: its kind and variant, and
// what it encloses.
type pathwayLetter struct {
	rules.LetterVariant
	Enclosures []rules.Kind
}

// pathwayLetters lists the letters pathway's table sends to patients, each once, in
// table order: each row's letter in the variant the practice's bulk 104 choice gives,
// with its enclosures.
func pathwayLetters(pathway rules.Pathway, bulk104 bool) ([]pathwayLetter, error) {
	t := rules.TableFor(pathway)
	if t == nil {
		return nil, fmt.Errorf("unknown pathway %q", pathway)
	}
	var out []pathwayLetter
	for _, r := range t.Rows {
		l := pathwayLetter{rules.LetterVariant{Kind: r.Letter, Variant: r.VariantFor(bulk104)}, r.Enclosures}
		if r.Letter == "" || slices.ContainsFunc(out, func(o pathwayLetter) bool {
			return o.LetterVariant == l.LetterVariant && slices.Equal(o.Enclosures, l.Enclosures)
		}) {
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

// placeholder is the patient PathwayLetters writes to: invented, so that a problem found
// before the list is read names no patient.
var placeholder = patient.Patient{
	NHSGiven: "999 000 0000", NHS: "9990000000", Title: "Mx", Forename: "Sample", Surname: "Patient",
	Address: []string{"1 Sample Street", "Sampletown"}, Postcode: "AA1 1AA", PostcodeValid: true,
}

// PathwayLetters builds every letter to patients that pathway can send (pathwayLetters)
// to an invented patient, with the practice's details, and returns the first problem: a
// required field with no value is a Problem whose Field names it. `generate` and `check`
// call it before the patient list is read, so a practice file that lacks a value the
// letters print is reported as such, naming the key, rather than at the first patient.
func (s *Set) PathwayLetters(pathway rules.Pathway, pr *practice.Practice) error {
	ls, err := pathwayLetters(pathway, pr.Bulk104)
	if err != nil {
		return err
	}
	for _, l := range ls {
		p := placeholder
		if _, err := s.Patient(l.Kind, l.Variant, &p, pr, pathway, l.Enclosures); err != nil {
			return err
		}
	}
	return nil
}
