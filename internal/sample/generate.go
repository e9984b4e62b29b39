// Package sample makes synthetic EMIS-style patient lists: Generate writes any number of
// invented patients for load tests and demonstrations, and PatientsCSV is a small,
// hand-checked list that exercises every rule of docs/rules.md and docs/pathways.md with the
// sample practice.
// Everything is invented: NHS numbers are in the unissued 999 range, telephone numbers in
// Ofcom's drama range, e-mail addresses at example domains.
package sample

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/nhs"
)

// Header is the header row of a generated list, as an EMIS Web report exports it.
var Header = []string{
	"NHS Number", "EMIS Number", "Title", "Forename", "Surname", "Date of Birth",
	"House Name/Flat", "Number and Street", "Village", "Town", "County", "Postcode",
	"Mobile Telephone", "Email Address", "103", "104", "106",
	"Prospective Access", "Online Account", "At Risk", "Review Outcome", "Deceased",
	"Communication Needs",
}

// Column positions in Header.
const (
	colNHS = iota
	colEMIS
	colTitle
	colForename
	colSurname
	colDOB
	colHouse
	colStreet
	colVillage
	colTown
	colCounty
	colPostcode
	colMobile
	colEmail
	col103
	col104
	col106
	colAccess
	colOnline
	colAtRisk
	colReview
	colDeceased
	colNeeds
	numCols
)

// GoLive is the go-live date the generated ages and code dates are arranged around
// (the sample practice's go-live date); LetterDate and ReplyBy are the sample practice's
// letter and reply-by dates.
var (
	GoLive     = civil.New(2027, time.January, 15)
	LetterDate = civil.New(2026, time.December, 1)
	ReplyBy    = civil.New(2027, time.January, 5)
)

// MaxRows is the most rows Generate will write: NHS numbers must stay unique within the
// 999 range's one million stems, about 9% of which have no valid check digit.
const MaxRows = 900_000

