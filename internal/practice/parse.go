package practice

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/suggest"
)

// Error is a problem with the practice file: a syntax error, an unknown key, a value of
// the wrong kind or a missing required value. The command line prints it and exits 2.
// Practice files hold no patient data, so Problem may quote the value at fault.
type Error struct {
	File    string // the file as named to Parse or Load; "" for a value given by a flag
	Line    int    // 1-based; 0 when not known (a key that is missing from the file)
	Key     string // dotted key, e.g. "icb.name", or a flag such as "--go-live"
	Problem string
	Hint    string // what to do about it; may be ""
}

// Error reads "practice.toml:12: icb.nmae: unknown key". The Hint is not included:
// the command line prints it on its own "hint:" line.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Problem)
	return b.String()
}

// source remembers where a practice's values came from, for error messages.
type source struct {
	file  string
	lines map[string]int // dotted key (or table) -> line of its first mention
	flags map[string]string
}

// Load reads and parses the practice file at path. It does not check that required
// values are present: see Check.
func Load(path string) (*Practice, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		e := &Error{File: path, Problem: "cannot read the practice file"}
		switch {
		case errors.Is(err, os.ErrNotExist):
			e.Problem = "no such file"
			e.Hint = "run `accesspack init` to write an example practice file to edit"
		case errors.Is(err, os.ErrPermission):
			e.Problem = "permission denied"
		}
		return nil, e
	}
	return Parse(data, path)
}

// Parse reads a practice file held in data; name is used in error messages. Every key
// must be one Parse knows (see Example); the first problem, in file order, is returned
// as an *Error with its line. Values missing from the file are left zero, except the
// envelope window, which defaults to DefaultWindow.
func Parse(data []byte, name string) (*Practice, error) {
	text := strings.TrimPrefix(string(data), "\ufeff")
	var raw map[string]any
	md, err := toml.Decode(text, &raw)
	if err != nil {
		return nil, syntaxError(err, name, text)
	}
	src := &source{file: name, lines: keyLines(text)}
	p := &Practice{Window: DefaultWindow, src: src}
	d := decoder{src: src}
	for _, k := range md.Keys() {
		if err := d.set(p, k, lookup(raw, k)); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func syntaxError(err error, name, text string) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{File: name, Problem: err.Error()}
	}
	e := &Error{File: name, Line: pe.Position.Line, Problem: "not valid TOML: " + pe.Message}
	// Name the key only when it is written on the line at fault.
	if lines := strings.Split(text, "\n"); pe.LastKey != "" && e.Line >= 1 && e.Line <= len(lines) {
		l := lines[e.Line-1]
		k := strings.Split(pe.LastKey, ".")
		if i := strings.IndexByte(l, '='); i > 0 && strings.Contains(l[:i], k[len(k)-1]) {
			e.Key = pe.LastKey
		}
	}
	e.Hint = "text values go in double quotes (name = \"Meadowbank Surgery\"), lists in square brackets, dates as 2027-01-15"
	switch {
	case strings.Contains(pe.Message, "already been defined") || strings.Contains(pe.Message, "already created"):
		e.Hint = "each key may appear only once; remove the repeated one"
	case strings.Contains(pe.Message, "UTF-8"):
		e.Hint = "save the file as UTF-8 (in Notepad: File, Save As, Encoding: UTF-8)"
	}
	return e
}

// lookup returns the value at key k in the decoded document.
func lookup(m map[string]any, k toml.Key) any {
	var v any = m
	for _, piece := range k {
		t, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = t[piece]
	}
	return v
}

type decoder struct{ src *source }

// keyName writes a key as it appears in the file: icb.name.
func keyName(k toml.Key) string { return strings.Join(k, ".") }

func (d decoder) errorAt(k toml.Key, problem, hint string) *Error {
	return &Error{File: d.src.file, Line: d.src.line(keyName(k)), Key: keyName(k), Problem: problem, Hint: hint}
}

