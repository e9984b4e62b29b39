package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/pack"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/letters"
)

func init() {
	type generateOpts struct {
		inputFlags
		out        string
		templates  string
		strict     bool
		force      bool
		duplex     bool
		quiet      bool
		volumeSize int
	}
	register(&command{
		name: "generate", summary: "make the letters pack (PDFs, mailing list, EMIS work-lists)",
		args: "[--practice FILE] [--patients FILE] [--out DIR] [--pathway NAME] [options]",
		about: `Makes the print-ready pack for the practice's pathway: one PDF per kind of letter (sorted by
postcode), organisation letters, a blank opt-in form, mailing-list.xlsx (mail-merge source,
EMIS work-lists and everyone not written to, with the reason) and manifest.json.
With no --practice and --patients it uses the built-in sample practice and patients.
The pack is written to a temporary folder and moved into place only when complete.`,
		example: `  accesspack generate
  accesspack generate --practice practice.toml --patients list.csv --out pack
  accesspack generate --patients list.xlsx --pathway defer-dpia --bulk-104 --go-live 2027-01-15 --letter-date 2026-12-01 --out dpia-pack
  accesspack generate --practice practice.toml --patients list.csv --duplex --force`,
		flags: func(fs *pflag.FlagSet) any {
			o := &generateOpts{}
			addInputFlags(fs, &o.inputFlags)
			fs.StringVarP(&o.out, "out", "o", "pack", "folder to write the pack to")
			fs.StringVar(&o.templates, "templates", "", "folder of edited letter templates (see 'accesspack templates export')")
			fs.BoolVar(&o.strict, "strict", false, "write nothing (exit 3) if any row has a data problem (invalid NHS number, duplicate, no date of birth, no address)")
			fs.BoolVar(&o.force, "force", false, "replace an existing, non-empty --out folder")
			fs.BoolVar(&o.duplex, "duplex", false, "pad each letter to an even number of pages for double-sided printing")
			fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
			fs.IntVar(&o.volumeSize, "volume-size", pack.DefaultVolumeSize, "letters per PDF file; larger kinds are split into numbered volumes")
			return o
		},
		run: func(e *env, opts any, args []string) error {
			o := opts.(*generateOpts)
			if err := noArgs("generate", args); err != nil {
				return err
			}
			if o.volumeSize < 1 {
				return usageError{msg: "--volume-size must be at least 1"}
			}
			if o.quiet {
				e = &env{stdin: e.stdin, stdout: e.stdout, stderr: io.Discard} // errors are reported by run, not through e
			}
			// Catch an interrupt from the start, so that one arriving while the list is
			// read still ends in the "interrupted" message and a clean exit, not a kill.
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			set, err := loadTemplates(o.templates)
			if err != nil {
				return err
			}
			in, err := loadInputs(e, &o.inputFlags, true, practice.NeedAll)
			if err != nil {
				return err
			}
			if o.strict {
				if err := strictCheck(rules.Decide(in.list.Patients, in.rules)); err != nil {
					return err
				}
			}
			cfg := pack.Config{
				Practice: in.practice, Patients: in.list.Patients, InputRows: in.list.DataRows,
				InputName: in.inputName, InputHash: in.inputHash,
				Rules: in.rules, Templates: set,
				Out: o.out, Force: o.force, Duplex: o.duplex, VolumeSize: o.volumeSize,
				Version: version, Channels: in.channels,
			}
			if _, err := pack.Messages(cfg); err != nil {
				return messageError(o.templates, err)
			}
			prog := newProgress(e.stderr, o.quiet)
			cfg.Progress = prog.update
			res, err := pack.Generate(ctx, cfg)
			prog.finish()
			if err != nil {
				return packError(o.out, err)
			}
			if !o.quiet {
				printSummary(e, res)
			}
			return nil
		},
	})
}

func loadTemplates(dir string) (*letters.Set, error) {
	if dir == "" {
		return letters.Embedded()
	}
	set, err := letters.LoadDir(dir) // each problem names DIR/FILE:LINE
	if err != nil {
		return nil, hinted{code: exitUsage, msg: err.Error(),
			hints: []string{"fix the template, or run 'accesspack templates check " + dir + "' to see every problem"}}
	}
	return set, nil
}

func packError(out string, err error) error {
	switch {
	case errors.Is(err, pack.ErrOutNotEmpty):
		return usageError{msg: out + ": " + err.Error(),
			hints: []string{"choose a new folder with --out, or add --force to replace what is there"}}
	case errors.Is(err, outdir.ErrIsFile):
		return usageError{msg: "--out " + err.Error(), hints: []string{"choose a folder name with --out"}}
	case errors.Is(err, pack.ErrBusy):
		return hinted{code: exitInternal, msg: out + ": " + err.Error(),
			hints: []string{"wait for the other run to finish, or choose another --out"}}
	case errors.Is(err, context.Canceled):
		return hinted{code: exitInternal, msg: "interrupted: nothing was written to " + out}
	}
	return hinted{code: exitInternal, msg: "the pack could not be written: " + err.Error(),
		hints: []string{"nothing was written to " + out + "; check there is space and that you can write there"}}
}

// messageError reports a text message that cannot be sent as it is (over its budget, a
// template missing) as a problem with the templates.
func messageError(dir string, err error) error {
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
	return hinted{code: exitUsage, msg: where + ": " + err.Error(), hints: hints}
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
		return
	}
	e.note("pack written to %s (%d letters, %d pages)", res.Dir, res.Letters, res.Pages)
}
