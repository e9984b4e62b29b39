package roster

import (
	"strconv"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/privacytest"
)

func TestReadEMISExport(t *testing.T) {
	n1, n2, n3 := validNHS(1), validNHS(2), validNHS(3)
	text := "\ufeff" + strings.Join([]string{
		csvLine("NHS Number", "EMIS Number", "Name", "Date of Birth", "House Name/Flat", "Number and Street", "Village", "Town", "County", "Postcode", "Mobile Telephone", "Email Address", "1364731000000104", "1364751000000106", "1290331000000103", "Prospective Access", "Online User", "At Risk", "Review Outcome", "Deceased", "Communication Needs", "Usual GP"),
		csvLine(n1[:3]+" "+n1[3:6]+" "+n1[6:], "1001", "SMITH, John (Mr)", "27-Oct-1980", "", "1 High Street", "", "Leeds", "West Yorkshire", "ls62qr", "07700 900123", "j@example.org", "01/11/2023", "", "", "N", "Yes", "0", "Safe", "", "Large print", "Dr Who"),
		csvLine(n2, "1002", "O'NEILL, Siobhán (Ms)", "5/6/2001", "Flat 2", "3 Low Road", "Headingley", "Leeds", "", "LS6 3AB", "", "", "01/11/2023", "02/11/2023", "", "TRUE", "false", "Y", "unsafe", "N", "", ""),
		csvLine(n3, "1003", "Mrs Zoë de la Cruz", "2001-06-05", "", "4 Main St", "", "York", "", "YO1 7HH", "", "", "", "", "12-MAR-2024", "1", "0", "no", "", "Y", "", ""),
	}, "\r\n") + "\r\n\r\n,,,,\r\n"
	l := read(t, text, Options{})
	checkRowsKept(t, l, 3)
	if l.Encoding != "UTF-8 (BOM)" || l.Format != "csv" || l.Delimiter != ',' || l.HeaderRow != 1 {
		t.Errorf("list = %q %q %q %d", l.Encoding, l.Format, string(l.Delimiter), l.HeaderRow)
	}
	p := l.Patients[0]
	want := patient.Patient{
		Row: 2, NHSGiven: n1[:3] + " " + n1[3:6] + " " + n1[6:], NHS: n1, EMISNumber: "1001",
		Title: "Mr", Forename: "John", Surname: "Smith", DOB: civil.New(1980, 10, 27),
		Address:  []string{"1 High Street", "Leeds", "West Yorkshire"},
		Postcode: "LS6 2QR", PostcodeValid: true, Mobile: "07700 900123", Email: "j@example.org",
		Code104: civil.New(2023, 11, 1), Has104: true, OnlineAccount: true, Review: patient.ReviewSafe, LargePrint: true,
		Communication: "Large print",
	}
	comparePatient(t, p, want)

	p = l.Patients[1]
	want = patient.Patient{
		Row: 3, NHSGiven: n2, NHS: n2, EMISNumber: "1002", Title: "Ms", Forename: "Siobhán", Surname: "O'Neill",
		DOB: civil.New(2001, 6, 5), Address: []string{"Flat 2", "3 Low Road", "Headingley", "Leeds"},
		Postcode: "LS6 3AB", PostcodeValid: true, Code104: civil.New(2023, 11, 1), Has104: true,
		Code106: civil.New(2023, 11, 2), Has106: true, HasAccess: true, AtRisk: true, Review: patient.ReviewUnsafe,
	}
	comparePatient(t, p, want)

	p = l.Patients[2]
	want = patient.Patient{
		Row: 4, NHSGiven: n3, NHS: n3, EMISNumber: "1003", Title: "Mrs", Forename: "Zoë", Surname: "de la Cruz",
		DOB: civil.New(2001, 6, 5), Address: []string{"4 Main St", "York"}, Postcode: "YO1 7HH", PostcodeValid: true,
		Code103: civil.New(2024, 3, 12), Has103: true, HasAccess: true, Deceased: true,
	}
	comparePatient(t, p, want)

	if l.Columns["nhs number"] != "NHS Number" || l.Columns["104"] != "1364731000000104" || l.Columns["address line 1"] != "House Name/Flat" {
		t.Errorf("Columns = %v", l.Columns)
	}
	if !hasProblem(l.Warnings, `"Usual GP"`) {
		t.Errorf("no warning about the unused column: %q", l.Warnings)
	}
	privacytest.Check(t, "Read", listMessages(l), n1, n2, n3, "SMITH", "Siobhán", "High Street", "LS6", "1980")
}

func comparePatient(t *testing.T, got, want patient.Patient) {
	t.Helper()
	g, w := strings.Join(describe(got), "\n"), strings.Join(describe(want), "\n")
	if g != w {
		t.Errorf("row %d:\ngot:\n%s\nwant:\n%s", want.Row, g, w)
	}
}

func describe(p patient.Patient) []string {
	return []string{
		"Row=" + strconv.Itoa(p.Row), "NHSGiven=" + p.NHSGiven, "NHS=" + p.NHS, "EMIS=" + p.EMISNumber,
		"Title=" + p.Title, "Forename=" + p.Forename, "Surname=" + p.Surname, "DOB=" + p.DOB.String(),
		"Address=" + strings.Join(p.Address, "|"), "Postcode=" + p.Postcode, "PostcodeValid=" + tf(p.PostcodeValid),
		"Mobile=" + p.Mobile, "Email=" + p.Email,
		"103=" + tf(p.Has103) + p.Code103.String(), "104=" + tf(p.Has104) + p.Code104.String(), "106=" + tf(p.Has106) + p.Code106.String(),
		"A=" + tf(p.HasAccess), "O=" + tf(p.OnlineAccount), "K=" + tf(p.AtRisk), "V=" + p.Review.String(),
		"Deceased=" + tf(p.Deceased), "LargePrint=" + tf(p.LargePrint), "Communication=" + p.Communication, "Problems=" + strings.Join(p.Problems, "; "),
	}
}

func tf(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}
