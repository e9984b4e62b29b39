// Package outcome says how a run of accesspack ended: its exit status, one message and
// its hints. Every error a command can meet is given its status here, in one place (Of),
// so that the command line, its help, the README and the web app agree. They are listed in
// docs/command-line.md#exit-status: 0 to 3 as the contract always had them, then 4 and the
// statuses for a stopping signal.
package outcome

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/accesspack/accesspack/internal/guard"
	"github.com/accesspack/accesspack/internal/orgs"
	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/letters"
)

// Status is a process exit status.
type Status int

// The exit statuses. A signal that stops a run gives 128 plus its number (Stopped).
const (
	OK       Status = 0 // done
	Internal Status = 1 // internal failure: a bug
	Usage    Status = 2 // usage or practice-file error, or an --out that is refused
	List     Status = 3 // the patient (or practices) list was rejected
	Output   Status = 4 // the output could not be written
)

// Stopped is the status of a run stopped by sig: 128 + its number, as a shell reports it
// (130 for Ctrl-C).
func Stopped(sig os.Signal) Status {
	if s, ok := sig.(syscall.Signal); ok {
		return Status(128 + int(s))
	}
	return 128 + 2
}

// Row is one line of the exit status table.
type Row struct {
	Status  string // "0", or "129, 130, 131, 143" for the signals
	Meaning string
}

// Table is the exit status table, in order, as --help and the README show it.
var Table = []Row{
	{"0", "done"},
	{"1", "internal failure: a bug; please report it with the command you ran (nothing was written)"},
	{"2", "usage or practice-file error, or an --out that is refused (the message names the option, or the key and line)"},
	{"3", "patient list rejected (the message names the file, what is wrong and what to do)"},
	{"4", "the output could not be written: no space, no permission, another run writing the same folder (nothing was written)"},
	{"130", "interrupted by Ctrl-C (SIGINT); 129 the terminal closed (SIGHUP), 131 SIGQUIT, 143 SIGTERM: nothing was written"},
}

// Help is Table as the "Exit status:" paragraph of --help.
func Help() string {
	s := "Exit status:\n"
	for _, r := range Table {
		s += fmt.Sprintf("  %-3s  %s\n", r.Status, r.Meaning)
	}
	return s
}

// Error is an error with its exit status, a message and what to do about it. Msg is
// printed as "accesspack: error: Msg" and each hint as "hint: …". Err, if set, is the
// cause (errors.Is and As see it); it is not printed.
type Error struct {
	Status Status
	Msg    string
	Hints  []string
	Err    error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// New returns an Error with status s.
func New(s Status, msg string, hints ...string) *Error {
	return &Error{Status: s, Msg: msg, Hints: hints}
}

// Interrupted is the error of a run stopped by a signal.
func Interrupted(sig os.Signal) *Error {
	name := "signal " + sig.String()
	switch sig {
	case os.Interrupt:
		name = "Ctrl-C"
	case syscall.SIGHUP:
		name = "the terminal was closed"
	case syscall.SIGTERM:
		name = "SIGTERM"
	case syscall.SIGQUIT:
		name = "SIGQUIT"
	}
	return &Error{Status: Stopped(sig), Msg: "interrupted (" + name + "): nothing was written", Err: context.Canceled}
}

// Of gives err its status, message and hints. nil is nil.
func Of(err error) *Error {
	if err == nil {
		return nil
	}
	var (
		e  *Error
		fe *roster.FileError
		oe *orgs.FileError
		pe *practice.Error
		re *rules.OptionError
		le letters.Problem
	)
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, guard.ErrPanic):
		return bug(err)
	case errors.As(err, &fe):
		return &Error{Status: List, Msg: fe.Error(), Hints: nonEmpty(fe.Hint), Err: err}
	case errors.As(err, &oe):
		return &Error{Status: List, Msg: oe.Error(), Hints: nonEmpty(oe.Hint), Err: err}
	case errors.As(err, &pe):
		return &Error{Status: Usage, Msg: pe.Error(), Hints: nonEmpty(pe.Hint), Err: err}
	case errors.As(err, &re):
		return &Error{Status: Usage, Msg: re.Error(), Hints: nonEmpty(re.Hint), Err: err}
	case errors.As(err, &le) && le.Field != "":
		return &Error{Status: Usage, Msg: err.Error(), Hints: missingValue(le.Field), Err: err}
	}
	if o := outputError(err); o != nil {
		return o
	}
	return bug(err)
}

