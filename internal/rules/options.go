package rules

import (
	"fmt"
	"strings"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/practice"
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
	// ReplyBy is the date by which patients should opt out. Where the practice switches
	// access on itself (batch104-after-live, manual-enable) nothing is switched on until
	// after it.
	ReplyBy civil.Date
	// SwitchOn is batch104-after-live's switch-on date; zero means the day after ReplyBy.
	// See SwitchOnDate.
	SwitchOn civil.Date
	// WorkingDays is how many working days the practice gives itself to switch access on
	// by hand (manual-enable); zero means DefaultWorkingDays.
	WorkingDays int
}

// FromPractice returns the options a practice file gives for pathway p (the practice's own
// pathway name, already read with ParsePathway): the one place that maps practice values
// onto the rules.
func FromPractice(pr *practice.Practice, p Pathway) Options {
	return Options{Pathway: p, GoLive: pr.GoLive, LetterDate: pr.LetterDate, Bulk104: pr.Bulk104,
		ReplyBy: pr.ReplyBy, SwitchOn: pr.SwitchOn, WorkingDays: int(pr.WorkingDays)}
}

// DefaultWorkingDays is how many working days a manual-enable practice takes to switch
// access on for everyone with an online account, unless its practice file says otherwise.
const DefaultWorkingDays = 20

// SwitchOnDate is the date from which the practice switches access on itself, and before
// which the manual-access and add-106 actions of batch104-after-live and manual-enable (docs/pathways.md) must wait: the go-live
// date G for manual-enable (access is switched on patient by patient from G); otherwise
// batch104-after-live's switch-on date, which is the day after the reply-by date unless
// the practice set one. Zero when neither date is known.
func SwitchOnDate(p Pathway, goLive, switchOn, replyBy civil.Date) civil.Date {
	switch {
	case p == ManualEnable:
		return goLive
	case !switchOn.IsZero():
		return switchOn
	case !replyBy.IsZero():
		return replyBy.AddDays(1)
	}
	return civil.Date{}
}

// SwitchOnDate is SwitchOnDate for these options.
func (o Options) SwitchOnDate() civil.Date {
	return SwitchOnDate(o.Pathway, o.GoLive, o.SwitchOn, o.ReplyBy)
}

// Days is WorkingDays, or DefaultWorkingDays when it is not set.
func (o Options) Days() int {
	if o.WorkingDays > 0 {
		return o.WorkingDays
	}
	return DefaultWorkingDays
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
	if err := o.validateSwitchOn(t); err != nil {
		return err
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

// validateSwitchOn checks that, where the practice switches access on itself, nothing is
// switched on before patients have had until the reply-by date to opt out.
func (o Options) validateSwitchOn(t *Table) error {
	byHand := false
	for _, r := range t.Rows {
		byHand = byHand || r.NotBefore != ""
	}
	if !byHand {
		return nil
	}
	if o.ReplyBy.IsZero() {
		what := "access is switched on only after it, from the go-live date"
		if t.Pathway == Batch104AfterLive {
			what = "access is switched on only after it (the switch-on date is the day after it unless you set one)"
		}
		return &OptionError{"reply_by", fmt.Sprintf("%s needs the reply-by date: %s", o.Pathway, what),
			"set reply_by in the practice file, e.g. reply_by = 2027-01-05"}
	}
	on := o.SwitchOnDate()
	if on.After(o.ReplyBy) {
		return nil
	}
	if t.Pathway == ManualEnable {
		return &OptionError{"--go-live", fmt.Sprintf("manual-enable switches access on from the go-live date (%s), "+
			"which must be after the reply-by date (%s)", o.GoLive.Long(), o.ReplyBy.Long()),
			"patients need until the reply-by date to opt out before anything is switched on: " +
				"move the go-live date after the reply-by date, or bring the reply-by date forward"}
	}
	return &OptionError{"--switch-on", fmt.Sprintf("the switch-on date (%s) must be after the reply-by date (%s)",
		on.Long(), o.ReplyBy.Long()),
		"patients need until the reply-by date to opt out before anything is switched on: " +
			"move the switch-on date after the reply-by date, or leave it out to use the day after"}
}

// UnknownPathwayError is a pathway name that is not one of the seven.
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
