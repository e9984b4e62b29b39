// Package channel decides how each letter to a patient goes: by post, by text message,
// or both (--channels), and estimates what a pack costs to send. It never changes who is
// written to, or with which kind and variant: the rules decide that. It only chooses how
// a decision that has a letter reaches the patient.
package channel

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sms"
	"github.com/accesspack/accesspack/internal/suggest"
)

// Mode is the practice's choice of channels.
type Mode int

const (
	// Letters only: the pack as it was before text messages (the default).
	Letter Mode = iota
	// A text message instead of the letter where the patient can be texted; a letter
	// to everyone else.
	Message
	// A text message where the patient can be texted, and the letter to everyone.
	Both
)

// Modes lists the modes by name, in the order help text gives them.
var Modes = []Mode{Letter, Message, Both}

func (m Mode) String() string {
	switch m {
	case Message:
		return "message"
	case Both:
		return "both"
	}
	return "letter"
}

// About says what the mode does, for help text and the Summary.
func (m Mode) About() string {
	switch m {
	case Message:
		return "a text message instead of the letter to patients with a usable mobile number; a letter to everyone else"
	case Both:
		return "a text message to patients with a usable mobile number, and the letter to everyone"
	}
	return "letters only"
}

// ParseMode reads "letter", "message" or "both" (case and spacing ignored).
func ParseMode(s string) (Mode, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	for _, m := range Modes {
		if v == m.String() || v == m.String()+"s" {
			return m, nil
		}
	}
	names := make([]string, len(Modes))
	for i, m := range Modes {
		names[i] = m.String()
	}
	msg := fmt.Sprintf("unknown channels %q: use %s", s, strings.Join(names, ", "))
	if n := suggest.Nearest(v, names); n != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", n)
	}
	return Letter, fmt.Errorf("%s", msg)
}

// Settings are the practice's channel choices.
type Settings struct {
	Mode Mode
	// LettersOnly lists the kinds the practice sends by letter only, whatever Mode says:
	// for example request-access, which goes to patients coded 104, some of whom share a
	// phone with the person they are at risk from.
	LettersOnly map[rules.Kind]bool
}

// FromPractice reads the practice's channel settings, the most fragments a message may
// use, and its prices. The values have passed the practice file's checks; a channels
// value they would refuse is an error all the same.
func FromPractice(p *practice.Practice) (Settings, int, Prices, error) {
	s := Settings{LettersOnly: map[rules.Kind]bool{}}
	var err error
	if p.Messages.Channels != "" {
		if s.Mode, err = ParseMode(p.Messages.Channels); err != nil {
			return Settings{}, 0, Prices{}, err
		}
	}
	for _, k := range p.Messages.LettersOnly {
		s.LettersOnly[rules.Kind(k)] = true
	}
	budget := int(p.Messages.Fragments)
	if budget <= 0 {
		budget = practice.DefaultFragments
	}
	return s, budget, PricesFrom(p.Prices), nil
}

// Choice is how one letter decision is sent.
type Choice struct {
	Letter  bool
	Message bool
	Mobile  string // the number the message goes to, normalised ("07700900123")
	// Why says why the patient gets a letter rather than a message, when messages were
	// wanted ("no mobile number held", "needs large print"); "" otherwise.
	Why string
}

// Channel is the choice as the mailing list's Channel column shows it.
func (c Choice) Channel() string {
	switch {
	case c.Letter && c.Message:
		return "letter and message"
	case c.Message:
		return "message"
	case c.Why != "":
		return "letter: " + c.Why
	}
	return "letter"
}

// Reasons a patient gets a letter instead of a message, besides the mobile number's
// problems (see package sms).
const (
	WhyLargePrint  = "needs large print"
	WhyBraille     = "needs braille"
	WhyLetters     = "asked for letters"
	WhyNoTexts     = "asked not to be texted"
	whyLettersOnly = "sent by letter only (practice setting)"
)

// WhyLettersOnly is the reason for a kind the practice keeps to letters.
func WhyLettersOnly(kind rules.Kind) string { return string(kind) + " is " + whyLettersOnly }

// Choose decides how the letter of kind reaches p. A patient gets a message only when
// messages are wanted, the kind is not kept to letters, no communication need asks for
// print, and the mobile number is a usable UK mobile. Everyone else gets the letter,
// with the reason when a message was wanted.
func Choose(p *patient.Patient, kind rules.Kind, s Settings) Choice {
	if s.Mode == Letter {
		return Choice{Letter: true}
	}
	c := Choice{Letter: true}
	switch mobile, problem := sms.Mobile(p.Mobile); {
	case s.LettersOnly[kind]:
		c.Why = WhyLettersOnly(kind)
	case PrintNeed(p) != "":
		c.Why = PrintNeed(p)
	case problem != "":
		c.Why = problem
	default:
		c.Message, c.Mobile = true, mobile
		c.Letter = s.Mode == Both
	}
	return c
}

var (
	wordRE     = regexp.MustCompile(`[a-z]+`)
	negations  = map[string]bool{"no": true, "not": true, "dont": true, "never": true, "without": true, "nor": true}
	textWords  = map[string]bool{"sms": true, "text": true, "texts": true, "texting": true, "texted": true, "message": true, "messages": true, "mobile": true}
	letterWord = map[string]bool{"letter": true, "letters": true, "post": true, "postal": true, "paper": true, "printed": true}
)

// PrintNeed says which communication need of p asks for a letter, or "". It reads the
// large-print flag and the Communication Needs cell: braille; a preference for letters,
// post or paper; or a wish not to be texted ("no SMS", "do not text"). When in doubt it
// keeps the letter: a mistake here only means a letter is posted as before.
func PrintNeed(p *patient.Patient) string {
	if p.LargePrint {
		return WhyLargePrint
	}
	v := strings.ToLower(p.Communication)
	if v == "" {
		return ""
	}
	v = strings.ReplaceAll(v, "'", "")
	v = strings.ReplaceAll(v, "’", "")
	if strings.Contains(v, "braille") {
		return WhyBraille
	}
	words := wordRE.FindAllString(v, -1)
	negated, texts := false, false
	for i, w := range words {
		if letterWord[w] {
			return WhyLetters
		}
		if negations[w] || (w == "do" && i+1 < len(words) && words[i+1] == "not") {
			negated = true
		}
		if textWords[w] {
			texts = true
		}
	}
	if negated && texts {
		return WhyNoTexts
	}
	return ""
}

// ReasonGroup is the reason a letter-instead-of-a-message is counted under, so that
// the counts group the mobile number's length problems together.
func ReasonGroup(why string) string { return sms.ProblemGroup(why) }
