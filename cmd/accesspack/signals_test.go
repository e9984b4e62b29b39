//go:build unix

package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/accesspack/accesspack/internal/privacytest"
	"github.com/accesspack/accesspack/internal/scratch"
)

// Signals on the real binary, as a practice's terminal, SSH session or service manager
// sends them. Each run has its own TMPDIR and cache folder (where the registry of run
// folders lives), so the test sees everything a run leaves anywhere.

// sandbox is where one test's runs write: the folder of their --out, their TMPDIR and
// their cache folder.
type sandbox struct {
	dir, tmp, cache string
}

func newSandbox(t *testing.T, dir string) *sandbox {
	t.Helper()
	s := &sandbox{dir: dir, tmp: filepath.Join(dir, "tmp"), cache: filepath.Join(dir, "cache")}
	for _, d := range []string{s.dir, s.tmp, s.cache} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func (s *sandbox) command(bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "TMPDIR="+s.tmp, "XDG_CACHE_HOME="+s.cache, "HOME="+s.cache)
	return cmd
}

// left lists what is in the sandbox apart from keep (names in dir): anything in TMPDIR,
// any record in the registry, anything beside --out.
func (s *sandbox) left(t *testing.T, keep ...string) []string {
	t.Helper()
	read := func(dir string) []os.DirEntry {
		entries, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		return entries
	}
	var out []string
	for _, e := range read(s.dir) {
		n := e.Name()
		if n != "tmp" && n != "cache" && !slices.Contains(keep, n) {
			out = append(out, n)
		}
	}
	for _, e := range read(s.tmp) {
		out = append(out, "$TMPDIR/"+e.Name())
	}
	for _, e := range read(filepath.Join(s.cache, "accesspack", "runs")) { // made by the first run
		out = append(out, "registry/"+e.Name())
	}
	return out
}

// started is a run under way: its first line on stderr has been read, which the command
// prints after its signal handler is installed.
type started struct {
	cmd   *exec.Cmd
	first string
	rest  *bufio.Reader
}

func start(t *testing.T, cmd *exec.Cmd) *started {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stderr)
	first, _ := r.ReadString('\n')
	return &started{cmd: cmd, first: first, rest: r}
}

// wait returns the run's exit status and all it wrote on stderr.
func (r *started) wait() (int, string) {
	rest, _ := io.ReadAll(r.rest)
	err := r.cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			code = -int(ws.Signal())
		}
	} else if err != nil {
		code = -1000
	}
	return code, r.first + string(rest)
}

// timed runs cmd to the end and returns how long it took.
func timed(t *testing.T, cmd *exec.Cmd) time.Duration {
	t.Helper()
	begin := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	return time.Since(begin)
}

var signalName = map[syscall.Signal]string{
	syscall.SIGINT: "Ctrl-C", syscall.SIGHUP: "the terminal was closed",
	syscall.SIGTERM: "SIGTERM", syscall.SIGQUIT: "SIGQUIT",
}

// binaryAndLists builds the binary into dir and writes a synthetic list there as CSV
// (csvRows) and as a workbook (xlsxRows).
func binaryAndLists(t *testing.T, dir string, csvRows, xlsxRows int) (bin, csv, xlsx string) {
	t.Helper()
	bin = buildBinary(t, dir)
	csv = filepath.Join(dir, "list.csv")
	sampleList(t, bin, csv, csvRows)
	book, _ := bigWorkbook(t, xlsxRows)
	xlsx = filepath.Join(dir, "list.xlsx")
	if err := os.WriteFile(xlsx, book, 0o600); err != nil {
		t.Fatal(err)
	}
	return bin, csv, xlsx
}

