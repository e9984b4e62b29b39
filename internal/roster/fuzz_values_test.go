package roster

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

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
