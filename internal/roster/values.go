package roster

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/accesspack/accesspack/internal/civil"
)

// dateVerdict says how a date cell was read.
type dateVerdict int

const (
	dateOK      dateVerdict = iota
	dateBlank               // empty cell
	dateBad                 // not a date we can read
	dateUSStyle             // can only be month-first (10/27/2023): the file must be rejected
)

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
	"nov": 11, "november": 11, "dec": 12, "december": 12,
}

// parseDate reads a date cell: dd/mm/yyyy, d/m/yyyy (also with - or . between), dd-Mon-yyyy
// and dd Month yyyy (any case), yyyy-mm-dd, each optionally followed by a time of day; and,
// when serials is set (XLSX), an Excel date serial number. Day-first always: a date that can
// only be month-first gives dateUSStyle, never a guess.
func parseDate(s string, serials, date1904 bool) (civil.Date, dateVerdict) {
	if s == "" {
		return civil.Date{}, dateBlank
	}
	if serials && (s[0] >= '0' && s[0] <= '9') {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return excelSerial(f, date1904)
		}
	}
	p1, rest := leadingDigits(s)
	if p1 == "" || len(rest) < 2 {
		return civil.Date{}, dateBad
	}
	sep := rest[0]
	if sep != '/' && sep != '-' && sep != '.' && sep != ' ' {
		return civil.Date{}, dateBad
	}
	rest = rest[1:]
	var p2 string
	wordMonth := false
	if c := rest[0]; c >= '0' && c <= '9' {
		p2, rest = leadingDigits(rest)
	} else {
		p2, rest = leadingLetters(rest)
		wordMonth = true
	}
	if p2 == "" || len(rest) < 2 || rest[0] != sep {
		return civil.Date{}, dateBad
	}
	p3, rest := leadingDigits(rest[1:])
	if p3 == "" || !isTimeSuffix(rest) {
		return civil.Date{}, dateBad
	}
	n1, _ := strconv.Atoi(p1)
	n3, _ := strconv.Atoi(p3)
	switch {
	case len(p1) == 4 && !wordMonth && len(p2) <= 2 && len(p3) <= 2 && sep != ' ':
		n2, _ := strconv.Atoi(p2)
		return makeDate(n1, n2, n3)
	case len(p1) > 2 || len(p3) != 4:
		return civil.Date{}, dateBad
	case wordMonth:
		m, ok := monthNames[strings.ToLower(p2)]
		if !ok {
			return civil.Date{}, dateBad
		}
		return makeDate(n3, int(m), n1)
	case sep == ' ' || len(p2) > 2:
		return civil.Date{}, dateBad
	}
	n2, _ := strconv.Atoi(p2)
	if n2 > 12 && n1 >= 1 && n1 <= 12 {
		if _, v := makeDate(n3, n1, n2); v == dateOK {
			return civil.Date{}, dateUSStyle
		}
	}
	return makeDate(n3, n2, n1)
}

func makeDate(y, m, d int) (civil.Date, dateVerdict) {
	if y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return civil.Date{}, dateBad
	}
	date := civil.New(y, time.Month(m), d)
	if date.Day != d { // 31 April and the like
		return civil.Date{}, dateBad
	}
	return date, dateOK
}

// excelSerial converts an Excel date serial (days since 30 December 1899 in the usual 1900
// date system, with Excel's phantom 29 February 1900; days since 1 January 1904 in the 1904
// system). A time of day (the fraction) is dropped.
func excelSerial(f float64, date1904 bool) (civil.Date, dateVerdict) {
	if math.IsNaN(f) || f < 1 || f >= 2958466 {
		return civil.Date{}, dateBad
	}
	days := int(math.Floor(f))
	var base civil.Date
	switch {
	case date1904:
		base = civil.Date{Year: 1904, Month: time.January, Day: 1}
	case days == 60:
		return civil.Date{}, dateBad // 29 February 1900 never existed
	case days < 60:
		base = civil.Date{Year: 1899, Month: time.December, Day: 31}
	default:
		base = civil.Date{Year: 1899, Month: time.December, Day: 30}
	}
	d := base.AddDays(days)
	if d.Year < 1800 || d.Year > 2200 {
		return civil.Date{}, dateBad
	}
	return d, dateOK
}

func leadingDigits(s string) (digits, rest string) {
	i := 0
	for i < len(s) && i < 5 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}

func leadingLetters(s string) (letters, rest string) {
	i := 0
	for i < len(s) && i < 10 && (s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z') {
		i++
	}
	return s[:i], s[i:]
}

// isTimeSuffix accepts what may follow a date: nothing, or a time of day such as
// " 00:00", " 00:00:00", "T00:00:00Z", " 12:00 AM".
func isTimeSuffix(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != ' ' && s[0] != 'T' {
		return false
	}
	s = strings.TrimSpace(s[1:])
	if s == "" || s[0] < '0' || s[0] > '9' || !strings.Contains(s, ":") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789:.+- ZAPMapm", rune(s[i])) {
			return false
		}
	}
	return true
}

