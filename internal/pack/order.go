package pack

import (
	"strconv"
	"strings"

	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/postcode"
)

// postcodeKey sorts postcodes as a print room would: by outward code (area letters, then
// district number as a number, so LS6 comes before LS12), then inward code. Letters with
// no usable postcode sort last.
type postcodeKey struct {
	missing  bool
	area     string
	district int
	rest     string
	inward   string
}

func keyOf(pc string) postcodeKey {
	if pc == "" {
		return postcodeKey{missing: true}
	}
	out, in := postcode.Split(pc)
	i := 0
	for i < len(out) && (out[i] < '0' || out[i] > '9') {
		i++
	}
	j := i
	for j < len(out) && out[j] >= '0' && out[j] <= '9' {
		j++
	}
	d, _ := strconv.Atoi(out[i:j])
	return postcodeKey{area: out[:i], district: d, rest: out[j:], inward: in}
}

func (a postcodeKey) compare(b postcodeKey) int {
	switch {
	case a.missing != b.missing:
		if a.missing {
			return 1
		}
		return -1
	case a.area != b.area:
		return strings.Compare(a.area, b.area)
	case a.district != b.district:
		if a.district < b.district {
			return -1
		}
		return 1
	case a.rest != b.rest:
		return strings.Compare(a.rest, b.rest)
	}
	return strings.Compare(a.inward, b.inward)
}

// compareRecipients orders letters by postcode (outward then inward), then surname, then
// forename, then input row, so the order is total and the same on every run.
func compareRecipients(a, b *patient.Patient) int {
	if c := keyOf(a.Postcode).compare(keyOf(b.Postcode)); c != 0 {
		return c
	}
	if c := strings.Compare(strings.ToLower(a.Surname), strings.ToLower(b.Surname)); c != 0 {
		return c
	}
	if c := strings.Compare(strings.ToLower(a.Forename), strings.ToLower(b.Forename)); c != 0 {
		return c
	}
	return a.Row - b.Row
}
