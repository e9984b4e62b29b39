package web

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/accesspack/accesspack/internal/golden" // every test package accepts -update
	"github.com/accesspack/accesspack/internal/privacytest"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/sample"
)

// walk takes a client through the pages with the sample practice, the pathway and the
// list, up to What will be sent, and returns the journey's path and that page.
func walk(t *testing.T, c *client, pathway string, list []byte, name string) (string, response) {
	t.Helper()
	j := c.start()
	page := c.get(j + "/practice")
	wantStatus(t, "practice page", page, http.StatusOK)
	page = c.post(j+"/practice", values("rev", rev(t, page.body), "action", "sample"))
	wantStatus(t, "sample practice", page, http.StatusOK)
	page = c.post(j+"/practice", values("rev", rev(t, page.body), "action", "continue"))
	wantStatus(t, "practice continue", page, http.StatusOK)
	v := values("rev", rev(t, page.body), "pathway", pathway)
	dateValues(v, "f-go-live", 2027, 1, 15)
	dateValues(v, "f-letter-date", 2026, 12, 1)
	dateValues(v, "f-reply-by", 2027, 1, 5)
	page = c.post(j+"/situation", v)
	wantStatus(t, "situation", page, http.StatusOK)
	page = c.upload(j+"/list", values("rev", rev(t, page.body), "action", "upload"), "patients", name, list)
	wantStatus(t, "upload", page, http.StatusOK)
	page = c.post(j+"/list", values("rev", rev(t, page.body), "action", "continue"))
	wantStatus(t, "list continue", page, http.StatusOK)
	if !strings.Contains(page.body, "<h1>What will be sent</h1>") {
		t.Fatalf("not on What will be sent:\n%s", excerpt(page.body))
	}
	return j, page
}

var rowsOnPage = regexp.MustCompile(`<strong id="rows">([0-9,]+)</strong>`)

func rowsShown(t *testing.T, page string) string {
	t.Helper()
	m := rowsOnPage.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no row count on the page:\n%s", excerpt(page))
	}
	return m[1]
}

