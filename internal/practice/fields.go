package practice

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/accesspack/accesspack/internal/civil"
)

// Kind is the kind of value a field holds, which says how it is written in the file, in a
// practices-list cell and in a form.
type Kind uint8

const (
	// Text is one line of text: "Meadowbank Surgery".
	Text Kind = iota + 1
	// Lines is a list of lines: an address, the DPIA's concerns.
	Lines
	// Date is a calendar date, written 2027-01-15.
	Date
	// YesNo is true or false.
	YesNo
	// Millimetres is a finite number of millimetres on the A4 page.
	Millimetres
	// Number is a finite number, such as a price in pence or a count of fragments.
	Number
	// Choice is one of Field.Choices, written as text.
	Choice
	// ColumnNames maps patient-list field names to the practice's own column headers
	// (the [headers] table); its keys are free.
	ColumnNames
)

var kindNames = map[Kind]string{Text: "text", Lines: "lines", Date: "date", YesNo: "yes/no",
	Millimetres: "millimetres", Number: "number", Choice: "choice", ColumnNames: "column names"}

func (k Kind) String() string { return kindNames[k] }

// Template is a field of the letter templates, written in braces ({go-live date}), that
// prints a practice field.
type Template struct {
	Name  string // as written in braces
	About string // what it prints, for the template notes and help
	// Required: a template line using it makes rendering fail when the value is blank,
	// naming the line; otherwise the line is left out.
	Required bool
	// List prints a Lines field as one bullet per line; otherwise the lines are joined
	// with ", " on one line.
	List bool
}

// Requirement says when a field must have a value. It applies when what is being made
// (need) has any of Need's bits, the pathway is one of Pathways (nil: any, or none
// chosen yet) and not one of Unless, and the field named by If has a value.
type Requirement struct {
	Need     Need
	Pathways []string
	Unless   []string
	If       string // key of another field that must have a value; "" for none
	// Warn makes a missing value a warning (the letters leave something out) rather
	// than a problem that stops them.
	Warn bool
	// Why is the reason, after "missing: "; for a warning, the whole message.
	Why string
}

// Field is one value of the practice file. The table of fields (Fields) is the one place
// a practice value is described: decoding the file, unknown-key suggestions, the example
// `accesspack init` writes, the checks for missing values, the practices-list columns
// (internal/orgs), the template fields (letters) and the web form all read it.
type Field struct {
	Key     string // the TOML key, dotted inside a table: "icb.name"
	Label   string // a short name for a form or the reference: "ICB name"
	Help    string // what it is, in a practice manager's words, for a form or the reference
	Kind    Kind
	Choices []string // the values a Choice may take
	Default string   // the value when the file does not give one, as a form shows it; "" for none
	Section string   // the heading it comes under in the file and a form; see Sections

	Note    string // the comment above it in the example file, "" for none; lines without "# "
	Example string // its value in the example file, written as TOML

	Flag string // the command-line option that overrides it ("--go-live"); "" for none

	Columns    []string // practices-list headers it is read from, the usual one first; nil: not a column
	ColumnHelp string   // what to write in the column, for `organisations --help`

	Templates []Template // the template fields that print it

	// Required lists when a value is needed; the first requirement that applies is used.
	Required []Requirement
	Missing  string // the hint when a required value is missing: how to add it

	// Printed: letters print the value (in the letterhead, an address or a template
	// field), so every character of it must be one the letters' font can draw.
	Printed bool

	// Value returns a pointer to where p keeps the value: *string for Text and Choice,
	// *[]string for Lines, *civil.Date, *bool, *float64 for Millimetres and Number, or
	// *map[string]string for ColumnNames.
	Value func(p *Practice) any

	// commented: the example file shows the value as a comment ("# sheet_pence = 4"),
	// so that the default applies, and is shown as the default, until the practice
	// writes its own.
	commented bool

	normalise func(string) string // applied to Text and Choice values as they are read
	check     func(c *checker)    // checks of the value, or of it with the fields before it, run after Required
}

// Table is a [table] of the practice file: the fields whose keys start with its name.
type Table struct {
	Name  string
	Label string
	Note  string // the comment above [name] in the example file; lines without "# "
	// oneMissing reports a table whose required values are all missing as one problem
	// at the table ("add [icb] with …") rather than one per value.
	oneMissing bool
}

// Section is a heading of the practice file and of a form.
type Section struct {
	Title string
	rule  int // the width of the example file's "# --- Title ---…" line
}

// Fields returns the practice fields in the order of the practice file.
func Fields() []Field { return append([]Field(nil), fields...) }

// Tables returns the practice file's tables in the order of the file.
func Tables() []Table { return append([]Table(nil), tables...) }

// Sections returns the headings of the practice file in order.
func Sections() []Section { return append([]Section(nil), sections...) }

// Lookup returns the field with the TOML key ("icb.name"), or nil.
func Lookup(key string) *Field { return std.field(key) }

// ForFlag returns the field a command-line option overrides ("--go-live"), or nil.
func ForFlag(flag string) *Field {
	for i := range fields {
		if fields[i].Flag != "" && fields[i].Flag == flag {
			return &fields[i]
		}
	}
	return nil
}

