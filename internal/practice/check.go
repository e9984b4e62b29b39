package practice

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/suggest"
)

// Need says what a command is about to produce, so that Check asks only for the values
// it will use: `check` needs NeedRules, `generate` NeedAll, `calibrate` none (the window
// is always checked).
type Need uint

const (
	// NeedRules: the pathway and the dates the eligibility rules use (SPEC §4, §10).
	NeedRules Need = 1 << iota
	// NeedPatientLetters: the letterhead, signatory and dates printed on patient letters.
	NeedPatientLetters
	// NeedOrganisationLetters: the addressee and facts of the pathway's organisation letter.
	NeedOrganisationLetters

	NeedAll = NeedRules | NeedPatientLetters | NeedOrganisationLetters
)

// Pathway names as in SPEC §5. They mirror rules.Pathways: practice does not import rules,
// so that rules may use practices; TestPathwayNamesMatchRules keeps the lists equal.
const (
	pathwayMissedDate   = "missed-date"
	pathwayDeferBooked  = "defer-booked"
	pathwayProceed      = "proceed"
	pathwayDeferDPIA    = "defer-dpia"
	pathwayBatchBefore  = "batch104-before-live"
	pathwayBatchAfter   = "batch104-after-live"
	a4Width, a4Height   = 210.0, 297.0
	minWindowMillimetre = 10.0
)

// PathwayNames lists the pathway names the practice file accepts, in SPEC order.
var PathwayNames = []string{pathwayMissedDate, pathwayDeferBooked, pathwayProceed,
	pathwayDeferDPIA, pathwayBatchBefore, pathwayBatchAfter}

// odsFormat is a GP practice's ODS code: a letter and five digits (B86999, Y01234).
var odsFormat = regexp.MustCompile(`^[A-Z][0-9]{5}$`)

// Check returns the first problem Problems finds, as an *Error, or nil.
func (p *Practice) Check(need Need) error {
	if probs := p.Problems(need); len(probs) > 0 {
		return probs[0]
	}
	return nil
}

// Problems lists every value that is missing or wrong for what need says will be made,
// in the order of the practice file's sections. A missing value names its key and the
// line of its table when the table is in the file; a value given by a flag names the flag.
func (p *Practice) Problems(need Need) []*Error {
	c := checker{p: p}
	c.check(need)
	return c.errs
}

// Warnings lists values that are missing or odd but do not stop the pack being made:
// letters will leave something out or the dates look out of order.
func (p *Practice) Warnings(need Need) []*Error {
	c := checker{p: p}
	c.check(need)
	return c.warns
}

// File is the name the practice was read from ("" for one built in code).
func (p *Practice) File() string {
	if p.src == nil {
		return ""
	}
	return p.src.file
}

type checker struct {
	p           *Practice
	errs, warns []*Error
}

func (c *checker) check(need Need) {
	p := c.p
	letters := need&(NeedPatientLetters|NeedOrganisationLetters) != 0
	if letters {
		c.require("name", p.Name != "", "the practice's name heads every letter", `name = "Meadowbank Surgery"`)
		c.require("ods_code", p.ODS != "", "the practice's ODS code identifies it to the ICB and EMIS", `ods_code = "B86999"`)
	}
	if p.ODS != "" && !odsFormat.MatchString(p.ODS) {
		c.errorf("ods_code", "%q is not a GP practice ODS code (a letter and five digits, like B86999)", p.ODS)
	}
	if letters {
		c.require("address", len(p.Address) > 0, "the letterhead needs the practice's address",
			`address = ["14 Meadowbank Road", "Leeds", "LS6 3QJ"]`)
	}
	if need&NeedPatientLetters != 0 {
		c.require("phone", p.Phone != "", "patients are told to phone the practice", `phone = "0113 496 0123"`)
		c.warnIf("email", p.Email == "", "not given: letters will offer only the phone number")
		c.warnIf("website", p.Website == "", "not given: letters will not mention the practice website")
		c.warnIf("info_url", p.InfoURL == "", "not given: letters will not say where to read about opting in later")
	}

	// Pathway and dates.
	if need != 0 || p.Pathway != "" {
		c.pathway(need)
	}
	if need&NeedRules != 0 || letters {
		if p.Pathway == pathwayBatchAfter {
			// Ages are checked on the letter date; the past go-live date is only mentioned.
			c.warnIf("go_live", letters && p.GoLive.IsZero(), "not given: letters will not say when the practice went live")
		} else {
			c.require("go_live", !p.GoLive.IsZero(), c.goLiveWhy(), "go_live = 2027-01-15")
		}
	}
	needLetterDate := letters || (need&NeedRules != 0 &&
		(p.Pathway == pathwayBatchAfter || (p.Pathway == pathwayDeferDPIA && p.Bulk104)))
	if needLetterDate {
		c.require("letter_date", !p.LetterDate.IsZero(), c.letterDateWhy(), "letter_date = 2026-12-01")
	}
	c.dateOrder()

	if letters {
		c.require("signatory.name", p.Signatory.Name != "", "letters are signed by a named person",
			"add [signatory] with name = \"Dr A Example\" and role = \"GP Partner\"")
		c.warnIf("signatory.role", p.Signatory.Name != "" && p.Signatory.Role == "", "not given: letters will show the name without a role")
	}
	if need&NeedOrganisationLetters != 0 {
		c.organisationLetter()
	}
	c.window()
}

