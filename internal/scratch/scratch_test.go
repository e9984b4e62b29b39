//go:build unix

package scratch

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
)

// kill makes f look like the folder of a run that died: its record is no longer locked,
// and nothing was removed.
func kill(f *Folder) {
	mu.Lock()
	defer mu.Unlock()
	f.rec.Close()
	f.rec = nil
	delete(live, f)
}

func TestFolderIsPrivateRecordedAndRemoved(t *testing.T) {
	reg := private(t)
	parent := t.TempDir()
	f, err := New(parent, ".pack."+Prefix)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(f.Path)
	if err != nil || fi.Mode().Perm() != 0o700 || filepath.Dir(f.Path) != parent {
		t.Fatalf("folder %s: %v %v", f.Path, fi.Mode(), err)
	}
	if got := names(t, reg); len(got) != 1 || filepath.Ext(got[0]) != ".run" {
		t.Fatalf("registry holds %v", got)
	}
	must(t, os.WriteFile(filepath.Join(f.Path, "half.pdf"), []byte("x"), 0o600))
	if err := f.Remove(); err != nil {
		t.Fatal(err)
	}
	if err := f.Remove(); err != nil {
		t.Fatalf("second Remove: %v", err)
	}
	if got := names(t, parent); len(got) != 0 {
		t.Errorf("left in the parent: %v", got)
	}
	if got := names(t, reg); len(got) != 0 {
		t.Errorf("left in the registry: %v", got)
	}
}

// TestSweepRemovesOnlyWhatDeadRunsLeft: a folder whose run died is removed with its
// record and its lock file, wherever it is; a live run's folder is not, nor a lock
// another run holds.
func TestSweepRemovesOnlyWhatDeadRunsLeft(t *testing.T) {
	reg := private(t)
	a, b := t.TempDir(), t.TempDir()
	deadLock := filepath.Join(a, ".pack.accesspack-lock")
	must(t, os.WriteFile(deadLock, nil, 0o600))
	dead, err := New(a, ".pack."+Prefix, deadLock)
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(filepath.Join(dead.Path, "patients.xml"), []byte("x"), 0o600))
	heldPath := filepath.Join(b, ".other.accesspack-lock")
	held, err := TakeLock(heldPath)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	deadToo, err := New("", Prefix, heldPath) // in TMPDIR, like check's
	if err != nil {
		t.Fatal(err)
	}
	alive, err := New(b, ".x."+Prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer alive.Remove()
	kill(dead)
	kill(deadToo)

	Sweep()
	for _, p := range []string{dead.Path, deadLock, deadToo.Path} {
		if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there after the sweep", p)
		}
	}
	for _, p := range []string{alive.Path, heldPath} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("a live run's %s was removed: %v", p, err)
		}
	}
	if got := names(t, reg); len(got) != 1 {
		t.Errorf("registry holds %v, want only the live run's record", got)
	}
}

// TestRemoveLeftTouchesOnlyRunFolders: a record or a name alone is not enough to remove a
// folder: it must have the pattern in its name and the marker inside, and not be a link.
func TestRemoveLeftTouchesOnlyRunFolders(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "work")
	must(t, os.Mkdir(mine, 0o700))
	must(t, os.WriteFile(filepath.Join(mine, Marker), nil, 0o600))
	noMarker := filepath.Join(dir, ".pack."+Pattern+"1")
	must(t, os.Mkdir(noMarker, 0o700))
	must(t, os.WriteFile(filepath.Join(noMarker, "list.csv"), []byte("x"), 0o600))
	link := filepath.Join(dir, ".link."+Pattern+"2")
	must(t, os.Symlink(mine, link))
	for _, p := range []string{mine, noMarker, link, filepath.Join(dir, "absent."+Pattern)} {
		if err := RemoveLeft(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, p := range []string{mine, noMarker, link} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}

// TestStopRemovesEverythingAndRefusesMore: Stop (a signal handler's last act) removes the
// live folders and their locks, and afterwards nothing new can be made or committed.
func TestStopRemovesEverythingAndRefusesMore(t *testing.T) {
	private(t)
	defer func() { mu.Lock(); stopping, committed = false, false; mu.Unlock() }()
	dir := t.TempDir()
	lockPath := filepath.Join(dir, ".pack.accesspack-lock")
	l, err := TakeLock(lockPath)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	f, err := New(dir, ".pack."+Prefix, lockPath)
	if err != nil {
		t.Fatal(err)
	}
	if Stop() {
		t.Error("Stop says an output was committed")
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("left: %v", got)
	}
	if _, err := New(dir, Prefix); !errors.Is(err, ErrStopping) {
		t.Errorf("New after Stop: %v", err)
	}
	ran := false
	if err := Commit(func() error { ran = true; return nil }); !errors.Is(err, ErrStopping) || ran {
		t.Errorf("Commit after Stop: %v, ran %v", err, ran)
	}
	_ = f
}

func TestLockIsExclusive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lock")
	l, err := TakeLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TakeLock(path); !errors.Is(err, ErrLocked) {
		t.Errorf("second lock: %v", err)
	}
	l.Release()
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("Release left the lock file")
	}
	l2, err := TakeLock(path)
	if err != nil {
		t.Fatal(err)
	}
	l2.Release()
}

// must fails the test on a set-up error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestRemoveWithoutRemoveAll: where os.RemoveAll fails on every call (Go's Windows
// version under Wine, or a file system without the calls it uses), a folder is still
// removed, with everything in it, its record too; a link in it is removed and what it
// points to is not touched.
func TestRemoveWithoutRemoveAll(t *testing.T) {
	reg := private(t)
	calls := 0
	osRemoveAll = func(string) error { calls++; return errors.New("Invalid function") }
	t.Cleanup(func() { osRemoveAll = os.RemoveAll })
	outside := filepath.Join(t.TempDir(), "keep.txt")
	must(t, os.WriteFile(outside, []byte("the user's"), 0o600))

	parent := t.TempDir()
	f, err := New(parent, ".pack."+Prefix)
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.MkdirAll(filepath.Join(f.Path, "pack", "letters"), 0o700))
	must(t, os.WriteFile(filepath.Join(f.Path, "pack", "letters", "a.pdf"), []byte("x"), 0o600))
	must(t, os.Symlink(filepath.Dir(outside), filepath.Join(f.Path, "link")))
	if err := f.Remove(); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	if calls == 0 {
		t.Error("os.RemoveAll was not tried first")
	}
	if got := names(t, parent); len(got) != 0 {
		t.Errorf("left in the parent: %v", got)
	}
	if got := names(t, reg); len(got) != 0 {
		t.Errorf("left in the registry: %v", got)
	}
	if b, err := os.ReadFile(outside); err != nil || string(b) != "the user's" {
		t.Errorf("the file a link pointed to: %q, %v", b, err)
	}
}
