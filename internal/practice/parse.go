package practice

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

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
// must be one of the field table's (see Fields); the first problem, in file order, is
// returned as an *Error with its line. Values missing from the file are left zero,
// except the envelope window, which defaults to DefaultWindow.
func Parse(data []byte, name string) (*Practice, error) {
	return std.parse(data, name)
}

func (s *schema) parse(data []byte, name string) (*Practice, error) {
	doc := bytes.TrimPrefix(data, []byte("\ufeff"))
	var raw map[string]any
	if err := toml.Unmarshal(doc, &raw); err != nil {
		return nil, syntaxError(err, name, doc)
	}
	keys, lines := keyPositions(doc)
	src := &source{file: name, lines: lines}
	p := &Practice{Window: DefaultWindow, src: src}
	d := decoder{s: s, src: src}
	for _, k := range keys {
		if err := d.set(p, k, lookup(raw, k)); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// keyPositions lists every key and table of a document that has parsed, in the order
// they are first written, and the line each is first written on (by dotted path, quotes
// removed), so that problems found after decoding can name a line. go-toml's parser
// reports where each key is written; BurntSushi/toml, used before, keeps that private.
func keyPositions(doc []byte) ([][]string, map[string]int) {
	var keys [][]string
	lines := map[string]int{}
	var p unstable.Parser
	p.Reset(doc)
	record := func(path []string, n *unstable.Node) []string {
		path = append(slices.Clip(path), string(n.Data))
		if k := strings.Join(path, "."); lines[k] == 0 {
			lines[k] = p.Shape(n.Raw).Start.Line
			keys = append(keys, path)
		}
		return path
	}
	var keyValue func(table []string, kv *unstable.Node)
	keyValue = func(table []string, kv *unstable.Node) {
		path := table
		for it := kv.Key(); it.Next(); {
			path = record(path, it.Node())
		}
		if v := kv.Value(); v != nil && v.Kind == unstable.InlineTable {
			for it := v.Children(); it.Next(); {
				keyValue(path, it.Node())
			}
		}
	}
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = nil
			for it := e.Key(); it.Next(); {
				table = record(table, it.Node())
			}
		case unstable.KeyValue:
			keyValue(table, e)
		}
	}
	return keys, lines
}

func syntaxError(err error, name string, doc []byte) error {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return &Error{File: name, Problem: err.Error()}
	}
	line, _ := de.Position()
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	e := &Error{File: name, Line: line, Problem: "not valid TOML: " + msg}
	if k := de.Key(); len(k) > 0 {
		e.Key = strings.Join(k, ".")
	} else {
		e.Key = keyOnLine(doc, line)
	}
	e.Hint = "text values go in double quotes (name = \"Meadowbank Surgery\"), lists in square brackets, dates as 2027-01-15"
	switch {
	case strings.Contains(msg, "already"):
		e.Hint = "each key may appear only once; remove the repeated one"
	case strings.Contains(msg, "UTF-8"):
		e.Hint = "save the file as UTF-8 (in Notepad: File, Save As, Encoding: UTF-8)"
	}
	return e
}

// keyOnLine returns the dotted key (with its table) that line n of doc starts with, or ""
// when the line does not start with one: the key whose value could not be read.
func keyOnLine(doc []byte, n int) string {
	lines := bytes.Split(doc, []byte("\n"))
	if n < 1 || n > len(lines) {
		return ""
	}
	before, _, ok := bytes.Cut(lines[n-1], []byte("="))
	if !ok {
		return ""
	}
	keys, _ := keyPositions(append(slices.Clip(before), "= 0\n"...))
	if len(keys) == 0 {
		return ""
	}
	key := keys[len(keys)-1]
	// The table it is in: the last table header before it (the lines before parse).
	var table []string
	var p unstable.Parser
	p.Reset(bytes.Join(lines[:n-1], []byte("\n")))
	for p.NextExpression() {
		if e := p.Expression(); e.Kind == unstable.Table || e.Kind == unstable.ArrayTable {
			table = nil
			for it := e.Key(); it.Next(); {
				table = append(table, string(it.Node().Data))
			}
		}
	}
	return strings.Join(append(table, key...), ".")
}

