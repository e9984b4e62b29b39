package roster

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
	encUTF16LE    = "UTF-16LE"
	encUTF16BE    = "UTF-16BE"
	encUTF16LENoB = "UTF-16LE (no BOM)"
	encUTF16BENoB = "UTF-16BE (no BOM)"
)

// decodeText turns the bytes of a text file into UTF-8, detecting the encoding:
// a UTF-8 or UTF-16 byte-order mark; UTF-16 without one (every other byte zero in an
// ASCII header); valid UTF-8; otherwise Windows-1252, which is what Excel's plain
// "CSV" save writes on a UK Windows PC. It also turns old-Mac lone CR line ends into LF.
func decodeText(b []byte) (text, enc string, warnings []string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b, enc = b[3:], encUTF8BOM
		text = string(b)
		if !utf8.Valid(b) {
			text = strings.ToValidUTF8(text, "\uFFFD")
			warnings = append(warnings, "the file says it is UTF-8 but some bytes are not; they are shown as \uFFFD")
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
		text, enc = decodeWith(charmap.Windows1252, b), encWindows
	}
	if strings.IndexByte(text, '\n') < 0 && strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, enc, warnings
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
// quotes) in the first line that has any of them. Commas win ties; a file with none is
// a one-column CSV.
func detectDelimiter(text string) byte {
	const maxScan = 64 << 10
	if len(text) > maxScan {
		text = text[:maxScan]
	}
	var comma, tab, semi int
	inQuote := false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '"':
			inQuote = !inQuote
		case ',':
			if !inQuote {
				comma++
			}
		case '\t':
			if !inQuote {
				tab++
			}
		case ';':
			if !inQuote {
				semi++
			}
		case '\n':
			if !inQuote && comma+tab+semi > 0 {
				goto done
			}
		}
	}
done:
	switch {
	case tab > comma && tab >= semi:
		return '\t'
	case semi > comma && semi > tab:
		return ';'
	}
	return ','
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
