package table

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
)

// parseCell reads s as CellDate does a number cell (number set) or a text cell.
func parseCell(s string, number, date1904 bool) (civil.Date, DateVerdict) {
	k := Text
	if number {
		k = Number
	}
	return CellDate(s, k, date1904)
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in      string
		serials bool
		want    string
		verdict DateVerdict
	}{
		{"27/10/2023", false, "2023-10-27", DateOK},
		{"05/06/2001", false, "2001-06-05", DateOK}, // day first: 5 June
		{"5/6/2001", false, "2001-06-05", DateOK},
		{"1/12/1950", false, "1950-12-01", DateOK},
		{"27-10-2023", false, "2023-10-27", DateOK},
		{"27.10.2023", false, "2023-10-27", DateOK},
		{"27-Oct-2023", false, "2023-10-27", DateOK},
		{"27-OCT-2023", false, "2023-10-27", DateOK},
		{"27-oct-2023", false, "2023-10-27", DateOK},
		{"7-Sep-1999", false, "1999-09-07", DateOK},
		{"07-Sept-1999", false, "1999-09-07", DateOK},
		{"27-October-2023", false, "2023-10-27", DateOK},
		{"27 October 2023", false, "2023-10-27", DateOK},
		{"1 jan 2000", false, "2000-01-01", DateOK},
		{"2023-10-27", false, "2023-10-27", DateOK},
		{"2023-1-7", false, "2023-01-07", DateOK},
		{"2023/10/27", false, "2023-10-27", DateOK},
		{"27/10/2023 00:00", false, "2023-10-27", DateOK},
		{"27/10/2023 00:00:00", false, "2023-10-27", DateOK},
		{"2023-10-27T00:00:00Z", false, "2023-10-27", DateOK},
		{"2023-10-27 12:30:00", false, "2023-10-27", DateOK},
		{"29/02/2024", false, "2024-02-29", DateOK},
		{"", false, "", DateBlank},
		// Month-first only: rejected, never guessed.
		{"10/27/2023", false, "", DateUSStyle},
		{"2/29/2024", false, "", DateUSStyle},
		{"12/13/2001", false, "", DateUSStyle},
		// Unreadable.
		{"29/02/2023", false, "", DateBad},
		{"31/04/2023", false, "", DateBad},
		{"13/13/2023", false, "", DateBad},
		{"02/30/2023", false, "", DateBad}, // neither way round
		{"00/01/2023", false, "", DateBad},
		{"27/10/23", false, "", DateBad}, // two-digit year: century unknown
		{"27-Okt-2023", false, "", DateBad},
		{"27-Oct 2023", false, "", DateBad},
		{"27/10/2023x", false, "", DateBad},
		{"27/10/2023 noon", false, "", DateBad},
		{"yesterday", false, "", DateBad},
		{"Y", false, "", DateBad},
		{"45226", false, "", DateBad}, // a serial in a CSV is not a date
		{"2023", false, "", DateBad},
		{"20231027", false, "", DateBad},
		{"27/10/0023", false, "", DateBad},
		{"1/1/99999", false, "", DateBad},
		{"/10/2023", false, "", DateBad},
		{"27//2023", false, "", DateBad},
		// Excel serials in XLSX.
		{"45226", true, "2023-10-27", DateOK},
		{"45226.5", true, "2023-10-27", DateOK},
		{"1", true, "1900-01-01", DateOK},
		{"59", true, "1900-02-28", DateOK},
		{"60", true, "", DateBad}, // Excel's 29 February 1900
		{"61", true, "1900-03-01", DateOK},
		{"0", true, "", DateBad},
		{"-5", true, "", DateBad},
		{"3000000", true, "", DateBad},
		{"27/10/2023", true, "2023-10-27", DateOK}, // text dates in XLSX
		{"10/27/2023", true, "", DateUSStyle},
	} {
		d, v := parseCell(tc.in, tc.serials, false)
		if d.String() != tc.want || v != tc.verdict {
			t.Errorf("CellDate(%q, number=%v) = %q, %d; want %q, %d", tc.in, tc.serials, d, v, tc.want, tc.verdict)
		}
	}
	if d, v := parseCell("43764", true, true); d.String() != "2023-10-27" || v != DateOK {
		t.Errorf("1904 system: %v %v", d, v)
	}
}

