// Command printbench times what a pack costs the programs that print it and show it,
// against a plain gofpdf PDF of the same letters.
//
// It makes a pack of invented patients (as `accesspack generate` does, letters in
// volumes rendered in parallel) and a plain baseline of the same letters on the same
// pages: every page drawn in full with gofpdf, nothing shared between letters
// (pdf.Options.Plain). It times making each, then runs every engine that is installed
// on the first pages of the pack's biggest letters PDF and of its plain twin, and prints
// the cost per page side by side. Engines that are not installed are named, never
// skipped silently.
//
// Usage:
//
//	go run ./cmd/printbench [--patients N] [--pages N] [--seconds S] [--runs N] [--pathway NAME] [--keep DIR] [--before BINARY]
//
// --before BINARY adds a column for a pack made by another build of accesspack (say,
// an older commit: git worktree add /tmp/old COMMIT && go build -C /tmp/old -o
// /tmp/accesspack-old ./cmd/accesspack) from the same patient list, made with its own
// generate command; its letters may be worded differently, so its page count is shown.
//
// Each engine draws the first --pages pages (100), or more, up to the whole PDF, if
// those take it less than --seconds (2) of CPU, so that the fast ones are timed over
// enough work. The defaults (1,000 patients: a 1,156-page opt-out-notice.pdf, best of 3
// runs) take a few minutes on 2 cores; --patients 10000 --pages 10000 --runs 1 times
// every page of a full 10,000-page volume (about 45 minutes). The engines: apt-get install
// poppler-utils ghostscript mupdf-tools; PDFium is built in (go-pdfium, WebAssembly).
// Times are CPU time (user + system) per page, the best of the runs, which a busy
// machine disturbs less than elapsed time.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/accesspack/accesspack/internal/pack"
	"github.com/accesspack/accesspack/internal/pdftext"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/roster"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sample"
	"github.com/accesspack/accesspack/letters"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "printbench: error:", err)
		os.Exit(1)
	}
}

type options struct {
	patients, pages, runs int
	seconds               float64
	pathway               string
	keep                  string
	before                string
}

