package practice

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/suggest"
)

// Need says what a command is about to produce, so that Check asks only for the values
// it will use: `check` needs NeedRules, `generate` NeedAll, `calibrate` none (the window
// is always checked).
type Need uint

const (
	// NeedRules: the pathway and the dates the eligibility rules use (docs/rules.md).
	NeedRules Need = 1 << iota
	// NeedPatientLetters: the letterhead, signatory and dates printed on patient letters.
	NeedPatientLetters
	// NeedOrganisationLetters: the addressee and facts of the pathway's organisation letter.
	NeedOrganisationLetters

	NeedAll = NeedRules | NeedPatientLetters | NeedOrganisationLetters
)

// The page the envelope window is on, in mm. Printers leave the outer 5 mm of the sheet
// blank, internal/pdf prints the footer from 274 mm down (its bodyBottom) and the address
// 5 mm inside each edge of the window (its clearance); TestWindowsPracticeAcceptsPrint
// keeps these in step with internal/pdf.
const (
	a4Width     = 210.0
	pageMargin  = 5.0
	footerTop   = 274.0
	windowInset = 5.0
)

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
	c := checker{s: std, p: p}
	c.check(need)
	return c.errs
}

// Warnings lists values that are missing or odd but do not stop the pack being made:
// letters will leave something out or the dates look out of order.
func (p *Practice) Warnings(need Need) []*Error {
	c := checker{s: std, p: p}
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
	s           *schema
	p           *Practice
	errs, warns []*Error
}

func (c *checker) check(need Need) {
	missingTables := map[string]bool{} // tables already reported as missing as a whole
	for i := range c.s.fields {
		f := &c.s.fields[i]
		if r, ok := f.Requirement(c.p, need); ok && !f.IsSet(c.p) {
			switch t := f.table(); {
			case r.Warn:
				c.warnIf(f.Key, true, r.Why)
			case c.tableMissing(t, need):
				if !missingTables[t] {
					missingTables[t] = true
					c.require(t, r.Why, f.Missing)
				}
			default:
				c.require(f.Key, r.Why, f.Missing)
			}
		}
		if f.check != nil {
			f.check(c)
		}
	}
}

// tableMissing reports whether table is one reported as a whole (Table.oneMissing) and
// every value of it that need requires is missing.
func (c *checker) tableMissing(table string, need Need) bool {
	if t := c.s.table(table); t == nil || !t.oneMissing {
		return false
	}
	for i := range c.s.fields {
		f := &c.s.fields[i]
		if f.table() != table {
			continue
		}
		if r, ok := f.Requirement(c.p, need); ok && !r.Warn && f.IsSet(c.p) {
			return false
		}
	}
	return true
}

func checkODS(c *checker) {
	if p := c.p; p.ODS != "" && !odsFormat.MatchString(p.ODS) {
		c.errorf("ods_code", "%q is not a GP practice ODS code (a letter and five digits, like B86999)", p.ODS)
	}
}

func checkPathway(c *checker) {
	p := c.p
	if p.Pathway == "" || slices.Contains(PathwayNames, p.Pathway) {
		return
	}
	e := c.errorf("pathway", "%q is not a pathway", p.Pathway)
	if s := suggest.Nearest(p.Pathway, PathwayNames); s != "" {
		e.Hint = "did you mean " + s + "?"
	} else {
		e.Hint = "the pathways are: " + strings.Join(PathwayNames, ", ") + " (`accesspack pathways` explains them)"
	}
}

func checkChannels(c *checker) {
	v := c.p.Messages.Channels
	if v == "" || slices.Contains(ChannelNames, v) {
		return
	}
	c.notOneOf("messages.channels", v, ChannelNames, "a channel choice", "use letter, message or both")
}

// notOneOf records v, which is none of names, as a problem at key ("%q is not " + what),
// its hint the nearest name, if one is near, before hint.
func (c *checker) notOneOf(key, v string, names []string, what, hint string) {
	e := c.errorf(key, "%q is not %s", v, what)
	e.Hint = hint
	if s := suggest.Nearest(v, names); s != "" {
		e.Hint = "did you mean " + s + "? (" + hint + ")"
	}
}

