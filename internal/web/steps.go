package web

import (
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"

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

// practiceProblems splits the practice's problems between the practice form
// (forSituation false) and the situation page: a problem belongs to the page that shows
// its field. Each is the field's label and the problem; hints written for the command line
// or the file are left out.
func practiceProblems(errs []*practice.Error, forSituation bool) []fieldError {
	var out []fieldError
	for _, e := range errs {
		switch f := fieldOf(e.Key); {
		case f == nil: // about no one field: it goes on the practice page
			if !forSituation {
				out = append(out, fieldError{Text: e.Error(), Hint: webHint(e.Hint)})
			}
		case isSituationField(f) == forSituation:
			out = append(out, fieldError{Field: fieldID(f.Key), Text: f.Label + ": " + e.Problem, Hint: webHint(e.Hint)})
		}
	}
	return out
}

// fieldOf is the practice field a problem names: by its key, or by the command-line
// option that overrides it.
func fieldOf(key string) *practice.Field {
	if f := practice.Lookup(key); f != nil {
		return f
	}
	return practice.ForFlag(key)
}

// webHint drops a hint written for the command line or the practice file (flags and
// key = value lines), which would mislead on a form.
func webHint(h string) string {
	if strings.Contains(h, "--") || strings.Contains(h, " = ") || strings.Contains(h, "accesspack ") {
		return ""
	}
	return h
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

// The situation page shows the practice fields of the pathway's section of the field
// table: the pathway (as the rules table's six descriptions), then the others (the dates,
// bulk 104, …) as the form generator draws them. Their values override the practice's,
// as the command line's --pathway, --go-live and so on do.

// pathwayField is the practice's pathway; situationSection is the field table's section
// it is in.
var (
	pathwayField     = practice.Lookup("pathway")
	situationSection = pathwayField.Section
)

func isSituationField(f *practice.Field) bool { return f.Section == situationSection }

// situationFields are the section's fields other than the pathway, in table order.
func situationFields() []practice.Field {
	var out []practice.Field
	for _, f := range practice.Fields() {
		if isSituationField(&f) && f.Key != pathwayField.Key {
			out = append(out, f)
		}
	}
	return out
}

// situationOf is p's situation: the pathway and the situation fields' values, by key, as
// Field.String gives them.
func situationOf(p *practice.Practice) map[string]string {
	vals := map[string]string{pathwayField.Key: pathwayField.String(p)}
	for _, f := range situationFields() {
		vals[f.Key] = f.String(p)
	}
	return vals
}

// setSituation sets the situation's values (from situationOf, or the page as saved) over
// p's own. They were read when they were taken: setting them cannot fail.
func setSituation(p *practice.Practice, vals map[string]string) {
	pathwayField.Set(p, vals[pathwayField.Key])
	for _, f := range situationFields() {
		f.Set(p, vals[f.Key])
	}
}

type pathwayOption struct {
	Name, Title, Choose, GoLive string
	Checked                     bool
}

type situationData struct {
	Pathways []pathwayOption
	Fields   []formField
	Warnings []fieldError
}

// situationForm draws the page with the values as Set reads them, by key.
func situationForm(vals map[string]string) *situationData {
	d := &situationData{}
	for _, t := range rules.Tables {
		d.Pathways = append(d.Pathways, pathwayOption{Name: string(t.Pathway), Title: t.Title, Choose: t.Choose,
			GoLive: t.GoLive, Checked: string(t.Pathway) == vals["pathway"]})
	}
	for _, f := range situationFields() {
		d.Fields = append(d.Fields, newFormField(&f, vals[f.Key], false))
	}
	return d
}

func (s *Server) situationPage(w http.ResponseWriter, r *http.Request, j *journey) {
	if !s.enter(w, r, j, needsPractice) {
		return
	}
	defer j.mu.Unlock()
	v := s.newView(j, "situation", "Your situation")
	d := situationForm(j.situationValues())
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
	vals := map[string]string{}
	var errs []fieldError
	if pw := f.get("pathway"); pw != "" {
		p, err := rules.ParsePathway(pw)
		if err != nil {
			errs = append(errs, fieldError{Field: "pathway", Text: "Pathway: " + err.Error()})
		}
		vals["pathway"] = string(p)
	}
	d := situationForm(vals)
	for i := range d.Fields {
		ff := &d.Fields[i]
		probe := *j.practice // a copy: Set only tries the value here
		if text, ok := ff.readInto(f, &probe); ok {
			vals[ff.Key] = text
		}
		if ff.Error != "" {
			errs = append(errs, fieldError{Field: ff.ID, Text: ff.Error})
		}
	}
	if vals["pathway"] == "" && len(errs) == 0 {
		errs = append(errs, fieldError{Field: "pathway", Text: "Choose the pathway that describes your practice"})
	}
	if len(errs) == 0 {
		errs = j.trySituation(vals)
	}
	if len(errs) > 0 {
		v := s.newView(j, "situation", "Your situation")
		v.Errors = errs
		for _, e := range errs {
			for i := range d.Fields {
				if e.Field == d.Fields[i].ID && d.Fields[i].Error == "" {
					d.Fields[i].setError(e.Text)
				}
			}
		}
		v.P = d
		s.pages.render(w, http.StatusUnprocessableEntity, "situation", v)
		return
	}
	j.changed()
	s.logger.Printf("situation: pathway %s", vals["pathway"])
	s.redirect(w, r, j, "list")
}

// trySituation takes vals as the journey's situation if the checks of the command line
// accept them, in the same order: the practice's values for the rules, then the rules'
// own. Otherwise it keeps the situation before and returns the problems. Call with j.mu
// held.
func (j *journey) trySituation(vals map[string]string) []fieldError {
	old := j.sit
	j.sit = vals
	errs := practiceProblems(j.effective().Problems(practice.NeedRules), true)
	if len(errs) == 0 {
		if _, err := j.options(); err != nil {
			errs = append(errs, optionError(err))
		}
	}
	if len(errs) > 0 {
		j.sit = old
	}
	return errs
}

// optionError is a refusal of the rules' options as the page shows it: about the field
// the option comes from, when it names one, else about the pathway.
func optionError(err error) fieldError {
	fe := fieldError{Field: "pathway", Text: err.Error()}
	var oe *rules.OptionError
	if errors.As(err, &oe) {
		if fld := fieldOf(oe.Option); fld != nil {
			fe.Field, fe.Text = fieldID(fld.Key), fld.Label+": "+oe.Problem
		}
		fe.Hint = webHint(oe.Hint)
	}
	return fe
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
