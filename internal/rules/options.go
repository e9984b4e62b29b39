package rules

import (
	"fmt"
	"strings"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/suggest"
)

// Options are the practice's choices that the decisions depend on.
type Options struct {
	Pathway Pathway
	// GoLive is the go-live date G; for defer-booked the booked date B; for
	// batch104-after-live the past go-live date (optional there).
	GoLive     civil.Date
	LetterDate civil.Date
	// Bulk104 adds the add-104 actions of docs/pathways.md (defer-booked, defer-dpia). Only those two pathways
	// accept it.
	Bulk104 bool
}

// ReferenceDate is the reference date of docs/rules.md: the date ages are checked on. It is the go-live
// date (for defer-booked, the booked date), or the letter date for a practice already live.
func (o Options) ReferenceDate() civil.Date {
	if t := TableFor(o.Pathway); t != nil && t.Live {
		return o.LetterDate
	}
	return o.GoLive
}

// OptionError is a problem with the options. Option names the setting as a flag
// ("--go-live"); Hint says what to do.
type OptionError struct {
	Option  string
	Problem string
	Hint    string
}

func (e *OptionError) Error() string { return e.Option + ": " + e.Problem }

// Validate checks the options make sense together: a known pathway, the dates it needs in
// the right order, and bulk 104 only where it means something.
func (o Options) Validate() error {
	t := TableFor(o.Pathway)
	if t == nil {
		_, err := ParsePathway(string(o.Pathway))
		return err
	}
	if o.LetterDate.IsZero() {
		return &OptionError{"--letter-date", "the letter date is missing",
			"give the date printed on the letters, e.g. --letter-date 2026-11-02"}
	}
	switch {
	case t.Live:
		if !o.GoLive.IsZero() && o.GoLive.After(o.LetterDate) {
			return &OptionError{"--go-live", fmt.Sprintf("%s is for a practice already live, but the go-live date %s is after the letter date %s",
				o.Pathway, o.GoLive.Long(), o.LetterDate.Long()),
				"if you have not gone live yet, use --pathway " + string(Batch104BeforeLive)}
		}
	case o.GoLive.IsZero():
		return &OptionError{"--go-live", fmt.Sprintf("%s needs %s", o.Pathway, t.GoLive),
			"give it as --go-live YYYY-MM-DD; ages are checked on that date"}
	case !o.GoLive.After(o.LetterDate):
		hint := "letters must reach patients before the go-live date; check both dates"
		if o.Pathway == MissedDate || o.Pathway == Proceed || o.Pathway == Batch104BeforeLive {
			hint += "; if you have already gone live, see 'accesspack pathways'"
		}
		return &OptionError{"--go-live", fmt.Sprintf("%s (%s) is not after the letter date %s",
			t.GoLive, o.GoLive.Long(), o.LetterDate.Long()), hint}
	}
	if o.Bulk104 && !t.Bulk104() {
		var ok []string
		for _, t := range Tables {
			if t.Bulk104() {
				ok = append(ok, string(t.Pathway))
			}
		}
		return &OptionError{"--bulk-104", "bulk 104 does not apply to " + string(o.Pathway),
			"bulk 104 is for " + strings.Join(ok, " and ") + "; leave it out, or set it to false in the practice file"}
	}
	return nil
}

// UnknownPathwayError is a pathway name that is not one of the six.
type UnknownPathwayError struct {
	Name       string
	Suggestion Pathway // nearest known pathway, or ""
}

func (e *UnknownPathwayError) Error() string {
	if e.Name == "" {
		return "no pathway given"
	}
	return fmt.Sprintf("unknown pathway %q", e.Name)
}

// Hint says what to do: "did you mean …?" and the list of pathways.
func (e *UnknownPathwayError) Hint() string {
	var names []string
	for _, p := range Pathways {
		names = append(names, string(p))
	}
	h := "the pathways are " + strings.Join(names, ", ") + "; 'accesspack pathways' explains each"
	if e.Suggestion != "" {
		h = fmt.Sprintf("did you mean %q? ", e.Suggestion) + h
	}
	return h
}

// ParsePathway reads a pathway name, ignoring case and treating spaces and underscores as
// hyphens. An unknown name gives an *UnknownPathwayError with the nearest pathway.
func ParsePathway(s string) (Pathway, error) {
	norm := strings.ToLower(strings.TrimSpace(s))
	norm = strings.NewReplacer("_", "-", " ", "-").Replace(norm)
	var names []string
	for _, p := range Pathways {
		if string(p) == norm {
			return p, nil
		}
		names = append(names, string(p))
	}
	err := &UnknownPathwayError{Name: s}
	if norm != "" {
		err.Suggestion = Pathway(suggest.Nearest(norm, names))
	}
	return "", err
}