// Generate writes a synthetic EMIS-style patient list of n patient rows (plus the header)
// as CSV with CRLF line ends. The same n and seed always give the same bytes.
//
// Most rows are ordinary adults with no record-access codes; the rest are spread over
// every case the rules distinguish (docs/rules.md, docs/pathways.md) at rates a practice might see, and a
// fixed set of scenarios (see scenarios) is placed at even intervals so that even a list
// of 200 rows meets every row of every pathway table and every eligibility check.
// Generate streams: memory use does not grow with n.
func Generate(w io.Writer, n int, seed int64) error {
	if n < 0 || n > MaxRows {
		return fmt.Errorf("sample: %d patients asked for; between 0 and %d can be generated", n, MaxRows)
	}
	g := newGenerator(seed, n)
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(Header); err != nil {
		return err
	}
	row := make([]string, numCols)
	for i := 0; i < n; i++ {
		g.row(i, row)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// scenario is one case the rules tell apart. Rows with scenario none are drawn at random.
type scenario int

const (
	none scenario = iota
	plainAdult
	declined          // 103
	declinedWith106   // 103 and 106: still declined
	hasAccess         // A=Y
	hasAccessBlocked  // A=Y and 104
	blockedSafeOnline // 104, review safe, online account
	blockedSafeNoAcct // 104, review safe, no online account
	blockedUnsafe     // 104, review unsafe
	blockedNoReview   // 104, review blank
	blockedAtRisk     // 104 and at risk
	atRiskUncoded     // at risk, no 104
	cleared           // 104 then a later 106
	only106           // 106 alone
	b106Before104     // 106 older than 104: blocked
	sameDay104106     // 104 and 106 on one day: blocked with a warning
	under16
	turning16Soon   // 15 on go-live, 16 within 90 days after the letter date
	sixteenOnGoLive // 16th birthday on the go-live date
	sixteenDayAfter // 16th birthday the day after go-live
	leapDay         // born 29 February
	deceasedY
	deceasedDate
	invalidCheck // wrong check digit
	invalidShort // nine digits
	blankNHS
	duplicate            // identical copy of an earlier row
	conflictingDuplicate // same NHS number as an earlier row, another date of birth
	noDOB
	noAddressLines
	noPostcode
	pseudoPostcode // ZZ99
	badPostcode    // not a UK format
	lowerPostcode  // "ls62qr"
	largePrint
	greekName
	cyrillicName
	spacedNHS // "999 123 4560"
	numScenarios
)

// scenarios is the fixed set placed at even intervals through every generated list.
// Duplicates come after ordinary rows, so there is always an earlier row to copy.
var scenarios = func() []scenario {
	s := make([]scenario, 0, numScenarios-1)
	for c := plainAdult; c < numScenarios; c++ {
		s = append(s, c)
	}
	return s
}()

type generator struct {
	r      *rand.Rand
	stride int       // rows between fixed scenarios
	keys   [4]uint32 // NHS number permutation keys
	count  uint32
	emis   int

	prev      []string // the last ordinary row, copied by duplicates
	prevValid bool
}

func newGenerator(seed int64, n int) *generator {
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	stride := n / len(scenarios)
	if stride < 1 {
		stride = 1
	}
	g := &generator{
		r:      r,
		stride: stride,
		emis:   1000 + r.IntN(50000),
		prev:   make([]string, numCols),
	}
	for k := range g.keys {
		g.keys[k] = r.Uint32N(1000)
	}
	return g
}

// nextNHS returns a new valid 999 NHS number, never the same one twice: a counter is
// mixed by a four-round Feistel permutation of 0–999 999, so numbers look scattered but
// cannot repeat.
func (g *generator) nextNHS() string {
	for {
		x := g.count
		g.count++
		l, r := x/1000, x%1000
		for _, k := range g.keys {
			l, r = r, (l+(r*r*7+r*k+k*k)%1000)%1000
		}
		stem := strconv.Itoa(999_000_000 + int(l*1000+r))
		if c, ok := nhs.CheckDigit(stem); ok {
			return stem + string(rune('0'+c))
		}
	}
}

// pick returns the scenario for row i: a fixed one at every stride-th row, else none.
func (g *generator) pick(i int) scenario {
	if i%g.stride == 0 {
		if k := i / g.stride; k < len(scenarios) {
			return scenarios[k]
		}
	}
	return none
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func (g *generator) row(i int, row []string) {
	sc := g.pick(i)
	if sc == duplicate || sc == conflictingDuplicate || (sc == none && g.prevValid && g.chance(0.006)) {
		if !g.prevValid {
			sc = plainAdult
		} else {
			copy(row, g.prev)
			if sc == conflictingDuplicate || (sc == none && g.chance(0.4)) {
				dob, _ := parseEMIS(row[colDOB])
				row[colDOB] = emisDate(dob.AddDays(1 + g.r.IntN(400)))
			}
			return
		}
	}
	if sc == none {
		sc = g.randomScenario()
	}
	g.fill(sc, row)
	if sc != invalidCheck && sc != invalidShort && sc != blankNHS && row[colDOB] != "" {
		copy(g.prev, row)
		g.prevValid = true
	}
}

// randomScenario draws the case of an ordinary row at rates a practice might see.
func (g *generator) randomScenario() scenario {
	x := g.r.Float64()
	cum := 0.0
	for _, w := range weights {
		cum += w.p
		if x < cum {
			return w.s
		}
	}
	return plainAdult
}

var weights = []struct {
	s scenario
	p float64
}{
	{declined, 0.04}, {declinedWith106, 0.003}, {hasAccess, 0.10}, {hasAccessBlocked, 0.01},
	{blockedSafeOnline, 0.03}, {blockedSafeNoAcct, 0.04}, {blockedUnsafe, 0.015},
	{blockedNoReview, 0.03}, {blockedAtRisk, 0.005}, {atRiskUncoded, 0.01},
	{cleared, 0.02}, {only106, 0.01}, {b106Before104, 0.005}, {sameDay104106, 0.003},
	{under16, 0.17}, {turning16Soon, 0.005}, {leapDay, 0.001},
	{deceasedY, 0.003}, {deceasedDate, 0.002},
	{invalidCheck, 0.003}, {invalidShort, 0.001}, {blankNHS, 0.001},
	{noDOB, 0.002}, {noAddressLines, 0.001}, {noPostcode, 0.001}, {pseudoPostcode, 0.002},
	{badPostcode, 0.003}, {lowerPostcode, 0.01}, {largePrint, 0.02},
	{greekName, 0.002}, {cyrillicName, 0.003}, {spacedNHS, 0.01},
}

func (g *generator) fill(sc scenario, row []string) {
	for k := range row {
		row[k] = ""
	}
	g.emis += 1 + g.r.IntN(40)
	row[colEMIS] = strconv.Itoa(g.emis)

	// Who: sex, age, name.
	female := g.chance(0.51)
	var dob civil.Date
	switch sc {
	case under16:
		dob = GoLive.AddDays(-g.r.IntN(16*365 - 100))
	case turning16Soon:
		// 16th birthday from the day after go-live to 90 days after the letter date.
		span := LetterDate.AddDays(90).Time().Sub(GoLive.Time()) / (24 * time.Hour)
		dob = civil.New(GoLive.Year-16, GoLive.Month, GoLive.Day+1+g.r.IntN(int(span)))
	case sixteenOnGoLive:
		dob = civil.New(GoLive.Year-16, GoLive.Month, GoLive.Day)
	case sixteenDayAfter:
		dob = civil.New(GoLive.Year-16, GoLive.Month, GoLive.Day+1)
	case leapDay:
		years := []int{1948, 1960, 1972, 1984, 1996, 2008}
		dob = civil.New(years[g.r.IntN(len(years))], time.February, 29)
	default:
		dob = g.adultDOB()
	}
	age := dob.AgeOn(GoLive)
	g.name(row, sc, female, age)
	if sc != noDOB {
		row[colDOB] = emisDate(dob)
	}

	// NHS number.
	num := g.nextNHS()
	switch sc {
	case invalidCheck:
		d := (num[9]-'0'+1+byte(g.r.IntN(8)))%10 + '0'
		num = num[:9] + string(rune(d)) // 1–8 more than the right digit: always wrong
	case invalidShort:
		num = num[:9]
	case blankNHS:
		num = ""
	case spacedNHS:
		num = nhs.Format(num)
	}
	row[colNHS] = num

	g.address(row, sc)

	// Contact details for some.
	if age >= 13 && g.chance(0.7) {
		row[colMobile] = fmt.Sprintf("07700 900%03d", g.r.IntN(1000))
	}
	if age >= 16 && g.chance(0.45) {
		row[colEmail] = "patient" + row[colEMIS] + "@example.com"
	}

	// Codes.
	adult := age >= 16
	codeDay := func() civil.Date { return civil.New(2023, time.October, 1).AddDays(g.r.IntN(1100)) }
	set := func(col int, d civil.Date) { row[col] = emisDate(d) }
	review := func(p []float64) {
		x := g.r.Float64()
		switch {
		case x < p[0]:
			row[colReview] = "safe"
		case x < p[0]+p[1]:
			row[colReview] = "unsafe"
		}
	}
	switch sc {
	case declined:
		set(col103, codeDay())
	case declinedWith106:
		d := codeDay()
		set(col103, d)
		set(col106, d.AddDays(10+g.r.IntN(200)))
	case hasAccessBlocked:
		set(col104, codeDay())
	case blockedSafeOnline, blockedSafeNoAcct:
		set(col104, codeDay())
		row[colReview] = "safe"
	case blockedUnsafe:
		set(col104, codeDay())
		row[colReview] = "unsafe"
	case blockedNoReview:
		set(col104, codeDay())
	case blockedAtRisk:
		set(col104, codeDay())
		review([]float64{0.2, 0.5})
	case cleared:
		d := codeDay()
		set(col104, d)
		set(col106, d.AddDays(1+g.r.IntN(300)))
	case only106:
		set(col106, codeDay())
	case b106Before104:
		d := codeDay()
		set(col106, d)
		set(col104, d.AddDays(1+g.r.IntN(300)))
		review([]float64{0.5, 0.2})
	case sameDay104106:
		d := codeDay()
		set(col104, d)
		set(col106, d)
		review([]float64{0.6, 0.1})
	}

	// Flags.
	yn := func(b bool) string {
		if b {
			return "Y"
		}
		return "N"
	}
	access := sc == hasAccess || sc == hasAccessBlocked
	online := access || sc == blockedSafeOnline || (sc != blockedSafeNoAcct && age >= 13 && g.chance(0.35))
	row[colAccess] = yn(access)
	row[colOnline] = yn(online)
	row[colAtRisk] = yn(sc == blockedAtRisk || sc == atRiskUncoded)
	switch sc {
	case deceasedY:
		row[colDeceased] = "Y"
	case deceasedDate:
		row[colDeceased] = emisDate(civil.New(2026, time.January, 1).AddDays(g.r.IntN(300)))
	}
	switch {
	case sc == largePrint:
		row[colNeeds] = largePrintNeeds[g.r.IntN(len(largePrintNeeds))]
	case adult && g.chance(0.01):
		row[colNeeds] = otherNeeds[g.r.IntN(len(otherNeeds))]
	case age >= 70 && g.chance(0.03):
		row[colNeeds] = "Large print"
	}
}

var largePrintNeeds = []string{"Large print", "LARGE PRINT", "Large print (18 pt)", "Requires information in large print"}
var otherNeeds = []string{"Braille", "Easy read", "BSL interpreter", "Contact by email"}

// adultDOB draws a date of birth for someone 16 to 98 at go-live, weighted towards
// working age as a practice list is.
func (g *generator) adultDOB() civil.Date {
	var age int
	switch x := g.r.Float64(); {
	case x < 0.55:
		age = 16 + g.r.IntN(34) // 16–49
	case x < 0.85:
		age = 50 + g.r.IntN(20) // 50–69
	default:
		age = 70 + g.r.IntN(29) // 70–98
	}
	return GoLive.AddDays(-(age*365 + age/4 + 1 + g.r.IntN(364)))
}

func (g *generator) name(row []string, sc scenario, female bool, age int) {
	var fore, sur []string
	switch sc {
	case greekName:
		fore, sur = greekForenamesM, greekSurnamesM
		if female {
			fore, sur = greekForenamesF, greekSurnamesF
		}
	case cyrillicName:
		fore, sur = cyrillicForenamesM, cyrillicSurnamesM
		if female {
			fore, sur = cyrillicForenamesF, cyrillicSurnamesF
		}
	default:
		fore, sur = forenamesM, surnames
		if female {
			fore = forenamesF
		}
	}
	row[colForename] = fore[g.r.IntN(len(fore))]
	if g.chance(0.12) && sc != greekName && sc != cyrillicName {
		row[colForename] += " " + fore[g.r.IntN(len(fore))]
	}
	row[colSurname] = sur[g.r.IntN(len(sur))]
	switch {
	case age < 16 && g.chance(0.5):
		// EMIS often has no title for children.
	case age < 16:
		row[colTitle] = "Master"
		if female {
			row[colTitle] = "Miss"
		}
	case g.chance(0.02):
		row[colTitle] = "Mx"
	case age >= 25 && g.chance(0.03):
		row[colTitle] = "Dr"
	case female:
		row[colTitle] = []string{"Mrs", "Ms", "Miss"}[g.r.IntN(3)]
	default:
		row[colTitle] = "Mr"
	}
}

func (g *generator) address(row []string, sc scenario) {
	t := &towns[g.r.IntN(len(towns))]
	switch x := g.r.Float64(); {
	case x < 0.12:
		row[colHouse] = "Flat " + strconv.Itoa(1+g.r.IntN(24))
	case x < 0.18:
		row[colHouse] = houseNames[g.r.IntN(len(houseNames))]
	}
	row[colStreet] = strconv.Itoa(1+g.r.IntN(180)) + " " + streets[g.r.IntN(len(streets))]
	if row[colHouse] != "" && row[colHouse][0] != 'F' && g.chance(0.5) {
		row[colStreet] = streets[g.r.IntN(len(streets))] // a named house often has no number
	}
	if len(t.villages) > 0 && g.chance(0.4) {
		row[colVillage] = t.villages[g.r.IntN(len(t.villages))]
	}
	row[colTown] = t.name
	if g.chance(0.8) {
		row[colCounty] = t.county
	}
	pc := t.outward[g.r.IntN(len(t.outward))] + " " + strconv.Itoa(g.r.IntN(10)) +
		string(inwardLetters[g.r.IntN(len(inwardLetters))]) + string(inwardLetters[g.r.IntN(len(inwardLetters))])
	switch sc {
	case noAddressLines:
		row[colHouse], row[colStreet], row[colVillage], row[colTown], row[colCounty] = "", "", "", "", ""
	case noPostcode:
		pc = ""
	case pseudoPostcode:
		pc = "ZZ99 3VZ"
		if g.chance(0.5) {
			pc = "ZZ99 3WZ"
		}
	case badPostcode:
		pc = badPostcodes[g.r.IntN(len(badPostcodes))]
	case lowerPostcode:
		pc = toLowerCompact(pc)
	}
	row[colPostcode] = pc
}

const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

var badPostcodes = []string{"LS6 2Q", "L16 0XX1", "123 4AB", "LSS 2QR", "LS6 2CI", "HG1"}

func toLowerCompact(pc string) string {
	b := make([]byte, 0, len(pc))
	for i := 0; i < len(pc); i++ {
		c := pc[i]
		if c == ' ' {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

var monthAbbr = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// emisDate writes d as EMIS Web does in report exports: 27-Oct-2023.
func emisDate(d civil.Date) string {
	b := make([]byte, 0, 11)
	if d.Day < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(d.Day), 10)
	b = append(b, '-')
	b = append(b, monthAbbr[d.Month]...)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(d.Year), 10)
	return string(b)
}

// parseEMIS reads a date written by emisDate.
func parseEMIS(s string) (civil.Date, error) {
	t, err := time.Parse("02-Jan-2006", s)
	if err != nil {
		return civil.Date{}, err
	}
	return civil.FromTime(t), nil
}
