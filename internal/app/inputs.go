package app

import (
	"bytes"
	"errors"
	"path/filepath"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/pdf"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
	"github.com/accesspack/accesspack/letters"
)

// Inputs are where a run's practice and patients come from.
type Inputs struct {
	// Practice is the practice's details; if nil, they are read from PracticeFile, or are
	// the built-in sample practice when that is "".
	Practice     *practice.Practice
	PracticeFile string
	// Overrides are values given for this run (the command line's --pathway, --go-live,
	// --channels …), over the practice's own.
	Overrides practice.Overrides

	// Patients is the patient list's bytes (an upload), named PatientsName in messages;
	// if nil, the list is read from PatientsFile, or is the built-in sample list when
	// that is "".
	Patients     []byte
	PatientsName string
	PatientsFile string
	// IncludeHiddenRows reads a workbook's hidden and filtered-out rows as if they were
	// shown; by default they are not sent (roster.Options.IncludeHidden).
	IncludeHiddenRows bool

	// Note, if set, receives notices for the user: which sample is used, warnings about
	// the practice or the list. They never hold a patient's details.
	Note func(format string, args ...any)
}

func (in *Inputs) note(format string, args ...any) {
	if in.Note != nil {
		in.Note(format, args...)
	}
}

// keep lists the files a run reads, which its output must never replace.
func (in *Inputs) keep() []string {
	var k []string
	for _, f := range []string{in.PracticeFile, in.PatientsFile} {
		if f != "" {
			k = append(k, f)
		}
	}
	return k
}

// setting is the practice as it applies to this run, and the rules it gives.
type setting struct {
	practice *practice.Practice
	rules    rules.Options
	hasRules bool // a pathway is known

	// How letters reach patients (by post, or a text message instead), the most
	// fragments a message may use and the prices for the cost estimate: the practice
	// file's, or the defaults.
	channels channel.Settings
	budget   int
	prices   channel.Prices
}

// loadPractice reads the practice, applies the overrides, and checks the practice's
// values for what the run will produce (need). needPathway says whether a missing
// pathway is an error.
func loadPractice(in *Inputs, needPathway bool, need practice.Need) (*setting, error) {
	s := &setting{}
	var err error
	builtIn := false
	switch {
	case in.Practice != nil:
		p := *in.Practice
		s.practice = &p
	case in.PracticeFile == "":
		builtIn = true
		if s.practice, err = practice.Sample(); err != nil {
			return nil, err
		}
		in.note("no --practice given: using the built-in sample practice %q", s.practice.Name)
	default:
		if s.practice, err = practice.Load(in.PracticeFile); err != nil {
			return nil, err
		}
	}
	ov := in.Overrides
	if ov.Pathway != nil {
		pw, err := rules.ParsePathway(*ov.Pathway)
		if err != nil {
			return nil, pathwayError("--pathway: ", err)
		}
		name := string(pw)
		ov.Pathway = &name
	}
	s.practice.Apply(ov)
	if builtIn && ov.GoLive == nil && rules.Pathway(s.practice.Pathway) == rules.Batch104AfterLive {
		// The sample practice is not live yet; for this pathway it went live on the
		// contract date, so that the sample letters read true.
		s.practice.GoLive = civil.New(2023, 10, 31)
		in.note("batch104-after-live with the sample practice: taking 31 October 2023 as its past go-live date")
	}
	if s.practice.Pathway != "" || needPathway {
		if err := s.practice.Check(need); err != nil {
			return nil, err
		}
		if err := letters.CheckPrintable(s.practice, pdf.Missing); err != nil {
			return nil, err
		}
	}
	if s.channels, s.budget, s.prices, err = channel.FromPractice(s.practice); err != nil {
		// Only when the checks above did not run (no pathway yet): name where it came from.
		where := "the practice file's messages.channels"
		if ov.Channels != nil {
			where = "--channels"
		}
		return nil, outcome.New(outcome.Usage, where+": "+err.Error(), "use letter, message or both")
	}
	if s.practice.Pathway == "" {
		if needPathway {
			return nil, outcome.New(outcome.Usage, "no pathway chosen",
				"give one with --pathway, or set pathway in the practice file", "run 'accesspack pathways' to see every pathway")
		}
		return s, nil
	}
	pw, err := rules.ParsePathway(s.practice.Pathway)
	if err != nil {
		return nil, pathwayError("the practice file's pathway: ", err)
	}
	s.rules = rules.FromPractice(s.practice, pw)
	if err := s.rules.Validate(); err != nil {
		var oe *rules.OptionError
		if errors.As(err, &oe) && optionKeys[oe.Option] != nil {
			// The value may be the practice file's, not the option's: say which.
			return nil, s.practice.ErrorAt(oe.Problem, oe.Hint, optionKeys[oe.Option]...)
		}
		if errors.As(err, &oe) && oe.Hint != "" {
			return nil, &outcome.Error{Status: outcome.Usage, Msg: err.Error(), Hints: []string{oe.Hint}, Err: err}
		}
		return nil, pathwayError("", err)
	}
	s.hasRules = true
	s.warn(in, need)
	return s, nil
}

// warn notes the practice's warnings, once the rules have checked it, so that a value
// they refuse is not also a warning.
func (s *setting) warn(in *Inputs, need practice.Need) {
	for _, w := range s.practice.Warnings(need) {
		in.note("warning: %s", w.Error())
	}
}

// optionKeys are the practice values each rules.Options problem is about, by the option
// rules.OptionError names: the problem is placed at the first of them that an option
// set, or else at the first, in the practice file.
var optionKeys = map[string][]string{
	"--go-live":     {"go_live", "letter_date"},
	"--letter-date": {"letter_date"},
	"--bulk-104":    {"bulk_104", "pathway"},
}

func pathwayError(prefix string, err error) error {
	e := &outcome.Error{Status: outcome.Usage, Msg: prefix + err.Error(), Err: err}
	var pe *rules.UnknownPathwayError
	if errors.As(err, &pe) {
		e.Hints = append(e.Hints, pe.Hint())
	} else {
		e.Hints = append(e.Hints, "run 'accesspack pathways' to see every pathway")
	}
	return e
}

// list is a patient list as read, with the name the pack records.
type list struct {
	*roster.List
	name string
}

// loadList reads the patient list with the practice's header mapping. A file is read
// by roster.ReadFile, which refuses what is not a regular file or is too large.
func loadList(in *Inputs, pr *practice.Practice) (*list, error) {
	opt := roster.Options{Headers: pr.Headers, IncludeHidden: in.IncludeHiddenRows}
	var l *roster.List
	var err error
	name := in.PatientsName
	switch {
	case in.Patients != nil:
		if name == "" {
			name = "patient list"
		}
		l, err = roster.Read(bytes.NewReader(in.Patients), name, opt)
	case in.PatientsFile == "":
		name = sample.PatientsName
		l, err = roster.Read(bytes.NewReader(sample.PatientsCSV()), name, opt)
	default:
		name = in.PatientsFile
		l, err = roster.ReadFile(name, opt)
	}
	if err != nil {
		return nil, err
	}
	out := &list{List: l, name: filepath.Base(name)}
	if in.Patients == nil && in.PatientsFile == "" {
		in.note("no --patients given: using the built-in sample list of %d invented patients", len(l.Patients))
	}
	for _, w := range l.Warnings {
		in.note("%s: %s", out.name, w)
	}
	return out, nil
}