// TestSignalsStopCleanly sends SIGINT, SIGHUP, SIGTERM and SIGQUIT to generate (a
// 10,000-row CSV) and to check (a 10,000-row workbook) at a random moment of a run: each
// stopped run exits with 128 + the signal's number, says "interrupted (…): nothing was
// written", prints no stack dump, and leaves nothing anywhere: no --out, no run folder or
// lock beside it, nothing in TMPDIR, no record in the registry. The moment is drawn
// within 80% of the time one whole run takes on this machine; a run that finishes before
// the signal is tried again with half the delay (and must leave only its pack).
func TestSignalsStopCleanly(t *testing.T) {
	dir := t.TempDir()
	bin, list, xlsx := binaryAndLists(t, dir, 10000, 10000)
	data, err := os.ReadFile(list)
	if err != nil {
		t.Fatal(err)
	}
	secrets := listValues(t, data, "list.csv")
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	commands := []struct {
		name string
		args []string
	}{
		{"generate", []string{"generate", "--patients", list, "--out", "pack"}},
		{"check", []string{"check", "--patients", xlsx, "--pathway", "proceed"}},
	}
	n := 0
	for _, c := range commands {
		whole := timed(t, newSandbox(t, filepath.Join(dir, c.name+"-whole")).command(bin, c.args...))
		t.Logf("%s: one whole run takes %v", c.name, whole)
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGQUIT} {
			delay := time.Duration(rng.Int64N(int64(whole) * 8 / 10))
			for try := 0; ; try++ {
				n++
				sb := newSandbox(t, filepath.Join(dir, fmt.Sprint(n)))
				run := start(t, sb.command(bin, c.args...))
				time.Sleep(delay)
				run.cmd.Process.Signal(sig)
				code, msg := run.wait()
				if code == 0 {
					t.Logf("%s: finished before %v at %v", c.name, sig, delay)
					if left := sb.left(t, "pack"); len(left) > 0 {
						t.Errorf("%s finished, and left %v", c.name, left)
					}
					if try == 3 {
						t.Errorf("%s: no run was stopped by %v", c.name, sig)
						break
					}
					delay /= 2
					continue
				}
				privacytest.Check(t, fmt.Sprintf("%s stopped by %v", c.name, sig), []string{msg}, secrets...)
				want := fmt.Sprintf("accesspack: error: interrupted (%s): nothing was written\n", signalName[sig])
				if code != 128+int(sig) || !strings.HasSuffix(msg, want) {
					t.Errorf("%s, %v after %v: exit %d, want %d and the line %q; stderr:\n%s", c.name, sig, delay, code, 128+int(sig), want, msg)
				}
				if strings.Contains(msg, "goroutine") || strings.Contains(msg, "SIGQUIT: quit") {
					t.Errorf("%s, %v: a stack dump was printed:\n%s", c.name, sig, msg)
				}
				if left := sb.left(t); len(left) > 0 {
					t.Errorf("%s, %v after %v: left %v", c.name, sig, delay, left)
				}
				break
			}
		}
	}
}

// TestSecondSignalStopsAtOnce: a second Ctrl-C does not wait for the run to reach its
// next check: what the run wrote is removed at once and it ends, 130, leaving nothing.
func TestSecondSignalStopsAtOnce(t *testing.T) {
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	list := filepath.Join(dir, "list.csv")
	sampleList(t, bin, list, 20000)
	sb := newSandbox(t, filepath.Join(dir, "run"))
	run := start(t, sb.command(bin, "generate", "--patients", list, "--out", "pack"))
	time.Sleep(300 * time.Millisecond)
	run.cmd.Process.Signal(os.Interrupt)
	run.cmd.Process.Signal(os.Interrupt)
	code, msg := run.wait()
	if code != 130 || !strings.HasSuffix(msg, "accesspack: error: interrupted (Ctrl-C): nothing was written\n") {
		t.Errorf("exit %d; stderr:\n%s", code, msg)
	}
	if left := sb.left(t); len(left) > 0 {
		t.Errorf("left %v", left)
	}
}