// ForTemplate returns the field a template field prints ("booked date"), or nil.
func ForTemplate(name string) *Field {
	for i := range fields {
		for _, t := range fields[i].Templates {
			if t.Name == name {
				return &fields[i]
			}
		}
	}
	return nil
}

// Pathway names, as in docs/pathways.md. They mirror rules.Pathways: practice does not
// import rules, so that rules may use practices; TestPathwayNamesMatchRules keeps them equal.
const (
	pathwayMissedDate  = "missed-date"
	pathwayDeferBooked = "defer-booked"
	pathwayProceed     = "proceed"
	pathwayDeferDPIA   = "defer-dpia"
	pathwayBatchBefore = "batch104-before-live"
	pathwayBatchAfter  = "batch104-after-live"
	pathwayManual      = "manual-enable"
)

// PathwayNames lists the pathway names the practice file accepts, in order.
var PathwayNames = []string{pathwayMissedDate, pathwayDeferBooked, pathwayProceed,
	pathwayDeferDPIA, pathwayBatchBefore, pathwayBatchAfter, pathwayManual}

// PatientLetterNames are the letter kinds to patients, which messages.letters_only may
// name. They mirror rules.PatientKinds; TestPatientLetterNamesMatchRules keeps them equal.
var PatientLetterNames = []string{"opt-out-notice", "request-access", "dpia-update"}

// ChannelNames are the values of messages.channels (and --channels), as package channel
// reads them.
var ChannelNames = []string{"letter", "message", "both"}

const (
	needLetters = NeedPatientLetters | NeedOrganisationLetters
	needOrgs    = NeedOrganisationLetters
)

const (
	secPractice = "Your practice"
	secPlan     = "What you are doing and when"
	secSign     = "Who signs the letters"
	secOrgs     = "Letters to organisations"
	secWindow   = "The envelope window"
	secMessages = "Text messages and costs"
	secHeaders  = "Your patient list's column names"
)

var sections = []Section{{secPractice, 87}, {secPlan, 89}, {secSign, 92}, {secOrgs, 92}, {secWindow, 92}, {secMessages, 92}, {secHeaders, 92}}

var tables = []Table{
	{Name: "signatory", Label: "Who signs the letters"},
	{Name: "icb", Label: "Your ICB", oneMissing: true, Note: `Your ICB (commissioner). The contact is the primary-care IT team or a named person
there. Needed for missed-date (asking for a new bulk date) and defer-dpia (the
commissioner letter).`},
	{Name: "emis", Label: "EMIS", oneMissing: true, Note: `EMIS, for the written notice not to run a booked enablement (defer-booked) and the
copy of a bulk-date request (missed-date). Use the address EMIS gave you. For
defer-booked: the booking reference or your EMIS customer number (optional), and the
date by which EMIS should confirm, before the booked date. For defer-dpia: the date
you told EMIS in writing that you are deferring (leave it out if you have not).`},
	{Name: "dpia", Label: "Your DPIA", Note: `Your data protection impact assessment, for the commissioner letter (defer-dpia):
the date it was completed, the concerns it found (one per item) and when you will
review it again.`},
	{Name: "window", Label: "The envelope window", Note: `Where the address sits on the page, so it shows through your window envelopes, in
millimetres from the top-left corner of the A4 sheet. There is no UK standard: these
defaults suit a common DL envelope (A4 folded in three). Print a test page with
` + "`accesspack calibrate --practice practice.toml --out test.pdf`" + `, fold it into an
envelope, and adjust until the box sits inside the window.`},
	{Name: "messages", Label: "Text messages", Note: `Text messages instead of letters (see "Text messages" in the README). channels is
"letter" (post only, the default), "message" (a text message instead of the letter to
patients with a usable UK mobile and no need for print; a letter to everyone else) or
"both" (a text to those, and the letter to everyone). --channels overrides it.
fragments is the most fragments one message may use: a text is charged per fragment
(160 characters, or 153 each when longer) and some services refuse more than 2.
letters_only lists the letters that always go by post. request-access goes to patients
coded 104, some of whom share a phone with the person they are at risk from: think
before texting them.`},
	{Name: "prices", Label: "Prices for the cost estimate", Note: `Your prices, in pence, for the cost estimate in check and the mailing list's Summary.
Until you write your own (in the file accesspack init writes, remove the # and change the number), the built-in estimates
below are used and marked "(default)" wherever they are shown.`},
}

