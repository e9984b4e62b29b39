package orgs

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/pdftext"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/letters"
)

func templates(t testing.TB) *letters.Set {
	t.Helper()
	set, err := letters.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func buildFile(t *testing.T, path string, kind rules.Kind) *Result {
	t.Helper()
	l, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(l, Options{Templates: templates(t), Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func text(t *testing.T, pdf []byte) string {
	t.Helper()
	s, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// TestSample builds testdata/practices.csv: one practice per pathway with a letter to
// an organisation, and one bad row.
func TestSample(t *testing.T) {
	res := buildFile(t, "testdata/practices.csv", "")
	type outcome struct {
		row    int
		kind   rules.Kind
		status Status
		file   string
	}
	var got []outcome
	for _, it := range res.Items {
		got = append(got, outcome{it.Row, it.Kind, it.Status, it.File})
	}
	want := []outcome{
		{2, rules.BulkDateRequest, Written, "Y99901-bulk-date-request.pdf"},
		{3, rules.EMISDeferralNotice, Written, "Y99902-emis-deferral-notice.pdf"},
		{4, rules.CommissionerLetter, Written, "Y99903-commissioner-letter.pdf"},
		{5, rules.CommissionerLetter, NotWritten, ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("outcomes:\n got %v\nwant %v", got, want)
	}
	bad := res.Items[3]
	wantProblems := []string{
		`Letter Date: "31/11/2026" is not a date; write it as 01/12/2026 or 2026-12-01`,
		`Bulk 104: "maybe" is not yes or no`,
		`ODS Code: "Y9990" is not a GP practice ODS code (a letter and five digits, like B86999)`,
		`ICB Address: missing: the commissioner letter goes to the ICB`,
		`DPIA Date: missing: the commissioner letter is about the practice's DPIA`,
		`DPIA Concerns: missing: the commissioner letter is about the practice's DPIA`,
		`DPIA Review Date: missing: the commissioner letter says when the DPIA will be reviewed`,
	}
	if !reflect.DeepEqual(bad.Problems, wantProblems) {
		t.Errorf("row 5 problems:\n got %q\nwant %q", bad.Problems, wantProblems)
	}
	if bad.Label() != "row 5 (Y9990 Hollin Bank Practice)" || bad.pdf != nil {
		t.Errorf("label %q, pdf %d bytes", bad.Label(), len(bad.pdf))
	}

	// What each letter says, as a PDF reader finds it.
	for _, c := range []struct {
		item int
		want []string
	}{
		{0, []string{"Larkspur Medical Centre", "ODS code Y99901", "15 February 2027", "1 December 2026",
			"Primary Care IT Team", "Ferngate House", "BD1 1ZZ", "Copy to: EMIS Health", "Dr Ruth Penhallow"}},
		{1, []string{"Tolland Street Surgery", "ODS code Y99902", "booked for our practice on 20 January 2027", "by 13 January 2027",
			"Bulk Enablement Team", "Rawdon House", "LS19 7BY", "Mrs Sadia Okonjo-Hale", "Practice Manager"}},
		{2, []string{"Quillfield Health Centre", "ODS code Y99903", "dated 20 October 2026",
			"Records hold third-party information that has not been reviewed", "Some patients may be coerced into sharing their record",
			"Head of Primary Care", "Dr Tomasz Wierzbicki", "review it again by 20 April 2027", "We have not written to EMIS about this."}},
	} {
		it := res.Items[c.item]
		s := text(t, it.pdf)
		for _, w := range c.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s: %s does not say %q:\n%s", it.Label(), it.Kind, w, s)
			}
		}
		if it.Pages < 1 {
			t.Errorf("%s: %d pages", it.Label(), it.Pages)
		}
	}
}

func TestNoLetterPathwaysAndDuplicates(t *testing.T) {
	head := "Practice Name,ODS Code,Address,Phone,Signatory Name,EMIS Name,EMIS Address,Pathway,Go-live Date,Letter Date,EMIS Confirm By\n"
	good := ",\"1 Road, Town, BD1 1ZZ\",01632 960000,Dr A,EMIS Health,\"Rawdon House, LS19 7BY\","
	data := head +
		"Alpha,Y99901" + good + "proceed,2027-03-01,2026-12-01,\n" +
		"Beta,Y99902" + good + "batch104-after-live,2026-03-01,2026-12-01,\n" +
		"Gamma,Y99903" + good + "defer-booked,2027-03-01,2026-12-01,2027-02-15\n" +
		"Gamma again,y99903" + good + "defer-booked,2027-03-01,2026-12-01,2027-02-15\n" +
		"Delta,Y99904" + good + ",2027-03-01,2026-12-01,\n"
	l := readString(t, "p.csv", data)
	res, err := Build(l, Options{Templates: templates(t)})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		status  Status
		problem string
	}{
		{NoLetter, "pathway proceed has no organisation letter"},
		{NoLetter, "pathway batch104-after-live has no organisation letter"},
		{Written, ""},
		{NotWritten, "ODS Code: Y99903 is also on row 4, which gets the emis-deferral-notice"},
		{NotWritten, "Pathway: missing: the pathway decides"},
	}
	for i, w := range want {
		it := res.Items[i]
		if it.Status != w.status || w.problem != "" && (len(it.Problems) == 0 || !strings.HasPrefix(it.Problems[0], w.problem)) {
			t.Errorf("%s: %s %q, want %s %q", it.Label(), it.Status, it.Problems, w.status, w.problem)
		}
	}
	if f := res.Items[3].File; f != "" {
		t.Errorf("duplicate row has file %q", f)
	}
	if n := res.Count(Written); n != 1 {
		t.Errorf("%d written", n)
	}
}

func TestForcedKind(t *testing.T) {
	res := buildFile(t, "testdata/practices.csv", rules.BulkDateRequest)
	for _, it := range res.Items[:3] {
		if it.Kind != rules.BulkDateRequest {
			t.Errorf("%s: kind %s", it.Label(), it.Kind)
		}
	}
	// Row 3 (defer-booked) names no ICB contact: checked as a bulk-date request, it is
	// written with the ICB's name and a warning.
	if it := res.Items[1]; it.Status != Written || it.File != "Y99902-bulk-date-request.pdf" ||
		!containsPrefix(it.Warnings, "ICB Contact: not given") || !containsPrefix(it.Warnings, "pathway defer-booked does not send the bulk-date-request") {
		t.Errorf("%s: %s %s %q %q", it.Label(), it.Status, it.File, it.Problems, it.Warnings)
	}
	// Row 4 (defer-dpia) has no EMIS name: the bulk-date request is still written.
	if it := res.Items[2]; it.Status != Written || !strings.Contains(text(t, it.pdf), "Request for a new bulk enablement date") {
		t.Errorf("%s: %s %q", it.Label(), it.Status, it.Problems)
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

func TestTemplateFieldMissing(t *testing.T) {
	// The organisation letters ask to be phoned back; the practice file check does not
	// require a phone number for them, so the template's need names the column.
	l := readString(t, "p.csv", "Practice Name,ODS Code,Address,Email,Signatory Name,EMIS Name,EMIS Address,Pathway,Go-live Date,Letter Date,EMIS Confirm By\n"+
		"Alpha,Y99901,\"1 Road, Town\",alpha@example.nhs.uk,Dr A,EMIS Health,\"Rawdon House, LS19 7BY\",defer-booked,2027-03-01,2026-12-01,2027-02-15\n")
	res, err := Build(l, Options{Templates: templates(t)})
	if err != nil {
		t.Fatal(err)
	}
	it := res.Items[0]
	if it.Status != NotWritten || len(it.Problems) != 1 ||
		!strings.HasPrefix(it.Problems[0], "Phone: missing: the emis-deferral-notice uses it ({practice phone} at emis-deferral-notice.md line ") {
		t.Errorf("%s %q", it.Status, it.Problems)
	}
}

func TestAddressTooLongForWindow(t *testing.T) {
	l := readString(t, "p.csv", "Practice Name,ODS Code,Address,Phone,Signatory Name,EMIS Name,EMIS Address,Pathway,Go-live Date,Letter Date,EMIS Confirm By\n"+
		"Alpha,Y99901,\"1 Road, Town\",01632 960000,Dr A,EMIS Health,"+strings.Repeat("Very Long Building Name ", 8)+",defer-booked,2027-03-01,2026-12-01,2027-02-15\n")
	res, err := Build(l, Options{Templates: templates(t)})
	if err != nil {
		t.Fatal(err)
	}
	if it := res.Items[0]; it.Status != NotWritten || !containsPrefix(it.Problems, "EMIS Name and EMIS Address: an address line is") {
		t.Errorf("%s %q", it.Status, it.Problems)
	}
}

// writeOut writes r to out as the command does: open, write, commit.
func writeOut(out string, o outdir.Options, r *Result) error {
	st, err := outdir.Open(out, o)
	if err != nil {
		return err
	}
	if err := Write(st, r); err != nil {
		st.Abort()
		return err
	}
	return st.Commit()
}

func TestWrite(t *testing.T) {
	res := buildFile(t, "testdata/practices.csv", "")
	dir := t.TempDir()
	out := filepath.Join(dir, "letters")
	if err := writeOut(out, outdir.Options{}, res); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want owner-only", e.Name(), info.Mode().Perm())
		}
	}
	want := []string{"Y99901-bulk-date-request.pdf", "Y99902-emis-deferral-notice.pdf", "Y99903-commissioner-letter.pdf", "manifest.json", "summary.xlsx"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
	if st, err := os.Stat(out); err != nil {
		t.Fatal(err)
	} else if st.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v", st.Mode().Perm())
	}
	if litter, err := filepath.Glob(filepath.Join(dir, ".*")); err != nil || len(litter) > 0 {
		t.Errorf("left behind: %q (%v)", litter, err)
	}

	// The summary: every row, with its outcome.
	f, err := excelize.OpenFile(filepath.Join(out, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); !reflect.DeepEqual(sheets, []string{SummarySheet}) {
		t.Errorf("sheets %q", sheets)
	}
	rows, err := f.GetRows(SummarySheet)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Row", "ODS Code", "Practice", "Pathway", "Letter", "File", "Status", "Problem", "Warnings"}; !reflect.DeepEqual(rows[0], want) {
		t.Errorf("header %q", rows[0])
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows, want header + 4", len(rows))
	}
	wantRow := []string{"3", "Y99902", "Tolland Street Surgery", "defer-booked", "emis-deferral-notice", "Y99902-emis-deferral-notice.pdf", "written"}
	if !reflect.DeepEqual(rows[2][:7], wantRow) {
		t.Errorf("row 3: %q, want %q", rows[2], wantRow)
	}
	if r := rows[4]; r[0] != "5" || r[6] != "not written" || !strings.Contains(r[7], `Letter Date: "31/11/2026" is not a date`) || r[5] != "" {
		t.Errorf("row 5: %q", r)
	}

	// The same list gives the same bytes.
	again := filepath.Join(dir, "again")
	if err := writeOut(again, outdir.Options{}, buildFile(t, "testdata/practices.csv", "")); err != nil {
		t.Fatal(err)
	}
	for _, name := range want {
		a, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(again, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", name)
		}
	}

	// An existing folder is kept unless forced; forced, it is replaced whole, but only
	// if it holds nothing accesspack did not write.
	if err := writeOut(out, outdir.Options{}, res); !errors.Is(err, outdir.ErrNotEmpty) {
		t.Errorf("second write without force: %v, want ErrNotEmpty", err)
	}
	if err := os.WriteFile(filepath.Join(out, "old.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeOut(out, outdir.Options{Force: true}, res); !errors.Is(err, outdir.ErrNotOurs) {
		t.Errorf("forced write over a file of the user's: %v, want ErrNotOurs", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "old.txt")); string(b) != "x" {
		t.Error("the user's file was changed")
	}
	if err := os.Remove(filepath.Join(out, "old.txt")); err != nil {
		t.Fatal(err)
	}
	if err := writeOut(out, outdir.Options{Force: true}, res); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeOut(file, outdir.Options{Force: true}, res); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("writing over a file: %v", err)
	}
}

func TestFileName(t *testing.T) {
	if got := FileName("Y99901", rules.CommissionerLetter); got != "Y99901-commissioner-letter.pdf" {
		t.Error(got)
	}
	if got := FileName("../x y", rules.BulkDateRequest); got != "___x_y-bulk-date-request.pdf" {
		t.Error(got)
	}
}
