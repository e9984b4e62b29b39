package pack

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

// The benchmarks below time 1,000 and 10,000 patients in process:
//
//	go test -run '^$' -bench 'Generate(1k|10k)$' -benchtime 3x ./internal/pack/
//	go test -run '^$' -bench 'Generate10k$' -benchtime 3x -cpuprofile cpu.prof ./internal/pack/
//	go tool pprof -top -nodecount=10 cpu.prof
//
// 100,000 patients are timed on the command itself, as a practice runs it:
//
//	go build -o /tmp/ap ./cmd/accesspack
//	/tmp/ap sample --patients 100000 --out /tmp/big.csv --force
//	/usr/bin/time -v /tmp/ap generate --patients /tmp/big.csv --pathway proceed --out /tmp/bigpack -q --force
//
// The letters and pages are in /tmp/bigpack/manifest.json (files under letters/, with
// their sizes); the peak RSS is time's "Maximum resident set size". The targets: at
// least 10,000 pages/s over the whole run, peak RSS under 500 MB, under 1.5 KB per page.

// benchmarkGenerate times a whole proceed pack for n synthetic patients (read from the
// sample generator's CSV once, outside the timer) and reports pages/s, letters/s, bytes
// per page and per letter of the letters PDFs, and peak-MB: the most memory the Go
// runtime held from the operating system during the runs (sampled every 10 ms; the
// process's RSS is a little more), patient table included.
func benchmarkGenerate(b *testing.B, n, volume int) {
	var csv bytes.Buffer
	if err := sample.Generate(&csv, n, 1); err != nil {
		b.Fatal(err)
	}
	list, err := roster.Read(bytes.NewReader(csv.Bytes()), "bench.csv", roster.Options{})
	if err != nil {
		b.Fatal(err)
	}
	csv = bytes.Buffer{}
	runtime.GC()
	stop := sampleMemory()
	b.ResetTimer()
	var pages, lettersDone, size int64
	for i := 0; i < b.N; i++ {
		cfg := sampleConfig(b, rules.Proceed, filepath.Join(b.TempDir(), "pack"))
		cfg.Patients = list.Patients
		cfg.VolumeSize = volume
		res, err := Generate(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		pages += int64(res.Pages)
		lettersDone += int64(res.Letters)
		for _, f := range res.Files {
			if filepath.Dir(f.Path) == "letters" {
				size += f.Size
			}
		}
	}
	b.StopTimer()
	peak := stop()
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(lettersDone)/b.Elapsed().Seconds(), "letters/s")
	b.ReportMetric(float64(size)/float64(pages), "B/page")
	b.ReportMetric(float64(size)/float64(lettersDone), "B/letter")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}

func BenchmarkGenerate1k(b *testing.B)  { benchmarkGenerate(b, 1000, DefaultVolumeSize) }
func BenchmarkGenerate10k(b *testing.B) { benchmarkGenerate(b, 10000, DefaultVolumeSize) }

// BenchmarkGenerate10kSmallVolumes shows the cost of each PDF file.
func BenchmarkGenerate10kSmallVolumes(b *testing.B) { benchmarkGenerate(b, 10000, 500) }

// sampleMemory samples the memory the Go runtime holds (obtained, less what it has
// returned; read through runtime/metrics, which does not stop the world) until the
// function it returns is called, which returns the peak.
func sampleMemory() (stop func() uint64) {
	done := make(chan struct{})
	result := make(chan uint64)
	go func() {
		var peak uint64
		m := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(m)
			peak = max(peak, m[0].Value.Uint64()-m[1].Value.Uint64())
			select {
			case <-done:
				result <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		return <-result
	}
}
