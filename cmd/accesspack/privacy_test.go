package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/privacytest"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

func TestNoPatientDataInMessages(t *testing.T) {
	dir := t.TempDir()
	csv := sample.PatientsCSV()
	if err := os.WriteFile(filepath.Join(dir, "list.csv"), csv, 0o600); err != nil {
		t.Fatal(err)
	}
	// Failure modes: a US date, a missing column, a broken quote — each with patient data.
	for name, text := range map[string]string{
		"us.csv":    "NHS Number,Forename,Surname,Date of Birth,Address Line 1,Postcode\n9990000018,Zoë,Ashworth,10/27/1980,1 Larkspur Close,LS6 2QR\n",
		"nonhs.csv": "Patient,Forename,Surname\n9990000018,Zoë,Ashworth\n",
		"quote.csv": "NHS Number,Forename,Surname\n9990000018,\"Zoë,Ashworth\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	extra := []string{"Ashworth", "Larkspur Close", "9990000018", "999 000 0018"}

	var runs [][]string
	runs = append(runs, []string{"check", "--patients", "list.csv"})
	for _, pw := range rules.Pathways {
		runs = append(runs,
			[]string{"check", "--patients", "list.csv", "--pathway", string(pw)},
			[]string{"check", "--patients", "list.csv", "--pathway", string(pw), "--strict"},
			[]string{"generate", "--patients", "list.csv", "--pathway", string(pw), "--out", "pack-" + string(pw)},
		)
	}
	runs = append(runs,
		[]string{"generate", "--patients", "list.csv", "--out", "pack-proceed"}, // refused: not empty
		[]string{"generate", "--patients", "list.csv", "--strict", "--out", "strict"},
		[]string{"check", "--patients", "us.csv"},
		[]string{"check", "--patients", "nonhs.csv"},
		[]string{"check", "--patients", "quote.csv"},
		// the output folder refused or failing, with a real list read
		[]string{"generate", "--patients", "list.csv", "--out", "pack-proceed", "--force", "--duplex"}, // an earlier pack: replaced
		[]string{"generate", "--patients", "list.csv", "--out", ".", "--force"},
		[]string{"generate", "--patients", "list.csv", "--out", "", "--force"},
		[]string{"generate", "--patients", "list.csv", "--out", "us.csv"},
		[]string{"generate", "--patients", "list.csv", "--out", "us.csv/pack"},
		[]string{"generate", "--patients", "list.csv", "--out", "notapack", "--force"},
		[]string{"generate", "--patients", "list.csv", "--out", "held", "--force"},
	)
	if err := os.Mkdir(filepath.Join(dir, "notapack"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notapack", "list.csv"), csv, 0o600); err != nil {
		t.Fatal(err)
	}
	held, err := outdir.Open(filepath.Join(dir, "held"), outdir.Options{}) // another run's
	if err != nil {
		t.Fatal(err)
	}
	defer held.Abort()
	all := append(listValues(t, csv, "list.csv"), extra...)
	if len(all) < 150 {
		t.Fatalf("only %d patient values to look for: the sample list was not read", len(all))
	}
	for _, args := range runs {
		_, stdout, stderr := runIn(t, dir, args...)
		privacytest.Check(t, "accesspack "+strings.Join(args, " "), []string{stdout, stderr}, all...)
	}
}
