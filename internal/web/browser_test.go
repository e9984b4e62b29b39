package web_test

// End-to-end tests in a real browser: the accesspack program is built, started with
// `serve --no-browser`, and headless Chromium goes through the pages as a practice
// manager would. What the pages show is checked against `accesspack check`, and the pack
// against `accesspack generate`, run on the same files.
//
// Without Chromium these tests skip, except under CI (ACCESSPACK_CI set, as .ci/run
// does), where a browser that is missing or cannot start fails them.
// ACCESSPACK_SCREENSHOTS=DIR saves a full-page screenshot of every page at 1366×768.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/sample"
	"github.com/accesspack/accesspack/internal/web"
)

// underCI reports whether the browser tests must run.
func underCI() bool { return os.Getenv("ACCESSPACK_CI") != "" }

// skipOrFail skips a browser test on a developer's machine and fails it under CI.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if underCI() {
		t.Fatalf("under CI the browser tests must run: "+format, args...)
	}
	t.Skipf("skipping the browser tests: "+format, args...)
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// program builds cmd/accesspack once for the test binary.
func program(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "accesspack-webtest-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "accesspack")
		gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
		cmd := exec.Command(gobin, "build", "-o", binPath, "github.com/accesspack/accesspack/cmd/accesspack")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// served is `accesspack serve` running as its own process.
type served struct {
	cmd    *exec.Cmd
	url    string // the tokened address it printed
	base   string
	tmp    string // its TMPDIR
	stderr *bytes.Buffer
}

func startServe(t *testing.T) *served {
	t.Helper()
	s := &served{tmp: t.TempDir(), stderr: &bytes.Buffer{}}
	s.cmd = exec.Command(program(t), "serve", "--no-browser")
	s.cmd.Env = append(os.Environ(), "TMPDIR="+s.tmp)
	s.cmd.Stderr = s.stderr
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		s.cmd.Process.Kill()
		t.Fatalf("serve printed no address: %v; stderr:\n%s", err, s.stderr)
	}
	m := regexp.MustCompile(`^accesspack is running at (http://127\.0\.0\.1:\d+/)\?token=[A-Za-z0-9_-]{43}\n$`).FindStringSubmatch(line)
	if m == nil {
		s.cmd.Process.Kill()
		t.Fatalf("serve printed %q", line)
	}
	s.url = strings.TrimPrefix(strings.TrimSuffix(line, "\n"), "accesspack is running at ")
	s.base = strings.TrimSuffix(m[1], "/")
	go io.Copy(io.Discard, out)
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			s.cmd.Process.Kill()
			s.cmd.Wait()
		}
	})
	return s
}

// interrupt stops serve with Ctrl-C and checks it exits 0 with its folder removed.
func (s *served) interrupt(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after Ctrl-C: %v; stderr:\n%s", err, s.stderr)
		}
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		t.Fatal("serve did not stop on Ctrl-C")
	}
	left, _ := filepath.Glob(filepath.Join(s.tmp, "*"))
	if len(left) > 0 {
		t.Errorf("serve left files in its temporary folder: %v", left)
	}
}

// TestServeAnswersAndStopsOnCtrlC runs the program as a practice manager's PC would: with
// no arguments in a terminal it prints the help (which offers serve); `serve` answers the
// address it printed, refuses a request without the token, and Ctrl-C stops it with
// nothing left behind.
func TestServeAnswersAndStopsOnCtrlC(t *testing.T) {
	cmd := exec.Command(program(t))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !regexp.MustCompile(`(?m)^  serve +`).MatchString(stderr.String()) {
		t.Errorf("no arguments: %v; the help should list serve:\n%s", err, stderr.String())
	}

	srv := startServe(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, err := c.Get(srv.url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Make your online access letters pack") {
		t.Errorf("the printed address: %d\n%s", resp.StatusCode, body)
	}
	resp, err = http.Get(srv.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("without the token: %d, want 403", resp.StatusCode)
	}
	srv.interrupt(t)
	if _, err := http.Get(srv.base + "/"); err == nil {
		t.Error("serve still answers after Ctrl-C")
	}
}

// browserCtx starts headless Chromium with a fresh profile at 1366×768.
func browserCtx(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		skipOrFail(t, "no Chromium found (apt-get install chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	start, cancelS := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancelS()
	errc := make(chan error, 1)
	go func() { errc <- chromedp.Do(ctx) }()
	select {
	case err := <-errc:
		if err != nil {
			skipOrFail(t, "Chromium did not start: %v", err)
		}
	case <-start.Done():
		skipOrFail(t, "Chromium did not start within a minute")
	}
	return ctx
}

// tab is the browser's tab on the app, with a step timeout and screenshots.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	shot string // screenshot folder, or ""
	n    int
}

func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		b.t.Fatalf("%s: %v\npage:\n%s", what, err, body)
	}
}

