package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/civil"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// pages holds the parsed page templates, one per page, each with the layout.
type pages struct {
	byName  map[string]*template.Template
	version string // shown in every page's footer
}

var funcs = template.FuncMap{
	"long": func(d civil.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.Long()
	},
	"plural": plural,
	"num":    groupThousands,
	"add":    func(a, b int) int { return a + b },
	"upper":  strings.ToUpper,
	// perLine reports whether a help text already says to write one item per line.
	"perLine": func(help string) bool {
		return strings.Contains(help, "per line") || strings.Contains(help, "per item")
	},
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs pairs")
		}
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict keys are strings")
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

func loadPages() (*pages, error) {
	layout, err := fs.ReadFile(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		src, err := fs.ReadFile(templateFS, n)
		if err != nil {
			return nil, err
		}
		t, err := template.New("layout").Funcs(funcs).Parse(string(layout))
		if err != nil {
			return nil, fmt.Errorf("layout: %w", err)
		}
		if _, err := t.Parse(string(src)); err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		p.byName[base] = t
	}
	return p, nil
}

// step is one entry of the journey's list of pages.
type step struct {
	Name, Title, Href string
	Current, Done     bool
	Reachable         bool
}

// view is what every page template receives.
type view struct {
	Title   string
	Journey string // id, "" outside a journey
	Rev     uint64
	Steps   []step
	Back    string
	Errors  []fieldError
	Refresh bool   // reload every second (the progress page)
	Version string // accesspack's, for the footer: render sets it
	P       any    // the page's own data
}

// fieldError is one entry of a page's error summary: the message, and the id of the
// field it is about (for the link), if any.
type fieldError struct {
	Field string
	Text  string
	Hint  string
}

func (p *pages) render(w http.ResponseWriter, status int, name string, v *view) {
	v.Version = p.version
	t := p.byName[name]
	if t == nil {
		http.Error(w, "no such page", http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		// A template bug: say so without the data (which may hold a patient's details).
		http.Error(w, "accesspack could not draw this page (this is a bug)", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// renderError draws the error page: used for refusals, where there is no journey.
func (p *pages) renderError(w http.ResponseWriter, status int, title, body string) {
	p.render(w, status, "error", &view{Title: title, P: body})
}

// groupThousands writes n as 12,345.
var groupThousands = channel.Thousands
