package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

func TestMain(m *testing.M) {
	cache, err := os.MkdirTemp("", "app-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	code := m.Run()
	os.RemoveAll(cache)
	os.Exit(code)
}

// upload is a request as the web app makes it: the practice as a value (from a form),
// the patient list as bytes (an upload).
func upload(t *testing.T, out string) GenerateRequest {
	t.Helper()
	pr, err := practice.Sample()
	if err != nil {
		t.Fatal(err)
	}
	pw := string(rules.DeferDPIA)
	return GenerateRequest{
		Inputs: Inputs{Practice: pr, Patients: sample.PatientsCSV(), PatientsName: "upload.csv",
			Overrides: practice.Overrides{Pathway: &pw}},
		Out: out, Version: "test",
	}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestGenerateFromGo: Generate makes a pack from values and bytes, with no files read,
// and the practice passed in is not changed by the overrides.
func TestGenerateFromGo(t *testing.T) {
	parent := t.TempDir()
	r := upload(t, filepath.Join(parent, "pack"))
	res, err := Generate(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Letters == 0 || res.Dir != r.Out {
		t.Errorf("letters %d, dir %q", res.Letters, res.Dir)
	}
	if _, err := os.Stat(filepath.Join(r.Out, "manifest.json")); err != nil {
		t.Error(err)
	}
	if r.Practice.Pathway == string(rules.DeferDPIA) {
		t.Error("the overrides changed the caller's practice")
	}
	if got := entries(t, parent); len(got) != 1 {
		t.Errorf("beside the pack: %v", got)
	}
}

// TestGenerateCancelled: a context cancelled before or during the run ends it with
// context.Canceled, and nothing is left: no pack, no run folder, no lock.
func TestGenerateCancelled(t *testing.T) {
	for _, during := range []bool{false, true} {
		parent := t.TempDir()
		r := upload(t, filepath.Join(parent, "pack"))
		ctx, cancel := context.WithCancel(context.Background())
		if during {
			r.VolumeSize = 3
			r.Progress = func(done, total int) { cancel() }
		} else {
			cancel()
		}
		_, err := Generate(ctx, r)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("during %v: err = %v, want context.Canceled", during, err)
		}
		if got := entries(t, parent); len(got) != 0 {
			t.Errorf("during %v: left %v", during, got)
		}
	}
}

// TestGenerateRefusalsComeFirst: a folder that must not be written is refused before the
// patient list is read (the list here cannot be read at all).
func TestGenerateRefusalsComeFirst(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "mine")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "notes.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := upload(t, out)
	r.Patients = []byte("not a list")
	r.Force = true
	_, err := Generate(context.Background(), r)
	if e := outcome.Of(err); e.Status != outcome.Usage {
		t.Errorf("err = %v (status %d), want the folder refused", err, e.Status)
	}
}

// TestCheckFromGo: Check reads bytes and counts, with the channel preview; Strict gives
// the report and an error.
func TestCheckFromGo(t *testing.T) {
	r := upload(t, "")
	rep, err := Check(context.Background(), CheckRequest{Inputs: r.Inputs})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.List.Patients) == 0 || rep.Counts == nil || rep.Channels == nil || rep.Name != "upload.csv" {
		t.Fatalf("report %+v", rep)
	}
	rep, err = Check(context.Background(), CheckRequest{Inputs: r.Inputs, Strict: true})
	if e := outcome.Of(err); rep == nil || e == nil || e.Status != outcome.List {
		t.Errorf("strict: report %v, err %v", rep != nil, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Check(ctx, CheckRequest{Inputs: r.Inputs}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestMissingLetterValueComesFirst: a practice without a value its pathway's letters
// print (the reply-by date of an opt-out notice) is a practice-file error naming the key
// and how to add it,
// for generate and check alike, found before the patient list is read (the list here
// cannot be read at all), and nothing is written. A pathway whose letters do not print
// it is not stopped.
func TestMissingLetterValueComesFirst(t *testing.T) {
	for _, tc := range []struct {
		pathway rules.Pathway
		fails   bool
	}{{rules.Proceed, true}, {rules.MissedDate, true}, {rules.Batch104BeforeLive, true}, {rules.DeferDPIA, false}} {
		parent := t.TempDir()
		r := upload(t, filepath.Join(parent, "pack"))
		r.Practice.ReplyBy = civil.Date{}
		pw := string(tc.pathway)
		r.Overrides.Pathway = &pw
		if !tc.fails {
			if _, err := Generate(context.Background(), r); err != nil {
				t.Errorf("%s without a reply-by date: %v", pw, err)
			}
			continue
		}
		r.Patients = []byte("not a list")
		_, gerr := Generate(context.Background(), r)
		_, cerr := Check(context.Background(), CheckRequest{Inputs: r.Inputs})
		for cmd, err := range map[string]error{"generate": gerr, "check": cerr} {
			// generate: the field table requires it for patient letters in this pathway;
			// check: the letters' own check finds the line that prints it.
			e := outcome.Of(err)
			if e == nil || e.Status != outcome.Usage ||
				!(strings.Contains(e.Msg, "reply_by: missing") || strings.Contains(e.Msg, "{reply-by date} has no value")) ||
				len(e.Hints) != 1 || !strings.Contains(e.Hints[0], "reply_by = 2027-01-05") {
				t.Errorf("%s %s without a reply-by date: %v", cmd, pw, e)
			}
		}
		if got := entries(t, parent); len(got) != 0 {
			t.Errorf("%s: left %v", pw, got)
		}
	}
}