// fields is the table. To add a practice value: a field of Practice to keep it in, and
// one entry here, in the place it should take in the file (see the package comment).
var fields = []Field{
	{
		Key: "name", Label: "Practice name", Kind: Text, Section: secPractice,
		Help:    "The practice's name, as it heads every letter.",
		Note:    "The practice name, as it should head every letter.",
		Example: `"The Example Surgery"`,
		Columns: []string{"Practice Name", "Practice", "Name"}, ColumnHelp: "required",
		Templates: []Template{{Name: "practice name", About: "the practice's name", Required: true}},
		Required:  []Requirement{{Need: needLetters, Why: "the practice's name heads every letter"}},
		Missing:   `add name = "Meadowbank Surgery"`,
		Printed:   true,
		Value:     func(p *Practice) any { return &p.Name },
	},
	{
		Key: "ods_code", Label: "ODS code", Kind: Text, Section: secPractice,
		Help:       "The practice's ODS code: a letter and five digits, such as B86999. The ICB and EMIS know the practice by it.",
		Note:       "Your ODS code (a letter and five digits). The ICB and EMIS know you by it.",
		Example:    `"Y00000"`,
		Columns:    []string{"ODS Code", "ODS", "Practice Code", "Org Code", "Organisation Code"},
		ColumnHelp: "required: a letter and five digits, e.g. B86999; names the PDF files",
		Templates:  []Template{{Name: "ods code", About: "the practice's ODS code, e.g. B86999", Required: true}},
		Required:   []Requirement{{Need: needLetters, Why: "the practice's ODS code identifies it to the ICB and EMIS"}},
		Missing:    `add ods_code = "B86999"`,
		Printed:    true,
		Value:      func(p *Practice) any { return &p.ODS },
		normalise:  strings.ToUpper,
		check:      checkODS,
	},
	{
		Key: "address", Label: "Practice address", Kind: Lines, Section: secPractice,
		Help:    "The practice's address for the letterhead, one line per item, postcode last.",
		Note:    "The practice address for the letterhead, one line per item, postcode last.",
		Example: `["1 Example Street", "Exampleton", "EX1 1AA"]`,
		Columns: []string{"Address", "Practice Address"}, ColumnHelp: "lines separated by commas or line breaks",
		Templates: []Template{{Name: "practice address", About: "the practice's address on one line", Required: true}},
		Required:  []Requirement{{Need: needLetters, Why: "the letterhead needs the practice's address"}},
		Missing:   `add address = ["14 Meadowbank Road", "Leeds", "LS6 3QJ"]`,
		Printed:   true,
		Value:     func(p *Practice) any { return &p.Address },
	},
	{
		Key: "phone", Label: "Phone number", Kind: Text, Section: secPractice,
		Help:      "The phone number patients should ring.",
		Note:      "The phone number patients should ring.",
		Example:   `"0113 496 0000"`,
		Columns:   []string{"Phone", "Telephone", "Phone Number", "Practice Phone", "Tel"},
		Templates: []Template{{Name: "practice phone", About: "the practice's phone number", Required: true}},
		Required:  []Requirement{{Need: NeedPatientLetters, Why: "patients are told to phone the practice"}},
		Missing:   `add phone = "0113 496 0123"`,
		Printed:   true,
		Value:     func(p *Practice) any { return &p.Phone },
	},
	{
		Key: "email", Label: "Email address", Kind: Text, Section: secPractice,
		Help:      "Optional: an email address for patients.",
		Note:      "Optional: an email address and website for patients. Leave out what you don't use.",
		Example:   `"reception@example.com"`,
		Columns:   []string{"Email", "E-mail", "Email Address", "Practice Email"},
		Templates: []Template{{Name: "practice email", About: "the practice's email address (a line using it is left out when there is none)"}},
		Required:  []Requirement{{Need: NeedPatientLetters, Warn: true, Why: "not given: letters will offer only the phone number"}},
		Printed:   true,
		Value:     func(p *Practice) any { return &p.Email },
	},
	{
		Key: "website", Label: "Website", Kind: Text, Section: secPractice,
		Help:      "Optional: the practice's website.",
		Example:   `"https://www.example.com"`,
		Columns:   []string{"Website", "Web Site", "Practice Website"},
		Templates: []Template{{Name: "practice website", About: "the practice's website (a line using it is left out when there is none)"}},
		Required:  []Requirement{{Need: NeedPatientLetters, Warn: true, Why: "not given: letters will not mention the practice website"}},
		Printed:   true,
		Value:     func(p *Practice) any { return &p.Website },
	},
	{
		Key: "info_url", Label: "Opting-in information page", Kind: Text, Section: secPractice,
		Help: "A web page that explains how patients can ask for access to their record later, such as the practice's own page or the NHS App help pages.",
		Note: `A web page that explains how patients can ask for access to their record later
(for example your own practice page or the NHS App help pages). Letters print it.`,
		Example:   `"https://www.example.com/online-access"`,
		Columns:   []string{"Info URL", "Information URL", "Info Link", "Information Resource"},
		Templates: []Template{{Name: "info url", About: "the web page that explains how to opt in later", Required: true}},
		Required:  []Requirement{{Need: NeedPatientLetters, Warn: true, Why: "not given: letters will not say where to read about opting in later"}},
		Printed:   true,
		Value:     func(p *Practice) any { return &p.InfoURL },
	},
	{
		Key: "request_form_url", Label: "Online request form", Kind: Text, Section: secPractice,
		Help: "Optional: a web page where patients can ask for access to their record online, such as the practice's online form. Text messages give it instead of the paper form a letter encloses.",
		Note: `Optional: a web page where patients can ask for access online, such as your online
form. Text messages give it instead of the paper form a letter encloses.`,
		Example:   `"https://www.example.com/ask-for-access"`,
		Templates: []Template{{Name: "request form url", About: "the web page where patients can ask for access online (a line using it is left out when there is none)"}},
		Printed:   true,
		Value:     func(p *Practice) any { return &p.RequestFormURL },
	},
	{
		Key: "pathway", Label: "Pathway", Kind: Choice, Choices: PathwayNames, Section: secPlan,
		Help: "The pathway the practice chose; `accesspack pathways` shows who gets which letter in each.",
		Note: `The pathway your practice chose. One of:
  missed-date          missed the October 2023 date; going live on a new date
  defer-booked         putting off an enablement already booked with EMIS
  proceed              going ahead on the planned date
  defer-dpia           putting off because of concerns found in your DPIA (opt-in)
  batch104-before-live everyone was coded 104; now giving access; not live yet
  batch104-after-live  everyone was coded 104; now giving access; already live
  manual-enable        not live, and central bulk enablement is no longer available:
                       switching access on patient by patient from the go-live date
Run ` + "`accesspack pathways`" + ` to see who gets which letter in each.`,
		Example: `"proceed"`,
		Flag:    "--pathway",
		Columns: []string{"Pathway"}, ColumnHelp: "missed-date, defer-booked or defer-dpia (the others send no letter)",
		Required:  []Requirement{{Need: NeedAll, Why: "the pathway decides who gets which letter"}},
		Missing:   `add pathway = "proceed" (or: ` + strings.Join(PathwayNames, ", ") + ")",
		Value:     func(p *Practice) any { return &p.Pathway },
		normalise: strings.ToLower,
		check:     checkPathway,
	},
	{
		Key: "go_live", Label: "Go-live date", Kind: Date, Section: secPlan,
		Help: "The day EMIS switches on access for the practice's patients; for defer-booked, the date the enablement is booked for; for batch104-after-live, the date the practice went live. Who counts as 16 is worked out on this date.",
		Note: `The go-live date: the day EMIS switches on access for your patients. For
defer-booked, the date the enablement is booked for. For batch104-after-live, the
date you went live. Who counts as 16 is worked out on this date.`,
		Example:    "2027-01-15",
		Flag:       "--go-live",
		Columns:    []string{"Go-live Date", "Go Live", "Go-live", "Booked Date", "Go-live or Booked Date"},
		ColumnHelp: "or the booked date, for defer-booked",
		Templates: []Template{
			{Name: "go-live date", About: "the date access is switched on (the go-live date in the practice file)", Required: true},
			{Name: "booked date", About: "the bulk enablement date being deferred (the go-live date in the practice file)", Required: true},
		},
		Required: []Requirement{
			{Need: NeedAll, Pathways: []string{pathwayDeferBooked}, Why: "the date the bulk enablement is booked for"},
			// Ages are checked on the letter date; the past go-live date is only mentioned.
			{Need: needLetters, Pathways: []string{pathwayBatchAfter}, Warn: true, Why: "not given: letters will not say when the practice went live"},
			{Need: NeedAll, Unless: []string{pathwayBatchAfter}, Why: "the go-live date decides who is 16 and what the letters say"},
		},
		Missing: "add go_live = 2027-01-15",
		Value:   func(p *Practice) any { return &p.GoLive },
	},
	{
		Key: "letter_date", Label: "Letter date", Kind: Date, Section: secPlan,
		Help:      "The date printed on the letters.",
		Note:      "The date printed on the letters.",
		Example:   "2026-12-01",
		Flag:      "--letter-date",
		Columns:   []string{"Letter Date", "Date of Letter"},
		Templates: []Template{{Name: "letter date", About: "the date of the letter, e.g. 1 December 2026", Required: true}},
		Required: []Requirement{
			{Need: NeedAll, Pathways: []string{pathwayBatchAfter}, Why: "the practice is already live, so ages are worked out on the letter date"},
			{Need: NeedAll, Pathways: []string{pathwayDeferDPIA}, If: "bulk_104", Why: "bulk 104 codes patients turning 16 within 90 days of the letter date"},
			{Need: needLetters, Why: "every letter is dated"},
		},
		Missing: "add letter_date = 2026-12-01",
		Value:   func(p *Practice) any { return &p.LetterDate },
		check:   checkDateOrder,
	},
	{
		Key: "reply_by", Label: "Reply-by date", Kind: Date, Section: secPlan,
		Help:      "The date by which patients should tell the practice if they want to opt out.",
		Note:      "The date by which patients should tell you if they want to opt out.",
		Example:   "2027-01-05",
		Columns:   []string{"Reply-by Date", "Reply By"},
		Templates: []Template{{Name: "reply-by date", About: "the date by which patients should reply", Required: true}},
		// The pathways whose opt-out notice tells patients the date to opt out by (letters'
		// TestReplyByRequiredWhereLettersPrintIt keeps the list true to the templates).
		Required: []Requirement{{Need: NeedPatientLetters,
			Pathways: []string{pathwayMissedDate, pathwayProceed, pathwayBatchBefore, pathwayBatchAfter, pathwayManual},
			Why:      "the opt-out notice tells patients the date by which to opt out"}},
		Missing: "add reply_by = 2027-01-05",
		Value:   func(p *Practice) any { return &p.ReplyBy },
	},
	{
		Key: "switch_on", Label: "Switch-on date", Kind: Date, Section: secPlan,
		Help: "batch104-after-live only: the day the practice starts switching access on by hand and adding the 106 codes. It must be after the reply-by date, so that patients can opt out first; leave it out to use the day after the reply-by date.",
		Note: `batch104-after-live only: the day you start switching access on by hand (and adding
the 106 codes). It must be after reply_by, so that patients can opt out first. Leave
it out to use the day after reply_by.`,
		Example: "2027-01-06",
		Flag:    "--switch-on",
		Value:   func(p *Practice) any { return &p.SwitchOn },
	},
	{
		Key: "working_days", Label: "Working days to switch access on", Kind: Number, Default: "20", Section: secPlan,
		Help: "manual-enable only: in how many working days from the go-live date the practice will have switched access on, by hand, for every patient with an online account. The Summary says how many a day that is.",
		Note: `manual-enable only: in how many working days from the go-live date you will have
switched access on, by hand, for every patient with an online account. The Summary
says how many a day that is.`,
		Example: "20",
		Value:   func(p *Practice) any { return &p.WorkingDays },
		check:   checkWorkingDays,
	},
	{
		Key: "bulk_104", Label: "Bulk 104", Kind: YesNo, Default: "false", Section: secPlan,
		Help: "Whether the practice has chosen to code everyone 104 in bulk (the \"bulk 104\" route for defer-booked and defer-dpia).",
		Note: `true if your practice has chosen to code everyone 104 in bulk (the "bulk 104" route
for defer-booked and defer-dpia); otherwise false.`,
		Example: "false",
		Flag:    "--bulk-104",
		Columns: []string{"Bulk 104", "Bulk 104 Chosen"}, ColumnHelp: "yes or no",
		Templates: []Template{{Name: "bulk 104", About: `"yes" when the practice adds the code 104 in bulk, no value otherwise: for "::: if {bulk 104}"`}},
		Value:     func(p *Practice) any { return &p.Bulk104 },
	},
	{
		Key: "signatory.name", Label: "Signatory's name", Kind: Text, Section: secSign,
		Help:      "Who signs the letters.",
		Example:   `"Dr A Example"`,
		Columns:   []string{"Signatory Name", "Signatory", "Signed By"},
		Templates: []Template{{Name: "signatory name", About: "who signs the letters", Required: true}},
		Required:  []Requirement{{Need: needLetters, Why: "letters are signed by a named person"}},
		Missing:   `add [signatory] with name = "Dr A Example" and role = "GP Partner"`,
		Printed:   true,
		Value:     func(p *Practice) any { return &p.Signatory.Name },
	},
	{
		Key: "signatory.role", Label: "Signatory's role", Kind: Text, Section: secSign,
		Help:      "The signatory's role, such as GP Partner or Practice Manager.",
		Example:   `"GP Partner"`,
		Columns:   []string{"Signatory Role", "Role"},
		Templates: []Template{{Name: "signatory role", About: "their role, e.g. Practice Manager"}},
		Required:  []Requirement{{Need: needLetters, If: "signatory.name", Warn: true, Why: "not given: letters will show the name without a role"}},
		Printed:   true,
		Value:     func(p *Practice) any { return &p.Signatory.Role },
	},
	{
		Key: "icb.name", Label: "ICB name", Kind: Text, Section: secOrgs,
		Help:      "The practice's Integrated Care Board (the commissioner), for the bulk-date request (missed-date) and the commissioner letter (defer-dpia).",
		Example:   `"NHS Example Integrated Care Board"`,
		Columns:   []string{"ICB Name", "ICB"},
		Templates: []Template{{Name: "icb name", About: "the Integrated Care Board (the commissioner)"}},
		Required:  icbRequired,
		Missing:   `add [icb] with name = "…" and address = ["…"]`,
		Printed:   true,
		Value:     func(p *Practice) any { return &p.ICB.Name },
	},
	{
		Key: "icb.address", Label: "ICB address", Kind: Lines, Section: secOrgs,
		Help:    "The ICB's postal address, one line per item, postcode last.",
		Example: `["Example House", "2 Example Road", "Exampleton", "EX2 2BB"]`,
		Columns: []string{"ICB Address"}, ColumnHelp: "lines separated by commas or line breaks",
		Required: icbRequired,
		Missing:  `address = ["first line", "town", "postcode"] under [icb]`,
		Printed:  true,
		Value:    func(p *Practice) any { return &p.ICB.Address },
	},
	{
		Key: "icb.contact", Label: "ICB contact", Kind: Text, Section: secOrgs,
		Help:    "The person or team at the ICB the letter is addressed to, such as its primary-care IT team.",
		Example: `"Primary Care IT Team"`,
		Columns: []string{"ICB Contact"}, ColumnHelp: "e.g. Primary Care IT Team",
		Templates: []Template{{Name: "icb contact", About: "the ICB contact, e.g. its primary care IT team"}},
		Required: []Requirement{{Need: needOrgs, Pathways: []string{pathwayMissedDate}, If: "icb.name", Warn: true,
			Why: "not given: the letter will be addressed to the primary-care IT team"}},
		Printed: true,
		Value:   func(p *Practice) any { return &p.ICB.Contact },
	},
	{
		Key: "icb.email", Label: "ICB email", Kind: Text, Section: secOrgs,
		Help:    "The ICB contact's email address.",
		Example: `"primarycare.it@example.com"`,
		Columns: []string{"ICB Email"},
		Value:   func(p *Practice) any { return &p.ICB.Email },
	},
	{
		Key: "emis.name", Label: "EMIS name", Kind: Text, Section: secOrgs,
		Help:      "EMIS, as named on the deferral notice (defer-booked) and the copy of a bulk-date request (missed-date).",
		Example:   `"EMIS Health"`,
		Columns:   []string{"EMIS Name", "EMIS"},
		Templates: []Template{{Name: "emis name", About: "EMIS, as named in the practice file"}},
		Required: []Requirement{
			emisRequired[0],
			{Need: needOrgs, Pathways: []string{pathwayMissedDate}, Warn: true, Why: "not given: the bulk-date request will not show a copy to EMIS"},
		},
		Missing: `add [emis] with name = "…" and address = ["…"]`,
		Printed: true,
		Value:   func(p *Practice) any { return &p.EMIS.Name },
	},
	{
		Key: "emis.address", Label: "EMIS address", Kind: Lines, Section: secOrgs,
		Help:    "The address EMIS gave the practice, one line per item, postcode last.",
		Example: `["Example Business Park", "Exampleton", "EX3 3CC"]`,
		Columns: []string{"EMIS Address"}, ColumnHelp: "lines separated by commas or line breaks",
		Required: emisRequired,
		Missing:  `address = ["first line", "town", "postcode"] under [emis]`,
		Printed:  true,
		Value:    func(p *Practice) any { return &p.EMIS.Address },
	},
	{
		Key: "emis.contact", Label: "EMIS contact", Kind: Text, Section: secOrgs,
		Help:      "The person or team at EMIS the letter is addressed to.",
		Example:   `"Bulk Enablement Team"`,
		Columns:   []string{"EMIS Contact"},
		Templates: []Template{{Name: "emis contact", About: "the EMIS contact"}},
		Printed:   true,
		Value:     func(p *Practice) any { return &p.EMIS.Contact },
	},
	{
		Key: "emis.email", Label: "EMIS email", Kind: Text, Section: secOrgs,
		Help:    "The EMIS contact's email address.",
		Example: `"bulk-enablement@example.com"`,
		Columns: []string{"EMIS Email"},
		Value:   func(p *Practice) any { return &p.EMIS.Email },
	},
	{
		Key: "emis.reference", Label: "EMIS reference", Kind: Text, Section: secOrgs,
		Help:      "Optional: the booking reference EMIS gave for the bulk enablement, or the practice's EMIS customer number, for the deferral notice (defer-booked).",
		Example:   `"EMIS-12345"`,
		Columns:   []string{"EMIS Reference", "EMIS Customer Number", "Booking Reference"},
		Templates: []Template{{Name: "emis reference", About: "the booking reference or EMIS customer number (a line using it is left out when there is none)"}},
		Printed:   true,
		Value:     func(p *Practice) any { return &p.EMISReference },
	},
	{
		Key: "emis.confirm_by", Label: "EMIS to confirm by", Kind: Date, Section: secOrgs,
		Help:      "defer-booked: the date by which EMIS should confirm in writing that the booked enablement will not run. It must be before the booked date.",
		Example:   "2027-01-08",
		Columns:   []string{"EMIS Confirm By", "Confirm By"},
		Templates: []Template{{Name: "emis confirm-by date", About: "the date by which EMIS should confirm, before the booked date", Required: true}},
		Required:  []Requirement{{Need: needOrgs, Pathways: []string{pathwayDeferBooked}, Why: "the deferral notice asks EMIS to confirm by a date before the booked date"}},
		Missing:   "add confirm_by = 2027-01-08 under [emis]",
		Value:     func(p *Practice) any { return &p.EMISConfirmBy },
		check:     checkConfirmBy,
	},
	{
		Key: "emis.told", Label: "EMIS told on", Kind: Date, Section: secOrgs,
		Help:      "defer-dpia: the date the practice told EMIS in writing that it is deferring; leave it out if it has not. The commissioner letter says which.",
		Example:   "2026-11-20",
		Columns:   []string{"EMIS Told", "EMIS Told On"},
		Templates: []Template{{Name: "emis told date", About: "the date EMIS was told in writing of the deferral (no value when it has not been)"}},
		Value:     func(p *Practice) any { return &p.EMISTold },
	},
	{
		Key: "dpia.date", Label: "DPIA date", Kind: Date, Section: secOrgs,
		Help:      "The date the practice's data protection impact assessment was completed, for the commissioner letter (defer-dpia).",
		Example:   "2026-10-20",
		Columns:   []string{"DPIA Date"},
		Templates: []Template{{Name: "dpia date", About: "the date of the practice's DPIA", Required: true}},
		Required:  dpiaRequired,
		Missing:   `add [dpia] with date = 2026-10-20 and concerns = ["…"]`,
		Value:     func(p *Practice) any { return &p.DPIA.Date },
	},
	{
		Key: "dpia.concerns", Label: "DPIA concerns", Kind: Lines, Section: secOrgs,
		Help: "The concerns the DPIA found, one per item.",
		Example: `[
  "Patients at risk of coercion could be harmed by seeing their record before it is reviewed.",
  "Third-party information in older records has not yet been checked.",
]`,
		Columns: []string{"DPIA Concerns"}, ColumnHelp: `separated by ";" or line breaks`,
		Templates: []Template{{Name: "dpia concerns", About: "the concerns the DPIA found, one bullet each", Required: true, List: true}},
		Required:  dpiaRequired,
		Missing:   `concerns = ["first concern", "second concern"] under [dpia]`,
		Printed:   true,
		Value:     func(p *Practice) any { return &p.DPIA.Concerns },
	},
	{
		Key: "dpia.review_date", Label: "DPIA review date", Kind: Date, Section: secOrgs,
		Help:      "The date the practice will review its DPIA again, for the commissioner letter (defer-dpia). It must be after the DPIA's date.",
		Example:   "2027-04-20",
		Columns:   []string{"DPIA Review Date", "DPIA Review"},
		Templates: []Template{{Name: "dpia review date", About: "the date the practice will review its DPIA again", Required: true}},
		Required:  []Requirement{{Need: needOrgs, Pathways: []string{pathwayDeferDPIA}, Why: "the commissioner letter says when the DPIA will be reviewed"}},
		Missing:   "add review_date = 2027-04-20 under [dpia]",
		Value:     func(p *Practice) any { return &p.DPIA.ReviewDate },
		check:     checkDPIAReview,
	},
	windowField("left_mm", "Window: from the left", fmt.Sprintf("How far the envelope window is from the left edge of the A4 sheet, in millimetres: at least %g, as printers leave the edge blank.", pageMargin),
		DefaultWindow.Left, func(w *Window) *float64 { return &w.Left }),
	windowField("top_mm", "Window: from the top", fmt.Sprintf("How far the envelope window is from the top edge of the A4 sheet, in millimetres: at least %g, as printers leave the edge blank.", pageMargin),
		DefaultWindow.Top, func(w *Window) *float64 { return &w.Top }),
	windowField("width_mm", "Window width", fmt.Sprintf("The width of the envelope window, in millimetres: more than %g, as the address is printed %g mm inside each edge; the window must end at least %g mm from the right edge of the sheet.", 2*windowInset, windowInset, pageMargin),
		DefaultWindow.Width, func(w *Window) *float64 { return &w.Width }),
	windowField("height_mm", "Window height", fmt.Sprintf("The height of the envelope window, in millimetres: more than %g, as the address is printed %g mm inside each edge; the window must end by %g mm from the top, where the footer begins.", 2*windowInset, windowInset, footerTop),
		DefaultWindow.Height, func(w *Window) *float64 { return &w.Height }),
	{
		Key: "messages.channels", Label: "Channels", Kind: Choice, Choices: ChannelNames, Default: "letter", Section: secMessages,
		Help:      "How letters reach patients: letter (post only), message (a text message instead of the letter where the patient can be texted; a letter to everyone else) or both (a text message where possible, and the letter to everyone).",
		Example:   `"letter"`,
		Flag:      "--channels",
		Value:     func(p *Practice) any { return &p.Messages.Channels },
		normalise: strings.ToLower,
		check:     checkChannels,
	},
	{
		Key: "messages.fragments", Label: "Fragments a message may use", Kind: Number, Section: secMessages,
		Default: strconv.Itoa(DefaultFragments),
		Help:    "The most fragments one text message may use (a whole number, 1 to 10). A text is charged per fragment: 160 characters, or 153 each when longer; some batch-messaging services refuse more than 2. A longer message is an error before anything is written.",
		Example: strconv.Itoa(DefaultFragments),
		Value:   func(p *Practice) any { return &p.Messages.Fragments },
		check:   checkFragments,
	},
	{
		Key: "messages.letters_only", Label: "Letters only", Kind: Lines, Section: secMessages,
		Help:    "The letters that always go by post, whatever channels says: any of " + strings.Join(PatientLetterNames, ", ") + ". request-access goes to patients coded 104, some of whom share a phone with the person they are at risk from.",
		Example: `["request-access"]`,
		Value:   func(p *Practice) any { return &p.Messages.LettersOnly },
		check:   checkLettersOnly,
	},
	priceField("sheet_pence", "Price of a sheet", "A sheet of A4 paper and its printing, in pence.", DefaultPrices.Sheet, func(p *Prices) *float64 { return &p.Sheet }),
	priceField("envelope_pence", "Price of an envelope", "A window envelope, in pence.", DefaultPrices.Envelope, func(p *Prices) *float64 { return &p.Envelope }),
	priceField("postage_pence", "Postage", "Postage for one standard letter, in pence.", DefaultPrices.Postage, func(p *Prices) *float64 { return &p.Postage }),
	priceField("fragment_pence", "Price of a text fragment", "One text message fragment, in pence.", DefaultPrices.Fragment, func(p *Prices) *float64 { return &p.Fragment }),
	{
		Key: "headers", Label: "Column names", Kind: ColumnNames, Section: secHeaders,
		Help: "Only for an EMIS report that names its columns differently from the usual ones: for each patient-list field, the heading of the practice's column.",
		Note: `Only if your EMIS report names its columns differently from the usual ones (NHS Number,
Forename, Surname, Date of Birth, Postcode, 103, 104, 106 …). On each line, the name
accesspack uses on the left and your column's heading on the right. For example, if
your list calls the NHS number column "NHS No." and the 104 code column "Enhanced
review date", write:`,
		Example: `# nhs_number = "NHS No."
# 104 = "Enhanced review date"`,
		Value: func(p *Practice) any { return &p.Headers },
	},
}

