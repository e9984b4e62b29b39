package main

import (
	"fmt"
	"maps"
	"slices"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/app"
	"github.com/accesspack/accesspack/internal/pack"
	"github.com/accesspack/accesspack/internal/rules"
)

type checkOptions struct {
	inputFlags
	strict bool
}

var checkCommand = define(command{
	name: "check", summary: "read a patient list and count what a pathway would produce; writes nothing",
	args: "--patients FILE [--practice FILE] [--pathway NAME] [--go-live DATE] [--letter-date DATE]",
	about: `Reads and checks a patient list, then prints counts: rows, code states (103/104/106), problems
found in rows, and — with a pathway — how many letters of each kind, EMIS actions and rows
not written to, with the reasons. It never prints a patient's details and writes nothing:
run it before generate as a dry run.`,
	example: `  accesspack check --patients list.csv
  accesspack check --patients list.xlsx --pathway proceed --go-live 2027-01-15 --letter-date 2026-12-01
  accesspack check --practice practice.toml --patients list.csv`,
}, func(fs *pflag.FlagSet, o *checkOptions) {
	addInputFlags(fs, &o.inputFlags)
	fs.BoolVar(&o.strict, "strict", false, "fail (exit 3) if any row has a data problem (invalid NHS number, duplicate, no date of birth, no address)")
}, runCheck)

func runCheck(e *env, o *checkOptions, args []string) error {
	if err := noArgs("check", args); err != nil {
		return err
	}
	in, err := o.inputs(e)
	if err != nil {
		return err
	}
	defer privateTemp()()
	rep, err := app.Check(e.ctx, app.CheckRequest{Inputs: in, Strict: o.strict})
	if rep == nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "Patient list: %s (%s, %s)\n", rep.Name, rep.List.Format, rep.List.Encoding)
	fmt.Fprintf(w, "Rows: %d\n", len(rep.List.Patients))
	if len(rep.Problems) > 0 {
		fmt.Fprintln(w, "\nProblems found while reading rows:")
		for _, k := range slices.Sorted(maps.Keys(rep.Problems)) {
			fmt.Fprintf(w, "  %-50s %d\n", k, rep.Problems[k])
		}
	}
	if rep.Counts == nil {
		fmt.Fprintln(w, "\nCode state:")
		for _, s := range rules.CodeStates {
			fmt.Fprintf(w, "  %-10s %d\n", s, rep.States[s])
		}
		fmt.Fprintln(w, "\nNo pathway chosen: give --pathway to see what it would produce.")
		return err
	}
	fmt.Fprintln(w)
	if werr := rules.WriteCounts(w, *rep.Counts); werr != nil {
		return werr
	}
	if werr := pack.WritePreview(w, rep.Channels, rep.Texting); werr != nil {
		return werr
	}
	return err
}
