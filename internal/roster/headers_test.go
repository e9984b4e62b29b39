package roster

import (
	"slices"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/privacytest"
)

// baseColumn says which column of minimalHeader an alias of a required field replaces.
var baseColumn = map[string]int{fNHS: 0, fSurname: 1, fDOB: 2, fAddr1: 3, fPostcode: 4, fAddress: 3}

// TestEveryHeaderAlias reads a file using each accepted header (as docs/patient-list.md lists them, and
// re-cased, with underscores and with punctuation) and checks the column is used for its field.
func TestEveryHeaderAlias(t *testing.T) {
	for _, f := range fieldTable {
		for _, alias := range f.headers {
			variants := []string{alias, strings.ToUpper(alias), strings.ToLower(strings.ReplaceAll(alias, " ", "_")), " " + alias + ". "}
			for _, h := range variants {
				t.Run(f.name+"/"+h, func(t *testing.T) {
					header := slices.Clone(minimalHeader)
					row := []string{validNHS(0), "Smith", "01/02/1980", "1 High Street", "LS6 2QR"}
					value := "x"
					switch f.name {
					case fDOB, f103, f104, f106, fDateOfDeath:
						value = "02/03/2001"
					case fHasAccess, fOnline, fAtRisk, fDeceased:
						value = "Y"
					case fReview:
						value = "safe"
					case fAddress:
						value = "1 High Street, Leeds, LS6 2QR"
					case fPostcode:
						value = "LS6 2QR"
					case fNHS:
						value = validNHS(0)
					}
					if i, ok := baseColumn[f.name]; ok {
						header[i], row[i] = h, value
					} else {
						header, row = append(header, h), append(row, value)
					}
					l := read(t, csvLine(header...)+"\n"+csvLine(row...)+"\n", Options{})
					checkRowsKept(t, l, 1)
					if got := l.Columns[f.name]; got != strings.TrimSpace(h) {
						t.Fatalf("Columns[%q] = %q, want %q (columns %v)", f.name, got, h, l.Columns)
					}
					if len(l.Patients[0].Problems) > 0 {
						t.Errorf("problems: %q", l.Patients[0].Problems)
					}
				})
			}
		}
	}
}

// TestAliasesFromSpec pins the header names the contract has always listed, so none is dropped by accident.
func TestAliasesFromSpec(t *testing.T) {
	spec := map[string][]string{
		fNHS: {"NHS Number", "NHS No"}, fEMIS: {"EMIS Number", "Patient ID"}, fTitle: {"Title"},
		fForename: {"Forename(s)", "First Name", "Given Name"}, fSurname: {"Surname", "Last Name", "Family Name"},
		fFullName: {"Full Name", "Name"}, fDOB: {"Date of Birth", "DOB"},
		fAddr1: {"Address Line 1", "House Name/Flat"}, fAddr2: {"Address Line 2", "Number and Street"},
		fAddr3: {"Address Line 3", "Village"}, fAddr4: {"Address Line 4", "Town"}, fAddr5: {"Address Line 5", "County"},
		fAddress: {"Address"}, fPostcode: {"Postcode"}, fMobile: {"Mobile Telephone", "Mobile"},
		fEmail: {"Email", "Email Address"}, f103: {"103", "1290331000000103"},
		f104: {"104", "Latest 104", "104 Date", "1364731000000104"}, f106: {"106", "1364751000000106"},
		fHasAccess: {"Prospective Access", "Has Access"}, fOnline: {"Online Account", "Online User"},
		fAtRisk: {"At Risk"}, fReview: {"Review Outcome", "Review"}, fDeceased: {"Deceased"},
		fDateOfDeath: {"Date of Death"}, fCommunicatns: {"Communication Needs", "Accessible Information"},
	}
	for field, headers := range spec {
		for _, h := range headers {
			i, ok := aliasIndex[normaliseHeader(h)]
			if !ok || fieldTable[i].name != field {
				t.Errorf("header %q is not accepted for %q", h, field)
			}
		}
	}
	if len(Fields) != len(fieldTable) || Fields[0] != "nhs number" || !slices.Contains(Fields, "104") || !slices.Contains(Fields, "address line 1") {
		t.Errorf("Fields = %q", Fields)
	}
}