// missingValue is the hint for a letter line that prints a practice value the practice
// file does not give: the key to set, how, and its flag if it has one.
func missingValue(templateField string) []string {
	f := practice.ForTemplate(templateField)
	if f == nil {
		return []string{"give {" + templateField + "} a value in the practice file, or take it out of the template"}
	}
	hint := "set " + f.Key + " in the practice file"
	if f.Missing != "" {
		hint += " (" + f.Missing + ")"
	}
	if f.Flag != "" {
		hint += ", or give " + f.Flag
	}
	return []string{hint}
}

func bug(err error) *Error {
	msg := "internal failure (this is a bug)"
	if !errors.Is(err, guard.ErrPanic) {
		msg = "internal failure (this is a bug): " + err.Error()
	}
	return &Error{Status: Internal, Msg: msg, Err: err,
		Hints: []string{"please report it with the command you ran; nothing was written"}}
}

// outputFolder is how each refusal of internal/outdir is reported: its status and hints.
// The message is the error's own, which names the folder.
var outputFolder = []struct {
	err    error
	status Status
	hints  []string
}{
	{outdir.ErrNoName, Usage, []string{"give a folder name, for example --out pack"}},
	{outdir.ErrNotEmpty, Usage, []string{"choose a new folder with --out, or add --force to replace an earlier pack there"}},
	{outdir.ErrIsFile, Usage, []string{"choose a folder name with --out"}},
	{outdir.ErrDanglingLink, Usage, []string{"make the folder the link points to, or choose another --out"}},
	{outdir.ErrHoldsCurrent, Usage, []string{"choose a folder inside it, for example --out pack, or run accesspack from another folder"}},
	{outdir.ErrHoldsInput, Usage, []string{"choose a new folder with --out for the output; --force never replaces a folder holding what the run reads"}},
	{outdir.ErrNotOurs, Usage, []string{"--force replaces only an earlier output of accesspack, exactly as it was written; move your files out, or choose a new folder with --out"}},
	{outdir.ErrBusy, Output, []string{"wait for the other run to finish, or choose another --out"}},
	{outdir.ErrCannotReplace, Output, []string{"nothing was changed; make the folder and everything in it writable, or choose a new folder with --out"}},
	{outdir.ErrOldRemains, Output, []string{"the new output is complete; delete the folder named above yourself (the next run of accesspack also tries again)"}},
}

// Writing gives an error met while writing what ("the pack", "the letters") to the folder
// out its message: a file-system error (no space, no permission) is Output, "WHAT could
// not be written: …", with a hint naming out. Any other error is returned as it is, for
// Of: a refusal of the folder, an interruption, a bug.
func Writing(what, out string, err error) error {
	var e *Error
	if err == nil || errors.As(err, &e) || errors.Is(err, context.Canceled) || errors.Is(err, guard.ErrPanic) {
		return err
	}
	for _, o := range outputFolder {
		if errors.Is(err, o.err) {
			return err
		}
	}
	if !isFileSystem(err) {
		return err
	}
	return &Error{Status: Output, Msg: what + " could not be written: " + err.Error(), Err: err,
		Hints: []string{"nothing was written to " + out + "; check there is space and that you can write there"}}
}

func isFileSystem(err error) bool {
	var (
		pe *fs.PathError
		le *os.LinkError
		se *os.SyscallError
		en syscall.Errno
	)
	return errors.As(err, &pe) || errors.As(err, &le) || errors.As(err, &se) || errors.As(err, &en)
}

// outputError reports an error of writing an output folder: a refusal of internal/outdir,
// or a file-system error (no space, no permission, read-only) while writing. It is nil
// for any other error.
func outputError(err error) *Error {
	for _, o := range outputFolder {
		if errors.Is(err, o.err) {
			return &Error{Status: o.status, Msg: err.Error(), Hints: o.hints, Err: err}
		}
	}
	if isFileSystem(err) {
		return &Error{Status: Output, Msg: "the output could not be written: " + err.Error(), Err: err,
			Hints: []string{"nothing was written; check there is space and that you can write there"}}
	}
	return nil
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
