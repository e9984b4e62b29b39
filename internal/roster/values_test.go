package roster

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/privacytest"
	"github.com/accesspack/accesspack/internal/table"
)

// Every date column rejects a month-first date, naming the column and the row, not the value.
func TestUSDateRejectsFile(t *testing.T) {
	for _, col := range []string{"Date of Birth", "104", "Latest 104", "1364751000000106", "103", "Date of Death", "Deceased"} {
		t.Run(col, func(t *testing.T) {
			header := slices.Clone(minimalHeader)
			dobCol := 2
			rows := []string{
				csvLine(validNHS(1), "Smith", "01/02/1980", "1 High St", "LS6 2QR", "") + "\n",
				csvLine(validNHS(2), "Jones", "13/02/1980", "2 High St", "LS6 2QR", "") + "\n",
				csvLine(validNHS(3), "Brown", "03/02/1980", "3 High St", "LS6 2QR", "11/23/2023") + "\n",
			}
			if col == "Date of Birth" {
				header[dobCol] = "Date of Birth"
				rows[2] = csvLine(validNHS(3), "Brown", "02/14/1980", "3 High St", "LS6 2QR", "") + "\n"
			}
			text := csvLine(append(header, col)...) + "\n" + strings.Join(rows, "")
			fe := readErr(t, []byte(text), "list.csv", Options{})
			colName := col
			if !strings.Contains(fe.Problem, `column "`+colName+`"`) || !strings.Contains(fe.Problem, "row 4") || !strings.Contains(fe.Problem, "month-first") {
				t.Errorf("problem = %q", fe.Problem)
			}
			privacytest.Check(t, "Read", []string{fe.Problem, fe.Hint}, "11/23/2023", "02/14/1980", "Brown", validNHS(3))
		})
	}
}

func TestUnreadableDatesAreRowProblems(t *testing.T) {
	text := minimal([]string{"104", "106", "103"},
		[]string{"", "", ""},
		[]string{"Y", "27/10/2023", "not known"},
	)
	text = strings.Replace(text, "01/02/1980", "31/02/1980", 1)
	l := read(t, text, Options{})
	checkRowsKept(t, l, 2)
	p := l.Patients[0]
	if !p.DOB.IsZero() || !hasProblem(p.Problems, "date of birth could not be read") {
		t.Errorf("row 2: %+v", p)
	}
	p = l.Patients[1]
	if !p.Has104 || !p.Code104.IsZero() || !hasProblem(p.Problems, "104 date could not be read") ||
		!p.Has106 || p.Code106 != civil.New(2023, 10, 27) || !p.Has103 || !hasProblem(p.Problems, "103 date could not be read") {
		t.Errorf("row 3: %+v", p)
	}
	privacytest.Check(t, "Read", listMessages(l), "31/02/1980", "not known")
}

// Booleans through a file: every spelling, in each yes/no column, including padding.
func TestBooleanColumns(t *testing.T) {
	spellings := map[string]bool{"Y": true, "yes": true, "TRUE": true, "1": true, " Yes ": true,
		"N": false, "No": false, "false": false, "0": false, "": false}
	for in, want := range spellings {
		l := read(t, minimal([]string{"Has Access", "Online Account", "At Risk"}, []string{in, in, in}), Options{})
		p := l.Patients[0]
		if p.HasAccess != want || p.OnlineAccount != want || p.AtRisk != want || len(p.Problems) != 0 {
			t.Errorf("%q: %+v", in, p)
		}
	}
	l := read(t, minimal([]string{"Has Access", "Online User", "At Risk"}, []string{"perhaps", "Active", "?"}, []string{"N", "Live", "N"}, []string{"N", "Inactive", "N"}), Options{})
	p := l.Patients[0]
	if p.HasAccess || !p.OnlineAccount || !p.AtRisk || !hasProblem(p.Problems, "prospective access value not understood") || !hasProblem(p.Problems, "at risk value not plainly yes or no; treated as at risk") {
		t.Errorf("row 2: %+v", p)
	}
	if !l.Patients[1].OnlineAccount || l.Patients[2].OnlineAccount || !hasProblem(l.Patients[2].Problems, "online account value not understood") {
		t.Errorf("online statuses: %+v / %+v", l.Patients[1], l.Patients[2])
	}
	privacytest.Check(t, "Read", listMessages(l), "perhaps", "Inactive")
}

