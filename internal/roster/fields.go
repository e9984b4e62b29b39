package roster

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/accesspack/accesspack/internal/suggest"
	"github.com/accesspack/accesspack/internal/table"
)

// Canonical field names. These are the names a practice file's [headers] table uses
// (docs/patient-list.md#columns: a header mapping for unusual exports goes in the practice file).
const (
	fNHS          = "nhs number"
	fEMIS         = "emis number"
	fTitle        = "title"
	fForename     = "forename"
	fSurname      = "surname"
	fFullName     = "full name"
	fDOB          = "date of birth"
	fAddr1        = "address line 1"
	fAddr2        = "address line 2"
	fAddr3        = "address line 3"
	fAddr4        = "address line 4"
	fAddr5        = "address line 5"
	fAddress      = "address"
	fPostcode     = "postcode"
	fMobile       = "mobile"
	fEmail        = "email"
	f103          = "103"
	f104          = "104"
	f106          = "106"
	fHasAccess    = "has access"
	fOnline       = "online account"
	fAtRisk       = "at risk"
	fReview       = "review outcome"
	fDeceased     = "deceased"
	fDateOfDeath  = "date of death"
	fCommunicatns = "communication needs"
)

// codeConcepts gives, for each record-access code, its SNOMED CT concept id and term (docs/rules.md#record-access-codes).
var codeConcepts = []struct{ short, id, term string }{
	{f103, "1290331000000103", "Online access to own health record declined by patient"},
	{f104, "1364731000000104", "Enhanced review indicated before granting access to own health record"},
	{f106, "1364751000000106", "Enhanced review not indicated before granting access to own health record"},
}

// fieldTable lists every field with the headers accepted for it, in the order Fields reports
// them. Headers are compared after normaliseHeader, so "NHS_No." matches "NHS No".
var fieldTable = func() []fieldDef {
	t := []fieldDef{
		{fNHS, []string{"NHS Number", "NHS No", "NHS Num", "NHS"}},
		{fEMIS, []string{"EMIS Number", "EMIS No", "EMIS ID", "Patient ID", "Patient Number"}},
		{fTitle, []string{"Title"}},
		{fForename, []string{"Forename(s)", "Forename", "Forenames", "First Name", "First Names", "Given Name", "Given Names", "Christian Name"}},
		{fSurname, []string{"Surname", "Last Name", "Family Name"}},
		{fFullName, []string{"Full Name", "Name", "Patient Name"}},
		{fDOB, []string{"Date of Birth", "DOB", "Birth Date", "Birthdate"}},
		{fAddr1, []string{"Address Line 1", "Address 1", "House Name/Flat", "House Name", "Flat"}},
		{fAddr2, []string{"Address Line 2", "Address 2", "Number and Street", "House Number and Street", "Street"}},
		{fAddr3, []string{"Address Line 3", "Address 3", "Village", "Locality"}},
		{fAddr4, []string{"Address Line 4", "Address 4", "Town", "Post Town", "City"}},
		{fAddr5, []string{"Address Line 5", "Address 5", "County"}},
		{fAddress, []string{"Address", "Full Address", "Patient Address", "Usual Address"}},
		{fPostcode, []string{"Postcode", "Post Code", "Postal Code"}},
		{fMobile, []string{"Mobile Telephone", "Mobile", "Mobile Number", "Mobile Phone", "Mobile Telephone Number"}},
		{fEmail, []string{"Email", "Email Address", "E-mail", "E-mail Address"}},
	}
	for _, c := range codeConcepts {
		var a []string
		for _, base := range []string{c.short, c.id, c.term} {
			a = append(a, base, "Latest "+base, base+" Date", "Latest "+base+" Date", "Date of "+base, "Date of Latest "+base)
		}
		a = append(a, "Code "+c.short, "Code "+c.short+" Date")
		t = append(t, fieldDef{c.short, a})
	}
	return append(t,
		fieldDef{fHasAccess, []string{"Prospective Access", "Has Access", "Has Prospective Access", "Already Has Access"}},
		fieldDef{fOnline, []string{"Online Account", "Online User", "Online Services Account", "Online User Status", "Has Online Account"}},
		fieldDef{fAtRisk, []string{"At Risk"}},
		fieldDef{fReview, []string{"Review Outcome", "Review"}},
		fieldDef{fDeceased, []string{"Deceased"}},
		fieldDef{fDateOfDeath, []string{"Date of Death", "Deceased Date", "Death Date"}},
		fieldDef{fCommunicatns, []string{"Communication Needs", "Accessible Information", "Accessible Information Needs", "Accessible Information Standard"}},
	)
}()

type fieldDef struct {
	name    string
	headers []string
}

// Fields are the canonical field names, in a stable order: the keys a practice file's
// [headers] table may use (an accepted header for a field is also accepted as its key).
var Fields = func() []string {
	out := make([]string, len(fieldTable))
	for i, f := range fieldTable {
		out[i] = f.name
	}
	return out
}()

