//go:build unix

package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestKilledCheckLeavesNoPatientDataInTMPDIR is the reader's part of issue 10.7: `check`
// on a workbook larger than excelize's in-memory limit, killed (SIGKILL cannot be caught)
// at moments while the rows are read, leaves no file anywhere under TMPDIR. The reader
// streams the sheet from the zip in memory and writes nothing; only the run's own private
// folder may be left, empty but for its marker, which the next run removes
// (TestKilledRunIsClearedByTheNextRun).
func TestKilledCheckLeavesNoPatientDataInTMPDIR(t *testing.T) {
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	book, _ := bigWorkbook(t, 30000)
	xlsx := filepath.Join(dir, "list.xlsx")
	if err := os.WriteFile(xlsx, book, 0o600); err != nil {
		t.Fatal(err)
	}
	whole := timed(t, newSandbox(t, filepath.Join(dir, "whole")).command(bin, "check", "--patients", xlsx))
	t.Logf("one whole check takes %v", whole)
	for i, at := range []time.Duration{whole / 10, whole / 4, whole / 2, whole * 3 / 4} {
		sb := newSandbox(t, filepath.Join(dir, "run", string(rune('a'+i))))
		run := start(t, sb.command(bin, "check", "--patients", xlsx))
		time.Sleep(at)
		run.cmd.Process.Signal(syscall.SIGKILL)
		run.wait()
		filepath.WalkDir(sb.tmp, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Error(err)
				return nil
			}
			info, _ := d.Info()
			if !d.IsDir() && !(d.Name() == ".accesspack-run" && info.Size() == 0) { // the run folder's empty marker
				rel, _ := filepath.Rel(sb.tmp, p)
				t.Errorf("killed after %v: left $TMPDIR/%s (%d bytes)", at, rel, info.Size())
			}
			return nil
		})
	}
}
