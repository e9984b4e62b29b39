package roster

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// cleanCell trims a cell, turns any run of white space inside it (line breaks from a
// quoted cell, tabs, no-break spaces) into one space, and removes invisible format
// characters (a zero-width space pasted into a name, a byte-order mark, a soft hyphen),
// which a letter cannot print and nobody meant.
func cleanCell(s string) string {
	needs, format := false, false
	for i := 0; i < len(s) && !needs; i++ {
		switch c := s[i]; {
		case c < ' ':
			needs = true
		case c == ' ':
			needs = i == 0 || i == len(s)-1 || s[i+1] == ' '
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			format = unicode.Is(unicode.Cf, r)
			needs = unicode.IsSpace(r) || format
			i += size - 1
		}
	}
	if !needs {
		return s
	}
	if format || strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cf, r) }) {
		s = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}, s)
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r < ' '
	}), " ")
}
