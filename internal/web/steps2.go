package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/accesspack/accesspack/internal/app"
	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/pack"
	"github.com/accesspack/accesspack/internal/pdf"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
)

// ---- What will be sent ------------------------------------------------------------------

type attentionRow struct {
	Row    int
	NHS    string // masked: *** *** 3456
	Reason string
}

type sentData struct {
	Table             *rules.Table
	C                 rules.Counts
	Letters           []countLine
	Enclosures        []countLine
	Actions           []countLine
	NotSent           []countLine
	Warnings          []countLine
	States            []countLine
	Chart             chart
	Attention         []attentionRow
	AttentionMore     int
	DataProblems      int
	FirstProblemRow   int
	Strict            bool
	RequestsRegisterN int
	Ways              ways
	// Advice is what the practice must do besides the letters and actions (rules.Advise),
	// as check and the Summary's "To do" lines say it.
	Advice []string
}

// ways is how the letters would go (by post or text message) and what that would cost,
// from app.Check's channel preview, as check prints it.
type ways struct {
	Mode        string // channel.Mode.About
	Texting     bool   // some go by text message
	Kinds       []wayLine
	Cost        []costLine
	Defaults    bool   // a price is a built-in estimate
	Approximate bool   // sheets counted from one letter of each kind
	Alternative string // what texting would change, with letters only
}

type wayLine struct {
	Kind           string
	Posted, Texted int
}

type costLine struct{ Item, Amount string }

func newWays(rep *app.CheckReport) ways {
	p := rep.Channels
	if p == nil {
		return ways{}
	}
	w := ways{Mode: p.Mode.About(), Texting: p.Mode != channel.Letter, Approximate: p.Estimate.Approximate,
		Defaults: p.Estimate.UsesDefaults()}
	for _, k := range rules.PatientKinds {
		if p.Posted[k] > 0 || p.Texted[k] > 0 {
			w.Kinds = append(w.Kinds, wayLine{Kind: string(k), Posted: p.Posted[k], Texted: p.Texted[k]})
		}
	}
	e := p.Estimate
	for _, l := range e.Lines() {
		w.Cost = append(w.Cost, costLine{l.Item, l.Describe()})
	}
	w.Cost = append(w.Cost, costLine{"letters", channel.Pounds(e.LetterPence())})
	if e.Fragments > 0 {
		w.Cost = append(w.Cost, costLine{"text messages", channel.Pounds(e.MessagePence())})
	}
	w.Cost = append(w.Cost, costLine{"total", channel.Pounds(e.TotalPence())})
	if alt := rep.Texting; alt != nil && alt.Estimate.Messages > 0 {
		w.Alternative = fmt.Sprintf("With text messages where the patient can be texted, %s of these letters would be text messages instead: "+
			"%s in all (estimate), about %s less.", groupThousands(alt.Estimate.Messages), channel.Pounds(alt.Estimate.TotalPence()),
			channel.Pounds(e.TotalPence()-alt.Estimate.TotalPence()))
	}
	return w
}

// maxAttention is how many rows needing attention the page lists; the mailing list has
// them all.
const maxAttention = 500

// ready checks the journey can be dry-run: the practice, a valid situation and the list.
// It returns the page to send the user to when not. Call with j.mu held.
func ready(j *journey) string {
	if page := firstMissing(j); page != "" {
		return page
	}
	if _, err := j.options(); err != nil {
		return "situation"
	}
	if len(j.effective().Problems(practice.NeedRules)) > 0 {
		return "situation"
	}
	return ""
}

