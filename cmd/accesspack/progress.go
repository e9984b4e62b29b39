package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress shows a one-line counter on stderr while letters render, only when stderr is a
// terminal and not --quiet; otherwise it stays silent (the closing summary still prints).
type progress struct {
	w     io.Writer
	on    bool
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok && !quiet {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	if !p.on || (time.Since(p.last) < 200*time.Millisecond && done != total) {
		return
	}
	p.last = time.Now()
	pct := 100
	if total > 0 {
		pct = done * 100 / total
	}
	fmt.Fprintf(p.w, "\raccesspack: rendering letters %d/%d (%d%%)", done, total, pct)
	p.shown = true
}

func (p *progress) finish() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
