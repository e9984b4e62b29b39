package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.start)
	mux.HandleFunc("POST /start", s.startJourney)
	mux.HandleFunc("POST /quit", s.quitPage)
	mux.Handle("GET /assets/", http.FileServerFS(assetFS))
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})

	j := func(pattern string, h func(w http.ResponseWriter, r *http.Request, j *journey)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			jr := s.journey(r.PathValue("id"))
			if jr == nil {
				s.pages.render(w, http.StatusNotFound, "ended", &view{Title: "This page has expired"})
				return
			}
			h(w, r, jr)
		})
	}
	j("GET /j/{id}/{$}", s.overview)
	j("GET /j/{id}/practice", s.practicePage)
	j("POST /j/{id}/practice", s.practicePost)
	j("GET /j/{id}/practice.toml", s.practiceDownload)
	j("GET /j/{id}/practice/form", s.practiceFormPage)
	j("POST /j/{id}/practice/form", s.practiceFormPost)
	j("GET /j/{id}/situation", s.situationPage)
	j("POST /j/{id}/situation", s.situationPost)
	j("GET /j/{id}/list", s.listPage)
	j("POST /j/{id}/list", s.listPost)
	j("GET /j/{id}/sent", s.sentPage)
	j("POST /j/{id}/sent", s.sentPost)
	j("GET /j/{id}/preview", s.previewPage)
	j("GET /j/{id}/preview/calibration.pdf", s.calibrationFile)
	j("GET /j/{id}/preview/{n}/{file}", s.previewFile)
	j("GET /j/{id}/make", s.makePage)
	j("POST /j/{id}/make", s.makePost)
	j("GET /j/{id}/pack/{job}", s.jobPage)
	j("GET /j/{id}/pack/{job}/{name}", s.jobDownload)
	return mux
}

// The journey's pages, in order.
var stepNames = []struct{ name, title string }{
	{"practice", "Your practice"},
	{"situation", "Your situation"},
	{"list", "Your patient list"},
	{"sent", "What will be sent"},
	{"preview", "Preview"},
	{"make", "Make the pack"},
}

// newView starts a page's view inside journey j (with j.mu held).
func (s *Server) newView(j *journey, current, title string) *view {
	v := &view{Title: title, Journey: j.id, Rev: j.rev}
	st := j.state()
	done := map[string]bool{"practice": st.Practice, "situation": st.Situation, "list": st.List}
	reachable := true
	for i, sn := range stepNames {
		v.Steps = append(v.Steps, step{Name: sn.name, Title: sn.title, Href: "/j/" + j.id + "/" + sn.name,
			Current: sn.name == current, Done: done[sn.name], Reachable: reachable})
		if sn.name == current && i > 0 {
			v.Back = v.Steps[i-1].Href
		}
		if d, gate := done[sn.name]; gate && !d {
			reachable = false // the pages after a step still to do
		}
	}
	return v
}

// resume is the page to go back to: the first that still needs doing, else What will be
// sent. Call with j.mu held.
func resume(j *journey) string {
	if page := firstMissing(j); page != "" {
		return page
	}
	return "sent"
}

// firstMissing is the first page of the journey that still needs doing, or "".
func firstMissing(j *journey) string {
	st := j.state()
	switch {
	case !st.Practice:
		return "practice"
	case !st.Situation:
		return "situation"
	case !st.List:
		return "list"
	}
	return ""
}

func (s *Server) redirect(w http.ResponseWriter, r *http.Request, j *journey, page string) {
	http.Redirect(w, r, "/j/"+j.id+"/"+page, http.StatusSeeOther)
}

func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	s.pages.render(w, http.StatusOK, "start", &view{Title: "Make your online access letters pack"})
}

func (s *Server) startJourney(w http.ResponseWriter, r *http.Request) {
	j, err := s.newJourney()
	if err != nil {
		s.refuse(w, r, http.StatusInternalServerError, "accesspack could not start", "Please try again.")
		return
	}
	s.logger.Printf("a new journey started")
	s.redirect(w, r, j, "practice")
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request, j *journey) {
	j.mu.Lock()
	page := resume(j)
	j.mu.Unlock()
	s.redirect(w, r, j, page)
}