// Aliases returns the headers accepted for field (a canonical name), for help text.
func Aliases(field string) []string {
	for _, f := range fieldTable {
		if f.name == field {
			return append([]string(nil), f.headers...)
		}
	}
	return nil
}

// CanonicalField resolves a key of the practice file's [headers] table (a field name or
// one of its accepted headers, in any case and spacing) to the field name in Fields.
func CanonicalField(key string) (string, bool) {
	if i, ok := lookupField(key); ok {
		return fieldTable[i].name, true
	}
	return "", false
}

// fieldIndex and aliasIndex map normalised names to fieldTable positions.
var fieldIndex, aliasIndex = func() (map[string]int, map[string]int) {
	fi, ai := map[string]int{}, map[string]int{}
	for i, f := range fieldTable {
		fi[normaliseHeader(f.name)] = i
		ai[normaliseHeader(f.name)] = i
		for _, h := range f.headers {
			n := normaliseHeader(h)
			if j, dup := ai[n]; dup && j != i {
				panic(fmt.Sprintf("roster: header %q accepted for both %q and %q", h, fieldTable[j].name, f.name))
			}
			ai[n] = i
		}
	}
	return fi, ai
}()

// normaliseHeader lower-cases h and keeps only its letters and digits, so that case,
// spaces, underscores and punctuation do not matter ("Forename(s)" = "forenames").
func normaliseHeader(h string) string {
	clean := true
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			clean = false
			break
		}
	}
	if clean {
		return h
	}
	var b strings.Builder
	b.Grow(len(h))
	for _, r := range h {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// columns is the mapping from fields to column positions for one file.
type columns struct {
	idx      []int // by fieldTable position; -1 when absent
	warnings []string
}

func (c *columns) has(field string) bool { return c.col(field) >= 0 }

func (c *columns) col(field string) int { return c.idx[fieldIndex[normaliseHeader(field)]] }

// lookupField resolves a mapping key to a fieldTable position.
func lookupField(key string) (int, bool) {
	n := normaliseHeader(key)
	if i, ok := fieldIndex[n]; ok {
		return i, true
	}
	i, ok := aliasIndex[n]
	return i, ok
}

// checkMapping validates the practice file's header mapping before the file is read.
func checkMapping(file string, m map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if _, ok := lookupField(k); !ok {
			hint := "the fields are: " + strings.Join(Fields, ", ")
			if s := suggest.Nearest(k, Fields); s != "" {
				hint = fmt.Sprintf("did you mean %q? ", s) + hint
			}
			return &FileError{File: file,
				Problem: fmt.Sprintf("the practice file's [headers] table names an unknown field %q", k),
				Hint:    hint}
		}
		if normaliseHeader(m[k]) == "" {
			return &FileError{File: file,
				Problem: fmt.Sprintf("the practice file's [headers] table maps %q to an empty header", k),
				Hint:    "give the column heading as it appears in the patient list, or remove the line"}
		}
	}
	return nil
}

// nhsHeaderIn reports whether a row of cells has a header for the NHS number: the mapped
// header when the practice file maps one, otherwise any accepted NHS number header.
func nhsHeaderIn(cells []string, m map[string]string) bool {
	want := ""
	for k, v := range m {
		if i, _ := lookupField(k); fieldTable[i].name == fNHS {
			want = normaliseHeader(v)
		}
	}
	nhsPos := fieldIndex[normaliseHeader(fNHS)]
	for _, c := range cells {
		n := normaliseHeader(c)
		if want != "" {
			if n == want {
				return true
			}
		} else if i, ok := aliasIndex[n]; ok && i == nhsPos {
			return true
		}
	}
	return false
}