// At Risk: a value that is not clearly no is at risk, with a row problem and a warning
// naming the first such row; clear yes and no values are read as they are.
func TestAtRiskNotClearlyNo(t *testing.T) {
	values := []string{"Yes - safeguarding concern", "At risk", "Y (MARAC)", "No", "N", "", "Not at risk", "-", "None", "x"}
	var rows [][]string
	for _, v := range values {
		rows = append(rows, []string{v})
	}
	l := read(t, minimal([]string{"At Risk"}, rows...), Options{})
	want := []bool{true, true, true, false, false, false, true, false, false, true}
	unclear := []bool{true, true, true, false, false, false, true, false, false, false}
	for i, p := range l.Patients {
		if p.AtRisk != want[i] || hasProblem(p.Problems, "treated as at risk") != unclear[i] {
			t.Errorf("%q: at risk %v, problems %q", values[i], p.AtRisk, p.Problems)
		}
	}
	if !hasProblem(l.Warnings, "4 rows have an At Risk value that is not plainly yes or no (first: row 2): treated as at risk") {
		t.Errorf("warnings %q", l.Warnings)
	}
	privacytest.Check(t, "Read", listMessages(l), "safeguarding", "MARAC")
}

func TestDeceasedReviewLargePrint(t *testing.T) {
	type row struct {
		deceased, dod, review, comm string
		dead                        bool
		v                           patient.Review
		large, problem              bool
	}
	rows := []row{
		{"", "", "", "", false, patient.ReviewBlank, false, false},
		{"Y", "", "safe", "", true, patient.ReviewSafe, false, false},
		{"TRUE", "", "SAFE", "", true, patient.ReviewSafe, false, false},
		{"12/03/2024", "", "Safe to give access", "", true, patient.ReviewSafe, false, false},
		{"Deceased", "", "unsafe", "", true, patient.ReviewUnsafe, false, false},
		{"N", "", "UNSAFE", "Large Print", false, patient.ReviewUnsafe, true, false},
		{"no", "", "Not safe", "needs LARGE PRINT and easy read", false, patient.ReviewUnsafe, true, false},
		{"False", "", "Unsafe - do not give access", "Braille", false, patient.ReviewUnsafe, false, false},
		{"0", "12/03/2024", "", "large-print", true, patient.ReviewBlank, true, false},
		{"", "unknown", "", "", true, patient.ReviewBlank, false, false},
		{"", "", "pending", "", false, patient.ReviewBlank, false, true},
		{"", "", "yes", "", false, patient.ReviewBlank, false, true},
	}
	var cells [][]string
	for _, r := range rows {
		cells = append(cells, []string{r.deceased, r.dod, r.review, r.comm})
	}
	l := read(t, minimal([]string{"Deceased", "Date of Death", "Review", "Accessible Information"}, cells...), Options{})
	checkRowsKept(t, l, len(rows))
	for i, r := range rows {
		p := l.Patients[i]
		if p.Deceased != r.dead || p.Review != r.v || p.LargePrint != r.large || hasProblem(p.Problems, "review outcome not understood") != r.problem {
			t.Errorf("row %d %+v: got deceased=%v review=%v large=%v problems=%q", p.Row, r, p.Deceased, p.Review, p.LargePrint, p.Problems)
		}
	}
	privacytest.Check(t, "Read", listMessages(l), "pending", "Braille")
}

