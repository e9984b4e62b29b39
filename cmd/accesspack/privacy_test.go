package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

// secrets returns the patient values of a list that no message may show (see listValues).
func secrets(t *testing.T, csv []byte) []string {
	t.Helper()
	v := listValues(csv, "list.csv")
	if v == nil {
		t.Fatal("the list could not be read")
	}
	return v
}

func TestNoPatientDataInMessages(t *testing.T) {
	dir := t.TempDir()
	csv := sample.PatientsCSV()
	if err := os.WriteFile(filepath.Join(dir, "list.csv"), csv, 0o600); err != nil {
		t.Fatal(err)
	}
	// Failure modes: a US date, a missing column, a broken quote — each with patient data.
	os.WriteFile(filepath.Join(dir, "us.csv"), []byte("NHS Number,Forename,Surname,Date of Birth,Address Line 1,Postcode\n9990000018,Zoë,Ashworth,10/27/1980,1 Larkspur Close,LS6 2QR\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "nonhs.csv"), []byte("Patient,Forename,Surname\n9990000018,Zoë,Ashworth\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "quote.csv"), []byte("NHS Number,Forename,Surname\n9990000018,\"Zoë,Ashworth\n"), 0o600)
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
	)
	all := append(secrets(t, csv), extra...)
	if len(all) < 150 {
		t.Fatalf("only %d patient values to look for: the sample list was not read", len(all))
	}
	for _, args := range runs {
		_, stdout, stderr := runIn(t, dir, args...)
		for _, line := range strings.Split(stdout+stderr, "\n") {
			for _, s := range all {
				if strings.Contains(line, s) {
					t.Errorf("accesspack %s: a message shows patient data (%d characters):\n%s", strings.Join(args, " "), len(s), strings.ReplaceAll(line, s, "<"+strings.Repeat("x", len(s))+">"))
				}
			}
		}
	}
}
