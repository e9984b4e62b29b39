// Package golden compares what a test produced with a file committed in the repository (a
// golden file, an expected outcome, a generated document), and rewrites that file when the
// tests run with -update:
//
//	go test ./... -update    # from the repository root; then read `git diff`
//
// On a difference the test fails with a line diff, and what the test produced is written
// beside the file as FILE.actual (ignored by git) so it can be opened and compared whole.
//
// Every test package imports this package, the ones without a golden file with a blank
// import, so that each test binary accepts -update and the command above works from the
// root (TestEveryTestPackageAcceptsUpdate checks it).
package golden

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
)

var update = flag.Bool("update", false, "rewrite golden files, expected outcomes and generated docs from this run's output (then read `git diff`)")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// maxDiffLines is how much of a diff a failure prints; the .actual file holds the rest.
const maxDiffLines = 60

// Check compares got with the file at path. With -update it writes got to path instead
// (creating its folder; a file that already holds got is left untouched). Otherwise a
// difference, or a missing file, fails the test with a line diff and writes got to
// path+".actual".
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	actual := path + ".actual"
	if *update {
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, got) {
			removeActual(t, actual)
			return
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		removeActual(t, actual)
		t.Logf("updated %s", fromRoot(path))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	if err == nil && bytes.Equal(want, got) {
		removeActual(t, actual)
		return
	}
	if werr := os.WriteFile(actual, got, 0o644); werr != nil {
		t.Errorf("writing this run's output for inspection: %v", werr)
	}
	name := fromRoot(path)
	if err != nil {
		t.Errorf("%s does not exist; this run's output is in %s.\nIf it is right, run %s and read the new file.",
			name, filepath.Base(actual), command())
		return
	}
	t.Errorf("%s differs from this run's output (written beside it as %s):\n%s\nIf the change is intended, run %s and read every changed line.",
		name, filepath.Base(actual), Diff(name, string(want), "this run", string(got)), command())
}

// Stale reports the files under dir that no test compared this run: keep holds the
// paths (as given to Check) that were compared, and only files whose name ends in ext
// count. With -update the stale files are removed; otherwise each fails the test.
func Stale(t testing.TB, dir, ext string, keep []string) {
	t.Helper()
	compared := map[string]bool{}
	for _, p := range keep {
		compared[filepath.Clean(p)] = true
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ext) || compared[filepath.Clean(p)] {
			return nil
		}
		if !*update {
			t.Errorf("%s is not made by any output any more; run %s to remove it", fromRoot(p), command())
			return nil
		}
		t.Logf("removed %s", fromRoot(p))
		return os.Remove(p)
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
}

// Diff returns a unified line diff from want to got (empty when they are equal), cut to
// its first lines when long. The names label the two sides.
func Diff(wantName, want, gotName, got string) string {
	d := diff.Diff(wantName, []byte(want), gotName, []byte(got))
	if d == nil {
		return ""
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(d), "\n"), "\n")
	if len(lines) > maxDiffLines {
		lines = append(lines[:maxDiffLines:maxDiffLines], fmt.Sprintf("\n… and %d more lines of diff", len(lines)-maxDiffLines))
	}
	return strings.Join(lines, "")
}

// removeActual removes an .actual file left by an earlier failing run.
func removeActual(t testing.TB, actual string) {
	t.Helper()
	if err := os.Remove(actual); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Error(err)
	}
}

// command is the update command for the package under test, as run from the repository
// root (tests run in their package's folder).
func command() string {
	wd, err := os.Getwd()
	rel := fromRoot(wd)
	if err != nil || rel == wd || rel == "." {
		return "'go test ./... -update'"
	}
	return "'go test ./" + rel + " -update'"
}

// fromRoot returns path relative to the repository root (the folder of go.mod above the
// test's folder), with forward slashes, for messages; path itself when that fails.
func fromRoot(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if rel, err := filepath.Rel(dir, abs); err == nil {
				return filepath.ToSlash(rel)
			}
			return path
		}
		if filepath.Dir(dir) == dir {
			return path
		}
	}
}
