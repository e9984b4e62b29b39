package outdir

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
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
	s, err := Open(out, false)
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
	s, err := Open(filepath.Join(parent, "pack"), false)
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
	if err := os.MkdirAll(out, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "mine.txt"), []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(out, false); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("non-empty: %v", err)
	}
	file := filepath.Join(parent, "afile")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(file, true); !errors.Is(err, ErrIsFile) {
		t.Errorf("file: %v", err)
	}
	s, err := Open(out, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(out, true); !errors.Is(err, ErrBusy) {
		t.Errorf("second open while the first holds the lock: %v", err)
	}
	write(t, s, "new.txt", "new")
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, out); len(got) != 1 || got[0] != "new.txt" {
		t.Errorf("forced replacement holds %v", got)
	}
	if got := names(t, parent); len(got) != 2 {
		t.Errorf("beside the folder: %v", got)
	}
	// An empty folder may be written without force.
	empty := filepath.Join(parent, "empty")
	if err := os.Mkdir(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	s, err = Open(empty, false)
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
}

// TestLitterFromAKilledRunIsCleared: a temporary folder left by a run that died is removed
// by the next run on the same folder.
func TestLitterFromAKilledRunIsCleared(t *testing.T) {
	parent := t.TempDir()
	old := filepath.Join(parent, ".pack.accesspack-tmp-12345")
	if err := os.MkdirAll(old, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(old, "half.pdf"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(filepath.Join(parent, "pack"), false)
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if got := names(t, parent); len(got) != 0 {
		t.Errorf("left behind: %v", got)
	}
}

// TestWriteErrorNamesFinalPath: a failed write names the file where it would have ended
// up, never the temporary folder.
func TestWriteErrorNamesFinalPath(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "pack")
	s, err := Open(out, false)
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
	s, err := Open(filepath.Join(t.TempDir(), "pack"), false)
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
