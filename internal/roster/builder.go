package roster

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/nhs"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/postcode"
	"github.com/accesspack/accesspack/internal/table"
)

// Row problems. They name the field, never the value.
const (
	probDOB          = "date of birth could not be read"
	probAccess       = "prospective access value not understood (expected Y or N); treated as no"
	probOnline       = "online account value not understood (expected Y or N); treated as no"
	probAtRisk       = "at risk value not plainly yes or no; treated as at risk"
	probReview       = "review outcome not understood (expected safe or unsafe); treated as blank"
	probNHSScience   = "NHS number was saved in Excel's scientific notation, so its digits are lost"
	probCodeDateTmpl = "%s date could not be read; the code is counted as present"
	probNotLarge     = "communication needs mention large print with a \"not\" or \"no\"; read as not needing large print"
)

// reasonTwoPostcodes is the Not sent reason for an address that ends in a postcode other
// than the Postcode column's: which is right cannot be told, and the envelope would show
// both.
const reasonTwoPostcodes = "two different postcodes (the address ends in one that is not the Postcode column's): check the row"

var probCode = map[string]string{
	f103: fmt.Sprintf(probCodeDateTmpl, "103"),
	f104: fmt.Sprintf(probCodeDateTmpl, "104"),
	f106: fmt.Sprintf(probCodeDateTmpl, "106"),
}

// nhsSeparators are the characters nhs.Normalise removes.
const nhsSeparators = " -\t\u00a0./"

// builder turns data rows into patients, for both CSV and XLSX.
type builder struct {
	file     string
	header   []string
	cols     *columns
	xlsx     bool // a workbook: cells are typed, rows end at their last value
	date1904 bool

	nhs, emis, title, forename, surname, fullName, dob  int
	addr                                                [5]int
	address, pc, mobile, email                          int
	c103, c104, c106                                    int
	access, online, atRisk, review, deceased, dod, comm int

	cur       *table.Row // the row being read
	patients  []patient.Patient
	postcodes map[string]normalisedPostcode
	slab      []string // backing store for Address slices, to save an allocation a row

	shifted, science, atRiskUnclear, hidden tally // rows affected, for the warnings
	includeHidden                           bool
}

func newBuilder(file string, header []string, opt Options, xlsx, date1904 bool, estimate int) (*builder, error) {
	cols, err := mapColumns(file, header, opt.Headers)
	if err != nil {
		return nil, err
	}
	if err := cols.required(file, header); err != nil {
		return nil, err
	}
	b := &builder{file: file, header: header, cols: cols, xlsx: xlsx, date1904: date1904, includeHidden: opt.IncludeHidden}
	b.nhs, b.emis, b.title = cols.col(fNHS), cols.col(fEMIS), cols.col(fTitle)
	b.forename, b.surname, b.fullName = cols.col(fForename), cols.col(fSurname), cols.col(fFullName)
	b.dob = cols.col(fDOB)
	for i, f := range []string{fAddr1, fAddr2, fAddr3, fAddr4, fAddr5} {
		b.addr[i] = cols.col(f)
	}
	b.address, b.pc, b.mobile, b.email = cols.col(fAddress), cols.col(fPostcode), cols.col(fMobile), cols.col(fEmail)
	b.c103, b.c104, b.c106 = cols.col(f103), cols.col(f104), cols.col(f106)
	b.access, b.online, b.atRisk = cols.col(fHasAccess), cols.col(fOnline), cols.col(fAtRisk)
	b.review, b.deceased, b.dod, b.comm = cols.col(fReview), cols.col(fDeceased), cols.col(fDateOfDeath), cols.col(fCommunicatns)
	if estimate > 1<<20 {
		estimate = 1 << 20
	}
	b.patients = make([]patient.Patient, 0, max(estimate, 16))
	return b, nil
}