// line returns the line where key (or its nearest enclosing table) is written, or 0.
func (s *source) line(key string) int {
	for key != "" {
		if n, ok := s.lines[key]; ok {
			return n
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return 0
}

// Keys the practice file knows, for "did you mean" hints and unknown-key errors.
var (
	topKeys = []string{"name", "ods_code", "address", "phone", "email", "website", "info_url",
		"pathway", "go_live", "letter_date", "reply_by", "bulk_104",
		"signatory", "icb", "emis", "dpia", "window", "headers"}
	tableKeys = map[string][]string{
		"signatory": {"name", "role"},
		"icb":       {"name", "address", "contact", "email"},
		"emis":      {"name", "address", "contact", "email"},
		"dpia":      {"date", "concerns"},
		"window":    {"left_mm", "top_mm", "width_mm", "height_mm"},
	}
)

func (d decoder) set(p *Practice, k toml.Key, v any) error {
	switch len(k) {
	case 1:
		return d.setTop(p, k, v)
	case 2:
		if k[0] == "headers" {
			s, err := d.str(k, v)
			if p.Headers == nil {
				p.Headers = map[string]string{}
			}
			p.Headers[k[1]] = s
			return err
		}
		if keys, ok := tableKeys[k[0]]; ok {
			return d.setIn(p, k, v, keys)
		}
	}
	return d.unknown(k)
}

func (d decoder) unknown(k toml.Key) error {
	parent, last := k[:len(k)-1], k[len(k)-1]
	var known []string
	switch {
	case len(parent) == 0:
		known = topKeys
	case len(parent) == 1:
		known = tableKeys[parent[0]]
	}
	e := d.errorAt(k, "unknown key", "")
	if s := suggest.Nearest(last, known); s != "" {
		e.Hint = "did you mean " + keyName(append(append(toml.Key{}, parent...), s)) + "?"
	} else if len(parent) == 0 || known != nil {
		where := "at the top of the file"
		if len(parent) > 0 {
			where = "in [" + keyName(parent) + "]"
		}
		e.Hint = "keys allowed " + where + ": " + strings.Join(known, ", ")
	} else {
		e.Hint = "run `accesspack init` to see every key the practice file takes"
	}
	return e
}

func (d decoder) setTop(p *Practice, k toml.Key, v any) error {
	var err error
	switch k[0] {
	case "name":
		p.Name, err = d.str(k, v)
	case "ods_code":
		p.ODS, err = d.str(k, v)
		p.ODS = strings.ToUpper(p.ODS)
	case "address":
		p.Address, err = d.strs(k, v)
	case "phone":
		p.Phone, err = d.str(k, v)
	case "email":
		p.Email, err = d.str(k, v)
	case "website":
		p.Website, err = d.str(k, v)
	case "info_url":
		p.InfoURL, err = d.str(k, v)
	case "pathway":
		p.Pathway, err = d.str(k, v)
		p.Pathway = strings.ToLower(p.Pathway)
	case "go_live":
		p.GoLive, err = d.date(k, v)
	case "letter_date":
		p.LetterDate, err = d.date(k, v)
	case "reply_by":
		p.ReplyBy, err = d.date(k, v)
	case "bulk_104":
		p.Bulk104, err = d.boolean(k, v)
	case "headers":
		if err = d.table(k, v); err == nil && p.Headers == nil {
			p.Headers = map[string]string{}
		}
	case "signatory", "icb", "emis", "dpia", "window":
		err = d.table(k, v)
	default:
		return d.unknown(k)
	}
	return err
}

func (d decoder) setIn(p *Practice, k toml.Key, v any, known []string) error {
	var err error
	org := func(o *Organisation) {
		switch k[1] {
		case "name":
			o.Name, err = d.str(k, v)
		case "address":
			o.Address, err = d.strs(k, v)
		case "contact":
			o.Contact, err = d.str(k, v)
		case "email":
			o.Email, err = d.str(k, v)
		}
	}
	if !contains(known, k[1]) {
		return d.unknown(k)
	}
	switch k[0] {
	case "signatory":
		if k[1] == "name" {
			p.Signatory.Name, err = d.str(k, v)
		} else {
			p.Signatory.Role, err = d.str(k, v)
		}
	case "icb":
		org(&p.ICB)
	case "emis":
		org(&p.EMIS)
	case "dpia":
		if k[1] == "date" {
			p.DPIA.Date, err = d.date(k, v)
		} else {
			p.DPIA.Concerns, err = d.strs(k, v)
		}
	case "window":
		var f float64
		f, err = d.number(k, v)
		switch k[1] {
		case "left_mm":
			p.Window.Left = f
		case "top_mm":
			p.Window.Top = f
		case "width_mm":
			p.Window.Width = f
		case "height_mm":
			p.Window.Height = f
		}
	}
	return err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// What a value is, in words a practice manager knows.
func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case int64, float64:
		return "a number"
	case bool:
		return "true or false"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

func (d decoder) table(k toml.Key, v any) error {
	if _, ok := v.(map[string]any); !ok {
		return d.errorAt(k, "should be a table, not "+kindOf(v),
			fmt.Sprintf("write it as a section: [%s] on its own line, then its keys below", keyName(k)))
	}
	return nil
}

func (d decoder) str(k toml.Key, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", d.errorAt(k, "should be text in double quotes, not "+kindOf(v),
			fmt.Sprintf("for example: %s = \"…\"", k[len(k)-1]))
	}
	return strings.TrimSpace(s), nil
}

func (d decoder) strs(k toml.Key, v any) ([]string, error) {
	hint := fmt.Sprintf("write a list of lines in square brackets: %s = [\"first line\", \"second line\"]", k[len(k)-1])
	list, ok := v.([]any)
	if !ok {
		return nil, d.errorAt(k, "should be a list of text, not "+kindOf(v), hint)
	}
	out := make([]string, 0, len(list))
	for i, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, d.errorAt(k, fmt.Sprintf("item %d should be text in double quotes, not %s", i+1, kindOf(x)), hint)
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

func (d decoder) date(k toml.Key, v any) (civil.Date, error) {
	hint := fmt.Sprintf("write the date as year-month-day: %s = 2027-01-15", k[len(k)-1])
	switch t := v.(type) {
	case time.Time:
		if t.Location().String() != "date-local" {
			return civil.Date{}, d.errorAt(k, "should be a date without a time of day", hint)
		}
		return civil.FromTime(t), nil
	case string:
		date, err := civil.ParseISO(strings.TrimSpace(t))
		if err != nil {
			return civil.Date{}, d.errorAt(k, err.Error(), hint)
		}
		return date, nil
	}
	return civil.Date{}, d.errorAt(k, "should be a date, not "+kindOf(v), hint)
}

func (d decoder) boolean(k toml.Key, v any) (bool, error) {
	if b, ok := v.(bool); ok {
		return b, nil
	}
	if s, ok := v.(string); ok {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "yes", "y", "true":
			return true, nil
		case "no", "n", "false":
			return false, nil
		}
	}
	return false, d.errorAt(k, "should be true or false, not "+kindOf(v),
		fmt.Sprintf("for example: %s = true (without quotes)", k[len(k)-1]))
}

func (d decoder) number(k toml.Key, v any) (float64, error) {
	switch n := v.(type) {
	case int64:
		return float64(n), nil
	case float64:
		return n, nil
	}
	return 0, d.errorAt(k, "should be a number of millimetres, not "+kindOf(v),
		fmt.Sprintf("for example: %s = 20", k[len(k)-1]))
}

// keyLines finds the line of every key and table header in a TOML document that has
// already parsed, so that errors found after decoding (unknown keys, wrong kinds of
// value, missing values) can name a line. BurntSushi/toml keeps key positions private.
// Keys are recorded by their dotted path (quotes removed), first mention wins.
func keyLines(text string) map[string]int {
	lines := map[string]int{}
	record := func(path []string, n int) {
		k := strings.Join(path, ".")
		if _, ok := lines[k]; !ok {
			lines[k] = n
		}
	}
	var table []string
	depth := 0    // open [ or { outside strings, across lines (multi-line arrays)
	inMulti := "" // the delimiter of a multi-line string we are inside, if any
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		rest := line
		if inMulti != "" {
			j := strings.Index(rest, inMulti)
			if j < 0 {
				continue
			}
			rest, inMulti = rest[j+3:], ""
		} else if depth == 0 {
			trimmed := strings.TrimSpace(rest)
			switch {
			case strings.HasPrefix(trimmed, "[["):
				if j := strings.Index(trimmed, "]]"); j > 0 {
					table = splitKey(trimmed[2:j])
					record(table, n)
				}
				continue
			case strings.HasPrefix(trimmed, "["):
				if j := strings.IndexByte(trimmed, ']'); j > 0 {
					table = splitKey(trimmed[1:j])
					record(table, n)
				}
				continue
			}
			if j := keyEnd(trimmed); j > 0 {
				path := append(append([]string{}, table...), splitKey(trimmed[:j])...)
				for m := len(table) + 1; m <= len(path); m++ {
					record(path[:m], n)
				}
				rest = trimmed[j+1:]
			}
		}
		depth, inMulti = scanValue(rest, depth)
	}
	return lines
}

