package rules

import (
	"fmt"
	"io"
	"strings"
)

// width is the line length WritePathways wraps to.
const width = 78

// WritePathways writes the pathway tables for a practice manager: each pathway's name,
// when to choose it, and who gets what. It reads the same tables Decide uses.
func WritePathways(w io.Writer) error {
	ew := &errWriter{w: w}
	para := func(indent, text string) { ew.printf("%s", wrap(indent, indent, text)) }
	hang := func(first, rest, text string) { ew.printf("%s", wrap(first, rest, text)) }

	ew.printf("THE %s PATHWAYS\n\n", strings.ToUpper(CountWord(len(Tables))))
	para("", "Choose the pathway that describes your practice and give its name to accesspack "+
		"(--pathway NAME, or pathway in the practice file). For each patient, the first line "+
		"of the pathway's list that fits decides what happens: which letter they get, which "+
		"change to make in EMIS, or why nobody writes to them. To see the numbers for your own "+
		"list before printing anything, run: accesspack check --patients FILE --pathway NAME.")
	ew.printf("\n")
	para("", "The short name in square brackets after each line is the one accesspack's reasons "+
		"use: S is the code state (declined, blocked = coded 104, cleared, uncoded), A = already "+
		"has access, K = flagged at risk, V = review outcome (safe, unsafe, blank), O = has an "+
		"online account; Y = yes, N = no.")
	ew.printf("\nThe codes\n")
	hang("  103  ", "       ", "Online access to own health record declined by patient (SNOMED CT 1290331000000103).")
	hang("  104  ", "       ", "Enhanced review indicated before granting access (1364731000000104). Blocks automatic access.")
	hang("  106  ", "       ", "Enhanced review not indicated (1364751000000106). Cancels a 104 entered before it.")
	para("  ", "\"Coded 104\" means a 104 with no 106 entered after it. A 104 and a 106 on the same "+
		"day count as a 104, and the letter row gets the warning \""+WarnSameDay104106+"\".")

	ew.printf("\nWho is never written to, whatever the pathway\n")
	para("  ", "Checked in this order; the first that applies is the reason on the Not sent sheet.")
	for i, c := range eligibility {
		hang(fmt.Sprintf("  %d. ", i+1), "     ", c.If+".")
		hang("     Not sent: ", "     ", c.Then)
	}
	para("  ", "A postcode that does not look like a UK postcode does not stop the letter: the row "+
		"gets the warning \""+WarnPostcode+"\". Check the address before posting.")
	para("  ", "Patients stopped by these checks get no EMIS action either, except under "+
		"defer-dpia with bulk 104 (see there).")

	for n, t := range Tables {
		title := fmt.Sprintf("%d. %s", n+1, t.Pathway)
		ew.printf("\n\n%s\n%s\n", title, strings.Repeat("=", len(title)))
		para("", t.Title+".")
		ew.printf("\n")
		hang("When to choose it: ", "  ", t.Choose)
		hang("Go-live date (--go-live): ", "  ", t.GoLive+".")
		if t.Live {
			para("", "Ages are checked on the letter date, because you are already live.")
		} else {
			para("", "Ages are checked on the go-live date.")
		}
		if t.Organisation != "" {
			hang("Letter to an organisation: ", "  ", string(t.Organisation)+", to "+t.To+".")
		}
		if t.Register {
			para("", "The mailing list has a Requests register sheet: every request-access recipient, "+
				"with empty columns to track requests (date received, decision, date access given).")
		}
		if t.Bulk104() {
			para("", "Bulk 104 (--bulk-104): optional; adds an add-104 action where shown.")
		}
		if t.ByHand {
			para("", fmt.Sprintf("The Summary says how many patients a day to switch on by hand to finish "+
				"within the practice file's working_days (%d unless it says otherwise).", DefaultWorkingDays))
		}
		for _, a := range t.Advice {
			prefix := "To do: "
			if a.WithoutBulk104 {
				prefix = "To do, without bulk 104: "
			}
			hang(prefix, "  ", a.Text)
		}
		ew.printf("\n")
		for i, r := range t.Rows {
			who := r.Who
			if who == "" {
				who = r.When.Plain()
			}
			hang(fmt.Sprintf("  %d. ", i+1), "     ", who+"   ["+r.When.String()+"]")
			writeOutcome(ew, r)
		}
	}

	ew.printf("\n\nWhat the letters and actions are\n")
	hang("  opt-out-notice       ", "                       ", "Tells the patient about online access and how to opt out. Its wording follows the pathway.")
	hang("  request-access       ", "                       ", "Tells a patient coded 104 that they will not get access automatically and can ask for it. Encloses the opt-in form.")
	hang("  dpia-update          ", "                       ", "Tells the patient why access is deferred and how to opt in. Encloses the opt-in form.")
	hang("  opt-in-form          ", "                       ", "A form to ask for access. Also in every pack as a blank form for reception and the website.")
	hang("  add-104 / add-106    ", "                       ", "Enter that code in the patient's EMIS record (the Actions sheet lists who).")
	hang("  manual-access        ", "                       ", "Switch on access by hand in EMIS: after go-live, or where central bulk enablement is not available, codes do not change an existing account.")
	hang("  review               ", "                       ", "Look at the record and decide; the patient gets no letter until you run accesspack again with the outcome.")
	return ew.err
}

