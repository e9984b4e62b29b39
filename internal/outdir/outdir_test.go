package outdir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
	"github.com/accesspack/accesspack/internal/scratch"
)

func write(t *testing.T, s *Staging, rel, body string) {
	t.Helper()
	if err := s.WriteFile(rel, func(w io.Writer) error { _, err := io.WriteString(w, body); return err }); err != nil {
		t.Fatal(err)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestCommitMovesCompleteFolderIntoPlace(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "pack")
	s, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, s, "letters/a.pdf", "A")
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("the final folder exists before Commit")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "letters", "a.pdf"))
	if err != nil || string(b) != "A" {
		t.Fatalf("read back %q, %v", b, err)
	}
	for _, p := range []string{out, filepath.Join(out, "letters"), filepath.Join(out, "letters", "a.pdf")} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: mode %v", p, st.Mode().Perm())
		}
	}
	if got := names(t, parent); len(got) != 1 || got[0] != "pack" {
		t.Errorf("beside the folder: %v", got)
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	s, err := Open(filepath.Join(parent, "pack"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, s, "x.pdf", "partial")
	s.Abort()
	if got := names(t, parent); len(got) != 0 {
		t.Errorf("left behind: %v", got)
	}
}

func TestRefusals(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "pack")
	must(t, os.MkdirAll(out, 0o700))
	must(t, os.WriteFile(filepath.Join(out, "mine.txt"), []byte("keep"), 0o600))
	if _, err := Open(out, Options{}); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("non-empty: %v", err)
	}
	file := filepath.Join(parent, "afile")
	must(t, os.WriteFile(file, nil, 0o600))
	if _, err := Open(file, Options{Force: true}); !errors.Is(err, ErrIsFile) || err.Error() != file+" is a file, not a folder" {
		t.Errorf("file: %v", err)
	}
	if _, err := Open("", Options{Force: true}); !errors.Is(err, ErrNoName) {
		t.Errorf("empty name: %v", err)
	}
	fresh := filepath.Join(parent, "fresh")
	s, err := Open(fresh, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(fresh, Options{Force: true}); !errors.Is(err, ErrBusy) {
		t.Errorf("second open while the first holds the lock: %v", err)
	}
	s.Abort()
	// An empty folder may be written without force.
	empty := filepath.Join(parent, "empty")
	must(t, os.Mkdir(empty, 0o700))
	s, err = Open(empty, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, s, "new.txt", "new")
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, empty); len(got) != 1 || got[0] != "new.txt" {
		t.Errorf("the empty folder holds %v", got)
	}
}

// TestLitterFromAKilledRunIsCleared: a temporary folder left by a run that died (it holds
// scratch.Marker, as every run folder does) is removed by the next run on the same
// folder; a folder of the same name without the marker is not a run's, and is left.
func TestLitterFromAKilledRunIsCleared(t *testing.T) {
	parent := t.TempDir()
	old := filepath.Join(parent, ".pack.accesspack-tmp-12345")
	must(t, os.MkdirAll(old, 0o700))
	must(t, os.WriteFile(filepath.Join(old, scratch.Marker), nil, 0o600))
	must(t, os.WriteFile(filepath.Join(old, "half.pdf"), []byte("x"), 0o600))
	notOurs := filepath.Join(parent, ".pack.accesspack-tmp-mine")
	must(t, os.MkdirAll(notOurs, 0o700))
	must(t, os.WriteFile(filepath.Join(notOurs, "notes.txt"), []byte("x"), 0o600))
	s, err := Open(filepath.Join(parent, "pack"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if got := names(t, parent); len(got) != 1 || got[0] != filepath.Base(notOurs) {
		t.Errorf("left behind: %v, want only %s", got, filepath.Base(notOurs))
	}
}

// TestWriteErrorNamesFinalPath: a failed write names the file where it would have ended
// up, never the temporary folder.
func TestWriteErrorNamesFinalPath(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "pack")
	s, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	write(t, s, "letters/a.pdf", "A")
	err = s.WriteFile("letters/a.pdf", func(w io.Writer) error { return nil }) // exists: O_EXCL fails
	if err == nil {
		t.Fatal("second create of the same file succeeded")
	}
	if !strings.Contains(err.Error(), filepath.Join(out, "letters", "a.pdf")) || strings.Contains(err.Error(), "accesspack-tmp") {
		t.Errorf("error %q should name the final path only", err)
	}
	if !errors.Is(err, os.ErrExist) {
		t.Errorf("error %q lost its cause", err)
	}
}

// TestFilesAreHashedAsWritten: Files lists every file WriteFile wrote, with the size and
// SHA-256 of its bytes on disk.
func TestFilesAreHashedAsWritten(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "pack"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	write(t, s, "letters/b.pdf", "hello")
	write(t, s, "a.txt", "")
	got := s.Files()
	if len(got) != 2 || got[0].Path != "a.txt" || got[1].Path != "letters/b.pdf" {
		t.Fatalf("files %+v", got)
	}
	// SHA-256 of "hello" and of the empty string, as sha256sum prints them.
	if got[1].Size != 5 || got[1].SHA256 != "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" {
		t.Errorf("hello: %+v", got[1])
	}
	if got[0].Size != 0 || got[0].SHA256 != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("empty: %+v", got[0])
	}
}