func (c *checker) goLiveWhy() string {
	switch c.p.Pathway {
	case pathwayDeferBooked:
		return "the date the bulk enablement is booked for"
	}
	return "the go-live date decides who is 16 and what the letters say"
}

func (c *checker) letterDateWhy() string {
	switch c.p.Pathway {
	case pathwayBatchAfter:
		return "the practice is already live, so ages are worked out on the letter date"
	case pathwayDeferDPIA:
		if c.p.Bulk104 {
			return "bulk 104 codes patients turning 16 within 90 days of the letter date"
		}
	}
	return "every letter is dated"
}

func (c *checker) pathway(need Need) {
	p := c.p
	if p.Pathway == "" {
		c.require("pathway", false, "the pathway decides who gets which letter", `pathway = "proceed" (or: `+strings.Join(PathwayNames, ", ")+")")
		return
	}
	for _, name := range PathwayNames {
		if p.Pathway == name {
			return
		}
	}
	e := c.errorf("pathway", "%q is not a pathway", p.Pathway)
	if s := suggest.Nearest(p.Pathway, PathwayNames); s != "" {
		e.Hint = "did you mean " + s + "?"
	} else {
		e.Hint = "the pathways are: " + strings.Join(PathwayNames, ", ") + " (`accesspack pathways` explains them)"
	}
}

func (c *checker) dateOrder() {
	p := c.p
	if p.GoLive.IsZero() || p.LetterDate.IsZero() {
		return
	}
	switch {
	case p.Pathway == pathwayBatchAfter && p.GoLive.After(p.LetterDate):
		c.errorf("go_live", "%s is after the letter date %s, but %s is for a practice that is already live",
			p.GoLive, p.LetterDate, pathwayBatchAfter).Hint = "use " + pathwayBatchBefore + " if go-live is still to come, or correct the dates"
	case p.Pathway != pathwayBatchAfter && p.Pathway != "" && !p.GoLive.After(p.LetterDate):
		c.warnIf("go_live", true, fmt.Sprintf("%s is not after the letter date %s: letters will describe a date already past", p.GoLive, p.LetterDate))
	}
	if !p.ReplyBy.IsZero() {
		c.warnIf("reply_by", p.ReplyBy.Before(p.LetterDate), fmt.Sprintf("%s is before the letter date %s", p.ReplyBy, p.LetterDate))
		c.warnIf("reply_by", p.Pathway != pathwayBatchAfter && p.ReplyBy.After(p.GoLive),
			fmt.Sprintf("%s is after the go-live date %s: replies would come too late", p.ReplyBy, p.GoLive))
	}
}

// organisationLetter checks the addressee and facts of the pathway's letter to an
// organisation (SPEC §5): the ICB for missed-date and defer-dpia, EMIS for defer-booked.
func (c *checker) organisationLetter() {
	p := c.p
	org := func(table, who string, o Organisation, letter string) {
		why := fmt.Sprintf("the %s goes to %s", letter, who)
		if o.Name == "" && len(o.Address) == 0 {
			c.require(table, false, why, fmt.Sprintf("add [%s] with name = \"…\" and address = [\"…\"]", table))
			return
		}
		c.require(table+".name", o.Name != "", why, fmt.Sprintf("add [%s] with name = \"…\" and address = [\"…\"]", table))
		c.require(table+".address", len(o.Address) > 0, why, fmt.Sprintf("address = [\"first line\", \"town\", \"postcode\"] under [%s]", table))
	}
	switch p.Pathway {
	case pathwayMissedDate:
		org("icb", "the ICB's primary-care IT team", p.ICB, "bulk-date request")
		c.warnIf("icb.contact", p.ICB.Name != "" && p.ICB.Contact == "", "not given: the letter will be addressed to the primary-care IT team")
		c.warnIf("emis.name", p.EMIS.Name == "", "not given: the bulk-date request will not show a copy to EMIS")
	case pathwayDeferBooked:
		org("emis", "EMIS", p.EMIS, "deferral notice")
	case pathwayDeferDPIA:
		org("icb", "the ICB", p.ICB, "commissioner letter")
		why := "the commissioner letter is about the practice's DPIA"
		c.require("dpia.date", !p.DPIA.Date.IsZero(), why, "add [dpia] with date = 2026-10-20 and concerns = [\"…\"]")
		c.require("dpia.concerns", len(p.DPIA.Concerns) > 0, why, `concerns = ["first concern", "second concern"] under [dpia]`)
	}
}

