// Command accesspack turns a GP practice's patient list and its chosen pathway into a
// print-ready letters pack for online record access (the reference is in docs/).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/guard"
	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/suggest"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	os.Exit(afterRun(run(defaultArgs(os.Args[1:]), os.Stdin, os.Stdout, os.Stderr)))
}

// env is what a command may use: its context (cancelled when a signal stops the run),
// its output streams and stdin.
type env struct {
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer
}

// note writes a line of information to stderr.
func (e *env) note(format string, args ...any) {
	fmt.Fprintf(e.stderr, "accesspack: "+format+"\n", args...)
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	args    string // the usage line after "accesspack NAME"
	about   string // a paragraph on what it does
	example string // examples, one per line
	// bind adds the command's options to fs and returns the function that runs the
	// command with them, once fs has parsed the arguments.
	bind func(fs *pflag.FlagSet) func(e *env, args []string) error
}

// define makes a command whose options are an O: flags adds them to a flag set (it may
// be nil for a command with none), and run is called with them set.
func define[O any](c command, flags func(fs *pflag.FlagSet, o *O), run func(e *env, o *O, args []string) error) *command {
	c.bind = func(fs *pflag.FlagSet) func(*env, []string) error {
		o := new(O)
		if flags != nil {
			flags(fs, o)
		}
		return func(e *env, args []string) error { return run(e, o, args) }
	}
	return &c
}

// noOptions is the options of a command that has none.
type noOptions struct{}

// commands are every command, in the order the help (and docs/command-line.md) shows.
var commands = []*command{
	generateCommand,
	checkCommand,
	serveCommand,
	pathwaysCommand,
	initCommand,
	sampleCommand,
	templatesCommand,
	organisationsCommand,
	calibrateCommand,
	versionCommand,
}

func lookup(name string) *command {
	i := slices.IndexFunc(commands, func(c *command) bool { return c.name == name })
	if i < 0 {
		return nil
	}
	return commands[i]
}

func commandNames() []string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return names
}

func writeMainUsage(w io.Writer) {
	fmt.Fprint(w, `accesspack makes the letters pack a GP practice needs when patients get online access to
new entries in their GP record (NHS App): letters, opt-in forms, a mailing list and EMIS work-lists.

Usage:
  accesspack COMMAND [options]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Examples:
  accesspack generate                       # a pack from the built-in sample practice and patients
  accesspack check --patients list.csv --pathway proceed
  accesspack init --out practice.toml       # then edit it and run generate --practice practice.toml

Run 'accesspack COMMAND --help' for a command's options and examples.

`+outcome.Help())
}

func writeCommandUsage(w io.Writer, c *command, fs *pflag.FlagSet) {
	fmt.Fprintf(w, "Usage:\n  accesspack %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.about))
	if u := fs.FlagUsages(); strings.TrimSpace(u) != "" {
		fmt.Fprintf(w, "\nOptions:\n%s", u)
	}
	if c.example != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(c.example, "\n"))
	}
	fmt.Fprint(w, "\n"+outcome.Help())
}

// run is main without os.Exit, for tests: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return int(runCommand(args, stdin, stdout, stderr))
}

func runCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) (status outcome.Status) {
	e := &env{ctx: context.Background(), stdin: stdin, stdout: stdout, stderr: stderr}
	defer func() {
		if r := recover(); r != nil {
			// Never print a panic value: it may hold patient data.
			status = report(e, guard.ErrPanic)
		}
	}()
	if len(args) == 0 {
		writeMainUsage(stderr)
		return outcome.Usage
	}
	name := args[0]
	switch name {
	case "-h", "--help", "help":
		if name == "help" && len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				fs := newFlagSet(c)
				c.bind(fs)
				writeCommandUsage(stdout, c, fs)
				return outcome.OK
			}
		}
		writeMainUsage(stdout)
		return outcome.OK
	case "-v", "--version":
		name = "version"
	}
	c := lookup(name)
	if c == nil {
		err := outcome.New(outcome.Usage, fmt.Sprintf("unknown command %q", name))
		if strings.HasPrefix(name, "-") {
			err.Msg = fmt.Sprintf("%q must come after a command", name)
			err.Hints = append(err.Hints, "put options after the command, e.g. 'accesspack generate "+name+" …'")
		} else if s := suggest.Nearest(name, commandNames()); s != "" {
			err.Hints = append(err.Hints, fmt.Sprintf("did you mean 'accesspack %s'?", s))
		}
		err.Hints = append(err.Hints, "run 'accesspack --help' to see the commands")
		return report(e, err)
	}
	fs := newFlagSet(c)
	runWith := c.bind(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			writeCommandUsage(stdout, c, fs)
			return outcome.OK
		}
		return report(e, flagError(c, fs, err))
	}
	sigs := catchSignals(stderr)
	defer sigs.release()
	e.ctx = sigs.ctx
	err := runWith(e, fs.Args())
	if err != nil {
		if sig := sigs.caught(); sig != nil {
			err = outcome.Interrupted(sig)
		}
	}
	return report(e, err)
}

func newFlagSet(c *command) *pflag.FlagSet {
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	return fs
}

var unknownFlag = regexp.MustCompile(`unknown (?:shorthand )?flag: (?:'(.)' in )?-{1,2}([^\s=]+)`)

// flagError turns pflag's parse error into a usage error with a "did you mean" hint.
func flagError(c *command, fs *pflag.FlagSet, err error) error {
	ue := &outcome.Error{Status: outcome.Usage, Msg: err.Error(), Err: err}
	if m := unknownFlag.FindStringSubmatch(err.Error()); m != nil {
		name := m[2]
		if m[1] != "" {
			name = m[1]
		}
		var names []string
		fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		slices.Sort(names)
		if s := suggest.Nearest(name, names); s != "" {
			ue.Hints = append(ue.Hints, fmt.Sprintf("did you mean --%s?", s))
		}
	}
	ue.Hints = append(ue.Hints, fmt.Sprintf("run 'accesspack %s --help' to see its options", c.name))
	return ue
}

// usage is a mistake in how accesspack was called (exit 2).
func usage(msg string, hints ...string) error { return outcome.New(outcome.Usage, msg, hints...) }

// report prints err (if any) as "accesspack: error: …" plus "hint: …" lines and returns
// the exit status.
func report(e *env, err error) outcome.Status {
	o := outcome.Of(err)
	if o == nil {
		return outcome.OK
	}
	fmt.Fprintf(e.stderr, "accesspack: error: %s\n", o.Msg)
	for _, h := range o.Hints {
		fmt.Fprintf(e.stderr, "hint: %s\n", h)
	}
	return o.Status
}
