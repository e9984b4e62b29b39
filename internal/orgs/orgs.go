// Package orgs makes the letters to organisations (docs/pathways.md: the commissioner letter, the
// EMIS deferral notice and the bulk-date request) for many practices at once, for ICB and
// LMC teams: `accesspack organisations`.
//
// The practices come from a list, CSV or XLSX, with one row per practice and one column
// per practice-file value (see Columns). Read turns each row into a practice.Practice and
// notes the cells it could not read; Build checks each practice for its letter, renders
// the letters it can into PDFs in memory and says, row by row, what was made or why not;
// Write puts the PDFs and summary.xlsx into the output folder atomically. A bad row never
// stops the others: it is reported with its row number (header row 1, as a spreadsheet
// shows it). Practice lists hold no patient data, so messages may name the practice.
package orgs

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/guard"
	"github.com/accesspack/accesspack/internal/pdf"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/table"
	"github.com/accesspack/accesspack/letters"
)

// List is a practices file as read.
type List struct {
	File      string
	Format    string // "csv" or "xlsx"
	Sheet     string // XLSX only: the sheet read
	HeaderRow int
	Rows      []Row
	// Warnings are about the file as a whole: columns not used, a column given twice.
	Warnings []string
}

// Row is one practice as read from the list.
type Row struct {
	Number   int // the row number a spreadsheet shows (the header is usually row 1)
	Practice practice.Practice
	// Pathway is the Pathway cell as written; Practice.Pathway holds it only when it
	// names a pathway.
	Pathway string
	// Problems are cells that could not be read (a date that is not a date, an unknown
	// pathway); the field they were meant for is left empty.
	Problems []Problem
}

// Problem is something wrong with one value of a row.
type Problem struct {
	Field string // a field name, e.g. "icb.address"; "" for the row as a whole
	Text  string
}

// String reads "ICB Address: missing: …", naming the column by its usual header.
func (p Problem) String() string {
	if p.Field == "" {
		return p.Text
	}
	return columnName(p.Field) + ": " + p.Text
}

// columnName names a field, or a practice-file table (icb, emis, dpia), by its columns.
func columnName(key string) string {
	switch key {
	case "icb", "emis", "dpia":
		return header(key+".name") + " and " + header(key+".address")
	}
	if fieldByName[key] != nil {
		return header(key)
	}
	return key
}

// ReadFile reads the practices list at path (CSV or XLSX). It refuses a path that is not a
// regular file and a file too large to be a list.
func ReadFile(path string) (*List, error) {
	t, err := readTable(table.ReadFile(path, tableOptions))
	if err != nil {
		return nil, err
	}
	return read(t)
}

// Read reads a practices list held in b; name is used in messages and to tell formats
// apart. A file that cannot be used at all is a *FileError: not CSV or XLSX, damaged, no
// rows, or no Practice Name or ODS Code column.
func Read(b []byte, name string) (*List, error) {
	t, err := readTable(table.Open(b, name, tableOptions))
	if err != nil {
		return nil, err
	}
	return read(t)
}

func read(t *table.Table) (*List, error) {
	l := &List{File: t.File, Format: t.Format, Sheet: t.Sheet, HeaderRow: t.HeaderRow, Warnings: t.Notes}
	cols := matchColumns(t.Header)
	for _, h := range cols.ignored {
		w := fmt.Sprintf("column %q is not used", h)
		if s := suggestHeader(h); s != "" {
			w += fmt.Sprintf(" (did you mean %q?)", s)
		}
		l.Warnings = append(l.Warnings, w)
	}
	for _, h := range cols.repeated {
		l.Warnings = append(l.Warnings, fmt.Sprintf("column %q repeats a column to its left and is not used", h))
	}
	for t.Next() {
		l.Rows = append(l.Rows, readRow(t.Row(), cols, t.Date1904))
	}
	if err := t.Err(); err != nil {
		return nil, err
	}
	if len(l.Rows) == 0 {
		return nil, noPractices(t)
	}
	return l, nil
}

