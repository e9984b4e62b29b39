package main

import (
	"io"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/app"
	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/pack"
	"github.com/accesspack/accesspack/internal/rules"
)

type generateOptions struct {
	inputFlags
	out        string
	templates  string
	strict     bool
	force      bool
	duplex     bool
	quiet      bool
	volumeSize int
}

var generateCommand = define(command{
	name: "generate", summary: "make the letters pack (PDFs, mailing list, EMIS work-lists)",
	args: "[--practice FILE] [--patients FILE] [--out DIR] [--pathway NAME] [options]",
	about: `Makes the print-ready pack for the practice's pathway: one PDF per kind of letter (sorted by
postcode), organisation letters, a blank opt-in form, mailing-list.xlsx (mail-merge source,
EMIS work-lists and everyone not written to, with the reason) and manifest.json.
With no --practice and --patients it uses the built-in sample practice and patients.
The pack is written to a temporary folder and moved into place only when complete.
--force replaces only an earlier pack, exactly as accesspack wrote it (its manifest.json
lists every file); a folder holding anything else, the current folder, or a file the run
reads is never replaced. An --out that is a link to a folder is written through.`,
	example: `  accesspack generate
  accesspack generate --practice practice.toml --patients list.csv --out pack
  accesspack generate --patients list.xlsx --pathway defer-dpia --bulk-104 --go-live 2027-01-15 --letter-date 2026-12-01 --out dpia-pack
  accesspack generate --practice practice.toml --patients list.csv --duplex --force`,
}, func(fs *pflag.FlagSet, o *generateOptions) {
	addInputFlags(fs, &o.inputFlags)
	fs.StringVarP(&o.out, "out", "o", "pack", "folder to write the pack to")
	fs.StringVar(&o.templates, "templates", "", "folder of edited letter templates (see 'accesspack templates export')")
	fs.BoolVar(&o.strict, "strict", false, "write nothing (exit 3) if any row has a data problem (invalid NHS number, duplicate, no date of birth, no address)")
	fs.BoolVar(&o.force, "force", false, "replace an earlier pack in --out")
	fs.BoolVar(&o.duplex, "duplex", false, "pad each letter to an even number of pages for double-sided printing")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
	fs.IntVar(&o.volumeSize, "volume-size", pack.DefaultVolumeSize, "letters per PDF file; larger kinds are split into numbered volumes")
}, runGenerate)

func runGenerate(e *env, o *generateOptions, args []string) error {
	if err := noArgs("generate", args); err != nil {
		return err
	}
	if o.volumeSize < 1 {
		return usage("--volume-size must be at least 1")
	}
	if o.out == "" {
		return usage("--out is empty: give the folder to write the pack to", "for example: --out pack")
	}
	if o.quiet {
		e = &env{ctx: e.ctx, stdin: e.stdin, stdout: e.stdout, stderr: io.Discard} // errors are reported by run, not through e
	}
	in, err := o.inputs(e)
	if err != nil {
		return err
	}
	defer privateTemp()()
	prog := newProgress(e.stderr, o.quiet)
	res, err := app.Generate(e.ctx, app.GenerateRequest{
		Inputs: in, Out: o.out, Force: o.force, Templates: o.templates,
		Strict: o.strict, Duplex: o.duplex, VolumeSize: o.volumeSize,
		Version: version, Progress: prog.update,
	})
	prog.finish()
	if err != nil {
		return err
	}
	if !o.quiet {
		printSummary(e, res)
	}
	return nil
}

func printSummary(e *env, res *pack.Result) {
	c := res.Counts
	for _, k := range rules.PatientKinds {
		if n := res.Posted[k]; n > 0 {
			e.note("%-16s %6d letters", k, n)
		}
		if n := res.Texted[k]; n > 0 {
			e.note("%-16s %6d text messages (upload lists in messages/)", k, n)
		}
	}
	for _, a := range rules.Actions {
		if n := c.Actions[a]; n > 0 {
			e.note("%-16s %6d patients (EMIS work-list)", a, n)
		}
	}
	e.note("%-16s %6d rows (see the Not sent sheet)", "not sent", c.NotSentRows)
	if res.Messages > 0 {
		e.note("estimated cost: %s (letters %s, text messages %s)", channel.Pounds(res.Estimate.TotalPence()),
			channel.Pounds(res.Estimate.LetterPence()), channel.Pounds(res.Estimate.MessagePence()))
		e.note("pack written to %s (%d letters, %d pages, %d text messages)", res.Dir, res.Letters, res.Pages, res.Messages)
	} else {
		e.note("pack written to %s (%d letters, %d pages)", res.Dir, res.Letters, res.Pages)
	}
	for _, n := range res.Advice {
		e.note("to do: %s", n)
	}
}
