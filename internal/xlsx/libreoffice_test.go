package xlsx

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/accesspack/accesspack/internal/golden"
)

// TestLibreOfficeCSV opens the workbook in LibreOffice, when it is
// installed (under CI it must be), and checks the CSV it shows: another reader
// than excelize, and dates and text as a person sees them.
func TestLibreOfficeCSV(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("ACCESSPACK_CI") != "" {
			t.Fatal("LibreOffice (soffice) is not installed, and under CI this check must run (.ci/run installs libreoffice-calc-nogui)")
		}
		t.Skip("LibreOffice (soffice) not installed")
	}
	if testing.Short() {
		t.Skip("slow: runs LibreOffice")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "mailing-list.xlsx")
	if err := os.WriteFile(in, write(t, sampleBook()), 0o600); err != nil {
		t.Fatal(err)
	}
	// CSV filter options: comma, double quote, UTF-8, from line 1, …,
	// cell contents as shown (token 9), every sheet to its own file (token 12).
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
		"--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name, want := range map[string]string{
		"mailing-list-Summary.csv": `Item,Value
Pathway,proceed
Letter date,01/12/2026
Go-live date,15/01/2027
Input file,patients.csv
Input rows,6
Letters: opt-out-notice,2
Reconciliation check,"holds: every input row is in a letter sheet, Actions or Not sent"
`,
		"mailing-list-opt-out-notice.csv": `NHS Number,EMIS Number,Title,Forename,Surname,Date of Birth,Address Line 1,Address Line 2,Address Line 3,Address Line 4,Address Line 5,Postcode,Mobile,Email,Format,Enclosures,PDF File,First Page,Pages,Warnings
0123456789,10001,Ms,Zoë,Łukasz,03/02/1980,1 High Street,LEEDS,,,,LS6 2QR,07700900123,zoe@example.org,standard,,letters/opt-out-notice.pdf,1,2,
9990001236,10002,,Дмитрий,Иванов,,Flat 2,3 Low Road,,,YORK,YO1 7HH,,,large print,,letters/opt-out-notice-large-print.pdf,1,3,postcode format looks wrong
`,
		"mailing-list-Not sent.csv": `Input Row,NHS Number,Name,Reason
6,999 000 4251,"Yıldız, Can",declined access (103)
7,,"Đokić, Ana",invalid NHS number
`,
		"mailing-list-Requests register.csv": `NHS Number,EMIS Number,Name,Address,Postcode,Date Received,Decision,Date Access Given,Notes
9990002240,10003,Mr Erdős O’Neill,"4 Mill Lane, HULL",HU1 1AA,,,,
`,
	} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Error(err)
			continue
		}
		if string(got) != want {
			t.Errorf("%s:\n%s", name, golden.Diff("want", want, name, string(got)))
		}
	}
}