// keyEnd returns the index of the '=' ending the key at the start of s, or -1.
func keyEnd(s string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			return i
		case c == '#':
			return -1
		}
	}
	return -1
}

// splitKey splits a dotted key, removing quotes and the spaces around each part.
func splitKey(s string) []string {
	var parts []string
	var b strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				b.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(b.String()))
			b.Reset()
		case c == ' ' || c == '\t':
		default:
			b.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(b.String()))
}

// scanValue follows brackets and strings through the rest of a line, returning the
// bracket depth at its end and the delimiter of a multi-line string left open.
func scanValue(s string, depth int) (int, string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '#':
			return depth, ""
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '"', '\'':
			delim := string(c)
			if strings.HasPrefix(s[i:], strings.Repeat(delim, 3)) {
				delim = strings.Repeat(delim, 3)
			}
			end := -1
			for j := i + len(delim); j <= len(s)-len(delim); j++ {
				if c == '"' && len(delim) == 1 && s[j] == '\\' {
					j++
					continue
				}
				if s[j:j+len(delim)] == delim {
					end = j
					break
				}
			}
			if end < 0 {
				if len(delim) == 3 {
					return depth, delim
				}
				return depth, ""
			}
			i = end + len(delim) - 1
		}
	}
	return depth, ""
}
