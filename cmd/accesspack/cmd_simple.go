package main

import (
	"fmt"
	"io"
	"runtime"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/atomicfile"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

func init() {
	register(&command{
		name: "version", summary: "print the version", args: "",
		about:   "Prints accesspack's version and the Go version it was built with.",
		example: "  accesspack version",
		flags:   func(fs *pflag.FlagSet) any { return nil },
		run: func(e *env, _ any, args []string) error {
			if err := noArgs("version", args); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "accesspack %s (%s)\n", version, runtime.Version())
			return nil
		},
	})

	type initOpts struct {
		out   string
		force bool
	}
	register(&command{
		name: "init", summary: "write an example practice file to edit", args: "[--out practice.toml]",
		about: `Writes a commented example practice file: your practice's details, the pathway you chose,
your dates, and where the address window of your envelopes is. Edit it, then give it to
'accesspack generate --practice FILE'.`,
		example: "  accesspack init\n  accesspack init --out meadowbank.toml",
		flags: func(fs *pflag.FlagSet) any {
			o := &initOpts{}
			fs.StringVarP(&o.out, "out", "o", "practice.toml", "the file to write")
			fs.BoolVar(&o.force, "force", false, "overwrite the file if it exists")
			return o
		},
		run: func(e *env, opts any, args []string) error {
			o := opts.(*initOpts)
			if err := noArgs("init", args); err != nil {
				return err
			}
			err := atomicfile.Write(o.out, o.force, func(w io.Writer) error {
				_, err := io.WriteString(w, practice.Example)
				return err
			})
			if err != nil {
				return hinted{code: exitUsage, msg: "cannot write " + o.out + ": " + err.Error(),
					hints: []string{"choose another file with --out, or add --force to replace it"}}
			}
			e.note("wrote %s: edit it, then run 'accesspack generate --practice %s'", o.out, o.out)
			return nil
		},
	})

	type sampleOpts struct {
		patients int
		seed     int64
		out      string
		force    bool
	}
	register(&command{
		name: "sample", summary: "write a synthetic patient list for trying accesspack out",
		args: "--patients N [--seed S] --out FILE.csv",
		about: `Writes an invented EMIS-style patient list (CSV) of N patients: NHS numbers in the 999 test
range, invented names and addresses, and a realistic mix of ages, codes and flags, including
the awkward rows real lists have. The same N and seed always give the same file.`,
		example: "  accesspack sample --patients 2000 --out trial.csv\n  accesspack sample --patients 100000 --seed 7 --out big.csv",
		flags: func(fs *pflag.FlagSet) any {
			o := &sampleOpts{}
			fs.IntVarP(&o.patients, "patients", "n", 0, "how many patient rows to write (required)")
			fs.Int64Var(&o.seed, "seed", 1, "seed for the invented data; the same seed gives the same list")
			fs.StringVarP(&o.out, "out", "o", "", "the CSV file to write (required)")
			fs.BoolVar(&o.force, "force", false, "overwrite the file if it exists")
			return o
		},
		run: func(e *env, opts any, args []string) error {
			o := opts.(*sampleOpts)
			if err := noArgs("sample", args); err != nil {
				return err
			}
			if o.patients <= 0 || o.patients > 10_000_000 {
				return usageError{msg: "--patients must be a number from 1 to 10000000",
					hints: []string{"for example: accesspack sample --patients 2000 --out trial.csv"}}
			}
			if o.out == "" {
				return usageError{msg: "--out is required", hints: []string{"for example: accesspack sample --patients 2000 --out trial.csv"}}
			}
			err := atomicfile.Write(o.out, o.force, func(w io.Writer) error {
				return sample.Generate(w, o.patients, o.seed)
			})
			if err != nil {
				return hinted{code: exitUsage, msg: "cannot write " + o.out + ": " + err.Error(),
					hints: []string{"choose another file with --out, or add --force to replace it"}}
			}
			e.note("wrote %d synthetic patients to %s", o.patients, o.out)
			return nil
		},
	})

	register(&command{
		name: "pathways", summary: "show the six pathways and who gets what", args: "",
		about: `Prints each pathway: when to choose it, and for each kind of patient which letter they get,
which EMIS action is needed, or why nobody writes to them. This is the same table
accesspack uses to decide.`,
		example: "  accesspack pathways\n  accesspack pathways | less",
		flags:   func(fs *pflag.FlagSet) any { return nil },
		run: func(e *env, _ any, args []string) error {
			if err := noArgs("pathways", args); err != nil {
				return err
			}
			return rules.WritePathways(e.stdout)
		},
	})
}

func noArgs(cmd string, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return usageError{msg: fmt.Sprintf("%s takes no arguments, but was given %d", cmd, len(args)),
		hints: []string{fmt.Sprintf("run 'accesspack %s --help' to see its options", cmd)}}
}