// lookup returns the value at key k in the decoded document.
func lookup(m map[string]any, k []string) any {
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

// schema is a table of fields: the practice file's (std), or one a test extends.
type schema struct {
	fields []Field
	tables []Table
}

var std = &schema{fields: fields, tables: tables}

func (s *schema) field(key string) *Field {
	for i := range s.fields {
		if s.fields[i].Key == key {
			return &s.fields[i]
		}
	}
	return nil
}

// table returns the [table] of the file with this name, or nil.
func (s *schema) table(name string) *Table {
	for i := range s.tables {
		if s.tables[i].Name == name {
			return &s.tables[i]
		}
	}
	return nil
}

// isTable reports whether name is a [table] of the file.
func (s *schema) isTable(name string) bool {
	if f := s.field(name); f != nil {
		return f.Kind == ColumnNames
	}
	return s.table(name) != nil
}

// keysIn lists the keys allowed in table ("" for the top of the file), in file order.
func (s *schema) keysIn(table string) []string {
	var out []string
	for i := range s.fields {
		f := &s.fields[i]
		switch t := f.table(); {
		case table == "" && t == "":
			out = append(out, f.Key)
		case table == "" && !slices.Contains(out, t):
			out = append(out, t)
		case table != "" && t == table:
			out = append(out, f.leaf())
		}
	}
	return out
}

type decoder struct {
	s   *schema
	src *source
}

// keyName writes a key as it appears in the file: icb.name.
func keyName(k []string) string { return strings.Join(k, ".") }

func (d decoder) errorAt(k []string, problem, hint string) *Error {
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

func (d decoder) set(p *Practice, k []string, v any) error {
	if len(k) > 2 {
		return d.unknown(k)
	}
	if len(k) == 1 && d.s.isTable(k[0]) {
		if _, ok := v.(map[string]any); !ok {
			return d.errorAt(k, "should be a table, not "+kindOf(v),
				fmt.Sprintf("write it as a section: [%s] on its own line, then its keys below", keyName(k)))
		}
		if f := d.s.field(k[0]); f != nil {
			f.columnNames(p) // the [headers] table, given
		}
		return nil
	}
	if len(k) == 2 {
		if f := d.s.field(k[0]); f != nil && f.Kind == ColumnNames {
			s, err := d.str(k, v)
			f.columnNames(p)[k[1]] = s
			return err
		}
	}
	f := d.s.field(keyName(k))
	if f == nil || f.Kind == ColumnNames {
		return d.unknown(k)
	}
	val, prob := f.fromTOML(v)
	if prob != nil {
		return d.errorAt(k, prob.text, prob.hint)
	}
	f.put(p, val)
	return nil
}

// columnNames returns the map where p keeps a ColumnNames field's values, made if p has
// none yet.
func (f *Field) columnNames(p *Practice) map[string]string {
	m := f.Value(p).(*map[string]string)
	if *m == nil {
		*m = map[string]string{}
	}
	return *m
}

func (d decoder) unknown(k []string) error {
	parent, last := k[:len(k)-1], k[len(k)-1]
	var known []string
	switch {
	case len(parent) == 0:
		known = d.s.keysIn("")
	case len(parent) == 1 && d.s.isTable(parent[0]):
		known = d.s.keysIn(parent[0])
	}
	e := d.errorAt(k, "unknown key", "")
	if s := suggest.Nearest(last, known); s != "" {
		e.Hint = "did you mean " + keyName(append(slices.Clip(parent), s)) + "?"
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

// What a value is, in words a practice manager knows.
func kindOf(v any) string {
	switch x := v.(type) {
	case string:
		return "text"
	case int64:
		return "a number"
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return strconv.FormatFloat(x, 'g', -1, 64) // "NaN", "+Inf": not a number a practice means
		}
		return "a number"
	case bool:
		return "true or false"
	case toml.LocalDate:
		return "a date"
	case toml.LocalDateTime, toml.LocalTime, time.Time:
		return "a date and time"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// str reads a text value of the [headers] table.
func (d decoder) str(k []string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", d.errorAt(k, "should be text in double quotes, not "+kindOf(v),
			fmt.Sprintf("for example: %s = \"…\"", k[len(k)-1]))
	}
	return strings.TrimSpace(s), nil
}
