package practice

import (
	"fmt"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/golden"
)

// docs/practice-file.md is written from the field table that decodes the file: a stale page
// fails here, and -update rewrites it.
func TestDocsPracticeFile(t *testing.T) {
	golden.Check(t, "../../docs/practice-file.md", []byte(practiceFileMarkdown()))
}

func practiceFileMarkdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# The practice file\n\n")
	p("<!-- Generated from the practice field table in internal/practice/fields.go by\n" +
		"     'go test ./internal/practice -update' (see internal/practice/docs_test.go); do not edit. -->\n\n")
	p("Who the practice is, what it is doing and when, who signs, and where its letters to\n" +
		"organisations go: a TOML file given with `--practice FILE`. `accesspack init` writes a\n" +
		"commented example to edit. A command-line option overrides the file's value. An unknown\n" +
		"key is an error naming the key and its line, with the nearest known key; a value that is\n" +
		"needed for what the command makes and is missing is an error naming the key and saying\n" +
		"how to add it (exit status 2). `accesspack check` needs only what the rules use;\n" +
		"`accesspack generate` needs what the letters print.\n\n")
	p("`accesspack organisations --practices FILE` reads the same values for many practices from a\n" +
		"list with one row per practice: the **column** headers below (any one of them; case,\n" +
		"spaces and punctuation do not matter).\n\n")
	p("Kinds: text is a quoted string; lines is a list of strings (`[\"1 High Street\", \"Leeds\"]`);\n" +
		"a date is written `2027-01-15`; yes/no is `true` or `false`; millimetres is a number.\n")

	noted := map[string]bool{}
	for _, s := range sections {
		p("\n## %s\n", s.Title)
		for _, f := range fields {
			if f.Section != s.Title {
				continue
			}
			if name := f.table(); name != "" && !noted[name] {
				noted[name] = true
				tb := std.table(name)
				p("\n### `[%s]`: %s\n", name, tb.Label)
				if tb.Note != "" {
					p("\n%s\n", strings.Join(strings.Fields(tb.Note), " "))
				}
			}
			p("\n**`%s`**: %s (%s", f.Key, f.Label, kindText(f))
			if f.Default != "" {
				p(", default `%s`", f.Default)
			}
			p(")\n\n%s\n", f.Help)
			var facts []string
			if f.Kind == ColumnNames {
				facts = append(facts, "In the file: a `[headers]` table whose keys are the fields of "+
					"[the patient list](patient-list.md#columns): `nhs_number = \"NHS No.\"`")
			} else {
				example := strings.Join(strings.Fields(f.Example), " ")
				facts = append(facts, fmt.Sprintf("In the file: `%s = %s`", f.leaf(), example))
			}
			if r := requiredText(f.Required); r != "" {
				facts = append(facts, r)
			}
			if f.Flag != "" {
				facts = append(facts, "Option: `"+f.Flag+"`")
			}
			if len(f.Columns) > 0 {
				c := "Practices-list column: " + strings.Join(f.Columns, ", ")
				if f.ColumnHelp != "" {
					c += " — " + f.ColumnHelp
				}
				facts = append(facts, c)
			}
			if len(f.Templates) > 0 {
				var ts []string
				for _, tf := range f.Templates {
					ts = append(ts, "`{"+tf.Name+"}`")
				}
				facts = append(facts, "Template fields: "+strings.Join(ts, ", "))
			}
			p("\n")
			for _, x := range facts {
				p("- %s\n", x)
			}
		}
	}
	return b.String()
}

func kindText(f Field) string {
	if f.Kind == Choice {
		return "one of " + strings.Join(f.Choices, ", ")
	}
	return f.Kind.String()
}

func needText(n Need) string {
	switch n {
	case NeedAll, NeedRules:
		return "by `check` and `generate`"
	case needLetters:
		return "for letters"
	}
	var parts []string
	for _, x := range []struct {
		bit  Need
		name string
	}{{NeedRules, "for the rules"}, {NeedPatientLetters, "for patient letters"}, {NeedOrganisationLetters, "for organisation letters"}} {
		if n&x.bit != 0 {
			parts = append(parts, x.name)
		}
	}
	return strings.Join(parts, " and ")
}

// requiredText says when a value is needed, one requirement after another; the first that
// applies is used.
func requiredText(rs []Requirement) string {
	var parts []string
	for _, r := range rs {
		s := "needed " + needText(r.Need)
		if r.Warn {
			s = "wanted " + needText(r.Need)
		}
		if len(r.Pathways) > 0 {
			s += " under " + strings.Join(r.Pathways, ", ")
		}
		if len(r.Unless) > 0 {
			s += " except under " + strings.Join(r.Unless, ", ")
		}
		if r.If != "" {
			s += " when `" + r.If + "` is set"
		}
		if r.Warn {
			s += ", a warning if missing"
		}
		parts = append(parts, s+" ("+strings.TrimPrefix(r.Why, "not given: ")+")")
	}
	if len(parts) == 0 {
		return "Optional"
	}
	return "When: " + strings.Join(parts, "; otherwise ")
}
