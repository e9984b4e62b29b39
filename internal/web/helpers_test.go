package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log the server writes to from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testServer is a running server on a free loopback port.
type testServer struct {
	*Server
	log  *syncBuffer
	base string // http://127.0.0.1:PORT
	done chan error
	stop context.CancelFunc
}

func startServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	ln, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	logb := &syncBuffer{}
	if cfg.Log == nil {
		cfg.Log = logb
	}
	if cfg.Version == "" {
		cfg.Version = "test"
	}
	if cfg.TempDir == "" {
		cfg.TempDir = t.TempDir()
	}
	s, err := New(cfg, ln)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{Server: s, log: logb, base: strings.TrimSuffix(s.Addr(), "/"), done: make(chan error, 1), stop: cancel}
	go func() { ts.done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() { ts.shutdown(t) })
	return ts
}

// shutdown stops the server (once) and checks its private folder is gone.
func (ts *testServer) shutdown(t *testing.T) {
	t.Helper()
	ts.stop()
	select {
	case err, ok := <-ts.done:
		if ok && err != nil {
			t.Errorf("Serve: %v", err)
		}
		if ok {
			close(ts.done)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not stop")
	}
	if _, err := os.Stat(ts.TempDir()); !os.IsNotExist(err) {
		t.Errorf("the private folder %s is still there after the server stopped", ts.TempDir())
	}
}

// client is a browser-like HTTP client: cookies, no redirects followed unless asked.
type client struct {
	t      *testing.T
	ts     *testServer
	http   *http.Client
	follow *http.Client
}

func newClient(t *testing.T, ts *testServer) *client {
	jar, _ := cookiejar.New(nil)
	noFollow := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout: 60 * time.Second}
	return &client{t: t, ts: ts, http: noFollow, follow: &http.Client{Jar: jar, Timeout: 60 * time.Second}}
}

// journeyAt is the journey whose path ("/j/ID") c.start returned.
func (ts *testServer) journeyAt(path string) *journey {
	return ts.journey(strings.TrimPrefix(path, "/j/"))
}

// packs counts the packs made or being made in the journey at path.
func (ts *testServer) packs(path string) int {
	jr := ts.journeyAt(path)
	jr.mu.Lock()
	defer jr.mu.Unlock()
	return len(jr.jobs)
}

// loggedIn starts a server with cfg and a client logged in to it.
func loggedIn(t *testing.T, cfg Config) (*testServer, *client) {
	t.Helper()
	ts := startServer(t, cfg)
	c := newClient(t, ts)
	c.login()
	return ts, c
}

// login opens the address with the token, as the browser does, and checks the cookie
// it sets works.
func (c *client) login() {
	c.t.Helper()
	resp, err := c.http.Get(c.ts.URL())
	if err != nil {
		c.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		c.t.Fatalf("opening the tokened address: %d to %q, want 303 to /", resp.StatusCode, resp.Header.Get("Location"))
	}
}

type response struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (c *client) do(req *http.Request, follow bool) response {
	c.t.Helper()
	hc := c.http
	if follow {
		hc = c.follow
	}
	resp, err := hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return response{status: resp.StatusCode, body: string(b), location: resp.Header.Get("Location"), header: resp.Header}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.ts.base+path, nil)
	return c.do(req, true)
}

// sameOrigin marks a request as a browser marks a form post from the app's own page.
func (c *client) sameOrigin(req *http.Request) {
	req.Header.Set("Origin", c.ts.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
}

// post sends a form from the app's page and follows the redirect.
func (c *client) post(path string, v url.Values) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.ts.base+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c.sameOrigin(req)
	return c.do(req, true)
}

// upload posts a multipart form with one file.
func (c *client) upload(path string, v url.Values, field, name string, data []byte) response {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range v {
		for _, x := range vs {
			mw.WriteField(k, x)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.ts.base+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	c.sameOrigin(req)
	return c.do(req, true)
}

var revField = regexp.MustCompile(`name="rev" value="(\d+)"`)

// rev is the form revision a page was drawn with.
func rev(t *testing.T, page string) string {
	t.Helper()
	m := revField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no rev field on the page:\n%s", page)
	}
	return m[1]
}

// journeyPath starts a journey and returns its base path, /j/ID.
func (c *client) start() string {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.ts.base+"/start", nil)
	c.sameOrigin(req)
	r := c.do(req, false)
	if r.status != http.StatusSeeOther || !strings.HasSuffix(r.location, "/practice") {
		c.t.Fatalf("start: %d %q", r.status, r.location)
	}
	return strings.TrimSuffix(r.location, "/practice")
}

func wantStatus(t *testing.T, what string, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d; page:\n%s", what, r.status, status, excerpt(r.body))
	}
}

// excerpt is a page's main text, for failure messages.
func excerpt(page string) string {
	if i := strings.Index(page, `<main`); i >= 0 {
		page = page[i:]
	}
	if len(page) > 3000 {
		page = page[:3000]
	}
	return page
}

func values(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func dateValues(v url.Values, id string, y, m, d int) {
	v.Set(id+"-day", fmt.Sprint(d))
	v.Set(id+"-month", fmt.Sprint(m))
	v.Set(id+"-year", fmt.Sprint(y))
}