// MaxFragments is the most fragments a practice may allow one message.
const MaxFragments = 10

func checkFragments(c *checker) {
	checkCount(c, "messages.fragments", c.p.Messages.Fragments, "fragments", MaxFragments, fmt.Sprintf("fragments = %d", DefaultFragments))
}

// checkCount checks a count of what: a whole number from 1 to most, or 0 (not given) for
// the default; example is the hint's key = value.
func checkCount(c *checker, key string, n float64, what string, most int, example string) {
	if n != 0 && (n != math.Trunc(n) || n < 1 || n > float64(most)) {
		c.errorf(key, "%v is not a number of %s from 1 to %d", n, what, most).Hint = "write a whole number, for example " + example
	}
}

func checkLettersOnly(c *checker) {
	for _, k := range c.p.Messages.LettersOnly {
		if slices.Contains(PatientLetterNames, k) {
			continue
		}
		c.notOneOf("messages.letters_only", k, PatientLetterNames, "a letter to patients", "name any of "+strings.Join(PatientLetterNames, ", "))
	}
}

func checkPrice(c *checker, key string, v float64) {
	if v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		c.errorf(key, "%v is not a price in pence", v).Hint = "write a number of pence, for example 87, or leave it out to use the built-in estimate"
	}
}

// checkDateOrder checks the go-live, letter and reply-by dates against each other.
func checkDateOrder(c *checker) {
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

// checkConfirmBy: EMIS must confirm before the booked date, and not before the letter.
func checkConfirmBy(c *checker) {
	p := c.p
	if p.EMISConfirmBy.IsZero() || p.Pathway != pathwayDeferBooked {
		return
	}
	if !p.GoLive.IsZero() && !p.EMISConfirmBy.Before(p.GoLive) {
		c.errorf("emis.confirm_by", "%s is not before the booked date %s: EMIS must confirm before the enablement would run",
			p.EMISConfirmBy.Long(), p.GoLive.Long()).Hint = "choose a date before go_live, allowing time to act if EMIS does not reply"
	}
	if !p.LetterDate.IsZero() && p.EMISConfirmBy.Before(p.LetterDate) {
		c.errorf("emis.confirm_by", "%s is before the letter date %s", p.EMISConfirmBy.Long(), p.LetterDate.Long()).Hint =
			"choose a date after letter_date and before go_live"
	}
}

// checkDPIAReview: a DPIA is reviewed after it was made.
func checkDPIAReview(c *checker) {
	p := c.p
	if !p.DPIA.ReviewDate.IsZero() && !p.DPIA.Date.IsZero() && !p.DPIA.ReviewDate.After(p.DPIA.Date) {
		c.errorf("dpia.review_date", "%s is not after the DPIA's date %s", p.DPIA.ReviewDate.Long(), p.DPIA.Date.Long()).Hint =
			"give the date you will next review the DPIA"
	}
}

// checkWorkingDays: a whole number of working days, 1 to 250, or none for the default.
func checkWorkingDays(c *checker) {
	checkCount(c, "working_days", c.p.WorkingDays, "working days", 250, "working_days = 20")
}

// checkWindow checks that the envelope window is on the page, inside the margins printers
// leave blank and above the footer, with room for an address inside it.
func checkWindow(c *checker) {
	w := c.p.Window
	keys := [...]string{"window.left_mm", "window.top_mm", "window.width_mm", "window.height_mm"}
	vals := [...]float64{w.Left, w.Top, w.Width, w.Height}
	hint := fmt.Sprintf("measure your envelope's window; the default is left_mm = %g, top_mm = %g, width_mm = %g, height_mm = %g; `accesspack calibrate` prints a test page",
		DefaultWindow.Left, DefaultWindow.Top, DefaultWindow.Width, DefaultWindow.Height)
	for i, v := range vals {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0): // a Practice built in code; the file refuses these
			c.errorf(keys[i], "%g is not a number of millimetres", v).Hint = hint
			return
		case i < 2 && v < 0:
			c.errorf(keys[i], "%g mm is off the page", v).Hint = hint
			return
		case i < 2 && v < pageMargin:
			c.errorf(keys[i], "%g mm is inside the %g mm at the edge of the page that printers leave blank", v, pageMargin).Hint = hint
			return
		case i >= 2 && v <= 2*windowInset:
			c.errorf(keys[i], "%g mm is too small for an address, which is printed %g mm inside each edge of the window", v, windowInset).Hint = hint
			return
		}
	}
	if right := a4Width - pageMargin; w.Left+w.Width > right {
		c.errorf("window.width_mm", "the window (left_mm = %g, width_mm = %g) reaches %g mm from the left, past the %g mm margin at the edge of A4 (%g mm wide)",
			w.Left, w.Width, w.Left+w.Width, pageMargin, a4Width).Hint = hint
	}
	if w.Top+w.Height > footerTop {
		c.errorf("window.height_mm", "the window (top_mm = %g, height_mm = %g) reaches %g mm from the top, past %g mm, where the page's footer begins",
			w.Top, w.Height, w.Top+w.Height, footerTop).Hint = hint
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

// require records a missing value.
func (c *checker) require(key, why, example string) {
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
	Pathway                      *string
	GoLive, LetterDate, SwitchOn *civil.Date
	Bulk104                      *bool
	Channels                     *string
}

// Apply sets the overridden values. Later problems with them name the flag (the field's
// Flag), not the file.
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
	given := func(key string, v any) {
		f := Lookup(key)
		f.put(p, v)
		p.src.flags[key] = f.Flag
	}
	if o.Pathway != nil {
		given("pathway", Lookup("pathway").text(*o.Pathway))
	}
	if o.GoLive != nil {
		given("go_live", *o.GoLive)
	}
	if o.LetterDate != nil {
		given("letter_date", *o.LetterDate)
	}
	if o.SwitchOn != nil {
		given("switch_on", *o.SwitchOn)
	}
	if o.Bulk104 != nil {
		given("bulk_104", *o.Bulk104)
	}
	if o.Channels != nil {
		given("messages.channels", Lookup("messages.channels").text(*o.Channels))
	}
}

