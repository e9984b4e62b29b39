package pack

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/nhs"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sms"
)

// varyMobiles gives some of the sample patients the mobile numbers and communication
// needs real lists have: international forms, landlines, a number that lost its 0,
// braille, a preference for letters, a wish not to be texted.
func varyMobiles(ps []patient.Patient) {
	for i := range ps {
		p := &ps[i]
		switch {
		case i%7 == 0:
			p.Mobile = "0113 496 0" + fmt.Sprintf("%03d", i)
		case i%7 == 1 && p.Mobile != "":
			p.Mobile = "+44 " + strings.TrimPrefix(p.Mobile, "0")
		case i%11 == 2:
			p.Communication = "Braille"
		case i%13 == 3:
			p.Communication = "Prefers contact by letter"
		case i%17 == 4:
			p.Mobile = strings.ReplaceAll(strings.TrimPrefix(p.Mobile, "0"), " ", "")
		case i%19 == 5:
			p.Communication = "No SMS please"
		}
	}
}

// TestMessagePacks makes the sample pack of every pathway with --channels message and
// both, and checks where every patient the rules write to ends up.
func TestMessagePacks(t *testing.T) {
	for _, pw := range rules.Pathways {
		for _, mode := range []channel.Mode{channel.Message, channel.Both} {
			t.Run(string(pw)+"/"+mode.String(), func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "pack")
				cfg := sampleConfig(t, pw, out)
				varyMobiles(cfg.Patients)
				cfg.Channels = channel.Settings{Mode: mode}
				res, err := Generate(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				checkMessagePack(t, out, cfg, res)
			})
		}
	}
}

// TestMessagePacksKeepTheRules: with messages the rules decide exactly as with letters:
// the same kinds, variants, actions and Not sent reasons for every row, except that a
// patient sent only a text no longer needs a letter the font can print.
func TestMessagePacksKeepTheRules(t *testing.T) {
	for _, pw := range rules.Pathways {
		letter := sampleConfig(t, pw, filepath.Join(t.TempDir(), "letter"))
		varyMobiles(letter.Patients)
		lres, err := Generate(context.Background(), letter)
		if err != nil {
			t.Fatal(err)
		}
		message := sampleConfig(t, pw, filepath.Join(t.TempDir(), "message"))
		varyMobiles(message.Patients)
		message.Channels.Mode = channel.Message
		mres, err := Generate(context.Background(), message)
		if err != nil {
			t.Fatal(err)
		}
		for i := range lres.Decisions {
			l, m := lres.Decisions[i], mres.Decisions[i]
			texted := mres.Decisions[i].Letter != "" && channel.Choose(m.Patient, m.Letter, message.Channels).Message
			if l.NotSent != m.NotSent && !(texted && strings.Contains(l.NotSent, "write by hand")) {
				t.Errorf("%s row %d: not sent %q with letters, %q with messages", pw, l.Row, l.NotSent, m.NotSent)
			}
			if l.NotSent == m.NotSent && (l.Letter != m.Letter || l.Variant != m.Variant) {
				t.Errorf("%s row %d: %s/%s with letters, %s/%s with messages", pw, l.Row, l.Letter, l.Variant, m.Letter, m.Variant)
			}
			if !slices.Equal(l.Actions, m.Actions) || l.Rule != m.Rule {
				t.Errorf("%s row %d: actions or rule differ", pw, l.Row)
			}
		}
	}
}

