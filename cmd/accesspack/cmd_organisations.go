package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/orgs"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/suggest"
)

type organisationsOpts struct {
	practices string
	out       string
	kind      string
	templates string
	strict    bool
	force     bool
}

// organisationsCommand is registered in cmd_templates.go, after calibrate, so that the
// main help keeps the order of SPEC §7.
var organisationsCommand = &command{
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

A row with a problem (a missing or unreadable value) is reported on stderr as
"accesspack: row N (ODS name): …" and in the summary's Problem column, and the other rows'
letters are still written: the exit status is then 0, with a warning line. With --strict,
any such row makes the exit status 3 and nothing is written. A list that cannot be read at
all (no such file, not CSV or XLSX, no Practice Name or ODS Code column) is exit status 3,
and so is a list in which no row can be written. The folder is written complete or not at all.`,
	example: `  accesspack organisations --practices practices.csv --out icb-letters
  accesspack organisations --practices practices.xlsx --out icb-letters --strict --force
  accesspack organisations --practices practices.csv --kind bulk-date-request --out bulk-requests`,
	flags: func(fs *pflag.FlagSet) any {
		o := &organisationsOpts{}
		fs.StringVar(&o.practices, "practices", "", "list of practices, one row each (CSV or XLSX; required)")
		fs.StringVarP(&o.out, "out", "o", "", "folder to write the letters and summary.xlsx to (required)")
		fs.StringVar(&o.kind, "kind", "", "write this letter for every practice: "+strings.Join(orgKindNames(), ", "))
		fs.StringVar(&o.templates, "templates", "", "folder of edited letter templates (see 'accesspack templates export')")
		fs.BoolVar(&o.strict, "strict", false, "write nothing (exit 3) if any row has a problem")
		fs.BoolVar(&o.force, "force", false, "replace an existing, non-empty --out folder")
		return o
	},
	run: runOrganisations,
}

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

func runOrganisations(e *env, opts any, args []string) error {
	o := opts.(*organisationsOpts)
	if err := noArgs("organisations", args); err != nil {
		return err
	}
	if o.practices == "" {
		return usageError{msg: "--practices is required",
			hints: []string{"for example: accesspack organisations --practices practices.csv --out icb-letters"}}
	}
	if o.out == "" {
		return usageError{msg: "--out is required",
			hints: []string{"for example: accesspack organisations --practices " + o.practices + " --out icb-letters"}}
	}
	var kind rules.Kind
	if o.kind != "" {
		kind = rules.Kind(strings.ToLower(strings.TrimSpace(o.kind)))
		if orgs.PathwayFor(kind) == "" {
			ue := usageError{msg: fmt.Sprintf("--kind: %q is not a letter to an organisation", o.kind)}
			if s := nearestKind(o.kind); s != "" {
				ue.hints = append(ue.hints, "did you mean "+s+"?")
			}
			ue.hints = append(ue.hints, "the kinds are: "+strings.Join(orgKindNames(), ", "))
			return ue
		}
	}
	if err := orgs.CheckOut(o.out, o.force); err != nil {
		return orgsWriteError(o.out, err)
	}
	set, err := loadTemplates(o.templates)
	if err != nil {
		return err
	}
	list, err := orgs.ReadFile(o.practices)
	if err != nil {
		var fe *orgs.FileError
		if errors.As(err, &fe) {
			return hinted{code: exitList, msg: fe.Error(), hints: nonEmpty(fe.Hint)}
		}
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
		return hinted{code: exitList, msg: fmt.Sprintf("%s: %s a problem (listed above); --strict: nothing was written", o.practices, rowsHave(bad)),
			hints: []string{"fix the rows and run again, or leave out --strict to write the other practices' letters"}}
	case bad > 0 && written == 0:
		return hinted{code: exitList, msg: fmt.Sprintf("%s: no row could be written (%s a problem, listed above); nothing was written", o.practices, rowsHave(bad)),
			hints: []string{"fix the rows and run again; `accesspack organisations --help` lists the columns"}}
	}
	if err := orgs.Write(o.out, o.force, res); err != nil {
		return orgsWriteError(o.out, err)
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

func rowsHave(n int) string {
	if n == 1 {
		return "1 row has"
	}
	return fmt.Sprintf("%d rows have", n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func orgsWriteError(out string, err error) error {
	switch {
	case errors.Is(err, orgs.ErrOutNotEmpty):
		return usageError{msg: out + ": " + err.Error(),
			hints: []string{"choose a new folder with --out, or add --force to replace what is there"}}
	case errors.Is(err, orgs.ErrOutIsFile):
		return usageError{msg: err.Error(), hints: []string{"choose a folder name with --out"}}
	case errors.Is(err, orgs.ErrBusy):
		return hinted{code: exitInternal, msg: out + ": " + err.Error(),
			hints: []string{"wait for the other run to finish, or choose another --out"}}
	}
	return hinted{code: exitInternal, msg: "the letters could not be written: " + err.Error(),
		hints: []string{"nothing was written to " + out + "; check there is space and that you can write there"}}
}