func TestYesNo(t *testing.T) {
	for _, tc := range []struct {
		in      string
		val, ok bool
	}{
		{"Y", true, true}, {"y", true, true}, {"Yes", true, true}, {"YES", true, true}, {"yes", true, true},
		{"True", true, true}, {"TRUE", true, true}, {"true", true, true}, {"1", true, true},
		{"N", false, true}, {"n", false, true}, {"No", false, true}, {"NO", false, true},
		{"False", false, true}, {"FALSE", false, true}, {"0", false, true}, {"", false, true},
		{"maybe", false, false}, {"2", false, false}, {"Yess", false, false}, {"T", false, false}, {"x", true, true}, {"X", true, true}, {"✓", true, true},
		{"-", false, true}, {"None", false, true}, {"Yes - safeguarding", false, false},
	} {
		if v, ok := YesNo(tc.in); v != tc.val || ok != tc.ok {
			t.Errorf("YesNo(%q) = %v, %v; want %v, %v", tc.in, v, ok, tc.val, tc.ok)
		}
	}
}

var dayMonthYear = regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4})(?:$|[ T])`)

// FuzzParseDate: any cell text gives a verdict without panicking; a date read is a real
// calendar date in range that reads back the same in every accepted form; a numeric date
// is always day-first; and a cell is called month-first (US style) only when its middle
// number cannot be a month and its first can.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"01/02/1980", "1/2/1980", "27-Oct-2023", "27 october 2023", "2023-10-27", "2023-10-27T00:00:00Z",
		"10/27/2023", "05/06/2001", "31/04/2001", "29/02/1900", "29/02/2000", "45231", "45231.75", "60", "0", "-1", "1e308", "NaN",
		"01.02.1980 12:00 AM", "1/2/80", "99999/1/2023", "31-Feb-2023", "01/02/1980 00:00:00", "", " ", "\u00a0", "٠١/٠٢/١٩٨٠"} {
		f.Add(s, false, false)
		f.Add(s, true, false)
		f.Add(s, true, true)
	}
	f.Fuzz(func(t *testing.T, s string, serials, date1904 bool) {
		d, v := parseCell(s, serials, date1904)
		switch v {
		case DateBlank:
			if s != "" {
				t.Fatalf("%q is not blank", s)
			}
		case DateUSStyle:
			m := dayMonthYear.FindStringSubmatch(s)
			if m == nil || m[2] != m[4] {
				t.Fatalf("%q called month-first but is not d/m/yyyy-shaped", s)
			}
			n1, _ := strconv.Atoi(m[1])
			n2, _ := strconv.Atoi(m[3])
			if !(n2 > 12 && n1 >= 1 && n1 <= 12) {
				t.Fatalf("%q called month-first but %d could be a month", s, n2)
			}
		case DateOK:
			if d.Year < 1800 || d.Year > 2200 || civil.New(d.Year, d.Month, d.Day) != d {
				t.Fatalf("%q read as impossible date %+v", s, d)
			}
			if m := dayMonthYear.FindStringSubmatch(s); m != nil && m[2] == m[4] && !(serials && isNumber(s)) {
				n1, _ := strconv.Atoi(m[1])
				n2, _ := strconv.Atoi(m[3])
				if d.Day != n1 || int(d.Month) != n2 {
					t.Fatalf("%q read as %s: not day-first", s, d)
				}
			}
			for _, form := range []string{
				fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year),
				fmt.Sprintf("%d/%d/%04d", d.Day, d.Month, d.Year),
				fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day),
				fmt.Sprintf("%02d-%s-%04d", d.Day, d.Month.String()[:3], d.Year),
				d.Long(),
			} {
				if back, v := parseCell(form, serials, date1904); v != DateOK || back != d {
					t.Fatalf("%q read as %s, but %q reads back as %s (%d)", s, d, form, back, v)
				}
			}
		}
		if v != DateOK && !d.IsZero() {
			t.Fatalf("%q: verdict %d with a date %+v", s, v, d)
		}
	})
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }
