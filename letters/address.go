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
// full stops, the post town in capitals, and the postcode alone on the last line. The
// post town is the last address line, or the one before it when the last is a county.
// At most the name, five address lines and the postcode: further lines in the middle
// are joined onto one line so nothing is lost.
func AddressBlock(p *patient.Patient) []string {
	var out []string
	if name := addressLine(addressee(p).FullName()); name != "" {
		out = append(out, name)
	}
	pc, ok := postcode.Normalise(clean(p.Postcode))
	if !ok {
		pc = strings.ToUpper(addressLine(pc))
	}
	return append(out, addressLines(p.Address, pc)...)
}

// PrintedTitle is the title a letter uses for a patient: what EMIS holds, except
// "Master", a boy's title, which is left out. Everyone written to is 16 or over on the
// reference date (the rules see to that), so a letter never calls its reader "Master":
// the salutation is then "Dear Leo Wilson" and the address starts "Leo Wilson".
func PrintedTitle(title string) string {
	t := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(title), "."))
	if t == "master" || t == "mstr" {
		return ""
	}
	return title
}

// addressee is p as a letter names them: with PrintedTitle.
func addressee(p *patient.Patient) *patient.Patient {
	if t := PrintedTitle(p.Title); t != p.Title {
		c := *p
		c.Title = t
		return &c
	}
	return p
}

// OrgAddress is an organisation's address for the envelope window, by the same rules
// as AddressBlock: the contact (a person or team), the organisation's name, its address
// lines with the post town in capitals, and the postcode (its last line, when that
// is a postcode) alone at the end.
func OrgAddress(o practice.Organisation) []string {
	var out []string
	for _, l := range []string{o.Contact, o.Name} {
		if l = addressLine(l); l != "" && !containsFold(out, l) {
			out = append(out, l)
		}
	}
	// An address that repeats the contact or name ("Bulk Enablement Team" as its first
	// line) would print it twice.
	var lines []string
	for _, l := range nonBlank(o.Address) {
		if !containsFold(out, addressLine(l)) {
			lines = append(lines, l)
		}
	}
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
// The post town is the last line, unless that is a county (EMIS's Address Line 5 often
// is): then it is the line before, and the county stays as written.
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
		// Keep the first lines and the town (and county); join the middle ones.
		tail := n - townLine(lines)
		keep := maxAddressLines - tail - 1
		middle := strings.Join(lines[keep:n-tail], " ")
		lines = append(append(lines[:keep:keep], middle), lines[n-tail:]...)
	}
	if t := townLine(lines); t >= 0 {
		lines[t] = strings.ToUpper(lines[t])
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

// townLine returns the index of the post town among lines, or -1 when there are none.
func townLine(lines []string) int {
	n := len(lines)
	switch {
	case n == 0:
		return -1
	case n >= 2 && isCounty(lines[n-1]) && !startsWithDigit(lines[n-2]):
		return n - 2
	}
	return n - 1
}

func startsWithDigit(s string) bool { return s != "" && isDigit(rune(s[0])) }

// isCounty reports whether an address line is a county name, in full or as the
// Royal Mail's old abbreviations. Names that are also post towns (Durham, Bristol,
// Antrim) are left out, so such a line is still read as the town.
func isCounty(s string) bool {
	s = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, ".", "")), " "))
	return counties[s]
}

var counties = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Split(countyNames, ",") {
		if c = strings.TrimSpace(c); c != "" {
			m[c] = true
		}
	}
	return m
}()

const countyNames = `
bedfordshire, beds, berkshire, berks, buckinghamshire, bucks, cambridgeshire, cambs,
cheshire, cornwall, cumbria, cumberland, westmorland, derbyshire, derbys, devon, dorset,
county durham, co durham, east riding of yorkshire, east yorkshire, e yorks, east sussex,
e sussex, essex, gloucestershire, glos, greater london, greater manchester, gtr manchester,
hampshire, hants, herefordshire, hertfordshire, herts, isle of wight, kent, lancashire,
lancs, leicestershire, leics, lincolnshire, lincs, merseyside, middlesex, middx, norfolk,
north yorkshire, n yorks, north yorks, northamptonshire, northants, northumberland,
nottinghamshire, notts, oxfordshire, oxon, rutland, shropshire, shrops, somerset,
south yorkshire, s yorks, south yorks, staffordshire, staffs, suffolk, surrey,
tyne and wear, tyne & wear, warwickshire, warks, west midlands, w midlands, west sussex,
w sussex, west yorkshire, w yorks, west yorks, wiltshire, wilts, worcestershire, worcs,
yorkshire, avon, cleveland, humberside, north humberside, south humberside,
hereford and worcester, north somerset,
anglesey, isle of anglesey, clwyd, dyfed, gwent, gwynedd, mid glamorgan, south glamorgan,
west glamorgan, powys, carmarthenshire, pembrokeshire, ceredigion, denbighshire,
flintshire, monmouthshire,
aberdeenshire, angus, argyll, argyllshire, argyll and bute, ayrshire, banffshire,
berwickshire, caithness, clackmannanshire, dumfriesshire, dumfries and galloway,
dunbartonshire, east lothian, fife, inverness-shire, kincardineshire, kinross-shire,
kirkcudbrightshire, lanarkshire, midlothian, moray, morayshire, nairnshire, orkney,
peeblesshire, perthshire, renfrewshire, ross-shire, roxburghshire, selkirkshire,
shetland, stirlingshire, sutherland, west lothian, wigtownshire,
county antrim, co antrim, county armagh, co armagh, county down, co down,
county fermanagh, co fermanagh, fermanagh, county londonderry, co londonderry,
county tyrone, co tyrone, tyrone
`

func containsFold(list []string, s string) bool {
	for _, l := range list {
		if strings.EqualFold(l, s) {
			return true
		}
	}
	return false
}