func TestNormaliseHeader(t *testing.T) {
	for in, want := range map[string]string{
		"NHS Number": "nhsnumber", "nhs_number": "nhsnumber", "N.H.S. No.": "nhsno", "Forename(s)": "forenames",
		"House Name/Flat": "housenameflat", " Date-of-Birth ": "dateofbirth", "nhsnumber": "nhsnumber", "Zoë": "zoë", "": "",
	} {
		if got := normaliseHeader(in); got != want {
			t.Errorf("normaliseHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPracticeMapping(t *testing.T) {
	n := validNHS(5)
	text := csvLine("Patient Identifier", "Family", "Born", "Street", "PC", "NHS Number") + "\n" +
		csvLine(n, "Smith", "01/02/1980", "1 High Street", "LS6 2QR", "not this one") + "\n"
	opt := Options{Headers: map[string]string{
		"nhs number": "patient identifier", "Surname": "Family", "date_of_birth": "BORN",
		"address line 1": "Street", "postcode": "pc",
	}}
	l := read(t, text, opt)
	checkRowsKept(t, l, 1)
	p := l.Patients[0]
	if p.NHS != n || p.Surname != "Smith" || p.DOB.String() != "1980-02-01" || p.Postcode != "LS6 2QR" {
		t.Errorf("patient = %+v", p)
	}
	if l.Columns["nhs number"] != "Patient Identifier" {
		t.Errorf("Columns = %v", l.Columns)
	}
	if !hasProblem(l.Warnings, `"NHS Number" (column F) ignored`) {
		t.Errorf("warnings = %q", l.Warnings)
	}

	t.Run("unknown field", func(t *testing.T) {
		fe := readErr(t, []byte(text), "list.csv", Options{Headers: map[string]string{"nhs numbr": "Patient Identifier"}})
		if !strings.Contains(fe.Problem, `unknown field "nhs numbr"`) || !strings.Contains(fe.Hint, `did you mean "nhs number"`) {
			t.Errorf("%+v", fe)
		}
	})
	t.Run("mapped header missing", func(t *testing.T) {
		fe := readErr(t, []byte(text), "list.csv", Options{Headers: map[string]string{"nhs number": "Patient Identifier", "date of birth": "Borm"}})
		if !strings.Contains(fe.Problem, `maps "date of birth" to the header "Borm", but the file has no such column`) ||
			!strings.Contains(fe.Hint, `did you mean "Born"`) {
			t.Errorf("%+v", fe)
		}
	})
	t.Run("mapped NHS header missing", func(t *testing.T) {
		fe := readErr(t, []byte(text), "list.csv", Options{Headers: map[string]string{"nhs number": "Patient Ident"}})
		if !strings.Contains(fe.Problem, `no column "Patient Ident"`) || !strings.Contains(fe.Hint, `did you mean "Patient Identifier"`) {
			t.Errorf("%+v", fe)
		}
	})
	t.Run("field mapped twice", func(t *testing.T) {
		fe := readErr(t, []byte(text), "list.csv", Options{Headers: map[string]string{"nhs number": "Patient Identifier", "forename": "Family", "Forename(s)": "Born"}})
		if !strings.Contains(fe.Problem, `maps "forename" twice`) {
			t.Errorf("%+v", fe)
		}
	})
	t.Run("two fields to one header", func(t *testing.T) {
		fe := readErr(t, []byte(text), "list.csv", Options{Headers: map[string]string{"nhs number": "Patient Identifier", "surname": "Family", "forename": "family"}})
		if !strings.Contains(fe.Problem, `maps both "forename" and "surname" to the header "Family"`) {
			t.Errorf("%+v", fe)
		}
	})
	t.Run("empty header", func(t *testing.T) {
		fe := readErr(t, []byte(text), "list.csv", Options{Headers: map[string]string{"nhs number": " "}})
		if !strings.Contains(fe.Problem, "empty header") {
			t.Errorf("%+v", fe)
		}
	})
}

func TestMissingColumns(t *testing.T) {
	for _, tc := range []struct {
		header      []string
		problem     string
		hintContain string
	}{
		{[]string{"NHS Numbr", "Surname", "DOB", "Address", "Postcode"}, `no NHS number column; the headers found are "NHS Numbr", "Surname"`, `did you mean "NHS Numbr"`},
		{[]string{"NHS_Num", "Surname", "DOB", "Address"}, "", ""}, // NHS Num is accepted
		{[]string{"NHS Number", "Surname", "Birth", "Address"}, "no date of birth column", `"Date of Birth"`},
		{[]string{"NHS Number", "Forename", "DOB", "Address"}, "no name column", `"Surname"`},
		{[]string{"NHS Number", "Surname", "DOB", "Postcode"}, "no address column", `"Address Line 1"`},
		{[]string{"NHS Number", "Surname", "DOB", "Address Line 1"}, "no postcode column", `"Postcode"`},
		{[]string{"NHS Number", "Surname", "DOB", "Address Line 1", "Post_code"}, "", ""},
	} {
		text := csvLine(tc.header...) + "\n" + csvLine(validNHS(0), "Smith", "01/01/1990", "1 High St, Leeds, LS6 2QR", "LS6 2QR") + "\n"
		if tc.problem == "" {
			read(t, text, Options{})
			continue
		}
		fe := readErr(t, []byte(text), "list.csv", Options{})
		if !strings.Contains(fe.Problem, tc.problem) || !strings.Contains(fe.Hint, tc.hintContain) {
			t.Errorf("%q: got %q / %q, want %q / %q", tc.header, fe.Problem, fe.Hint, tc.problem, tc.hintContain)
		}
	}
}

func TestNoHeaderRowDoesNotLeakData(t *testing.T) {
	n := validNHS(0)
	text := csvLine(n, "SMITH", "01/02/1980", "1 High Street", "LS6 2QR") + "\n"
	fe := readErr(t, []byte(text), "list.csv", Options{})
	if !strings.Contains(fe.Problem, "no header row found") {
		t.Errorf("%+v", fe)
	}
	privacytest.Check(t, "Read", []string{fe.Problem, fe.Hint}, n, "SMITH", "1980", "High", "LS6")
}

// Duplicate headers for one field: the leftmost column is used and a warning names both.
func TestDuplicateHeaders(t *testing.T) {
	n1, n2 := validNHS(1), validNHS(2)
	text := csvLine("NHS Number", "Surname", "DOB", "Address Line 1", "Postcode", "Mobile Telephone", "NHS No", "Mobile") + "\n" +
		csvLine(n1, "Smith", "01/02/1980", "1 High St", "LS6 2QR", "07700 900001", n2, "07700 900002") + "\n"
	l := read(t, text, Options{})
	p := l.Patients[0]
	if p.NHS != n1 || p.Mobile != "07700 900001" {
		t.Errorf("patient = %+v", p)
	}
	if !hasProblem(l.Warnings, `column "NHS No" (column G) ignored: column "NHS Number" (column A) already gives the nhs number field`) ||
		!hasProblem(l.Warnings, `column "Mobile" (column H) ignored`) {
		t.Errorf("warnings = %q", l.Warnings)
	}
	// The same header twice.
	text = csvLine("NHS Number", "Surname", "DOB", "Address Line 1", "Postcode", "Surname") + "\n" +
		csvLine(n1, "Smith", "01/02/1980", "1 High St", "LS6 2QR", "Jones") + "\n"
	l = read(t, text, Options{})
	if l.Patients[0].Surname != "Smith" || !hasProblem(l.Warnings, `column "Surname" (column F) ignored`) {
		t.Errorf("patient %+v warnings %q", l.Patients[0], l.Warnings)
	}
	// Address lines and a single Address column: the lines win.
	text = csvLine("NHS Number", "Surname", "DOB", "Address Line 1", "Postcode", "Address") + "\n" +
		csvLine(n1, "Smith", "01/02/1980", "1 High St", "LS6 2QR", "9 Other Road, York") + "\n"
	l = read(t, text, Options{})
	if strings.Join(l.Patients[0].Address, "|") != "1 High St" || !hasProblem(l.Warnings, `column "Address" (column F) ignored`) {
		t.Errorf("patient %+v warnings %q", l.Patients[0], l.Warnings)
	}
}

// The header row may follow a few title rows (as some report exports add); rows keep their
// spreadsheet numbers.
func TestHeaderBelowTitleRows(t *testing.T) {
	text := "Patient list for bulk enablement\nRun on 01/11/2023\n\n" + minimal(nil, nil, nil)
	l := read(t, text, Options{})
	checkRowsKept(t, l, 2)
	if l.HeaderRow != 4 || l.Patients[0].Row != 5 || l.Patients[1].Row != 6 {
		t.Errorf("header row %d, rows %d %d", l.HeaderRow, l.Patients[0].Row, l.Patients[1].Row)
	}
	if !hasProblem(l.Warnings, "headers are in row 4") {
		t.Errorf("warnings %q", l.Warnings)
	}
}

func TestCanonicalField(t *testing.T) {
	for key, want := range map[string]string{"NHS Number": "nhs number", "nhs_no": "nhs number", "DOB": "date of birth",
		"104": "104", "Latest 104": "104", "forename(s)": "forename", "nhs numbr": ""} {
		got, ok := CanonicalField(key)
		if got != want || ok != (want != "") {
			t.Errorf("CanonicalField(%q) = %q, %v; want %q", key, got, ok, want)
		}
	}
}

func TestMissingRuleColumnsWarn(t *testing.T) {
	l := read(t, minimal(nil, nil), Options{})
	if !hasProblem(l.Warnings, "no columns for codes 103, 104 and 106: no patient is treated as having them") ||
		!hasProblem(l.Warnings, "no Prospective Access column") {
		t.Errorf("warnings %q", l.Warnings)
	}
	l = read(t, minimal([]string{"103", "106", "Has Access"}, []string{"", "", ""}), Options{})
	if !hasProblem(l.Warnings, "no column for code 104: no patient is treated as coded 104") || hasProblem(l.Warnings, "Prospective Access") {
		t.Errorf("warnings %q", l.Warnings)
	}
}