// sentData is app.Check's report as the page shows it. Call with j.mu held.
func (s *Server) sentData(ctx context.Context, j *journey) (*sentData, error) {
	rep, err := j.report(ctx)
	if err != nil {
		return nil, err
	}
	if rep.Counts == nil {
		return nil, errors.New("no pathway chosen")
	}
	ds, c := rep.Decisions, *rep.Counts
	d := &sentData{Table: rules.TableFor(c.Options.Pathway), C: c, Strict: j.strict, Advice: rules.Advise(c.Options, &c),
		Letters: letterLines(&c), Actions: actionLines(&c)}
	for _, k := range slices.Sorted(maps.Keys(c.Enclosures)) {
		d.Enclosures = append(d.Enclosures, countLine{Label: strings.TrimSuffix(string(k), "-form") + " forms enclosed", N: c.Enclosures[k]})
	}
	for _, r := range c.NotSentReasons() {
		d.NotSent = append(d.NotSent, countLine{Label: r, N: c.NotSent[r]})
	}
	for _, wn := range c.WarningTexts() {
		d.Warnings = append(d.Warnings, countLine{Label: wn, N: c.Warnings[wn]})
	}
	for _, st := range rules.CodeStates {
		d.States = append(d.States, countLine{Label: rules.StateLabel(st), N: c.States[st]})
	}
	d.RequestsRegisterN = c.Letters[rules.RequestAccess]
	d.DataProblems, d.FirstProblemRow = rules.DataProblems(ds)
	for i := range ds {
		dc := &ds[i]
		var reasons []string
		if rules.IsDataProblem(dc) {
			reasons = append(reasons, dc.NotSent)
		} else if slices.Contains(dc.Actions, rules.Review) && dc.NotSent != "" {
			reasons = append(reasons, dc.NotSent)
		}
		reasons = append(reasons, dc.Warnings...)
		if len(reasons) == 0 {
			continue
		}
		if len(d.Attention) >= maxAttention {
			d.AttentionMore++
			continue
		}
		d.Attention = append(d.Attention, attentionRow{Row: dc.Row, NHS: dc.Patient.MaskedNHS(), Reason: strings.Join(reasons, "; ")})
	}
	d.Chart = newChart(c)
	d.Ways = newWays(rep)
	return d, nil
}

// letterLines are the letters of each patient kind, with how many are in large print.
func letterLines(c *rules.Counts) []countLine {
	var out []countLine
	for _, k := range rules.PatientKinds {
		l := countLine{Label: string(k), N: c.Letters[k]}
		if lp := c.LargePrint[k]; lp > 0 {
			l.Note = groupThousands(lp) + " in large print"
		}
		out = append(out, l)
	}
	return out
}

// actionLines are the patients of each EMIS action.
func actionLines(c *rules.Counts) []countLine {
	var out []countLine
	for _, a := range rules.Actions {
		out = append(out, countLine{Label: string(a), N: c.Actions[a]})
	}
	return out
}

// none is a line with nothing to count, which the ready pack's page leaves out.
func none(l countLine) bool { return l.N == 0 }

func (s *Server) sentPage(w http.ResponseWriter, r *http.Request, j *journey) {
	if !s.enter(w, r, j, ready) {
		return
	}
	defer j.mu.Unlock()
	if d := s.countSent(w, r, j); d != nil {
		s.renderSent(w, j, http.StatusOK, d, nil)
	}
}

// countSent is sentData, or nil when it failed, after answering with the error page.
// Call with j.mu held.
func (s *Server) countSent(w http.ResponseWriter, r *http.Request, j *journey) *sentData {
	d, err := s.sentData(r.Context(), j)
	if err != nil {
		s.pages.renderError(w, http.StatusUnprocessableEntity, "accesspack could not count the letters", outcome.Of(err).Msg)
		return nil
	}
	return d
}

func (s *Server) renderSent(w http.ResponseWriter, j *journey, status int, d *sentData, fe *fieldError) {
	v := s.newView(j, "sent", "What will be sent")
	if fe != nil {
		v.Errors = append(v.Errors, *fe)
	}
	v.P = d
	s.pages.render(w, status, "sent", v)
}

