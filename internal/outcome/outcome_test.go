package outcome

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
	"github.com/accesspack/accesspack/internal/guard"
	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/roster"
)

// TestOf: every kind of error a command meets gets its status, message and hints here.
func TestOf(t *testing.T) {
	full := &fs.PathError{Op: "write", Path: "pack/letters/a.pdf", Err: syscall.ENOSPC}
	tests := []struct {
		name   string
		err    error
		status Status
		msg    string
		hint   string
	}{
		{"patient list", &roster.FileError{File: "list.csv", Problem: "no NHS Number column", Hint: "add one"}, List, "list.csv: no NHS Number column", "add one"},
		{"practice file", &practice.Error{File: "p.toml", Line: 3, Key: "ods", Problem: "unknown key"}, Usage, "p.toml:3: ods: unknown key", ""},
		{"an Error as it is", New(Usage, "--out is empty", "for example: --out pack"), Usage, "--out is empty", "for example: --out pack"},
		{"a wrapped Error", fmt.Errorf("x: %w", New(List, "--strict: 2 rows")), List, "--strict: 2 rows", ""},
		{"busy", fmt.Errorf("pack: %w", outdir.ErrBusy), Output, "pack: another accesspack run", "wait for the other run"},
		{"not empty", outdir.ErrNotEmpty, Usage, "the output folder exists", "--force"},
		{"not ours", outdir.ErrNotOurs, Usage, "is not an earlier output", "--force replaces only"},
		{"holds an input", outdir.ErrHoldsInput, Usage, "holds a file", "--force never replaces"},
		{"cannot replace", outdir.ErrCannotReplace, Output, "the earlier output cannot be removed", "nothing was changed"},
		{"old remains", outdir.ErrOldRemains, Output, "the earlier output could not be removed completely", "delete the folder"},
		{"disk full", full, Output, "the output could not be written: write pack/letters/a.pdf: no space left on device", "check there is space"},
		{"a panic", fmt.Errorf("letter for input row 5: %w", guard.ErrPanic), Internal, "internal failure (this is a bug)", "please report it"},
		{"anything else", errors.New("gofpdf: bad state"), Internal, "internal failure (this is a bug): gofpdf: bad state", "please report it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Of(tt.err)
			if e.Status != tt.status || !strings.HasPrefix(e.Msg, tt.msg) {
				t.Errorf("status %d %q, want %d %q", e.Status, e.Msg, tt.status, tt.msg)
			}
			if hints := strings.Join(e.Hints, "\n"); tt.hint == "" && hints != "" || !strings.Contains(hints, tt.hint) {
				t.Errorf("hints %q, want %q", hints, tt.hint)
			}
			if !errors.Is(e, tt.err) && e != tt.err && !errors.As(tt.err, new(*Error)) {
				t.Errorf("the cause is lost: %v", e)
			}
		})
	}
	if Of(nil) != nil {
		t.Error("Of(nil) is not nil")
	}
	if e := Of(fmt.Errorf("x: %w", guard.ErrPanic)); e.Msg != "internal failure (this is a bug)" {
		t.Errorf("a panic's message shows more than the failure: %q", e.Msg)
	}
}

func TestWriting(t *testing.T) {
	full := &fs.PathError{Op: "write", Path: "pack/letters/a.pdf", Err: syscall.ENOSPC}
	e := Of(Writing("the pack", "pack", full))
	if e.Status != Output || e.Msg != "the pack could not be written: write pack/letters/a.pdf: no space left on device" ||
		len(e.Hints) != 1 || e.Hints[0] != "nothing was written to pack; check there is space and that you can write there" {
		t.Errorf("%d %q %q", e.Status, e.Msg, e.Hints)
	}
	for _, err := range []error{fmt.Errorf("pack: %w", outdir.ErrBusy), context.Canceled, guard.ErrPanic, errors.New("other")} {
		if got := Writing("the pack", "pack", err); got != err {
			t.Errorf("Writing changed %v into %v", err, got)
		}
	}
}

func TestInterrupted(t *testing.T) {
	for sig, want := range map[os.Signal]string{
		os.Interrupt:    "interrupted (Ctrl-C): nothing was written",
		syscall.SIGHUP:  "interrupted (the terminal was closed): nothing was written",
		syscall.SIGTERM: "interrupted (SIGTERM): nothing was written",
	} {
		e := Interrupted(sig)
		if e.Msg != want || e.Status != Stopped(sig) || !errors.Is(e, context.Canceled) {
			t.Errorf("%v: %d %q", sig, e.Status, e.Msg)
		}
	}
}
