package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/pack"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/letters"
)

func init() {
	type checkOpts struct {
		inputFlags
		strict bool
	}
	register(&command{
		name: "check", summary: "read a patient list and count what a pathway would produce; writes nothing",
		args: "--patients FILE [--practice FILE] [--pathway NAME] [--go-live DATE] [--letter-date DATE]",
		about: `Reads and checks a patient list, then prints counts: rows, code states (103/104/106), problems
found in rows, and — with a pathway — how many letters of each kind, EMIS actions and rows
not written to, with the reasons. It never prints a patient's details and writes nothing:
run it before generate as a dry run.`,
		example: `  accesspack check --patients list.csv
  accesspack check --patients list.xlsx --pathway proceed --go-live 2027-01-15 --letter-date 2026-12-01
  accesspack check --practice practice.toml --patients list.csv`,
		flags: func(fs *pflag.FlagSet) any {
			o := &checkOpts{}
			addInputFlags(fs, &o.inputFlags)
			fs.BoolVar(&o.strict, "strict", false, "fail (exit 3) if any row has a data problem (invalid NHS number, duplicate, no date of birth, no address)")
			return o
		},
		run: func(e *env, opts any, args []string) error {
			o := opts.(*checkOpts)
			if err := noArgs("check", args); err != nil {
				return err
			}
			in, err := loadInputs(e, &o.inputFlags, false, practice.NeedRules)
			if err != nil {
				return err
			}
			w := e.stdout
			fmt.Fprintf(w, "Patient list: %s (%s, %s)\n", in.inputName, in.list.Format, in.list.Encoding)
			fmt.Fprintf(w, "Rows: %d\n", len(in.list.Patients))
			states := map[rules.CodeState]int{}
			problems := map[string]int{}
			for i := range in.list.Patients {
				p := &in.list.Patients[i]
				s, _ := rules.State(p)
				states[s]++
				for _, pr := range p.Problems {
					problems[pr]++
				}
			}
			if len(problems) > 0 {
				fmt.Fprintln(w, "\nProblems found while reading rows:")
				keys := make([]string, 0, len(problems))
				for k := range problems {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					fmt.Fprintf(w, "  %-50s %d\n", k, problems[k])
				}
			}
			if !in.hasRules {
				fmt.Fprintln(w, "\nCode state:")
				for _, s := range []rules.CodeState{rules.Declined, rules.Blocked, rules.Cleared, rules.Uncoded} {
					fmt.Fprintf(w, "  %-10s %d\n", s, states[s])
				}
				fmt.Fprintln(w, "\nNo pathway chosen: give --pathway to see what it would produce.")
				return nil
			}
			ds := rules.Decide(in.list.Patients, in.rules)
			c := rules.Count(ds)
			fmt.Fprintln(w)
			c.Options = in.rules
			if err := rules.WriteCounts(w, c); err != nil {
				return err
			}
			if err := writeChannels(w, in, ds); err != nil {
				return err
			}
			if o.strict {
				return strictCheck(ds)
			}
			return nil
		},
	})
}

// writeChannels shows how the letters would go, by post or text message, the messages
// and the cost estimate; with letters only, also what texting would change.
func writeChannels(w io.Writer, in *inputs, ds []rules.Decision) error {
	set, err := letters.Embedded()
	if err != nil {
		return err
	}
	cfg := pack.Config{Practice: in.practice, Rules: in.rules, Templates: set, Channels: in.channels}
	p, err := pack.PreviewChannels(cfg, ds)
	if err != nil {
		return messageError("", err)
	}
	var alt *pack.Preview
	if cfg.Channels.Mode == channel.Letter {
		cfg.Channels.Mode = channel.Message
		if alt, err = pack.PreviewChannels(cfg, ds); err != nil {
			alt = nil // the messages do not fit: nothing to compare with
		}
	}
	return pack.WritePreview(w, p, alt)
}

// strictCheck fails when any row is not sent for a data problem (SPEC §6 --strict).
func strictCheck(ds []rules.Decision) error {
	n, first := 0, 0
	for i := range ds {
		if isDataProblem(ds[i].NotSent) {
			if n == 0 {
				first = ds[i].Row
			}
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return hinted{code: exitList, msg: fmt.Sprintf("--strict: %d rows have data problems (the first is input row %d)", n, first),
		hints: []string{"correct those rows in EMIS and export again, or run without --strict to list them on the Not sent sheet"}}
}

// isDataProblem reports whether a Not sent reason is a problem with the data rather than
// a decision of the rules: what --strict refuses (SPEC §10).
func isDataProblem(reason string) bool {
	switch rules.NotSentGroup(reason) {
	case rules.NotSentInvalidNHS, rules.DuplicateReason, rules.ConflictReason, rules.NotSentNoDOB, rules.NotSentNoAddress:
		return true
	}
	return false
}
