package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/app"
	"github.com/accesspack/accesspack/internal/orgs"
	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/scratch"
	"github.com/accesspack/accesspack/internal/suggest"
)

type organisationsOptions struct {
	practices string
	out       string
	kind      string
	templates string
	strict    bool
	force     bool
}

var organisationsCommand = define(command{
	name: "organisations", summary: "letters to the ICB and EMIS for many practices",
	args: "--practices FILE.csv|FILE.xlsx --out DIR [--kind KIND] [--strict] [--force]",
	about: `For ICB and LMC teams supporting many practices: writes the letter to an organisation that
each practice's pathway calls for (bulk-date-request for missed-date, emis-deferral-notice
for defer-booked, commissioner-letter for defer-dpia), one PDF per practice, named
ODS-KIND.pdf, and summary.xlsx (sheet Practices: every row with its letter, file, status and
problems). --kind writes that letter for every row, whatever its pathway.

The list has one row per practice and a header row. Headers are matched ignoring case,
spaces and punctuation:
` + columnHelp() + `
Dates: 2026-12-01, 01/12/2026 or an Excel date. Rows with pathways that send no letter
to an organisation (proceed, batch104-*) are listed in the summary and not counted as problems.
The folder also holds manifest.json, listing every file, so that --force can tell it is
an earlier output of accesspack: --force never replaces a folder holding anything else.

A row with a problem (a missing or unreadable value) is reported on stderr as
"accesspack: row N (ODS name): …" and in the summary's Problem column, and the other rows'
letters are still written: the exit status is then 0, with a warning line. With --strict,
any such row makes the exit status 3 and nothing is written. A list that cannot be read at
all (no such file, not CSV or XLSX, no Practice Name or ODS Code column) is exit status 3,
and so is a list in which no row can be written. The folder is written complete or not at all.`,
	example: `  accesspack organisations --practices practices.csv --out icb-letters
  accesspack organisations --practices practices.xlsx --out icb-letters --strict --force
  accesspack organisations --practices practices.csv --kind bulk-date-request --out bulk-requests`,
}, func(fs *pflag.FlagSet, o *organisationsOptions) {
	fs.StringVar(&o.practices, "practices", "", "list of practices, one row each (CSV or XLSX; required)")
	fs.StringVarP(&o.out, "out", "o", "", "folder to write the letters and summary.xlsx to (required)")
	fs.StringVar(&o.kind, "kind", "", "write this letter for every practice: "+strings.Join(orgKindNames(), ", "))
	fs.StringVar(&o.templates, "templates", "", "folder of edited letter templates (see 'accesspack templates export')")
	fs.BoolVar(&o.strict, "strict", false, "write nothing (exit 3) if any row has a problem")
	fs.BoolVar(&o.force, "force", false, "replace an earlier output of organisations in --out")
}, runOrganisations)

func orgKindNames() []string {
	var names []string
	for _, k := range rules.OrganisationKinds {
		names = append(names, string(k))
	}
	return names
}

// columnHelp lists the columns, one a line, with what each holds.
func columnHelp() string {
	var b strings.Builder
	for _, c := range orgs.Columns() {
		b.WriteString(strings.TrimRight(fmt.Sprintf("  %-15s %s", c.Header, c.About), " ") + "\n")
	}
	return b.String()
}

func runOrganisations(e *env, o *organisationsOptions, args []string) (err error) {
	if err := noArgs("organisations", args); err != nil {
		return err
	}
	if o.practices == "" {
		return usage("--practices is required", "for example: accesspack organisations --practices practices.csv --out icb-letters")
	}
	if o.out == "" {
		return usage("--out is required", "for example: accesspack organisations --practices "+o.practices+" --out icb-letters")
	}
	var kind rules.Kind
	if o.kind != "" {
		kind = rules.Kind(strings.ToLower(strings.TrimSpace(o.kind)))
		if orgs.PathwayFor(kind) == "" {
			ue := outcome.New(outcome.Usage, fmt.Sprintf("--kind: %q is not a letter to an organisation", o.kind))
			if s := nearestKind(o.kind); s != "" {
				ue.Hints = append(ue.Hints, "did you mean "+s+"?")
			}
			ue.Hints = append(ue.Hints, "the kinds are: "+strings.Join(orgKindNames(), ", "))
			return ue
		}
	}
	set, err := app.LoadTemplates(o.templates)
	if err != nil {
		return err
	}
	defer privateTemp()()
	scratch.Sweep()
	// The folder is checked and locked before the list is read, so that a folder that
	// must not be written is refused before anything is reported.
	keep := []string{o.practices}
	if o.templates != "" {
		keep = append(keep, o.templates)
	}
	st, err := outdir.Open(o.out, outdir.Options{Force: o.force, Keep: keep})
	if err != nil {
		return outcome.Writing("the letters", o.out, err)
	}
	defer func() {
		if err != nil {
			st.Abort()
		}
	}()
	list, err := orgs.ReadFile(o.practices)
	if err != nil {
		return err
	}
	for _, w := range list.Warnings {
		e.note("warning: %s: %s", o.practices, w)
	}
	res, err := orgs.Build(list, orgs.Options{Templates: set, Kind: kind})
	if err != nil {
		return err
	}
	for i := range res.Items {
		it := &res.Items[i]
		switch it.Status {
		case orgs.NotWritten:
			for _, p := range it.Problems {
				e.note("%s: %s", it.Label(), p)
			}
		case orgs.NoLetter:
			e.note("%s: %s (listed in the summary)", it.Label(), strings.Join(it.Problems, "; "))
		case orgs.Written:
			for _, w := range it.Warnings {
				e.note("%s: warning: %s", it.Label(), w)
			}
		}
	}
	written, bad := res.Count(orgs.Written), res.Count(orgs.NotWritten)
	switch {
	case bad > 0 && o.strict:
		return outcome.New(outcome.List, fmt.Sprintf("%s: %s a problem (listed above); --strict: nothing was written", o.practices, rowsHave(bad)),
			"fix the rows and run again, or leave out --strict to write the other practices' letters")
	case bad > 0 && written == 0:
		return outcome.New(outcome.List, fmt.Sprintf("%s: no row could be written (%s a problem, listed above); nothing was written", o.practices, rowsHave(bad)),
			"fix the rows and run again; `accesspack organisations --help` lists the columns")
	}
	if err := e.ctx.Err(); err != nil {
		return err
	}
	if err := orgs.Write(st, res); err != nil {
		return outcome.Writing("the letters", o.out, err)
	}
	if err := st.Commit(); err != nil {
		return outcome.Writing("the letters", o.out, err)
	}
	e.note("wrote %d %s and %s to %s", written, plural(written, "letter", "letters"), orgs.SummaryFile, o.out)
	if bad > 0 {
		e.note("warning: %s a problem and %s not written (listed above and in the Problem column of %s); use --strict to make this an error",
			rowsHave(bad), plural(bad, "was", "were"), orgs.SummaryFile)
	}
	return nil
}

// nearestKind suggests a kind for a mistyped one, matching the words of each kind too
// ("comissioner" → commissioner-letter).
func nearestKind(s string) string {
	byName := map[string]string{}
	var names []string
	for _, k := range orgKindNames() {
		for _, n := range append([]string{k}, strings.Split(k, "-")...) {
			if _, ok := byName[n]; !ok && len(n) > 4 {
				byName[n] = k
				names = append(names, n)
			}
		}
	}
	return byName[suggest.Nearest(strings.ToLower(s), names)]
}

func rowsHave(n int) string { return fmt.Sprintf("%d %s", n, plural(n, "row has", "rows have")) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
