package letters

import (
	"fmt"

	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
)

// placeholder is the patient PathwayLetters writes to: invented, so that a problem found
// before the list is read names no patient.
var placeholder = patient.Patient{
	NHSGiven: "999 000 0000", NHS: "9990000000", Title: "Mx", Forename: "Sample", Surname: "Patient",
	Address: []string{"1 Sample Street", "Sampletown"}, Postcode: "AA1 1AA", PostcodeValid: true,
}

// PathwayLetters builds every letter to patients that pathway can send — each row's
// letter in the variant the practice's bulk 104 choice gives, with its enclosures — to an
// invented patient, with the practice's details, and returns the first problem: a
// required field with no value is a Problem whose Field names it. `generate` and `check`
// call it before the patient list is read, so a practice file that lacks a value the
// letters print is reported as such, naming the key, rather than at the first patient.
func (s *Set) PathwayLetters(pathway rules.Pathway, pr *practice.Practice) error {
	t := rules.TableFor(pathway)
	if t == nil {
		return fmt.Errorf("unknown pathway %q", pathway)
	}
	seen := map[rules.LetterVariant]bool{}
	for _, r := range t.Rows {
		lv := rules.LetterVariant{Kind: r.Letter, Variant: r.VariantFor(pr.Bulk104)}
		if r.Letter == "" || seen[lv] {
			continue
		}
		seen[lv] = true
		p := placeholder
		if _, err := s.Patient(r.Letter, lv.Variant, &p, pr, pathway, r.Enclosures); err != nil {
			return err
		}
	}
	return nil
}