// add reads one data row. Blank rows are skipped. The only error is a FileError for a
// month-first date, which rejects the whole file.
func (b *builder) add(r *table.Row) error {
	row, cells := r.Number, r.Cells
	if table.Blank(cells) {
		return nil
	}
	if !b.xlsx {
		if err := b.checkLineBreaks(row, cells); err != nil {
			return err
		}
	}
	b.patients = append(b.patients, patient.Patient{Row: row})
	p := &b.patients[len(b.patients)-1]
	b.cur = r
	cell := func(i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return cleanCell(cells[i])
	}
	// A CSV row with more or fewer cells than the header row (blank cells at the end
	// aside) may have had a cell moved into the wrong column by a comma too many or too
	// few: a name into the title, a mobile number into the postcode. It cannot be read for
	// certain, so it is not sent. (An XLSX row names each cell's column: it cannot shift.)
	if r.Shifted {
		p.Unreadable = table.ReasonShifted
		b.shifted.add(row)
	}
	// A hidden or filtered-out row of a workbook: the spreadsheet does not show it, and the
	// practice may have hidden it for a reason.
	if r.Hidden && !b.includeHidden {
		p.Unreadable = table.ReasonHidden
		b.hidden.add(row)
	}
	// A cell longer than a spreadsheet cell can be: a paste gone wrong, or rows run
	// together. Its row is not sent, and its values are cut here, visibly, rather than
	// silently by the spreadsheet that shows the Not sent sheet.
	long := r.LongCell >= 0
	if long && p.Unreadable == "" {
		p.Unreadable = table.ReasonLongCell
	}

	p.NHSGiven = cell(b.nhs)
	if b.xlsx && !lostDigits(p.NHSGiven) {
		p.NHSGiven = wholeNumber(p.NHSGiven) // a numeric XLSX cell holds the exact number
	} else if isScientific(p.NHSGiven) {
		p.Problems = append(p.Problems, probNHSScience)
		b.science.add(row)
	}
	if strings.IndexAny(p.NHSGiven, nhsSeparators) < 0 {
		p.NHS = p.NHSGiven // what nhs.Normalise would return, without the copy
	} else {
		p.NHS = nhs.Normalise(p.NHSGiven)
	}
	p.EMISNumber = cell(b.emis)
	if b.xlsx {
		p.EMISNumber = wholeNumber(p.EMISNumber)
	}

	p.Title, p.Forename, p.Surname = cell(b.title), cell(b.forename), cell(b.surname)
	if b.fullName >= 0 && (p.Title == "" || p.Forename == "" || p.Surname == "") {
		if full := cell(b.fullName); full != "" {
			t, f, s := splitFullName(full)
			if p.Title == "" {
				p.Title = t
			}
			if p.Forename == "" && p.Surname == "" {
				p.Forename, p.Surname = f, s
			}
		}
	}
	p.Title = niceCase(p.Title, false)
	p.Forename = niceCase(p.Forename, false)
	p.Surname = niceCase(p.Surname, true)

	var err error
	if p.DOB, err = b.date(p, b.dob, row, probDOB); err != nil {
		return err
	}

	b.readAddress(p, cells)

	p.Mobile = cell(b.mobile)
	if b.xlsx {
		p.Mobile = wholeNumber(p.Mobile)
	}
	p.Email = cell(b.email)

	for _, c := range []struct {
		col  int
		name string
		date *civil.Date
		has  *bool
	}{{b.c103, f103, &p.Code103, &p.Has103}, {b.c104, f104, &p.Code104, &p.Has104}, {b.c106, f106, &p.Code106, &p.Has106}} {
		if c.col < 0 {
			continue
		}
		v := cell(c.col)
		if v == "" {
			continue
		}
		*c.has = true
		if *c.date, err = b.date(p, c.col, row, probCode[c.name]); err != nil {
			return err
		}
	}

	p.HasAccess = b.yesNo(p, cell(b.access), probAccess)
	if v := cell(b.online); v != "" && (strings.EqualFold(v, "active") || strings.EqualFold(v, "live")) {
		p.OnlineAccount = true // EMIS online-user status
	} else {
		p.OnlineAccount = b.yesNo(p, v, probOnline)
	}
	// At Risk: anything that is not clearly no ("Yes - safeguarding concern", "Y (MARAC)",
	// "At risk") is at risk, with a warning: reading it as no would send the letter that
	// switches access on to someone the practice flagged.
	if v := cell(b.atRisk); v != "" {
		if val, ok := table.YesNo(v); ok {
			p.AtRisk = val
		} else {
			p.AtRisk = true
			p.Problems = append(p.Problems, probAtRisk)
			if p.Unreadable == "" {
				b.atRiskUnclear.add(row)
			}
		}
	}
	p.Review = readReview(p, cell(b.review))

	if v := cell(b.deceased); v != "" {
		if yes, ok := table.YesNo(v); !ok || yes {
			p.Deceased = true
		}
		if _, verdict := table.CellDate(v, r.Kind(b.deceased), b.date1904); verdict == table.DateUSStyle {
			return b.usDate(b.deceased, row)
		}
	}
	if v := cell(b.dod); v != "" {
		p.Deceased = true
		if _, verdict := table.CellDate(v, r.Kind(b.dod), b.date1904); verdict == table.DateUSStyle {
			return b.usDate(b.dod, row)
		}
	}
	p.Communication = cell(b.comm)
	if p.Communication != "" {
		yes, negated := largePrint(p.Communication)
		p.LargePrint = yes
		if negated {
			p.Problems = append(p.Problems, probNotLarge)
		}
	}
	if long {
		for _, f := range []*string{&p.NHSGiven, &p.EMISNumber, &p.Title, &p.Forename, &p.Surname, &p.Postcode, &p.Mobile, &p.Email, &p.Communication} {
			*f = cutLong(*f)
		}
		for i := range p.Address {
			p.Address[i] = cutLong(p.Address[i])
		}
	}
	if p.Unreadable != "" {
		p.Problems = nil // its cells may be in the wrong columns: their problems mean nothing
	}
	return nil
}

