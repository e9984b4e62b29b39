package pack

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

// Reliability tests on large synthetic lists (docs/pack.md: integrity of the whole pack, safe
// writing). They need PDFium (see internal/pdftext) and run in about a minute on two cores.
//
// Cost and choice: checking a page costs about 1 ms of PDFium text extraction, and a
// 10,000-row list makes 12,000–17,000 letter pages per pathway, about 15 s a pathway. So
// each run checks one pathway's 10,000-row pack page by page, with a seed that rotates by
// the day (or ACCESSPACK_SEED), which picks both the pathway and the sample; setting
// ACCESSPACK_LONG=1 checks all six pathways. The seed is logged, so a failure can be
// repeated with ACCESSPACK_SEED.

// reliabilitySeed is ACCESSPACK_SEED, or else the day number, so that the pathway and
// sample checked change from day to day.
func reliabilitySeed(t *testing.T) int64 {
	t.Helper()
	if s := os.Getenv("ACCESSPACK_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("ACCESSPACK_SEED=%q: %v", s, err)
		}
		return n
	}
	return time.Now().Unix() / 86400
}

func long() bool { return os.Getenv("ACCESSPACK_LONG") == "1" }

// largeConfig is sampleConfig with a synthetic list of n rows made with seed.
func largeConfig(t testing.TB, pw rules.Pathway, out string, n int, seed int64) Config {
	t.Helper()
	cfg := sampleConfig(t, pw, out)
	var b bytes.Buffer
	if err := sample.Generate(&b, n, seed); err != nil {
		t.Fatal(err)
	}
	list, err := roster.Read(&b, "large.csv", roster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Patients) != n {
		t.Fatalf("read %d patients of %d", len(list.Patients), n)
	}
	cfg.Patients = list.Patients
	cfg.InputName = "large.csv"
	return cfg
}