// patientValues are the sample list's values no log line may hold, as every privacy
// test looks for them, and its postcodes too.
func patientValues(t *testing.T, data []byte) []string {
	t.Helper()
	l, err := roster.Read(bytes.NewReader(data), "list.csv", roster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := privacytest.Values(l.Patients)
	for _, p := range l.Patients {
		if len(p.Postcode) >= 5 {
			out = append(out, p.Postcode)
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d patient values found in the sample", len(out))
	}
	return out
}

func TestWholeJourneyLogsNoPatientData(t *testing.T) {
	ts, c := loggedIn(t, Config{})
	list := sample.PatientsCSV()
	j, page := walk(t, c, "missed-date", list, "sample-patients.csv")
	rows := dataLines(list)
	if got := rowsShown(t, page.body); got != fmt.Sprint(rows) {
		t.Errorf("rows shown %s, want %d", got, rows)
	}
	page = c.post(j+"/sent", values("rev", rev(t, page.body)))
	wantStatus(t, "to preview", page, http.StatusOK)
	frames := regexp.MustCompile(`<iframe class="ap-preview__frame" src="([^"#]+)`).FindAllStringSubmatch(page.body, -1)
	if len(frames) < 3 {
		t.Fatalf("%d previews on the page", len(frames))
	}
	for _, f := range []string{frames[0][1], j + "/preview/calibration.pdf"} {
		r := c.get(f)
		wantStatus(t, "preview "+f, r, http.StatusOK)
		if !strings.HasPrefix(r.body, "%PDF-") {
			t.Errorf("preview %s is not a PDF", f)
		}
	}
	page = c.get(j + "/make")
	page = c.post(j+"/make", values("rev", rev(t, page.body), "dest", "zip"))
	page = waitForPack(t, c, page)
	zipb := download(t, c, page.body)
	zr, err := zip.NewReader(bytes.NewReader(zipb), int64(len(zipb)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, want := range []string{"manifest.json", "mailing-list.xlsx", "letters/opt-out-notice.pdf", "organisations/bulk-date-request.pdf", "forms/opt-in-form.pdf"} {
		if !names[want] {
			t.Errorf("the zip has no %s (it has %v)", want, names)
		}
	}
	log := ts.log.String()
	privacytest.Check(t, "the web app's log", []string{log}, patientValues(t, list)...)
	for _, want := range []string{fmt.Sprintf("patient list read: %d rows", rows), "pack made for download"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log does not say %q:\n%s", want, log)
		}
	}
}

var packLink = regexp.MustCompile(`href="(/j/[^"]+/pack/[^"/]+/[^"]+\.zip)"`)

// waitForPack follows the progress page until the pack is made.
func waitForPack(t *testing.T, c *client, page response) response {
	t.Helper()
	// Poll as the page does (it refreshes itself), for as long as a loaded machine may need:
	// a count of polls without a pause ran out in under a second while the pack was drawn.
	for deadline := time.Now().Add(2 * time.Minute); strings.Contains(page.body, "Making the pack") && time.Now().Before(deadline); {
		m := regexp.MustCompile(`/j/[^/"]+/pack/[A-Za-z0-9_-]+`).FindString(page.body)
		if m == "" {
			// the progress page refreshes itself; find its own address from the Back link
			t.Fatalf("progress page without its address:\n%s", excerpt(page.body))
		}
		time.Sleep(20 * time.Millisecond)
		page = c.get(m)
	}
	if !strings.Contains(page.body, "Your pack is ready") {
		t.Fatalf("the pack was not made:\n%s", excerpt(page.body))
	}
	return page
}

func download(t *testing.T, c *client, page string) []byte {
	t.Helper()
	m := packLink.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no download link:\n%s", excerpt(page))
	}
	r := c.get(m[1])
	wantStatus(t, "download", r, http.StatusOK)
	if r.header.Get("Content-Type") != "application/zip" {
		t.Errorf("download Content-Type %q", r.header.Get("Content-Type"))
	}
	return []byte(r.body)
}

func TestAFormFromAnOutOfDatePageIsRefused(t *testing.T) {
	ts, c := loggedIn(t, Config{})
	list := sample.PatientsCSV()
	j, sent := walk(t, c, "proceed", list, "first.csv")
	old := rev(t, sent.body)
	// Another tab uploads another list into the same journey.
	other := sample.PatientsCSV()
	other = other[:bytes.LastIndexByte(other[:len(other)-1], '\n')+1] // one row fewer
	page := c.get(j + "/list")
	page = c.upload(j+"/list", values("rev", rev(t, page.body), "action", "upload"), "patients", "second.csv", other)
	wantStatus(t, "second upload", page, http.StatusOK)
	// The first tab's Make the pack, drawn for the first list, must not make the second's.
	r := c.post(j+"/make", values("rev", old, "dest", "zip"))
	wantStatus(t, "make from the old page", r, http.StatusConflict)
	if !strings.Contains(r.body, "This page was out of date") {
		t.Errorf("the refusal does not explain:\n%s", excerpt(r.body))
	}
	if n := ts.packs(j); n != 0 {
		t.Errorf("%d packs were started from an out-of-date page", n)
	}
	sent = c.get(j + "/sent")
	if got, want := rowsShown(t, sent.body), fmt.Sprint(dataLines(other)); got != want {
		t.Errorf("after the second upload the page shows %s rows, want %s", got, want)
	}
}

func TestTwoJourneysKeepTheirOwnLists(t *testing.T) {
	_, c := loggedIn(t, Config{})
	full := sample.PatientsCSV()
	short := full[:bytes.IndexByte(full, '\n')+1]
	for i := 0; i < 10; i++ { // the header and the first 10 patient rows
		short = full[:bytes.IndexByte(full[len(short):], '\n')+len(short)+1]
	}
	j1, p1 := walk(t, c, "proceed", full, "all.csv")
	j2, p2 := walk(t, c, "proceed", short, "ten.csv")
	if j1 == j2 {
		t.Fatal("two starts gave one journey")
	}
	n := fmt.Sprint(dataLines(full))
	if a, b := rowsShown(t, p1.body), rowsShown(t, p2.body); a != n || b != "10" {
		t.Errorf("rows shown %s and %s, want %s and 10", a, b, n)
	}
	if got := rowsShown(t, c.get(j1+"/sent").body); got != n {
		t.Errorf("the first journey shows %s rows after the second started, want %s", got, n)
	}
}

func TestDoubleClickedMakeMakesOnePack(t *testing.T) {
	ts, c := loggedIn(t, Config{})
	j, sent := walk(t, c, "proceed", sample.PatientsCSV(), "list.csv")
	rv := rev(t, sent.body)
	var wg sync.WaitGroup
	locs := make([]string, 4)
	for i := range locs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, ts.base+j+"/make",
				strings.NewReader(url.Values{"rev": {rv}, "dest": {"zip"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			c.sameOrigin(req)
			r := c.do(req, false)
			if r.status != http.StatusSeeOther {
				t.Errorf("make %d: status %d", i, r.status)
			}
			locs[i] = r.location
		}()
	}
	wg.Wait()
	for _, l := range locs {
		if l != locs[0] || l == "" {
			t.Fatalf("the clicks went to different packs: %q", locs)
		}
	}
	if n := ts.packs(j); n != 1 {
		t.Errorf("%d packs started for 4 clicks, want 1", n)
	}
	waitForPack(t, c, c.get(locs[0]))
	// A refresh of the finished page does not make another.
	c.get(locs[0])
	if n := ts.packs(j); n != 1 {
		t.Errorf("%d packs after a refresh, want 1", n)
	}
}

func TestQuitStopsTheServerAndRemovesItsFolder(t *testing.T) {
	ts, c := loggedIn(t, Config{})
	walk(t, c, "proceed", sample.PatientsCSV(), "list.csv")
	r := c.post("/quit", nil)
	wantStatus(t, "quit", r, http.StatusOK)
	if !strings.Contains(r.body, "accesspack has stopped") {
		t.Errorf("quit page:\n%s", excerpt(r.body))
	}
	ts.shutdown(t) // checks the folder is gone
	if _, err := http.Get(ts.base + "/"); err == nil {
		t.Error("the server still answers after Quit")
	}
}

// dataLines counts a CSV's patient rows with the standard library's reader: its records
// after the header.
func dataLines(data []byte) int {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		panic(err)
	}
	return len(recs) - 1
}

// TestAdviceOnTheWay: what the practice must do besides the letters (rules.Advise: the
// Summary's To do lines) is on What will be sent and on the ready pack's page, as check and
// generate print it: for manual-enable, the day's share of switching on by hand and the
// EMAS Manager default. A pathway with none shows no such box.
func TestAdviceOnTheWay(t *testing.T) {
	ts, c := loggedIn(t, Config{})
	list := sample.PatientsCSV()
	wants := []string{`id="advice"`, "switch access on by hand in EMIS for 9 patients with an online account",
		"1 a day to finish within 20 working days", "set your organisation&#39;s default for new online users in EMAS Manager"}
	j, page := walk(t, c, "manual-enable", list, "sample-patients.csv")
	for _, want := range wants {
		if !strings.Contains(page.body, want) {
			t.Errorf("What will be sent lacks %q", want)
		}
	}
	page = c.get(j + "/make")
	page = c.post(j+"/make", values("rev", rev(t, page.body), "dest", "zip"))
	page = waitForPack(t, c, page)
	for _, want := range wants {
		if !strings.Contains(page.body, want) {
			t.Errorf("the ready pack's page lacks %q", want)
		}
	}

	other := newClient(t, ts)
	other.login()
	_, page = walk(t, other, "proceed", list, "sample-patients.csv")
	if strings.Contains(page.body, `id="advice"`) {
		t.Errorf("proceed has no advice, but What will be sent shows the box:\n%s", excerpt(page.body))
	}
}

func TestStrictRefusesAListWithDataProblems(t *testing.T) {
	_, c := loggedIn(t, Config{})
	j, page := walk(t, c, "proceed", sample.PatientsCSV(), "sample-patients.csv")
	page = c.post(j+"/sent", values("rev", rev(t, page.body), "strict", "yes"))
	wantStatus(t, "What will be sent with the box ticked", page, http.StatusUnprocessableEntity)
	for _, want := range []string{"<h1>What will be sent</h1>",
		"10 rows have data problems (the first is input row 28), and you chose to stop if any row has one",
		`id="strict" name="strict" type="checkbox" value="yes" aria-describedby="strict-hint" checked>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, excerpt(page.body))
		}
	}
	page = c.get(j + "/make")
	page = c.post(j+"/make", values("rev", rev(t, page.body), "dest", "zip"))
	wantStatus(t, "Make the pack with the box ticked", page, http.StatusUnprocessableEntity)
	if !strings.Contains(page.body, "you chose to stop if any row has one") {
		t.Errorf("Make the pack does not refuse the list:\n%s", excerpt(page.body))
	}

	page = c.get(j + "/sent")
	page = c.post(j+"/sent", values("rev", rev(t, page.body)))
	wantStatus(t, "What will be sent with the box unticked", page, http.StatusOK)
	if !strings.Contains(page.body, "<h1>Preview</h1>") {
		t.Errorf("unticked, the list does not go on to the preview:\n%s", excerpt(page.body))
	}
}
