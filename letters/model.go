// Package letters owns the letter kinds and their content model: what each letter says,
// built from the wording in templates/ and a patient, practice and decision. It knows
// nothing about PDF; internal/pdf draws a Letter.
package letters

// Letter is one letter's content, ready to draw: a patient letter (with NHS number) or a
// letter to an organisation (without).
type Letter struct {
	Kind    string // e.g. "opt-out-notice"; see internal/rules for the kinds
	Variant string // pathway-specific wording variant, e.g. "going-live", "deferred"

	From Letterhead
	// To is the address block for the envelope window, already formatted to Royal Mail
	// rules: name first, no blank lines, no commas or full stops, post town in capitals,
	// postcode alone on the last line.
	To []string

	// NHSNumber is printed near the top and in every page's footer, as "999 123 4560".
	// Empty for letters to organisations.
	NHSNumber string
	// Page is the wording printed around the body, from templates/page.md: the NHS
	// number line, each page's footer and the duplex blank page's words.
	Page PageWords
	Date string // the letter date as written: "1 December 2026"

	Body []Block
	// Enclosures are extra documents in the same envelope (the opt-in form). Each starts
	// on a new page and its pages count in the letter's "page x of y".
	Enclosures []Document

	LargePrint bool // draw body text at 18 pt
}

// Document is a titled run of blocks, such as an enclosed form. Title is the form's
// heading (draw it as the document's heading); Body does not repeat it.
type Document struct {
	Title string
	Body  []Block
}

// Letterhead is the sender's details printed at the top of the first page.
type Letterhead struct {
	Name    string
	Address []string
	Phone   string
	Email   string
	Website string
}

// BlockKind says how a block is drawn.
type BlockKind int

const (
	Paragraph BlockKind = iota
	Heading             // a short bold heading
	Bullet              // one item of a bullet list
	Tick                // a statement with an empty tick box before it
	FillIn              // a label followed by a line to write on ("Signature: ______")
	Box                 // a bordered box around Children, titled by Spans (may be empty), e.g. "For practice use only"
	PageBreak           // start a new page
)

// Span is a run of text in one style.
type Span struct {
	Text string
	Bold bool
}

// Block is one paragraph-level element of a letter.
type Block struct {
	Kind     BlockKind
	Spans    []Span
	Children []Block // for Box only
	// Tight says the template wrote this block directly under the previous one, with no
	// blank line between (a sign-off, "Name:" and "Date of birth:" lines, list items):
	// draw it without the usual gap between paragraphs. The first block of a box or
	// document is never tight.
	Tight bool
}

// Text returns the block's spans joined, without styling.
func (b Block) Text() string {
	s := ""
	for _, sp := range b.Spans {
		s += sp.Text
	}
	return s
}
