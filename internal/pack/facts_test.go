package pack

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/pdftext"
	"github.com/accesspack/accesspack/internal/rules"
)

// packSheets reads the Summary (label → value) and Actions (rows, header first) sheets of
// a pack's mailing list.
func packSheets(t *testing.T, out string) (summary map[string]string, actions [][]string) {
	t.Helper()
	book, err := excelize.OpenFile(filepath.Join(out, "mailing-list.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	summary = map[string]string{}
	for _, r := range rows[1:] {
		if len(r) == 2 {
			if old, ok := summary[r[0]]; ok {
				summary[r[0]] = old + "\n" + r[1] // "To do" lines
			} else {
				summary[r[0]] = r[1]
			}
		}
	}
	actions, err = book.GetRows("Actions")
	if err != nil {
		t.Fatal(err)
	}
	return summary, actions
}

// pdfText is the text of one PDF of a pack, as PDFium extracts it, with line breaks and
// runs of spaces as single spaces so that wrapped sentences can be searched for.
func pdfText(t *testing.T, out, file string) string {
	t.Helper()
	s, err := pdftext.Text(readFile(t, filepath.Join(out, file)))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(s), " ")
}

func num(t *testing.T, summary map[string]string, label string) int {
	t.Helper()
	v, ok := summary[label]
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("Summary %q = %q", label, v)
	}
	return n
}

// The commissioner letter's counts are the Summary's, for the same run.
func TestCommissionerLetterCountsAreTheSummarys(t *testing.T) {
	for _, bulk := range []bool{false, true} {
		t.Run(fmt.Sprintf("bulk 104 %v", bulk), func(t *testing.T) {
			sh := generateSheets(t, sheetCase{rules.DeferDPIA, bulk, false})
			summary, _ := packSheets(t, sh.out)
			text := pdfText(t, sh.out, "organisations/commissioner-letter.pdf")
			under := 0
			for k, v := range summary {
				if strings.HasPrefix(k, "Not sent: under 16 on ") {
					n, _ := strconv.Atoi(v)
					under += n
				}
			}
			want := []string{
				fmt.Sprintf("Our patient list has %d entries.", num(t, summary, "Input rows")),
				fmt.Sprintf("• %d get a letter explaining our approach", num(t, summary, "Letters: dpia-update")),
				fmt.Sprintf("• %d who are coded 104 get a letter", num(t, summary, "Letters: request-access")),
				fmt.Sprintf("that is %d forms to ask for access in all", num(t, summary, "Letters: dpia-update")+num(t, summary, "Letters: request-access")),
				fmt.Sprintf("already have access (%d)", num(t, summary, "Not sent: already has access")),
				fmt.Sprintf("declined it (%d)", num(t, summary, "Not sent: declined access (103)")),
				fmt.Sprintf("under 16 (%d)", under),
			}
			if bulk {
				want = append(want, fmt.Sprintf("• %d will have the code 104 added", num(t, summary, "Action: add-104")))
			} else if strings.Contains(text, "will have the code 104 added") {
				t.Error("without bulk 104 the letter says codes will be added")
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("commissioner letter does not say %q:\n%s", w, text)
				}
			}
		})
	}
}

// A bulk-date request made while at-risk reviews are open says how many are being
// reviewed, and never that the review is done.
func TestBulkDateRequestWithOpenReviews(t *testing.T) {
	out, _ := generateSample(t, rules.MissedDate)
	summary, _ := packSheets(t, out)
	open := num(t, summary, "Action: review")
	if open == 0 {
		t.Fatal("the sample has no review open")
	}
	text := pdfText(t, out, "organisations/bulk-date-request.pdf")
	if w := fmt.Sprintf("we are reviewing the records of %d of our patients", open); !strings.Contains(text, w) {
		t.Errorf("no %q in:\n%s", w, text)
	}
	if strings.Contains(text, "have reviewed") {
		t.Errorf("claims the review is done with %d open:\n%s", open, text)
	}
}

var longDate = regexp.MustCompile(`\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}`)

