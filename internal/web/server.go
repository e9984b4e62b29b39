// Package web is accesspack's local web app (`accesspack serve`): the same journey as the
// command line — the practice, its situation, the patient list, the dry run, a preview and
// the pack — in server-rendered pages a practice manager can follow without a terminal.
//
// It decides nothing itself: reading lists is internal/roster's, the rules are
// internal/rules', the pack is internal/pack's. This package owns the pages, the journey's
// state between them, and the guards that keep patient data on the PC: it listens on
// loopback only, every request carries a random token, foreign Host headers (DNS
// rebinding) and cross-origin posts (CSRF) are refused, pages carry a strict
// Content-Security-Policy, uploads are capped and kept in memory, and the log holds no
// patient data.
package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/accesspack/accesspack/internal/scratch"
)

// DefaultMaxUpload caps an uploaded patient list or practice file: a 100,000-patient EMIS
// export is about 30 MB as CSV.
const DefaultMaxUpload = 64 << 20

// Config is what the server needs from the command.
type Config struct {
	// Version is stamped into the pack's manifest, as `generate` does.
	Version string
	// Log receives one line per event (start, pages posted, packs made, errors). It never
	// holds a patient's details or the token. Nil discards.
	Log io.Writer
	// MaxUpload caps the size of one upload in bytes; 0 means DefaultMaxUpload.
	MaxUpload int64
	// TempDir is where the server makes its private folder for packs being made (removed
	// when the server stops); "" means os.TempDir().
	TempDir string
}

// ErrNotLoopback is returned by Listen for an address that other computers could reach.
var ErrNotLoopback = errors.New("accesspack serve listens only on this computer (127.0.0.1 or ::1)")

// Listen opens a TCP listener on a loopback address: host is "", "127.0.0.1", "::1" or
// "localhost" ("" means 127.0.0.1), port 0 picks a free port. Any other host, or a name
// that resolves to anything but loopback, is refused with ErrNotLoopback.
func Listen(host string, port int) (net.Listener, error) {
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("port %d is not between 0 and 65535", port)
	}
	switch strings.ToLower(host) {
	case "", "localhost":
		host = "127.0.0.1"
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("%q: %w", host, ErrNotLoopback)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	if a, ok := ln.Addr().(*net.TCPAddr); !ok || !a.IP.IsLoopback() {
		ln.Close()
		return nil, ErrNotLoopback
	}
	return ln, nil
}

// Server is one run of the web app. Make it with New, then Serve.
type Server struct {
	cfg     Config
	logger  *log.Logger
	token   string
	port    int
	folder  *scratch.Folder // packs being made for download; removed by Serve on return
	handler http.Handler
	pages   *pages

	mu       sync.Mutex
	journeys map[string]*journey
	order    []string // journey ids, oldest first, for eviction
	quit     chan struct{}
	quitOnce sync.Once
	jobs     sync.WaitGroup // packs being made
	ctx      context.Context
	cancel   context.CancelFunc
}

// maxJourneys bounds the journeys kept in memory; the oldest is dropped first.
const maxJourneys = 20

