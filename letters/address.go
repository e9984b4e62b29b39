package letters

import (
	"strings"

	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/postcode"
	"github.com/accesspack/accesspack/internal/practice"
)

// maxAddressLines is how many lines may come between the name and the postcode.
const maxAddressLines = 5

// AddressBlock is the patient's address for the envelope window, to Royal Mail's clear
// addressing rules: the name first ("Mrs Zoë Ashworth"), no blank lines, no commas or
// full stops, the post town (the last address line) in capitals, and the postcode alone
// on the last line. At most the name, five address lines and the postcode: further
// lines are joined onto the fifth-from-last so nothing is lost.
func AddressBlock(p *patient.Patient) []string {
	var out []string
	if name := addressLine(p.FullName()); name != "" {
		out = append(out, name)
	}
	pc, ok := postcode.Normalise(clean(p.Postcode))
	if !ok {
		pc = strings.ToUpper(addressLine(pc))
	}
	return append(out, addressLines(p.Address, pc)...)
}

// OrgAddress is an organisation's address for the envelope window, by the same rules
// as AddressBlock: the contact (a person or team), the organisation's name, its address
// lines with the post town in capitals, and the postcode (its last line, when that
// is a postcode) alone at the end.
func OrgAddress(o practice.Organisation) []string {
	var out []string
	for _, l := range []string{o.Contact, o.Name} {
		if l = addressLine(l); l != "" {
			out = append(out, l)
		}
	}
	lines := nonBlank(o.Address)
	pc := ""
	if n := len(lines); n > 0 {
		if norm, ok := postcode.Normalise(lines[n-1]); ok {
			pc, lines = norm, lines[:n-1]
		}
	}
	return append(out, addressLines(lines, pc)...)
}

// addressLines cleans the lines, drops blanks and a repeat of the postcode, fits them
// into maxAddressLines, capitalises the post town and puts the postcode last.
func addressLines(in []string, pc string) []string {
	var lines []string
	for _, l := range in {
		l = addressLine(l)
		if l == "" || (pc != "" && strings.EqualFold(strings.ReplaceAll(l, " ", ""), strings.ReplaceAll(pc, " ", ""))) {
			continue
		}
		lines = append(lines, l)
	}
	if n := len(lines); n > maxAddressLines {
		// Keep the first lines and the town; join the middle ones.
		keep := maxAddressLines - 2
		middle := strings.Join(lines[keep:n-1], " ")
		lines = append(append(lines[:keep:keep], middle), lines[n-1])
	}
	if n := len(lines); n > 0 {
		lines[n-1] = strings.ToUpper(lines[n-1])
	}
	if pc != "" {
		lines = append(lines, pc)
	}
	return lines
}

// addressLine removes what the Royal Mail asks to leave out: commas and full stops
// (a point between two digits, as in "Flat 2.1", stays), and tidies spaces.
func addressLine(s string) string {
	s = clean(s)
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		switch r {
		case ',':
			b.WriteByte(' ')
			continue
		case '.':
			if i > 0 && i+1 < len(rs) && isDigit(rs[i-1]) && isDigit(rs[i+1]) {
				break
			}
			if i+1 < len(rs) && rs[i+1] != ' ' && i > 0 && rs[i-1] != ' ' {
				b.WriteByte(' ') // "St.John's" becomes "St John's"
			}
			continue
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
