package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/golden"
	"github.com/accesspack/accesspack/internal/outcome"
)

// docs/command-line.md is the help of every command, as the program prints it: a stale page
// fails here, and -update rewrites it.
func TestDocsCommandLine(t *testing.T) {
	help := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errb); code != int(outcome.OK) || errb.Len() > 0 {
			t.Fatalf("accesspack %s: exit %d, stderr %q", strings.Join(args, " "), code, errb.String())
		}
		return out.String()
	}
	main := help("--help")
	usage, exitStatus, ok := strings.Cut(main, "\nExit status:\n")
	if !ok {
		t.Fatal("the main help has no exit status section")
	}
	_, list, ok := strings.Cut(usage, "\nCommands:\n")
	list, _, _ = strings.Cut(list, "\n\n")
	if !ok || list == "" {
		t.Fatal("the main help lists no commands")
	}

	var b strings.Builder
	b.WriteString("# Command line\n\n")
	b.WriteString("<!-- Generated from the program's own help ('accesspack --help', 'accesspack COMMAND\n" +
		"     --help') by 'go test ./cmd/accesspack -update' (see cmd/accesspack/docs_test.go); do not\n" +
		"     edit: change the help text in the command's code. -->\n\n")
	b.WriteString("```text\n" + strings.TrimRight(usage, "\n") + "\n```\n")
	b.WriteString("\n## Exit status\n\nEvery command exits with one of these statuses:\n\n```text\n" + exitStatus + "```\n")
	for _, line := range strings.Split(list, "\n") {
		name, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		text, _, ok := strings.Cut(help(name, "--help"), "\nExit status:\n")
		if !ok {
			t.Errorf("accesspack %s --help has no exit status section", name)
		}
		b.WriteString("\n## " + name + "\n\n```text\n" + strings.TrimRight(text, "\n") + "\n```\n")
	}
	golden.Check(t, "../../docs/command-line.md", []byte(b.String()))
}
