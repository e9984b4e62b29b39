package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/atomicfile"
	"github.com/accesspack/accesspack/internal/pdf"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/letters"
)

func init() {
	register(&command{
		name: "templates", summary: "export or check the letter wording",
		args: "export DIR | check DIR",
		about: `The wording of every letter lives in templates, one file per kind of letter, in a simple
Markdown-like format. 'export' copies the built-in templates into DIR for you to edit;
'check' reads the templates in DIR, renders every kind against sample data and reports the
first problem with its file and line. Use edited templates with 'generate --templates DIR'.`,
		example: `  accesspack templates export my-wording
  accesspack templates check my-wording
  accesspack generate --templates my-wording --practice practice.toml --patients list.csv`,
		flags: func(fs *pflag.FlagSet) any { return nil },
		run: func(e *env, _ any, args []string) error {
			if len(args) != 2 || (args[0] != "export" && args[0] != "check") {
				return usageError{msg: "templates needs 'export DIR' or 'check DIR'",
					hints: []string{"for example: accesspack templates export my-wording"}}
			}
			dir := args[1]
			if args[0] == "export" {
				if err := letters.Export(dir); err != nil {
					return hinted{code: exitUsage, msg: "cannot export templates to " + dir + ": " + err.Error(),
						hints: []string{"choose an empty or new folder"}}
				}
				e.note("wrote the templates to %s: edit them, then run 'accesspack templates check %s'", dir, dir)
				return nil
			}
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return usageError{msg: dir + " is not a folder of templates",
					hints: []string{"make one with 'accesspack templates export " + dir + "'"}}
			}
			if err := letters.Check(os.DirFS(dir)); err != nil {
				return hinted{code: exitUsage, msg: "templates in " + dir + ": " + err.Error()}
			}
			fmt.Fprintf(e.stdout, "templates in %s: every kind and variant renders\n", dir)
			return nil
		},
	})

	type calibrateOpts struct {
		practice string
		out      string
		force    bool
	}
	register(&command{
		name: "calibrate", summary: "print a test page outlining the envelope address window",
		args: "[--practice FILE] --out FILE.pdf",
		about: `Writes a one-page PDF that outlines where accesspack prints the address. Print it on plain
paper, fold it as you would a letter and put it in one of your window envelopes: the whole
outlined box must show through the window. If not, change [window] in the practice file.`,
		example: "  accesspack calibrate --out window-test.pdf\n  accesspack calibrate --practice practice.toml --out window-test.pdf",
		flags: func(fs *pflag.FlagSet) any {
			o := &calibrateOpts{}
			fs.StringVar(&o.practice, "practice", "", "practice file whose [window] to draw; default: the standard DL window")
			fs.StringVarP(&o.out, "out", "o", "", "the PDF to write (required)")
			fs.BoolVar(&o.force, "force", false, "overwrite the file if it exists")
			return o
		},
		run: func(e *env, opts any, args []string) error {
			o := opts.(*calibrateOpts)
			if err := noArgs("calibrate", args); err != nil {
				return err
			}
			if o.out == "" {
				return usageError{msg: "--out is required", hints: []string{"for example: accesspack calibrate --out window-test.pdf"}}
			}
			win := practice.DefaultWindow
			if o.practice != "" {
				p, err := practice.Load(o.practice)
				if err != nil {
					return err
				}
				win = p.Window
			}
			err := atomicfile.Write(o.out, o.force, func(w io.Writer) error { return pdf.Calibrate(w, win) })
			if err != nil {
				return hinted{code: exitUsage, msg: "cannot write " + o.out + ": " + err.Error(),
					hints: []string{"choose another file with --out, or add --force to replace it"}}
			}
			e.note("wrote %s: print it at 100%% (no 'fit to page'), fold it and hold it behind a window envelope", o.out)
			return nil
		},
	})

	register(organisationsCommand) // defined in cmd_organisations.go
}
