package pack

import (
	"slices"
	"testing"

	"github.com/accesspack/accesspack/internal/patient"
)

func TestCompareRecipientsOrdersByOutwardThenInwardThenName(t *testing.T) {
	ps := []*patient.Patient{
		{Row: 2, Postcode: "LS12 3AB", Surname: "Adams"},
		{Row: 3, Postcode: "LS6 2QR", Surname: "Young"},
		{Row: 4, Postcode: "LS6 1AA", Surname: "Brown"},
		{Row: 5, Postcode: "", Surname: "Aaron"},
		{Row: 6, Postcode: "BD1 1AA", Surname: "Zeta"},
		{Row: 7, Postcode: "LS6 2QR", Surname: "Young", Forename: "Amy"},
		{Row: 8, Postcode: "LS6 2QR", Surname: "young", Forename: "Amy"},
	}
	slices.SortFunc(ps, compareRecipients)
	var got []int
	for _, p := range ps {
		got = append(got, p.Row)
	}
	want := []int{6, 4, 3, 7, 8, 2, 5} // BD1; LS6 1AA; LS6 2QR (Young, then Amy Young by row); LS12; none last
	if !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}
