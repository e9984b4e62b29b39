package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"help", []string{"--help"}, exitOK},
		{"command help", []string{"generate", "--help"}, exitOK},
		{"version", []string{"version"}, exitOK},
		{"no command", nil, exitUsage},
		{"unknown command", []string{"genrate"}, exitUsage},
		{"unknown flag", []string{"check", "--patinets", "x.csv"}, exitUsage},
		{"unknown pathway", []string{"check", "--patients", "ok.csv", "--pathway", "procede"}, exitUsage},
		{"bad date flag", []string{"check", "--patients", "ok.csv", "--pathway", "proceed", "--go-live", "15/01/2027"}, exitUsage},
		{"practice file unknown key", []string{"check", "--practice", "bad.toml", "--patients", "ok.csv"}, exitUsage},
		{"missing NHS column", []string{"check", "--patients", "nonhs.csv"}, exitList},
		{"US dates", []string{"check", "--patients", "us.csv"}, exitList},
		{"missing file", []string{"check", "--patients", "nosuch.csv"}, exitList},
		{"check ok", []string{"check", "--patients", "ok.csv"}, exitOK},
		{"stray argument", []string{"version", "extra"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runIn(t, dir, tt.args...)
			if code != tt.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.want, stderr)
			}
			if code != exitOK && !strings.Contains(stderr, "accesspack: error: ") && !strings.HasPrefix(stderr, "accesspack makes") {
				t.Errorf("failure without an 'accesspack: error:' line:\n%s", stderr)
			}
		})
	}
}