func TestNHSNumbers(t *testing.T) {
	v := validNHS(9)
	bad := v[:9] + string('0'+(v[9]-'0'+1)%10)
	c10 := stemWithCheck10() + "0"
	for _, tc := range []struct {
		in, given, norm string
		valid           bool
	}{
		{v, v, v, true},
		{v[:3] + " " + v[3:6] + " " + v[6:], v[:3] + " " + v[3:6] + " " + v[6:], v, true},
		{v[:3] + "-" + v[3:6] + "-" + v[6:], v[:3] + "-" + v[3:6] + "-" + v[6:], v, true},
		{"  " + v + "  ", v, v, true},
		{bad, bad, bad, false},
		{c10, c10, c10, false},
		{v[:9], v[:9], v[:9], false},
		{"999ABC1234", "999ABC1234", "999ABC1234", false},
		{"", "", "", false},
	} {
		text := csvLine(minimalHeader...) + "\n" + csvLine(tc.in, "Smith", "01/02/1980", "1 High St", "LS6 2QR") + "\n"
		l := read(t, text, Options{})
		checkRowsKept(t, l, 1) // invalid numbers are kept: the rules report them
		p := l.Patients[0]
		if p.NHSGiven != tc.given || p.NHS != tc.norm || p.NHSValid() != tc.valid {
			t.Errorf("%q: given %q norm %q valid %v", tc.in, p.NHSGiven, p.NHS, p.NHSValid())
		}
	}
	// Excel's scientific notation has lost the digits: a row problem and a warning, no value quoted.
	text := csvLine(minimalHeader...) + "\n" + csvLine("9.99E+09", "Smith", "01/02/1980", "1 High St", "LS6 2QR") + "\n"
	l := read(t, text, Options{})
	if !hasProblem(l.Patients[0].Problems, "scientific notation") || !hasProblem(l.Warnings, "first: row 2") {
		t.Errorf("%+v %q", l.Patients[0], l.Warnings)
	}
	privacytest.Check(t, "Read", listMessages(l), "9.99E+09")
}