func eval[T any](b *tab, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		b.t.Fatalf("%s: %v\npage:\n%s", js, err, body)
	}
	return v
}

// heading is the page's h1.
// It waits for a page that has finished loading (the progress page reloads itself).
func (b *tab) heading() string {
	b.t.Helper()
	for i := 0; i < 200; i++ {
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		h, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.readyState === "complete" && document.querySelector("h1")) ?
			document.querySelector("h1").innerText : ""`))
		cancel()
		if err == nil && strings.TrimSpace(h) != "" {
			return strings.TrimSpace(h)
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatal("no page with a heading")
	return ""
}

func (b *tab) wantHeading(want string) {
	b.t.Helper()
	if got := b.heading(); got != want {
		body := eval[string](b, `document.body.innerText`)
		b.t.Fatalf("on %q, want %q; page:\n%s", got, want, body)
	}
}

// screenshot saves the whole page, named by its order and title.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	if b.shot == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	b.n++
	if err := os.WriteFile(filepath.Join(b.shot, fmt.Sprintf("%02d-%s.png", b.n, name)), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *tab) click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel))
}

// submit clicks a button and waits for the next page.
func (b *tab) submit(what, sel string) {
	b.t.Helper()
	before := eval[string](b, `location.href + "|" + performance.timeOrigin`)
	b.do(what, b.click(sel))
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		now, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.href + "|" + performance.timeOrigin : ""`))
		cancel()
		if err == nil && now != "" && now != before {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("%s: no new page", what)
}

func (b *tab) setDate(id string, y, m, d int) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.SetValue(chromedp.CSS("#"+id+"-day"), strconv.Itoa(d)),
		chromedp.SetValue(chromedp.CSS("#"+id+"-month"), strconv.Itoa(m)),
		chromedp.SetValue(chromedp.CSS("#"+id+"-year"), strconv.Itoa(y)),
	)
}

// fetchWithCookie gets path with the browser's cookie for the app.
func (b *tab) fetchWithCookie(path string) (int, string, []byte) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.Run(ctx, func(ctx context.Context, _ *chromedp.Target) (network.GetCookiesResult, error) {
		return chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.base + "/"}})
	})
	if err != nil {
		b.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	for _, c := range res.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), body
}

// dropFile drops a file on the element as a file dragged from the desktop would be.
func (b *tab) dropFile(sel, path string) {
	b.t.Helper()
	rect := eval[[]float64](b, `(() => { const e = document.querySelector(`+strconv.Quote(sel)+`);
		e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	data := &input.DragData{Items: []*input.DragDataItem{}, Files: []string{path}, DragOperationsMask: 1}
	b.do("drop "+filepath.Base(path), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter,
			input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
			if _, err := chromedp.Call(ctx, input.DispatchDragEvent,
				input.DispatchDragEventParams{Type: typ, X: rect[0], Y: rect[1], Data: data}); err != nil {
				return err
			}
		}
		return nil
	}))
}

// journeyCase is one way through the pages.
type journeyCase struct {
	pathway              string
	goLive, letterDate   [3]int // y, m, d
	bulk104              bool
	list                 string // file to upload
	drop                 bool   // drag and drop the list instead of choosing it
	folder               bool   // write to a folder instead of downloading
	fillForm             bool   // fill in the practice form, and save it as the practice file
	duplex               bool
	screenshots, errorUI bool // take screenshots; try the pages' error messages too
	shotProgress         bool // take screenshots of the progress page
}

func TestBrowserJourneys(t *testing.T) {
	ctx := browserCtx(t)
	srv := startServe(t)
	dir := t.TempDir()
	shots := os.Getenv("ACCESSPACK_SCREENSHOTS")
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	practiceFile := filepath.Join(dir, "practice.toml")
	if err := os.WriteFile(practiceFile, practice.SampleTOML(), 0o600); err != nil {
		t.Fatal(err)
	}
	csvFile := filepath.Join(dir, "patients.csv")
	if err := os.WriteFile(csvFile, sample.PatientsCSV(), 0o600); err != nil {
		t.Fatal(err)
	}
	xlsxFile := filepath.Join(dir, "patients.xlsx")
	writeXLSX(t, sample.PatientsCSV(), xlsxFile)
	bigFile := filepath.Join(dir, "big.csv")
	if out, err := exec.Command(program(t), "sample", "--patients", "3000", "--seed", "7", "--out", bigFile).CombinedOutput(); err != nil {
		t.Fatalf("accesspack sample: %v\n%s", err, out)
	}

	downloads := filepath.Join(dir, "downloads")
	if err := os.Mkdir(downloads, 0o700); err != nil {
		t.Fatal(err)
	}
	b := &tab{t: t, ctx: ctx, base: srv.base, shot: shots}
	b.do("allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: ptr(true)})
		return err
	}))

	// A page of a session accesspack no longer has.
	b.do("an old address", chromedp.Navigate(srv.base+"/j/no-such-journey/practice"))
	if b.heading() != "Open accesspack from the address it printed" {
		t.Errorf("without the cookie, an old address gives %q", b.heading())
	}

	// Without the token, the browser gets the page that says where to go.
	b.do("open without the token", chromedp.Navigate(srv.base+"/"))
	b.wantHeading("Open accesspack from the address it printed")
	b.screenshot("no-token")
	b.do("open the printed address", chromedp.Navigate(srv.url))
	b.wantHeading("Make your online access letters pack")
	if u := eval[string](b, `location.href`); strings.Contains(u, "token") {
		t.Errorf("the token stayed in the address bar: %s", u)
	}
	b.screenshot("start")
	b.do("an old address", chromedp.Navigate(srv.base+"/j/no-such-journey/practice"))
	b.wantHeading("This page has expired")
	b.screenshot("expired")

	cases := []journeyCase{
		{pathway: "proceed", goLive: [3]int{2027, 1, 15}, letterDate: [3]int{2026, 12, 1}, list: csvFile, drop: true, screenshots: true, errorUI: true},
		{pathway: "missed-date", goLive: [3]int{2027, 1, 15}, letterDate: [3]int{2026, 12, 1}, list: xlsxFile, folder: true, fillForm: true, screenshots: true},
		{pathway: "defer-booked", goLive: [3]int{2027, 1, 15}, letterDate: [3]int{2026, 12, 1}, bulk104: true, list: csvFile, duplex: true},
		{pathway: "defer-dpia", goLive: [3]int{2027, 1, 15}, letterDate: [3]int{2026, 12, 1}, bulk104: true, list: xlsxFile},
		{pathway: "batch104-before-live", goLive: [3]int{2027, 1, 15}, letterDate: [3]int{2026, 12, 1}, list: bigFile, shotProgress: true},
		{pathway: "batch104-after-live", goLive: [3]int{2023, 10, 31}, letterDate: [3]int{2026, 12, 1}, list: xlsxFile},
		{pathway: "manual-enable", goLive: [3]int{2027, 1, 15}, letterDate: [3]int{2026, 12, 1}, list: csvFile},
	}
	for i, c := range cases {
		ok := t.Run(c.pathway+"-"+filepath.Ext(c.list)[1:], func(t *testing.T) {
			b.t = t
			runJourney(t, b, srv, c, practiceFile, downloads, filepath.Join(dir, fmt.Sprint("case", i)))
		})
		b.t = t
		if !ok {
			break
		}
	}

	b.do("quit", chromedp.Navigate(srv.base+"/"))
	b.submit("quit", ".ap-quit__button")
	b.wantHeading("accesspack has stopped")
	b.screenshot("quit")
	done := make(chan error, 1)
	go func() { done <- srv.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after Quit: %v; stderr:\n%s", err, srv.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after Quit")
	}
	if left, _ := filepath.Glob(filepath.Join(srv.tmp, "*")); len(left) > 0 {
		t.Errorf("serve left files in its temporary folder: %v", left)
	}
}

func ptr[T any](v T) *T { return &v }

func runJourney(t *testing.T, b *tab, srv *served, c journeyCase, practiceFile, downloads, work string) {
	if err := os.MkdirAll(work, 0o700); err != nil {
		t.Fatal(err)
	}
	shot := func(name string) {
		if c.screenshots || (c.shotProgress && (name == "making" || name == "ready")) {
			b.screenshot(name)
		}
	}
	b.do("start page", chromedp.Navigate(srv.base+"/"))
	b.submit("start", `button[type=submit].nhsuk-button:not(.ap-quit__button)`)
	b.wantHeading("Your practice")
	shot("practice-empty")
	if c.errorUI {
		bad := filepath.Join(work, "broken.toml")
		if err := os.WriteFile(bad, []byte("name = \"Oak Surgery\"\nods_code = B86999\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		b.do("choose a broken practice file", chromedp.SetUploadFiles(chromedp.CSS("#practice-file"), []string{bad}))
		b.submit("load it", `button[value=upload]`)
		msg := eval[string](b, `document.querySelector(".nhsuk-error-summary").innerText`)
		if !strings.Contains(msg, "broken.toml:2") {
			t.Errorf("a broken practice file's message does not name the file and line:\n%s", msg)
		}
		shot("practice-error")
	}
	if c.fillForm {
		b.submit("fill in the details", "#fill-in")
		b.wantHeading("Your practice's details")
		shot("practice-form")
		fillPracticeForm(b)
		// and text messages as well as letters, so the pack has its messages too
		b.do("channels: both", chromedp.SetValue(chromedp.CSS("#f-messages-channels"), "both"))
		b.submit("save the details", "#save-details")
	} else {
		b.do("choose the practice file", chromedp.SetUploadFiles(chromedp.CSS("#practice-file"), []string{practiceFile}))
		b.submit("load it", `button[value=upload]`)
	}
	b.wantHeading("Your practice")
	if name := eval[string](b, `document.querySelector("#practice-name").innerText`); name != "Meadowbank Surgery" {
		t.Errorf("practice shown: %q", name)
	}
	shot("practice-loaded")
	b.submit("continue", `button[value=continue]`)
	b.wantHeading("Your situation")
	shot("situation")

	if c.errorUI {
		// The letter date after the go-live date: the same check as the command line.
		b.do("dates the wrong way round", b.click("#pathway-"+c.pathway),
			b.setDate("f-go-live", 2026, 11, 1), b.setDate("f-letter-date", 2026, 12, 1))
		b.submit("continue", `form button[type=submit]:not(.ap-quit__button)`)
		b.wantHeading("Your situation")
		msg := eval[string](b, `document.querySelector(".nhsuk-error-summary").innerText`)
		if !strings.Contains(msg, "not after the letter date 1 December 2026") {
			t.Errorf("dates the wrong way round: the message is\n%s", msg)
		}
		shot("situation-error")
	}
	steps := []chromedp.Action[chromedp.Void]{b.click("#pathway-" + c.pathway),
		b.setDate("f-go-live", c.goLive[0], c.goLive[1], c.goLive[2]),
		b.setDate("f-letter-date", c.letterDate[0], c.letterDate[1], c.letterDate[2]),
		b.setDate("f-reply-by", 2027, 1, 5)} // as in the sample practice file
	checked := eval[bool](b, `document.querySelector("#f-bulk-104").checked`)
	if checked != c.bulk104 {
		steps = append(steps, b.click("#f-bulk-104"))
	}
	b.do("fill in the situation", steps...)
	b.submit("continue", `form button[type=submit]:not(.ap-quit__button)`)
	b.wantHeading("Your patient list")
	shot("list-empty")
	if c.fillForm {
		// Save the details, with the situation, as a practice file; the command line is
		// then given that file.
		listURL := eval[string](b, `location.href`)
		b.do("back to the practice", chromedp.Navigate(srv.base+eval[string](b, `document.querySelector(".ap-steps a").getAttribute("href")`)))
		b.wantHeading("Your practice")
		practiceFile = downloadFile(t, b, "#save-practice", downloads)
		b.do("back to the list", chromedp.Navigate(listURL))
		b.wantHeading("Your patient list")
	}

	if c.errorUI {
		notList := filepath.Join(work, "notes.csv")
		if err := os.WriteFile(notList, []byte("Practice notes\nnothing here\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		b.do("choose a file that is not a list", chromedp.SetUploadFiles(chromedp.CSS("#patients"), []string{notList}))
		b.submit("upload it", `button[value=upload]`)
		msg := eval[string](b, `document.querySelector(".nhsuk-error-summary").innerText`)
		if !strings.Contains(msg, "notes.csv") {
			t.Errorf("a file that is not a list: the message does not name it:\n%s", msg)
		}
		shot("list-error")

		// A file over the upload cap: the browser shows the page that says so.
		big := filepath.Join(work, "too-big.csv")
		if err := os.WriteFile(big, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(big, web.DefaultMaxUpload+1); err != nil {
			t.Fatal(err)
		}
		listURL := eval[string](b, `location.href`)
		b.do("choose a file over the cap", chromedp.SetUploadFiles(chromedp.CSS("#patients"), []string{big}))
		b.submit("upload it", `button[value=upload]`)
		b.wantHeading("The file is too big")
		shot("list-too-big")
		b.do("back to the list", chromedp.Navigate(listURL))
		b.wantHeading("Your patient list")

		// Another tab changes the list: the form this tab shows is out of date, and is
		// refused rather than acted on.
		other, cancel := chromedp.NewContext(b.ctx)
		defer cancel()
		// The first action on a tab opens it, and it lives as long as that action's
		// context: open it with no timeout.
		if err := chromedp.Do(other); err != nil {
			t.Fatalf("a second tab: %v", err)
		}
		ob := &tab{t: t, ctx: other, base: b.base}
		ob.do("the list in another tab", chromedp.Navigate(listURL))
		ob.wantHeading("Your patient list")
		ob.do("upload there", chromedp.SetUploadFiles(chromedp.CSS("#patients"), []string{c.list}))
		ob.submit("upload it", `button[value=upload]`)
		ob.wantHeading("Your patient list")
		b.do("choose the list here", chromedp.SetUploadFiles(chromedp.CSS("#patients"), []string{c.list}))
		b.submit("upload it from the first tab", `button[value=upload]`)
		b.wantHeading("This page was out of date")
		shot("stale")
		b.do("back to the list", chromedp.Navigate(listURL))
		b.wantHeading("Your patient list")
	}
	if c.drop {
		b.dropFile("#patients", c.list)
	} else {
		b.do("choose the list", chromedp.SetUploadFiles(chromedp.CSS("#patients"), []string{c.list}))
	}
	if n := eval[int](b, `document.querySelector("#patients").files.length`); n != 1 {
		t.Fatalf("the file input holds %d files after the %s", n, map[bool]string{true: "drop", false: "choice"}[c.drop])
	}
	b.submit("upload", `button[value=upload]`)
	b.wantHeading("Your patient list")
	rows := strings.ReplaceAll(eval[string](b, `document.querySelector("#list-rows").innerText`), ",", "")
	shot("list-loaded")
	b.submit("continue", `button[value=continue]`)
	b.wantHeading("What will be sent")
	shot("sent")

	// The counts on the page are the counts `accesspack check` prints.
	args := []string{"--practice", practiceFile, "--patients", c.list, "--pathway", c.pathway,
		"--go-live", isoDate(c.goLive), "--letter-date", isoDate(c.letterDate)}
	if c.bulk104 {
		args = append(args, "--bulk-104")
	}
	out, err := exec.Command(program(t), append([]string{"check"}, args...)...).Output()
	if err != nil {
		t.Fatalf("accesspack check: %v", err)
	}
	want := parseCheck(t, string(out))
	got := pageCounts(b)
	if fmt.Sprint(want) != fmt.Sprint(got) {
		t.Errorf("the page's counts differ from check's:\ncheck: %v\npage:  %v\ncheck output:\n%s", want, got, out)
	}
	wantTotal := regexp.MustCompile(`(?m)^  total\s+(£[0-9,.]+)$`).FindStringSubmatch(string(out))
	gotTotal := eval[string](b, `[...document.querySelectorAll("#cost tr")].filter(r => r.querySelector("th").innerText.trim() === "total").map(r => r.querySelector("td").innerText.trim()).join()`)
	if wantTotal == nil || wantTotal[1] != gotTotal {
		t.Errorf("the page's cost estimate total is %q; check's: %v", gotTotal, wantTotal)
	}
	if wantRows := regexp.MustCompile(`(?m)^Patient rows: (\d+)$`).FindStringSubmatch(string(out)); wantRows == nil || wantRows[1] != rows {
		t.Errorf("the list page showed %s rows; check: %v", rows, wantRows)
	}
	attention := eval[[]string](b, `[...document.querySelectorAll("#attention tbody tr td:nth-child(2)")].map(e => e.innerText)`)
	for _, nhs := range attention {
		if !regexp.MustCompile(`^\*\*\* \*\*\* (\d{4}|\*{4})$`).MatchString(nhs) {
			t.Errorf("a row needing attention shows the NHS number %q, not masked", nhs)
		}
	}

	b.submit("to the preview", `form[action$="/sent"] button[type=submit]`)
	b.wantHeading("Preview")
	frames := eval[[]string](b, `[...document.querySelectorAll("iframe")].map(f => f.getAttribute("src"))`)
	if len(frames) < 2 {
		t.Errorf("the preview shows %d letters", len(frames))
	}
	// The pages may not fetch (the policy has no connect-src): fetch each preview with the
	// browser's own cookie instead.
	for _, src := range frames {
		status, ct, body := b.fetchWithCookie(src)
		if status != 200 || ct != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF-")) {
			t.Errorf("preview %s: %d %q", src, status, ct)
		}
	}
	if c.screenshots {
		time.Sleep(2 * time.Second) // let the PDF viewers draw
	}
	shot("preview")
	b.do("to make", chromedp.Navigate(srv.base+eval[string](b, `document.querySelector("a.nhsuk-button").getAttribute("href")`)))
	b.wantHeading("Make the pack")
	var packDir string
	if c.folder {
		packDir = filepath.Join(work, "web-pack")
		b.do("write to a folder", b.click("#dest-folder"), chromedp.SetValue(chromedp.CSS("#folder"), packDir))
	}
	if c.duplex {
		b.do("duplex", b.click("#duplex"))
	}
	shot("make")
	b.submit("make the pack", "#make")
	deadline := time.Now().Add(2 * time.Minute)
	for b.heading() == "Making the pack" && time.Now().Before(deadline) {
		shot("making")
		time.Sleep(700 * time.Millisecond)
	}
	b.wantHeading("Your pack is ready")
	shot("ready")

	if !c.folder {
		packDir = filepath.Join(work, "web-pack")
		zipPath := downloadPack(t, b, downloads)
		unzip(t, zipPath, packDir)
	} else if got := eval[string](b, `document.querySelector("#folder-written").innerText`); got != packDir {
		t.Errorf("the page says the pack went to %q, want %q", got, packDir)
	}

	genDir := filepath.Join(work, "generated")
	gargs := append([]string{"generate", "--out", genDir, "--quiet"}, args...)
	if c.duplex {
		gargs = append(gargs, "--duplex")
	}
	if out, err := exec.Command(program(t), gargs...).CombinedOutput(); err != nil {
		t.Fatalf("accesspack generate: %v\n%s", err, out)
	}
	compareDirs(t, genDir, packDir)
}

// fillPracticeForm types the sample practice's details into the form, field by field
// from the practice field table, as a practice manager would.
func fillPracticeForm(b *tab) {
	b.t.Helper()
	p, err := practice.Parse(practice.SampleTOML(), "sample.toml")
	if err != nil {
		b.t.Fatal(err)
	}
	n := 0
	for _, f := range practice.Fields() {
		id := "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(f.Key)
		if !eval[bool](b, `!!document.getElementById(`+strconv.Quote(id)+`)`) {
			continue
		}
		n++
		sel := chromedp.CSS("#" + id)
		var step chromedp.Action[chromedp.Void]
		text := ""
		switch v := f.Get(p).(type) {
		case string:
			text = v
		case []string:
			text = strings.Join(v, "\n")
		case float64:
			if v != 0 || f.Kind == practice.Millimetres {
				text = strconv.FormatFloat(v, 'f', -1, 64)
			}
		case civil.Date:
			if v.IsZero() {
				continue
			}
			step = b.setDate(id, v.Year, int(v.Month), v.Day)
		default:
			b.t.Fatalf("%s: a form value of %T", f.Key, v)
		}
		if step == nil {
			if text == "" {
				continue // a new form's box is empty already
			}
			step = chromedp.SetValue(sel, text)
		}
		b.do("fill in "+f.Label, step)
	}
	if n < 20 {
		b.t.Fatalf("only %d practice fields on the form", n)
	}
}

func isoDate(d [3]int) string { return fmt.Sprintf("%04d-%02d-%02d", d[0], d[1], d[2]) }

// parseCheck reads check's sections into "section: label = n" lines.
func parseCheck(t *testing.T, out string) []string {
	t.Helper()
	sections := map[string]string{
		"Letters to patients": "letters", "EMIS actions": "actions", "Not sent": "not-sent",
		"Warnings (rows to check by hand)": "warnings", "Code states": "states",
	}
	line := regexp.MustCompile(`^  (\S.*\S)\s+(\d+)(?:\s+\(.*\))?$`)
	var got []string
	sec := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Not sent") {
			l = "Not sent"
		}
		if s, ok := sections[l]; ok {
			sec = s
			continue
		}
		if l == "" || !strings.HasPrefix(l, "  ") {
			if !strings.HasPrefix(l, "  ") {
				sec = ""
			}
			continue
		}
		m := line.FindStringSubmatch(l)
		if sec == "" || m == nil {
			continue
		}
		label := m[1]
		if sec == "letters" && strings.HasSuffix(label, "forms enclosed") {
			sec = "enclosures"
		}
		got = append(got, sec+": "+label+" = "+m[2])
	}
	sort.Strings(got)
	if len(got) < 10 {
		t.Fatalf("check's output was not understood:\n%s", out)
	}
	return got
}

// pageCounts reads the What will be sent tables the same way.
func pageCounts(b *tab) []string {
	got := eval[[]string](b, `[...document.querySelectorAll("table.ap-counts")].flatMap(t =>
		[...t.querySelectorAll("tbody tr")].filter(r => r.querySelector("[data-count]")).map(r =>
			t.id + ": " + r.querySelector("th").innerText.trim() + " = " + r.querySelector("[data-count]").dataset.count))`)
	sort.Strings(got)
	return got
}

// downloadPack clicks the download button and waits for the file.
func downloadPack(t *testing.T, b *tab, dir string) string {
	t.Helper()
	return downloadFile(t, b, "#download", dir)
}

// downloadFile clicks the link sel and waits for the file it downloads into dir.
func downloadFile(t *testing.T, b *tab, sel, dir string) string {
	t.Helper()
	before, _ := os.ReadDir(dir)
	progress := chromedp.BrowserEvents(b.ctx, browser.DownloadProgress)
	b.do("download", b.click(sel))
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			p := filepath.Join(dir, ev.GUID)
			if after, _ := os.ReadDir(dir); len(after) != len(before)+1 {
				t.Errorf("%d files downloaded, want 1", len(after)-len(before))
			}
			return p
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the download was cancelled")
		}
	}
	t.Fatal("the download did not finish")
	return ""
}

func unzip(t *testing.T, zipPath, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatalf("the download is not a zip: %v", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			t.Fatalf("zip entry %q", f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// compareDirs checks two packs hold the same files, byte for byte.
func compareDirs(t *testing.T, want, got string) {
	t.Helper()
	list := func(dir string) map[string][]byte {
		m := map[string][]byte{}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			if d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(dir, p)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			m[filepath.ToSlash(rel)] = b
			return nil
		})
		return m
	}
	w, g := list(want), list(got)
	if len(w) < 4 {
		t.Fatalf("generate wrote only %d files", len(w))
	}
	for name, wb := range w {
		gb, ok := g[name]
		switch {
		case !ok:
			t.Errorf("%s: in generate's pack, not in the web app's", name)
		case !bytes.Equal(wb, gb):
			t.Errorf("%s: differs (%d bytes from generate, %d from the web app)", name, len(wb), len(gb))
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			t.Errorf("%s: in the web app's pack, not in generate's", name)
		}
	}
}

// writeXLSX saves a CSV's cells as a workbook of text cells, as Excel would after
// opening the CSV.
func writeXLSX(t *testing.T, data []byte, path string) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, rec := range recs {
		row := make([]any, len(rec))
		for j, v := range rec {
			row[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}