func TestMain(m *testing.M) {
	// The run folders' registry goes in a folder of the test's own.
	cache, err := os.MkdirTemp("", "outdir-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	code := m.Run()
	os.RemoveAll(cache)
	os.Exit(code)
}

// earlierOutput writes files into out as an earlier run would: through Open, with a
// manifest listing them.
func earlierOutput(t *testing.T, out string, files map[string]string) {
	t.Helper()
	s, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for rel, body := range files {
		write(t, s, rel, body)
	}
	b, _ := json.Marshal(Manifest{Tool: "accesspack", Files: s.Files()})
	write(t, s, ManifestFile, string(b))
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
}

// inDir runs f with the current folder set to dir.
func inDir(t *testing.T, dir string, f func()) {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(old)
	f()
}

// TestForceReplacesOnlyAnEarlierOutput: --force replaces a folder only if it is an earlier
// output exactly as written; anything else is refused and left as it was.
func TestForceReplacesOnlyAnEarlierOutput(t *testing.T) {
	pack := map[string]string{"letters/a.pdf": "A", "mailing-list.xlsx": "M"}
	tests := []struct {
		name  string
		setup func(t *testing.T, out string) // after an earlier output was written to out
		want  error
		msg   string
	}{
		{"an earlier output", func(*testing.T, string) {}, nil, ""},
		{"no manifest", func(t *testing.T, out string) { must(t, os.Remove(filepath.Join(out, ManifestFile))) }, ErrNotOurs,
			"has no manifest.json from accesspack, so it is not an earlier output: --force will not replace it"},
		{"another tool's manifest", func(t *testing.T, out string) {
			must(t, os.WriteFile(filepath.Join(out, ManifestFile), []byte(`{"tool":"other","files":[]}`), 0o600))
		}, ErrNotOurs, "has no manifest.json"},
		{"a file of the user's", func(t *testing.T, out string) {
			must(t, os.WriteFile(filepath.Join(out, "notes.docx"), []byte("mine"), 0o600))
		}, ErrNotOurs,
			"OUT holds notes.docx, which accesspack did not write: --force will not replace it"},
		{"a file of the user's in a folder of the pack", func(t *testing.T, out string) {
			must(t, os.WriteFile(filepath.Join(out, "letters", "x.pdf"), nil, 0o600))
		}, ErrNotOurs, "letters"},
		{"a folder of the user's", func(t *testing.T, out string) { must(t, os.Mkdir(filepath.Join(out, "mine"), 0o700)) }, ErrNotOurs, "mine"},
		{"Excel's lock file of an open workbook", func(t *testing.T, out string) {
			must(t, os.WriteFile(filepath.Join(out, "~$mailing-list.xlsx"), nil, 0o600))
		}, ErrNotOurs, "~$mailing-list.xlsx"},
		{"a changed file", func(t *testing.T, out string) {
			must(t, os.WriteFile(filepath.Join(out, "mailing-list.xlsx"), []byte("N"), 0o600))
		}, ErrNotOurs,
			"OUT: mailing-list.xlsx was changed after accesspack wrote it: --force will not replace it"},
		{"a link", func(t *testing.T, out string) { must(t, os.Symlink("/", filepath.Join(out, "root"))) }, ErrNotOurs, "root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "OUT")
			earlierOutput(t, out, pack)
			tt.setup(t, out)
			before := tree(t, out)
			s, err := Open(out, Options{Force: true})
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				write(t, s, "new.txt", "new")
				if err := s.Commit(); err != nil {
					t.Fatal(err)
				}
				if got := names(t, out); len(got) != 1 || got[0] != "new.txt" {
					t.Errorf("replaced folder holds %v", got)
				}
				if got := names(t, parent); len(got) != 1 {
					t.Errorf("beside the folder: %v", got)
				}
				return
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %v containing %q", err, tt.want, tt.msg)
			}
			if after := tree(t, out); !slices.Equal(before, after) {
				t.Errorf("the refused folder changed:\n%v\n%v", before, after)
			}
			if got := names(t, parent); len(got) != 1 {
				t.Errorf("beside the folder: %v", got)
			}
		})
	}
}