// checkLineBreaks rejects a CSV row with a cell that has swallowed the rows after it: a
// quote mark that is missing or extra makes a quoted cell run on to a later quote, and the
// rows in between become part of one patient's cell (and are lost from the count). It is
// taken to have happened when a line break is in a cell that is never more than one line
// (anything but an address or communication needs), or when the text after a line break
// holds a valid NHS number.
func (b *builder) checkLineBreaks(row int, cells []string) error {
	for i, c := range cells {
		nl := strings.IndexAny(c, "\r\n")
		if nl < 0 {
			continue
		}
		if b.multiLine(i) && !holdsNHSNumber(c[nl:]) {
			continue
		}
		where := "column " + table.ColumnName(i)
		if i < len(b.header) {
			where = "column " + colRef(b.header, i)
		}
		return &FileError{File: b.file,
			Problem: fmt.Sprintf("row %d: the cell in %s runs over several lines and seems to hold the rows after it (a quote mark (\") is missing or extra)", row, where),
			Hint:    fmt.Sprintf("open the file in a text editor and check the quote marks in row %d and the rows after it, or %s", row, hintExportCSV)}
	}
	return nil
}

// multiLine reports whether column i may hold line breaks in a real export.
func (b *builder) multiLine(i int) bool {
	if i >= len(b.header) {
		return false
	}
	for _, c := range append(b.addr[:], b.address, b.comm) {
		if c == i {
			return true
		}
	}
	for _, f := range b.cols.idx {
		if f == i {
			return false // a field that is one line
		}
	}
	return true // a column accesspack does not read
}

