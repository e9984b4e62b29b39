// Package patient holds the patient record that the list reader produces and the rules,
// letters and pack consume. It does no I/O.
package patient

import (
	"strings"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/nhs"
)

// Review is the practice's review outcome for a patient coded 104 (V in docs/pathways.md).
type Review int

const (
	ReviewBlank  Review = iota // not reviewed yet
	ReviewSafe                 // safe to give access
	ReviewUnsafe               // not safe to give access
)

func (r Review) String() string {
	switch r {
	case ReviewSafe:
		return "safe"
	case ReviewUnsafe:
		return "unsafe"
	}
	return ""
}

// Patient is one row of the practice's patient list, as read and cleaned.
// Fields hold the values after cleaning; nothing here has been judged eligible or not:
// that is the rules' job (docs/rules.md#eligibility).
type Patient struct {
	// Row is the input row number as a spreadsheet shows it: header row 1, first patient row 2.
	Row int

	NHSGiven string // the NHS number cell as given (trimmed)
	NHS      string // NHSGiven without spaces, hyphens and separators; may still be invalid

	EMISNumber string
	Title      string
	Forename   string
	Surname    string

	DOB civil.Date // zero when missing or unreadable (see Problems)

	// Address holds the non-blank address lines in order (at most 5), blank lines dropped.
	Address []string
	// Postcode is upper-cased with one space before the inward code when it has a valid
	// UK format; otherwise upper-cased as given.
	Postcode      string
	PostcodeValid bool

	Mobile string
	Email  string

	// Latest date of each record-access code; zero when absent.
	Code103, Code104, Code106 civil.Date
	// Has103 etc. say a code is present even when its date could not be read.
	Has103, Has104, Has106 bool

	HasAccess     bool // A: already has prospective access
	OnlineAccount bool // O: has an online services account
	AtRisk        bool // K: flagged at risk by the practice
	Review        Review
	Deceased      bool
	LargePrint    bool
	// Communication is the Communication Needs cell as given (trimmed): the text
	// messages read it for needs that ask for a letter (braille, "by letter").
	Communication string

	// Problems are things the reader noticed in this row that did not stop it being read
	// (a date it could not read, a yes/no it did not understand). Each is a short phrase
	// that never quotes the cell's value.
	Problems []string
	// Unreadable says why the reader could not read this row for certain — its cells are
	// shifted, it is hidden in the spreadsheet, … — so that it is not sent, with this as
	// the reason, rather than given a letter on a guess. "" for a row read normally.
	Unreadable string
}

// NHSValid reports whether the NHS number has ten digits and a correct check digit.
func (p *Patient) NHSValid() bool { return nhs.Valid(p.NHS) }

// MaskedNHS is the NHS number as it may appear in messages: "*** *** 3456".
func (p *Patient) MaskedNHS() string { return nhs.Mask(p.NHS) }

// FormattedNHS is the NHS number as printed on letters: "999 123 4560".
func (p *Patient) FormattedNHS() string { return nhs.Format(p.NHS) }

// FullName is "Title Forename Surname" with blanks left out.
func (p *Patient) FullName() string {
	return joinNonBlank(p.Title, p.Forename, p.Surname)
}

// Salutation is "Dear Title Surname", or "Dear Forename Surname" with no title.
func (p *Patient) Salutation() string {
	if p.Title != "" && p.Surname != "" {
		return "Dear " + joinNonBlank(p.Title, p.Surname)
	}
	if n := joinNonBlank(p.Forename, p.Surname); n != "" {
		return "Dear " + n
	}
	return "Dear Patient"
}

func joinNonBlank(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}
