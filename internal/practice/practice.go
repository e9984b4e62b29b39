// Package practice reads the practice file (TOML, docs/practice-file.md): who the practice is, who its
// letters go to, its pathway and dates, and the envelope window.
//
// # The field table
//
// Every value of the practice file is one entry of the field table (fields.go; Fields
// returns it): its TOML key, label and help, kind, section, the note and example value
// `accesspack init` writes, the command-line option that overrides it, the practices-list
// columns it is read from, the template fields that print it, when it is required (for
// which pathways and outputs), the hint when it is missing, and whether letters print
// it. From that one entry come: decoding the file, "did you mean" for unknown keys, the
// example file (Example), the checks for missing values (Problems, Warnings), the check
// that printed values can be printed (CheckPrintable), the practices-list columns
// (internal/orgs.Columns), the template fields ({icb name}, letters.FieldNames) and a
// form's fields (Field.Label, Help, Kind, Default, Requirement and Set).
//
// To add a practice value, say a switch-on date after the reply-by date, give Practice a
// field to keep it in (SwitchOn civil.Date) for the code that uses it, and add one entry
// to the table, in the place it takes in the file:
//
//	{
//		Key: "switch_on", Label: "Switch-on date", Kind: Date, Section: secPlan,
//		Help:    "The day EMIS switches on access, when it is after the reply-by date.",
//		Note:    "The date EMIS switches on access for your patients.",
//		Example: "2027-01-20",
//		Columns: []string{"Switch-on Date", "Switch On"},
//		Templates: []Template{{Name: "switch-on date", About: "the day access is switched on", Required: true}},
//		Required: []Requirement{{Need: NeedPatientLetters, Pathways: []string{pathwayProceed},
//			Why: "the letters say when access is switched on"}},
//		Missing: "add switch_on = 2027-01-20",
//		Value:   func(p *Practice) any { return &p.SwitchOn },
//	},
//
// The file then reads it, `init` explains it, templates may print {switch-on date},
// generate asks for it and a form shows it. The practices list (internal/orgs) matches a
// "Switch-on Date" column; its readRow still reads each cell into the Practice by hand,
// and TestEveryColumnIsRead fails until it reads the new one.
// A check that compares it with other values goes in the entry's check function. The
// template notes (templates/*.md) list every template field, and their test says so
// when one is missing.
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
	// InfoURL explains to patients how to opt in later (docs/practice-file.md, info_url).
	InfoURL string
	// RequestFormURL is a web page where patients can ask for access online; text
	// messages give it instead of the paper form a letter encloses. "" when there is none.
	RequestFormURL string

	Signatory Person

	ICB  Organisation // the commissioner; Contact is the primary-care IT team contact
	EMIS Organisation // EMIS contact for the deferral notice and copies
	// EMISReference is the booking reference EMIS gave, or the practice's EMIS customer
	// number, for the deferral notice; optional.
	EMISReference string
	// EMISConfirmBy is the date by which EMIS should confirm that the booked enablement
	// will not run (defer-booked), before the booked date.
	EMISConfirmBy civil.Date
	// EMISTold is the date the practice told EMIS in writing that it is deferring
	// (defer-dpia, for the commissioner letter); zero when it has not.
	EMISTold civil.Date

	Pathway    string     // one of rules.Pathways; checked by the caller
	GoLive     civil.Date // go-live date G, or booked date B for defer-booked
	LetterDate civil.Date
	ReplyBy    civil.Date // date by which patients should opt out or reply
	// SwitchOn is batch104-after-live's switch-on date, after ReplyBy; zero means the day
	// after ReplyBy (rules.SwitchOnDate).
	SwitchOn civil.Date
	// WorkingDays is how many working days a manual-enable practice gives itself to switch
	// access on by hand; zero means rules.DefaultWorkingDays.
	WorkingDays float64
	Bulk104     bool

	DPIA DPIA

	Window Window

	Messages Messages
	Prices   Prices

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
	Date       civil.Date
	Concerns   []string
	ReviewDate civil.Date // when the practice will review it again
}

// Messages are the practice's choices for text messages.
type Messages struct {
	Channels    string   // "letter" (or ""), "message" or "both": see ChannelNames
	Fragments   float64  // the most fragments one message may use; 0 means DefaultFragments
	LettersOnly []string // letter kinds that always go by post (see PatientLetterNames)
}

// DefaultFragments is how many fragments a text message may use unless the practice
// file says otherwise: some batch-messaging services refuse longer messages.
const DefaultFragments = 2

// Prices are the practice's prices for the cost estimate, in pence; 0 means the
// built-in estimate (DefaultPrices).
type Prices struct {
	Sheet    float64 // a sheet of A4, paper and printing
	Envelope float64 // a window envelope
	Postage  float64 // a standard letter's postage
	Fragment float64 // a text message fragment
}

// DefaultPrices are the built-in prices, shown as "(default)" wherever they are used:
//
//   - Postage: a 2nd class stamp for a standard letter, 87p from 7 April 2025 (Royal
//     Mail's price as reported by Citizens Advice). Business mail costs less.
//   - Fragment: NHS Notify's 2.33p a text message fragment (before VAT); Accurx batch
//     messaging is about 1.99p.
//   - Sheet and envelope: our estimates for paper and laser printing of one A4 sheet
//     (4p) and a DL window envelope (3p); no published source.
var DefaultPrices = Prices{Sheet: 4, Envelope: 3, Postage: 87, Fragment: 2.33}

// Window is the envelope address window, in millimetres from the top-left of A4.
type Window struct {
	Left, Top, Width, Height float64
}

// DefaultWindow suits a DL window envelope with A4 folded in three (DOMAIN.md: no UK standard).
var DefaultWindow = Window{Left: 20, Top: 45, Width: 90, Height: 40}