// yesNo reads a boolean cell. Blank is no; ok is false for anything it does not understand.
func yesNo(s string) (val, ok bool) {
	switch len(s) {
	case 0:
		return false, true
	case 1:
		switch s[0] {
		case 'y', 'Y', '1':
			return true, true
		case 'n', 'N', '0':
			return false, true
		}
	default:
		switch {
		case strings.EqualFold(s, "yes"), strings.EqualFold(s, "true"):
			return true, true
		case strings.EqualFold(s, "no"), strings.EqualFold(s, "false"):
			return false, true
		}
	}
	return false, false
}

// --- names ---

var titles = map[string]bool{
	"mr": true, "mrs": true, "miss": true, "ms": true, "mx": true, "dr": true, "prof": true,
	"professor": true, "rev": true, "revd": true, "reverend": true, "sir": true, "dame": true,
	"lady": true, "lord": true, "master": true, "fr": true, "father": true, "sr": true,
	"sister": true, "capt": true, "captain": true, "maj": true, "major": true, "col": true,
	"colonel": true, "lt": true, "cllr": true, "rabbi": true, "imam": true,
}

func isTitle(w string) bool { return titles[strings.ToLower(strings.TrimSuffix(w, "."))] }

// particles are written in lower case inside an all-caps surname ("DE LA CRUZ" → "de la Cruz").
var particles = map[string]bool{
	"de": true, "la": true, "du": true, "da": true, "di": true, "del": true, "della": true,
	"van": true, "von": true, "der": true, "den": true, "dos": true, "das": true, "ter": true, "ten": true,
}

// splitFullName reads a Full Name cell in either EMIS form, "SURNAME, Forename (Title)",
// or "Title Forename Surname".
func splitFullName(s string) (title, forename, surname string) {
	s = strings.Join(strings.Fields(s), " ")
	if strings.HasSuffix(s, ")") {
		if j := strings.LastIndexByte(s, '('); j >= 0 {
			title = strings.TrimSpace(s[j+1 : len(s)-1])
			s = strings.TrimSpace(s[:j])
		}
	}
	if i := strings.IndexByte(s, ','); i >= 0 {
		surname = strings.TrimSpace(s[:i])
		forename = strings.TrimSpace(s[i+1:])
		if title == "" {
			if w, rest, _ := strings.Cut(forename, " "); isTitle(w) && rest != "" {
				title, forename = w, rest
			}
		}
		return title, forename, surname
	}
	words := strings.Fields(s)
	if len(words) > 1 && title == "" && isTitle(words[0]) {
		title, words = words[0], words[1:]
	}
	if len(words) == 0 {
		return title, "", ""
	}
	k := len(words) - 1
	for k > 1 && particles[strings.ToLower(words[k-1])] {
		k--
	}
	return title, strings.Join(words[:k], " "), strings.Join(words[k:], " ")
}

// niceCase writes an all-capitals Latin-script name the way it is usually printed:
// "SMITH" → "Smith", "O'NEILL" → "O'Neill", "MCDONALD" → "McDonald", "SMITH-JONES" →
// "Smith-Jones", and in a surname "DE LA CRUZ" → "de la Cruz". A name with any lower-case
// letter, or any letter outside the Latin script (Greek, Cyrillic, …), is returned as given:
// it is either already cased by a person or cannot be cased safely.
func niceCase(s string, surname bool) string {
	upper := 0
	for _, r := range s {
		if r < utf8.RuneSelf {
			if r >= 'a' && r <= 'z' {
				return s
			}
			if r >= 'A' && r <= 'Z' {
				upper++
			}
			continue
		}
		if unicode.IsLetter(r) {
			if !unicode.Is(unicode.Latin, r) || unicode.IsLower(r) {
				return s
			}
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if upper < 2 { // an initial, or nothing to fix
		return s
	}
	words := strings.Split(s, " ")
	for i, w := range words {
		lw := strings.ToLower(w)
		if surname && particles[lw] && i < len(words)-1 {
			words[i] = lw
			continue
		}
		words[i] = capitaliseWord(lw)
	}
	return strings.Join(words, " ")
}

// capitaliseWord upper-cases the first letter of each part of a lower-cased word, parts being
// split by hyphens and by an apostrophe after a single letter (O'Neill, D'Arcy), and the
// letter after a leading "Mc".
func capitaliseWord(w string) string {
	r := []rune(w)
	start := true // next letter starts a part
	partLen := 0
	for i, c := range r {
		switch {
		case c == '-' || c == '(' || c == '.' || c == '/':
			start, partLen = true, 0
			continue
		case c == '\'' || c == '’':
			if partLen == 1 {
				start = true
			}
			partLen = 0
			continue
		}
		if !unicode.IsLetter(c) {
			continue
		}
		if start {
			r[i] = unicode.ToUpper(c)
			start = false
			// McDonald: "mc" at the start of a part, followed by at least two letters.
			if c == 'm' && i+3 < len(r) && r[i+1] == 'c' && unicode.IsLetter(r[i+2]) && unicode.IsLetter(r[i+3]) {
				r[i+2] = unicode.ToUpper(r[i+2])
			}
		}
		partLen++
	}
	return string(r)
}

// cleanCell trims a cell and turns any run of white space inside it (line breaks from a
// quoted cell, tabs, no-break spaces) into one space.
func cleanCell(s string) string {
	needs := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c >= utf8.RuneSelf || (c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ')) {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || (r < ' ')
	}), " ")
}