func (c *checker) window() {
	w := c.p.Window
	keys := [...]string{"window.left_mm", "window.top_mm", "window.width_mm", "window.height_mm"}
	vals := [...]float64{w.Left, w.Top, w.Width, w.Height}
	hint := fmt.Sprintf("measure your envelope's window; the default is left_mm = %g, top_mm = %g, width_mm = %g, height_mm = %g; `accesspack calibrate` prints a test page",
		DefaultWindow.Left, DefaultWindow.Top, DefaultWindow.Width, DefaultWindow.Height)
	for i, v := range vals {
		if i < 2 && v < 0 {
			c.errorf(keys[i], "%g mm is off the page", v).Hint = hint
			return
		}
		if i >= 2 && v < minWindowMillimetre {
			c.errorf(keys[i], "%g mm is too small for an address", v).Hint = hint
			return
		}
	}
	if w.Left+w.Width > a4Width {
		c.errorf("window.width_mm", "the window reaches %g mm from the left, past the edge of A4 (%g mm)", w.Left+w.Width, a4Width).Hint = hint
	}
	if w.Top+w.Height > a4Height {
		c.errorf("window.height_mm", "the window reaches %g mm from the top, past the foot of A4 (%g mm)", w.Top+w.Height, a4Height).Hint = hint
	}
}

// at returns an Error located at key: the flag that set it, the key's line, or the line
// of its table.
func (c *checker) at(key string) *Error {
	src := c.p.src
	if src == nil {
		return &Error{Key: key}
	}
	if flag, ok := src.flags[key]; ok {
		return &Error{Key: flag}
	}
	return &Error{File: src.file, Line: src.line(key), Key: key}
}

func (c *checker) errorf(key, format string, args ...any) *Error {
	e := c.at(key)
	e.Problem = fmt.Sprintf(format, args...)
	c.errs = append(c.errs, e)
	return e
}

// require records a missing value unless ok.
func (c *checker) require(key string, ok bool, why, example string) {
	if ok {
		return
	}
	e := c.at(key)
	e.Problem = "missing: " + why
	if strings.HasPrefix(example, "add ") || strings.Contains(example, " under [") {
		e.Hint = example
	} else {
		e.Hint = "add " + example
		if i := strings.IndexByte(key, '.'); i > 0 {
			e.Hint += " under [" + key[:i] + "]"
		}
	}
	c.errs = append(c.errs, e)
}

func (c *checker) warnIf(key string, cond bool, problem string) {
	if cond {
		e := c.at(key)
		e.Problem = problem
		c.warns = append(c.warns, e)
	}
}

// Overrides are values given on the command line, which take precedence over the file.
// A nil field leaves the file's value alone.
type Overrides struct {
	Pathway            *string
	GoLive, LetterDate *civil.Date
	Bulk104            *bool
}

// Apply sets the overridden values. Later problems with them name the flag, not the file.
func (p *Practice) Apply(o Overrides) {
	// Copy the source record: a Practice copied by value must not see this one's flags.
	src := &source{flags: map[string]string{}}
	if p.src != nil {
		src.file, src.lines = p.src.file, p.src.lines
		for k, v := range p.src.flags {
			src.flags[k] = v
		}
	}
	p.src = src
	if o.Pathway != nil {
		p.Pathway = strings.ToLower(strings.TrimSpace(*o.Pathway))
		p.src.flags["pathway"] = "--pathway"
	}
	if o.GoLive != nil {
		p.GoLive = *o.GoLive
		p.src.flags["go_live"] = "--go-live"
	}
	if o.LetterDate != nil {
		p.LetterDate = *o.LetterDate
		p.src.flags["letter_date"] = "--letter-date"
	}
	if o.Bulk104 != nil {
		p.Bulk104 = *o.Bulk104
		p.src.flags["bulk_104"] = "--bulk-104"
	}
}