// mapColumns assigns the header row's columns to fields. The practice file's mapping wins;
// otherwise each column is matched against the accepted headers. When two columns match one
// field, the leftmost is used and a warning says which was ignored.
func mapColumns(file string, header []string, m map[string]string) (*columns, error) {
	c := &columns{idx: make([]int, len(fieldTable))}
	for i := range c.idx {
		c.idx[i] = -1
	}
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normaliseHeader(h)
	}
	used := make([]bool, len(header))
	mapped := make([]bool, len(fieldTable))

	for _, k := range slices.Sorted(maps.Keys(m)) {
		fi, _ := lookupField(k)
		want := normaliseHeader(m[k])
		found, taken := -1, -1
		for i, n := range norm {
			if n == want {
				if !used[i] {
					found = i
					break
				}
				taken = i
			}
		}
		if found < 0 && taken >= 0 {
			other := ""
			for j, c := range c.idx {
				if c == taken {
					other = fieldTable[j].name
				}
			}
			return nil, &FileError{File: file,
				Problem: fmt.Sprintf("the practice file maps both %q and %q to the header %q", other, fieldTable[fi].name, m[k]),
				Hint:    "map each field to its own column in the [headers] table"}
		}
		if found < 0 {
			hint := "correct the [headers] table in the practice file; the headers found are " + quoteList(header)
			if s := nearestHeader([]string{m[k]}, header); s != "" {
				hint = fmt.Sprintf("did you mean %q? ", s) + hint
			}
			return nil, &FileError{File: file,
				Problem: fmt.Sprintf("the practice file maps %q to the header %q, but the file has no such column", fieldTable[fi].name, m[k]),
				Hint:    hint}
		}
		if mapped[fi] {
			return nil, &FileError{File: file,
				Problem: fmt.Sprintf("the practice file's [headers] table maps %q twice", fieldTable[fi].name),
				Hint:    "keep one line per field in the [headers] table"}
		}
		c.idx[fi], used[found], mapped[fi] = found, true, true
	}

	var ignored []string
	for i, n := range norm {
		if used[i] || n == "" {
			continue
		}
		fi, ok := aliasIndex[n]
		if !ok {
			ignored = append(ignored, fmt.Sprintf("%q", truncateHeader(strings.TrimSpace(header[i]))))
			continue
		}
		if prev := c.idx[fi]; prev >= 0 {
			why := "the first such column is used"
			if mapped[fi] {
				why = "the practice file maps the field to that column"
			}
			c.warnings = append(c.warnings, fmt.Sprintf("column %s ignored: column %s already gives the %s field (%s)",
				colRef(header, i), colRef(header, prev), fieldTable[fi].name, why))
			continue
		}
		c.idx[fi] = i
	}

	// One way of giving an address: separate lines win over a single Address column.
	if c.has(fAddress) && c.anyLine() {
		c.warnings = append(c.warnings, fmt.Sprintf("column %s ignored: the file also has separate address line columns, which are used",
			colRef(header, c.col(fAddress))))
		c.idx[fieldIndex[normaliseHeader(fAddress)]] = -1
	}
	if len(ignored) > 0 {
		c.warnings = append(c.warnings, "columns not used: "+strings.Join(ignored, ", "))
	}
	return c, nil
}

func (c *columns) anyLine() bool {
	for _, f := range []string{fAddr1, fAddr2, fAddr3, fAddr4, fAddr5} {
		if c.has(f) {
			return true
		}
	}
	return false
}

// required checks that the file has the columns without which no letter could be sent.
func (c *columns) required(file string, header []string) error {
	type need struct {
		what    string
		ok      bool
		headers []string
	}
	needs := []need{
		{"NHS number", c.has(fNHS), Aliases(fNHS)},
		{"date of birth", c.has(fDOB), Aliases(fDOB)},
		{"name", c.has(fSurname) || c.has(fFullName), append(Aliases(fSurname), Aliases(fFullName)...)},
		{"address", c.anyLine() || c.has(fAddress), append(Aliases(fAddr1), Aliases(fAddress)...)},
		{"postcode", c.has(fPostcode) || c.has(fAddress), Aliases(fPostcode)},
	}
	for _, n := range needs {
		if n.ok {
			continue
		}
		hint := fmt.Sprintf("name the column %q (or map it in the practice file's [headers] table)", n.headers[0])
		if s := nearestHeader(n.headers, header); s != "" {
			hint = fmt.Sprintf("did you mean %q? ", s) + "rename it " + fmt.Sprintf("%q", n.headers[0]) + " or map it in the practice file's [headers] table"
		}
		return &FileError{File: file,
			Problem: fmt.Sprintf("no %s column; the headers found are %s", n.what, quoteList(header)),
			Hint:    hint}
	}
	return nil
}

// nearestHeader returns the header in found that is the closest plausible typo of any of
// the wanted headers, comparing normalised forms.
func nearestHeader(want, found []string) string {
	norm := make([]string, 0, len(found))
	orig := map[string]string{}
	for _, f := range found {
		n := normaliseHeader(f)
		if n == "" {
			continue
		}
		if _, dup := orig[n]; !dup {
			orig[n] = strings.TrimSpace(f)
			norm = append(norm, n)
		}
	}
	best, bestDist := "", -1
	for _, w := range want {
		nw := normaliseHeader(w)
		if s := suggest.Nearest(nw, norm); s != "" {
			if d := suggest.Distance(nw, s); bestDist < 0 || d < bestDist {
				best, bestDist = orig[s], d
			}
		}
	}
	return best
}

func quoteList(hs []string) string {
	var parts []string
	for _, h := range hs {
		if h = strings.TrimSpace(h); h != "" {
			parts = append(parts, fmt.Sprintf("%q", truncateHeader(h)))
		}
	}
	if len(parts) == 0 {
		return "none (the header row is blank)"
	}
	const max = 30
	if len(parts) > max {
		parts = append(parts[:max], fmt.Sprintf("and %d more", len(parts)-max))
	}
	return strings.Join(parts, ", ")
}

func colRef(header []string, i int) string {
	return fmt.Sprintf("%q (column %s)", truncateHeader(strings.TrimSpace(header[i])), table.ColumnName(i))
}

// truncateHeader keeps header texts short in messages (a "header" could be anything).
func truncateHeader(h string) string {
	if utf8.RuneCountInString(h) <= 60 {
		return h
	}
	r := []rune(h)
	return string(r[:60]) + "…"
}