// checkMessagePack reads a pack back — the letter sheets and the Messages sheet with
// excelize, each upload list with encoding/csv and with a reader of its own — and
// checks that every patient the rules gave a letter is in exactly one place per kind
// (with channels = both: the letter sheet, and the message list too when they can be
// texted), that nobody who needs print is only texted, and that each list's rows are
// its patients'.
func checkMessagePack(t *testing.T, out string, cfg Config, res *Result) {
	t.Helper()
	mode := cfg.Channels.Mode
	// The rules write to an NHS number at most once (duplicates are not sent): the
	// lists are keyed by it.
	byNHS := map[string]*rules.Decision{}
	for i := range res.Decisions {
		if d := &res.Decisions[i]; d.Letter != "" || strings.Contains(d.NotSent, "write by hand") {
			if byNHS[d.Patient.NHS] != nil {
				t.Fatalf("two letters for %s", nhs.Mask(d.Patient.NHS))
			}
			byNHS[d.Patient.NHS] = d
		}
	}
	book, err := excelize.OpenFile(filepath.Join(out, "mailing-list.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()

	// Where each NHS number is: kind → "letter" / "message".
	inLetters := map[string]rules.Kind{}
	for _, kind := range rules.PatientKinds {
		rows, err := book.GetRows(string(kind))
		if err != nil {
			continue // no such sheet: nobody got the letter
		}
		if rows[0][len(rows[0])-1] != "Channel" {
			t.Fatalf("sheet %s has no Channel column: %v", kind, rows[0])
		}
		for _, r := range rows[1:] {
			n := r[0]
			if _, dup := inLetters[n]; dup {
				t.Errorf("%s twice in the letter sheets", nhs.Mask(n))
			}
			inLetters[n] = kind
			d := byNHS[n]
			want := channel.Choose(d.Patient, kind, cfg.Channels).Channel()
			if got := r[len(rows[0])-1]; got != want {
				t.Errorf("%s: Channel %q, want %q", nhs.Mask(n), got, want)
			}
		}
	}
	inMessages := map[string]rules.Kind{}
	var csvFiles []string
	entries, err := os.ReadDir(filepath.Join(out, "messages"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".csv" {
			continue
		}
		csvFiles = append(csvFiles, "messages/"+e.Name())
		name := strings.TrimSuffix(e.Name(), ".csv")
		kind := messageKind(t, name)
		data, err := os.ReadFile(filepath.Join(out, "messages", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		rows := readUpload(t, e.Name(), data)
		for _, r := range rows[1:] {
			n := r[0]
			if _, dup := inMessages[n]; dup {
				t.Errorf("%s in two message lists", nhs.Mask(n))
			}
			inMessages[n] = kind
			d := byNHS[n]
			if d == nil {
				t.Fatalf("%s: %s is nobody in the list", e.Name(), nhs.Mask(n))
			}
			p := d.Patient
			mobile, problem := sms.Mobile(p.Mobile)
			if problem != "" || channel.PrintNeed(p) != "" {
				t.Errorf("%s: row %d texted but mobile %q / need %q", e.Name(), d.Row, problem, channel.PrintNeed(p))
			}
			if want := []string{p.NHS, p.EMISNumber, p.Forename, p.Surname, p.DOB.Time().Format("02/01/2006"), mobile}; !slices.Equal(r, want) {
				t.Errorf("%s: row for input row %d is not that patient's", e.Name(), d.Row)
			}
		}
		// The text beside it is the golden message, byte for byte.
		txt, err := os.ReadFile(filepath.Join(out, "messages", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		variant := strings.TrimPrefix(strings.TrimPrefix(name, string(kind)), "-")
		if variant == "" {
			// A kind whose variants are pathways has one message a pack, named by the
			// kind alone: its variant is the one the rules gave its recipients (the
			// pathway, or defer-dpia-104 with bulk 104).
			variant = byNHS[rows[1][0]].Variant
		}
		want := readFile(t, filepath.Join(goldenDir, "messages", string(kind)+"-"+variant+".txt"))
		_, body, _ := bytes.Cut(want, []byte("\n"))
		if string(txt)+"\n" != string(body) {
			t.Errorf("%s.txt is not golden/messages/%s-%s.txt:\n%s", name, kind, variant, txt)
		}
	}

	// Every patient the rules write to is in exactly one place per kind, or with both in
	// the letter sheet and, when they can be texted, in a message list too.
	for i := range res.Decisions {
		d := &res.Decisions[i]
		n := d.Patient.NHS
		lk, inL := inLetters[n]
		mk, inM := inMessages[n]
		if d.Letter == "" {
			if byNHS[n] != d && (inL || inM) {
				continue // a duplicate of a row that is written to
			}
			if inL || (inM && !strings.Contains(d.NotSent, "write by hand")) {
				t.Errorf("row %d: no letter from the rules, but in a letter sheet or message list", d.Row)
			}
			continue
		}
		c := channel.Choose(d.Patient, d.Letter, cfg.Channels)
		if (inL && lk != d.Letter) || (inM && mk != d.Letter) {
			t.Errorf("row %d: the rules give %s, the pack sends %s / %s", d.Row, d.Letter, lk, mk)
		}
		switch mode {
		case channel.Message:
			if inL == inM {
				t.Errorf("row %d: in the letter sheet %v, in a message list %v: want exactly one", d.Row, inL, inM)
			}
		case channel.Both:
			if !inL || inM != c.Message {
				t.Errorf("row %d: letter %v, message %v (can be texted: %v)", d.Row, inL, inM, c.Message)
			}
		}
		if d.Patient.LargePrint && !inL {
			t.Errorf("row %d needs large print and has no letter", d.Row)
		}
	}
	if len(inMessages) == 0 {
		t.Error("nobody texted")
	}

	// The Messages sheet lists the same people, with their message and upload files.
	rows, err := book.GetRows("Messages")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], "|") != "NHS Number|EMIS Number|Name|Mobile|Kind|Variant|Message File|Upload File" {
		t.Errorf("Messages header %v", rows[0])
	}
	if len(rows)-1 != len(inMessages) {
		t.Errorf("Messages sheet has %d rows, the lists %d", len(rows)-1, len(inMessages))
	}
	for _, r := range rows[1:] {
		if inMessages[r[0]] != rules.Kind(r[4]) || !slices.Contains(csvFiles, r[7]) {
			t.Errorf("Messages row for %s: %v", nhs.Mask(r[0]), r[4:])
		}
	}

	// The Summary counts per channel and costs it; the reconciliation holds.
	summary, err := book.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{}
	for _, r := range summary[1:] {
		if len(r) > 1 {
			lines[r[0]] = r[1]
		}
	}
	if !strings.HasPrefix(lines["Reconciliation check"], "holds: every input row is in a letter sheet, the Messages sheet") {
		t.Errorf("reconciliation: %q", lines["Reconciliation check"])
	}
	for _, want := range []string{"Channels", "Cost: total (estimate)", "Cost: text message fragments", "Rows in letters or messages"} {
		if lines[want] == "" {
			t.Errorf("Summary has no %q line", want)
		}
	}
	for _, k := range rules.PatientKinds {
		n := 0
		for _, mk := range inMessages {
			if mk == k {
				n++
			}
		}
		if n > 0 && lines["Messages: "+string(k)] != fmt.Sprint(n) {
			t.Errorf("Summary: Messages: %s = %q, want %d", k, lines["Messages: "+string(k)], n)
		}
	}

	// The manifest lists the new files and the estimate.
	var m Manifest
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	listed := map[string]File{}
	for _, f := range m.Files {
		listed[f.Path] = f
	}
	for _, f := range csvFiles {
		txt := strings.TrimSuffix(f, ".csv") + ".txt"
		if listed[f].SHA256 == "" || listed[txt].SHA256 == "" || listed[f].Messages == 0 {
			t.Errorf("manifest does not list %s and %s", f, txt)
		}
	}
	if !m.Reconciled || m.Channels != mode.String() || m.Cost == nil || m.Cost.Fragments == 0 || len(m.Messages) != len(csvFiles) {
		t.Errorf("manifest: reconciled %v, channels %q, cost %+v, %d messages", m.Reconciled, m.Channels, m.Cost, len(m.Messages))
	}
}

func messageKind(t *testing.T, name string) rules.Kind {
	for _, k := range rules.PatientKinds {
		if name == string(k) || strings.HasPrefix(name, string(k)+"-") {
			return k
		}
	}
	t.Fatalf("messages/%s.csv is no kind's", name)
	return ""
}

var tenDigits = regexp.MustCompile(`^\d{10}$`)
var ddmmyyyy = regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`)

// readUpload reads an upload list with encoding/csv and with splitCSV, which shares no
// code with it, checks they agree, and checks the header and each row's shape.
func readUpload(t *testing.T, name string, data []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: encoding/csv: %v", name, err)
	}
	own := splitCSV(t, name, data)
	if fmt.Sprint(own) != fmt.Sprint(rows) {
		t.Fatalf("%s: the two readers disagree", name)
	}
	if bytes.HasPrefix(data, []byte("\ufeff")) || !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("%s: want no byte-order mark and CRLF line ends", name)
	}
	if strings.Join(rows[0], ",") != "NHS Number,EMIS Number,Given Name,Family Name,Date of Birth,Mobile Telephone" {
		t.Errorf("%s: header %v", name, rows[0])
	}
	for i, row := range rows[1:] {
		if !tenDigits.MatchString(row[0]) || !nhs.Valid(row[0]) || !ddmmyyyy.MatchString(row[4]) || !regexp.MustCompile(`^07\d{9}$`).MatchString(row[5]) {
			t.Errorf("%s row %d: NHS number, date of birth or mobile not as uploads want them", name, i+2)
		}
		for _, c := range row {
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
				t.Errorf("%s row %d: a cell starts with %q", name, i+2, c[:1])
			}
		}
	}
	return rows
}

// splitCSV is a reader of its own for the upload lists: RFC 4180 with CRLF line ends.
func splitCSV(t *testing.T, name string, data []byte) [][]string {
	t.Helper()
	var (
		rows  [][]string
		row   []string
		field strings.Builder
		quote bool
	)
	s := string(data)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote && c == '"' && i+1 < len(s) && s[i+1] == '"':
			field.WriteByte('"')
			i++
		case quote && c == '"':
			quote = false
		case quote:
			field.WriteByte(c)
		case c == '"':
			quote = true
		case c == ',':
			row = append(row, field.String())
			field.Reset()
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			rows = append(rows, append(row, field.String()))
			row = nil
			field.Reset()
			i++
		case c == '\n' || c == '\r':
			t.Fatalf("%s: a line end that is not CRLF", name)
		default:
			field.WriteByte(c)
		}
	}
	if quote || field.Len() > 0 || row != nil {
		t.Fatalf("%s: does not end with a complete line", name)
	}
	return rows
}

// TestUploadCellsAreInert: a name a spreadsheet would read as a formula is written so it
// reads as text, and names with commas and quotes survive.
func TestUploadCellsAreInert(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(1)": "'=HYPERLINK(1)", "+44": "'+44", "-1": "'-1", "@SUM": "'@SUM", "\tx": "'\tx", "Ann": "Ann", "": "", "O'Neill": "O'Neill"} {
		if got := inert(in); got != want {
			t.Errorf("inert(%q) = %q, want %q", in, got, want)
		}
	}
	p := patient.Patient{Row: 2, NHS: "9990000018", EMISNumber: "=1+1", Forename: "Ann, \"Annie\"", Surname: "@Smith", Mobile: "07700 900001"}
	ds := []rules.Decision{{Row: 2, Patient: &p}}
	rs := []route{{kind: rules.OptOutNotice, Choice: channel.Choice{Message: true, Mobile: "07700900001"}}}
	var b bytes.Buffer
	if err := writeUpload(&b, ds, rs, []int{0}); err != nil {
		t.Fatal(err)
	}
	want := "NHS Number,EMIS Number,Given Name,Family Name,Date of Birth,Mobile Telephone\r\n" +
		"9990000018,'=1+1,\"Ann, \"\"Annie\"\"\",'@Smith,,07700900001\r\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

// TestLettersOnlyKind keeps request-access to letters while the rest are texted.
func TestLettersOnlyKind(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pack")
	cfg := sampleConfig(t, rules.Proceed, out)
	cfg.Channels = channel.Settings{Mode: channel.Message, LettersOnly: map[rules.Kind]bool{rules.RequestAccess: true}}
	res, err := Generate(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Texted[rules.RequestAccess] != 0 || res.Posted[rules.RequestAccess] != res.Counts.Letters[rules.RequestAccess] || res.Texted[rules.OptOutNotice] == 0 {
		t.Errorf("posted %v, texted %v", res.Posted, res.Texted)
	}
	if _, err := os.Stat(filepath.Join(out, "messages", "request-access.csv")); err == nil {
		t.Error("request-access.csv written for a kind kept to letters")
	}
	checkMessagePack(t, out, cfg, res)
}

// TestOverBudgetWritesNothing: a message over budget stops the run before anything is
// written, naming the template and line.
func TestOverBudgetWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pack")
	cfg := sampleConfig(t, rules.Proceed, out)
	cfg.Channels.Mode = channel.Message
	cfg.Budget = 1
	_, err := Generate(context.Background(), cfg)
	if err == nil || !regexp.MustCompile(`^request-access.message.txt:\d+: the request-access \(proceed\) message is GSM-7, \d+ characters, 2 fragments with this practice's details, over the budget of 1 fragment`).MatchString(err.Error()) {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s exists after a refused run", out)
	}
	// With letters only, the messages are not even read.
	cfg.Channels.Mode = channel.Letter
	if _, err := Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "messages")); !os.IsNotExist(err) {
		t.Error("a letters-only pack has a messages folder")
	}
}