// ErrorAt returns a problem with the practice's values as an *Error: about the first of
// keys that a command-line option set, naming the option, or else about the first key,
// at its line in the file. It places problems found by others (rules.Options.Validate)
// where the practice manager can fix them.
func (p *Practice) ErrorAt(problem, hint string, keys ...string) *Error {
	c := checker{s: std, p: p}
	for _, k := range keys {
		if p.src != nil && p.src.flags[k] != "" {
			c.errorf(k, "%s", problem).Hint = hint
			return c.errs[0]
		}
	}
	c.errorf(keys[0], "%s", problem).Hint = hint
	return c.errs[0]
}

// CheckPrintable returns an *Error, naming the key and its line, for the first value the
// letters print (see Field.Printed) that has characters the letters' font cannot draw:
// missing(s) returns those of s (letters.CheckPrintable passes internal/pdf's Missing,
// on the text as the letters print it). Practice files hold no patient data, so the
// message shows the characters.
func (p *Practice) CheckPrintable(missing func(string) []rune) error {
	c := checker{s: std, p: p}
	for i := range c.s.fields {
		f := &c.s.fields[i]
		if !f.Printed {
			continue
		}
		var texts []string
		switch v := f.Get(p).(type) {
		case string:
			texts = []string{v}
		case []string:
			texts = v
		}
		for _, s := range texts {
			rs := missing(s)
			if len(rs) == 0 {
				continue
			}
			shown := make([]string, len(rs))
			for i, r := range rs {
				shown[i] = fmt.Sprintf("%q (U+%04X)", string(r), r)
			}
			what := "a character"
			if len(rs) > 1 {
				what = fmt.Sprintf("%d characters", len(rs))
			}
			c.errorf(f.Key, "has %s the letters' font cannot print: %s", what, strings.Join(shown, ", ")).Hint =
				"remove or replace it: the letters print Latin, Greek and Cyrillic letters, digits and common punctuation, but not emoji or other symbols"
			return c.errs[0]
		}
	}
	return nil
}
