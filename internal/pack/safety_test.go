package pack

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/privacytest"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/xlsx"
)

// TestReproducible: the same inputs and dates give byte-identical files.
func TestReproducible(t *testing.T) {
	for _, pw := range []rules.Pathway{rules.Proceed, rules.DeferDPIA} {
		a, _ := generateSample(t, pw)
		b, _ := generateSample(t, pw)
		ma, mb := readFile(t, filepath.Join(a, "manifest.json")), readFile(t, filepath.Join(b, "manifest.json"))
		if string(ma) != string(mb) {
			t.Errorf("%s: manifests differ between two runs", pw)
		}
		if !strings.Contains(string(ma), `"sha256"`) {
			t.Errorf("%s: manifest has no hashes", pw)
		}
	}
}

// TestCancelledRunLeavesNothing cancels at several points of the run: nothing is left at
// --out and no temporary folder or lock remains beside it.
func TestCancelledRunLeavesNothing(t *testing.T) {
	for _, after := range []int{0, 1, 3, 6} { // the proceed sample makes about 10 volumes of 3
		parent := t.TempDir()
		out := filepath.Join(parent, "pack")
		cfg := sampleConfig(t, rules.Proceed, out)
		cfg.VolumeSize = 3
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		cfg.Progress = func(done, total int) {
			n++
			if n > after {
				cancel()
			}
		}
		if after == 0 {
			cancel()
		}
		_, err := Generate(ctx, cfg)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancel after %d: err = %v, want context.Canceled", after, err)
		}
		entries, _ := os.ReadDir(parent)
		for _, e := range entries {
			t.Errorf("cancel after %d: left %s behind", after, e.Name())
		}
	}
}

// TestOutRefusedUnlessForced: an existing non-empty --out is refused and left as it was;
// with Force it is replaced if it is an earlier pack, and refused if it is not.
func TestOutRefusedUnlessForced(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "pack")
	if err := os.MkdirAll(out, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "keep.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := sampleConfig(t, rules.Proceed, out)
	if _, err := Generate(context.Background(), cfg); !errors.Is(err, outdir.ErrNotEmpty) {
		t.Fatalf("err = %v, want ErrNotEmpty", err)
	}
	cfg.Force = true
	if _, err := Generate(context.Background(), cfg); !errors.Is(err, outdir.ErrNotOurs) {
		t.Fatalf("forced over a folder that is not a pack: err = %v, want ErrNotOurs", err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "keep.txt")); err != nil || string(b) != "mine" {
		t.Fatalf("existing --out was changed: %q, %v", b, err)
	}
	must(t, os.Remove(filepath.Join(out, "keep.txt")))
	if _, err := Generate(context.Background(), cfg); err != nil { // an empty folder
		t.Fatal(err)
	}
	cfg.Duplex = true
	if _, err := Generate(context.Background(), cfg); err != nil { // an earlier pack
		t.Fatal(err)
	}
	m, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil || !strings.Contains(string(m), `"pages"`) {
		t.Fatalf("manifest: %v", err)
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("litter beside --out: %v", entries)
	}
}

// TestOwnerOnly: every file and folder of the pack is readable by the owner only.
func TestOwnerOnly(t *testing.T) {
	out, _ := generateSample(t, rules.DeferDPIA)
	privacytest.OwnerOnly(t, out)
}

// TestConcurrentRunsRefused: while one run holds --out, a second is refused with ErrBusy.
func TestConcurrentRunsRefused(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "pack")
	st, err := outdir.Open(out, outdir.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Generate(context.Background(), sampleConfig(t, rules.Proceed, out))
	if !errors.Is(err, outdir.ErrBusy) {
		t.Errorf("second run: err = %v, want ErrBusy", err)
	}
	st.Abort()
	if _, err := Generate(context.Background(), sampleConfig(t, rules.Proceed, out)); err != nil {
		t.Errorf("after the first run ended: %v", err)
	}
}

// TestUnprintableAddressGoesToNotSent: a patient whose address cannot fit the envelope
// window is not written to (never printed outside the window, never failing the run) and
// is listed in Not sent with the reason; every other letter is still made.
func TestUnprintableAddressGoesToNotSent(t *testing.T) {
	cfg := sampleConfig(t, rules.Proceed, filepath.Join(t.TempDir(), "pack"))
	base, err := Generate(context.Background(), sampleConfig(t, rules.Proceed, filepath.Join(t.TempDir(), "base")))
	if err != nil {
		t.Fatal(err)
	}
	// Give the first opt-out recipient an address typed into one long line.
	var row int
	for i := range cfg.Patients {
		for _, d := range base.Decisions {
			if d.Row == cfg.Patients[i].Row && d.Letter == rules.OptOutNotice && row == 0 {
				p := &cfg.Patients[i]
				p.Address = []string{"Flat 9 The Long Building Name 1 Long Street Name Quarter District Locality", "Town"}
				row = p.Row
			}
		}
	}
	res, err := Generate(context.Background(), cfg)
	if err != nil {
		t.Fatalf("one unprintable address failed the whole pack: %v", err)
	}
	for _, d := range res.Decisions {
		if d.Row != row {
			continue
		}
		if d.Letter != "" || !strings.Contains(d.NotSent, "envelope window") {
			t.Errorf("row %d: letter %q, not sent %q", row, d.Letter, d.NotSent)
		}
	}
	if res.Letters != base.Letters-1 || !res.Counts.Reconciled() {
		t.Errorf("letters %d (base %d), reconciled %v", res.Letters, base.Letters, res.Counts.Reconciled())
	}
	pr := cfg.Practice
	checkPackIntegrity(t, cfg.Out, res, pr.Window)
}

// TestReconciliationAgainstInputRows: the reconciliation compares the rows the input
// shows (Config.InputRows, counted by the reader apart from the patients) with the rows
// accounted for. When it holds the Summary says so with the input row count; a row lost
// on the way fails the run with ErrNotReconciled and leaves nothing at Out, so a pack
// that does not hold is never there to be posted.
func TestReconciliationAgainstInputRows(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pack")
	cfg := sampleConfig(t, rules.Proceed, out)
	cfg.InputRows = len(cfg.Patients)
	if _, err := Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(out, "mailing-list.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := xlsx.Dump(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Reconciliation check | holds", fmt.Sprintf("Input rows | %d\n", cfg.InputRows)} {
		if !strings.Contains(text, want) {
			t.Errorf("the Summary lacks %q", want)
		}
	}

	lost := filepath.Join(t.TempDir(), "pack")
	cfg = sampleConfig(t, rules.Proceed, lost)
	cfg.InputRows = len(cfg.Patients) + 1
	if _, err := Generate(context.Background(), cfg); !errors.Is(err, ErrNotReconciled) {
		t.Fatalf("one row lost: got %v, want ErrNotReconciled", err)
	}
	if _, err := os.Lstat(lost); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("one row lost: %s was left (%v)", lost, err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(lost), "*")); len(left) != 0 {
		t.Errorf("one row lost: files left beside the pack: %v", left)
	}
}