func run(args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("printbench", flag.ContinueOnError)
	fs.IntVar(&o.patients, "patients", 1000, "invented patients in the pack (10000 gives a 10,000-page volume)")
	fs.IntVar(&o.pages, "pages", 100, "pages each engine draws at least, from the start of the biggest letters PDF")
	fs.Float64Var(&o.seconds, "seconds", 2, "more pages, up to the whole PDF, for an engine that draws --pages in less CPU time than this")
	fs.IntVar(&o.runs, "runs", 3, "runs of each measurement; the best is shown")
	fs.StringVar(&o.pathway, "pathway", string(rules.Batch104BeforeLive), "the pack's pathway")
	fs.StringVar(&o.keep, "keep", "", "keep the packs in this folder (it must not exist)")
	fs.StringVar(&o.before, "before", "", "also time a pack made by this accesspack binary from the same patients")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.patients < 1 || o.pages < 1 || o.runs < 1 {
		return errors.New("--patients, --pages and --runs must be at least 1")
	}
	dir := o.keep
	if dir == "" {
		d, err := os.MkdirTemp("", "printbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}

	cfg, csv, err := config(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "making the pack and its plain twin: %d invented patients, pathway %s, %d worker(s)\n", o.patients, o.pathway, runtime.GOMAXPROCS(0))
	subjects := []*subject{{label: "accesspack"}, {label: "plain gofpdf", plain: true}}
	if o.before != "" {
		list := filepath.Join(dir, "patients.csv")
		if err := os.WriteFile(list, csv, 0o600); err != nil {
			return err
		}
		subjects = append([]*subject{{label: "before", binary: o.before, list: list}}, subjects...)
	}
	for r := range o.runs {
		for _, sb := range subjects {
			if err := sb.make(cfg, filepath.Join(dir, fmt.Sprintf("%s-%d", strings.ReplaceAll(sb.label, " ", "-"), r+1))); err != nil {
				return fmt.Errorf("making the %s pack: %w", sb.label, err)
			}
		}
	}
	pk, pl := subjects[len(subjects)-2], subjects[len(subjects)-1]
	if pk.file != pl.file || pk.pages != pl.pages {
		return fmt.Errorf("the plain twin's biggest PDF is %s (%d pages), the pack's %s (%d pages)", pl.file, pl.pages, pk.file, pk.pages)
	}
	most := pk.pages
	for _, sb := range subjects {
		most = min(most, sb.pages)
	}
	fmt.Fprintf(out, "timing the engines on the first pages of %s (%d pages), best of %d runs\n", pk.file, pk.pages, o.runs)
	if o.before != "" {
		fmt.Fprintf(out, "before: %s, %s of its pack (%d pages)\n", o.before, subjects[0].file, subjects[0].pages)
	}
	fmt.Fprintln(out)

	head, rule := "| engine (what uses it) | pages |", "|---|---|"
	for _, sb := range subjects {
		head += " " + sb.label + " |"
		rule += "---|"
	}
	head += " ratio |"
	rule += "---|"
	if o.before != "" {
		head += " ratio before |"
		rule += "---|"
	}
	var rows []string
	var missing []string
	for _, e := range engines {
		if e.cmd != nil {
			if _, err := exec.LookPath(e.cmd("x.pdf", 1, dir)[0]); err != nil {
				missing = append(missing, e.name+" ("+e.install+")")
				continue
			}
		}
		// as many pages as take about o.seconds on the plain PDF, at least o.pages
		n := min(o.pages, most)
		t, err := e.time(pl.pdf, n, dir)
		if err != nil {
			return fmt.Errorf("%s on %s: %w", e.name, pl.pdf, err)
		}
		if t.Seconds() < o.seconds {
			n = min(most, max(n, int(o.seconds/t.Seconds()*float64(n))))
		}
		best := make([]time.Duration, len(subjects))
		for range o.runs {
			for i, sb := range subjects {
				t, err := e.time(sb.pdf, n, dir)
				if err != nil {
					return fmt.Errorf("%s on %s: %w", e.name, sb.pdf, err)
				}
				if best[i] == 0 || t < best[i] {
					best[i] = t
				}
			}
		}
		row := "| " + e.name + " (" + e.uses + ") | " + strconv.Itoa(n) + " |"
		for i := range subjects {
			row += " " + perPage(best[i], n) + " |"
		}
		rows = append(rows, row+ratios(best, func(d time.Duration) float64 { return d.Seconds() }))
	}
	fmt.Fprintln(out, head)
	fmt.Fprintln(out, rule)
	for _, r := range rows {
		fmt.Fprintln(out, r)
	}
	cpus := make([]time.Duration, len(subjects))
	elapsed := make([]time.Duration, len(subjects))
	sizes := make([]time.Duration, len(subjects))
	cpuRow, elapsedRow := "| making the whole pack, CPU | |", "| making the whole pack, elapsed | |"
	for i, sb := range subjects {
		cpus[i], elapsed[i], sizes[i] = sb.cpu, sb.elapsed, time.Duration(sb.size/int64(sb.pages))
		cpuRow += " " + seconds(sb.cpu) + " |"
		elapsedRow += " " + seconds(sb.elapsed) + " |"
	}
	fmt.Fprintln(out, elapsedRow+ratios(elapsed, func(d time.Duration) float64 { return d.Seconds() }))
	fmt.Fprintln(out, cpuRow+ratios(cpus, func(d time.Duration) float64 { return d.Seconds() }))
	row := ""
	row = "| bytes per page of that PDF | |"
	for _, sb := range subjects {
		row += fmt.Sprintf(" %d |", sb.size/int64(sb.pages))
	}
	fmt.Fprintln(out, row+ratios(sizes, func(d time.Duration) float64 { return float64(d) }))
	fmt.Fprintln(out)
	fmt.Fprintln(out, "Per page: CPU time (user + system), the best of the runs. pdftoppm, gs and mutool render")
	fmt.Fprintln(out, "PNG at 72 dpi, written to /dev/null; PDFium renders at 72 dpi in this process. ratio is")
	fmt.Fprintln(out, "accesspack / plain gofpdf. Making the pack: every file of it, volumes in parallel, from")
	fmt.Fprintln(out, "patients already read (before: its whole generate command, reading the list included).")
	if len(missing) > 0 {
		fmt.Fprintln(out)
		fmt.Fprintln(out, "NOT TIMED, not installed:", strings.Join(missing, "; "))
	}
	if o.keep != "" {
		fmt.Fprintln(out, "packs kept in", o.keep)
	}
	return nil
}

// ratios is the table's ratio cells: the pack against the plain twin, and the pack made
// before (when there is one) against the plain twin.
func ratios(v []time.Duration, f func(time.Duration) float64) string {
	n := len(v)
	s := " " + ratio(f(v[n-2]), f(v[n-1])) + " |"
	if n == 3 {
		s += " " + ratio(f(v[0]), f(v[n-1])) + " |"
	}
	return s
}

// subject is one of the packs compared: ours, its plain twin, or one made by another
// build (binary, from list).
type subject struct {
	label        string
	plain        bool
	binary, list string

	dir, pdf, file string // the pack's folder, its biggest letters PDF, that PDF's path in the pack
	pages          int
	size           int64
	elapsed, cpu   time.Duration // the best run's
}

// make makes the pack once more into out, keeping the run that took the least CPU.
func (sb *subject) make(cfg pack.Config, out string) error {
	var (
		cpu, elapsed time.Duration
		files        []pack.File
	)
	start := time.Now()
	if sb.binary != "" {
		c := exec.Command(sb.binary, "generate", "--patients", sb.list, "--pathway", string(cfg.Rules.Pathway), "--out", out, "-q")
		var stderr bytes.Buffer
		c.Stderr = &stderr
		if err := c.Run(); err != nil {
			return fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
		}
		elapsed, cpu = time.Since(start), c.ProcessState.UserTime()+c.ProcessState.SystemTime()
		b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
		if err != nil {
			return err
		}
		var m struct{ Files []pack.File }
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("%s/manifest.json: %w", out, err)
		}
		files = m.Files
	} else {
		cfg.Out, cfg.Plain = out, sb.plain
		runtime.GC()
		cpu0 := selfCPU()
		res, err := pack.Generate(context.Background(), cfg)
		if err != nil {
			return err
		}
		elapsed, cpu = time.Since(start), selfCPU()-cpu0
		files = res.Files
	}
	if sb.cpu != 0 && cpu >= sb.cpu {
		return nil
	}
	file, pages := "", 0
	for _, f := range files {
		if strings.HasPrefix(f.Path, "letters/") && strings.HasSuffix(f.Path, ".pdf") && f.Pages > pages {
			file, pages = f.Path, f.Pages
		}
	}
	if file == "" {
		return errors.New("the pack has no letters")
	}
	pdf := filepath.Join(out, filepath.FromSlash(file))
	st, err := os.Stat(pdf)
	if err != nil {
		return err
	}
	sb.dir, sb.pdf, sb.file, sb.pages, sb.size = out, pdf, file, pages, st.Size()
	sb.elapsed, sb.cpu = elapsed, cpu
	return nil
}

// config is the sample practice with o.patients invented patients under the pathway,
// and the patient list as CSV.
func config(o options) (pack.Config, []byte, error) {
	pr, err := practice.Sample()
	if err != nil {
		return pack.Config{}, nil, err
	}
	pw := rules.Pathway(o.pathway)
	pr.Pathway = o.pathway
	var csv bytes.Buffer
	if err := sample.Generate(&csv, o.patients, 1); err != nil {
		return pack.Config{}, nil, err
	}
	list, err := roster.Read(bytes.NewReader(csv.Bytes()), "printbench.csv", roster.Options{Headers: pr.Headers})
	if err != nil {
		return pack.Config{}, nil, err
	}
	set, err := letters.Embedded()
	if err != nil {
		return pack.Config{}, nil, err
	}
	opts := rules.FromPractice(pr, pw)
	if err := opts.Validate(); err != nil {
		return pack.Config{}, nil, err
	}
	return pack.Config{
		Practice: pr, Patients: list.Patients, InputName: "printbench.csv", InputHash: "printbench",
		Rules: opts, Templates: set, Version: "printbench",
	}, csv.Bytes(), nil
}

// engine is a program that reads PDFs, as a print queue or viewer runs it.
type engine struct {
	name, uses, install string
	// cmd is the command that draws pages 1..n of pdf (tmp: a folder for its files);
	// nil for PDFium, which runs in this process
	cmd func(pdf string, n int, tmp string) []string
}

var engines = []engine{
	{"poppler pdftotext", "text search, indexing, our own tests", "apt-get install poppler-utils",
		func(pdf string, n int, _ string) []string {
			return []string{"pdftotext", "-l", strconv.Itoa(n), pdf, "/dev/null"}
		}},
	{"poppler pdftops", "CUPS print filters, PostScript printers", "apt-get install poppler-utils",
		func(pdf string, n int, _ string) []string {
			return []string{"pdftops", "-l", strconv.Itoa(n), pdf, "/dev/null"}
		}},
	{"poppler pdftoppm 72 dpi", "Evince, Okular, previews", "apt-get install poppler-utils",
		func(pdf string, n int, tmp string) []string {
			return []string{"pdftoppm", "-r", "72", "-png", "-l", strconv.Itoa(n), pdf, filepath.Join(tmp, "ppm", "page")}
		}},
	{"Ghostscript png16m 72 dpi", "CUPS, print servers, RIPs", "apt-get install ghostscript",
		func(pdf string, n int, _ string) []string {
			return []string{"gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=png16m", "-r72",
				"-dLastPage=" + strconv.Itoa(n), "-sOutputFile=/dev/null", pdf}
		}},
	{"MuPDF mutool draw 72 dpi", "SumatraPDF, mobile viewers", "apt-get install mupdf-tools",
		func(pdf string, n int, _ string) []string {
			return []string{"mutool", "draw", "-q", "-r", "72", "-F", "png", "-o", "/dev/null", pdf, "1-" + strconv.Itoa(n)}
		}},
	{"PDFium 72 dpi", "Chrome, Edge", "built in", nil},
}

// time runs the engine once on pages 1..n of pdf and returns the CPU time it took.
func (e engine) time(pdf string, n int, tmp string) (time.Duration, error) {
	if e.cmd == nil {
		b, err := os.ReadFile(pdf)
		if err != nil {
			return 0, err
		}
		if err := pdftext.Start(); err != nil {
			return 0, err
		}
		runtime.GC()
		cpu0 := selfCPU()
		got, err := pdftext.Render(b, n, 72)
		if err == nil && got != n {
			err = fmt.Errorf("rendered %d pages, want %d", got, n)
		}
		return selfCPU() - cpu0, err
	}
	args := e.cmd(pdf, n, tmp)
	if err := nullOutputs(filepath.Join(tmp, "ppm"), "page", n, ".png"); err != nil {
		return 0, err
	}
	c := exec.Command(args[0], args[1:]...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Run(); err != nil {
		return 0, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	if written, err := filepath.Glob(filepath.Join(tmp, "ppm", "*")); err == nil {
		for _, w := range written {
			if fi, err := os.Lstat(w); err == nil && fi.Mode().IsRegular() {
				return 0, fmt.Errorf("%s wrote %s, not one of the links to %s made for its pages", args[0], w, os.DevNull)
			}
		}
	}
	return c.ProcessState.UserTime() + c.ProcessState.SystemTime(), nil
}

// nullOutputs makes dir/root-N.ext for pages 1..n links to /dev/null, so that pdftoppm's
// images cost it the encoding and not the disk, whatever the run's page count. pdftoppm
// pads N to as many digits as the document's page count has; every width up to 6 is
// made.
func nullOutputs(dir, root string, n int, ext string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}
	for p := 1; p <= n; p++ {
		for w := len(strconv.Itoa(p)); w <= 6; w++ {
			name := filepath.Join(dir, fmt.Sprintf("%s-%0*d%s", root, w, p, ext))
			if err := os.Symlink(os.DevNull, name); err != nil && !errors.Is(err, os.ErrExist) {
				return err
			}
		}
	}
	return nil
}

func perPage(d time.Duration, n int) string {
	ms := d.Seconds() * 1000 / float64(n)
	if ms < 10 {
		return fmt.Sprintf("%.2f ms", ms)
	}
	return fmt.Sprintf("%.1f ms", ms)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func ratio(a, b float64) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}
