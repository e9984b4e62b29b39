package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/scratch"
)

// stopSignals are the signals that stop a run cleanly: Ctrl-C, the terminal or SSH
// session closing, a kill, and Ctrl-\ (whose default would also print a goroutine dump).
// SIGKILL cannot be caught: what a killed run leaves, the next run removes
// (internal/scratch).
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGQUIT}

// grace is how long a run has, after the first signal, to stop by itself and clean up
// (it checks its context between steps) before what it wrote is removed and it ends.
const grace = 3 * time.Second

// signals watches for stopSignals while a command runs.
type signals struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	ch     chan os.Signal
	done   chan struct{}

	mu  sync.Mutex
	sig os.Signal // the first signal caught
}

// catchSignals starts watching. The first signal cancels ctx, and the command then stops
// at its next check, cleans up and reports it was interrupted. If it has not ended grace
// later, or at a second signal, or at SIGQUIT, every run folder of the process is removed
// at once (scratch.Stop) and the program ends with the signal's status. A signal that was
// ignored when accesspack started (nohup, a background job) stays ignored.
func catchSignals(stderr io.Writer) *signals {
	ctx, cancel := context.WithCancelCause(context.Background())
	s := &signals{ctx: ctx, cancel: cancel, ch: make(chan os.Signal, 4), done: make(chan struct{})}
	var watch []os.Signal
	for _, sig := range stopSignals {
		if !signal.Ignored(sig) {
			watch = append(watch, sig)
		}
	}
	signal.Notify(s.ch, watch...)
	go s.watch(stderr)
	return s
}

func (s *signals) watch(stderr io.Writer) {
	var timeout <-chan time.Time
	for {
		select {
		case <-s.done:
			return
		case sig := <-s.ch:
			s.mu.Lock()
			first := s.sig == nil
			if first {
				s.sig = sig
			}
			s.mu.Unlock()
			if first {
				s.cancel(outcome.Interrupted(sig))
				if sig != syscall.SIGQUIT {
					timeout = time.After(grace)
					continue
				}
			}
			s.stopNow(stderr)
		case <-timeout:
			s.stopNow(stderr)
		}
	}
}

// stopNow removes what the run wrote and ends the program, unless its output was
// already moved into place: then the run has finished, and ends by itself.
func (s *signals) stopNow(stderr io.Writer) {
	if scratch.Stop() {
		return
	}
	e := outcome.Interrupted(s.caught())
	fmt.Fprintf(stderr, "accesspack: error: %s\n", e.Msg)
	os.Exit(int(e.Status))
}

// caught returns the first signal caught, or nil.
func (s *signals) caught() os.Signal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sig
}

// release stops watching.
func (s *signals) release() {
	signal.Stop(s.ch)
	close(s.done)
	s.cancel(nil)
}

// privateTemp points the system's temporary folder (os.TempDir: TMPDIR on Unix, TMP and
// TEMP on Windows) at a private folder of the run, made in the system's temporary folder
// and recorded like every run folder, so that a temporary file any library makes lands
// there and goes when the run ends, is stopped, or is killed (the next run removes it).
// The returned function removes it and restores the variables.
func privateTemp() func() {
	f, err := scratch.New("", scratch.Prefix)
	if err != nil {
		return func() {} // the libraries' own clean-up still applies
	}
	type saved struct {
		name, value string
		had         bool
	}
	var old []saved
	for _, name := range tempVars() {
		v, had := os.LookupEnv(name)
		old = append(old, saved{name, v, had})
		os.Setenv(name, f.Path)
	}
	return func() {
		for _, o := range old {
			if o.had {
				os.Setenv(o.name, o.value)
			} else {
				os.Unsetenv(o.name)
			}
		}
		f.Remove()
	}
}

// tempVars are the environment variables os.TempDir reads on this system: Windows'
// GetTempPath2 takes TMP, then TEMP; elsewhere it is TMPDIR.
func tempVars() []string {
	if runtime.GOOS == "windows" {
		return []string{"TMP", "TEMP"}
	}
	return []string{"TMPDIR"}
}
