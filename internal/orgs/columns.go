package orgs

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/suggest"
	"github.com/accesspack/accesspack/internal/table"
)

// Field names: the practice field table's keys (internal/practice.Fields) of the values
// this package reads itself, and the Postcode column, which only the practices list has.
const (
	fieldName          = "name"
	fieldODS           = "ods_code"
	fieldAddress       = "address"
	fieldPostcode      = "postcode"
	fieldPhone         = "phone"
	fieldEmail         = "email"
	fieldWebsite       = "website"
	fieldInfoURL       = "info_url"
	fieldSignatoryName = "signatory.name"
	fieldSignatoryRole = "signatory.role"
	fieldICBName       = "icb.name"
	fieldICBAddress    = "icb.address"
	fieldICBContact    = "icb.contact"
	fieldICBEmail      = "icb.email"
	fieldEMISName      = "emis.name"
	fieldEMISAddress   = "emis.address"
	fieldEMISContact   = "emis.contact"
	fieldEMISEmail     = "emis.email"
	fieldEMISReference = "emis.reference"
	fieldEMISConfirmBy = "emis.confirm_by"
	fieldEMISTold      = "emis.told"
	fieldPathway       = "pathway"
	fieldGoLive        = "go_live"
	fieldLetterDate    = "letter_date"
	fieldReplyBy       = "reply_by"
	fieldBulk104       = "bulk_104"
	fieldDPIADate      = "dpia.date"
	fieldDPIAConcerns  = "dpia.concerns"
	fieldDPIAReview    = "dpia.review_date"
)

// field is one column of the practices list. headers[0] is the header the help and
// messages use; any header is matched ignoring case, spaces and punctuation, and so is
// the practice file's key (ods_code, icb.name).
type field struct {
	name    string
	headers []string
	about   string
}

// fields lists the columns in the order the help shows them: the practice field table's
// fields that have Columns, in its order, with Postcode after Address.
var fields = columnsFrom(practice.Fields())

// postcodeColumn lets a list keep the practice's postcode in a column of its own.
var postcodeColumn = field{fieldPostcode, []string{"Postcode", "Practice Postcode", "Post Code"},
	"added as the address's last line, unless Address already has it"}

func columnsFrom(table []practice.Field) []field {
	var out []field
	for _, f := range table {
		if len(f.Columns) == 0 {
			continue
		}
		out = append(out, field{f.Key, f.Columns, f.ColumnHelp})
		if f.Key == fieldAddress {
			out = append(out, postcodeColumn)
		}
	}
	return out
}

var fieldByName, fieldByHeader = func() (map[string]*field, map[string]*field) {
	byName, byHeader := map[string]*field{}, map[string]*field{}
	for i := range fields {
		f := &fields[i]
		byName[f.name] = f
		byHeader[normalise(f.name)] = f
		for _, h := range f.headers {
			byHeader[normalise(h)] = f
		}
	}
	return byName, byHeader
}()

// Header returns the header the help and messages use for a field name.
func header(name string) string {
	if f := fieldByName[name]; f != nil {
		return f.headers[0]
	}
	return name
}

// normalise lowercases h and keeps only its letters and digits: "Go-live date" → "golivedate".
func normalise(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// columns says which column holds each field.
type columns struct {
	index    map[string]int // field name → column
	ignored  []string       // headers not recognised
	repeated []string       // headers of a field already found to their left
}

func matchColumns(header []string) columns {
	c := columns{index: map[string]int{}}
	for i, h := range header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		f := fieldByHeader[normalise(h)]
		switch {
		case f == nil:
			c.ignored = append(c.ignored, strings.TrimSpace(h))
		case hasIndex(c.index, f.name):
			c.repeated = append(c.repeated, strings.TrimSpace(h))
		default:
			c.index[f.name] = i
		}
	}
	return c
}

func hasIndex(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// knownHeaders lists every accepted header, for "did you mean" hints.
func knownHeaders() []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.headers...)
	}
	return out
}

// suggestHeader finds the accepted header nearest to an unknown one, or "".
func suggestHeader(h string) string { return suggest.Nearest(h, knownHeaders()) }

// nearestHeader finds the cell of header closest to one of field's headers.
func nearestHeader(name string, header []string) string {
	f := fieldByName[name]
	for _, want := range f.headers {
		var cells []string
		for _, h := range header {
			if strings.TrimSpace(h) != "" && fieldByHeader[normalise(h)] == nil {
				cells = append(cells, strings.TrimSpace(h))
			}
		}
		if s := suggest.Nearest(want, cells); s != "" {
			return s
		}
	}
	return ""
}

// splitLines splits an address cell on line breaks or, when it has none, on commas.
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r", "\n")
	sep := ","
	if strings.Contains(s, "\n") {
		sep = "\n"
	}
	return nonBlank(strings.Split(s, sep))
}

// splitConcerns splits a DPIA concerns cell on ";" or line breaks.
func splitConcerns(s string) []string {
	return nonBlank(strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }))
}

func nonBlank(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// cellDate reads a date cell of type k: any form table.ParseDate reads, or a workbook's
// date serial. A date that can only be month-first is refused, never guessed. Practices
// lists hold no patient data, so the message quotes the cell.
func cellDate(s string, k table.Kind, date1904 bool) (civil.Date, error) {
	d, v := table.CellDate(s, k, date1904)
	switch v {
	case table.DateOK:
		return d, nil
	case table.DateUSStyle:
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' || r == ' ' })
		if len(parts) >= 3 {
			y := parts[2]
			if len(y) > 4 {
				y = y[:4]
			}
			return civil.Date{}, fmt.Errorf("%q looks like a US-style date (month first); write it day first, as %s/%s/%s, or as %s-%s-%s",
				s, pad2(parts[1]), pad2(parts[0]), y, y, pad2(parts[0]), pad2(parts[1]))
		}
		return civil.Date{}, fmt.Errorf("%q looks like a US-style date (month first); write it day first", s)
	}
	return civil.Date{}, fmt.Errorf("%q is not a date; write it as 01/12/2026 or 2026-12-01", s)
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// parseYesNo reads a yes/no cell (table.YesNo); blank is no.
func parseYesNo(s string) (bool, error) {
	v, ok := table.YesNo(strings.TrimSpace(s))
	if !ok {
		return false, fmt.Errorf("%q is not yes or no", strings.TrimSpace(s))
	}
	return v, nil
}

// Column describes one column of the practices list, for help text.
type Column struct {
	Header string // the usual header
	Also   []string
	About  string
}

// Columns lists the columns the practices list may have, in the order of the practice file.
func Columns() []Column {
	out := make([]Column, len(fields))
	for i, f := range fields {
		out[i] = Column{Header: f.headers[0], Also: append([]string(nil), f.headers[1:]...), About: f.about}
	}
	return out
}
