package roster

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/accesspack/accesspack/internal/civil"
)

var dayMonthYear = regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4})(?:$|[ T])`)

// FuzzParseDate: any cell text gives a verdict without panicking; a date read is a real
// calendar date in range that reads back the same in every accepted form; a numeric date
// is always day-first; and a cell is called month-first (US style) only when its middle
// number cannot be a month and its first can.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"01/02/1980", "1/2/1980", "27-Oct-2023", "27 october 2023", "2023-10-27", "2023-10-27T00:00:00Z",
		"10/27/2023", "05/06/2001", "31/04/2001", "29/02/1900", "29/02/2000", "45231", "45231.75", "60", "0", "-1", "1e308", "NaN",
		"01.02.1980 12:00 AM", "1/2/80", "99999/1/2023", "31-Feb-2023", "01/02/1980 00:00:00", "", " ", "\u00a0", "٠١/٠٢/١٩٨٠"} {
		f.Add(s, false, false)
		f.Add(s, true, false)
		f.Add(s, true, true)
	}
	f.Fuzz(func(t *testing.T, s string, serials, date1904 bool) {
		d, v := parseDate(s, serials, date1904)
		switch v {
		case dateBlank:
			if s != "" {
				t.Fatalf("%q is not blank", s)
			}
		case dateUSStyle:
			m := dayMonthYear.FindStringSubmatch(s)
			if m == nil || m[2] != m[4] {
				t.Fatalf("%q called month-first but is not d/m/yyyy-shaped", s)
			}
			n1, _ := strconv.Atoi(m[1])
			n2, _ := strconv.Atoi(m[3])
			if !(n2 > 12 && n1 >= 1 && n1 <= 12) {
				t.Fatalf("%q called month-first but %d could be a month", s, n2)
			}
		case dateOK:
			if d.Year < 1800 || d.Year > 2200 || civil.New(d.Year, d.Month, d.Day) != d {
				t.Fatalf("%q read as impossible date %+v", s, d)
			}
			if m := dayMonthYear.FindStringSubmatch(s); m != nil && m[2] == m[4] && !(serials && isNumber(s)) {
				n1, _ := strconv.Atoi(m[1])
				n2, _ := strconv.Atoi(m[3])
				if d.Day != n1 || int(d.Month) != n2 {
					t.Fatalf("%q read as %s: not day-first", s, d)
				}
			}
			for _, form := range []string{
				fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year),
				fmt.Sprintf("%d/%d/%04d", d.Day, d.Month, d.Year),
				fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day),
				fmt.Sprintf("%02d-%s-%04d", d.Day, d.Month.String()[:3], d.Year),
				d.Long(),
			} {
				if back, v := parseDate(form, serials, date1904); v != dateOK || back != d {
					t.Fatalf("%q read as %s, but %q reads back as %s (%d)", s, d, form, back, v)
				}
			}
		}
		if v != dateOK && !d.IsZero() {
			t.Fatalf("%q: verdict %d with a date %+v", s, v, d)
		}
	})
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }

// FuzzNames: cleaning, casing and splitting any name text never panics, never invents or
// loses letters, and never leaves control characters or runs of spaces.
func FuzzNames(f *testing.F) {
	for _, s := range []string{"SMITH, John (Mr)", "Mr John Smith", "O'NEILL", "MCDONALD", "DE LA CRUZ, MARIA", "SMITH-JONES",
		"ŁUKASZ", "WEIß", "ERDŐS", "ĐOKIĆ", "YILDIZ", "İPEK", "Ǆ", "ﬀ", "ΣΊΣΥΦΟΣ", "李小龍", "\u202eSMITH\u202c", "\x00\x07 MC",
		"Mc", "M'", "(MR)", "Dr", "Mr Mr", ",,", "  SMITH  ,  JOHN  ", "😀 SMITH", "{{.Name}}", strings.Repeat("MAC", 100),
		"\xff\xfeBAD", "A\u00a0B\u2028C", "D'ARCY-MCDONALD (REVD)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := cleanCell(s)
		if c != strings.TrimSpace(c) || strings.Contains(c, "  ") || strings.IndexFunc(c, func(r rune) bool { return r < ' ' || unicode.IsSpace(r) && r != ' ' }) >= 0 {
			t.Fatalf("cleanCell(%q) = %q", s, c)
		}
		if cleanCell(c) != c {
			t.Fatalf("cleanCell not idempotent on %q", s)
		}
		for _, surname := range []bool{false, true} {
			n := niceCase(c, surname)
			if utf8.ValidString(c) && !utf8.ValidString(n) {
				t.Fatalf("niceCase(%q) = %q: invalid UTF-8", c, n)
			}
			if !sameLettersIgnoringCase(c, n) {
				t.Fatalf("niceCase(%q, %v) = %q changes more than case", c, surname, n)
			}
			if niceCase(n, surname) != n {
				t.Fatalf("niceCase not idempotent: %q → %q → %q", c, n, niceCase(n, surname))
			}
		}
		title, fore, sur := splitFullName(s)
		if title != "" && !isTitle(title) {
			t.Fatalf("splitFullName(%q): title %q is not a title", s, title)
		}
		for _, part := range []string{title, fore, sur} {
			if !strings.Contains(c, part) {
				t.Fatalf("splitFullName(%q) = %q, %q, %q: %q is not in the name", s, title, fore, sur, part)
			}
		}
		if len(title)+len(fore)+len(sur) > len(c) {
			t.Fatalf("splitFullName(%q) = %q, %q, %q: longer than the name", s, title, fore, sur)
		}
		if c != "" && strings.IndexFunc(c, func(r rune) bool { return r != ',' && r != '(' && r != ')' && r != ' ' }) >= 0 && title+fore+sur == "" {
			t.Fatalf("splitFullName(%q) lost the whole name", s)
		}
	})
}

// sameLettersIgnoringCase reports whether b is a, rune for rune, up to case.
func sameLettersIgnoringCase(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	for i := range ra {
		x, y := ra[i], rb[i]
		if x == y || unicode.ToLower(x) == unicode.ToLower(y) || unicode.ToUpper(x) == unicode.ToUpper(y) {
			continue
		}
		return false
	}
	return true
}
