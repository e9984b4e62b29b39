package table

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// xmlScanner is a small, strict XML tokenizer for worksheet parts, the one part of a
// workbook that can be large (a 100,000-row sheet is over 100 MB of XML). encoding/xml
// allocates several strings and an attribute slice for every element, so reading such a
// sheet allocated over a gigabyte and took about as much memory again in garbage as the
// patients themselves; this reads it with a few reused buffers.
//
// It checks what a mail merge needs from well-formedness: every element closes, in order,
// one root, attribute values quoted, entity and character references defined and valid,
// text UTF-8, no DOCTYPE (which could define entities). Names are compared by their local
// part, so prefixed parts (x:row) read the same. Line ends in text are normalised to LF
// as XML requires. The equivalence with encoding/xml is fuzzed (FuzzSheetScanner).
type xmlScanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	rerr     error // the reader's error, once it has given one

	// The current token.
	tok   tokenKind
	local []byte // local name of a start or end tag
	attrs []xmlAttr
	data  []byte // character data, decoded

	stack     [][]byte // full names of the open elements
	nopen     int      // how many are open
	rootSeen  bool
	rootEnded bool
	pending   bool // the end of a self-closing tag is the next token
}

type tokenKind int

const (
	tokStart tokenKind = iota + 1
	tokEnd
	tokText
)

type xmlAttr struct {
	name []byte // local name
	val  []byte // decoded
}

var (
	errSyntax   = errors.New("xml: not well-formed")
	errCutShort = errors.New("xml: the document ends early")
)

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, 0, 64<<10)}
}

// fill reads more bytes, keeping buf[pos:end], which it moves to the start of buf; it
// returns how far they moved (for offsets into them beyond pos), and false at the end of
// the input.
func (s *xmlScanner) fill() (shift int, ok bool) {
	if s.eof {
		return 0, false
	}
	if s.pos > 0 {
		n := copy(s.buf[:cap(s.buf)], s.buf[s.pos:s.end])
		s.buf = s.buf[:n]
		shift, s.pos, s.end = s.pos, 0, n
	}
	if s.end == cap(s.buf) {
		nb := make([]byte, s.end, 2*cap(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	n, err := s.r.Read(s.buf[s.end:cap(s.buf)])
	s.end += n
	s.buf = s.buf[:s.end]
	if err != nil {
		s.eof = true
		if err != io.EOF {
			s.rerr = err
		}
		if n == 0 {
			return shift, false
		}
	}
	return shift, true
}

// next reads the next token. It returns io.EOF at the end of a complete document, the
// reader's error if reading failed, and errSyntax for anything not well-formed.
func (s *xmlScanner) next() error {
	if s.pending {
		s.pending = false
		s.tok = tokEnd
		return s.pop(s.stack[s.nopen-1])
	}
	for {
		if s.pos >= s.end {
			if _, ok := s.fill(); !ok {
				if s.rerr != nil {
					return s.rerr
				}
				if s.nopen > 0 || !s.rootSeen {
					return errCutShort
				}
				return io.EOF
			}
			continue
		}
		if s.buf[s.pos] != '<' {
			return s.charData()
		}
		// A tag: make sure its first bytes are here.
		for s.end-s.pos < 9 {
			if _, ok := s.fill(); !ok {
				break
			}
		}
		b := s.buf[s.pos:s.end]
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			body, err := s.skipTo(len("<?"), "?>")
			if err != nil {
				return err
			}
			if err := checkDeclaration(body); err != nil {
				return err
			}
		case bytes.HasPrefix(b, []byte("<!--")):
			body, err := s.skipTo(len("<!--"), "-->")
			if err != nil {
				return err
			}
			if bytes.Contains(body, []byte("--")) || bytes.HasSuffix(body, []byte("-")) {
				return errSyntax
			}
		case bytes.HasPrefix(b, []byte("<![CDATA[")):
			if s.nopen == 0 {
				return errSyntax
			}
			body, err := s.skipTo(len("<![CDATA["), "]]>")
			if err != nil {
				return err
			}
			s.tok, s.data = tokText, append(s.data[:0], body...)
			return s.checkText()
		case bytes.HasPrefix(b, []byte("<!")):
			return errSyntax // a DOCTYPE: no workbook part has one
		case bytes.HasPrefix(b, []byte("</")):
			return s.endTag()
		default:
			return s.startTag()
		}
	}
}

// skipTo moves past the next occurrence of end after the prefix bytes of the current
// markup (such as "<!--"), and returns what came between them, valid until the next read.
func (s *xmlScanner) skipTo(prefix int, end string) ([]byte, error) {
	from := s.pos + prefix
	for {
		if from <= s.end {
			if i := bytes.Index(s.buf[from:s.end], []byte(end)); i >= 0 {
				body := s.buf[s.pos+prefix : from+i]
				s.pos = from + i + len(end)
				return body, nil
			}
			from = max(s.pos+prefix, s.end-len(end)+1)
		}
		shift, err := s.more()
		if err != nil {
			return nil, err
		}
		from -= shift
	}
}

// more is fill for markup that must go on: the end of the input cuts it short.
func (s *xmlScanner) more() (shift int, err error) {
	shift, ok := s.fill()
	if !ok {
		if s.rerr != nil {
			return 0, s.rerr
		}
		return 0, errCutShort
	}
	return shift, nil
}

// checkDeclaration checks a processing instruction (body runs from after "<?" to before "?>"):
// its target must be a name, and an XML declaration may only declare version 1.0 and
// UTF-8; other instructions are ignored.
func checkDeclaration(body []byte) error {
	i := 0
	for i < len(body) && !isSpace(body[i]) {
		i++
	}
	target, content := body[:i], body[i:]
	if !validName(target) {
		return errSyntax
	}
	if string(target) != "xml" {
		return nil
	}
	for _, name := range []string{"version", "encoding"} {
		v, ok := pseudoAttr(content, name)
		if !ok {
			return errSyntax
		}
		switch {
		case v == nil:
		case name == "version" && string(v) != "1.0":
			return errSyntax
		case name == "encoding" && !bytes.EqualFold(v, []byte("utf-8")):
			return errSyntax
		}
	}
	return nil
}

// pseudoAttr finds name="value" in an XML declaration: nil if absent, ok false if malformed.
func pseudoAttr(content []byte, name string) (v []byte, ok bool) {
	i := bytes.Index(content, []byte(name))
	if i < 0 {
		return nil, true
	}
	rest := bytes.TrimLeft(content[i+len(name):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return nil, false
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) < 2 || rest[0] != '"' && rest[0] != '\'' {
		return nil, false
	}
	j := bytes.IndexByte(rest[1:], rest[0])
	if j < 0 {
		return nil, false
	}
	return rest[1 : 1+j], true
}

// charData reads text up to the next "<" (or the end).
func (s *xmlScanner) charData() error {
	from, end := s.pos, 0
	for {
		if i := bytes.IndexByte(s.buf[from:s.end], '<'); i >= 0 {
			end = from + i
			break
		}
		from = s.end
		shift, ok := s.fill()
		from -= shift
		if !ok {
			if s.rerr != nil {
				return s.rerr
			}
			end = s.end
			break
		}
	}
	raw := s.buf[s.pos:end]
	s.pos = end
	if s.nopen == 0 {
		if !spaceOnly(raw) {
			return errSyntax
		}
		s.tok, s.data = tokText, s.data[:0]
		return nil
	}
	var err error
	s.data, err = decodeText(s.data[:0], raw, true)
	if err != nil {
		return err
	}
	s.tok = tokText
	return s.checkText()
}

func (s *xmlScanner) checkText() error {
	if !xmlChars(s.data) {
		return errSyntax
	}
	return nil
}

// xmlChars reports whether b is UTF-8 made only of characters XML allows.
func xmlChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			return false
		}
		i += size
	}
	return true
}

