package pack

import (
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/xlsx"
	"github.com/accesspack/accesspack/letters"
)

// route is how one decision's letter reaches the patient: the kind and variant the
// rules gave (kept here, because a letter that cannot be printed is taken out of the
// decision later) and the channel chosen.
type route struct {
	kind    rules.Kind // "" when the rules give no letter
	variant string
	channel.Choice
}

// routeAll chooses the channel of every decision with a letter. With channels = letter
// every one goes by letter, as it always has.
func routeAll(ds []rules.Decision, s channel.Settings) []route {
	rs := make([]route, len(ds))
	for i := range ds {
		d := &ds[i]
		if d.Letter == "" {
			continue
		}
		rs[i] = route{kind: d.Letter, variant: d.Variant, Choice: channel.Choose(d.Patient, d.Letter, s)}
	}
	return rs
}

// messageGroup is one text message and the patients it goes to, in input order.
type messageGroup struct {
	msg        letters.Message
	csv, text  string // their paths in the pack
	recipients []int  // decision indexes
}

// Messages renders the messages cfg's pack would send — every one the pathway can
// send, except for the kinds the practice keeps to letters; none with channels =
// letter — with the practice's details. A message over its budget, or that cannot be
// rendered, is a letters.Problem naming the template and line. Generate calls it before
// anything is written; the command calls it first to report such a problem as one in
// the templates.
func Messages(cfg Config) ([]letters.Message, error) { return pathwayMessages(cfg) }

func pathwayMessages(cfg Config) ([]letters.Message, error) {
	if cfg.Channels.Mode == channel.Letter {
		return nil, nil
	}
	all, err := cfg.Templates.PathwayMessages(cfg.Rules.Pathway, cfg.Practice, cfg.budget())
	if err != nil {
		return nil, err
	}
	var out []letters.Message
	for _, m := range all {
		if !cfg.Channels.LettersOnly[m.Kind] {
			out = append(out, m)
		}
	}
	return out, nil
}

func (cfg Config) budget() int {
	if cfg.Budget > 0 {
		return cfg.Budget
	}
	return letters.DefaultBudget
}

// groupMessages puts every patient routed to a message with the message for their kind
// and variant. Messages nobody gets are left out: they make no files.
func groupMessages(rs []route, msgs []letters.Message) ([]*messageGroup, error) {
	var groups []*messageGroup
	byKey := map[rules.LetterVariant]*messageGroup{}
	for _, m := range msgs {
		g := &messageGroup{msg: m, csv: "messages/" + m.Name() + ".csv", text: "messages/" + m.Name() + ".txt"}
		byKey[rules.LetterVariant{Kind: m.Kind, Variant: m.Variant}] = g
		groups = append(groups, g)
	}
	for i, r := range rs {
		if !r.Message {
			continue
		}
		g := byKey[rules.LetterVariant{Kind: r.kind, Variant: r.variant}]
		if g == nil {
			return nil, fmt.Errorf("no text message for %s (%s)", r.kind, r.variant) // a bug: pathwayMessages covers the table
		}
		g.recipients = append(g.recipients, i)
	}
	var used []*messageGroup
	for _, g := range groups {
		if len(g.recipients) > 0 {
			used = append(used, g)
		}
	}
	return used, nil
}

// uploadHeader is the upload list's header: the columns batch-messaging services ask
// for (Accurx: NHS Number and EMIS Number; PATCHS: Given Name, Family Name, Date of
// Birth, NHS Number, Mobile Telephone).
var uploadHeader = []string{"NHS Number", "EMIS Number", "Given Name", "Family Name", "Date of Birth", "Mobile Telephone"}