// readRow builds one practice from a row's cells.
func readRow(r *table.Row, cols columns, date1904 bool) Row {
	row := Row{Number: r.Number, Practice: practice.Practice{Window: practice.DefaultWindow}}
	p := &row.Practice
	cell := func(field string) string {
		i, ok := cols.index[field]
		if !ok || i >= len(r.Cells) {
			return ""
		}
		return strings.TrimSpace(r.Cells[i])
	}
	text := func(field string) string { return strings.Join(strings.Fields(cell(field)), " ") }
	problem := func(field string, err error) {
		row.Problems = append(row.Problems, Problem{Field: field, Text: err.Error()})
	}
	if r.Hidden {
		row.Problems = append(row.Problems, Problem{Text: table.ReasonHidden + ": unhide it (or clear the filter) to write its letter"})
	}
	if r.LongCell >= 0 {
		row.Problems = append(row.Problems, Problem{Text: table.ReasonLongCell})
	}
	if r.Shifted {
		// A comma too many or too few: cells may be in the wrong columns.
		row.Problems = append(row.Problems, Problem{Text: table.ReasonShifted + " (it has a different number of cells from the header row)"})
	}
	date := func(field string) civil.Date {
		s := cell(field)
		if s == "" {
			return civil.Date{}
		}
		d, err := cellDate(s, r.Kind(cols.index[field]), date1904)
		if err != nil {
			problem(field, err)
		}
		return d
	}

	p.Name = text(fieldName)
	p.ODS = strings.ToUpper(strings.ReplaceAll(text(fieldODS), " ", ""))
	p.Address = splitLines(cell(fieldAddress))
	if pc := text(fieldPostcode); pc != "" && !containsFold(p.Address, pc) {
		p.Address = append(p.Address, strings.ToUpper(pc))
	}
	p.Phone = text(fieldPhone)
	p.Email = text(fieldEmail)
	p.Website = text(fieldWebsite)
	p.InfoURL = text(fieldInfoURL)
	p.Signatory = practice.Person{Name: text(fieldSignatoryName), Role: text(fieldSignatoryRole)}
	p.ICB = practice.Organisation{Name: text(fieldICBName), Address: splitLines(cell(fieldICBAddress)),
		Contact: text(fieldICBContact), Email: text(fieldICBEmail)}
	p.EMIS = practice.Organisation{Name: text(fieldEMISName), Address: splitLines(cell(fieldEMISAddress)),
		Contact: text(fieldEMISContact), Email: text(fieldEMISEmail)}
	p.EMISReference = text(fieldEMISReference)
	p.EMISConfirmBy = date(fieldEMISConfirmBy)
	p.EMISTold = date(fieldEMISTold)
	row.Pathway = text(fieldPathway)
	if s := row.Pathway; s != "" {
		pw, err := rules.ParsePathway(s)
		if err != nil {
			var ue *rules.UnknownPathwayError
			msg := fmt.Sprintf("%q is not a pathway (the pathways are %s)", s, pathwayList())
			if errors.As(err, &ue) && ue.Suggestion != "" {
				msg = fmt.Sprintf("%q is not a pathway: did you mean %s?", s, ue.Suggestion)
			}
			problem(fieldPathway, errors.New(msg))
		}
		p.Pathway = string(pw)
	}
	p.GoLive = date(fieldGoLive)
	p.LetterDate = date(fieldLetterDate)
	p.ReplyBy = date(fieldReplyBy)
	b, err := parseYesNo(cell(fieldBulk104))
	if err != nil {
		problem(fieldBulk104, err)
	}
	p.Bulk104 = b
	p.DPIA = practice.DPIA{Date: date(fieldDPIADate), Concerns: splitConcerns(cell(fieldDPIAConcerns)),
		ReviewDate: date(fieldDPIAReview)}
	return row
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.ReplaceAll(x, " ", ""), strings.ReplaceAll(s, " ", "")) {
			return true
		}
	}
	return false
}

func pathwayList() string {
	var names []string
	for _, p := range rules.Pathways {
		names = append(names, string(p))
	}
	return strings.Join(names, ", ")
}

// Status says what became of a row.
type Status string

const (
	Written    Status = "written"     // its letter is in the output folder
	NotWritten Status = "not written" // a problem in the row; see Problems
	NoLetter   Status = "no letter"   // its pathway has no letter to an organisation
)

// Options control Build.
type Options struct {
	Templates *letters.Set
	// Kind, when set, is the letter written for every row, whatever its pathway; the
	// row is checked and the letter worded as for the pathway that sends that kind.
	Kind rules.Kind
}

// Item is the outcome for one row: one line of the summary.
type Item struct {
	Row        int
	ODS, Name  string
	Pathway    string // as written in the list
	Kind       rules.Kind
	File       string // the PDF's name in the output folder, when Written
	Status     Status
	Problems   []string // why it was not written, or why there is no letter
	Warnings   []string // written, but something is missing or odd
	LetterDate civil.Date
	Pages      int // of the letter, when Written

	// for render: the practice as checked, and the pathway its letter is worded for
	practice practice.Practice
	pathway  rules.Pathway
	pdf      []byte
}

