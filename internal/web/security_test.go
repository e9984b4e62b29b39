package web

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestListenRefusesAddressesOtherComputersCouldReach(t *testing.T) {
	for _, host := range []string{"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", "[::]"} {
		ln, err := Listen(host, 0)
		if err == nil {
			ln.Close()
			t.Errorf("Listen(%q) was allowed", host)
			continue
		}
		if !errors.Is(err, ErrNotLoopback) {
			t.Errorf("Listen(%q): %v, want ErrNotLoopback", host, err)
		}
	}
	for _, host := range []string{"", "127.0.0.1", "localhost"} {
		ln, err := Listen(host, 0)
		if err != nil {
			t.Errorf("Listen(%q): %v", host, err)
			continue
		}
		ln.Close()
	}
}

func TestRequestsWithoutTheTokenAreRefused(t *testing.T) {
	ts := startServer(t, Config{})
	c := newClient(t, ts)

	for _, path := range []string{"/", "/assets/accesspack.css", "/j/x/practice"} {
		r := c.get(path)
		wantStatus(t, "no token: GET "+path, r, http.StatusForbidden)
		if !strings.Contains(r.body, "Open accesspack from the address it printed") {
			t.Errorf("no token: the page does not say what to do:\n%s", excerpt(r.body))
		}
	}
	req, _ := http.NewRequest(http.MethodPost, ts.base+"/start", nil)
	c.sameOrigin(req)
	wantStatus(t, "no token: POST /start", c.do(req, false), http.StatusForbidden)

	// A wrong token, in the address or in the cookie.
	wrong := strings.Replace(ts.URL(), "token=", "token=x", 1)
	req, _ = http.NewRequest(http.MethodGet, wrong, nil)
	wantStatus(t, "wrong token in the address", c.do(req, false), http.StatusForbidden)
	req, _ = http.NewRequest(http.MethodGet, ts.base+"/", nil)
	req.AddCookie(&http.Cookie{Name: ts.cookieName(), Value: ts.token + "x"})
	wantStatus(t, "wrong token in the cookie", c.do(req, false), http.StatusForbidden)

	// The right token sets the cookie and takes the token out of the address.
	c.login()
	r := c.get("/")
	wantStatus(t, "with the cookie", r, http.StatusOK)
	if strings.Contains(r.body, ts.token) {
		t.Error("the page shows the token")
	}
	if strings.Contains(ts.log.String(), ts.token) {
		t.Error("the log holds the token")
	}
}

func TestForeignHostIsRefused(t *testing.T) {
	ts, c := loggedIn(t, Config{})
	port := strings.TrimPrefix(ts.base, "http://127.0.0.1")
	for _, host := range []string{"evil.example" + port, "evil.example", "127.0.0.1:1", "attacker.127.0.0.1.nip.io" + port} {
		req, _ := http.NewRequest(http.MethodGet, ts.base+"/", nil)
		req.Host = host
		req.AddCookie(&http.Cookie{Name: ts.cookieName(), Value: ts.token})
		wantStatus(t, "Host "+host, c.do(req, false), http.StatusMisdirectedRequest)
	}
	for _, host := range []string{"127.0.0.1" + port, "localhost" + port, "LOCALHOST" + port} {
		req, _ := http.NewRequest(http.MethodGet, ts.base+"/", nil)
		req.Host = host
		req.AddCookie(&http.Cookie{Name: ts.cookieName(), Value: ts.token}) // a browser keeps cookies per host name
		wantStatus(t, "Host "+host, c.do(req, false), http.StatusOK)
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	ts, c := loggedIn(t, Config{})
	before := len(ts.journeys)
	for name, set := range map[string]func(*http.Request){
		"Sec-Fetch-Site cross-site": func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") },
		"Sec-Fetch-Site same-site":  func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "same-site") },
		"Origin of another site":    func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") },
		"Origin of another port":    func(r *http.Request) { r.Header.Set("Origin", "http://127.0.0.1:1") },
	} {
		req, _ := http.NewRequest(http.MethodPost, ts.base+"/start", nil)
		set(req)
		r := c.do(req, false)
		wantStatus(t, name, r, http.StatusForbidden)
		if !strings.Contains(r.body, "another website") {
			t.Errorf("%s: the page does not say why:\n%s", name, excerpt(r.body))
		}
	}
	// Quit too: a page elsewhere must not stop accesspack.
	req, _ := http.NewRequest(http.MethodPost, ts.base+"/quit", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	wantStatus(t, "cross-site quit", c.do(req, false), http.StatusForbidden)
	if len(ts.journeys) != before {
		t.Errorf("a refused post started a journey")
	}
	select {
	case <-ts.quit:
		t.Fatal("a cross-site post stopped the server")
	default:
	}
	// The app's own form is accepted.
	c.start()
}

func TestEveryResponseHasTheSecurityHeaders(t *testing.T) {
	_, c := loggedIn(t, Config{})
	j := c.start()
	for _, path := range []string{"/", "/assets/accesspack.css", "/assets/nhsuk-frontend.min.css", j + "/practice", "/j/nope/practice", "/no-such-page"} {
		r := c.get(path)
		if got := r.header.Get("Content-Security-Policy"); got != contentSecurityPolicy {
			t.Errorf("%s: Content-Security-Policy %q", path, got)
		}
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN",
			"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
			if got := r.header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", path, h, got, want)
			}
		}
	}
	for _, bad := range []string{"script-src", "unsafe-inline", "unsafe-eval", "*"} {
		if strings.Contains(contentSecurityPolicy, bad) {
			t.Errorf("the policy allows %q", bad)
		}
	}
}

func TestOversizedUploadIsRefusedWithAClearMessage(t *testing.T) {
	ts, c := loggedIn(t, Config{MaxUpload: 1 << 20})
	j := c.start()
	page := c.post(j+"/practice", values("rev", "1", "action", "sample"))
	wantStatus(t, "sample practice", page, http.StatusOK)
	v := values("rev", rev(t, page.body), "pathway", "proceed")
	dateValues(v, "f-go-live", 2027, 1, 15)
	dateValues(v, "f-letter-date", 2026, 12, 1)
	page = c.post(j+"/situation", v)
	wantStatus(t, "situation", page, http.StatusOK)

	big := bytes.Repeat([]byte("9999939082,Smith,Margaret\n"), (2<<20)/26)
	r := c.upload(j+"/list", values("rev", rev(t, page.body), "action", "upload"), "patients", "big.csv", big)
	wantStatus(t, "a 2 MB list against a 1 MB cap", r, http.StatusRequestEntityTooLarge)
	if !strings.Contains(r.body, "The file is too big") || !strings.Contains(r.body, "up to 1 MB") {
		t.Errorf("the page does not explain the cap:\n%s", excerpt(r.body))
	}
	jr := ts.journeyAt(j)
	jr.mu.Lock()
	has := jr.listData != nil
	jr.mu.Unlock()
	if has {
		t.Error("the oversized list was kept")
	}
	if strings.Contains(ts.log.String(), "9999939082") || strings.Contains(ts.log.String(), "Smith") {
		t.Error("the log holds a value from the upload")
	}
}