var (
	icbRequired = []Requirement{
		{Need: needOrgs, Pathways: []string{pathwayMissedDate}, Why: "the bulk-date request goes to the ICB's primary-care IT team"},
		{Need: needOrgs, Pathways: []string{pathwayDeferDPIA}, Why: "the commissioner letter goes to the ICB"},
	}
	emisRequired = []Requirement{{Need: needOrgs, Pathways: []string{pathwayDeferBooked}, Why: "the deferral notice goes to EMIS"}}
	dpiaRequired = []Requirement{{Need: needOrgs, Pathways: []string{pathwayDeferDPIA}, Why: "the commissioner letter is about the practice's DPIA"}}
)

func windowField(key, label, help string, def float64, at func(*Window) *float64) Field {
	f := Field{
		Key: "window." + key, Label: label, Help: help, Kind: Millimetres, Section: secWindow,
		Default: strconv.FormatFloat(def, 'f', -1, 64),
		Value:   func(p *Practice) any { return at(&p.Window) },
	}
	f.Example = f.Default
	if key == "height_mm" {
		f.check = checkWindow // once all four are known
	}
	return f
}

func priceField(key, label, help string, def float64, at func(*Prices) *float64) Field {
	return Field{
		Key: "prices." + key, Label: label, Kind: Number, Section: secMessages,
		Help:      help + " Leave it out (or 0) to use the built-in estimate.",
		Default:   strconv.FormatFloat(def, 'f', -1, 64),
		Example:   strconv.FormatFloat(def, 'f', -1, 64),
		Value:     func(p *Practice) any { return at(&p.Prices) },
		check:     func(c *checker) { checkPrice(c, "prices."+key, *at(&c.p.Prices)) },
		commented: true,
	}
}