// Label names the row for a message: "row 4 (B86004 Oakfield Surgery)".
func (it *Item) Label() string {
	who := strings.TrimSpace(it.ODS + " " + it.Name)
	if who == "" {
		return fmt.Sprintf("row %d", it.Row)
	}
	return fmt.Sprintf("row %d (%s)", it.Row, who)
}

// Result is every row's outcome, in row order.
type Result struct {
	File  string
	Items []Item
}

// Count returns how many items have status s.
func (r *Result) Count(s Status) int {
	n := 0
	for i := range r.Items {
		if r.Items[i].Status == s {
			n++
		}
	}
	return n
}

// PathwayFor returns the pathway whose organisation letter is kind, or "".
func PathwayFor(kind rules.Kind) rules.Pathway {
	for _, p := range rules.Pathways {
		if rules.OrganisationLetter(p) == kind {
			return p
		}
	}
	return ""
}

// Build checks every row, renders the letters of the good ones into PDFs (in memory, in
// parallel) and returns every row's outcome. Its error is for a failure that is not any
// row's fault (no templates, an unknown Kind).
func Build(l *List, o Options) (*Result, error) {
	if o.Templates == nil {
		return nil, errors.New("orgs: no templates")
	}
	if o.Kind != "" && PathwayFor(o.Kind) == "" {
		return nil, fmt.Errorf("orgs: %q is not a letter to an organisation", o.Kind)
	}
	res := &Result{File: l.File, Items: make([]Item, len(l.Rows))}
	files := map[string]int{} // file → row that has it
	for i := range l.Rows {
		it := &res.Items[i]
		check(it, &l.Rows[i], o.Kind)
		if it.Status != Written {
			continue
		}
		if first, ok := files[it.File]; ok {
			it.Status, it.File = NotWritten, ""
			it.Problems = append(it.Problems, Problem{fieldODS, fmt.Sprintf("%s is also on row %d, which gets the %s; only one letter per practice is written", it.ODS, first, it.Kind)}.String())
			continue
		}
		files[it.File] = it.Row
	}

	var wg sync.WaitGroup
	var panicked atomic.Bool
	work := make(chan *Item)
	for range max(1, min(runtime.GOMAXPROCS(0), 8)) {
		wg.Go(func() {
			for it := range work {
				if renderGuarded(it, o.Templates) != nil {
					panicked.Store(true)
				}
			}
		})
	}
	for i := range res.Items {
		if res.Items[i].Status == Written {
			work <- &res.Items[i]
		}
	}
	close(work)
	wg.Wait()
	if panicked.Load() {
		return nil, guard.ErrPanic
	}
	return res, nil
}

// renderGuarded is render, with a panic (a bug) turned into guard.ErrPanic: a panic
// on a worker goroutine would otherwise end the program printing its value.
func renderGuarded(it *Item, set *letters.Set) (err error) {
	defer guard.Recover(&err)
	renderItem(it, set)
	return nil
}

// renderItem is render; a test replaces it to make a worker panic.
var renderItem = render

// check fills in it from row: the letter, the file name, and any problems that stop it.
func check(it *Item, row *Row, forced rules.Kind) {
	p := row.Practice
	it.Row, it.ODS, it.Name, it.Pathway = row.Number, p.ODS, p.Name, row.Pathway
	it.LetterDate = p.LetterDate
	bad := map[string]bool{}
	for _, pr := range row.Problems {
		it.Problems = append(it.Problems, pr.String())
		bad[pr.Field] = true
	}
	it.Status = NotWritten
	pw := rules.Pathway(p.Pathway)
	switch {
	case forced != "":
		it.Kind, pw = forced, PathwayFor(forced)
	case p.Pathway == "" && !bad[fieldPathway]:
		it.Problems = append(it.Problems, Problem{fieldPathway, "missing: the pathway decides which letter the practice gets (" + pathwayList() + ")"}.String())
	case p.Pathway != "":
		it.Kind = rules.OrganisationLetter(pw)
		if it.Kind == "" {
			it.Status = NoLetter
			it.Problems = []string{fmt.Sprintf("pathway %s has no organisation letter", pw)}
			return
		}
	}
	p.Pathway = string(pw)
	for _, e := range p.Problems(practice.NeedOrganisationLetters) {
		if e.Key == fieldPathway || bad[e.Key] || bad[parentKey(e.Key)] {
			continue // already reported as the cell that could not be read
		}
		it.Problems = append(it.Problems, Problem{e.Key, e.Problem}.String())
	}
	for _, e := range p.Warnings(practice.NeedOrganisationLetters) {
		if !bad[e.Key] {
			it.Warnings = append(it.Warnings, Problem{e.Key, e.Problem}.String())
		}
	}
	if forced != "" && row.Practice.Pathway != "" && rules.OrganisationLetter(rules.Pathway(row.Practice.Pathway)) != forced {
		it.Warnings = append(it.Warnings, fmt.Sprintf("pathway %s does not send the %s; written because of --kind", row.Practice.Pathway, forced))
	}
	if len(it.Problems) > 0 {
		return
	}
	it.Status = Written
	it.File = FileName(p.ODS, it.Kind)
	it.practice, it.pathway = p, pw
}

