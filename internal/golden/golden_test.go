package golden

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// recorder is a testing.TB that keeps what a check reports instead of failing this test.
type recorder struct {
	testing.TB
	errors, logs []string
	fatal        bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(f string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(f, args...))
}
func (r *recorder) Error(args ...any)            { r.errors = append(r.errors, fmt.Sprint(args...)) }
func (r *recorder) Logf(f string, args ...any)   { r.logs = append(r.logs, fmt.Sprintf(f, args...)) }
func (r *recorder) Fatal(args ...any)            { r.fatal = true; r.Error(args...) }
func (r *recorder) Fatalf(f string, args ...any) { r.fatal = true; r.Errorf(f, args...) }
func (r *recorder) failed() bool                 { return len(r.errors) > 0 }
func (r *recorder) report() string               { return strings.Join(r.errors, "\n") }

func newRecorder(t *testing.T) *recorder { return &recorder{TB: t} }

// withUpdate runs the rest of the test as if -update were (or were not) given.
func withUpdate(t *testing.T, on bool) {
	old := *update
	*update = on
	t.Cleanup(func() { *update = old })
}

func write(t *testing.T, path, text string) {
	t.Helper()
	must(t, os.WriteFile(path, []byte(text), 0o644))
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return string(b)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func TestCheckEqual(t *testing.T) {
	withUpdate(t, false)
	path := filepath.Join(t.TempDir(), "out.txt")
	write(t, path, "one\ntwo\n")
	write(t, path+".actual", "left by an earlier failing run\n")
	r := newRecorder(t)
	Check(r, path, []byte("one\ntwo\n"))
	if r.failed() {
		t.Fatalf("equal output failed the test:\n%s", r.report())
	}
	if exists(path + ".actual") {
		t.Error("the stale .actual file was kept after a passing run")
	}
}

func TestCheckDiffers(t *testing.T) {
	withUpdate(t, false)
	path := filepath.Join(t.TempDir(), "out.txt")
	write(t, path, "one\ntwo\nthree\n")
	r := newRecorder(t)
	Check(r, path, []byte("one\nTWO\nthree\n"))
	if !r.failed() || r.fatal {
		t.Fatalf("a difference should fail the test without stopping it; errors %q", r.errors)
	}
	msg := r.report()
	for _, want := range []string{path + " differs", "out.txt.actual", "-two\n", "+TWO\n", " one\n", "-update"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the failure lacks %q:\n%s", want, msg)
		}
	}
	if got := read(t, path+".actual"); got != "one\nTWO\nthree\n" {
		t.Errorf(".actual holds %q, want this run's output", got)
	}
	if got := read(t, path); got != "one\ntwo\nthree\n" {
		t.Errorf("the golden file was changed without -update: %q", got)
	}
}

func TestCheckMissing(t *testing.T) {
	withUpdate(t, false)
	path := filepath.Join(t.TempDir(), "new.txt")
	r := newRecorder(t)
	Check(r, path, []byte("made\n"))
	if !r.failed() || !strings.Contains(r.report(), "does not exist") || !strings.Contains(r.report(), "-update") {
		t.Errorf("a missing golden file should fail with what to do; got %q", r.errors)
	}
	if exists(path) {
		t.Error("the golden file was created without -update")
	}
	if got := read(t, path+".actual"); got != "made\n" {
		t.Errorf(".actual holds %q", got)
	}
}

func TestCheckUpdate(t *testing.T) {
	withUpdate(t, true)
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "new.txt")
	r := newRecorder(t)
	Check(r, path, []byte("first\n"))
	if r.failed() || read(t, path) != "first\n" {
		t.Fatalf("-update did not create the file (errors %q)", r.errors)
	}

	// An unchanged file is not rewritten (its time stays), a changed one is.
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	must(t, os.Chtimes(path, old, old))
	write(t, path+".actual", "stale\n")
	Check(r, path, []byte("first\n"))
	if info, err := os.Stat(path); err != nil || !info.ModTime().Equal(old) {
		t.Errorf("an unchanged golden file was rewritten (%v)", err)
	}
	if exists(path + ".actual") {
		t.Error("-update kept a stale .actual file")
	}
	Check(r, path, []byte("second\n"))
	if r.failed() || read(t, path) != "second\n" {
		t.Errorf("-update did not rewrite a changed file (errors %q)", r.errors)
	}
}

func TestSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "doc.md")
	doc := "# Title\n\nHand-written.\n\n" + BeginMarker("table") + "\n| a |\n<!-- end table -->\n\nMore prose.\n"
	write(t, path, doc)

	withUpdate(t, false)
	r := newRecorder(t)
	Section(r, path, "table", []byte("| a |\n"))
	if r.failed() {
		t.Fatalf("an up-to-date part failed: %q", r.errors)
	}
	Section(r, path, "table", []byte("| b |\n"))
	if !r.failed() || !strings.Contains(r.report(), "-| a |") || !strings.Contains(r.report(), "+| b |") {
		t.Errorf("a stale part should fail with its diff: %q", r.errors)
	}
	if read(t, path) != doc {
		t.Error("the file changed without -update")
	}

	withUpdate(t, true)
	r = newRecorder(t)
	Section(r, path, "table", []byte("| b |\n| c |\n"))
	want := strings.Replace(doc, "| a |\n", "| b |\n| c |\n", 1)
	if r.failed() || read(t, path) != want {
		t.Errorf("-update should rewrite only the part:\n%s", read(t, path))
	}

	r = newRecorder(t)
	Section(r, path, "other", []byte("x\n"))
	if !r.fatal {
		t.Error("a part without markers should stop the test")
	}
}

func TestStale(t *testing.T) {
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "a"), 0o755))
	keep, gone, other := filepath.Join(dir, "a", "keep.txt"), filepath.Join(dir, "a", "gone.txt"), filepath.Join(dir, "notes.md")
	for _, p := range []string{keep, gone, other} {
		write(t, p, "x\n")
	}

	withUpdate(t, false)
	r := newRecorder(t)
	Stale(r, dir, ".txt", []string{keep})
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], gone) {
		t.Errorf("want one error naming %s, got %q", gone, r.errors)
	}
	if !exists(gone) {
		t.Error("a stale file was removed without -update")
	}

	withUpdate(t, true)
	r = newRecorder(t)
	Stale(r, dir, ".txt", []string{keep})
	if r.failed() || exists(gone) || !exists(keep) || !exists(other) {
		t.Errorf("-update should remove only %s (errors %q)", gone, r.errors)
	}

	r = newRecorder(t)
	Stale(r, filepath.Join(dir, "none"), ".txt", nil)
	if r.failed() {
		t.Errorf("a folder not made yet is not an error: %q", r.errors)
	}
}

func TestDiff(t *testing.T) {
	if d := Diff("a", "same\n", "b", "same\n"); d != "" {
		t.Errorf("equal texts give a diff: %q", d)
	}
	var want, got strings.Builder
	for i := range 500 { // every 10th line changed: many hunks
		fmt.Fprintf(&want, "line %d\n", i)
		if i%10 == 0 {
			fmt.Fprintf(&got, "LINE %d\n", i)
		} else {
			fmt.Fprintf(&got, "line %d\n", i)
		}
	}
	d := Diff("golden", want.String(), "this run", got.String())
	if n := strings.Count(d, "\n"); n > maxDiffLines+2 {
		t.Errorf("a long diff is printed whole (%d lines)", n)
	}
	if !strings.Contains(d, "--- golden") || !strings.Contains(d, "-line 0\n") || !strings.Contains(d, "+LINE 0\n") || !strings.Contains(d, "more lines of diff") {
		t.Errorf("diff does not show the start and say it was cut:\n%s", d)
	}
}

// TestEveryTestPackageAcceptsUpdate: `go test ./... -update` fails in any test binary that
// does not define -update, so every folder of the module with tests imports this package.
func TestEveryTestPackageAcceptsUpdate(t *testing.T) {
	const self = "github.com/accesspack/accesspack/internal/golden"
	root, err := filepath.Abs("../..")
	must(t, err)
	if !exists(filepath.Join(root, "go.mod")) {
		t.Fatalf("%s is not the module root", root)
	}
	packages := 0
	err = filepath.WalkDir(root, func(dir string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if dir != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || exists(filepath.Join(dir, "go.mod"))) {
			return filepath.SkipDir // not part of ./... (or another module)
		}
		tests, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
		if err != nil || len(tests) == 0 || dir == filepath.Join(root, "internal", "golden") {
			return err
		}
		packages++
		for _, f := range tests {
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, imp := range file.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); p == self {
					return nil
				}
			}
		}
		rel, _ := filepath.Rel(root, dir)
		t.Errorf("%s: no test file imports %s, so 'go test ./... -update' fails there (add `_ %q` to its imports)", rel, self, self)
		return nil
	})
	must(t, err)
	if packages < 10 {
		t.Errorf("only %d test packages found under %s", packages, root)
	}
}