// tree lists every path under dir with its size, to show a folder was not touched.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %d", p, info.Size()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNeverWritesWhatTheRunReadsOrStandsIn: a folder that is, or holds, the current folder
// or a file the run reads is refused even with --force, even when it is an earlier output.
func TestNeverWritesWhatTheRunReadsOrStandsIn(t *testing.T) {
	parent := t.TempDir()
	work := filepath.Join(parent, "work")
	must(t, os.MkdirAll(filepath.Join(work, "sub"), 0o700))
	list := filepath.Join(work, "list.csv")
	must(t, os.WriteFile(list, []byte("NHS Number\n"), 0o600))
	templates := filepath.Join(parent, "wording")
	must(t, os.Mkdir(templates, 0o700))
	pack := filepath.Join(parent, "pack")
	earlierOutput(t, pack, map[string]string{"a.pdf": "A"})
	tests := []struct {
		name, cwd, out string
		keep           []string
		want           error
		msg            string
	}{
		{"--out holds the patient list", parent, "work", []string{"work/list.csv"}, ErrHoldsInput, "work holds work/list.csv, which this run reads"},
		{"--out is the templates folder", parent, "wording", []string{"wording"}, ErrHoldsInput, "wording holds wording"},
		{"--out holds the practice file, named from elsewhere", filepath.Join(work, "sub"), "..", []string{list}, ErrHoldsCurrent, ".. holds the current folder"},
		{"--out is the current folder", work, ".", nil, ErrHoldsCurrent, ". is the current folder"},
		{"--out is an ancestor of the current folder", filepath.Join(work, "sub"), parent, nil, ErrHoldsCurrent, "holds the current folder"},
		{"--out is the root", work, "/", nil, ErrHoldsCurrent, "/ holds the current folder"},
		{"an earlier pack that holds an input", parent, "pack", []string{"pack/a.pdf"}, ErrHoldsInput, "pack holds pack/a.pdf"},
		{"an earlier pack the run stands in", pack, ".", nil, ErrHoldsCurrent, ". is the current folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tree(t, parent)
			inDir(t, tt.cwd, func() {
				for _, force := range []bool{false, true} {
					_, err := Open(tt.out, Options{Force: force, Keep: tt.keep})
					if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
						t.Errorf("force %v: err = %v, want %v containing %q", force, err, tt.want, tt.msg)
					}
				}
			})
			if after := tree(t, parent); !slices.Equal(before, after) {
				t.Errorf("files changed:\n%v\n%v", before, after)
			}
		})
	}
	// A pack beside the inputs, not holding them, is fine.
	inDir(t, parent, func() {
		s, err := Open("pack", Options{Force: true, Keep: []string{"work/list.csv", "wording"}})
		if err != nil {
			t.Fatal(err)
		}
		s.Abort()
	})
}