func writeOutcome(ew *errWriter, r Row) {
	const in = "       "
	if r.Letter != "" {
		s := "Letter: " + string(r.Letter)
		for _, e := range r.Enclosures {
			s += ", with the " + strings.TrimSuffix(string(e), "-form") + " form enclosed"
		}
		s += " (" + r.About + ")."
		ew.printf("%s", wrap(in, in+"  ", s))
		if r.Bulk104Variant != "" {
			ew.printf("%s", wrap(in, in+"  ", "With bulk 104, the letter also says "+r.Bulk104About+"."))
		}
	}
	detail := sentence(r.Detail)
	if r.NotBefore != "" {
		detail = sentence("not before " + r.NotBefore + ": " + r.Detail)
	}
	for _, a := range r.Actions {
		ew.printf("%s", wrap(in, in+"  ", "EMIS action: "+string(a)+". "+detail))
	}
	for _, a := range r.Bulk104 {
		ew.printf("%s", wrap(in, in+"  ", "EMIS action, with bulk 104 only: "+string(a)+". "+detail))
	}
	if r.Turning16 {
		ew.printf("%s", wrap(in, in+"  ", fmt.Sprintf("With bulk 104, patients aged 15 who turn 16 within %d days after "+
			"the letter date (day %d in, day %d out) also get add-104, though they are not sent a letter "+
			"(\"under 16\"). This applies only to patients who would otherwise fit this line.",
			Turning16Days, Turning16Days, Turning16Days+1)))
	}
	if r.NotSent != "" {
		ew.printf("%s", wrap(in, in+"  ", "Not sent: "+r.NotSent))
	}
	if r.Warning != "" {
		ew.printf("%s", wrap(in, in+"  ", "Warning on the letter row if "+strings.ToLower(Cond{S: r.WarnState}.Plain())+": \""+r.Warning+"\"."))
	}
}

// wrap fills text to width, starting with first and indenting later lines with rest.
func wrap(first, rest, text string) string {
	var b strings.Builder
	line := first
	empty := true
	for _, word := range strings.Fields(text) {
		if !empty && len([]rune(line))+1+len([]rune(word)) > width {
			b.WriteString(line + "\n")
			line, empty = rest, true
		}
		if empty {
			line += word
			empty = false
		} else {
			line += " " + word
		}
	}
	b.WriteString(line + "\n")
	return b.String()
}

// CountWord writes a small count as a word ("seven"), for headings; larger ones as digits.
func CountWord(n int) string {
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return fmt.Sprint(n)
}

// sentence capitalises s and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