// holdsNHSNumber reports whether s contains a valid NHS number: ten digits, possibly
// grouped 3-3-4 by spaces or hyphens, with no digit either side.
func holdsNHSNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && isDigit(s[i-1])) {
			continue
		}
		var digits [10]byte
		n, j := 0, i
	scan:
		for ; j < len(s) && n <= 10; j++ {
			switch {
			case isDigit(s[j]):
				if n < 10 {
					digits[n] = s[j]
				}
				n++
			case (s[j] == ' ' || s[j] == '-') && j+1 < len(s) && isDigit(s[j+1]):
			default:
				break scan
			}
		}
		if n == 10 && nhs.Valid(string(digits[:])) {
			return true
		}
		i = j
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// date reads the date in column col; a blank cell is the zero date; an unreadable one adds
// problem to the row.
func (b *builder) date(p *patient.Patient, col, row int, problem string) (civil.Date, error) {
	if col < 0 || col >= len(b.cur.Cells) {
		return civil.Date{}, nil
	}
	d, v := table.CellDate(cleanCell(b.cur.Cells[col]), b.cur.Kind(col), b.date1904)
	switch v {
	case table.DateUSStyle:
		return civil.Date{}, b.usDate(col, row)
	case table.DateBad:
		p.Problems = append(p.Problems, problem)
	}
	return d, nil
}

func (b *builder) usDate(col, row int) error {
	return &FileError{File: b.file,
		Problem: fmt.Sprintf("column %s has a month-first (US-style) date in row %d; dates must be day/month/year",
			colRef(b.header, col), row),
		Hint: "export the list again with UK dates (dd/mm/yyyy), e.g. with Windows' region set to United Kingdom; accesspack never guesses which number is the month"}
}

func (b *builder) yesNo(p *patient.Patient, v, problem string) bool {
	val, ok := table.YesNo(v)
	if !ok {
		p.Problems = append(p.Problems, problem)
	}
	return val
}

func readReview(p *patient.Patient, v string) patient.Review {
	if v == "" {
		return patient.ReviewBlank
	}
	l := strings.ToLower(v)
	switch {
	case strings.Contains(l, "unsafe"), strings.Contains(l, "not safe"):
		return patient.ReviewUnsafe
	case strings.Contains(l, "safe"):
		return patient.ReviewSafe
	}
	p.Problems = append(p.Problems, probReview)
	return patient.ReviewBlank
}

// cutLong cuts a value longer than a spreadsheet cell holds, ending it with "…".
func cutLong(s string) string {
	if len(s) <= table.ExcelCellLimit || utf8.RuneCountInString(s) <= table.ExcelCellLimit {
		return s
	}
	return string([]rune(s)[:table.ExcelCellLimit-1]) + "…"
}

// largePrint reads a Communication Needs cell: whether it asks for large print ("Large
// print", "Requires information in large print (18 pt)"). A mention with a negation in its
// clause — "does not need large print", "no large print", "large print: no", "large print
// not required" — does not ask for it; negated reports such a mention, for a warning.
func largePrint(v string) (yes, negated bool) {
	l := strings.ToLower(v)
	for _, name := range []string{"large print", "large-print", "largeprint"} {
		for from := 0; ; {
			i := strings.Index(l[from:], name)
			if i < 0 {
				break
			}
			i += from
			end := i + len(name)
			from = end
			start := strings.LastIndexAny(l[:i], ".;,/|\n") + 1
			stop := len(l)
			if j := strings.IndexAny(l[end:], ".;,/|\n"); j >= 0 {
				stop = end + j
			}
			before, after := words(l[start:i]), words(l[end:stop])
			if slices.ContainsFunc(before, isNegation) || len(after) > 0 && isNegation(after[0]) ||
				len(after) > 1 && (after[1] == "required" || after[1] == "needed" || after[1] == "wanted") && after[0] == "not" {
				negated = true
				continue
			}
			yes = true
		}
	}
	return yes, negated && !yes
}

func isNegation(w string) bool {
	switch w {
	case "not", "no", "non", "n", "none", "never", "without", "nor", "don't", "dont", "doesn't", "doesnt",
		"isn't", "isnt", "declined", "declines", "refused", "refuses", "longer":
		return true
	}
	return false
}

// words splits lower-case text into words of letters and apostrophes.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
}

