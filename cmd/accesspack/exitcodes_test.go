package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/outdir"
)

// runIn runs the real command in dir and returns its exit status and output.
func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := os.Chdir(old); err != nil {
			t.Fatal(err)
		}
	}()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestExitCodes: every status of the table, each from a real case, with its message.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("nonhs.csv", "Forename,Surname\nZoë,Ashworth\n")
	write("bad.toml", "name = \"X\"\nunknown_key = 1\n")
	write("ok.csv", "NHS Number,Forename,Surname,Date of Birth,Address Line 1,Postcode\n9990000018,Zoë,Ashworth,01/02/1980,1 High Street,LS6 2QR\n")
	write("us.csv", "NHS Number,Forename,Surname,Date of Birth,Address Line 1,Postcode\n9990000018,Zoë,Ashworth,10/27/1980,1 High Street,LS6 2QR\n")
	write("afile", "")
	must(t, os.MkdirAll(filepath.Join(dir, "work"), 0o700))
	write("work/list.csv", "NHS Number,Forename,Surname,Date of Birth,Address Line 1,Postcode\n9990000018,Zoë,Ashworth,01/02/1980,1 High Street,LS6 2QR\n")
	if code, _, stderr := runIn(t, dir, "init", "--out", "work/practice.toml"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runIn(t, dir, "templates", "export", "wording"); code != 0 {
		t.Fatal(stderr)
	}
	must(t, os.MkdirAll(filepath.Join(dir, "notapack"), 0o700))
	write("notapack/notes.txt", "mine")
	// A run holding the lock on busy/, as another accesspack would.
	busy, err := outdir.Open(filepath.Join(dir, "busy"), outdir.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Abort()
	tests := []struct {
		name string
		args []string
		want outcome.Status
		msg  string // in stderr
	}{
		{"help", []string{"--help"}, outcome.OK, ""},
		{"command help", []string{"generate", "--help"}, outcome.OK, ""},
		{"version", []string{"version"}, outcome.OK, ""},
		{"check ok", []string{"check", "--patients", "ok.csv"}, outcome.OK, ""},
		{"no command", nil, outcome.Usage, "Usage:"},
		{"unknown command", []string{"genrate"}, outcome.Usage, "did you mean 'accesspack generate'?"},
		{"unknown flag", []string{"check", "--patinets", "x.csv"}, outcome.Usage, "did you mean --patients?"},
		{"unknown pathway", []string{"check", "--patients", "ok.csv", "--pathway", "procede"}, outcome.Usage, "--pathway"},
		{"bad date flag", []string{"check", "--patients", "ok.csv", "--pathway", "proceed", "--go-live", "15/01/2027"}, outcome.Usage, "--go-live"},
		{"practice file unknown key", []string{"check", "--practice", "bad.toml", "--patients", "ok.csv"}, outcome.Usage, "bad.toml:2"},
		{"stray argument", []string{"version", "extra"}, outcome.Usage, "takes no arguments"},
		{"empty --out", []string{"generate", "--out", ""}, outcome.Usage, "accesspack: error: --out is empty: give the folder to write the pack to\nhint: for example: --out pack\n"},
		{"--out is a file", []string{"generate", "--out", "afile"}, outcome.Usage, "afile is a file, not a folder"},
		{"--out is not a pack", []string{"generate", "--out", "notapack", "--force"}, outcome.Usage, "notapack has no manifest.json from accesspack"},
		{"--out is the current folder", []string{"generate", "--out", ".", "--force"}, outcome.Usage, ". is the current folder"},
		{"--out is an ancestor of the current folder", []string{"generate", "--out", "..", "--force"}, outcome.Usage, ".. holds the current folder"},
		{"--out holds the list and the practice file", []string{"generate", "--patients", "work/list.csv", "--practice", "work/practice.toml", "--out", "work", "--force"}, outcome.Usage,
			"accesspack: error: work holds work/practice.toml, which this run reads\nhint: choose a new folder with --out for the output; --force never replaces a folder holding what the run reads\n"},
		{"--out is the templates folder", []string{"generate", "--templates", "wording", "--out", "wording", "--force"}, outcome.Usage, "wording holds wording, which this run reads"},
		{"existing file without --force", []string{"init", "--out", "bad.toml"}, outcome.Usage, "cannot write bad.toml"},
		{"missing NHS column", []string{"check", "--patients", "nonhs.csv"}, outcome.List, "nonhs.csv"},
		{"US dates", []string{"check", "--patients", "us.csv"}, outcome.List, "us.csv"},
		{"missing file", []string{"check", "--patients", "nosuch.csv"}, outcome.List, "nosuch.csv"},
		{"busy output folder", []string{"generate", "--out", "busy"}, outcome.Output,
			"accesspack: error: busy: another accesspack run is writing this output folder\nhint: wait for the other run to finish, or choose another --out\n"},
		{"output cannot be made", []string{"init", "--out", "afile/practice.toml"}, outcome.Output, "afile/practice.toml could not be written"},
		{"pack cannot be made", []string{"generate", "--out", "afile/pack"}, outcome.Output, "the pack could not be written: write in " + filepath.Join(dir, "afile") + ": not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runIn(t, dir, tt.args...)
			if outcome.Status(code) != tt.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.want, stderr)
			}
			if code != int(outcome.OK) && !strings.Contains(stderr, "accesspack: error: ") && !strings.HasPrefix(stderr, "accesspack makes") {
				t.Errorf("failure without an 'accesspack: error:' line:\n%s", stderr)
			}
			if !strings.Contains(stderr, tt.msg) {
				t.Errorf("stderr lacks %q:\n%s", tt.msg, stderr)
			}
			if strings.Contains(stderr, "this is a bug") {
				t.Errorf("reported as a bug:\n%s", stderr)
			}
		})
	}
	for folder, n := range map[string]int{"notapack": 1, "work": 2} {
		if entries, _ := os.ReadDir(filepath.Join(dir, folder)); len(entries) != n {
			t.Errorf("%s holds %v", folder, entries)
		}
	}
}

