package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/practice"
)

// The Your practice form is generated from internal/practice's field table: one input per
// field, in the file's sections and order, with the field's label and help, its kind
// deciding the input, and whether it is needed from its requirements. The fields of Your
// situation (the pathway and the dates) have their own page. What the form gives is set
// with Field.Set, which reads it as the practice file would be read, and checked by
// Practice.Problems, as the command line checks a practice file.

// formSection is one section of the form.
type formSection struct {
	Title  string
	Fields []formField
}

// formField is one input of the form, with the value shown in it.
type formField struct {
	ID, Key, Label, Help string
	Input                string // "text", "lines", "date", "number", "yesno" or "choice"
	Unit                 string // after a number: "mm"
	Default              string // a choice's value when none is chosen
	Value                string
	Date                 dateField
	Checked              bool
	Choices              []string
	Optional             bool
	NeededFor            string // the pathways it is needed for, when not all
	Error                string
}

// fieldID is the form's id (and name) for a practice key: "icb.name" is "f-icb-name".
func fieldID(key string) string {
	return "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(key)
}

// formFields lists the fields the form shows: not the situation's, not the column-name
// mapping (which a practice file keeps).
func formFields() []practice.Field {
	var out []practice.Field
	for _, f := range practice.Fields() {
		if isSituationField(&f) || f.Kind == practice.ColumnNames {
			continue
		}
		out = append(out, f)
	}
	return out
}

// practiceForm builds the form showing p's values (nil: a new practice, with defaults).
func practiceForm(p *practice.Practice) []formSection {
	var secs []formSection
	fields := formFields()
	for _, sec := range practice.Sections() {
		fs := formSection{Title: sec.Title}
		for i := range fields {
			f := &fields[i]
			if f.Section != sec.Title {
				continue
			}
			val := ""
			if p != nil {
				val = f.String(p)
			}
			fs.Fields = append(fs.Fields, newFormField(f, val, p == nil))
		}
		if len(fs.Fields) > 0 {
			secs = append(secs, fs)
		}
	}
	return secs
}

// newFormField is the input for field f showing val (as Field.String gives it); fresh is
// a new form, where a field with a default shows it.
func newFormField(f *practice.Field, val string, fresh bool) formField {
	ff := formField{ID: fieldID(f.Key), Key: f.Key, Label: f.Label, Help: f.Help}
	ff.Optional, ff.NeededFor = neededFor(f)
	if f.Default != "" {
		ff.Optional = false // it has a value unless changed
		if f.Kind == practice.Number {
			ff.Help += " Built in: " + f.Default + "."
		}
	}
	if ff.Optional {
		if rest, ok := strings.CutPrefix(ff.Help, "Optional: "); ok {
			ff.Help = strings.ToUpper(rest[:1]) + rest[1:]
		}
	}
	switch f.Kind {
	case practice.Lines:
		ff.Input, ff.Value = "lines", val
	case practice.Date:
		ff.Input = "date"
		d, _ := civil.ParseISO(val) // "" is no date
		hint := ff.Help
		if ff.NeededFor != "" {
			hint += " Needed for " + ff.NeededFor + "."
		}
		label := f.Label
		if ff.Optional {
			label += " (optional)" // as the other inputs' labels say it
		}
		ff.Date = newDateField(ff.ID, label, hint, d)
	case practice.YesNo:
		ff.Input = "yesno"
		ff.Checked = val == "yes" || (fresh && f.Default == "true")
	case practice.Millimetres:
		ff.Input, ff.Unit, ff.Value = "number", "mm", val
		if fresh {
			ff.Value = f.Default
		}
	case practice.Number:
		// A number left at 0 takes its default: the box stays empty, as the file leaves
		// the key out.
		ff.Input = "number"
		if val != "0" {
			ff.Value = val
		}
	case practice.Choice:
		ff.Input, ff.Choices, ff.Default, ff.Value = "choice", f.Choices, f.Default, val
	default:
		ff.Input, ff.Value = "text", val
	}
	return ff
}