// TestIntegrityLarge generates the pack for a random 10,000-row list and checks every page
// of every letters PDF against its mailing-list row and input row (checkPackIntegrity):
// the NHS number on the page, the name and address in the window and the sheet row all
// belong to one input row, and every input row is accounted for.
func TestIntegrityLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large pack: skipped with -short")
	}
	seed := reliabilitySeed(t)
	pathways := rules.Pathways
	if !long() {
		pathways = []rules.Pathway{rules.Pathways[seed%int64(len(rules.Pathways))]}
	}
	t.Logf("seed %d (repeat with ACCESSPACK_SEED=%d; all pathways with ACCESSPACK_LONG=1)", seed, seed)
	for i, pw := range pathways {
		t.Run(string(pw), func(t *testing.T) {
			sampleSeed := seed*7 + int64(i)
			cfg := largeConfig(t, pw, filepath.Join(t.TempDir(), "pack"), 10000, sampleSeed)
			start := time.Now()
			res, err := Generate(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			gen := time.Since(start)
			if !res.Counts.Reconciled() || res.Counts.Rows != 10000 || len(res.Decisions) != 10000 {
				t.Errorf("reconciliation: %d decisions, counts %+v", len(res.Decisions), res.Counts)
			}
			start = time.Now()
			checkPackIntegrity(t, cfg.Out, res, cfg.Practice.Window)
			t.Logf("%s, sample seed %d: %d letters, %d pages; generated in %v, every page checked in %v",
				pw, sampleSeed, res.Letters, res.Pages, gen.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
		})
	}
}

// leftovers lists what is in dir: after a failed or cancelled run beside --out, nothing.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestCancelAtRandomPoints cancels a 2,000-row run at random moments (a random delay, or
// a random number of progress reports): the run either finished first and the pack is
// whole, or it reports context.Canceled and leaves nothing at all beside --out.
func TestCancelAtRandomPoints(t *testing.T) {
	seed := reliabilitySeed(t)
	rng := rand.New(rand.NewPCG(uint64(seed), 3))
	t.Logf("seed %d", seed)
	base := largeConfig(t, rules.DeferDPIA, "", 2000, seed)
	runs := 6
	if long() {
		runs = 30
	}
	var cancelled, finished int
	for i := 0; i < runs; i++ {
		parent := t.TempDir()
		cfg := base
		cfg.Out = filepath.Join(parent, "pack")
		cfg.VolumeSize = 50 + rng.IntN(500)
		ctx, cancel := context.WithCancel(context.Background())
		if i%2 == 0 {
			after := rng.IntN(14)
			n := 0
			cfg.Progress = func(done, total int) {
				if n++; n > after {
					cancel()
				}
			}
		} else {
			time.AfterFunc(time.Duration(rng.IntN(500))*time.Millisecond, cancel)
		}
		res, err := Generate(ctx, cfg)
		cancel()
		switch {
		case err == nil:
			finished++
			if _, serr := os.Stat(filepath.Join(cfg.Out, "manifest.json")); serr != nil || !res.Counts.Reconciled() {
				t.Errorf("run %d finished but the pack is not whole: %v", i, serr)
			}
			if got := leftovers(t, parent); len(got) != 1 || got[0] != "pack" {
				t.Errorf("run %d: beside --out: %v", i, got)
			}
		case errors.Is(err, context.Canceled):
			cancelled++
			if got := leftovers(t, parent); len(got) != 0 {
				t.Errorf("run %d cancelled (volume size %d): left %v", i, cfg.VolumeSize, got)
			}
		default:
			t.Errorf("run %d: %v", i, err)
		}
	}
	t.Logf("%d runs cancelled, %d finished before the cancel", cancelled, finished)
	if cancelled == 0 {
		t.Error("no run was cancelled: the test cancels too late to test anything")
	}
}

// TestWriteFailureMidRun makes the staging folder unwritable in the middle of rendering
// (its letters folder is replaced by a file, which fails every later write even for root):
// the run fails with an error naming the file it could not write, and leaves nothing.
func TestWriteFailureMidRun(t *testing.T) {
	parent := t.TempDir()
	cfg := largeConfig(t, rules.Proceed, filepath.Join(parent, "pack"), 1000, 5)
	cfg.VolumeSize = 100
	cfg.Workers = 1
	broken := false
	cfg.Progress = func(done, total int) {
		if broken || done < 300 {
			return
		}
		broken = true
		staged, _ := filepath.Glob(filepath.Join(parent, ".pack.accesspack-tmp-*"))
		if len(staged) != 1 {
			t.Errorf("staging folders: %v", staged)
			return
		}
		letters := filepath.Join(staged[0], "out", "letters")
		if err := os.RemoveAll(letters); err != nil {
			t.Error(err)
		}
		if err := os.WriteFile(letters, []byte("not a folder"), 0o600); err != nil {
			t.Error(err)
		}
	}
	_, err := Generate(context.Background(), cfg)
	if err == nil || !broken {
		t.Fatalf("err = %v (broken %v), want a write error", err, broken)
	}
	t.Logf("error: %v", err)
	if !strings.Contains(err.Error(), "letters") || errors.Is(err, context.Canceled) {
		t.Errorf("error %q does not say what could not be written", err)
	}
	if got := leftovers(t, parent); len(got) != 0 {
		t.Errorf("a failed run left %v", got)
	}
}

// TestConcurrentGenerateOneOut starts two real runs on one --out at once: one makes the
// pack, the other is refused (busy, or --out not empty if it started late), and the pack
// left is the winner's, whole.
func TestConcurrentGenerateOneOut(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "pack")
	cfg := largeConfig(t, rules.MissedDate, out, 500, 9)
	type result struct {
		res *Result
		err error
	}
	done := make(chan result, 2)
	for i := 0; i < 2; i++ {
		go func() {
			res, err := Generate(context.Background(), cfg)
			done <- result{res, err}
		}()
	}
	a, b := <-done, <-done
	if (a.err == nil) == (b.err == nil) {
		t.Fatalf("want exactly one run to succeed: %v, %v", a.err, b.err)
	}
	winner, loser := a, b
	if a.err != nil {
		winner, loser = b, a
	}
	if !errors.Is(loser.err, outdir.ErrBusy) && !errors.Is(loser.err, outdir.ErrNotEmpty) {
		t.Errorf("refused run: %v, want ErrBusy or ErrOutNotEmpty", loser.err)
	}
	for _, f := range winner.res.Files {
		if st, err := os.Stat(filepath.Join(out, filepath.FromSlash(f.Path))); err != nil || st.Size() != f.Size {
			t.Errorf("%s: %v (size %v, manifest %d)", f.Path, err, st, f.Size)
		}
	}
	if got := leftovers(t, parent); len(got) != 1 {
		t.Errorf("beside --out: %v", got)
	}
}
