// Package scratch keeps what a run writes before its output is complete: one private
// folder per run (the pack being built, the spreadsheet library's temporary files, the
// unpacked sheets of a workbook being read) and the locks on output folders.
//
// While a run lives, its folder is recorded in a registry in the user's cache folder,
// each record locked by its run. A run that is killed (SIGKILL, a power cut) cannot remove
// its folder, and its lock dies with it: the next run of accesspack, whatever it does and
// wherever it writes, finds the unlocked record and removes the folder and the lock
// file it names. So patient data never stays on disk after a run that did not finish for
// longer than the gap until the next run.
package scratch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// ErrLocked means another accesspack run holds the lock.
var ErrLocked = errors.New("locked by another accesspack run")

// ErrStopping means the process is stopping (see Stop): nothing more is to be written.
var ErrStopping = errors.New("stopping")

// Lock is an exclusive lock on a file, held until Release.
type Lock struct{ f *os.File }

// Folder is a run's private folder.
type Folder struct {
	Path  string   // absolute
	locks []string // lock files the run holds, removed with the folder by a later run

	rec     *os.File // the registry record, locked while the run lives; nil if not recorded
	recPath string
}

// Marker is the file every run folder holds: a folder is removed by a later run only if
// it has this file, so a record cannot lead to removing anything else.
const Marker = ".accesspack-run"

// Pattern is in the name of every run folder, and Prefix is a good prefix for one.
const (
	Pattern = "accesspack-tmp-"
	Prefix  = Pattern
)

var (
	mu        sync.Mutex
	live      = map[*Folder]bool{}
	stopping  bool
	committed bool
)

// New makes a private folder (owner-only) named prefix followed by random characters in
// parent (the system's temporary folder if ""), and records it for the next run to
// remove if this one is killed before Remove. locks are lock files this run holds for
// as long as the folder exists; the next run removes them too if no one holds them.
// prefix must contain Pattern.
func New(parent, prefix string, locks ...string) (*Folder, error) {
	if !strings.Contains(prefix, Pattern) {
		return nil, fmt.Errorf("scratch: folder prefix %q lacks %q", prefix, Pattern)
	}
	mu.Lock()
	defer mu.Unlock()
	if stopping {
		return nil, ErrStopping
	}
	if parent == "" {
		parent = os.TempDir()
	}
	dir, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return nil, err
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return nil, err
	}
	f := &Folder{Path: dir}
	for _, l := range locks {
		if l, err = filepath.Abs(l); err == nil {
			f.locks = append(f.locks, l)
		}
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, Marker), nil, 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	f.record()
	live[f] = true
	return f, nil
}

// Remove removes the folder and everything in it, and then its record. It may be called
// more than once.
func (f *Folder) Remove() error {
	mu.Lock()
	defer mu.Unlock()
	return f.remove()
}

func (f *Folder) remove() error {
	if !live[f] {
		return nil
	}
	if err := removeAll(f.Path); err != nil {
		return err // the record stays: the next run tries again
	}
	delete(live, f)
	if f.rec != nil {
		f.rec.Close() // unlocks; closed first, as Windows removes no file that is open
		os.Remove(f.recPath)
		f.rec = nil
	}
	return nil
}

// removeAll removes path, trying again a few times: a file created in it while it is
// being removed makes os.RemoveAll fail. If os.RemoveAll keeps failing, it removes the
// tree one entry at a time, deepest first, with os.Remove: on Windows, os.RemoveAll uses
// calls that some file systems and Wine do not have ("Invalid function"), while the plain
// delete calls work there.
func removeAll(path string) (err error) {
	for range 5 {
		if err = osRemoveAll(path); err == nil {
			return nil
		}
	}
	if removeEach(path) == nil {
		return nil
	}
	return err
}

// osRemoveAll is os.RemoveAll: a variable so a test can make it fail.
var osRemoveAll = os.RemoveAll