func (s *Server) quitPage(w http.ResponseWriter, r *http.Request) {
	s.logger.Printf("Quit pressed")
	s.pages.render(w, http.StatusOK, "quit", &view{Title: "accesspack has stopped"})
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	go s.stop()
}

// A form as posted: its text fields, and at most one file.
type form struct {
	values   url.Values
	fileName string
	file     []byte
	hasFile  bool
}

func (f *form) get(name string) string { return strings.TrimSpace(f.values.Get(name)) }

// errTooBig is an upload over the cap.
var errTooBig = errors.New("upload too big")

// readForm reads a posted form: an ordinary one, or a multipart one with the file in
// fileField. Files are held in memory, never in a temporary file, and capped at
// MaxUpload. After a refusal for size the rest of the body is read and dropped (up to a
// limit), so that the browser shows the page that explains it.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request, fileField string) (*form, error) {
	f := &form{values: url.Values{}}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		f.values = r.PostForm
		return f, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	max := s.cfg.MaxUpload
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		name := part.FormName()
		if name == fileField && part.FileName() != "" {
			data, err := io.ReadAll(io.LimitReader(part, max+1))
			if err != nil {
				return nil, err
			}
			if int64(len(data)) > max {
				io.Copy(io.Discard, io.LimitReader(r.Body, 4<<30))
				return nil, errTooBig
			}
			if f.hasFile {
				return nil, errors.New("more than one file")
			}
			f.fileName, f.file, f.hasFile = uploadName(part.FileName()), data, true
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, 64<<10))
		if err != nil {
			return nil, err
		}
		f.values.Add(name, string(v))
	}
	return f, nil
}

// posted reads a form and checks it was drawn from the journey as it is now. It answers
// the request itself and returns nil when the form cannot be used. Call without j.mu;
// on success j.mu is held and the caller must unlock it.
func (s *Server) posted(w http.ResponseWriter, r *http.Request, j *journey, fileField string) *form {
	f, err := s.readForm(w, r, fileField)
	if errors.Is(err, errTooBig) {
		s.refuse(w, r, http.StatusRequestEntityTooLarge, "The file is too big",
			fmt.Sprintf("accesspack takes files up to %s MB. Check it is the patient list exported from EMIS "+
				"(a list of 100,000 patients is about 30 MB as CSV). If it is, save it as CSV, which is smaller than XLSX, and try again.",
				groupThousands(int(s.cfg.MaxUpload>>20))))
		return nil
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.refuse(w, r, http.StatusRequestEntityTooLarge, "The form is too big", "Go back and try again.")
		return nil
	}
	if err != nil {
		s.refuse(w, r, http.StatusBadRequest, "The form could not be read", "Go back and try again.")
		return nil
	}
	j.mu.Lock()
	rev, err := strconv.ParseUint(f.get("rev"), 10, 64)
	if err != nil || rev != j.rev {
		cur := resume(j)
		j.mu.Unlock()
		s.logger.Printf("refused %s %s: %d out-of-date form", r.Method, pathOnly(r), http.StatusConflict)
		s.pages.render(w, http.StatusConflict, "stale", &view{Title: "This page was out of date", Journey: j.id,
			P: "/j/" + j.id + "/" + cur})
		return nil
	}
	return f
}

// A gate says which page a journey must go back to before it can be on a page, or "".
// Call with j.mu held.
type gate func(j *journey) string

func needsPractice(j *journey) string {
	if j.practice == nil {
		return "practice"
	}
	return ""
}

func needsSituation(j *journey) string {
	if page := firstMissing(j); page != "list" {
		return page
	}
	return ""
}

// enter locks the journey for a page behind g. When the journey is not ready it
// redirects, unlocks and returns false; otherwise j.mu is held.
func (s *Server) enter(w http.ResponseWriter, r *http.Request, j *journey, g gate) bool {
	j.mu.Lock()
	if page := g(j); page != "" {
		j.mu.Unlock()
		s.redirect(w, r, j, page)
		return false
	}
	return true
}

// postedTo is posted for a page behind g.
func (s *Server) postedTo(w http.ResponseWriter, r *http.Request, j *journey, fileField string, g gate) *form {
	f := s.posted(w, r, j, fileField)
	if f == nil {
		return nil
	}
	if page := g(j); page != "" {
		j.mu.Unlock()
		s.redirect(w, r, j, page)
		return nil
	}
	return f
}
