package table

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Encoding names reported in List.Encoding.
const (
	encUTF8       = "UTF-8"
	encUTF8BOM    = "UTF-8 (BOM)"
	encWindows    = "Windows-1252"
	encMixed      = "UTF-8 and Windows-1252"
	encUTF16LE    = "UTF-16LE"
	encUTF16BE    = "UTF-16BE"
	encUTF16LENoB = "UTF-16LE (no BOM)"
	encUTF16BENoB = "UTF-16BE (no BOM)"
)

// DecodeText turns the bytes of a text file into UTF-8, detecting the encoding:
// a UTF-8 or UTF-16 byte-order mark; UTF-16 without one (every other byte zero in an
// ASCII header); valid UTF-8; otherwise Windows-1252, which is what Excel's plain
// "CSV" save writes on a UK Windows PC. Line ends are left as they are.
func DecodeText(b []byte) (text, enc string, warnings []string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b, enc = b[3:], encUTF8BOM
		text = string(b)
		if !utf8.Valid(b) {
			text, _ = decodeMixed(b)
			enc = encMixed
			warnings = append(warnings, "the file says it is UTF-8 but has some Windows-1252 text (perhaps rows pasted from another file); it was read as such, so check accented names")
		}
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		text, enc = decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), b[2:]), encUTF16LE
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		text, enc = decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), b[2:]), encUTF16BE
	case len(b) >= 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0:
		text, enc = decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), b), encUTF16LENoB
	case len(b) >= 4 && b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0:
		text, enc = decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), b), encUTF16BENoB
	case utf8.Valid(b):
		text, enc = string(b), encUTF8
	default:
		var multi bool
		text, multi = decodeMixed(b)
		enc = encWindows
		if multi {
			enc = encMixed
			warnings = append(warnings, "the file mixes UTF-8 with Windows-1252 text (perhaps rows pasted from another file); each part was read in its own encoding, so check accented names")
		}
	}
	return text, enc, warnings
}

// decodeMixed reads bytes that are not valid UTF-8: each invalid byte is read as
// Windows-1252, while any valid multi-byte UTF-8 sequence is kept, so a UTF-8 file with a few
// pasted Windows-1252 rows does not have all its other accented letters mangled. (In real
// Windows-1252 text, a byte pair that happens to be valid UTF-8, such as "Ã©", hardly occurs.)
// multi reports whether any multi-byte UTF-8 sequence was kept.
func decodeMixed(b []byte) (text string, multi bool) {
	out := make([]byte, 0, len(b)+len(b)/8)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		if r, size := utf8.DecodeRune(b[i:]); r != utf8.RuneError || size > 1 {
			out = append(out, b[i:i+size]...)
			i += size
			multi = true
			continue
		}
		out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(c))
		i++
	}
	return string(out), multi
}

func decodeWith(e encoding.Encoding, b []byte) string {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		// The decoders used here replace bad input rather than fail; keep going regardless.
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	if !utf8.Valid(out) {
		return strings.ToValidUTF8(string(out), "\uFFFD")
	}
	return string(out)
}

// detectDelimiter picks comma, tab or semicolon: whichever occurs most often (outside
// quotes) in the header line, taken to be the first of the first few lines whose cells,
// split by that delimiter, pass isHeader, or else the first line that has any of them.
// Commas win ties; a file with none is a one-column CSV.
func detectDelimiter(text string, isHeader func([]string) bool) byte {
	const maxLines = 20
	fallback, haveFallback := byte(','), false
	inQuote := false
	var comma, tab, semi, lines int
	start := 0
	for i := 0; i <= len(text) && lines < maxLines; i++ {
		if i < len(text) {
			switch text[i] {
			case '"':
				inQuote = !inQuote
				continue
			case ',':
				if !inQuote {
					comma++
				}
				continue
			case '\t':
				if !inQuote {
					tab++
				}
				continue
			case ';':
				if !inQuote {
					semi++
				}
				continue
			case '\n', '\r':
				if inQuote {
					continue
				}
			default:
				continue
			}
		}
		// End of a line (or of the text). A CR LF pair is one line end.
		if i+1 < len(text) && text[i] == '\r' && text[i+1] == '\n' {
			i++
		}
		if comma+tab+semi > 0 {
			d := byte(',')
			switch {
			case tab > comma && tab >= semi:
				d = '\t'
			case semi > comma && semi > tab:
				d = ';'
			}
			if isHeader != nil {
				sc := &csvScanner{s: text[start:i], delim: d}
				if cells, err := sc.next(); err == nil && isHeader(cells) {
					return d
				}
			}
			if !haveFallback {
				fallback, haveFallback = d, true
			}
		}
		comma, tab, semi, start = 0, 0, 0, i+1
		lines++
	}
	return fallback
}

// sniff names binary formats that are sometimes renamed or mistaken for a patient list.
// It returns "" for anything else.
func sniff(b []byte) (kind string) {
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")), bytes.HasPrefix(b, []byte("PK\x05\x06")):
		return "zip"
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return "ole"
	case bytes.HasPrefix(b, []byte("%PDF")):
		return "pdf"
	case bytes.HasPrefix(b, []byte{0x1F, 0x8B}):
		return "gzip"
	case bytes.HasPrefix(b, []byte("\x89PNG")), bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image"
	case bytes.HasPrefix(b, []byte("{\\rtf")):
		return "rtf"
	}
	return ""
}