// batch104-after-live: every "switch-on-date" letter names a switch-on date after the
// reply-by date, and every manual-access and add-106 row waits for that same date.
func TestAfterLiveSwitchOnAfterReplyBy(t *testing.T) {
	out, res := generateSample(t, rules.Batch104AfterLive)
	cfg := sampleConfig(t, rules.Batch104AfterLive, "")
	on, reply := cfg.Rules.SwitchOnDate(), cfg.Rules.ReplyBy
	if !on.After(reply) {
		t.Fatalf("switch-on %s is not after reply-by %s", on, reply)
	}
	text := pdfText(t, out, "letters/opt-out-notice.pdf")
	n := 0
	for _, d := range res.Decisions {
		if d.Variant == "switch-on-date" && !d.Patient.LargePrint {
			n++
		}
	}
	if got := strings.Count(text, "We will switch this on for you on or soon after "+on.Long()+", unless you tell us by "+reply.Long()); got != n || n == 0 {
		t.Errorf("%d letters name the switch-on date %s after reply-by %s, want %d", got, on.Long(), reply.Long(), n)
	}
	if strings.Contains(text, "We are now switching") || strings.Contains(text, "You can now see") {
		t.Error("a letter says access is on now")
	}
	_, actions := packSheets(t, out)
	rows := 0
	for _, r := range actions[1:] {
		if r[0] == string(rules.ManualAccess) || r[0] == string(rules.Add106) {
			rows++
			if !strings.HasPrefix(r[4], "not before "+on.Long()+": ") {
				t.Errorf("%s row: detail %q does not wait for %s", r[0], r[4], on.Long())
			}
		}
	}
	if rows == 0 {
		t.Error("no manual-access or add-106 rows")
	}
}

// manual-enable on the sample and on a 10,000-row list: every row accounted for; the
// manual-access rows are exactly the patients with an online account who get an opt-out
// notice, online account first then by postcode, none before G; the Summary gives the
// daily figure and the standing tasks.
func TestManualEnablePack(t *testing.T) {
	for _, n := range []int{0, 10000} {
		t.Run(fmt.Sprintf("rows %d", n), func(t *testing.T) {
			if n > 0 && testing.Short() {
				t.Skip("large pack: skipped with -short")
			}
			out := filepath.Join(t.TempDir(), "pack")
			cfg := sampleConfig(t, rules.ManualEnable, out)
			if n > 0 {
				cfg = largeConfig(t, rules.ManualEnable, out, n, 16)
			}
			res, err := Generate(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			c := res.Counts
			if !c.Reconciled() || c.Rows != len(cfg.Patients) || c.Rows != c.InLetters+c.ActionsOnly+c.NotSentRows {
				t.Errorf("not every row accounted for: %+v", c)
			}
			var want []string
			for _, d := range res.Decisions {
				if d.Letter == rules.OptOutNotice && d.Patient.OnlineAccount {
					want = append(want, d.Patient.NHS)
				}
			}
			summary, actions := packSheets(t, out)
			var got []string
			g := cfg.Rules.GoLive.Long()
			for _, r := range actions[1:] {
				if r[0] != string(rules.ManualAccess) {
					continue
				}
				got = append(got, r[1])
				if !strings.HasPrefix(r[4], "not before "+g+": ") {
					t.Errorf("manual-access detail %q does not say not before %s", r[4], g)
				}
			}
			if len(want) == 0 || !sameSet(got, want) {
				t.Errorf("manual-access rows %d, opt-out notices to patients with an online account %d", len(got), len(want))
			}
			byNHS := map[string]*rules.Decision{}
			for i := range res.Decisions {
				byNHS[res.Decisions[i].Patient.NHS] = &res.Decisions[i]
			}
			if !slices.IsSortedFunc(got, func(a, b string) int { return compareRecipients(byNHS[a].Patient, byNHS[b].Patient) }) {
				t.Error("the manual-access work-list is not in postcode order")
			}
			perDay := rules.PerDay(len(want), rules.DefaultWorkingDays)
			for _, w := range []string{
				fmt.Sprintf("switch access on by hand in EMIS for %s patients with an online account", rules.Thousands(len(want))),
				fmt.Sprintf("%s a day to finish within 20 working days", rules.Thousands(perDay)),
				"set your organisation's default for new online users in EMAS Manager",
				"At least once a week: patients who have set up an online account since your letters need access switched on",
				"work through its manual-access list only: do not post its letters",
				"Newly registered patients need their letter first",
			} {
				if !strings.Contains(summary["To do"], w) {
					t.Errorf("Summary To do lines do not say %q:\n%s", w, summary["To do"])
				}
			}
			t.Logf("%d rows: %d letters, %d manual-access (%d a day), %d review, %d not sent", c.Rows, c.InLetters,
				len(got), perDay, c.Actions[rules.Review], c.NotSentRows)
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
