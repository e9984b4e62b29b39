package web

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
)

// ---- Your practice ----------------------------------------------------------------------

type practiceData struct {
	Loaded    bool
	From      string
	P         *practice.Practice
	Problems  []fieldError
	Warnings  []fieldError
	FileError *fieldError
}

// situationKeys are the practice-file keys (and the flags that override them) that the
// Your situation page sets; their problems are shown there, not on Your practice.
var situationKeys = map[string]string{
	"pathway": "pathway", "--pathway": "pathway",
	"go_live": "go-live", "--go-live": "go-live",
	"letter_date": "letter-date", "--letter-date": "letter-date",
	"reply_by": "reply-by",
	"bulk_104": "bulk-104", "--bulk-104": "bulk-104",
}

// practiceProblems splits the practice's problems for everything the pack will need
// between the practice page (forSituation false) and the situation page.
func practiceProblems(errs []*practice.Error, forSituation bool) []fieldError {
	var out []fieldError
	for _, e := range errs {
		field, isSit := situationKeys[e.Key]
		if isSit != forSituation {
			continue
		}
		fe := fieldError{Field: field, Text: e.Error(), Hint: e.Hint}
		if forSituation {
			fe.Text = situationLabel(field) + ": " + e.Problem
			fe.Hint = webHint(e.Hint)
		}
		out = append(out, fe)
	}
	return out
}

// webHint drops a hint written for the command line or the practice file (flags and
// key = value lines), which would mislead on a form.
func webHint(h string) string {
	if strings.Contains(h, "--") || strings.Contains(h, " = ") || strings.Contains(h, "accesspack ") {
		return ""
	}
	return h
}

func situationLabel(field string) string {
	switch field {
	case "pathway":
		return "Pathway"
	case "go-live":
		return "Go-live date"
	case "letter-date":
		return "Letter date"
	case "reply-by":
		return "Reply-by date"
	case "bulk-104":
		return "Bulk 104"
	}
	return field
}

func (s *Server) practicePage(w http.ResponseWriter, r *http.Request, j *journey) {
	j.mu.Lock()
	defer j.mu.Unlock()
	s.renderPractice(w, j, http.StatusOK, nil)
}

func (s *Server) renderPractice(w http.ResponseWriter, j *journey, status int, fileErr *fieldError) {
	v := s.newView(j, "practice", "Your practice")
	d := &practiceData{FileError: fileErr}
	if j.practice != nil {
		p := j.effective()
		d.Loaded, d.From, d.P = true, j.practiceFrom, p
		d.Problems = practiceProblems(p.Problems(practice.NeedAll), false)
		d.Warnings = practiceProblems(p.Warnings(practice.NeedAll), false)
	}
	if fileErr != nil {
		v.Errors = append(v.Errors, *fileErr)
	}
	v.P = d
	s.pages.render(w, status, "practice", v)
}

func (s *Server) practicePost(w http.ResponseWriter, r *http.Request, j *journey) {
	f := s.posted(w, r, j, "practice-file")
	if f == nil {
		return
	}
	defer j.mu.Unlock()
	switch f.get("action") {
	case "sample":
		p, err := practice.Sample()
		if err != nil {
			s.renderPractice(w, j, http.StatusInternalServerError, &fieldError{Text: err.Error()})
			return
		}
		j.setPractice(p, "the built-in sample practice (invented, for trying accesspack out)")
		s.logger.Printf("practice: the built-in sample")
	case "upload":
		if !f.hasFile || len(f.file) == 0 {
			s.renderPractice(w, j, http.StatusUnprocessableEntity, &fieldError{Field: "practice-file",
				Text: "Choose your practice file (practice.toml) to upload"})
			return
		}
		p, err := practice.Parse(f.file, f.fileName)
		if err != nil {
			fe := &fieldError{Field: "practice-file", Text: err.Error()}
			var pe *practice.Error
			if errors.As(err, &pe) {
				fe.Hint = pe.Hint
			}
			s.renderPractice(w, j, http.StatusUnprocessableEntity, fe)
			return
		}
		j.setPractice(p, f.fileName)
		s.logger.Printf("practice: a practice file was loaded")
	case "continue":
		if j.practice == nil {
			s.renderPractice(w, j, http.StatusUnprocessableEntity, &fieldError{Field: "practice-file",
				Text: "Upload your practice file, or choose the sample practice, before you continue"})
			return
		}
		s.redirect(w, r, j, "situation")
		return
	default:
		s.renderPractice(w, j, http.StatusBadRequest, &fieldError{Text: "Choose what to do"})
		return
	}
	s.redirect(w, r, j, "practice")
}

