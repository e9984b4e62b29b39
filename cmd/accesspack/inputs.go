package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
)

// inputFlags are the options generate and check share: which practice, which patients,
// and the pathway settings that override the practice file.
type inputFlags struct {
	practice   string
	patients   string
	pathway    string
	goLive     string
	letterDate string
	bulk104    bool
	channels   string
	fs         *pflag.FlagSet
}

func addInputFlags(fs *pflag.FlagSet, o *inputFlags) {
	o.fs = fs
	fs.StringVar(&o.practice, "practice", "", "practice file (TOML, see 'accesspack init'); default: the built-in sample practice")
	fs.StringVar(&o.patients, "patients", "", "patient list exported from EMIS (CSV or XLSX); default: the built-in sample list")
	fs.StringVar(&o.pathway, "pathway", "", "the pathway the practice chose (see 'accesspack pathways'); overrides the practice file")
	fs.StringVar(&o.goLive, "go-live", "", "go-live date YYYY-MM-DD (booked date for defer-booked; past go-live for batch104-after-live)")
	fs.StringVar(&o.letterDate, "letter-date", "", "date printed on the letters, YYYY-MM-DD")
	fs.BoolVar(&o.bulk104, "bulk-104", false, "the practice is adding 104 to patients in bulk (defer-booked, defer-dpia)")
	fs.StringVar(&o.channels, "channels", "letter", "how letters reach patients: letter (post only), message (a text message instead of the letter where the patient can be texted) or both")
}

// inputs is what generate and check work from.
type inputs struct {
	practice  *practice.Practice
	list      *roster.List
	inputName string
	inputHash string
	rules     rules.Options
	hasRules  bool // a pathway is known
	channels  channel.Settings
}

// loadInputs reads the practice file and the patient list, applies the flags, and checks
// the practice's values for what the command will produce (need). needPathway says whether
// a missing pathway is an error.
func loadInputs(e *env, o *inputFlags, needPathway bool, need practice.Need) (*inputs, error) {
	in := &inputs{}
	var err error
	builtIn := o.practice == ""
	if builtIn {
		in.practice, err = practice.Sample()
		if err != nil {
			return nil, err
		}
		e.note("no --practice given: using the built-in sample practice %q", in.practice.Name)
	} else if in.practice, err = practice.Load(o.practice); err != nil {
		return nil, err
	}
	var ov practice.Overrides
	if o.fs.Changed("pathway") {
		pw, err := rules.ParsePathway(o.pathway)
		if err != nil {
			return nil, pathwayError("--pathway: ", err)
		}
		s := string(pw)
		ov.Pathway = &s
	}
	if ov.GoLive, err = dateFlag(o, "go-live", o.goLive); err != nil {
		return nil, err
	}
	if ov.LetterDate, err = dateFlag(o, "letter-date", o.letterDate); err != nil {
		return nil, err
	}
	if o.fs.Changed("bulk-104") {
		ov.Bulk104 = &o.bulk104
	}
	if o.fs.Changed("channels") {
		m, err := channel.ParseMode(o.channels)
		if err != nil {
			return nil, usageError{msg: "--channels: " + err.Error(), hints: []string{"for example: --channels message"}}
		}
		in.channels.Mode = m
	}
	in.practice.Apply(ov)
	if builtIn && ov.GoLive == nil && rules.Pathway(in.practice.Pathway) == rules.Batch104AfterLive {
		// The sample practice is not live yet; for this pathway it went live on the
		// contract date, so that the sample letters read true.
		in.practice.GoLive = civil.New(2023, 10, 31)
		e.note("batch104-after-live with the sample practice: taking 31 October 2023 as its past go-live date")
	}
	if in.practice.Pathway != "" || needPathway {
		if err := in.practice.Check(need); err != nil {
			return nil, err
		}
		for _, w := range in.practice.Warnings(need) {
			e.note("warning: %s", w.Error())
		}
	}

	if in.practice.Pathway != "" {
		pw, err := rules.ParsePathway(in.practice.Pathway)
		if err != nil {
			return nil, pathwayError("the practice file's pathway: ", err)
		}
		in.rules = rules.Options{Pathway: pw, GoLive: in.practice.GoLive, LetterDate: in.practice.LetterDate, Bulk104: in.practice.Bulk104}
		if err := in.rules.Validate(); err != nil {
			var oe *rules.OptionError
			if errors.As(err, &oe) && oe.Hint != "" {
				return nil, usageError{msg: err.Error(), hints: []string{oe.Hint}}
			}
			return nil, pathwayError("", err)
		}
		in.hasRules = true
	} else if needPathway {
		return nil, usageError{msg: "no pathway chosen",
			hints: []string{"give one with --pathway, or set pathway in the practice file", "run 'accesspack pathways' to see the six pathways"}}
	}

	ropt := roster.Options{Headers: in.practice.Headers}
	if o.patients == "" {
		data := sample.PatientsCSV()
		in.list, err = roster.Read(bytes.NewReader(data), sample.PatientsName, ropt)
		if err != nil {
			return nil, err
		}
		in.inputName, in.inputHash = sample.PatientsName, hashBytes(data)
		e.note("no --patients given: using the built-in sample list of %d invented patients", len(in.list.Patients))
	} else {
		data, err := os.ReadFile(o.patients)
		if err != nil {
			return nil, &roster.FileError{File: o.patients, Problem: "cannot be read: " + errText(err),
				Hint: "check the file name and that you can open it"}
		}
		in.list, err = roster.Read(bytes.NewReader(data), o.patients, ropt)
		if err != nil {
			return nil, err
		}
		in.inputName, in.inputHash = filepath.Base(o.patients), hashBytes(data)
	}
	for _, w := range in.list.Warnings {
		e.note("%s: %s", in.inputName, w)
	}
	return in, nil
}

func dateFlag(o *inputFlags, name, value string) (*civil.Date, error) {
	if !o.fs.Changed(name) {
		return nil, nil
	}
	d, err := civil.ParseISO(value)
	if err != nil {
		return nil, usageError{msg: fmt.Sprintf("--%s: %v", name, err), hints: []string{fmt.Sprintf("for example: --%s 2027-01-15", name)}}
	}
	return &d, nil
}

func hashBytes(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// errText is an OS error without the path (the caller names the file).
func errText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

func pathwayError(prefix string, err error) error {
	ue := usageError{msg: prefix + err.Error()}
	var pe *rules.UnknownPathwayError
	if errors.As(err, &pe) {
		ue.hints = append(ue.hints, pe.Hint())
	} else {
		ue.hints = append(ue.hints, "run 'accesspack pathways' to see the six pathways")
	}
	return ue
}