// readAddress fills the address lines and postcode. Blank lines are dropped and the rest
// move up. A single Address column is split at commas and line breaks; its last part is
// the postcode when the file has no Postcode column and the part looks like one.
func (b *builder) readAddress(p *patient.Patient, cells []string) {
	get := func(i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return cells[i]
	}
	pc := cleanCell(get(b.pc))
	if len(b.slab) < 5 {
		b.slab = make([]string, 5*1024)
	}
	lines := b.slab[:0:5]
	if b.address >= 0 {
		parts := strings.FieldsFunc(get(b.address), func(r rune) bool { return r == ',' || r == '\n' || r == '\r' })
		var kept []string
		for _, part := range parts {
			if part = cleanCell(part); part != "" {
				kept = append(kept, part)
			}
		}
		kept, pc = b.postcodeInAddress(p, kept, pc)
		if len(kept) > 5 {
			kept = append(kept[:4], strings.Join(kept[4:], " "))
		}
		lines = append(lines, kept...)
	} else {
		for _, i := range b.addr {
			if v := cleanCell(get(i)); v != "" {
				lines = append(lines, v)
			}
		}
		lines, pc = b.postcodeInAddress(p, lines, pc)
	}
	if len(lines) > 0 {
		p.Address = lines[:len(lines):len(lines)]
		b.slab = b.slab[len(lines):]
	}
	p.Postcode, p.PostcodeValid = b.postcode(pc)
}

// postcodeInAddress deals with an address whose last line is, or ends in, a postcode:
// with no postcode given apart, that is the postcode; the same as the one given, it is
// dropped from the lines (the envelope shows it once, on its own line); a different one
// means the row cannot be read for certain.
func (b *builder) postcodeInAddress(p *patient.Patient, lines []string, pc string) ([]string, string) {
	n := len(lines)
	if n == 0 {
		return lines, pc
	}
	rest, found, ok := trailingPostcode(lines[n-1])
	switch {
	case !ok:
	case pc == "":
		pc, lines = found, dropLast(lines, rest)
	case mustNormalise(found) == mustNormalise(pc):
		lines = dropLast(lines, rest)
	case p.Unreadable == "":
		p.Unreadable = reasonTwoPostcodes
	}
	return lines, pc
}

type normalisedPostcode struct {
	pc    string
	valid bool
}

// postcode is postcode.Normalise with a cache: a practice's patients share a few thousand
// postcodes, so this saves most of the allocations of a large list.
func (b *builder) postcode(raw string) (string, bool) {
	if n, ok := b.postcodes[raw]; ok {
		return n.pc, n.valid
	}
	pc, valid := postcode.Normalise(raw)
	if b.postcodes == nil {
		b.postcodes = map[string]normalisedPostcode{}
	}
	if len(b.postcodes) < 1<<16 {
		b.postcodes[raw] = normalisedPostcode{pc, valid}
	}
	return pc, valid
}

func mustNormalise(pc string) string { n, _ := postcode.Normalise(pc); return n }

// dropLast replaces the last part with rest (the part without its postcode), or removes it.
func dropLast(parts []string, rest string) []string {
	if rest == "" {
		return parts[:len(parts)-1]
	}
	parts[len(parts)-1] = rest
	return parts
}

// trailingPostcode finds a postcode at the end of an address part: the whole part
// ("LS6 2QR", "ls62qr"), or its last one or two words ("Leeds LS6 2QR").
func trailingPostcode(part string) (rest, pc string, ok bool) {
	if isPostcode(part) {
		return "", part, true
	}
	w := strings.Fields(part)
	for k := 2; k >= 1; k-- {
		if len(w) > k {
			cand := strings.Join(w[len(w)-k:], " ")
			if isPostcode(cand) {
				return strings.Join(w[:len(w)-k], " "), cand, true
			}
		}
	}
	return "", "", false
}

func isPostcode(s string) bool {
	if _, ok := postcode.Normalise(s); ok {
		return true
	}
	c := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	return postcode.IsPseudo(c) && len(c) >= 5 && len(c) <= 7
}