// read takes the field's value from a posted form into ff (to show again) and returns it
// as Field.Set reads it; ok is false, with ff.Error set, for a date that is not one.
func (ff *formField) read(f *form) (text string, ok bool) {
	switch ff.Input {
	case "date":
		ff.Date.Day, ff.Date.Month, ff.Date.Year = f.get(ff.ID+"-day"), f.get(ff.ID+"-month"), f.get(ff.ID+"-year")
		d := ff.Date.parse()
		if ff.Date.Error != "" {
			ff.Error = ff.Date.Error
			return "", false
		}
		if d.IsZero() {
			return "", true
		}
		return d.String(), true
	case "yesno":
		ff.Checked = f.get(ff.ID) == "yes"
		if ff.Checked {
			return "yes", true
		}
		return "no", true
	}
	ff.Value = f.values.Get(ff.ID)
	return ff.Value, true
}

// readInto reads the field from a posted form (read) and sets it in p as the practice
// file would be read (Field.Set), marking ff with the problem when Set refuses it. It
// returns what read does.
func (ff *formField) readInto(f *form, p *practice.Practice) (text string, ok bool) {
	text, ok = ff.read(f)
	if ok {
		if err := practice.Lookup(ff.Key).Set(p, text); err != nil {
			ff.setError(ff.Label + ": " + problemText(err))
		}
	}
	return text, ok
}

// setError marks the field, and its date boxes, with an error.
func (ff *formField) setError(text string) {
	ff.Error, ff.Date.Error = text, text
}

// problemText is a practice error's problem without its key (the label says which).
func problemText(err error) string {
	var pe *practice.Error
	if errors.As(err, &pe) {
		return pe.Problem
	}
	return err.Error()
}

// dateField is a day / month / year input as typed.
type dateField struct {
	ID, Label, Hint  string
	Day, Month, Year string
	Error            string
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

// neededFor reads a field's requirements: optional when nothing requires it, and the
// pathways it is needed for when only some do.
func neededFor(f *practice.Field) (optional bool, pathways string) {
	var names []string
	for _, r := range f.Required {
		if r.Warn {
			continue
		}
		if r.Pathways == nil {
			return false, ""
		}
		for _, p := range r.Pathways {
			if !slices.Contains(names, p) {
				names = append(names, p)
			}
		}
	}
	if len(names) == 0 {
		return true, ""
	}
	return false, strings.Join(names, " and ")
}

type practiceFormData struct {
	Sections []formSection
	Headers  int // column names kept from the loaded practice file
}

func (s *Server) practiceFormPage(w http.ResponseWriter, r *http.Request, j *journey) {
	j.mu.Lock()
	defer j.mu.Unlock()
	v := s.newView(j, "practice", "Your practice's details")
	v.Back = "/j/" + j.id + "/practice"
	d := &practiceFormData{Sections: practiceForm(j.practice)}
	if j.practice != nil {
		d.Headers = len(j.practice.Headers)
	}
	v.P = d
	s.pages.render(w, http.StatusOK, "practiceform", v)
}

// practiceFormPost reads the form into a new practice, keeping from the one before the
// situation's values and the column names, which the form does not show.
func (s *Server) practiceFormPost(w http.ResponseWriter, r *http.Request, j *journey) {
	f := s.posted(w, r, j, "")
	if f == nil {
		return
	}
	defer j.mu.Unlock()
	p := &practice.Practice{Window: practice.DefaultWindow}
	if old := j.practice; old != nil {
		setSituation(p, situationOf(old))
		p.Headers = old.Headers
	}
	secs := practiceForm(nil)
	var errs []fieldError
	for si := range secs {
		for fi := range secs[si].Fields {
			ff := &secs[si].Fields[fi]
			ff.readInto(f, p)
			if ff.Error != "" {
				errs = append(errs, fieldError{Field: ff.ID, Text: ff.Error})
			}
		}
	}
	if len(errs) > 0 {
		v := s.newView(j, "practice", "Your practice's details")
		v.Back = "/j/" + j.id + "/practice"
		v.Errors = errs
		v.P = &practiceFormData{Sections: secs, Headers: len(p.Headers)}
		s.pages.render(w, http.StatusUnprocessableEntity, "practiceform", v)
		return
	}
	j.editPractice(p)
	s.logger.Printf("practice: filled in on the form")
	s.redirect(w, r, j, "practice")
}