// strictError is the refusal --strict makes, for the page.
func strictError(d *sentData) *fieldError {
	if !d.Strict || d.DataProblems == 0 {
		return nil
	}
	return &fieldError{Field: "strict",
		Text: fmt.Sprintf("%s %s data problems (the first is input row %d), and you chose to stop if any row has one",
			groupThousands(d.DataProblems), plural(d.DataProblems, "row has", "rows have"), d.FirstProblemRow),
		Hint: "correct those rows in EMIS and upload the list again, or untick the box to list them on the Not sent sheet"}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (s *Server) sentPost(w http.ResponseWriter, r *http.Request, j *journey) {
	f := s.postedTo(w, r, j, "", ready)
	if f == nil {
		return
	}
	defer j.mu.Unlock()
	strict := f.get("strict") == "yes"
	if strict != j.strict {
		j.strict = strict
		j.changed()
	}
	d := s.countSent(w, r, j)
	if d == nil {
		return
	}
	if fe := strictError(d); fe != nil {
		s.renderSent(w, j, http.StatusUnprocessableEntity, d, fe)
		return
	}
	s.redirect(w, r, j, "preview")
}

// ---- Preview ----------------------------------------------------------------------------

// previewSet is the preview letters for one rev of a journey.
type previewSet struct {
	samples []pack.Sample
	err     error
}

type previewItem struct {
	Href, File, Title, Note string
}

type previewData struct {
	Items       []previewItem
	Calibration string
	Window      practice.Window
	Err         string
}

// previews renders (once per rev) the first letter of each file. Call with j.mu held.
func (s *Server) previews(ctx context.Context, j *journey) *previewSet {
	if j.previews != nil {
		return j.previews
	}
	ps := &previewSet{}
	rep, err := j.report(ctx)
	var cfg pack.Config
	if err == nil {
		cfg, err = j.previewConfig(rep)
	}
	if err == nil {
		ps.samples, err = pack.FirstLetters(cfg)
	}
	ps.err = err
	j.previews = ps
	return ps
}

func (s *Server) previewPage(w http.ResponseWriter, r *http.Request, j *journey) {
	if !s.enter(w, r, j, ready) {
		return
	}
	defer j.mu.Unlock()
	v := s.newView(j, "preview", "Preview")
	ps := s.previews(r.Context(), j)
	p := j.effective()
	d := &previewData{Calibration: "/j/" + j.id + "/preview/calibration.pdf", Window: p.Window}
	if ps.err != nil {
		d.Err = outcome.Of(ps.err).Msg
	}
	var c rules.Counts
	if rep, err := j.report(r.Context()); err == nil && rep.Counts != nil {
		c = *rep.Counts
	}
	for i, sm := range ps.samples {
		it := previewItem{Href: "/j/" + j.id + "/preview/" + strconv.Itoa(i) + "/" + path.Base(sm.File), File: sm.File}
		switch {
		case sm.Row > 0:
			n := c.Letters[sm.Kind] - c.LargePrint[sm.Kind]
			format := ""
			if sm.LargePrint {
				n, format = c.LargePrint[sm.Kind], " in large print"
			}
			it.Title = kindTitle(sm.Kind) + format
			it.Note = fmt.Sprintf("The first of %s %s (input row %d).", groupThousands(n), plural(n, "letter", "letters"), sm.Row)
		case sm.Kind == rules.OptInForm:
			it.Title = "Blank opt-in form"
			it.Note = "For reception and your website."
		default:
			it.Title = kindTitle(sm.Kind)
			it.Note = "Your letter to an organisation."
		}
		d.Items = append(d.Items, it)
	}
	v.P = d
	s.pages.render(w, http.StatusOK, "preview", v)
}

// kindTitle is a letter kind as a heading: "Opt-out notice".
func kindTitle(k rules.Kind) string {
	switch k {
	case rules.OptOutNotice:
		return "Opt-out notice"
	case rules.RequestAccess:
		return "Request access letter"
	case rules.DPIAUpdate:
		return "DPIA update letter"
	case rules.BulkDateRequest:
		return "Request for a new bulk-enablement date"
	case rules.EMISDeferralNotice:
		return "Deferral notice to EMIS"
	case rules.CommissionerLetter:
		return "Letter to the commissioner (ICB)"
	}
	return string(k)
}

func (s *Server) previewFile(w http.ResponseWriter, r *http.Request, j *journey) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if ready(j) != "" {
		http.NotFound(w, r)
		return
	}
	ps := s.previews(r.Context(), j)
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 || n >= len(ps.samples) || path.Base(ps.samples[n].File) != r.PathValue("file") {
		http.NotFound(w, r)
		return
	}
	writePDF(w, ps.samples[n].PDF)
}

func (s *Server) calibrationFile(w http.ResponseWriter, r *http.Request, j *journey) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.practice == nil {
		http.NotFound(w, r)
		return
	}
	var buf bytes.Buffer
	if err := pdf.Calibrate(&buf, j.effective().Window); err != nil {
		s.pages.renderError(w, http.StatusUnprocessableEntity, "The test page could not be made", err.Error())
		return
	}
	writePDF(w, buf.Bytes())
}

func writePDF(w http.ResponseWriter, b []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "inline")
	w.Write(b)
}

// ---- Make the pack ----------------------------------------------------------------------

type makeData struct {
	Dest, Folder string
	Duplex       bool
	Jobs         []jobView
}

func (s *Server) makePage(w http.ResponseWriter, r *http.Request, j *journey) {
	if !s.enter(w, r, j, ready) {
		return
	}
	defer j.mu.Unlock()
	s.renderMake(w, j, http.StatusOK, &makeData{Dest: "zip"}, nil)
}

