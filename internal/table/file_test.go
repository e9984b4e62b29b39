//go:build unix

package table

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ReadFile refuses what is not a regular file before reading a byte of it — a device that
// never ends, a FIFO that would wait for a writer for ever, a folder — and a file larger
// than MaxFileSize, with a message saying what it is and what to do.
func TestReadFileRefusesWhatIsNotAList(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "list.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("NHS Number\n")
	if err := f.Truncate(MaxFileSize + 1); err != nil { // sparse: takes no disk space
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct{ path, problem string }{
		{"/dev/zero", "is not a regular file (it is a device, a pipe or a socket), so it cannot be a patient list"},
		{fifo, "is not a regular file (it is a device, a pipe or a socket)"},
		{dir, "is a folder, not a patient list"},
		{big, "the file is larger than 256 MB, too large for a patient list"},
		{filepath.Join(dir, "missing.csv"), "no such file"},
	} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(tc.path, nhsHeader); done <- err }()
		select {
		case err := <-done:
			var e *Error
			if !errors.As(err, &e) || e.File != tc.path || !strings.Contains(e.Problem, tc.problem) || e.Hint == "" {
				t.Errorf("%s: %v, want a problem saying %q", tc.path, err, tc.problem)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: ReadFile did not return", tc.path)
		}
	}
}