// isScientific reports whether s looks like Excel's scientific notation ("9.99E+09").
func isScientific(s string) bool {
	i := strings.IndexAny(s, "eE")
	if i <= 0 || i == len(s)-1 {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// lostDigits reports whether s is in scientific notation with too few digits to hold a
// ten-digit NHS number exactly ("9.99E+09": the last digits are gone). "9.990000018E9",
// which an XLSX file may hold for a number, keeps all of them.
func lostDigits(s string) bool {
	if !isScientific(s) {
		return false
	}
	digits := 0
	for i := 0; i < len(s) && s[i] != 'e' && s[i] != 'E'; i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	return digits < 10
}

// wholeNumber turns a number an XLSX file stored in exponent or decimal form
// ("9.990000018E9", "9990000018.0") back into its digits; anything else is unchanged.
func wholeNumber(s string) string {
	if !strings.ContainsAny(s, ".eE") || s == "" || s[0] < '0' || s[0] > '9' {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || f >= 1e15 {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func (b *builder) finish(l *List) (*List, error) {
	if len(b.patients) == 0 {
		return nil, &FileError{File: b.file, Problem: "the file has a header row but no patient rows",
			Hint: "check the EMIS search found patients, then export the list again"}
	}
	l.Patients = b.patients
	if n := len(b.patients); cap(b.patients) > n+n/4+64 {
		// The row count was overestimated: keep only what the patients need.
		l.Patients = append([]patient.Patient(nil), b.patients...)
	}
	l.Columns = map[string]string{}
	for i, c := range b.cols.idx {
		if c >= 0 {
			l.Columns[fieldTable[i].name] = strings.TrimSpace(b.header[c])
		}
	}
	l.Warnings = append(l.Warnings, b.cols.warnings...)
	// Columns the rules read in every pathway: say when they are absent rather than let
	// every patient silently count as uncoded or without access.
	var missing []string
	for _, c := range codeConcepts {
		if !b.cols.has(c.short) {
			missing = append(missing, c.short)
		}
	}
	switch n := len(missing); {
	case n == 1:
		l.Warnings = append(l.Warnings, fmt.Sprintf("no column for code %s: no patient is treated as coded %s", missing[0], missing[0]))
	case n > 1:
		l.Warnings = append(l.Warnings, fmt.Sprintf("no columns for codes %s and %s: no patient is treated as having them",
			strings.Join(missing[:n-1], ", "), missing[n-1]))
	}
	if !b.cols.has(fHasAccess) {
		l.Warnings = append(l.Warnings, "no Prospective Access column: no patient is treated as already having access")
	}
	for _, w := range []struct {
		t      tally
		rows   func(int) string
		format string
	}{
		{b.shifted, rowsHave, "%s a different number of cells from the header row (first: row %d): a comma too many or too few may have moved cells into the wrong columns, so they are not sent; check them"},
		{b.hidden, rowsAre, "%s hidden or filtered out in the sheet (first: row %d): they are not sent; unhide them (or clear the filter) if they should be written to"},
		{b.atRiskUnclear, rowsHave, "%s an At Risk value that is not plainly yes or no (first: row %d): treated as at risk; check them"},
		{b.science, rowsHave, "%s an NHS number in scientific notation (first: row %d): Excel has dropped digits; format the NHS Number column as text and export again"},
	} {
		if w.t.n > 0 {
			l.Warnings = append(l.Warnings, fmt.Sprintf(w.format, w.rows(w.t.n), w.t.first))
		}
	}
	return l, nil
}

// tally counts the rows that something applies to, and remembers the first.
type tally struct{ n, first int }

func (t *tally) add(row int) {
	if t.n++; t.n == 1 {
		t.first = row
	}
}

func rowsAre(n int) string  { return rows(n, "is", "are") }
func rowsHave(n int) string { return rows(n, "has", "have") }

// rows is "1 row has" or "3 rows have".
func rows(n int, one, many string) string {
	if n != 1 {
		one = many
	}
	return plural(n, "row") + " " + one
}