// writeMessages writes each message's upload list (CSV) and text.
func writeMessages(st *outdir.Staging, ds []rules.Decision, rs []route, groups []*messageGroup) error {
	for _, g := range groups {
		if err := st.WriteFile(g.csv, func(w io.Writer) error { return writeUpload(w, ds, rs, g.recipients) }); err != nil {
			return err
		}
		if err := st.WriteFile(g.text, func(w io.Writer) error {
			_, err := io.WriteString(w, g.msg.Text)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// writeUpload writes one upload list: UTF-8, a header row, CRLF line ends, NHS numbers
// as ten digits, dates of birth as dd/mm/yyyy. A cell that a spreadsheet would read as
// a formula is made inert.
func writeUpload(w io.Writer, ds []rules.Decision, rs []route, recipients []int) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(uploadHeader); err != nil {
		return err
	}
	for _, i := range recipients {
		p := ds[i].Patient
		dob := ""
		if !p.DOB.IsZero() {
			dob = p.DOB.Time().Format("02/01/2006")
		}
		row := []string{p.NHS, p.EMISNumber, p.Forename, p.Surname, dob, rs[i].Mobile}
		for j := range row {
			row[j] = inert(row[j])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// inert stops a spreadsheet reading a cell as a formula: a value starting with = + - @
// (or a tab or carriage return) gets a ' in front.
func inert(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// sent records, by decision index, what the pack actually sends.
type sent struct {
	letter, message []bool
}

func sentBy(n int, jobs []*job, groups []*messageGroup, index map[*rules.Decision]int) sent {
	s := sent{letter: make([]bool, n), message: make([]bool, n)}
	for _, j := range jobs {
		for _, it := range j.letters {
			s.letter[index[it.d]] = true
		}
	}
	for _, g := range groups {
		for _, i := range g.recipients {
			s.message[i] = true
		}
	}
	return s
}

// channelsReconciled checks that every patient the rules give a letter is in exactly
// one place per kind — a letter sheet or a message list — or, with channels = both, in
// the letter sheet and also in a message list when they can be texted. A letter that
// could not be printed has moved to Not sent; its message, if any, still goes.
func channelsReconciled(ds []rules.Decision, rs []route, s sent) bool {
	for i := range ds {
		r := rs[i]
		switch {
		case r.kind == "":
			if s.letter[i] || s.message[i] {
				return false
			}
		case ds[i].Letter == "": // letter taken out: not printable
			if s.letter[i] || s.message[i] != r.Message || ds[i].NotSent == "" {
				return false
			}
		default:
			if s.letter[i] != r.Letter || s.message[i] != r.Message || !(s.letter[i] || s.message[i]) {
				return false
			}
		}
	}
	return true
}

// channelCounts are the Summary's counts per channel.
type channelCounts struct {
	letters, largePrint, messages map[rules.Kind]int
	why                           map[string]int // letters instead of messages, by reason
}

func countChannels(ds []rules.Decision, rs []route, s sent) channelCounts {
	c := channelCounts{letters: map[rules.Kind]int{}, largePrint: map[rules.Kind]int{}, messages: map[rules.Kind]int{}, why: map[string]int{}}
	for i, r := range rs {
		if s.letter[i] {
			c.letters[r.kind]++
			if ds[i].Patient.LargePrint {
				c.largePrint[r.kind]++
			}
			if r.Why != "" {
				c.why[channel.ReasonGroup(r.Why)]++
			}
		}
		if s.message[i] {
			c.messages[r.kind]++
		}
	}
	return c
}

// estimate is the cost of sending the pack: its printed letters and its messages.
func estimate(cfg Config, jobs []*job, groups []*messageGroup) channel.Estimate {
	e := channel.Estimate{Prices: cfg.prices()}
	for _, j := range jobs {
		for _, it := range j.letters {
			e.Letters++
			e.Sheets += sheets(it.pages, cfg.Duplex)
		}
	}
	countMessages(&e, groups)
	return e
}

// countMessages adds the text messages of groups to e: each recipient's message, and its
// fragments.
func countMessages(e *channel.Estimate, groups []*messageGroup) {
	for _, g := range groups {
		e.Messages += len(g.recipients)
		e.Fragments += len(g.recipients) * g.msg.Count.Fragments
	}
}

// sheets is how many sheets a letter of pages pages is printed on.
func sheets(pages int, duplex bool) int {
	if duplex {
		return (pages + 1) / 2
	}
	return pages
}

func (cfg Config) prices() channel.Prices {
	if cfg.Prices == (channel.Prices{}) {
		return channel.DefaultPrices()
	}
	return cfg.Prices
}

// channelSummary is the Summary's lines about channels, messages and cost.
func channelSummary(cfg Config, c channelCounts, groups []*messageGroup, e channel.Estimate) []xlsx.Pair {
	s := []xlsx.Pair{{Label: "Channels", Value: cfg.Channels.Mode.String() + ": " + cfg.Channels.Mode.About()}}
	for _, k := range rules.PatientKinds {
		if cfg.Channels.LettersOnly[k] {
			s = append(s, xlsx.Pair{Label: "Kept to letters", Value: string(k)})
		}
	}
	for _, k := range rules.PatientKinds {
		if c.letters[k] == 0 && c.messages[k] == 0 {
			continue
		}
		s = append(s, xlsx.Pair{Label: "Letters: " + string(k), Value: c.letters[k]})
		if lp := c.largePrint[k]; lp > 0 {
			s = append(s, xlsx.Pair{Label: "  of which large print", Value: lp})
		}
		s = append(s, xlsx.Pair{Label: "Messages: " + string(k), Value: c.messages[k]})
	}
	because := "Letter, not a message: "
	if cfg.Channels.Mode == channel.Both {
		because = "Letter only, no message: "
	}
	for _, why := range slices.Sorted(maps.Keys(c.why)) {
		s = append(s, xlsx.Pair{Label: because + why, Value: c.why[why]})
	}
	for _, g := range groups {
		s = append(s, xlsx.Pair{Label: "Message text: " + g.msg.Name(), Value: g.msg.Count.String() + " (" + g.text + ")"})
	}
	for _, l := range e.Lines() {
		s = append(s, xlsx.Pair{Label: "Cost: " + l.Item, Value: l.Describe()})
	}
	s = append(s,
		xlsx.Pair{Label: "Cost: letters", Value: channel.Pounds(e.LetterPence())},
		xlsx.Pair{Label: "Cost: text messages", Value: channel.Pounds(e.MessagePence())},
		xlsx.Pair{Label: "Cost: total (estimate)", Value: channel.Pounds(e.TotalPence())},
	)
	if e.UsesDefaults() {
		s = append(s, xlsx.Pair{Label: "Prices marked (default)", Value: "built-in estimates, not your own: set your prices in the practice file"})
	}
	return s
}

// messageRows are the Messages sheet's rows.
func messageRows(ds []rules.Decision, rs []route, groups []*messageGroup) []xlsx.MessageRow {
	var out []xlsx.MessageRow
	for _, g := range groups {
		for _, i := range g.recipients {
			p := ds[i].Patient
			out = append(out, xlsx.MessageRow{
				NHSNumber: p.NHS, EMISNumber: p.EMISNumber, Name: p.FullName(), Mobile: rs[i].Mobile,
				Kind: string(g.msg.Kind), Variant: g.msg.Variant, MessageFile: g.text, UploadFile: g.csv,
			})
		}
	}
	return out
}