// tagEnd finds the ">" that ends the tag starting at s.pos, outside quoted values, reading
// more as needed; it returns the tag's bytes (from "<" to before ">").
func (s *xmlScanner) tagEnd() ([]byte, error) {
	i := s.pos + 1
	var quote byte
	for {
		for ; i < s.end; i++ {
			c := s.buf[i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				} else if c == '<' {
					return nil, errSyntax
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				tag := s.buf[s.pos:i]
				s.pos = i + 1
				return tag, nil
			case c == '<':
				return nil, errSyntax
			}
		}
		shift, err := s.more()
		if err != nil {
			return nil, err
		}
		i -= shift
	}
}

func (s *xmlScanner) startTag() error {
	tag, err := s.tagEnd()
	if err != nil {
		return err
	}
	tag = tag[1:]  // "<"
	empty := false // a start tag that closes itself: <c r="A1"/>
	if n := len(tag); n > 0 && tag[n-1] == '/' {
		empty, tag = true, tag[:n-1]
	}
	i := 0
	for i < len(tag) && !isSpace(tag[i]) {
		i++
	}
	full := tag[:i]
	if !validName(full) || s.rootEnded {
		return errSyntax
	}
	if s.nopen == 0 {
		if s.rootSeen {
			return errSyntax
		}
		s.rootSeen = true
	}
	s.attrs = s.attrs[:0]
	rest := tag[i:]
	for {
		rest = trimSpace(rest)
		if len(rest) == 0 {
			break
		}
		eq := bytes.IndexByte(rest, '=')
		if eq <= 0 {
			return errSyntax
		}
		an := trimSpace(rest[:eq])
		if !validName(an) {
			return errSyntax
		}
		rest = trimSpace(rest[eq+1:])
		if len(rest) < 2 || rest[0] != '"' && rest[0] != '\'' {
			return errSyntax
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return errSyntax
		}
		raw := rest[1 : 1+end]
		rest = rest[2+end:] // (encoding/xml, too, does not insist on a space before the next)
		k := len(s.attrs)
		if k < cap(s.attrs) {
			s.attrs = s.attrs[:k+1]
		} else {
			s.attrs = append(s.attrs, xmlAttr{})
		}
		a := &s.attrs[k]
		a.name = local(an)
		if a.val, err = decodeText(a.val[:0], raw, false); err != nil {
			return err
		}
		if !xmlChars(a.val) {
			return errSyntax
		}
	}
	s.push(full)
	s.tok, s.local, s.pending = tokStart, local(full), empty
	return nil
}

