//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/accesspack/accesspack/internal/outcome"
)

// Faults on the real binary: built here, run as a practice would run it.

// buildBinary builds accesspack into dir and returns its path.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary: skipped with -short")
	}
	bin := filepath.Join(dir, "accesspack")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// sampleList writes a synthetic list of n rows with the binary's own sample command.
func sampleList(t *testing.T, bin, path string, n int) {
	t.Helper()
	if out, err := exec.Command(bin, "sample", "--patients", fmt.Sprint(n), "--seed", "3", "--out", path).CombinedOutput(); err != nil {
		t.Fatalf("sample: %v\n%s", err, out)
	}
}

// noLitter fails if parent holds anything but keep: no pack, temporary folder or lock.
func noLitter(t *testing.T, parent string, keep ...string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		ok := false
		for _, k := range keep {
			ok = ok || e.Name() == k
		}
		if !ok {
			t.Errorf("left behind in %s: %s", parent, e.Name())
		}
	}
}

// asUser runs cmd as an unprivileged user when the test runs as root (root ignores
// permissions, so a read-only folder would not be read-only to it). Unless cmd's
// environment names one, the user gets a cache folder of the test's own for the registry
// of run folders (internal/scratch), which would otherwise go in the system's TMPDIR.
func asUser(t *testing.T, cmd *exec.Cmd, dirs ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	if !slices.ContainsFunc(cmd.Env, func(v string) bool { return strings.HasPrefix(v, "XDG_CACHE_HOME=") }) {
		cache := filepath.Join(t.TempDir(), "cache")
		if err := os.Mkdir(cache, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(cache, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		if cmd.Env == nil {
			cmd.Env = os.Environ()
		}
		cmd.Env = append(cmd.Env, "XDG_CACHE_HOME="+cache, "HOME="+cache)
		dirs = append(dirs, cache)
	}
	for _, d := range dirs {
		for p := d; p != "/" && p != "."; p = filepath.Dir(p) {
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm()&0o005 != 0o005 {
				if err := os.Chmod(p, st.Mode().Perm()|0o005); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(p, st.Mode().Perm()) })
			}
		}
	}
}

// TestReadOnlyDestination: --out inside a folder the user cannot write fails with a clear
// error (exit 4, the path and "permission denied", and a hint), writing nothing.
func TestReadOnlyDestination(t *testing.T) {
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	list := filepath.Join(dir, "list.csv")
	sampleList(t, bin, list, 200)
	if err := os.Chmod(list, 0o644); err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(dir, "readonly")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	cmd := exec.Command(bin, "generate", "--patients", list, "--out", filepath.Join(ro, "pack"))
	asUser(t, cmd, bin, list, ro)
	expectWriteFailure(t, cmd, "permission denied")
	noLitter(t, ro)
}

// expectWriteFailure runs cmd, a generate whose pack cannot be written, and checks it
// fails with exit 4, "the pack could not be written", the cause and the hint.
func expectWriteFailure(t *testing.T, cmd *exec.Cmd, cause string) {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := -1
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	msg := stderr.String()
	if code != int(outcome.Output) || !strings.Contains(msg, "accesspack: error: the pack could not be written") ||
		!strings.Contains(msg, cause) || !strings.Contains(msg, "hint: nothing was written") {
		t.Errorf("exit %d (%v), stderr:\n%s", code, err, msg)
	}
}

// TestFullDestination: the disk fills up in the middle of writing the pack (simulated by a
// file-size limit on the process, so every write past 256 KB fails as on a full disk): a
// clear error, exit 4, and no pack, temporary folder or lock left.
func TestFullDestination(t *testing.T) {
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	list := filepath.Join(dir, "list.csv")
	sampleList(t, bin, list, 3000)
	parent := filepath.Join(dir, "out")
	if err := os.Mkdir(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	// ulimit -f counts 512-byte blocks in POSIX sh.
	cmd := exec.Command("/bin/sh", "-c", `ulimit -f 512 && exec "$@"`, "sh",
		bin, "generate", "--patients", list, "--out", filepath.Join(parent, "pack"))
	expectWriteFailure(t, cmd, "file too large")
	noLitter(t, parent)
}

// TestConcurrentBinaries starts two 'accesspack generate' processes on one --out at once:
// one writes the pack, the other is refused with a clear message, and nothing else is left.
func TestConcurrentBinaries(t *testing.T) {
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	list := filepath.Join(dir, "list.csv")
	sampleList(t, bin, list, 3000)
	parent := filepath.Join(dir, "out")
	if err := os.Mkdir(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	var cmds [2]*exec.Cmd
	var errs [2]bytes.Buffer
	for i := range cmds {
		cmds[i] = exec.Command(bin, "generate", "--patients", list, "--out", filepath.Join(parent, "pack"))
		cmds[i].Stderr = &errs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	ok := 0
	for i, c := range cmds {
		if err := c.Wait(); err == nil {
			ok++
			continue
		}
		msg := errs[i].String()
		if !strings.Contains(msg, "another accesspack run is writing this output folder") &&
			!strings.Contains(msg, "the output folder exists and is not empty") {
			t.Errorf("refused run %d: stderr:\n%s", i, msg)
		}
	}
	if ok != 1 {
		t.Errorf("%d runs succeeded, want exactly 1:\n%s\n%s", ok, errs[0].String(), errs[1].String())
	}
	if _, err := os.Stat(filepath.Join(parent, "pack", "manifest.json")); err != nil {
		t.Error(err)
	}
	noLitter(t, parent, "pack")
}

// TestOldPackThatCannotBeRemoved: --force over an earlier pack that cannot be removed
// whole (one of its folders is read-only to the user) is refused before anything is
// written: exit 4 naming the folder, the old pack as it was, nothing beside it.
func TestOldPackThatCannotBeRemoved(t *testing.T) {
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	list := filepath.Join(dir, "list.csv")
	sampleList(t, bin, list, 200)
	must(t, os.Chmod(list, 0o644))
	parent := filepath.Join(dir, "out")
	if err := os.Mkdir(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, "cache")
	must(t, os.Mkdir(cache, 0o700))
	asNobody := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache, "HOME="+cache, "TMPDIR="+cache)
		asUser(t, cmd, bin, list, parent)
		if os.Geteuid() == 0 {
			must(t, os.Chown(parent, 65534, 65534))
			must(t, os.Chown(cache, 65534, 65534))
		}
		return cmd
	}
	pack := filepath.Join(parent, "pack")
	if out, err := asNobody("generate", "--patients", list, "--out", pack).CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	letters := filepath.Join(pack, "letters")
	if err := os.Chmod(letters, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(letters, 0o700) })
	before, _ := os.ReadDir(letters)
	var stderr bytes.Buffer
	cmd := asNobody("generate", "--patients", list, "--out", pack, "--force", "--duplex")
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := -1
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	want := "accesspack: error: " + pack + ": letters cannot be emptied (permission denied), so the earlier output cannot be replaced\n"
	if code != int(outcome.Output) || !strings.HasPrefix(stderr.String(), "accesspack: no --practice") || !strings.Contains(stderr.String(), want) {
		t.Errorf("exit %d (%v), want %d and %q; stderr:\n%s", code, err, outcome.Output, want, stderr.String())
	}
	if after, _ := os.ReadDir(letters); len(after) != len(before) || len(before) == 0 {
		t.Errorf("the old pack's letters were %d files, now %d", len(before), len(after))
	}
	noLitter(t, parent, "pack")
}