func (s *Server) renderMake(w http.ResponseWriter, j *journey, status int, d *makeData, errs []fieldError) {
	v := s.newView(j, "make", "Make the pack")
	v.Errors = errs
	v.P = d
	s.pages.render(w, status, "make", v)
}

func (s *Server) makePost(w http.ResponseWriter, r *http.Request, j *journey) {
	f := s.postedTo(w, r, j, "", ready)
	if f == nil {
		return
	}
	defer j.mu.Unlock()
	d := &makeData{Dest: f.get("dest"), Folder: f.get("folder"), Duplex: f.get("duplex") == "yes"}
	var errs []fieldError
	if probs := j.effective().Problems(practice.NeedAll); len(probs) > 0 {
		for _, fe := range practiceProblems(probs, false) {
			fe.Field = ""
			fe.Text = "Your practice: " + fe.Text
			errs = append(errs, fe)
		}
		for _, fe := range practiceProblems(probs, true) {
			fe.Field = ""
			errs = append(errs, fe)
		}
	}
	sd, err := s.sentData(r.Context(), j)
	if err != nil {
		errs = append(errs, errorFor("", err))
	} else if fe := strictError(sd); fe != nil {
		fe.Field = ""
		errs = append(errs, *fe)
	}
	folder := ""
	switch d.Dest {
	case "zip":
	case "folder":
		folder = d.Folder
		switch {
		case folder == "":
			errs = append(errs, fieldError{Field: "folder", Text: "Enter the folder to write the pack to"})
		case !filepath.IsAbs(folder):
			errs = append(errs, fieldError{Field: "folder", Text: "Enter the folder's full path",
				Hint: `for example C:\Users\you\Documents\access-pack (on a Mac: /Users/you/Documents/access-pack)`})
		default:
			folder = filepath.Clean(folder)
		}
	default:
		errs = append(errs, fieldError{Field: "dest-zip", Text: "Choose how you want the pack"})
	}
	if len(errs) > 0 {
		s.renderMake(w, j, http.StatusUnprocessableEntity, d, errs)
		return
	}
	jb, err := s.startJob(j, folder, d.Duplex)
	if err != nil {
		s.renderMake(w, j, http.StatusInternalServerError, d, []fieldError{{Text: "The pack could not be started: " + err.Error()}})
		return
	}
	http.Redirect(w, r, "/j/"+j.id+"/pack/"+jb.id, http.StatusSeeOther)
}

func (j *journey) job(id string) *job {
	for _, jb := range j.jobs {
		if jb.id == id {
			return jb
		}
	}
	return nil
}

type jobData struct {
	J       jobView
	Letters []countLine
	Actions []countLine
	NotSent int
	Files   []pack.File
	Table   *rules.Table
	ZipHref string
	Advice  []string // the pack's To do lines (pack.Result.Advice)
}

func (s *Server) jobPage(w http.ResponseWriter, r *http.Request, j *journey) {
	j.mu.Lock()
	jb := j.job(r.PathValue("job"))
	v := s.newView(j, "make", "Make the pack")
	o, _ := j.options()
	j.mu.Unlock()
	if jb == nil {
		http.NotFound(w, r)
		return
	}
	jv := jb.view()
	d := &jobData{J: jv, Table: rules.TableFor(o.Pathway)}
	switch {
	case !jv.Over:
		v.Title = "Making the pack"
		v.Refresh = true
	case jv.Failure != nil:
		v.Title = "The pack was not made"
		v.Errors = []fieldError{*jv.Failure}
	default:
		v.Title = "Your pack is ready"
		c := &jv.Result.Counts
		d.Letters = slices.DeleteFunc(letterLines(c), none)
		d.Actions = slices.DeleteFunc(actionLines(c), none)
		d.NotSent = c.NotSentRows
		d.Files = jv.Result.Files
		d.Advice = jv.Result.Advice
		if jv.Folder == "" {
			d.ZipHref = "/j/" + j.id + "/pack/" + jv.ID + "/" + jv.ZipName
		}
	}
	v.P = d
	s.pages.render(w, http.StatusOK, "pack", v)
}

func (s *Server) jobDownload(w http.ResponseWriter, r *http.Request, j *journey) {
	j.mu.Lock()
	jb := j.job(r.PathValue("job"))
	j.mu.Unlock()
	if jb == nil {
		http.NotFound(w, r)
		return
	}
	jb.mu.Lock()
	b, name := jb.zip, jb.zipName
	jb.mu.Unlock()
	if len(b) == 0 || r.PathValue("name") != name {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	s.logger.Printf("pack downloaded")
	w.Write(b)
}