// practiceDownload saves the practice, with the situation chosen, as a practice file to
// load next time (practice.Encode).
func (s *Server) practiceDownload(w http.ResponseWriter, r *http.Request, j *journey) {
	j.mu.Lock()
	p := j.effective()
	j.mu.Unlock()
	if p == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/toml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="practice.toml"`)
	w.Write(practice.Encode(p))
	s.logger.Printf("practice file saved")
}

// ---- Your situation ---------------------------------------------------------------------

type pathwayOption struct {
	Name, Title, Choose, GoLive string
	Bulk104, Checked            bool
}

// dateField is a day / month / year input as typed.
type dateField struct {
	ID, Label, Hint  string
	Day, Month, Year string
	Error            string
}

type situationData struct {
	Pathways                    []pathwayOption
	GoLive, LetterDate, ReplyBy dateField
	Bulk104                     bool
	Bulk104Pathways             string
	Warnings                    []fieldError
}

func newDateField(id, label, hint string, d civil.Date) dateField {
	f := dateField{ID: id, Label: label, Hint: hint}
	if !d.IsZero() {
		f.Day, f.Month, f.Year = strconv.Itoa(d.Day), strconv.Itoa(int(d.Month)), strconv.Itoa(d.Year)
	}
	return f
}

// parse reads the three boxes: all empty is no date; otherwise it must be a real date.
func (f *dateField) parse() civil.Date {
	if f.Day == "" && f.Month == "" && f.Year == "" {
		return civil.Date{}
	}
	d, m, y := atoi(f.Day), atoi(f.Month), atoi(f.Year)
	if d < 1 || m < 1 || m > 12 || y < 1900 || y > 2200 {
		f.Error = f.Label + " must be a real date, for example 15 1 2027"
		return civil.Date{}
	}
	date, err := civil.ParseISO(fmt.Sprintf("%04d-%02d-%02d", y, m, d))
	if err != nil {
		f.Error = f.Label + " must be a real date, for example 15 1 2027"
		return civil.Date{}
	}
	return date
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

func situationForm(sit situation) *situationData {
	d := &situationData{Bulk104: sit.Bulk104,
		GoLive: newDateField("go-live", "Go-live date",
			"The day access is switched on. What it means for each pathway is under the pathway above.", sit.GoLive),
		LetterDate: newDateField("letter-date", "Letter date", "The date printed on the letters.", sit.LetterDate),
		ReplyBy: newDateField("reply-by", "Reply-by date",
			"The date by which patients should tell you if they want to opt out.", sit.ReplyBy),
	}
	var bulk []string
	for _, t := range rules.Tables {
		d.Pathways = append(d.Pathways, pathwayOption{Name: string(t.Pathway), Title: t.Title, Choose: t.Choose,
			GoLive: t.GoLive, Bulk104: t.Bulk104(), Checked: t.Pathway == sit.Pathway})
		if t.Bulk104() {
			bulk = append(bulk, string(t.Pathway))
		}
	}
	d.Bulk104Pathways = strings.Join(bulk, " and ")
	return d
}

func (s *Server) situationPage(w http.ResponseWriter, r *http.Request, j *journey) {
	if !s.enter(w, r, j, needsPractice) {
		return
	}
	defer j.mu.Unlock()
	v := s.newView(j, "situation", "Your situation")
	d := situationForm(j.situationOrDefault())
	if j.sit != nil {
		d.Warnings = practiceProblems(j.effective().Warnings(practice.NeedAll), true)
	}
	v.P = d
	s.pages.render(w, http.StatusOK, "situation", v)
}

func (s *Server) situationPost(w http.ResponseWriter, r *http.Request, j *journey) {
	f := s.postedTo(w, r, j, "", needsPractice)
	if f == nil {
		return
	}
	defer j.mu.Unlock()
	d := situationForm(situation{})
	var sit situation
	var errs []fieldError
	if pw := f.get("pathway"); pw != "" {
		p, err := rules.ParsePathway(pw)
		if err != nil {
			errs = append(errs, fieldError{Field: "pathway", Text: "Pathway: " + err.Error()})
		}
		sit.Pathway = p
	}
	for i := range d.Pathways {
		d.Pathways[i].Checked = d.Pathways[i].Name == string(sit.Pathway)
	}
	dates := []struct {
		f  *dateField
		to *civil.Date
	}{{&d.GoLive, &sit.GoLive}, {&d.LetterDate, &sit.LetterDate}, {&d.ReplyBy, &sit.ReplyBy}}
	for _, x := range dates {
		x.f.Day, x.f.Month, x.f.Year = f.get(x.f.ID+"-day"), f.get(x.f.ID+"-month"), f.get(x.f.ID+"-year")
		*x.to = x.f.parse()
		if x.f.Error != "" {
			errs = append(errs, fieldError{Field: x.f.ID, Text: x.f.Error})
		}
	}
	sit.Bulk104 = f.get("bulk-104") == "yes"
	d.Bulk104 = sit.Bulk104
	if sit.Pathway == "" && len(errs) == 0 {
		errs = append(errs, fieldError{Field: "pathway", Text: "Choose the pathway that describes your practice"})
	}
	if len(errs) == 0 {
		// The same checks as the command line, in the same order: the practice's values
		// for the rules, then the rules' own.
		old := j.sit
		j.sit = &sit
		p := j.effective()
		errs = practiceProblems(p.Problems(practice.NeedRules), true)
		if len(errs) == 0 {
			if _, err := j.options(); err != nil {
				fe := fieldError{Field: "pathway", Text: err.Error()}
				var oe *rules.OptionError
				if errors.As(err, &oe) {
					fe.Field = situationKeys[oe.Option]
					fe.Text = situationLabel(fe.Field) + ": " + oe.Problem
					fe.Hint = webHint(oe.Hint)
				}
				errs = append(errs, fe)
			}
		}
		if len(errs) > 0 {
			j.sit = old
		}
	}
	if len(errs) > 0 {
		v := s.newView(j, "situation", "Your situation")
		v.Errors = errs
		for _, e := range errs {
			for _, x := range dates {
				if e.Field == x.f.ID && x.f.Error == "" {
					x.f.Error = e.Text
				}
			}
		}
		v.P = d
		s.pages.render(w, http.StatusUnprocessableEntity, "situation", v)
		return
	}
	j.changed()
	s.logger.Printf("situation: pathway %s", sit.Pathway)
	s.redirect(w, r, j, "list")
}

// ---- Your patient list ------------------------------------------------------------------

type listData struct {
	Has      bool
	Name     string
	List     *roster.List
	Rows     int
	Problems []countLine
	Warnings []string
	MaxMB    int
}

type countLine struct {
	Label string
	N     int
	Note  string
}

func (s *Server) listPage(w http.ResponseWriter, r *http.Request, j *journey) {
	if !s.enter(w, r, j, needsSituation) {
		return
	}
	defer j.mu.Unlock()
	s.renderList(w, r, j, http.StatusOK, nil)
}

func (s *Server) renderList(w http.ResponseWriter, r *http.Request, j *journey, status int, fe *fieldError) {
	v := s.newView(j, "list", "Your patient list")
	d := &listData{MaxMB: int(s.cfg.MaxUpload >> 20)}
	if fe != nil {
		v.Errors = append(v.Errors, *fe)
	}
	if j.listData != nil {
		rep, err := j.report(r.Context())
		if err != nil {
			v.Errors = append(v.Errors, errorFor("patients", err))
		} else {
			d.Has, d.Name, d.List, d.Rows = true, j.listName, rep.List, len(rep.List.Patients)
			d.Warnings = rep.List.Warnings
			for _, k := range slices.Sorted(maps.Keys(rep.Problems)) {
				d.Problems = append(d.Problems, countLine{Label: k, N: rep.Problems[k]})
			}
		}
	}
	v.P = d
	s.pages.render(w, status, "list", v)
}

// errorFor is an error from internal/app as the page shows it: its message, and its
// hints that make sense on a page (not the command line's options).
func errorFor(field string, err error) fieldError {
	o := outcome.Of(err)
	fe := fieldError{Field: field, Text: o.Msg}
	var hints []string
	for _, h := range o.Hints {
		if h = webHint(h); h != "" {
			hints = append(hints, h)
		}
	}
	fe.Hint = strings.Join(hints, "; ")
	return fe
}

func (s *Server) listPost(w http.ResponseWriter, r *http.Request, j *journey) {
	f := s.postedTo(w, r, j, "patients", needsSituation)
	if f == nil {
		return
	}
	defer j.mu.Unlock()
	if f.get("action") == "continue" {
		if j.listData == nil {
			s.renderList(w, r, j, http.StatusUnprocessableEntity, &fieldError{Field: "patients",
				Text: "Upload your patient list before you continue"})
			return
		}
		s.redirect(w, r, j, "sent")
		return
	}
	if !f.hasFile || len(f.file) == 0 {
		s.renderList(w, r, j, http.StatusUnprocessableEntity, &fieldError{Field: "patients",
			Text: "Choose the patient list exported from EMIS (CSV or XLSX)"})
		return
	}
	name := f.fileName
	if name == "" {
		name = "patients.csv"
	}
	oldData, oldName := j.listData, j.listName
	j.listData, j.listName = f.file, name
	j.changed()
	rep, err := j.report(r.Context())
	if err != nil {
		// The list cannot be used: keep the one before (the form's rev still moved on).
		j.listData, j.listName = oldData, oldName
		s.logger.Printf("patient list refused")
		fe := errorFor("patients", err)
		if outcome.Of(err).Status == outcome.Usage {
			// Not the list: a value of the practice or the situation.
			fe.Field = ""
			fe.Hint = strings.TrimPrefix(fe.Hint+"; ", "; ") + "check Your practice and Your situation"
		}
		s.renderList(w, r, j, http.StatusUnprocessableEntity, &fe)
		return
	}
	s.logger.Printf("patient list read: %d rows", len(rep.List.Patients))
	s.redirect(w, r, j, "list")
}
