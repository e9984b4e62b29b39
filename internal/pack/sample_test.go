package pack

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
	"github.com/accesspack/accesspack/letters"
)

// sampleConfig is the embedded sample practice and patient list under pathway pw, as
// 'accesspack generate --pathway pw' makes it. Bulk 104 is on where a pathway uses it,
// so the add-104 rows are covered too.
func sampleConfig(t testing.TB, pw rules.Pathway, out string) Config {
	t.Helper()
	pr, err := practice.Sample()
	if err != nil {
		t.Fatal(err)
	}
	pr.Pathway = string(pw)
	if pw == rules.Batch104AfterLive {
		pr.GoLive = civil.New(2023, 10, 31)
	}
	pr.Bulk104 = pw == rules.DeferBooked || pw == rules.DeferDPIA
	list, err := roster.Read(bytes.NewReader(sample.PatientsCSV()), sample.PatientsName, roster.Options{Headers: pr.Headers})
	if err != nil {
		t.Fatal(err)
	}
	set, err := letters.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	opts := rules.FromPractice(pr, pw)
	if err := opts.Validate(); err != nil {
		t.Fatal(err)
	}
	return Config{
		Practice: pr, Patients: list.Patients, InputName: sample.PatientsName, InputHash: "sample",
		Rules: opts, Templates: set, Out: out, Version: "test",
	}
}

// generateSample makes the sample pack for pw in a new temporary folder.
func generateSample(t testing.TB, pw rules.Pathway) (string, *Result) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "pack")
	res, err := Generate(context.Background(), sampleConfig(t, pw, out))
	if err != nil {
		t.Fatalf("%s: %v", pw, err)
	}
	return out, res
}
