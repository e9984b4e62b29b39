package letters

import (
	"time"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
)

// SamplePractice is a made-up practice with every field filled in, used by Check to
// render every template. Each call returns a fresh copy.
func SamplePractice() *practice.Practice {
	return &practice.Practice{
		Name:    "Riverside Surgery",
		ODS:     "B86999",
		Address: []string{"1 Mill Lane", "Leeds", "LS6 2QR"},
		Phone:   "0113 496 0000",
		Email:   "riverside.surgery@nhs.net",
		Website: "www.riverside-surgery.example",
		InfoURL: "www.riverside-surgery.example/records",
		Signatory: practice.Person{
			Name: "Dr Amelia Hart",
			Role: "GP Partner",
		},
		ICB: practice.Organisation{
			Name:    "NHS West Yorkshire Integrated Care Board",
			Address: []string{"White Rose House", "West Parade", "Wakefield", "WF1 1LT"},
			Contact: "Primary Care IT Team",
			Email:   "primarycare.it@example.nhs.uk",
		},
		EMIS: practice.Organisation{
			Name:    "EMIS Health",
			Address: []string{"Rawdon House", "Green Lane", "Yeadon", "Leeds", "LS19 7BY"},
			Contact: "Bulk Enablement Team",
		},
		Pathway:       "proceed",
		GoLive:        civil.New(2027, time.January, 12),
		LetterDate:    civil.New(2026, time.December, 1),
		ReplyBy:       civil.New(2026, time.December, 29),
		EMISReference: "EMIS-0042-1187",
		EMISConfirmBy: civil.New(2027, time.January, 4),
		DPIA: practice.DPIA{
			Date:       civil.New(2026, time.October, 15),
			ReviewDate: civil.New(2027, time.April, 15),
			Concerns: []string{
				"Patients may be pressured by others to show their record.",
				"Some records hold information about other people.",
			},
		},
		Window: practice.DefaultWindow,
	}
}

// SampleCounts are made-up counts of a run, for rendering letters to organisations that
// report them. Each call returns a fresh copy.
func SampleCounts() *rules.Counts {
	return &rules.Counts{
		Rows:        1200,
		Letters:     map[rules.Kind]int{rules.OptOutNotice: 900, rules.RequestAccess: 40, rules.DPIAUpdate: 900},
		Enclosures:  map[rules.Kind]int{rules.OptInForm: 940},
		Actions:     map[rules.Action]int{rules.Add104: 905, rules.Review: 12},
		NotSentRows: 250,
		NotSent:     map[string]int{rules.NotSentHasAccess: 150, rules.NotSentDeclined: 30, rules.NotSentUnder16 + "12 January 2027": 60},
	}
}

// SamplePatient is a made-up patient (synthetic NHS number, 999 prefix).
func SamplePatient() *patient.Patient {
	return &patient.Patient{
		Row:      2,
		NHSGiven: "999 000 0018",
		NHS:      "9990000018",
		Title:    "Mrs",
		Forename: "Zoë",
		Surname:  "Ashworth",
		DOB:      civil.New(1961, time.March, 4),
		Address:  []string{"Flat 2", "14 Harehills Lane", "Leeds"},
		Postcode: "LS8 4HA",
	}
}
