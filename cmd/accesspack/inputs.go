package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/app"
	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/practice"
)

// inputFlags are the options generate and check share: which practice, which patients,
// and the pathway settings that override the practice file.
type inputFlags struct {
	practice   string
	patients   string
	pathway    string
	goLive     string
	letterDate string
	switchOn   string
	bulk104    bool
	channels   string
	hiddenRows bool
	fs         *pflag.FlagSet
}

func addInputFlags(fs *pflag.FlagSet, o *inputFlags) {
	o.fs = fs
	fs.StringVar(&o.practice, "practice", "", "practice file (TOML, see 'accesspack init'); default: the built-in sample practice")
	fs.StringVar(&o.patients, "patients", "", "patient list exported from EMIS (CSV or XLSX); default: the built-in sample list")
	fs.StringVar(&o.pathway, "pathway", "", "the pathway the practice chose (see 'accesspack pathways'); overrides the practice file")
	fs.StringVar(&o.goLive, "go-live", "", "go-live date YYYY-MM-DD (booked date for defer-booked; past go-live for batch104-after-live)")
	fs.StringVar(&o.letterDate, "letter-date", "", "date printed on the letters, YYYY-MM-DD")
	fs.StringVar(&o.switchOn, "switch-on", "", "batch104-after-live: the day access is switched on by hand, after the reply-by date (default: the day after it), YYYY-MM-DD")
	fs.BoolVar(&o.bulk104, "bulk-104", false, "the practice is adding 104 to patients in bulk (defer-booked, defer-dpia)")
	fs.StringVar(&o.channels, "channels", "", "how letters reach patients: letter (post only), message (a text message instead of the letter where the patient can be texted) or both; default: the practice file's, else letter")
	fs.BoolVar(&o.hiddenRows, "include-hidden-rows", false, "read a workbook's hidden and filtered-out rows as if they were shown (by default they are not sent)")
}

// inputs is what the flags ask app.Generate or app.Check to read; notices go to stderr.
func (o *inputFlags) inputs(e *env) (app.Inputs, error) {
	in := app.Inputs{PracticeFile: o.practice, PatientsFile: o.patients, IncludeHiddenRows: o.hiddenRows, Note: e.note}
	var ov practice.Overrides
	var err error
	if o.fs.Changed("pathway") {
		ov.Pathway = &o.pathway
	}
	if ov.GoLive, err = dateFlag(o, "go-live", o.goLive); err != nil {
		return in, err
	}
	if ov.LetterDate, err = dateFlag(o, "letter-date", o.letterDate); err != nil {
		return in, err
	}
	if ov.SwitchOn, err = dateFlag(o, "switch-on", o.switchOn); err != nil {
		return in, err
	}
	if o.fs.Changed("bulk-104") {
		ov.Bulk104 = &o.bulk104
	}
	if o.fs.Changed("channels") {
		ov.Channels = &o.channels
	}
	in.Overrides = ov
	return in, nil
}

func dateFlag(o *inputFlags, name, value string) (*civil.Date, error) {
	if !o.fs.Changed(name) {
		return nil, nil
	}
	d, err := civil.ParseISO(value)
	if err != nil {
		return nil, usage(fmt.Sprintf("--%s: %v", name, err), fmt.Sprintf("for example: --%s 2027-01-15", name))
	}
	return &d, nil
}