func TestNiceCase(t *testing.T) {
	for _, tc := range []struct {
		in      string
		surname bool
		want    string
	}{
		{"SMITH", true, "Smith"},
		{"O'NEILL", true, "O'Neill"},
		{"O’NEILL", true, "O’Neill"},
		{"D'ARCY", true, "D'Arcy"},
		{"MCDONALD", true, "McDonald"},
		{"MCCARTHY", true, "McCarthy"},
		{"MACDONALD", true, "Macdonald"},
		{"MC", true, "Mc"},
		{"SMITH-JONES", true, "Smith-Jones"},
		{"DE LA CRUZ", true, "de la Cruz"},
		{"VAN DER BERG", true, "van der Berg"},
		{"DA SILVA", true, "da Silva"},
		{"DE", true, "De"},
		{"DE LA", true, "de La"},
		{"ANNE-MARIE", false, "Anne-Marie"},
		{"JOHN PAUL", false, "John Paul"},
		{"MR", false, "Mr"},
		{"DR.", false, "Dr."},
		{"ZOË", false, "Zoë"},
		{"SIOBHÁN", false, "Siobhán"},
		{"ŁUKASZ", false, "Łukasz"},
		{"ĐOKIĆ", true, "Đokić"},
		{"ÇELİK", true, "Çelik"},
		// Left as given: mixed case, non-Latin scripts, single letters.
		{"McDONALD", true, "McDONALD"},
		{"van Dyke", true, "van Dyke"},
		{"MacLeod", true, "MacLeod"},
		{"de la Cruz", true, "de la Cruz"},
		{"Zoë", false, "Zoë"},
		{"Yıldız", true, "Yıldız"},
		{"Đokić", true, "Đokić"},
		{"Łukasz", false, "Łukasz"},
		{"WEIß", true, "WEIß"},
		{"ΠΑΠΑΔΟΠΟΥΛΟΣ", true, "ΠΑΠΑΔΟΠΟΥΛΟΣ"},
		{"Παπαδόπουλος", true, "Παπαδόπουλος"},
		{"ИВАНОВ", true, "ИВАНОВ"},
		{"Иванов", true, "Иванов"},
		{"王", true, "王"},
		{"J", false, "J"},
		{"", false, ""},
	} {
		if got := niceCase(tc.in, tc.surname); got != tc.want {
			t.Errorf("niceCase(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitFullName(t *testing.T) {
	for _, tc := range []struct{ in, title, forename, surname string }{
		{"SMITH, John (Mr)", "Mr", "John", "SMITH"},
		{"SMITH, John Paul (Mr)", "Mr", "John Paul", "SMITH"},
		{"O'NEILL,Siobhán(Ms)", "Ms", "Siobhán", "O'NEILL"},
		{"SMITH, John", "", "John", "SMITH"},
		{"SMITH, John (Jack)", "", "John (Jack)", "SMITH"},
		{"SMITH, John (Jack) (Mr)", "Mr", "John (Jack)", "SMITH"},
		{"SMITH, John (MR)", "MR", "John", "SMITH"},
		{"SMITH, John ()", "", "John ()", "SMITH"},
		{"SMITH, Mr John", "Mr", "John", "SMITH"},
		{"DE LA CRUZ, Zoë (Mrs)", "Mrs", "Zoë", "DE LA CRUZ"},
		{"Mr John Smith", "Mr", "John", "Smith"},
		{"Dr. Jane Anne Smith-Jones", "Dr.", "Jane Anne", "Smith-Jones"},
		{"Mrs Zoë de la Cruz", "Mrs", "Zoë", "de la Cruz"},
		{"John van der Berg", "", "John", "van der Berg"},
		{"John Smith", "", "John", "Smith"},
		{"John Smith (Mr)", "Mr", "John", "Smith"},
		{"Smith", "", "", "Smith"},
		{"Mr", "", "", "Mr"},
		{"Łukasz Kowalski", "", "Łukasz", "Kowalski"},
		{"  Mr   John   Smith ", "Mr", "John", "Smith"},
		{"", "", "", ""},
	} {
		ti, f, s := splitFullName(tc.in)
		if ti != tc.title || f != tc.forename || s != tc.surname {
			t.Errorf("splitFullName(%q) = %q %q %q, want %q %q %q", tc.in, ti, f, s, tc.title, tc.forename, tc.surname)
		}
	}
}

// Names through a file: separate columns, both full-name forms, and the fill-in rule
// (separate columns win; a full name fills only what they leave blank).
func TestNameColumns(t *testing.T) {
	text := csvLine("NHS Number", "Title", "Forename(s)", "Surname", "Name", "DOB", "Address Line 1", "Postcode") + "\n"
	rows := [][]string{
		{"Mr", "JOHN", "SMITH", "", "Mr John Smith"},
		{"", "", "", "SMITH, John (Mr)", "Mr John Smith"},
		{"", "", "", "Mrs Zoë de la Cruz", "Mrs Zoë de la Cruz"},
		{"", "Łukasz", "KOWALSKI", "WRONG, Name (Dr)", "Dr Łukasz Kowalski"},
		{"", "Yıldız", "Çelik", "", "Yıldız Çelik"},
		{"Ms", "", "", "ΠΑΠΑΔΟΠΟΥΛΟΥ, Ελένη", "Ms Ελένη ΠΑΠΑΔΟΠΟΥΛΟΥ"},
		{"MRS", "mary", "mcdonald", "", "Mrs mary mcdonald"},
	}
	for i, r := range rows {
		text += csvLine(validNHS(i), r[0], r[1], r[2], r[3], "01/01/1970", "1 High St", "LS1 1AA") + "\n"
	}
	l := read(t, text, Options{})
	checkRowsKept(t, l, len(rows))
	for i, r := range rows {
		if got := l.Patients[i].FullName(); got != r[4] {
			t.Errorf("row %d: FullName = %q, want %q", i+2, got, r[4])
		}
	}
}

func TestAddresses(t *testing.T) {
	t.Run("lines", func(t *testing.T) {
		text := csvLine("NHS Number", "Surname", "DOB", "Address Line 1", "Address Line 2", "Address Line 3", "Address Line 4", "Address Line 5", "Postcode") + "\n" +
			csvLine(validNHS(0), "Smith", "01/01/1970", "", " 1 High  Street ", "", "Leeds", "", " ls6 2qr ") + "\n" +
			csvLine(validNHS(1), "Smith", "01/01/1970", "", "", "", "", "", "ZZ99 3VZ") + "\n" +
			csvLine(validNHS(2), "Smith", "01/01/1970", "Flat 1", "2 Road", "Village", "Town", "County", "NOT A PC") + "\n"
		l := read(t, text, Options{})
		checkRowsKept(t, l, 3)
		if p := l.Patients[0]; strings.Join(p.Address, "|") != "1 High Street|Leeds" || p.Postcode != "LS6 2QR" || !p.PostcodeValid {
			t.Errorf("%q %q %v", p.Address, p.Postcode, p.PostcodeValid)
		}
		if p := l.Patients[1]; len(p.Address) != 0 || p.Postcode != "ZZ99 3VZ" || p.PostcodeValid {
			t.Errorf("%q %q %v", p.Address, p.Postcode, p.PostcodeValid)
		}
		if p := l.Patients[2]; len(p.Address) != 5 || p.Postcode != "NOT A PC" || p.PostcodeValid {
			t.Errorf("%q %q %v", p.Address, p.Postcode, p.PostcodeValid)
		}
		// Appending to one patient's address must not overwrite the next one's.
		_ = append(l.Patients[0].Address, "X")
		if l.Patients[1].Address != nil || l.Patients[2].Address[0] != "Flat 1" {
			t.Errorf("address slices share storage")
		}
	})
	t.Run("single column", func(t *testing.T) {
		for _, tc := range []struct {
			address, pcCol string
			hasPC          bool
			lines, pc      string
			valid          bool
		}{
			{"1 High Street, Leeds, LS6 2QR", "", false, "1 High Street|Leeds", "LS6 2QR", true},
			{"1 High Street,, Leeds ,ls62qr", "", false, "1 High Street|Leeds", "LS6 2QR", true},
			{"Flat 2, 3 Low Road, Headingley, Leeds LS6 3AB", "", false, "Flat 2|3 Low Road|Headingley|Leeds", "LS6 3AB", true},
			{"1 High Street\nLeeds\nLS6 2QR", "", false, "1 High Street|Leeds", "LS6 2QR", true},
			{"1 High Street, Leeds", "", false, "1 High Street|Leeds", "", false},
			{"No fixed abode, ZZ99 3VZ", "", false, "No fixed abode", "ZZ99 3VZ", false},
			{"1 High Street, Leeds, LS6 2QR", "LS6 2QR", true, "1 High Street|Leeds", "LS6 2QR", true},
			{"1 High Street, Leeds, LS6 2QR", "YO1 7HH", true, "1 High Street|Leeds|LS6 2QR", "YO1 7HH", true},
			{"1 High Street, Leeds", "ls6 2qr", true, "1 High Street|Leeds", "LS6 2QR", true},
			{"1 High Street, Leeds, LS6 2QR", "", true, "1 High Street|Leeds", "LS6 2QR", true},
			{"a, b, c, d, e, f, g", "", false, "a|b|c|d|e f g", "", false},
		} {
			header := []string{"NHS Number", "Surname", "DOB", "Address"}
			row := []string{validNHS(0), "Smith", "01/01/1970", tc.address}
			if tc.hasPC {
				header, row = append(header, "Postcode"), append(row, tc.pcCol)
			}
			l := read(t, csvLine(header...)+"\n"+csvLine(row...)+"\n", Options{})
			p := l.Patients[0]
			if strings.Join(p.Address, "|") != tc.lines || p.Postcode != tc.pc || p.PostcodeValid != tc.valid {
				t.Errorf("%q / %q: got %q %q %v", tc.address, tc.pcCol, p.Address, p.Postcode, p.PostcodeValid)
			}
		}
	})
}

// Communication Needs: large print, unless the mention of it is negated in its clause.
func TestLargePrintNegation(t *testing.T) {
	for in, want := range map[string][2]bool{
		"Large print":                         {true, false},
		"LARGE PRINT":                         {true, false},
		"Large print (18 pt)":                 {true, false},
		"Requires information in large print": {true, false},
		"Braille; large-print copy":           {true, false},
		"Large print, not braille":            {true, false},
		"Not braille. Large print":            {true, false},
		"Does not need large print":           {false, true},
		"doesn't need large print":            {false, true},
		"No large print":                      {false, true},
		"Large print: no":                     {false, true},
		"Large print - N":                     {false, true},
		"Large print not required":            {false, true},
		"Large print no longer needed":        {false, true},
		"Declined large print":                {false, true},
		"Easy read":                           {false, false},
		"":                                    {false, false},
	} {
		yes, negated := largePrint(in)
		if yes != want[0] || negated != want[1] {
			t.Errorf("%q: large print %v, negated %v; want %v, %v", in, yes, negated, want[0], want[1])
		}
	}
}

// Invisible format characters pasted into a cell are removed: a zero-width space in a
// name, a byte-order mark, a soft hyphen, a right-to-left mark.
func TestCleanCellRemovesFormatCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"Ar\u200bthur": "Arthur", "\ufeffPendlebury": "Pendlebury", "Okon\u00adkwo": "Okonkwo",
		" Zo\u200cë ": "Zoë", "O\u200e'Brien": "O'Brien", "999\u200b100 0011": "999100 0011", "plain": "plain",
	} {
		if got := cleanCell(in); got != want {
			t.Errorf("cleanCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// A cell longer than a spreadsheet cell can be sends its row to Not sent, and the values
// kept for the Not sent sheet are cut visibly; a cell of exactly the limit is read.
func TestLongCell(t *testing.T) {
	limit := strings.Repeat("a", table.ExcelCellLimit)
	l := read(t, minimal([]string{"Forename"}, []string{limit}, []string{limit + "é"}), Options{})
	if p := l.Patients[0]; p.Unreadable != "" || p.Forename != limit {
		t.Errorf("a cell of %d characters: unreadable %q, forename of %d", table.ExcelCellLimit, p.Unreadable, len(p.Forename))
	}
	p := l.Patients[1]
	if p.Unreadable != table.ReasonLongCell || utf8.RuneCountInString(p.Forename) != table.ExcelCellLimit || !strings.HasSuffix(p.Forename, "…") {
		t.Errorf("a cell of %d characters: unreadable %q, forename of %d characters", table.ExcelCellLimit+1, p.Unreadable, utf8.RuneCountInString(p.Forename))
	}
}

// Separate address lines whose last line is a postcode: the same as the Postcode column's
// is printed once; with no Postcode value it is the postcode; a different one sends the row
// to Not sent.
func TestPostcodeInAddressLines(t *testing.T) {
	h := []string{"NHS Number", "Surname", "Date of Birth", "Address Line 1", "Address Line 2", "Postcode"}
	text := csvLine(h...) + "\n" +
		csvLine(validNHS(1), "Smith", "01/01/1970", "1 High St", "Leeds LS6 2QR", "LS6 2QR") + "\n" +
		csvLine(validNHS(2), "Jones", "01/01/1970", "2 High St", "ls6 2qr", "") + "\n" +
		csvLine(validNHS(3), "Brown", "01/01/1970", "3 High St", "LS7 3AB", "LS6 2QR") + "\n" +
		csvLine(validNHS(4), "Green", "01/01/1970", "4 High St", "Leeds", "LS6 2QR") + "\n"
	l := read(t, text, Options{})
	for i, want := range []struct{ addr, pc, unreadable string }{
		{"1 High St|Leeds", "LS6 2QR", ""},
		{"2 High St", "LS6 2QR", ""},
		{"3 High St|LS7 3AB", "LS6 2QR", reasonTwoPostcodes},
		{"4 High St|Leeds", "LS6 2QR", ""},
	} {
		p := l.Patients[i]
		if got := strings.Join(p.Address, "|"); got != want.addr || p.Postcode != want.pc || p.Unreadable != want.unreadable {
			t.Errorf("row %d: address %q, postcode %q, unreadable %q; want %+v", p.Row, got, p.Postcode, p.Unreadable, want)
		}
	}
}
