package pack

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/rules"
)

// TestVolumesNumberedWithoutGaps: when every letter of a volume goes to Not sent (its
// addresses do not fit the envelope window), the volumes left are numbered 001, 002, …
// with no gap, the mailing list and manifest name the files that exist, and a kind left
// with one volume is named without a number.
func TestVolumesNumberedWithoutGaps(t *testing.T) {
	const size = 3
	for _, tt := range []struct {
		name      string
		empty     func(n int) []int // which planned volumes of the first kind to empty, of n
		wantFiles func(n int) []string
	}{
		{"a middle volume", func(n int) []int { return []int{1} }, func(n int) []string { return numbered(n - 1) }},
		{"the first two volumes", func(n int) []int { return []int{0, 1} }, func(n int) []string { return numbered(n - 2) }},
		{"all volumes but one", func(n int) []int {
			var v []int
			for i := 1; i < n; i++ {
				v = append(v, i)
			}
			return v
		}, func(int) []string { return []string{"letters/opt-out-notice.pdf"} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := sampleConfig(t, rules.Proceed, filepath.Join(t.TempDir(), "pack"))
			cfg.VolumeSize = size
			ds := rules.Decide(cfg.Patients, cfg.Rules)
			routes := routeAll(ds, cfg.Channels)
			unprintable(ds, routes)
			jobs := plan(ds, routes, size)
			var kind []*job
			for _, j := range jobs {
				if j.base == string(rules.OptOutNotice) {
					kind = append(kind, j)
				}
			}
			n := len(kind)
			if n < 4 {
				t.Fatalf("the sample gives %d opt-out volumes of %d; the test needs 4 or more", n, size)
			}
			unfit, unfitNHS := map[int]bool{}, map[string]bool{}
			for _, v := range tt.empty(n) {
				for _, it := range kind[v].letters {
					unfit[it.d.Row] = true
					unfitNHS[it.d.Patient.NHS] = true
				}
			}
			// every row with the number, so that duplicates still agree
			for i := range cfg.Patients {
				if p := &cfg.Patients[i]; unfitNHS[p.NHS] {
					p.Address = []string{"Flat 9 The Long Building Name 1 Long Street Name Quarter District Locality", "Town"}
				}
			}
			res, err := Generate(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Files {
				if strings.HasPrefix(f.Path, "letters/opt-out-notice") && !strings.Contains(f.Path, "large-print") {
					got = append(got, f.Path)
				}
			}
			if want := tt.wantFiles(n); !slices.Equal(got, want) {
				t.Errorf("files %v, want %v", got, want)
			}
			var onDisk []string
			entries, _ := os.ReadDir(filepath.Join(cfg.Out, "letters"))
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), "opt-out-notice") && !strings.Contains(e.Name(), "large-print") {
					onDisk = append(onDisk, "letters/"+e.Name())
				}
			}
			if !slices.Equal(onDisk, got) {
				t.Errorf("on disk %v, manifest %v", onDisk, got)
			}
			notSent := 0
			for _, d := range res.Decisions {
				if unfit[d.Row] {
					notSent++
					if d.Letter != "" || !strings.Contains(d.NotSent, "envelope window") {
						t.Errorf("row %d: letter %q, not sent %q", d.Row, d.Letter, d.NotSent)
					}
				}
			}
			if notSent != len(unfit) {
				t.Errorf("%d rows emptied, %d in Not sent", len(unfit), notSent)
			}
			// Every letter's row points at a page of a file that exists and is its own.
			checkPackIntegrity(t, cfg.Out, res, cfg.Practice.Window)
			if slices.ContainsFunc(entries, func(e os.DirEntry) bool {
				return strings.HasSuffix(e.Name(), ".renaming")
			}) {
				t.Error("a renamed volume kept its passing name")
			}
		})
	}
}

func numbered(n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("letters/opt-out-notice-%03d.pdf", i))
	}
	return out
}

// must fails the test on a set-up error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