// TestKilledRunIsClearedByTheNextRun: SIGKILL cannot be caught, so a killed generate
// leaves its run folder (the half-made pack, patient data) and lock beside --out, and a
// killed check leaves its private TMPDIR folder. The next run of accesspack — any
// command, writing anywhere — removes them.
func TestKilledRunIsClearedByTheNextRun(t *testing.T) {
	dir := t.TempDir()
	bin, list, xlsx := binaryAndLists(t, dir, 20000, 30000)
	small := filepath.Join(dir, "small.csv")
	sampleList(t, bin, small, 10)
	// nextRun is the next run: a check of another list, which writes nowhere near a pack.
	nextRun := func(sb *sandbox) {
		t.Helper()
		var stderr bytes.Buffer
		next := sb.command(bin, "check", "--patients", small)
		next.Stderr = &stderr
		if err := next.Run(); err != nil {
			t.Fatalf("next run: %v\n%s", err, stderr.String())
		}
		if left := sb.left(t); len(left) > 0 {
			t.Errorf("after the next run, still there: %v", left)
		}
	}
	// has reports whether left holds a name with each of the prefixes.
	has := func(left []string, prefixes ...string) bool {
		for _, p := range prefixes {
			if !slices.ContainsFunc(left, func(l string) bool { return strings.HasPrefix(l, p) }) {
				return false
			}
		}
		return true
	}

	// generate, killed once its pack is being written
	sb := newSandbox(t, filepath.Join(dir, "generate"))
	gen := start(t, sb.command(bin, "generate", "--patients", list, "--out", "pack"))
	waitFor(t, func() bool {
		m, _ := filepath.Glob(filepath.Join(sb.dir, ".pack.accesspack-tmp-*", "out", "letters", "*"))
		return len(m) > 0
	})
	gen.cmd.Process.Signal(syscall.SIGKILL)
	if code, _ := gen.wait(); code != -int(syscall.SIGKILL) {
		t.Fatalf("generate was not killed: %d", code)
	}
	left := sb.left(t)
	t.Logf("the killed generate left %v", left)
	if !has(left, ".pack.accesspack-tmp-", ".pack.accesspack-lock", "registry/") {
		t.Fatalf("the kill did not leave what the test expects: %v", left)
	}
	nextRun(sb)

	// check, killed while it reads the workbook
	sb = newSandbox(t, filepath.Join(dir, "check"))
	chk := start(t, sb.command(bin, "check", "--patients", xlsx))
	time.Sleep(200 * time.Millisecond)
	chk.cmd.Process.Signal(syscall.SIGKILL)
	if code, _ := chk.wait(); code != -int(syscall.SIGKILL) {
		t.Fatalf("check was not killed: %d", code)
	}
	left = sb.left(t)
	t.Logf("the killed check left %v", left)
	if !has(left, "$TMPDIR/accesspack-tmp-", "registry/") {
		t.Fatalf("the kill did not leave what the test expects: %v", left)
	}
	nextRun(sb)
}

// waitFor polls cond for up to a minute.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("timed out")
}

// TestPrivateTempIsTheSystemsTempDir: while a run's privateTemp is in force, os.TempDir
// (what every library's temporary files use, whichever variable this system reads) is the
// run's own folder; afterwards the folder is gone and os.TempDir is what it was.
func TestPrivateTempIsTheSystemsTempDir(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the run registry
	t.Setenv("HOME", t.TempDir())
	system := t.TempDir()
	for _, name := range tempVars() {
		t.Setenv(name, system)
	}
	restore := privateTemp()
	run := os.TempDir()
	if filepath.Dir(run) != system || !strings.HasPrefix(filepath.Base(run), scratch.Prefix) {
		restore()
		t.Fatalf("os.TempDir() is %s during the run, want a run folder in %s", run, system)
	}
	if fi, err := os.Stat(run); err != nil || !fi.IsDir() {
		t.Errorf("the run folder %s: %v", run, err)
	}
	restore()
	if got := os.TempDir(); got != system {
		t.Errorf("os.TempDir() is %s after the run, want %s", got, system)
	}
	if _, err := os.Stat(run); !os.IsNotExist(err) {
		t.Errorf("the run folder %s was left: %v", run, err)
	}
}