// removeEach removes path and everything in it with os.Remove, each folder after what
// it holds. Links are removed, never followed.
func removeEach(path string) error {
	var all []string
	err := filepath.WalkDir(path, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		all = append(all, p)
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for i := len(all) - 1; i >= 0; i-- {
		if err := os.Remove(all[i]); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// Commit runs fn, which moves a finished output into place, unless the process is
// stopping: then it returns ErrStopping. Stop waits for a Commit under way.
func Commit(fn func() error) error {
	mu.Lock()
	defer mu.Unlock()
	if stopping {
		return ErrStopping
	}
	err := fn()
	if err == nil {
		committed = true
	}
	return err
}

// Stop is for a process about to end on a signal: it removes every run folder of this
// process now, with the lock files of their runs, and from then on New and Commit refuse.
// It reports whether an output was moved into place before it stopped (the run finished).
func Stop() (finished bool) {
	mu.Lock()
	defer mu.Unlock()
	stopping = true
	for f := range live {
		if f.remove() == nil {
			for _, l := range f.locks {
				os.Remove(l) // held by this process, which is ending
			}
		}
	}
	return committed
}

// startTemp is the system's temporary folder as the program started, before a command
// points TMPDIR at a run folder.
var startTemp = os.TempDir()

// record is a registry entry: the folder of a run and the lock files it holds.
type record struct {
	Folder string   `json:"folder"`
	Locks  []string `json:"locks,omitempty"`
}

// registry returns the registry folder, made if need be, or "" if there is none that is
// private to this user.
func registry() string {
	if !canRecord {
		return ""
	}
	var dirs []string
	if base, err := os.UserCacheDir(); err == nil {
		dirs = append(dirs, filepath.Join(base, "accesspack", "runs"))
	}
	dirs = append(dirs, filepath.Join(startTemp, fmt.Sprintf("accesspack-runs-%d", os.Getuid())))
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			continue
		}
		if fi, err := os.Lstat(d); err == nil && fi.IsDir() && privateDir(fi) {
			return d
		}
	}
	return ""
}

// record writes f's record and keeps it locked. A record is written under a name the
// sweep ignores, locked, and only then renamed into place, so no run ever sees a record
// that is not locked by a live run unless that run has died. Without a registry the
// folder is still removed by Remove, and a folder beside an output by the next run on it.
func (f *Folder) record() {
	dir := registry()
	if dir == "" {
		return
	}
	b, err := json.Marshal(record{Folder: f.Path, Locks: f.locks})
	if err != nil {
		return
	}
	ext := ".new"
	if !renameOpen {
		// Written under its final name: a sweep that finds it before it is locked
		// cannot read it and leaves it (it cannot remove a file that is open).
		ext = ".run"
	}
	rf, err := os.CreateTemp(dir, "run-*"+ext)
	if err != nil {
		return
	}
	if !tryLock(rf) {
		rf.Close()
		os.Remove(rf.Name())
		return
	}
	final := strings.TrimSuffix(rf.Name(), ext) + ".run"
	if _, err := rf.Write(b); err != nil || (renameOpen && os.Rename(rf.Name(), final) != nil) {
		rf.Close()
		os.Remove(rf.Name())
		return
	}
	// rf stays open, and so locked, until Remove; it keeps the name it was opened with,
	// so the record's final name is kept beside it.
	f.rec, f.recPath = rf, final
}

// Sweep removes what killed runs left: for every record that no live run holds, its
// folder (if it is a run folder: its name has Pattern, it is a folder of this user and
// holds Marker) and its lock files, if no one holds them. A record is removed once its
// folder is gone. Sweep never fails: what it cannot remove now, a later run tries again.
func Sweep() {
	dir := registry()
	if dir == "" {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		switch {
		case strings.HasSuffix(e.Name(), ".run"):
			sweepRecord(path)
		case strings.HasSuffix(e.Name(), ".new"):
			// a run killed while writing its record, before its folder had anything in it
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > time.Hour {
				os.Remove(path)
			}
		}
	}
}

func sweepRecord(path string) {
	rf, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return
	}
	done := func() { // closed before it is removed, as Windows removes no file that is open
		rf.Close()
		os.Remove(path)
	}
	if !tryLock(rf) || !samePath(rf, path) {
		rf.Close()
		return // alive, or removed since
	}
	var r record
	b, err := io.ReadAll(rf)
	if err != nil || json.Unmarshal(b, &r) != nil {
		if !renameOpen && len(b) == 0 {
			rf.Close() // a record being written: its run locks it next, or gives it up
			return
		}
		done() // not a record this version can read: nothing to go on
		return
	}
	if RemoveLeft(r.Folder) != nil {
		rf.Close()
		return
	}
	for _, l := range r.Locks {
		if lk, err := TakeLock(l); err == nil {
			lk.Release() // removes it
		}
	}
	done()
}

// samePath reports whether path still names the file f has open.
func samePath(f *os.File, path string) bool {
	held, err1 := f.Stat()
	now, err2 := os.Lstat(path)
	return err1 == nil && err2 == nil && os.SameFile(held, now)
}

// RemoveLeft removes dir, a run folder that its run left behind, after checking that
// it is one: a real folder (not a link) of this user, with Pattern in its name and Marker
// in it. A dir that does not exist is not an error. The caller must know that the run is
// over (its record is not locked, or the output folder's lock is held).
func RemoveLeft(dir string) error {
	fi, err := os.Lstat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !strings.Contains(filepath.Base(dir), Pattern) || !fi.IsDir() || !ownedByUs(fi) {
		return nil // not ours: leave it
	}
	if m, err := os.Lstat(filepath.Join(dir, Marker)); err != nil || !m.Mode().IsRegular() {
		return nil
	}
	return removeAll(dir)
}
