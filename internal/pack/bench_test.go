package pack

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

// benchmarkGenerate times a whole proceed pack for n synthetic patients (read from the
// sample generator's CSV once, outside the timer) and reports pages/s and bytes per page.
func benchmarkGenerate(b *testing.B, n, volume int) {
	var csv bytes.Buffer
	if err := sample.Generate(&csv, n, 1); err != nil {
		b.Fatal(err)
	}
	list, err := roster.Read(bytes.NewReader(csv.Bytes()), "bench.csv", roster.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var pages, size int64
	for i := 0; i < b.N; i++ {
		cfg := sampleConfig(b, rules.Proceed, filepath.Join(b.TempDir(), "pack"))
		cfg.Patients = list.Patients
		cfg.VolumeSize = volume
		res, err := Generate(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		pages += int64(res.Pages)
		for _, f := range res.Files {
			if filepath.Dir(f.Path) == "letters" {
				size += f.Size
			}
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(size)/float64(pages), "B/page")
}

func BenchmarkGenerate1k(b *testing.B)  { benchmarkGenerate(b, 1000, DefaultVolumeSize) }
func BenchmarkGenerate10k(b *testing.B) { benchmarkGenerate(b, 10000, DefaultVolumeSize) }

// BenchmarkGenerate10kSmallVolumes shows the cost of each PDF file.
func BenchmarkGenerate10kSmallVolumes(b *testing.B) { benchmarkGenerate(b, 10000, 500) }
