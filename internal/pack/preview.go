package pack

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/pdf"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/letters"
)

// Preview is what `accesspack check` shows before anything is written: how the letters
// would go, by post or by text message, the messages, and what it would cost.
type Preview struct {
	Mode           channel.Mode
	LettersOnly    []rules.Kind
	Posted, Texted map[rules.Kind]int
	LargePrint     map[rules.Kind]int
	Why            map[string]int // letters instead of messages, by reason
	Messages       []PreviewMessage
	Estimate       channel.Estimate
}

// PreviewMessage is one message and how many it would go to.
type PreviewMessage struct {
	letters.Message
	Recipients int
}

// PreviewChannels decides, as Generate would, how every letter goes, and estimates the
// cost. It writes nothing. The sheets are counted from one letter of each kind, variant
// and format, rendered in memory, so the estimate is approximate; a message over its
// budget is the same error as Generate's.
func PreviewChannels(cfg Config, ds []rules.Decision) (*Preview, error) {
	msgs, err := pathwayMessages(cfg)
	if err != nil {
		return nil, err
	}
	rs := routeAll(ds, cfg.Channels)
	groups, err := groupMessages(rs, msgs)
	if err != nil {
		return nil, err
	}
	p := &Preview{
		Mode: cfg.Channels.Mode, Posted: map[rules.Kind]int{}, Texted: map[rules.Kind]int{},
		LargePrint: map[rules.Kind]int{}, Why: map[string]int{},
		Estimate: channel.Estimate{Prices: cfg.prices(), Approximate: true},
	}
	for _, k := range rules.PatientKinds {
		if cfg.Channels.LettersOnly[k] {
			p.LettersOnly = append(p.LettersOnly, k)
		}
	}
	type format struct {
		kind    rules.Kind
		variant string
		large   bool
	}
	pages := map[format]int{}
	for i, r := range rs {
		if !r.Letter {
			continue
		}
		d := &ds[i]
		p.Posted[r.kind]++
		if d.Patient.LargePrint {
			p.LargePrint[r.kind]++
		}
		if r.Why != "" {
			p.Why[channel.ReasonGroup(r.Why)]++
		}
		f := format{r.kind, r.variant, d.Patient.LargePrint}
		n, ok := pages[f]
		if !ok {
			if n, err = letterPages(cfg, d); err != nil {
				return nil, fmt.Errorf("letter for input row %d (%s): %w", d.Row, d.Patient.MaskedNHS(), err)
			}
			pages[f] = n
		}
		p.Estimate.Letters++
		p.Estimate.Sheets += sheets(n, cfg.Duplex)
	}
	for _, g := range groups {
		p.Messages = append(p.Messages, PreviewMessage{g.msg, len(g.recipients)})
		p.Texted[g.msg.Kind] += len(g.recipients)
	}
	countMessages(&p.Estimate, groups)
	return p, nil
}

// letterPages renders d's letter in memory and returns its page count.
func letterPages(cfg Config, d *rules.Decision) (int, error) {
	l, err := cfg.Templates.Patient(d.Letter, d.Variant, d.Patient, cfg.Practice, cfg.Rules.Pathway, d.Enclosures)
	if err != nil {
		return 0, err
	}
	doc := pdf.New(pdfOptions(cfg, string(d.Letter)))
	_, n, err := doc.Add(l)
	if err != nil {
		// An address that does not fit the window: count the letter as one of its
		// kind would be, with a plain address.
		l.To = []string{"A N Other", "1 Street", "TOWN", "AA1 1AA"}
		doc = pdf.New(pdfOptions(cfg, string(d.Letter)))
		if _, n, err = doc.Add(l); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// WritePreview writes the channel split, the messages and the cost estimate for check.
// With channels = letter, alt (the same list with channels = message, or nil) shows
// what texting would change.
func WritePreview(w io.Writer, p *Preview, alt *Preview) error {
	ew := &report{}
	ew.printf("\nChannels: %s (%s)\n", p.Mode, p.Mode.About())
	for _, k := range p.LettersOnly {
		ew.printf("  %s is kept to letters (practice setting)\n", k)
	}
	ew.printf("  %-24s %9s %9s\n", "", "letters", "messages")
	for _, k := range rules.PatientKinds {
		if p.Posted[k] == 0 && p.Texted[k] == 0 {
			continue
		}
		line := fmt.Sprintf("  %-24s %9d %9d", k, p.Posted[k], p.Texted[k])
		if lp := p.LargePrint[k]; lp > 0 {
			line += fmt.Sprintf("   (%d of the letters in large print)", lp)
		}
		ew.printf("%s\n", line)
	}
	if len(p.Why) > 0 {
		if p.Mode == channel.Both {
			ew.printf("\nLetters only, no message, because\n")
		} else {
			ew.printf("\nLetters, not messages, because\n")
		}
		for _, why := range sortedByCount(p.Why) { // most first
			ew.printf("  %-70s %7d\n", why, p.Why[why])
		}
	}
	if len(p.Messages) > 0 {
		ew.printf("\nText messages\n")
		for _, m := range p.Messages {
			ew.printf("  %-34s %-36s %7d patients\n", m.Name(), m.Count, m.Recipients)
		}
		for _, m := range p.Messages {
			if m.Kind == rules.RequestAccess {
				ew.printf("  note: request-access goes to patients coded 104, some of whom share a phone with the\n" +
					"  person they are at risk from; to keep it to letters, set it in the practice file\n")
				break
			}
		}
	}
	writeEstimate(ew, "Cost estimate", p.Estimate)
	if alt != nil && alt.Estimate.Messages > 0 {
		ew.printf("\nWith --channels message, %d of these letters would be text messages instead:\n", alt.Estimate.Messages)
		ew.printf("  letters %s + text messages %s = %s (estimate), about %s less\n",
			channel.Pounds(alt.Estimate.LetterPence()), channel.Pounds(alt.Estimate.MessagePence()), channel.Pounds(alt.Estimate.TotalPence()),
			channel.Pounds(p.Estimate.TotalPence()-alt.Estimate.TotalPence()))
	}
	_, err := io.WriteString(w, ew.String())
	return err
}

func writeEstimate(ew *report, title string, e channel.Estimate) {
	how := ""
	if e.Approximate {
		how = " (sheets counted from one letter of each kind)"
	}
	ew.printf("\n%s%s\n", title, how)
	for _, l := range e.Lines() {
		ew.printf("  %-30s %s\n", l.Item, l.Describe())
	}
	ew.printf("  %-30s %s\n", "letters", channel.Pounds(e.LetterPence()))
	if e.Fragments > 0 {
		ew.printf("  %-30s %s\n", "text messages", channel.Pounds(e.MessagePence()))
	}
	ew.printf("  %-30s %s\n", "total", channel.Pounds(e.TotalPence()))
	if e.UsesDefaults() {
		ew.printf("  prices marked (default) are built-in estimates: set your own in the practice file\n")
	}
}

// report builds check's text in memory: it is short, and written in one go.
type report struct{ strings.Builder }

func (r *report) printf(format string, args ...any) { fmt.Fprintf(&r.Builder, format, args...) }

func sortedByCount(m map[string]int) []string {
	return slices.SortedFunc(maps.Keys(m), func(a, b string) int {
		return cmp.Or(cmp.Compare(m[b], m[a]), strings.Compare(a, b))
	})
}
