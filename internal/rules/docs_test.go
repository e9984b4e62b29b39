package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/golden"
)

// The reference in docs/ is generated from the tables Decide reads, so it cannot drift from
// what the program does: a stale page fails here, and -update rewrites it.

func TestDocsPathways(t *testing.T) {
	golden.Check(t, "../../docs/pathways.md", []byte(pathwaysMarkdown()))
}

func TestDocsEligibility(t *testing.T) {
	golden.Section(t, "../../docs/rules.md", "eligibility", []byte(eligibilityMarkdown()))
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	if s == "" {
		return "–"
	}
	return strings.ReplaceAll(s, "|", `\|`)
}

func code(s string) string { return "`" + s + "`" }

func eligibilityMarkdown() string {
	var b strings.Builder
	b.WriteString("| # | check | not sent reason |\n|---|---|---|\n")
	for i, c := range eligibility {
		fmt.Fprintf(&b, "| %d | %s | %s |\n", i+1, cell(c.If), cell(c.Then))
	}
	return b.String()
}

func pathwaysMarkdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Pathways: who gets what\n\n")
	p("<!-- Generated from the pathway tables in internal/rules/table.go by\n" +
		"     'go test ./internal/rules -update' (see internal/rules/docs_test.go); do not edit.\n" +
		"     'accesspack pathways' prints the same tables. -->\n\n")
	p("A pathway is the situation a practice is in. The practice names it with `--pathway NAME` or\n" +
		"`pathway` in the practice file. Every patient is first checked against the\n" +
		"[eligibility checks](rules.md#eligibility); for everyone who passes them, the first row of\n" +
		"the pathway's table that fits decides what happens: which letter they get, which change to\n" +
		"make in EMIS, or why nobody writes to them. A row with both an action and a not sent\n" +
		"reason puts the patient on both the Actions and the Not sent sheet ([the pack](pack.md)).\n\n")
	p("Conditions are written in short: S = [code state](rules.md#code-state) (`declined`,\n" +
		"`blocked`, `cleared`, `uncoded`), A = already has prospective access, K = flagged at risk\n" +
		"by the practice, V = review outcome (`safe`, `unsafe`, or blank), O = has an online\n" +
		"account; Y = yes, N = no. `otherwise` matches everyone the rows above it did not.\n\n")

	p("| pathway | situation | `--go-live` is | ages checked on | letter to an organisation |\n")
	p("|---|---|---|---|---|\n")
	for _, tb := range Tables {
		ages := "the go-live date"
		if tb.Live {
			ages = "the letter date"
		}
		p("| [%s](#%s) | %s | %s | %s | %s |\n", code(string(tb.Pathway)), tb.Pathway, cell(tb.Title),
			cell(tb.GoLive), ages, cell(kindCode(tb.Organisation)))
	}

	for _, tb := range Tables {
		p("\n## %s\n\n", tb.Pathway)
		p("%s.\n\n", tb.Title)
		p("**When to choose it.** %s\n\n", tb.Choose)
		p("**`--go-live`** is %s. ", tb.GoLive)
		if tb.Live {
			p("Ages are checked on the letter date, because the practice is already live.\n\n")
		} else {
			p("Ages are checked on that date.\n\n")
		}
		if tb.Organisation != "" {
			p("**Letter to an organisation:** %s, to %s.\n\n", code(string(tb.Organisation)), tb.To)
		}
		if tb.Register {
			p("**Requests register:** the mailing list has a `Requests register` sheet listing every\n" +
				"`request-access` recipient, with empty columns to track requests (date received,\n" +
				"decision, date access given).\n\n")
		}
		if tb.Bulk104() {
			p("**Bulk 104** (`--bulk-104`, or `bulk_104` in the practice file) is optional here; it adds the\n" +
				"actions marked \"with bulk 104\".\n\n")
		}
		if tb.ByHand {
			p("**By hand:** the Summary says how many patients a day to switch on to finish within the\n"+
				"practice file's `working_days` (%d unless it says otherwise).\n\n", DefaultWorkingDays)
		}
		for _, a := range tb.Advice {
			if a.WithoutBulk104 {
				p("**To do, without bulk 104:** %s\n\n", a.Text)
			} else {
				p("**To do:** %s\n\n", a.Text)
			}
		}
		p("| # | condition | who | letter | EMIS action | not sent |\n|---|---|---|---|---|---|\n")
		var notes []string
		for i, r := range tb.Rows {
			who := r.Who
			if who == "" {
				who = r.When.Plain()
			}
			letter := ""
			if r.Letter != "" {
				letter = code(string(r.Letter))
				for _, e := range r.Enclosures {
					letter += " + " + code(string(e))
				}
				letter += fmt.Sprintf(" (wording %s): %s", code(r.Variant), r.About)
				if r.Bulk104Variant != "" {
					letter += fmt.Sprintf("; with bulk 104, wording %s: %s", code(r.Bulk104Variant), r.Bulk104About)
				}
			}
			detail := r.Detail
			if r.NotBefore != "" {
				detail = "not before " + r.NotBefore + ": " + detail
			}
			var acts []string
			for _, a := range r.Actions {
				acts = append(acts, code(string(a))+": "+detail)
			}
			for _, a := range r.Bulk104 {
				acts = append(acts, "with bulk 104, "+code(string(a))+": "+detail)
			}
			notSent := ""
			if r.NotSent != "" {
				notSent = code(r.NotSent)
			}
			p("| %d | %s | %s | %s | %s | %s |\n", i+1, code(r.When.String()), cell(who), cell(letter),
				cell(strings.Join(acts, "; ")), cell(notSent))
			if r.Turning16 {
				notes = append(notes, fmt.Sprintf("Row %d, with bulk 104: patients aged 15 who turn 16 within %d days "+
					"after the letter date (day %d in, day %d out) also get `add-104`, though they are not sent a "+
					"letter (`under 16`). Only patients who would otherwise fit this row.", i+1,
					Turning16Days, Turning16Days, Turning16Days+1))
			}
			if r.Warning != "" {
				notes = append(notes, fmt.Sprintf("Row %d: when the code state is %s, the letter row gets the warning %s.",
					i+1, code(string(r.WarnState)), code(r.Warning)))
			}
		}
		if len(notes) > 0 {
			p("\n")
			for _, n := range notes {
				p("- %s\n", n)
			}
		}
	}
	return b.String()
}

func kindCode(k Kind) string {
	if k == "" {
		return ""
	}
	return code(string(k))
}
