package pack

import (
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

// mailing is what the mailing list is made from: the decisions, how each letter goes,
// the rendered letters and the text messages.
type mailing struct {
	ds     []rules.Decision
	routes []route
	jobs   []*job
	groups []*messageGroup
}

// writeMailingList writes mailing-list.xlsx from the decisions and the rendered pages.
func writeMailingList(st *outdir.Staging, cfg Config, m mailing, res *Result) error {
	ds := m.ds
	messages := cfg.Channels.Mode != channel.Letter
	book := &xlsx.Book{Date: cfg.Rules.LetterDate.Time(), HasRequests: cfg.Rules.Pathway == rules.Proceed, HasMessages: messages, TempDir: st.Temp}
	index := make(map[*rules.Decision]int, len(ds))
	for i := range ds {
		index[&ds[i]] = i
	}
	request := func(i int) {
		if !book.HasRequests {
			return
		}
		p := ds[i].Patient
		book.Requests = append(book.Requests, xlsx.RequestRow{
			NHSNumber: p.NHS, EMISNumber: p.EMISNumber, Name: p.FullName(),
			Address: strings.Join(p.Address, ", "), Postcode: p.Postcode,
		})
	}
	// Jobs come kind by kind (standard, then large print), so each kind's rows are
	// consecutive and in the same order as its PDFs.
	for _, j := range m.jobs {
		if len(book.Kinds) == 0 || book.Kinds[len(book.Kinds)-1].Kind != string(j.kind) {
			book.Kinds = append(book.Kinds, xlsx.KindSheet{Kind: string(j.kind)})
		}
		ks := &book.Kinds[len(book.Kinds)-1]
		for _, it := range j.letters {
			row := letterRow(it)
			i := index[it.d]
			row.Channel = m.routes[i].Channel()
			ks.Rows = append(ks.Rows, row)
			if j.kind == rules.RequestAccess {
				request(i)
			}
		}
	}
	// Patients texted instead of written to are in the register too.
	for _, g := range m.groups {
		for _, i := range g.recipients {
			if g.msg.Kind == rules.RequestAccess && !m.routes[i].Letter {
				request(i)
			}
		}
	}
	book.Messages = messageRows(ds, m.routes, m.groups)
	book.Actions = actionRows(ds)
	for i := range ds {
		d := &ds[i]
		if d.NotSent != "" {
			book.NotSent = append(book.NotSent, xlsx.NotSentRow{
				InputRow: d.Row, NHSNumber: d.Patient.NHSGiven, Name: d.Patient.FullName(), Reason: d.NotSent,
			})
		}
	}
	s := sentBy(len(ds), m.jobs, m.groups, index)
	var channels []xlsx.Pair
	if messages {
		channels = channelSummary(cfg, countChannels(ds, m.routes, s), m.groups, res.Estimate)
	}
	book.Summary = summary(cfg, res, channels)
	book.Reconciled = reconciled(cfg, res) && channelsReconciled(ds, m.routes, s)
	res.reconciled = book.Reconciled
	return st.WriteFile("mailing-list.xlsx", func(w io.Writer) error { return xlsx.Write(w, book) })
}

// actionRows is the Actions sheet: one work-list per action, in rules.Actions order, each
// in the order the practice works through it: patients with an online account first (NHS
// England's manual-enablement guide: they are the practice's first job), then by postcode
// as the letters are.
func actionRows(ds []rules.Decision) []xlsx.ActionRow {
	var rows []xlsx.ActionRow
	for _, a := range rules.Actions {
		var list []*rules.Decision
		for i := range ds {
			if slices.Contains(ds[i].Actions, a) {
				list = append(list, &ds[i])
			}
		}
		slices.SortStableFunc(list, func(x, y *rules.Decision) int {
			if x.Patient.OnlineAccount != y.Patient.OnlineAccount {
				if x.Patient.OnlineAccount {
					return -1
				}
				return 1
			}
			return compareRecipients(x.Patient, y.Patient)
		})
		for _, d := range list {
			rows = append(rows, xlsx.ActionRow{
				Action: string(a), NHSNumber: d.Patient.NHS, EMISNumber: d.Patient.EMISNumber,
				Name: d.Patient.FullName(), Detail: d.Detail,
			})
		}
	}
	return rows
}

func letterRow(it *item) xlsx.LetterRow {
	p := it.d.Patient
	r := xlsx.LetterRow{
		NHSNumber: p.NHS, EMISNumber: p.EMISNumber, Title: letters.PrintedTitle(p.Title), Forename: p.Forename, Surname: p.Surname,
		Postcode: p.Postcode, Mobile: p.Mobile, Email: p.Email, Format: "standard",
		PDFFile: it.file, FirstPage: it.firstPage, Pages: it.pages,
		Warnings: strings.Join(it.d.Warnings, "; "),
	}
	if !p.DOB.IsZero() {
		r.DateOfBirth = p.DOB.Time()
	}
	copy(r.Address[:], p.Address)
	if p.LargePrint {
		r.Format = "large print"
	}
	var enc []string
	for _, k := range it.d.Enclosures {
		enc = append(enc, string(k))
	}
	r.Enclosures = strings.Join(enc, ", ")
	return r
}

// reconciled reports whether every input row is in a letter, the actions only, or not
// sent, checked against the rows the input shows too.
func reconciled(cfg Config, res *Result) bool {
	return res.Counts.Reconciled() && res.Counts.Rows == len(cfg.Patients) && res.Counts.Rows == cfg.inputRows()
}

// inputRows is the number of patient rows the input shows.
func (cfg *Config) inputRows() int {
	if cfg.InputRows == 0 {
		return len(cfg.Patients)
	}
	return cfg.InputRows
}

// summary builds the Summary sheet's lines. channels, when the pack sends text
// messages, replaces the letter counts with counts per channel, the messages and the
// cost estimate.
func summary(cfg Config, res *Result, channels []xlsx.Pair) []xlsx.Pair {
	c := res.Counts
	rows := cfg.inputRows()
	s := []xlsx.Pair{
		{Label: "Pathway", Value: string(cfg.Rules.Pathway)},
		{Label: "Practice", Value: cfg.Practice.Name},
		{Label: "Letter date", Value: cfg.Rules.LetterDate.Time()},
	}
	if !cfg.Rules.GoLive.IsZero() {
		label := "Go-live date"
		switch cfg.Rules.Pathway {
		case rules.DeferBooked:
			label = "Booked date (not going ahead)"
		case rules.Batch104AfterLive:
			label = "Went live on"
		}
		s = append(s, xlsx.Pair{Label: label, Value: cfg.Rules.GoLive.Time()})
	}
	if !cfg.Rules.ReplyBy.IsZero() {
		s = append(s, xlsx.Pair{Label: "Reply-by date", Value: cfg.Rules.ReplyBy.Time()})
	}
	if cfg.Rules.Pathway == rules.Batch104AfterLive && !cfg.Rules.SwitchOnDate().IsZero() {
		s = append(s, xlsx.Pair{Label: "Switch-on date", Value: cfg.Rules.SwitchOnDate().Time()})
	}
	s = append(s,
		xlsx.Pair{Label: "Bulk 104 chosen", Value: yesNo(cfg.Rules.Bulk104)},
		xlsx.Pair{Label: "Input file", Value: cfg.InputName},
		xlsx.Pair{Label: "Input rows", Value: rows},
	)
	for _, k := range rules.PatientKinds {
		if n := c.Letters[k]; n > 0 && channels == nil {
			s = append(s, xlsx.Pair{Label: "Letters: " + string(k), Value: n})
			if lp := c.LargePrint[k]; lp > 0 {
				s = append(s, xlsx.Pair{Label: "  of which large print", Value: lp})
			}
		}
	}
	s = append(s, channels...)
	for _, a := range rules.Actions {
		if n := c.Actions[a]; n > 0 {
			s = append(s, xlsx.Pair{Label: "Action: " + string(a), Value: n})
		}
	}
	for _, n := range res.Advice {
		s = append(s, xlsx.Pair{Label: "To do", Value: n})
	}
	for _, r := range slices.Sorted(maps.Keys(c.NotSent)) {
		s = append(s, xlsx.Pair{Label: "Not sent: " + r, Value: c.NotSent[r]})
	}
	for _, w := range slices.Sorted(maps.Keys(c.Warnings)) {
		s = append(s, xlsx.Pair{Label: "Warning: " + w, Value: c.Warnings[w]})
	}
	in := "letters"
	if channels != nil {
		in = "letters or messages" // each patient once per kind, whichever channel
	}
	s = append(s,
		xlsx.Pair{Label: "Rows in " + in, Value: c.InLetters},
		xlsx.Pair{Label: "Rows with actions only", Value: c.ActionsOnly},
		xlsx.Pair{Label: "Rows not sent", Value: c.NotSentRows},
		xlsx.Pair{Label: "Input rows accounted for", Value: fmt.Sprintf("%d = %d in %s + %d actions only + %d not sent", rows, c.InLetters, in, c.ActionsOnly, c.NotSentRows)},
	)
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Manifest is manifest.json (docs/pack.md#manifestjson).
type Manifest struct {
	Tool       string         `json:"tool"`
	Version    string         `json:"version"`
	Pathway    string         `json:"pathway"`
	LetterDate string         `json:"letter_date"`
	GoLive     string         `json:"go_live,omitempty"`
	Bulk104    bool           `json:"bulk_104"`
	Input      ManifestInput  `json:"input"`
	Files      []File         `json:"files"`
	Letters    map[string]int `json:"letters"`
	Actions    map[string]int `json:"actions"`
	NotSent    map[string]int `json:"not_sent"`
	Warnings   map[string]int `json:"warnings"`
	Reconciled bool           `json:"reconciled"`
	// With text messages: the channels chosen, the messages (recipients, length and
	// fragments of each) and the cost estimate.
	Channels string                     `json:"channels,omitempty"`
	Messages map[string]ManifestMessage `json:"messages,omitempty"`
	Cost     *ManifestCost              `json:"cost_estimate,omitempty"`
}

// ManifestMessage describes one text message of the pack.
type ManifestMessage struct {
	Recipients int    `json:"recipients"`
	Encoding   string `json:"encoding"`
	Characters int    `json:"characters"`
	Fragments  int    `json:"fragments"`
}

// ManifestCost is the cost estimate, in pence.
type ManifestCost struct {
	Letters       int     `json:"letters"`
	Sheets        int     `json:"sheets"`
	Messages      int     `json:"messages"`
	Fragments     int     `json:"fragments"`
	LettersPence  float64 `json:"letters_pence"`
	MessagesPence float64 `json:"messages_pence"`
	TotalPence    float64 `json:"total_pence"`
	DefaultPrices bool    `json:"default_prices"`
}

// ManifestInput identifies the patient list the pack was made from.
type ManifestInput struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
}

func writeManifest(st *outdir.Staging, cfg Config, res *Result, groups []*messageGroup) error {
	m := Manifest{
		Tool: "accesspack", Version: cfg.Version, Pathway: string(cfg.Rules.Pathway),
		LetterDate: cfg.Rules.LetterDate.String(), GoLive: cfg.Rules.GoLive.String(), Bulk104: cfg.Rules.Bulk104,
		Input:   ManifestInput{File: cfg.InputName, SHA256: cfg.InputHash, Rows: cfg.inputRows()},
		Files:   res.Files,
		Letters: map[string]int{}, Actions: map[string]int{}, NotSent: map[string]int{},
		Warnings: res.Counts.Warnings, Reconciled: res.reconciled,
	}
	for k, n := range res.Counts.Letters {
		m.Letters[string(k)] = n
	}
	if cfg.Channels.Mode != channel.Letter {
		m.Channels = cfg.Channels.Mode.String()
		m.Letters = map[string]int{}
		for k, n := range res.Posted {
			m.Letters[string(k)] = n
		}
		m.Messages = map[string]ManifestMessage{}
		for _, g := range groups {
			m.Messages[g.msg.Name()] = ManifestMessage{Recipients: len(g.recipients), Encoding: g.msg.Count.Encoding.String(),
				Characters: g.msg.Count.Length, Fragments: g.msg.Count.Fragments}
		}
		e := res.Estimate
		m.Cost = &ManifestCost{Letters: e.Letters, Sheets: e.Sheets, Messages: e.Messages, Fragments: e.Fragments,
			LettersPence: e.LetterPence(), MessagesPence: e.MessagePence(), TotalPence: e.TotalPence(), DefaultPrices: e.UsesDefaults()}
	}
	for a, n := range res.Counts.Actions {
		m.Actions[string(a)] = n
	}
	for r, n := range res.Counts.NotSent {
		m.NotSent[r] = n
	}
	return st.WriteManifest(m)
}