// TestLinkedOutKeepsTheLink: an --out that is a link to a folder is written through: the
// output goes into the folder it points to and the link stays. A link to nothing, or to
// a file, is refused.
func TestLinkedOutKeepsTheLink(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "elsewhere", "packs")
	must(t, os.MkdirAll(target, 0o700))
	link := filepath.Join(parent, "pack")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	for i, body := range []string{"first", "second"} {
		s, err := Open(link, Options{Force: i > 0})
		if err != nil {
			t.Fatal(err)
		}
		write(t, s, "a.pdf", body)
		b, _ := json.Marshal(Manifest{Tool: "accesspack", Files: s.Files()})
		write(t, s, ManifestFile, string(b))
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Lstat(link)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("run %d: --out is no longer a link: %v %v", i, fi.Mode(), err)
		}
		if b, _ := os.ReadFile(filepath.Join(target, "a.pdf")); string(b) != body {
			t.Errorf("run %d: the target holds %q", i, b)
		}
		if got := names(t, parent); len(got) != 2 {
			t.Errorf("run %d: beside the link: %v", i, got)
		}
		if got := names(t, filepath.Dir(target)); len(got) != 1 {
			t.Errorf("run %d: beside the target: %v", i, got)
		}
	}
	dangling := filepath.Join(parent, "dangling")
	must(t, os.Symlink(filepath.Join(parent, "nowhere"), dangling))
	if _, err := Open(dangling, Options{}); !errors.Is(err, ErrDanglingLink) || !strings.Contains(err.Error(), "nowhere, which does not exist") {
		t.Errorf("dangling link: %v", err)
	}
	file := filepath.Join(parent, "file")
	must(t, os.WriteFile(file, nil, 0o600))
	toFile := filepath.Join(parent, "tofile")
	must(t, os.Symlink(file, toFile))
	if _, err := Open(toFile, Options{Force: true}); !errors.Is(err, ErrIsFile) {
		t.Errorf("link to a file: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(parent, "nowhere")); err == nil {
		t.Error("the dangling link's target was made")
	}
}

// TestOldOutputThatCannotBeRemoved: when the earlier output cannot be removed completely
// after the new one is in place, Commit says so and where what is left of it is; the new
// output is complete.
func TestOldOutputThatCannotBeRemoved(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "pack")
	earlierOutput(t, out, map[string]string{"a.pdf": "old"})
	defer func(f func(*scratch.Folder) error) { removeOld = f }(removeOld)
	removeOld = func(*scratch.Folder) error { return &fs.PathError{Op: "unlinkat", Path: "x", Err: syscall.EBUSY} }
	s, err := Open(out, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	write(t, s, "a.pdf", "new")
	b, _ := json.Marshal(Manifest{Tool: "accesspack", Files: s.Files()})
	write(t, s, ManifestFile, string(b))
	err = s.Commit()
	if !errors.Is(err, ErrOldRemains) || !strings.Contains(err.Error(), "the new output is in "+out+", but the earlier one could not be removed completely") ||
		!strings.Contains(err.Error(), s.run.Path) {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a.pdf")); string(b) != "new" {
		t.Errorf("new output holds %q", b)
	}
	removeOld = func(f *scratch.Folder) error { return f.Remove() }
	// The next run on the folder clears what is left (a run elsewhere would too, once this
	// process has ended and its record is no longer locked: see internal/scratch).
	s, err = Open(out, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if got := names(t, parent); len(got) != 1 {
		t.Errorf("after the next run's sweep, beside the folder: %v", got)
	}
}

// TestRunFolderThatCannotBeRemoved: with no earlier output to replace, a run folder that
// cannot be removed after the new output is in place (Wine, a virus scanner holding a
// temporary file) does not fail the complete output: Commit succeeds, and the next run
// on the folder clears it.
func TestRunFolderThatCannotBeRemoved(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "pack")
	defer func(f func(*scratch.Folder) error) { removeOld = f }(removeOld)
	removeOld = func(*scratch.Folder) error { return &fs.PathError{Op: "unlinkat", Path: "x", Err: syscall.EBUSY} }
	s, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, s, "a.pdf", "new")
	b, _ := json.Marshal(Manifest{Tool: "accesspack", Files: s.Files()})
	write(t, s, ManifestFile, string(b))
	if err := s.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a.pdf")); string(b) != "new" {
		t.Errorf("the output holds %q", b)
	}
	removeOld = func(f *scratch.Folder) error { return f.Remove() }
	// The next run on the folder clears it (a run elsewhere would too, once this process
	// has ended and its record is no longer locked: see internal/scratch).
	s, err = Open(out, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if got := names(t, parent); len(got) != 1 || got[0] != "pack" {
		t.Errorf("after the next run, beside the output: %v", got)
	}
}

// must fails the test on a set-up error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
