package channel

import (
	"fmt"
	"math"
	"strconv"

	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
)

// Price is one unit price in pence, and whether it is the built-in default rather than
// the practice's own.
type Price struct {
	Pence   float64
	Default bool
}

// String reads "87p (default)" or "2.5p".
func (p Price) String() string {
	s := strconv.FormatFloat(p.Pence, 'f', -1, 64) + "p"
	if p.Default {
		s += " (default)"
	}
	return s
}

// Prices are what sending costs.
type Prices struct {
	Sheet    Price // a sheet of A4, paper and printing
	Envelope Price // a window envelope
	Postage  Price // a standard letter's postage
	Fragment Price // a text message fragment
}

// DefaultPrices returns the built-in prices (practice.DefaultPrices, where their sources
// are given), each marked as a default.
func DefaultPrices() Prices { return PricesFrom(practice.Prices{}) }

// PricesFrom returns the practice's prices, with the built-in one, marked as a default,
// for each price the practice does not set.
func PricesFrom(p practice.Prices) Prices {
	price := func(own, def float64) Price {
		if own == 0 {
			return Price{def, true}
		}
		return Price{Pence: own}
	}
	d := practice.DefaultPrices
	return Prices{
		Sheet:    price(p.Sheet, d.Sheet),
		Envelope: price(p.Envelope, d.Envelope),
		Postage:  price(p.Postage, d.Postage),
		Fragment: price(p.Fragment, d.Fragment),
	}
}

// Estimate is what sending a pack costs.
type Estimate struct {
	Letters   int // letters posted: one envelope and one postage each
	Sheets    int // sheets of paper printed
	Messages  int // text messages sent
	Fragments int // text message fragments charged
	Prices    Prices
	// Approximate is true when the sheets are counted from one letter of each kind
	// rather than from the printed pack (accesspack check).
	Approximate bool
}

// Line is one line of a cost table.
type Line struct {
	Item     string
	Quantity int
	Price    Price
	Pence    float64
}

// Lines are the cost table: sheets, envelopes, postage and message fragments, each with
// its quantity, unit price and amount. Items of quantity 0 are left out.
func (e Estimate) Lines() []Line {
	var out []Line
	add := func(item string, n int, p Price) {
		if n > 0 {
			out = append(out, Line{item, n, p, float64(n) * p.Pence})
		}
	}
	add("sheets (paper and printing)", e.Sheets, e.Prices.Sheet)
	add("envelopes", e.Letters, e.Prices.Envelope)
	add("postage", e.Letters, e.Prices.Postage)
	add("text message fragments", e.Fragments, e.Prices.Fragment)
	return out
}

// LetterPence is the cost of the letters: sheets, envelopes and postage.
func (e Estimate) LetterPence() float64 {
	return float64(e.Sheets)*e.Prices.Sheet.Pence + float64(e.Letters)*(e.Prices.Envelope.Pence+e.Prices.Postage.Pence)
}

// MessagePence is the cost of the text messages.
func (e Estimate) MessagePence() float64 { return float64(e.Fragments) * e.Prices.Fragment.Pence }

// TotalPence is the whole estimate.
func (e Estimate) TotalPence() float64 { return e.LetterPence() + e.MessagePence() }

// UsesDefaults reports whether any price shown is a built-in default.
func (e Estimate) UsesDefaults() bool {
	for _, l := range e.Lines() {
		if l.Price.Default {
			return true
		}
	}
	return false
}

// Describe is a line's quantity, price and amount: "1,234 × 4p (default) = £49.36".
func (l Line) Describe() string {
	return fmt.Sprintf("%s × %s = %s", Thousands(l.Quantity), l.Price, Pounds(l.Pence))
}

// Pounds writes an amount in pence as pounds: "£1,234.56".
func Pounds(pence float64) string {
	p := int64(math.Round(pence))
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	return fmt.Sprintf("%s£%s.%02d", sign, Thousands(int(p/100)), p%100)
}

// Thousands writes n with commas: 12,345 (rules.Thousands, which the letters use too).
func Thousands(n int) string { return rules.Thousands(n) }
