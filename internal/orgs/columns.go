package orgs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/suggest"
)

// Field names: one per practice-file value (SPEC §6), named like the practice file's keys.
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
	fieldPathway       = "pathway"
	fieldGoLive        = "go_live"
	fieldLetterDate    = "letter_date"
	fieldReplyBy       = "reply_by"
	fieldBulk104       = "bulk_104"
	fieldDPIADate      = "dpia.date"
	fieldDPIAConcerns  = "dpia.concerns"
)

// field is one column of the practices list. headers[0] is the header the help and
// messages use; any header is matched ignoring case, spaces and punctuation, and so is
// the practice file's key (ods_code, icb.name).
type field struct {
	name    string
	headers []string
	about   string
}

// Fields lists the columns in the order the help shows them.
var fields = []field{
	{fieldName, []string{"Practice Name", "Practice", "Name"}, "required"},
	{fieldODS, []string{"ODS Code", "ODS", "Practice Code", "Org Code", "Organisation Code"}, "required: a letter and five digits, e.g. B86999; names the PDF files"},
	{fieldAddress, []string{"Address", "Practice Address"}, "lines separated by commas or line breaks"},
	{fieldPostcode, []string{"Postcode", "Practice Postcode", "Post Code"}, "added as the address's last line, unless Address already has it"},
	{fieldPhone, []string{"Phone", "Telephone", "Phone Number", "Practice Phone", "Tel"}, ""},
	{fieldEmail, []string{"Email", "E-mail", "Email Address", "Practice Email"}, ""},
	{fieldWebsite, []string{"Website", "Web Site", "Practice Website"}, ""},
	{fieldInfoURL, []string{"Info URL", "Information URL", "Info Link", "Information Resource"}, ""},
	{fieldSignatoryName, []string{"Signatory Name", "Signatory", "Signed By"}, ""},
	{fieldSignatoryRole, []string{"Signatory Role", "Role"}, ""},
	{fieldICBName, []string{"ICB Name", "ICB"}, ""},
	{fieldICBAddress, []string{"ICB Address"}, "lines separated by commas or line breaks"},
	{fieldICBContact, []string{"ICB Contact"}, "e.g. Primary Care IT Team"},
	{fieldICBEmail, []string{"ICB Email"}, ""},
	{fieldEMISName, []string{"EMIS Name", "EMIS"}, ""},
	{fieldEMISAddress, []string{"EMIS Address"}, "lines separated by commas or line breaks"},
	{fieldEMISContact, []string{"EMIS Contact"}, ""},
	{fieldEMISEmail, []string{"EMIS Email"}, ""},
	{fieldPathway, []string{"Pathway"}, "missed-date, defer-booked or defer-dpia (the others send no letter)"},
	{fieldGoLive, []string{"Go-live Date", "Go Live", "Go-live", "Booked Date", "Go-live or Booked Date"}, "or the booked date, for defer-booked"},
	{fieldLetterDate, []string{"Letter Date", "Date of Letter"}, ""},
	{fieldReplyBy, []string{"Reply-by Date", "Reply By"}, ""},
	{fieldBulk104, []string{"Bulk 104", "Bulk 104 Chosen"}, "yes or no"},
	{fieldDPIADate, []string{"DPIA Date"}, ""},
	{fieldDPIAConcerns, []string{"DPIA Concerns"}, `separated by ";" or line breaks`},
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

// parseDate reads yyyy-mm-dd, dd/mm/yyyy (or d/m/yyyy, with / . or -), dd-Mon-yyyy and,
// from a workbook, an Excel date serial. A date that can only be month-first is refused,
// never guessed.
func parseDate(s string, serials, date1904 bool) (civil.Date, error) {
	s = strings.TrimSpace(s)
	if serials {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return excelDate(f, date1904)
		}
	}
	if d, err := civil.ParseISO(s); err == nil {
		return d, nil
	}
	if len(s) >= 10 && s[4] == '-' {
		// 2026-12-01T00:00:00 from a workbook's text cell
		if d, err := civil.ParseISO(s[:10]); err == nil && strings.Trim(s[10:], "T0: ") == "" {
			return d, nil
		}
	}
	for _, layout := range []string{"2-Jan-2006", "2 Jan 2006", "2 January 2006", "2-January-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return civil.FromTime(t), nil
		}
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) == 3 && len(parts[2]) == 4 {
		d, e1 := strconv.Atoi(parts[0])
		m, e2 := strconv.Atoi(parts[1])
		y, e3 := strconv.Atoi(parts[2])
		if e1 == nil && e2 == nil && e3 == nil {
			if m > 12 && d <= 12 {
				return civil.Date{}, fmt.Errorf("%q looks like a US-style date (month first); write it day first, as %02d/%02d/%d, or as %d-%02d-%02d", s, m, d, y, y, d, m)
			}
			date := civil.New(y, time.Month(m), d)
			if m >= 1 && m <= 12 && d >= 1 && date.Day == d && date.Month == time.Month(m) {
				return date, nil
			}
		}
	}
	return civil.Date{}, fmt.Errorf("%q is not a date; write it as 01/12/2026 or 2026-12-01", s)
}

// excelDate converts a date serial in the 1900 (or 1904) date system.
func excelDate(f float64, date1904 bool) (civil.Date, error) {
	if f < 1 || f > 2958465 {
		return civil.Date{}, fmt.Errorf("%v is not a date; write it as 01/12/2026 or 2026-12-01", f)
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return civil.FromTime(base.AddDate(0, 0, int(f))), nil
}

// parseYesNo reads a yes/no cell; blank is no.
func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "n", "no", "false", "0", "none", "-":
		return false, nil
	case "y", "yes", "true", "1", "x", "✓":
		return true, nil
	}
	return false, fmt.Errorf("%q is not yes or no", strings.TrimSpace(s))
}

// Column describes one column of the practices list, for help text.
type Column struct {
	Header string // the usual header
	Also   []string
	About  string
}

// Columns lists the columns the practices list may have, in the order of SPEC §6.
func Columns() []Column {
	out := make([]Column, len(fields))
	for i, f := range fields {
		out[i] = Column{Header: f.headers[0], Also: append([]string(nil), f.headers[1:]...), About: f.about}
	}
	return out
}