// Get returns the field's value in p: a string, []string, civil.Date, bool, float64 or
// map[string]string, as Kind says.
func (f *Field) Get(p *Practice) any {
	switch v := f.Value(p).(type) {
	case *string:
		return *v
	case *[]string:
		return *v
	case *civil.Date:
		return *v
	case *bool:
		return *v
	case *float64:
		return *v
	case *map[string]string:
		return *v
	}
	return nil
}

// IsSet reports whether p has a value for the field: text that is not blank, at least one
// line, a date, yes, a number that is not 0. Millimetre and column-name fields always
// count as set.
func (f *Field) IsSet(p *Practice) bool {
	switch v := f.Get(p).(type) {
	case string:
		return v != ""
	case []string:
		return len(v) > 0
	case civil.Date:
		return !v.IsZero()
	case bool:
		return v
	case float64:
		return v != 0 || f.Kind == Millimetres
	}
	return true
}

// Requirement returns the requirement that applies to the field for what is being made
// (need) with p's values, the first of Required that does; ok is false when none does.
func (f *Field) Requirement(p *Practice, need Need) (r Requirement, ok bool) {
	for _, r := range f.Required {
		if need&r.Need == 0 || (r.Pathways != nil && !slices.Contains(r.Pathways, p.Pathway)) || slices.Contains(r.Unless, p.Pathway) {
			continue
		}
		if r.If != "" {
			if g := Lookup(r.If); g == nil || !g.IsSet(p) {
				continue
			}
		}
		return r, true
	}
	return Requirement{}, false
}

// table returns the name of the table the field is in, or "" for a top-level key.
func (f *Field) table() string {
	if i := strings.IndexByte(f.Key, '.'); i > 0 {
		return f.Key[:i]
	}
	return ""
}

// leaf returns the key as written inside its table: "name" for "icb.name".
func (f *Field) leaf() string { return f.Key[strings.IndexByte(f.Key, '.')+1:] }