func (s *xmlScanner) endTag() error {
	tag, err := s.tagEnd()
	if err != nil {
		return err
	}
	full := trimSpace(tag[2:])
	if !validName(full) || s.nopen == 0 {
		return errSyntax
	}
	s.tok = tokEnd
	return s.pop(full)
}

func (s *xmlScanner) push(full []byte) {
	if s.nopen < len(s.stack) {
		s.stack[s.nopen] = append(s.stack[s.nopen][:0], full...)
	} else {
		s.stack = append(s.stack, append([]byte(nil), full...))
	}
	s.nopen++
}

func (s *xmlScanner) pop(full []byte) error {
	top := s.stack[s.nopen-1]
	if !bytes.Equal(top, full) {
		return errSyntax
	}
	s.nopen--
	s.local = local(top)
	if s.nopen == 0 {
		s.rootEnded = true
	}
	return nil
}

func (s *xmlScanner) kind() tokenKind   { return s.tok }
func (s *xmlScanner) name() []byte      { return s.local }
func (s *xmlScanner) text() []byte      { return s.data }
func (s *xmlScanner) depth() int        { return s.nopen }
func (s *xmlScanner) open(i int) []byte { return local(s.stack[i]) }

// attr returns the value of the current start tag's attribute with this local name.
func (s *xmlScanner) attr(name string) []byte {
	for i := range s.attrs {
		if string(s.attrs[i].name) == name {
			return s.attrs[i].val
		}
	}
	return nil
}

// decodeText appends raw to dst with entity and character references replaced (and, in
// character data, CR LF and CR made LF).
func decodeText(dst, raw []byte, text bool) ([]byte, error) {
	if bytes.IndexByte(raw, '&') < 0 && (!text || bytes.IndexByte(raw, '\r') < 0) {
		return append(dst, raw...), nil
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\r' && text:
			dst = append(dst, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case c == '&':
			j := bytes.IndexByte(raw[i:], ';')
			if j < 2 {
				return nil, errSyntax
			}
			ref := raw[i+1 : i+j]
			i += j
			switch string(ref) {
			case "lt":
				dst = append(dst, '<')
			case "gt":
				dst = append(dst, '>')
			case "amp":
				dst = append(dst, '&')
			case "apos":
				dst = append(dst, '\'')
			case "quot":
				dst = append(dst, '"')
			default:
				if ref[0] != '#' {
					return nil, errSyntax
				}
				var n uint64
				var err error
				if len(ref) > 1 && ref[1] == 'x' {
					n, err = strconv.ParseUint(string(ref[2:]), 16, 32)
				} else {
					n, err = strconv.ParseUint(string(ref[1:]), 10, 32)
				}
				if err != nil || !isXMLChar(rune(n)) {
					return nil, errSyntax
				}
				dst = utf8.AppendRune(dst, rune(n))
			}
		default:
			dst = append(dst, c)
		}
	}
	return dst, nil
}

// isXMLChar reports whether r may appear in an XML document (XML 1.0 Char).
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// spaceOnly reports whether b, text outside a part's root element, is what XML allows
// there: white space only (and a byte-order mark).
func spaceOnly(b []byte) bool {
	for _, c := range bytes.ReplaceAll(b, []byte("\ufeff"), nil) {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// validName accepts an XML name (letters, digits, "_", "-", ".", and a colon between a
// prefix and the local name), as encoding/xml does.
func validName(b []byte) bool {
	if len(b) == 0 || b[0] == ':' || b[len(b)-1] == ':' || bytes.Count(b, []byte(":")) > 1 {
		return false
	}
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		switch {
		case r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '_' || r == ':':
		case i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '.'):
		case r >= utf8.RuneSelf && r != utf8.RuneError && (unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc))):
		default:
			return false
		}
		i += size
	}
	return true
}

func local(full []byte) []byte {
	if i := bytes.IndexByte(full, ':'); i >= 0 {
		return full[i+1:]
	}
	return full
}
