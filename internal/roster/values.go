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
		var lower [10]byte
		for i := 0; i < len(p2); i++ {
			lower[i] = p2[i] | 0x20
		}
		m, ok := monthNames[string(lower[:len(p2)])]
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

func isTitle(w string) bool {
	w = strings.TrimSuffix(w, ".")
	var lower [16]byte
	if len(w) > len(lower) {
		return false
	}
	for i := 0; i < len(w); i++ {
		lower[i] = w[i]
		if c := w[i]; c >= 'A' && c <= 'Z' {
			lower[i] = c | 0x20
		}
	}
	return titles[string(lower[:len(w)])]
}

// particles are written in lower case inside an all-caps surname ("DE LA CRUZ" → "de la Cruz").
var particles = map[string]bool{
	"de": true, "la": true, "du": true, "da": true, "di": true, "del": true, "della": true,
	"van": true, "von": true, "der": true, "den": true, "dos": true, "das": true, "ter": true, "ten": true,
}

// splitFullName reads a Full Name cell in either EMIS form, "SURNAME, Forename (Title)",
// or "Title Forename Surname".
func splitFullName(s string) (title, forename, surname string) {
	s = cleanCell(s)
	if strings.HasSuffix(s, ")") {
		// "(Mr)"; anything else in brackets, such as a preferred name, stays where it is.
		if j := strings.LastIndexByte(s, '('); j >= 0 && isTitle(strings.TrimSpace(s[j+1:len(s)-1])) {
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
// it is either already cased by a person or cannot be cased safely. "Mac" is left alone
// (Macdonald, but also Mack, Mace, Macey).
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
	var b strings.Builder
	b.Grow(len(s) + 4)
	for rest := s; ; {
		w, more, found := strings.Cut(rest, " ")
		if surname && found && isParticle(w) {
			for i := 0; i < len(w); i++ {
				b.WriteByte(w[i] | 0x20) // particles are ASCII letters
			}
		} else {
			writeCapitalised(&b, w)
		}
		if !found {
			break
		}
		b.WriteByte(' ')
		rest = more
	}
	return b.String()
}

func isParticle(w string) bool {
	if len(w) > 5 {
		return false
	}
	for p := range particles {
		if strings.EqualFold(w, p) {
			return true
		}
	}
	return false
}

// writeCapitalised writes an upper-case word with the first letter of each part upper case
// and the rest lower case; parts are split by hyphens and by an apostrophe after a single
// letter (O'Neill, D'Arcy), and a leading "Mc" before two more letters gives McDonald.
func writeCapitalised(b *strings.Builder, w string) {
	start, partLen := true, 0
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		switch {
		case r == '-' || r == '(' || r == '.' || r == '/':
			start, partLen = true, 0
		case r == '\'' || r == '’':
			start, partLen = partLen == 1, 0
		case !unicode.IsLetter(r):
		case start:
			start = false
			partLen++
			if r == 'M' && i < len(w) && w[i] == 'C' && lettersAhead(w[i+1:], 2) {
				b.WriteString("Mc")
				i++
				r, size = utf8.DecodeRuneInString(w[i:])
				i += size
				partLen += 2
			}
			b.WriteRune(unicode.ToUpper(r))
			continue
		default:
			partLen++
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
}

// lettersAhead reports whether s starts with at least n letters.
func lettersAhead(s string, n int) bool {
	for _, r := range s {
		if n == 0 {
			return true
		}
		if !unicode.IsLetter(r) {
			return false
		}
		n--
	}
	return n == 0
}

// cleanCell trims a cell and turns any run of white space inside it (line breaks from a
// quoted cell, tabs, no-break spaces) into one space.
func cleanCell(s string) string {
	needs := false
	for i := 0; i < len(s) && !needs; i++ {
		switch c := s[i]; {
		case c < ' ':
			needs = true
		case c == ' ':
			needs = i == 0 || i == len(s)-1 || s[i+1] == ' '
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			needs = unicode.IsSpace(r)
			i += size - 1
		}
	}
	if !needs {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r < ' '
	}), " ")
}
