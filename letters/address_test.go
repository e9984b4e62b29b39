package letters

import (
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/practice"
)

func TestAddressBlock(t *testing.T) {
	cases := []struct {
		name string
		p    patient.Patient
		want string
	}{
		{"plain",
			patient.Patient{Title: "Mrs", Forename: "Zoë", Surname: "Ashworth", Address: []string{"14 Harehills Lane", "Leeds"}, Postcode: "LS8 4HA", PostcodeValid: true},
			"Mrs Zoë Ashworth|14 Harehills Lane|LEEDS|LS8 4HA"},
		{"blank lines dropped",
			patient.Patient{Forename: "Łukasz", Surname: "Kowalski", Address: []string{"", "2 Mill Road", "  ", "Otley", ""}, Postcode: "LS21 1AA"},
			"Łukasz Kowalski|2 Mill Road|OTLEY|LS21 1AA"},
		{"commas and full stops removed",
			patient.Patient{Title: "Mr.", Forename: "J.", Surname: "O’Neill", Address: []string{"Flat 2.1, St. Mary's Court", "10, High St.", "Ilkley,"}, Postcode: "LS29 9AB"},
			"Mr J O’Neill|Flat 2.1 St Mary's Court|10 High St|ILKLEY|LS29 9AB"},
		{"no space after full stop",
			patient.Patient{Surname: "Smith", Address: []string{"St.John's Road", "York"}, Postcode: "YO1 7HH"},
			"Smith|St John's Road|YORK|YO1 7HH"},
		{"postcode normalised, alone last",
			patient.Patient{Forename: "Erdős", Surname: "Pál", Address: []string{"1 Bridge St", "Leeds"}, Postcode: "ls62qr"},
			"Erdős Pál|1 Bridge St|LEEDS|LS6 2QR"},
		{"postcode repeated in the address is not printed twice",
			patient.Patient{Surname: "Yıldız", Address: []string{"3 Elm Row", "Leeds", "LS6 2QR"}, Postcode: "LS6 2QR"},
			"Yıldız|3 Elm Row|LEEDS|LS6 2QR"},
		{"town capitals keep accents",
			patient.Patient{Forename: "Đokić", Surname: "Ana", Address: []string{"5 Rue", "Saint-Étienne"}, Postcode: "ls1 1aa"},
			"Đokić Ana|5 Rue|SAINT-ÉTIENNE|LS1 1AA"},
		{"more than five lines are joined, the town kept",
			patient.Patient{Surname: "Weiß", Address: []string{"Flat 1", "Rose House", "2 Long Lane", "Headingley", "West Yorkshire", "Leeds"}, Postcode: "LS6 3AA"},
			"Weiß|Flat 1|Rose House|2 Long Lane|Headingley West Yorkshire|LEEDS|LS6 3AA"},
		{"control characters and spaces tidied",
			patient.Patient{Forename: "Ann\x00\t", Surname: " Lee\u202e", Address: []string{"1\r\nHigh   Street", "Leeds"}, Postcode: "LS1\t1AA"},
			"Ann Lee|1 High Street|LEEDS|LS1 1AA"},
		{"an invalid postcode is upper-cased, still last",
			patient.Patient{Surname: "Lee", Address: []string{"1 High St", "Leeds"}, Postcode: "ls1 1a"},
			"Lee|1 High St|LEEDS|LS1 1A"},
		{"more than five lines, with a county",
			patient.Patient{Surname: "Weiß", Address: []string{"Flat 1", "Rose House", "2 Long Lane", "Headingley", "Leeds", "West Yorkshire"}, Postcode: "LS6 3AA"},
			"Weiß|Flat 1|Rose House|2 Long Lane Headingley|LEEDS|West Yorkshire|LS6 3AA"},
		{"a county last: the town before it is capitalised",
			patient.Patient{Title: "Mr", Forename: "David", Surname: "Hughes", Address: []string{"14 Windsor Drive", "Leeds", "West Yorkshire"}, Postcode: "LS6 1AB"},
			"Mr David Hughes|14 Windsor Drive|LEEDS|West Yorkshire|LS6 1AB"},
		{"an abbreviated county",
			patient.Patient{Surname: "Hughes", Address: []string{"2 Bank St", "Otley", "W. Yorks."}, Postcode: "LS21 1AA"},
			"Hughes|2 Bank St|OTLEY|W Yorks|LS21 1AA"},
		{"a town that shares a county's name is the town",
			patient.Patient{Surname: "Hughes", Address: []string{"1 Palace Green", "Durham"}, Postcode: "DH1 3RW"},
			"Hughes|1 Palace Green|DURHAM|DH1 3RW"},
		{"a county after a street (no town): the county is capitalised",
			patient.Patient{Surname: "Hughes", Address: []string{"14 Windsor Drive", "Kent"}, Postcode: "CT1 1AA"},
			"Hughes|14 Windsor Drive|KENT|CT1 1AA"},
		{"no postcode", patient.Patient{Surname: "Lee", Address: []string{"1 High St", "Leeds"}},
			"Lee|1 High St|LEEDS"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := AddressBlock(&c.p)
			if strings.Join(got, "|") != c.want {
				t.Errorf("got  %q\nwant %q", strings.Join(got, "|"), c.want)
			}
			for _, l := range got {
				if l == "" || strings.ContainsAny(l, ",") {
					t.Errorf("bad line %q", l)
				}
			}
		})
	}
}

func TestOrgAddress(t *testing.T) {
	cases := []struct {
		o    practice.Organisation
		want string
	}{
		{practice.Organisation{Name: "NHS West Yorkshire ICB", Contact: "Primary Care IT Team", Address: []string{"White Rose House", "West Parade", "Wakefield", "wf1 1lt"}},
			"Primary Care IT Team|NHS West Yorkshire ICB|White Rose House|West Parade|WAKEFIELD|WF1 1LT"},
		{practice.Organisation{Name: "EMIS Health", Address: []string{"Rawdon House,", "", "Leeds."}},
			"EMIS Health|Rawdon House|LEEDS"},
		{practice.Organisation{}, ""},
		// the contact repeated as the first address line prints once
		{practice.Organisation{Name: "EMIS Health", Contact: "Bulk Enablement Team", Address: []string{"Bulk enablement team", "Example Business Park", "Yeadon", "Leeds", "LS19 9ZZ"}},
			"Bulk Enablement Team|EMIS Health|Example Business Park|Yeadon|LEEDS|LS19 9ZZ"},
	}
	for _, c := range cases {
		if got := strings.Join(OrgAddress(c.o), "|"); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}
