// Package practice reads the practice file (TOML, SPEC §6): who the practice is, who its
// letters go to, its pathway and dates, and the envelope window.
package practice

import "github.com/accesspack/accesspack/internal/civil"

// Practice is everything the letters and rules need to know about the practice.
type Practice struct {
	Name    string
	ODS     string // ODS code, e.g. "B86999"
	Address []string
	Phone   string
	Email   string
	Website string
	// InfoURL explains to patients how to opt in later (SPEC §6 "information resource").
	InfoURL string

	Signatory Person

	ICB  Organisation // the commissioner; Contact is the primary-care IT team contact
	EMIS Organisation // EMIS contact for the deferral notice and copies

	Pathway    string     // one of rules.Pathways; checked by the caller
	GoLive     civil.Date // go-live date G, or booked date B for defer-booked
	LetterDate civil.Date
	ReplyBy    civil.Date // date by which patients should opt out or reply
	Bulk104    bool

	DPIA DPIA

	Window Window

	// Headers maps a patient-list field name (see internal/roster) to the header used
	// for it in this practice's export, for unusual exports.
	Headers map[string]string

	src *source // where the values came from, for messages; nil for a Practice built in code
}

// Person is a named signatory.
type Person struct {
	Name string
	Role string
}

// Organisation is an addressee of an organisation letter.
type Organisation struct {
	Name    string
	Address []string
	Contact string // a named person or team
	Email   string
}

// DPIA holds the practice's data protection impact assessment, for the commissioner letter.
type DPIA struct {
	Date     civil.Date
	Concerns []string
}

// Window is the envelope address window, in millimetres from the top-left of A4.
type Window struct {
	Left, Top, Width, Height float64
}

// DefaultWindow suits a DL window envelope with A4 folded in three (DOMAIN.md: no UK standard).
var DefaultWindow = Window{Left: 20, Top: 45, Width: 90, Height: 40}