func parentKey(k string) string {
	if i := strings.IndexByte(k, '.'); i > 0 {
		return k[:i]
	}
	return k
}

// FileName is the PDF's name for a practice and kind: "B86001-commissioner-letter.pdf".
// Check has made sure the ODS code is a letter and five digits; anything else is made
// safe all the same.
func FileName(ods string, kind rules.Kind) string {
	safe := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, ods)
	return safe + "-" + string(kind) + ".pdf"
}

// writing serialises pdf.Doc.WriteTo across the render goroutines.
var writing sync.Mutex

// render makes the item's letter and PDF, or turns it into NotWritten with the reason.
func render(it *Item, set *letters.Set) {
	fail := func(p Problem) {
		it.Status, it.File = NotWritten, ""
		it.Problems = append(it.Problems, p.String())
	}
	p := &it.practice
	l, err := set.Organisation(it.Kind, p, it.pathway, nil)
	if err != nil {
		fail(templateProblem(it.Kind, err))
		return
	}
	doc := pdf.New(pdf.Options{Window: p.Window, Created: p.LetterDate.Time(), Title: string(it.Kind) + " " + p.ODS})
	_, pages, err := doc.Add(l)
	if err != nil {
		fail(pdfProblem(it.Kind, err))
		return
	}
	var b bytes.Buffer
	// gofpdf pads font tables it shares between documents as it writes the subset font
	// (utf8FontFile.generateChecksum appends to them), so one document is written at a time.
	writing.Lock()
	_, err = doc.WriteTo(&b)
	writing.Unlock()
	if err != nil {
		fail(Problem{Text: "the PDF could not be made: " + err.Error()})
		return
	}
	it.pdf, it.Pages = b.Bytes(), pages
}

// templateFields maps a template field to the field (column) that fills it.
var templateFields = map[string]string{
	"practice name": fieldName, "practice address": fieldAddress, "practice phone": fieldPhone,
	"practice email": fieldEmail, "practice website": fieldWebsite, "ods code": fieldODS,
	"info url": fieldInfoURL, "signatory name": fieldSignatoryName, "signatory role": fieldSignatoryRole,
	"letter date": fieldLetterDate, "go-live date": fieldGoLive, "booked date": fieldGoLive,
	"reply-by date": fieldReplyBy, "icb name": fieldICBName, "icb contact": fieldICBContact,
	"emis name": fieldEMISName, "emis contact": fieldEMISContact, "dpia date": fieldDPIADate,
	"dpia concerns": fieldDPIAConcerns,
}

var missingField = regexp.MustCompile(`^\{([^}]+)\} has no value`)

// templateProblem turns a template's "{practice phone} has no value" into the column to fill.
func templateProblem(kind rules.Kind, err error) Problem {
	var tp letters.Problem
	if errors.As(err, &tp) {
		if m := missingField.FindStringSubmatch(tp.Msg); m != nil {
			if f, ok := templateFields[m[1]]; ok {
				return Problem{f, fmt.Sprintf("missing: the %s uses it ({%s} at %s line %d)", kind, m[1], tp.File, tp.Line)}
			}
		}
	}
	return Problem{Text: fmt.Sprintf("the %s could not be made: %v", kind, err)}
}

// pdfProblem explains why a letter could not be drawn.
func pdfProblem(kind rules.Kind, err error) Problem {
	var me *pdf.MissingError
	if errors.As(err, &me) {
		return Problem{Text: fmt.Sprintf("the %s has %d character(s) the letter font cannot print; check the row for symbols or non-Latin letters", kind, len(me.Runes))}
	}
	msg := strings.TrimPrefix(err.Error(), "pdf: ")
	if strings.Contains(msg, "address") && !strings.Contains(msg, "window (") {
		to := "icb" // the addressee's contact, name and address lines
		if kind == rules.EMISDeferralNotice {
			to = "emis"
		}
		return Problem{to, msg}
	}
	if strings.Contains(msg, "letterhead") {
		return Problem{fieldAddress, msg}
	}
	return Problem{Text: fmt.Sprintf("the %s could not be drawn: %s", kind, msg)}
}