// TestPanicIsAnInternalFailure: a panic in a command is exit 1, "a bug", and its value is
// not printed.
func TestPanicIsAnInternalFailure(t *testing.T) {
	defer func(c []*command) { commands = c }(commands)
	commands = append(commands, define(command{name: "boom"}, func(fs *pflag.FlagSet, o *noOptions) {},
		func(e *env, o *noOptions, args []string) error { panic("Arthur Pendlebury, 14 Quarry Lane") }))
	code, stdout, stderr := runIn(t, t.TempDir(), "boom")
	if outcome.Status(code) != outcome.Internal || stdout != "" ||
		stderr != "accesspack: error: internal failure (this is a bug)\nhint: please report it with the command you ran; nothing was written\n" {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
}

// TestExitStatusDocumented: --help, every command's --help and the README list exactly
// the statuses of outcome.Table.
func TestExitStatusDocumented(t *testing.T) {
	if len(outcome.Table) < 6 {
		t.Fatalf("the table has %d rows", len(outcome.Table))
	}
	for _, args := range [][]string{{"--help"}, {"generate", "--help"}, {"help", "organisations"}} {
		_, stdout, _ := runIn(t, t.TempDir(), args...)
		if !strings.HasSuffix(stdout, outcome.Help()) {
			t.Errorf("accesspack %s does not end with the exit status table:\n%s", strings.Join(args, " "), stdout)
		}
	}
	for _, r := range outcome.Table {
		if !strings.Contains(outcome.Help(), "  "+r.Status+" ") || !strings.Contains(outcome.Help(), r.Meaning) {
			t.Errorf("help lacks status %s", r.Status)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Exit status\n")
	if !ok {
		t.Fatal("README has no Exit status section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var rows []outcome.Row
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if !strings.HasPrefix(line, "| ") || len(cells) != 2 || cells[0] == "status" || strings.HasPrefix(cells[0], "-") {
			continue
		}
		rows = append(rows, outcome.Row{Status: cells[0], Meaning: cells[1]})
	}
	if len(rows) != len(outcome.Table) {
		t.Fatalf("README lists %d statuses, the code %d:\n%v", len(rows), len(outcome.Table), rows)
	}
	for i, r := range outcome.Table {
		if rows[i] != r {
			t.Errorf("README row %d:\n%q\nwant\n%q", i, rows[i], r)
		}
	}
}

// TestStatusesAreDistinct: the statuses a script can test for do not overlap, and the
// stopping signals give 128 + their number.
func TestStatusesAreDistinct(t *testing.T) {
	seen := map[outcome.Status]bool{}
	for _, s := range []outcome.Status{outcome.OK, outcome.Internal, outcome.Usage, outcome.List, outcome.Output} {
		if seen[s] {
			t.Errorf("status %d twice", s)
		}
		seen[s] = true
	}
	for sig, want := range map[os.Signal]outcome.Status{os.Interrupt: 130, syscall.SIGHUP: 129, syscall.SIGQUIT: 131, syscall.SIGTERM: 143} {
		if got := outcome.Stopped(sig); got != want {
			t.Errorf("%v: %d, want %d", sig, got, want)
		}
	}
}

// TestHelpListsCommandsInOrder: the main help lists the commands in the order of docs/command-line.md,
// the order of the one list they are registered in.
func TestHelpListsCommandsInOrder(t *testing.T) {
	_, stdout, _ := runIn(t, t.TempDir(), "--help")
	_, list, _ := strings.Cut(stdout, "Commands:\n")
	list, _, _ = strings.Cut(list, "\n\n")
	var got []string
	for _, line := range strings.Split(list, "\n") {
		got = append(got, strings.Fields(line)[0])
	}
	want := []string{"generate", "check", "serve", "pathways", "init", "sample", "templates", "organisations", "calibrate", "version"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("commands %v, want %v", got, want)
	}
}

// must fails the test on a set-up error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
