package table

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/accesspack/accesspack/internal/civil"
)

// DateVerdict says how a date cell was read.
type DateVerdict int

const (
	DateOK      DateVerdict = iota
	DateBlank               // empty cell
	DateBad                 // not a date that can be read
	DateUSStyle             // can only be month-first (10/27/2023): never guessed
)

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
	"nov": 11, "november": 11, "dec": 12, "december": 12,
}

// CellDate reads a cell of type k as a date: a number cell of a workbook is an Excel date
// serial in the workbook's date system; any other cell is read by ParseDate.
func CellDate(s string, k Kind, date1904 bool) (civil.Date, DateVerdict) {
	if k == Number && s != "" {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return ExcelDate(f, date1904)
		}
	}
	return ParseDate(s)
}

// ParseDate reads a date written as text: dd/mm/yyyy, d/m/yyyy (also with -, . or a space
// between), dd-Mon-yyyy and dd Month yyyy (any case), yyyy-mm-dd, each optionally followed
// by a time of day. Day-first always: a date that can only be month-first gives
// DateUSStyle, never a guess. s should be trimmed.
func ParseDate(s string) (civil.Date, DateVerdict) {
	if s == "" {
		return civil.Date{}, DateBlank
	}
	p1, rest := leadingDigits(s)
	if p1 == "" || len(rest) < 2 {
		return civil.Date{}, DateBad
	}
	sep := rest[0]
	if sep != '/' && sep != '-' && sep != '.' && sep != ' ' {
		return civil.Date{}, DateBad
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
		return civil.Date{}, DateBad
	}
	p3, rest := leadingDigits(rest[1:])
	if p3 == "" || !isTimeSuffix(rest) {
		return civil.Date{}, DateBad
	}
	n1, _ := strconv.Atoi(p1)
	n3, _ := strconv.Atoi(p3)
	switch {
	case len(p1) == 4 && !wordMonth && len(p2) <= 2 && len(p3) <= 2 && sep != ' ':
		n2, _ := strconv.Atoi(p2)
		return makeDate(n1, n2, n3)
	case len(p1) > 2 || len(p3) != 4:
		return civil.Date{}, DateBad
	case wordMonth:
		var lower [10]byte
		for i := 0; i < len(p2); i++ {
			lower[i] = p2[i] | 0x20
		}
		m, ok := monthNames[string(lower[:len(p2)])]
		if !ok {
			return civil.Date{}, DateBad
		}
		return makeDate(n3, int(m), n1)
	case sep == ' ' || len(p2) > 2:
		return civil.Date{}, DateBad
	}
	n2, _ := strconv.Atoi(p2)
	if n2 > 12 && n1 >= 1 && n1 <= 12 {
		if _, v := makeDate(n3, n1, n2); v == DateOK {
			return civil.Date{}, DateUSStyle
		}
	}
	return makeDate(n3, n2, n1)
}

func makeDate(y, m, d int) (civil.Date, DateVerdict) {
	if y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return civil.Date{}, DateBad
	}
	date := civil.New(y, time.Month(m), d)
	if date.Day != d { // 31 April and the like
		return civil.Date{}, DateBad
	}
	return date, DateOK
}

// ExcelDate converts an Excel date serial (days since 30 December 1899 in the usual 1900
// date system, with Excel's phantom 29 February 1900; days since 1 January 1904 in the 1904
// system). A time of day (the fraction) is dropped.
func ExcelDate(f float64, date1904 bool) (civil.Date, DateVerdict) {
	if math.IsNaN(f) || f < 1 || f >= 2958466 {
		return civil.Date{}, DateBad
	}
	days := int(math.Floor(f))
	var base civil.Date
	switch {
	case date1904:
		base = civil.Date{Year: 1904, Month: time.January, Day: 1}
	case days == 60:
		return civil.Date{}, DateBad // 29 February 1900 never existed
	case days < 60:
		base = civil.Date{Year: 1899, Month: time.December, Day: 31}
	default:
		base = civil.Date{Year: 1899, Month: time.December, Day: 30}
	}
	d := base.AddDays(days)
	if d.Year < 1800 || d.Year > 2200 {
		return civil.Date{}, DateBad
	}
	return d, DateOK
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

// YesNo reads a yes/no cell (trimmed): Y, Yes, True, 1, X or a tick are yes; N, No, False,
// 0, None, - and blank are no. ok is false for anything else, which each caller decides
// about (an At Risk value that is not clearly no is at risk).
func YesNo(s string) (val, ok bool) {
	switch len(s) {
	case 0:
		return false, true
	case 1:
		switch s[0] {
		case 'y', 'Y', '1', 'x', 'X':
			return true, true
		case 'n', 'N', '0', '-':
			return false, true
		}
	default:
		switch {
		case strings.EqualFold(s, "yes"), strings.EqualFold(s, "true"), s == "✓", s == "✔":
			return true, true
		case strings.EqualFold(s, "no"), strings.EqualFold(s, "false"), strings.EqualFold(s, "none"):
			return false, true
		}
	}
	return false, false
}
