package rules

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/privacytest"
)

// Dates used throughout: letters on 1 October 2026, replies by 16 November 2026, go-live on
// 1 December 2026; a practice already live went live on 1 June 2026 and, replies by
// 29 October 2026, switches access on from 30 October 2026 (the day after).
var (
	letterDay  = civil.New(2026, time.October, 1)
	replyDay   = civil.New(2026, time.November, 16)
	goLiveDay  = civil.New(2026, time.December, 1)
	pastLive   = civil.New(2026, time.June, 1)
	liveReply  = civil.New(2026, time.October, 29)
	liveSwitch = civil.New(2026, time.October, 30)
)

func opts(p Pathway) Options {
	if p == Batch104AfterLive {
		return Options{Pathway: p, GoLive: pastLive, LetterDate: letterDay, ReplyBy: liveReply}
	}
	return Options{Pathway: p, GoLive: goLiveDay, LetterDate: letterDay, ReplyBy: replyDay}
}

// nhsNumber returns the i-th valid synthetic NHS number in the 999 range.
func nhsNumber(i int) string { return privacytest.NHSFrom(999000000 + i) }

// adult returns an eligible adult with no codes and no flags, on input row 2.
func adult() patient.Patient {
	n := nhsNumber(1)
	return patient.Patient{
		Row: 2, NHSGiven: n, NHS: n,
		Title: "Mrs", Forename: "Ada", Surname: "Lovelace",
		DOB:     civil.New(1980, time.May, 17),
		Address: []string{"12 Mill Lane", "Headingley", "Leeds"}, Postcode: "LS6 2QR", PostcodeValid: true,
	}
}

type mod func(p *patient.Patient)

func with(mods ...mod) patient.Patient {
	p := adult()
	for _, m := range mods {
		m(&p)
	}
	return p
}

var (
	code103 = func(d civil.Date) mod { return func(p *patient.Patient) { p.Has103, p.Code103 = true, d } }
	code104 = func(d civil.Date) mod { return func(p *patient.Patient) { p.Has104, p.Code104 = true, d } }
	code106 = func(d civil.Date) mod { return func(p *patient.Patient) { p.Has106, p.Code106 = true, d } }
	dob     = func(d civil.Date) mod { return func(p *patient.Patient) { p.DOB = d } }
	review  = func(r patient.Review) mod { return func(p *patient.Patient) { p.Review = r } }

	declined = code103(civil.New(2023, 9, 1))
	blocked  = code104(civil.New(2023, 10, 20))
	cleared  = func(p *patient.Patient) { blocked(p); code106(civil.New(2024, 1, 5))(p) }
	access   = func(p *patient.Patient) { p.HasAccess = true }
	atRisk   = func(p *patient.Patient) { p.AtRisk = true }
	online   = func(p *patient.Patient) { p.OnlineAccount = true }
	safe     = review(patient.ReviewSafe)
	unsafe   = review(patient.ReviewUnsafe)
)

// want is the expected decision for one row.
type want struct {
	letter   Kind
	variant  string
	encl     []Kind
	actions  []Action
	notSent  string
	warnings []string
	rule     string // the row that must fire
	detail   string // the Actions sheet's Detail, if given
}

func expect(t *testing.T, d Decision, w want) {
	t.Helper()
	if d.Letter != w.letter || d.Variant != w.variant {
		t.Errorf("letter = %q (variant %q), want %q (variant %q)", d.Letter, d.Variant, w.letter, w.variant)
	}
	if !slices.Equal(d.Enclosures, w.encl) {
		t.Errorf("enclosures = %v, want %v", d.Enclosures, w.encl)
	}
	if !slices.Equal(d.Actions, w.actions) {
		t.Errorf("actions = %v, want %v", d.Actions, w.actions)
	}
	if d.NotSent != w.notSent {
		t.Errorf("not sent = %q, want %q", d.NotSent, w.notSent)
	}
	if !slices.Equal(d.Warnings, w.warnings) {
		t.Errorf("warnings = %q, want %q", d.Warnings, w.warnings)
	}
	if w.rule != "" && d.Rule != w.rule {
		t.Errorf("rule = %q, want %q", d.Rule, w.rule)
	}
	if d.Reason == "" || (d.Rule != "" && !strings.Contains(d.Reason, strings.SplitN(d.Rule, " ", 2)[1])) {
		t.Errorf("reason %q does not name the rule %q", d.Reason, d.Rule)
	}
	if len(d.Actions) > 0 && d.Detail == "" {
		t.Errorf("actions %v without a detail", d.Actions)
	}
	if w.detail != "" && d.Detail != w.detail {
		t.Errorf("detail = %q, want %q", d.Detail, w.detail)
	}
}

func decideOne(p patient.Patient, o Options) Decision {
	return Decide([]patient.Patient{p}, o)[0]
}
