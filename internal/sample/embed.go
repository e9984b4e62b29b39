package sample

import _ "embed"

// PatientsName names the embedded sample list in messages and in the pack's manifest.
const PatientsName = "sample-patients.csv"

//go:embed data/patients.csv
var patientsCSV []byte

// PatientsCSV returns the embedded sample patient list: 50 invented patients in EMIS
// report style, chosen so that with the sample practice (practice.Sample: go-live
// 15 January 2027, letters dated 1 December 2026) every row of every pathway table
// (docs/pathways.md) and every eligibility check (docs/rules.md#eligibility) is met at
// least once.
// data/README.md lists which row covers what. Each call returns a new copy.
func PatientsCSV() []byte { return append([]byte(nil), patientsCSV...) }
