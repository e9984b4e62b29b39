package practice

import (
	"slices"
	"strings"
)

// Example is a commented practice file for `accesspack init` to write: every key, with
// notes in a practice manager's words and invented values to replace. It is made from the
// field table: each field's Section, Note and Example, and each table's Note.
var Example = std.example()

const exampleIntro = `accesspack practice file

This file tells accesspack about your practice: who you are, which pathway you chose
and the dates to print. Edit the values after each "=" and save. Text goes in "double
quotes", lists in [square brackets], dates as year-month-day without quotes
(2027-01-15), and yes/no as true or false. A line starting with # is a note and is
ignored. Every value below is an invented example: replace them all with your own.

Check the file, without writing anything, with:
    accesspack check --practice practice.toml --patients your-list.csv`

// example writes the example file: the top-level keys first, as TOML requires, then each
// table in the order its fields come. Paragraphs (a section heading; a note and the keys
// under it) are separated by blank lines.
func (s *schema) example() string {
	paras := []string{comment(exampleIntro)}
	section := ""
	heading := func(title string) {
		if title == section {
			return
		}
		section = title
		for _, sec := range sections {
			if sec.Title == title {
				rule := "# --- " + title + " "
				paras = append(paras, rule+strings.Repeat("-", max(3, sec.rule-len(rule))))
			}
		}
		paras = append(paras, "") // the next key starts a paragraph
	}
	add := func(note, line string) {
		last := len(paras) - 1
		switch {
		case note != "":
			paras = append(paras, comment(note)+"\n"+line)
		case paras[last] == "":
			paras[last] = line
		default:
			paras[last] += "\n" + line
		}
	}
	var order []string // the tables, in the order their fields come
	for i := range s.fields {
		f := &s.fields[i]
		switch t := f.table(); {
		case f.Kind == ColumnNames:
			order = append(order, f.Key)
		case t != "":
			if !slices.Contains(order, t) {
				order = append(order, t)
			}
		default:
			heading(f.Section)
			add(f.Note, f.exampleLine(f.Key))
		}
	}
	for _, t := range order {
		if f := s.field(t); f != nil { // [headers]: its keys are the practice's own
			heading(f.Section)
			add(f.Note, "["+t+"]\n"+f.Example)
			continue
		}
		note := ""
		if tb := s.table(t); tb != nil {
			note = tb.Note
		}
		first := true
		for i := range s.fields {
			f := &s.fields[i]
			if f.table() != t {
				continue
			}
			if first {
				heading(f.Section)
				add(note, "["+t+"]")
				first = false
			}
			add("", f.exampleLine(f.leaf()))
		}
	}
	out := paras[:0]
	for _, p := range paras {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n") + "\n"
}

// comment turns text into TOML comment lines: "# " before each line, "#" alone on a
// blank one.
func comment(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = "#"
		} else {
			lines[i] = "# " + l
		}
	}
	return strings.Join(lines, "\n")
}

// exampleLine is the field's line in the example file: key = value, as a comment when
// the default should apply until the practice sets its own.
func (f *Field) exampleLine(key string) string {
	if f.commented {
		return "# " + key + " = " + f.Example
	}
	return key + " = " + f.Example
}
