package practice

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/accesspack/accesspack/internal/civil"
)

// Encode writes p as a practice file, walking the field table: every field with a value,
// in the file's order — the top-level keys, then each [table] — so that Parse reads back
// the same values. The window is always written; a value that is not set (blank text, no
// lines, no date, bulk 104 off) is left out. The web app saves a practice this way to be
// loaded next time.
func Encode(p *Practice) []byte {
	var b bytes.Buffer
	b.WriteString("# accesspack practice file, saved by accesspack. Run `accesspack init` for one\n" +
		"# with every key explained.\n")
	write := func(table string) {
		wroteHeader := table == ""
		for i := range fields {
			f := &fields[i]
			if f.table() != table || f.Kind == ColumnNames || !f.IsSet(p) { // a window value is always set
				continue
			}
			if !wroteHeader {
				fmt.Fprintf(&b, "\n[%s]\n", table)
				wroteHeader = true
			}
			key := f.Key
			if table != "" {
				key = f.leaf()
			}
			fmt.Fprintf(&b, "%s = %s\n", key, tomlValue(f.Get(p)))
		}
	}
	write("")
	for _, t := range tables {
		write(t.Name)
	}
	if len(p.Headers) > 0 {
		b.WriteString("\n[headers]\n")
		for _, k := range slices.Sorted(maps.Keys(p.Headers)) {
			fmt.Fprintf(&b, "%s = %s\n", tomlString(k), tomlString(p.Headers[k]))
		}
	}
	return b.Bytes()
}

// tomlValue writes one value of the kinds Field.Get returns.
func tomlValue(v any) string {
	switch v := v.(type) {
	case string:
		return tomlString(v)
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i] = tomlString(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case civil.Date:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case float64:
		switch {
		case math.IsNaN(v):
			return "nan"
		case math.IsInf(v, 1):
			return "inf"
		case math.IsInf(v, -1):
			return "-inf"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return `""`
}

// tomlString quotes s as a TOML basic string: quotes, backslashes and control characters
// escaped, everything else as it is.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == utf8.RuneError:
			b.WriteString(`\uFFFD`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
