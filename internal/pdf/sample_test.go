package pdf

import (
	"fmt"
	"strings"

	"github.com/accesspack/accesspack/letters"
)

// Sample letters for the tests: realistic shapes, made-up people.

var head = letters.Letterhead{
	Name:    "Greenwood Surgery",
	Address: []string{"12 Station Road", "Headingley", "LEEDS", "LS6 2QR"},
	Phone:   "0113 496 0000",
	Email:   "greenwood.surgery@nhs.net",
	Website: "www.greenwoodsurgery.nhs.uk",
}

func para(s string) letters.Block {
	return letters.Block{Kind: letters.Paragraph, Spans: []letters.Span{{Text: s}}}
}

func block(k letters.BlockKind, s string) letters.Block {
	return letters.Block{Kind: k, Spans: []letters.Span{{Text: s}}}
}

const words = "Your GP record holds information about your health and the care you have had. " +
	"From the date below you will be able to read new entries in your record using the NHS App, " +
	"the NHS website or another app that you use to see your GP services. This includes letters, " +
	"test results and notes that your doctor or nurse writes after an appointment. "

// body250 is about 250 words in five paragraphs, with a bold span.
func body250() []letters.Block {
	return []letters.Block{
		para("Dear Ms Example,"),
		{Kind: letters.Paragraph, Spans: []letters.Span{
			{Text: "We are writing to tell you about a change to your GP record. "},
			{Text: "You do not need to do anything", Bold: true},
			{Text: " if you are happy for this to happen. " + words},
		}},
		para(words + "You can change your mind at any time by asking the practice."),
		para("If you would prefer not to see new entries, please tell us before 1 December 2026 by phone, by email or at reception. We will make sure the change does not apply to you."),
		para("Yours sincerely,"),
		para("Dr A Partner, Greenwood Surgery"),
	}
}

func fullBody() []letters.Block {
	return []letters.Block{
		para("Dear Zoë Łukasz-Weiß,"),
		{Kind: letters.Paragraph, Spans: []letters.Span{
			{Text: "From "}, {Text: "1 December 2026", Bold: true},
			{Text: " you will be able to see new entries in your GP record. " + words},
		}},
		block(letters.Heading, "What you can do"),
		block(letters.Bullet, "Do nothing: you will see new entries from the date above."),
		block(letters.Bullet, "Tell us if you do not want this. A long bullet wraps onto a second line and keeps its hanging indent under the text, not under the bullet."),
		block(letters.Bullet, "Ask us for help using the NHS App."),
		block(letters.Heading, "Your choice"),
		block(letters.Tick, "I want to see new entries in my GP record."),
		block(letters.Tick, "I do not want to see new entries in my GP record. This statement is long enough to wrap to a second line under the first."),
		block(letters.FillIn, "Name:"),
		block(letters.FillIn, "Signature:"),
		block(letters.FillIn, "Date:"),
		{Kind: letters.Box, Children: []letters.Block{
			block(letters.Heading, "For practice use only"),
			block(letters.FillIn, "Coded by:"),
			block(letters.FillIn, "Date coded:"),
		}},
	}
}

func patient(nhs, name string, body []letters.Block) letters.Letter {
	return letters.Letter{
		Kind:      "opt-out-notice",
		From:      head,
		To:        []string{name, "Flat 3", "27 Example Street", "LEEDS", "LS1 4AP"},
		NHSNumber: nhs,
		Page:      builtinWords(nhs),
		Date:      "1 December 2026",
		Body:      body,
	}
}

// builtinWords is the built-in wording around a letter with NHS number nhs ("" for none).
func builtinWords(nhs string) letters.PageWords {
	s, err := letters.Embedded()
	if err != nil {
		panic(err)
	}
	return s.PageWords(nhs)
}

// nhsNumbers are valid made-up NHS numbers (999 range, check digit correct).
var nhsNumbers = []string{"999 000 0018", "999 000 0026", "999 000 0034", "999 000 0042",
	"999 000 0050", "999 000 0069", "999 000 0077", "999 000 0085", "999 000 0093", "999 000 0107"}

// longBody returns n paragraphs of filler.
func longBody(n int) []letters.Block {
	var bs []letters.Block
	for i := range n {
		bs = append(bs, para(fmt.Sprintf("Paragraph %d. %s", i+1, strings.Repeat(words, 2))))
	}
	return bs
}