// New prepares a server for the listener ln (from Listen): a fresh random token, the
// private temporary folder, the pages.
func New(cfg Config, ln net.Listener) (*Server, error) {
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	a, ok := ln.Addr().(*net.TCPAddr)
	if !ok || !a.IP.IsLoopback() {
		return nil, ErrNotLoopback
	}
	tok, err := randomID(32)
	if err != nil {
		return nil, err
	}
	pg, err := loadPages()
	if err != nil {
		return nil, err
	}
	pg.version = cfg.Version
	// The private folder is recorded like every run's: if this process is killed, the
	// next run of accesspack removes it.
	folder, err := scratch.New(cfg.TempDir, scratch.Prefix+"serve-")
	if err != nil {
		return nil, fmt.Errorf("cannot make a private temporary folder: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg: cfg, logger: log.New(cfg.Log, "accesspack: ", 0),
		token: tok, port: a.Port, folder: folder, pages: pg,
		journeys: map[string]*journey{}, quit: make(chan struct{}),
		ctx: ctx, cancel: cancel,
	}
	s.handler = s.guard(s.routes())
	return s, nil
}

// URL is the address to open: it carries the token, which the first page moves into a
// cookie.
func (s *Server) URL() string {
	return fmt.Sprintf("http://127.0.0.1:%d/?token=%s", s.port, s.token)
}

// Addr is the address without the token, for messages.
func (s *Server) Addr() string { return fmt.Sprintf("http://127.0.0.1:%d/", s.port) }

// TempDir is the server's private folder (for tests: it must be gone after Serve).
func (s *Server) TempDir() string { return s.folder.Path }

// Serve answers requests on ln until ctx is cancelled or the Quit button is pressed, then
// stops packs being made, waits for them to clean up, and removes the private folder. It
// returns nil after a quit or a cancelled ctx.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	defer s.folder.Remove()
	defer s.cancel()
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		// net/http logs handler panics with their value; recoverPanics stops them first,
		// and whatever else it logs goes through the same patient-free logger.
		ErrorLog: log.New(&httpErrorLog{s.logger}, "", 0),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.logger.Printf("started at %s", s.Addr())
	var err error
	select {
	case <-ctx.Done():
	case <-s.quit:
	case err = <-errc:
	}
	s.cancel() // packs being made stop and remove what they wrote
	// The command line gives a stopped run a few seconds before it removes what the run
	// wrote and ends it: be done well within them.
	shut, done := context.WithTimeout(context.Background(), time.Second)
	defer done()
	hs.Shutdown(shut)
	s.jobs.Wait()
	s.logger.Printf("stopped")
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// httpErrorLog passes net/http's own messages on with a fixed text: they can quote
// request lines, which hold the token.
type httpErrorLog struct{ l *log.Logger }

func (h *httpErrorLog) Write(p []byte) (int, error) {
	h.l.Printf("the web server reported a connection problem")
	return len(p), nil
}

// stop ends Serve (the Quit button).
func (s *Server) stop() { s.quitOnce.Do(func() { close(s.quit) }) }

func randomID(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// cookieName is per port: browsers share cookies between ports of one host, and two
// servers must not log each other out.
func (s *Server) cookieName() string { return "accesspack-" + strconv.Itoa(s.port) }

// contentSecurityPolicy allows only the server's own stylesheets, images and frames (the
// PDF previews), no scripts, and forms that post back to the server.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; " +
	"frame-src 'self'; object-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'"

// guard wraps every request: the Host header, the token, cross-origin posts, the headers
// every response carries, and panics.
func (s *Server) guard(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.refuse(w, r, http.StatusForbidden, "This form was sent from another website",
			"accesspack only accepts forms from its own pages. Go back to accesspack's page and try again.")
	}))
	allowedHosts := map[string]bool{}
	for _, h := range []string{"127.0.0.1", "localhost", "[::1]"} {
		allowedHosts[h+":"+strconv.Itoa(s.port)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer s.recoverPanics(w, r)
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")

		// A page from another site that points a name it controls at 127.0.0.1 (DNS
		// rebinding) reaches us with its own name in Host.
		if !allowedHosts[strings.ToLower(r.Host)] {
			s.refuse(w, r, http.StatusMisdirectedRequest, "This address is not accesspack's",
				"Open accesspack from the address it printed when it started, beginning http://127.0.0.1.")
			return
		}
		if !s.authorised(w, r) {
			return
		}
		cop.Handler(next).ServeHTTP(w, r)
	})
}

// authorised checks the token, from the cookie or the address. A token in the address
// sets the cookie and is taken out of the address, so it does not stay in view.
func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	if c, err := r.Cookie(s.cookieName()); err == nil && s.tokenOK(c.Value) {
		if r.URL.Query().Has("token") && r.Method == http.MethodGet {
			s.dropToken(w, r)
			return false
		}
		return true
	}
	q := r.URL.Query()
	if !q.Has("token") {
		s.refuse(w, r, http.StatusForbidden, "Open accesspack from the address it printed",
			"For your patients' privacy, accesspack answers only the browser window it opened. "+
				"Close this tab and open the address accesspack printed when it started (it ends with ?token=…), "+
				"or start accesspack again.")
		return false
	}
	if !s.tokenOK(q.Get("token")) {
		s.refuse(w, r, http.StatusForbidden, "This address is out of date",
			"The address does not match this run of accesspack: it may be from an earlier run. "+
				"Open the address accesspack printed when it started this time.")
		return false
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: s.token, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode})
	if r.Method != http.MethodGet {
		return true
	}
	s.dropToken(w, r)
	return false
}

// dropToken redirects to the same address without the token.
func (s *Server) dropToken(w http.ResponseWriter, r *http.Request) {
	u := *r.URL
	q := u.Query()
	q.Del("token")
	u.RawQuery = q.Encode()
	u.Scheme, u.Host = "", ""
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

func (s *Server) tokenOK(t string) bool {
	return subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1
}

// recoverPanics turns a panic into a plain error page. The panic value is never logged
// or shown: it may hold patient data.
func (s *Server) recoverPanics(w http.ResponseWriter, r *http.Request) {
	if v := recover(); v != nil {
		if v == http.ErrAbortHandler {
			panic(v)
		}
		s.logger.Printf("internal failure on %s %s (this is a bug)", r.Method, pathOnly(r))
		s.refuse(w, r, http.StatusInternalServerError, "Something went wrong in accesspack",
			"This is a bug. Nothing was written. Please start again from the first page, and report it.")
	}
}

// pathOnly is the request's path without the query (which may hold the token).
func pathOnly(r *http.Request) string { return r.URL.Path }

// refuse answers with an error page and logs the refusal (path and status only).
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, title, body string) {
	s.logger.Printf("refused %s %s: %d %s", r.Method, pathOnly(r), status, http.StatusText(status))
	s.pages.renderError(w, status, title, body)
}
