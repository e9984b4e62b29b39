package scratch

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// These tests run on every system that records runs, Windows too (under Wine:
// GOOS=windows go test -c ./internal/scratch, then wine scratch.test.exe).

// private points the registry at a folder of the test's own, and returns it.
func private(t *testing.T) string {
	t.Helper()
	cache := tempDir(t)
	if runtime.GOOS == "windows" {
		t.Setenv("LocalAppData", cache) // os.UserCacheDir
	} else {
		t.Setenv("XDG_CACHE_HOME", cache)
		t.Setenv("HOME", cache)
	}
	return filepath.Join(cache, "accesspack", "runs")
}

// tempDir is t.TempDir, removed with this package's removeAll: under Wine, os.RemoveAll
// fails, and t.TempDir's clean-up with it.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "scratch-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := removeAll(dir); err != nil {
			t.Errorf("removing the test's folder: %v", err)
		}
	})
	return dir
}

// names lists the names in dir; none if it does not exist.
func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestLockExcludes: a lock is held until released, then can be taken again, and its file
// goes with the last release.
func TestLockExcludes(t *testing.T) {
	if !canRecord {
		t.Skip("this system has no locks that end with their process") // plan9 and the like; never CI
	}
	path := filepath.Join(tempDir(t), ".pack.lock")
	a, err := TakeLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TakeLock(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("second TakeLock while held: %v, want ErrLocked", err)
	}
	a.Release()
	b, err := TakeLock(path)
	if err != nil {
		t.Fatalf("TakeLock after Release: %v", err)
	}
	b.Release()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file is left after the last Release: %v", err)
	}
}

// TestSweepAfterDeath: a run that dies (its record is closed without anything removed,
// as when the process is killed) leaves its folder and its output lock; the next Sweep
// removes both and the record, and leaves a live run's folder and record alone.
func TestSweepAfterDeath(t *testing.T) {
	if !canRecord {
		t.Skip("this system has no locks that end with their process") // plan9 and the like; never CI
	}
	reg := private(t)
	parent := tempDir(t)
	lockPath := filepath.Join(parent, ".pack.lock")
	lk, err := TakeLock(lockPath)
	if err != nil {
		t.Fatal(err)
	}
	dead, err := New(parent, ".pack."+Prefix, lockPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dead.Path, "half.pdf"), []byte("patient letters"), 0o600); err != nil {
		t.Fatal(err)
	}
	alive, err := New(parent, "alive-"+Prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer alive.Remove()
	if got := names(t, reg); len(got) != 2 {
		t.Fatalf("the registry holds %v, want two records", got)
	}
	// The process holding dead dies: its record's lock and its output lock end with it.
	mu.Lock()
	dead.rec.Close()
	dead.rec = nil
	delete(live, dead)
	mu.Unlock()
	lk.f.Close()

	Sweep()
	if _, err := os.Stat(dead.Path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dead run's folder is left: %v", err)
	}
	if _, err := os.Stat(lockPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dead run's output lock is left: %v", err)
	}
	if _, err := os.Stat(alive.Path); err != nil {
		t.Errorf("a live run's folder was removed: %v", err)
	}
	if got := names(t, reg); len(got) != 1 {
		t.Errorf("the registry holds %v, want the live run's record only", got)
	}
	if err := alive.Remove(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, reg); len(got) != 0 {
		t.Errorf("the registry holds %v after the live run ended", got)
	}
}
