// Package app is what accesspack does, as functions Go code can call: make a pack
// (Generate) and check a patient list (Check). The command line (cmd/accesspack) and the
// web app call the same functions with the same inputs, so they decide and write alike.
// A cancelled context stops a run; it then leaves nothing behind (an earlier pack at
// Out is untouched). Errors are given their exit status, message and hints by
// internal/outcome.
package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/pack"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/scratch"
	"github.com/accesspack/accesspack/letters"
)

// GenerateRequest is one pack to make.
type GenerateRequest struct {
	Inputs
	Out        string // the folder to write the pack to
	Force      bool   // replace an earlier pack at Out
	Templates  string // a folder of edited templates; "" for the built-in wording
	Strict     bool   // write nothing if any row has a data problem
	Duplex     bool
	VolumeSize int    // letters per PDF; 0 for pack.DefaultVolumeSize
	Version    string // accesspack's version, for the manifest

	// Progress, if set, is called as letters are rendered (see pack.Config).
	Progress func(done, total int)
}

// Generate makes the pack: it reads the templates and the practice, opens Out (refusing
// one it must not write, before the list is read), reads the patient list, and writes the
// pack into place only when it is complete. On any error nothing is left at Out.
func Generate(ctx context.Context, r GenerateRequest) (res *pack.Result, err error) {
	scratch.Sweep()
	set, err := LoadTemplates(r.Templates)
	if err != nil {
		return nil, err
	}
	s, err := loadPractice(&r.Inputs, true, practice.NeedAll)
	if err != nil {
		return nil, err
	}
	cfg := pack.Config{
		Practice: s.practice, Rules: s.rules, Templates: set,
		Channels: s.channels, Budget: s.budget, Prices: s.prices,
		Duplex: r.Duplex, VolumeSize: r.VolumeSize, Version: r.Version, Progress: r.Progress,
	}
	if err := set.PathwayLetters(s.rules.Pathway, s.practice); err != nil {
		return nil, err
	}
	if _, err := pack.Messages(cfg); err != nil {
		return nil, messageError(r.Templates, err)
	}
	keep := r.keep()
	if r.Templates != "" {
		keep = append(keep, r.Templates)
	}
	st, err := outdir.Open(r.Out, outdir.Options{Force: r.Force, Keep: keep})
	if err != nil {
		return nil, outcome.Writing("the pack", r.Out, err)
	}
	defer func() {
		if err != nil {
			st.Abort()
		}
	}()
	l, err := loadList(&r.Inputs, s.practice)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if r.Strict {
		if err := StrictCheck(rules.Decide(l.Patients, s.rules)); err != nil {
			return nil, err
		}
	}
	cfg.Patients, cfg.InputRows, cfg.InputName, cfg.InputHash, cfg.Staging = l.Patients, l.DataRows, l.name, l.SHA256, st
	res, err = pack.Generate(ctx, cfg)
	if err != nil {
		return nil, outcome.Writing("the pack", r.Out, err)
	}
	return res, nil
}

// LoadTemplates reads the edited templates in dir, or the built-in ones if dir is "".
func LoadTemplates(dir string) (*letters.Set, error) {
	if dir == "" {
		return letters.Embedded()
	}
	set, err := letters.LoadDir(dir) // each problem names DIR/FILE:LINE
	if err != nil {
		return nil, &outcome.Error{Status: outcome.Usage, Msg: err.Error(), Err: err,
			Hints: []string{"fix the template, or run 'accesspack templates check " + dir + "' to see every problem"}}
	}
	return set, nil
}

// messageError reports a text message that cannot be sent as it is (over its budget, a
// template missing) as a problem with the templates.
func messageError(dir string, err error) error {
	if p := (letters.Problem{}); errors.As(err, &p) && p.Field != "" {
		return err // a value missing from the practice file, not a problem with the message (outcome.Of)
	}
	hints := []string{"shorten the message, or raise the practice's message budget if your messaging service allows it"}
	if strings.Contains(err.Error(), "UCS-2") {
		hints = append(hints, "a curly quote, a long dash or an emoji makes a whole message Unicode: use ' and - instead")
	}
	if strings.Contains(err.Error(), "missing") {
		hints = []string{"or make letters only: --channels letter"}
	}
	where := "the built-in text messages"
	if dir != "" {
		where = "text messages in " + dir
	}
	return &outcome.Error{Status: outcome.Usage, Msg: where + ": " + err.Error(), Hints: hints, Err: err}
}

// CheckRequest is one patient list to check.
type CheckRequest struct {
	Inputs
	Strict bool // fail if any row has a data problem
}

// CheckReport is what Check found.
type CheckReport struct {
	List     *roster.List
	Name     string                  // the list's file name
	States   map[rules.CodeState]int // patients by code state
	Problems map[string]int          // problems found in rows, by problem
	// Counts is what the pathway would produce; nil when no pathway is chosen.
	Counts *rules.Counts
	// Decisions are the rules' decision for each row, in input order, for a caller that
	// lists rows (the web app's rows needing attention); nil when no pathway is chosen.
	Decisions []rules.Decision
	// Channels is how the letters would go, by post or text message, and what it would
	// cost; with letters only, Texting is what texting would change (nil if the messages
	// do not fit).
	Channels, Texting *pack.Preview
}

// Check reads the patient list and counts what the pathway, if one is chosen, would
// produce. It writes nothing. With Strict, a list with data problems gives the report
// and an error.
func Check(ctx context.Context, r CheckRequest) (*CheckReport, error) {
	scratch.Sweep()
	s, err := loadPractice(&r.Inputs, false, practice.NeedRules)
	if err != nil {
		return nil, err
	}
	set, err := letters.Embedded()
	if err != nil {
		return nil, err
	}
	if s.hasRules {
		if err := set.PathwayLetters(s.rules.Pathway, s.practice); err != nil {
			return nil, err
		}
	}
	l, err := loadList(&r.Inputs, s.practice)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep := &CheckReport{List: l.List, Name: l.name, States: map[rules.CodeState]int{}, Problems: map[string]int{}}
	for i := range l.Patients {
		p := &l.Patients[i]
		st, _ := rules.State(p)
		rep.States[st]++
		for _, pr := range p.Problems {
			rep.Problems[pr]++
		}
	}
	if !s.hasRules {
		return rep, nil
	}
	ds := rules.Decide(l.Patients, s.rules)
	c := rules.Count(ds)
	c.Options = s.rules
	rep.Counts, rep.Decisions = &c, ds
	cfg := pack.Config{Practice: s.practice, Rules: s.rules, Templates: set, Channels: s.channels, Budget: s.budget, Prices: s.prices}
	if rep.Channels, err = pack.PreviewChannels(cfg, ds); err != nil {
		return nil, messageError("", err)
	}
	if cfg.Channels.Mode == channel.Letter {
		cfg.Channels.Mode = channel.Message
		if rep.Texting, err = pack.PreviewChannels(cfg, ds); err != nil {
			rep.Texting = nil // the messages do not fit: nothing to compare with
		}
	}
	if r.Strict {
		return rep, StrictCheck(ds)
	}
	return rep, nil
}

// StrictCheck fails when any row is not sent for a data problem (docs/rules.md#--strict).
func StrictCheck(ds []rules.Decision) error {
	n, first := rules.DataProblems(ds)
	if n == 0 {
		return nil
	}
	return outcome.New(outcome.List, fmt.Sprintf("--strict: %d rows have data problems (the first is input row %d)", n, first),
		"correct those rows in EMIS and export again, or run without --strict to list them on the Not sent sheet")
}
