package practice

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/accesspack/accesspack/internal/civil"
)

// problem is why a value cannot be read, and what to do, before it is given a place
// (a key and line, or a flag, or a form's field).
type problem struct{ text, hint string }

// fromTOML reads a value as decoded from the file into the field's kind: a string,
// []string, civil.Date, bool or float64.
func (f *Field) fromTOML(v any) (any, *problem) {
	leaf := f.leaf()
	switch f.Kind {
	case Text, Choice:
		s, ok := v.(string)
		if !ok {
			return nil, &problem{"should be text in double quotes, not " + kindOf(v), fmt.Sprintf("for example: %s = \"…\"", leaf)}
		}
		return f.text(s), nil
	case Lines:
		hint := fmt.Sprintf("write a list of lines in square brackets: %s = [\"first line\", \"second line\"]", leaf)
		list, ok := v.([]any)
		if !ok {
			return nil, &problem{"should be a list of text, not " + kindOf(v), hint}
		}
		out := make([]string, 0, len(list))
		for i, x := range list {
			s, ok := x.(string)
			if !ok {
				return nil, &problem{fmt.Sprintf("item %d should be text in double quotes, not %s", i+1, kindOf(x)), hint}
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	case Date:
		hint := fmt.Sprintf("write the date as year-month-day: %s = 2027-01-15", leaf)
		switch t := v.(type) {
		case toml.LocalDate:
			return civil.New(t.Year, time.Month(t.Month), t.Day), nil
		case toml.LocalDateTime, toml.LocalTime, time.Time:
			return nil, &problem{"should be a date without a time of day", hint}
		case string:
			return parseDate(t, hint)
		}
		return nil, &problem{"should be a date, not " + kindOf(v), hint}
	case YesNo:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		if s, ok := v.(string); ok {
			if b, ok := yesNo(s); ok {
				return b, nil
			}
		}
		return nil, &problem{"should be true or false, not " + kindOf(v), fmt.Sprintf("for example: %s = true (without quotes)", leaf)}
	case Millimetres, Number:
		var n float64
		switch x := v.(type) {
		case int64:
			n = float64(x)
		case float64:
			n = x
		default:
			if f.Kind == Number {
				return nil, &problem{"should be a number, not " + kindOf(v), fmt.Sprintf("for example: %s = %s (without quotes)", leaf, f.Example)}
			}
			return nil, &problem{"should be a number of millimetres, not " + kindOf(v), fmt.Sprintf("for example: %s = 20", leaf)}
		}
		return millimetres(n, fmt.Sprintf("for example: %s = 20", leaf))
	}
	return nil, &problem{"cannot be set here", ""}
}

// fromString reads a value typed into a form (or given on the command line) into the
// field's kind, with the same checks as the file. Lines are one per line of s.
func (f *Field) fromString(s string) (any, *problem) {
	switch f.Kind {
	case Text, Choice:
		return f.text(s), nil
	case Lines:
		var out []string
		for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out, nil
	case Date:
		if strings.TrimSpace(s) == "" {
			return civil.Date{}, nil
		}
		return parseDate(s, "write the date as year-month-day, e.g. 2027-01-15")
	case YesNo:
		if b, ok := yesNo(s); ok {
			return b, nil
		}
		return nil, &problem{fmt.Sprintf("%q should be true or false", strings.TrimSpace(s)), "write yes or no"}
	case Millimetres, Number:
		if f.Kind == Number && strings.TrimSpace(s) == "" {
			return 0.0, nil // the default
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			if f.Kind == Number {
				return nil, &problem{fmt.Sprintf("%q is not a number", strings.TrimSpace(s)), "for example: " + f.Example}
			}
			return nil, &problem{fmt.Sprintf("%q is not a number of millimetres", strings.TrimSpace(s)), "for example: 20"}
		}
		return millimetres(n, "for example: 20")
	}
	return nil, &problem{"cannot be set from text", ""}
}

func (f *Field) text(s string) string {
	s = strings.TrimSpace(s)
	if f.normalise != nil {
		s = f.normalise(s)
	}
	return s
}

func parseDate(s, hint string) (any, *problem) {
	d, err := civil.ParseISO(strings.TrimSpace(s))
	if err != nil {
		return nil, &problem{err.Error(), hint}
	}
	return d, nil
}

func yesNo(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true":
		return true, true
	case "no", "n", "false":
		return false, true
	}
	return false, false
}

// millimetres refuses NaN and the infinities, which TOML allows (nan, inf) and which
// would put NaN into the PDF's drawing operators.
func millimetres(n float64, hint string) (any, *problem) {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return nil, &problem{"should be a number of millimetres, not " + strconv.FormatFloat(n, 'g', -1, 64), hint}
	}
	return n, nil
}

// put stores a value read by fromTOML or fromString.
func (f *Field) put(p *Practice, v any) {
	switch ptr := f.Value(p).(type) {
	case *string:
		*ptr = v.(string)
	case *[]string:
		*ptr = v.([]string)
	case *civil.Date:
		*ptr = v.(civil.Date)
	case *bool:
		*ptr = v.(bool)
	case *float64:
		*ptr = v.(float64)
	}
}

// String returns the field's value in p as Set reads it, for a form to show: lines one
// per line, a date as 2027-01-15 ("" when there is none), yes or no, millimetres as a
// number. Column names are not text: "".
func (f *Field) String(p *Practice) string {
	switch v := f.Get(p).(type) {
	case string:
		return v
	case []string:
		return strings.Join(v, "\n")
	case civil.Date:
		if v.IsZero() {
			return ""
		}
		return v.String()
	case bool:
		if v {
			return "yes"
		}
		return "no"
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// Set sets the field in p from text, as a form gives it: text as written, Lines one per
// line, a date as 2027-01-15, yes/no as yes, no, true or false, millimetres as a number.
// A value that cannot be read is refused with an *Error naming the field's key and
// saying what to write, as for the file, and p is left unchanged. Checks that need the
// other values too (a required value, the ODS code's form, the dates' order, the window
// on the page) are p.Problems' and p.Warnings'.
func (f *Field) Set(p *Practice, s string) error {
	v, prob := f.fromString(s)
	if prob != nil {
		return &Error{Key: f.Key, Problem: prob.text, Hint: prob.hint}
	}
	f.put(p, v)
	return nil
}
