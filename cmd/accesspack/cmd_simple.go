package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/atomicfile"
	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

var versionCommand = define(command{
	name: "version", summary: "print the version", args: "",
	about:   "Prints accesspack's version and the Go version it was built with.",
	example: "  accesspack version",
}, nil, func(e *env, _ *noOptions, args []string) error {
	if err := noArgs("version", args); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "accesspack %s (%s)\n", version, runtime.Version())
	return nil
})

// fileOptions are the options of a command that writes one file.
type fileOptions struct {
	out   string
	force bool
}

func (o *fileOptions) add(fs *pflag.FlagSet, def, about string) {
	fs.StringVarP(&o.out, "out", "o", def, about)
	fs.BoolVar(&o.force, "force", false, "overwrite the file if it exists")
}

var initCommand = define(command{
	name: "init", summary: "write an example practice file to edit", args: "[--out practice.toml]",
	about: `Writes a commented example practice file: your practice's details, the pathway you chose,
your dates, and where the address window of your envelopes is. Edit it, then give it to
'accesspack generate --practice FILE'.`,
	example: "  accesspack init\n  accesspack init --out meadowbank.toml",
}, func(fs *pflag.FlagSet, o *fileOptions) {
	o.add(fs, "practice.toml", "the file to write")
}, func(e *env, o *fileOptions, args []string) error {
	if err := noArgs("init", args); err != nil {
		return err
	}
	if err := writeFile(o, "for example: accesspack init --out practice.toml", func(w io.Writer) error {
		_, err := io.WriteString(w, practice.Example)
		return err
	}); err != nil {
		return err
	}
	e.note("wrote %s: edit it, then run 'accesspack generate --practice %s'", o.out, o.out)
	return nil
})

type sampleOptions struct {
	fileOptions
	patients int
	seed     int64
}

var sampleCommand = define(command{
	name: "sample", summary: "write a synthetic patient list for trying accesspack out",
	args: "--patients N [--seed S] --out FILE.csv",
	about: `Writes an invented EMIS-style patient list (CSV) of N patients: NHS numbers in the 999 test
range, invented names and addresses, and a realistic mix of ages, codes and flags, including
the awkward rows real lists have. The same N and seed always give the same file.`,
	example: "  accesspack sample --patients 2000 --out trial.csv\n  accesspack sample --patients 100000 --seed 7 --out big.csv",
}, func(fs *pflag.FlagSet, o *sampleOptions) {
	fs.IntVarP(&o.patients, "patients", "n", 0, "how many patient rows to write (required)")
	fs.Int64Var(&o.seed, "seed", 1, "seed for the invented data; the same seed gives the same list")
	o.add(fs, "", "the CSV file to write (required)")
}, func(e *env, o *sampleOptions, args []string) error {
	if err := noArgs("sample", args); err != nil {
		return err
	}
	if o.patients <= 0 || o.patients > 10_000_000 {
		return usage("--patients must be a number from 1 to 10000000", "for example: accesspack sample --patients 2000 --out trial.csv")
	}
	if err := writeFile(&o.fileOptions, "for example: accesspack sample --patients 2000 --out trial.csv", func(w io.Writer) error {
		return sample.Generate(w, o.patients, o.seed)
	}); err != nil {
		return err
	}
	e.note("wrote %d synthetic patients to %s", o.patients, o.out)
	return nil
})

var pathwaysCommand = define(command{
	name: "pathways", summary: "show every pathway and who gets what", args: "",
	about: `Prints each pathway: when to choose it, and for each kind of patient which letter they get,
which EMIS action is needed, or why nobody writes to them. This is the same table
accesspack uses to decide.`,
	example: "  accesspack pathways\n  accesspack pathways | less",
}, nil, func(e *env, _ *noOptions, args []string) error {
	if err := noArgs("pathways", args); err != nil {
		return err
	}
	return rules.WritePathways(e.stdout)
})

func noArgs(cmd string, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return usage(fmt.Sprintf("%s takes no arguments, but was given %d", cmd, len(args)),
		fmt.Sprintf("run 'accesspack %s --help' to see its options", cmd))
}

// writeFile writes o.out with what write produces, atomically (internal/atomicfile). An
// existing file is refused unless --force (exit 2); a file-system failure is exit 4. An
// empty --out is a usage error, with example as its hint.
func writeFile(o *fileOptions, example string, write func(w io.Writer) error) error {
	if o.out == "" {
		return usage("--out is required", example)
	}
	err := atomicfile.Write(o.out, o.force, write)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, atomicfile.ErrExists):
		return usage("cannot write "+o.out+": "+err.Error(), "choose another file with --out, or add --force to replace it")
	}
	return outcome.Writing(o.out, o.out, err)
}
