// Command accesspack turns a GP practice's patient list and its chosen pathway into a
// print-ready letters pack for online record access (see SPEC.md).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/suggest"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// Exit statuses (SPEC §7).
const (
	exitOK       = 0
	exitInternal = 1
	exitUsage    = 2 // usage or practice-file error
	exitList     = 3 // patient list rejected
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// env is what a subcommand may use: its output streams and stdin.
type env struct {
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
	flags   func(fs *pflag.FlagSet) any
	run     func(e *env, opts any, args []string) error
}

var commands []*command

func register(c *command) { commands = append(commands, c) }

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func commandNames() []string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return names
}

const exitStatusHelp = `Exit status:
  0  done
  1  internal failure (a bug: please report it with the command you ran)
  2  usage or practice-file error
  3  patient list rejected (the message says which file, what is wrong and what to do)
`

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

`+exitStatusHelp)
}

func writeCommandUsage(w io.Writer, c *command, fs *pflag.FlagSet) {
	fmt.Fprintf(w, "Usage:\n  accesspack %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.about))
	if u := fs.FlagUsages(); strings.TrimSpace(u) != "" {
		fmt.Fprintf(w, "\nOptions:\n%s", u)
	}
	if c.example != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(c.example, "\n"))
	}
	fmt.Fprint(w, "\n"+exitStatusHelp)
}

// run is main without os.Exit, for tests.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	defer func() {
		if r := recover(); r != nil {
			// Never print a panic value: it may hold patient data.
			fmt.Fprintln(stderr, "accesspack: error: internal failure (this is a bug)")
			fmt.Fprintln(stderr, "hint: please report it with the command you ran; no output was written")
			code = exitInternal
		}
	}()
	if len(args) == 0 {
		writeMainUsage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "--help", "help":
		if name == "help" && len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				fs := newFlagSet(c)
				c.flags(fs)
				writeCommandUsage(stdout, c, fs)
				return exitOK
			}
		}
		writeMainUsage(stdout)
		return exitOK
	case "-v", "--version":
		name = "version"
	}
	c := lookup(name)
	if c == nil {
		err := usageError{msg: fmt.Sprintf("unknown command %q", name)}
		if strings.HasPrefix(name, "-") {
			err.msg = fmt.Sprintf("%q must come after a command", name)
			err.hints = append(err.hints, "put options after the command, e.g. 'accesspack generate "+name+" …'")
		} else if s := suggest.Nearest(name, commandNames()); s != "" {
			err.hints = append(err.hints, fmt.Sprintf("did you mean 'accesspack %s'?", s))
		}
		err.hints = append(err.hints, "run 'accesspack --help' to see the commands")
		return report(e, err)
	}
	fs := newFlagSet(c)
	opts := c.flags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			writeCommandUsage(stdout, c, fs)
			return exitOK
		}
		return report(e, flagError(c, fs, err))
	}
	return report(e, c.run(e, opts, fs.Args()))
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
	ue := usageError{msg: err.Error()}
	if m := unknownFlag.FindStringSubmatch(err.Error()); m != nil {
		name := m[2]
		if m[1] != "" {
			name = m[1]
		}
		var names []string
		fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		sort.Strings(names)
		if s := suggest.Nearest(name, names); s != "" {
			ue.hints = append(ue.hints, fmt.Sprintf("did you mean --%s?", s))
		}
	}
	ue.hints = append(ue.hints, fmt.Sprintf("run 'accesspack %s --help' to see its options", c.name))
	return ue
}

// usageError is a mistake in how accesspack was called (exit 2).
type usageError struct {
	msg   string
	hints []string
}

func (e usageError) Error() string { return e.msg }

// hinted is an error that carries its own exit code and hints.
type hinted struct {
	code  int
	msg   string
	hints []string
}

func (e hinted) Error() string { return e.msg }

// report prints err (if any) as "accesspack: error: …" plus "hint: …" lines and returns
// the exit status.
func report(e *env, err error) int {
	if err == nil {
		return exitOK
	}
	code, msg, hints := classify(err)
	fmt.Fprintf(e.stderr, "accesspack: error: %s\n", msg)
	for _, h := range hints {
		fmt.Fprintf(e.stderr, "hint: %s\n", h)
	}
	return code
}
