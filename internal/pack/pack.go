// Package pack makes the letters pack of docs/pack.md: it plans who gets which letter from the
// rules' decisions, renders the PDFs in parallel volumes, writes the mailing list and the
// manifest, and moves the finished pack into place only when every file is complete.
package pack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/guard"
	"github.com/accesspack/accesspack/internal/outdir"
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/pdf"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/letters"
)

// DefaultVolumeSize is how many letters go in one PDF before a kind is split into volumes:
// a size print rooms handle comfortably.
const DefaultVolumeSize = 5000

// ErrNotReconciled is why a pack that does not account for every input row (docs/pack.md,
// the reconciliation) is not written: it is never posted by mistake.
var ErrNotReconciled = errors.New("the pack does not account for every row of the patient list, so it was not written")

// Config is everything one run needs.
type Config struct {
	Practice  *practice.Practice
	Patients  []patient.Patient
	InputName string // the patient list's file name, for the Summary and manifest
	InputHash string // SHA-256 of the patient list's bytes, hex
	// InputRows is the number of patient rows a spreadsheet shows in the list (the
	// reader's roster.List.DataRows, counted apart from the patients): the Summary's
	// "Input rows" and the count the reconciliation is checked against, so that it cannot
	// hold if a row was lost between the file and the pack. 0 means len(Patients).
	InputRows int
	Rules     rules.Options
	Templates *letters.Set

	Out    string
	Force  bool
	Keep   []string // files the run reads: a --out holding one is refused (outdir.Options)
	Duplex bool
	// Staging, if set, is the output folder already opened with outdir.Open (so that the
	// list could be read with its temporary files in the run's folder); Generate writes
	// into it and commits it, or aborts it on failure. Out, Force and Keep are then unused.
	Staging    *outdir.Staging
	VolumeSize int // letters per PDF; 0 means DefaultVolumeSize
	Workers    int // parallel renderers; 0 means the number of CPUs
	Version    string

	// Channels says how letters reach patients: by post (the default), by text message
	// where the patient can be texted, or both. Budget is the most fragments a message
	// may use (0: letters.DefaultBudget); Prices are for the cost estimate (zero:
	// channel.DefaultPrices).
	Channels channel.Settings
	Budget   int
	Prices   channel.Prices

	// Plain draws every page of every PDF in full, nothing shared (pdf.Options.Plain):
	// the baseline cmd/printbench compares the pack with. Never for a real pack.
	Plain bool

	// Progress, if set, is called as letters are rendered (from several goroutines, one at a time).
	Progress func(done, total int)
}

// Result describes a finished pack.
type Result struct {
	Dir       string
	Decisions []rules.Decision
	Counts    rules.Counts
	Letters   int // patient letters written
	Pages     int // pages in patient letters
	Files     []File

	// Posted and Texted count, per kind, the letters printed and the text messages to
	// send (none with channels = letter); Messages is the texts in all, and Estimate the
	// cost of sending the pack.
	Posted, Texted map[rules.Kind]int
	Messages       int
	Estimate       channel.Estimate

	reconciled bool // the mailing list's reconciliation check, for the manifest
	// Advice is what the practice must do besides the letters and actions (rules.Advise),
	// as the Summary's "To do" lines give it.
	Advice []string
}

// File is one output file of the pack.
type File struct {
	Path    string `json:"path"` // slash path inside the pack
	SHA256  string `json:"sha256"`
	Size    int64  `json:"size"`
	Letters int    `json:"letters,omitempty"`
	Pages   int    `json:"pages,omitempty"`
	// Messages is the number of patients in a message upload list.
	Messages int `json:"messages,omitempty"`
}

// job is one PDF to render: a volume of letters of one kind and format.
type job struct {
	base    string // the kind and format: "opt-out-notice", "opt-out-notice-large-print"
	file    string // slash path inside the pack: as planned, then as named by nameVolumes
	kind    rules.Kind
	letters []*item
}

// item is one patient letter in the plan.
type item struct {
	d         *rules.Decision
	file      string
	firstPage int
	pages     int
	skip      string // why the letter could not be printed, after rendering; "" when printed
}

// Generate makes the pack. On any error, or when ctx is cancelled, nothing is left at
// cfg.Out (an earlier pack there is untouched) and no temporary files remain.
func Generate(ctx context.Context, cfg Config) (res *Result, err error) {
	if cfg.VolumeSize <= 0 {
		cfg.VolumeSize = DefaultVolumeSize
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	decisions := rules.Decide(cfg.Patients, cfg.Rules)
	res = &Result{Decisions: decisions}
	msgs, err := pathwayMessages(cfg)
	if err != nil {
		return nil, err
	}
	routes := routeAll(decisions, cfg.Channels)
	groups, err := groupMessages(routes, msgs)
	if err != nil {
		return nil, err
	}
	unprintable(decisions, routes)

	st := cfg.Staging
	if st == nil {
		if st, err = outdir.Open(cfg.Out, outdir.Options{Force: cfg.Force, Keep: cfg.Keep}); err != nil {
			return nil, err
		}
	}
	defer func() {
		if err != nil {
			st.Abort()
		}
	}()

	jobs := plan(decisions, routes, cfg.VolumeSize)
	total := 0
	for _, j := range jobs {
		total += len(j.letters)
	}
	if err := renderAll(ctx, st, cfg, jobs, total); err != nil {
		return nil, err
	}
	jobs = dropSkipped(jobs)
	if err := nameVolumes(st, jobs); err != nil {
		return nil, err
	}
	res.Counts = rules.Count(decisions)
	res.Posted, res.Texted = map[rules.Kind]int{}, map[rules.Kind]int{}
	res.Advice = rules.Advise(cfg.Rules, &res.Counts)
	for _, j := range jobs {
		for _, it := range j.letters {
			res.Letters++
			res.Pages += it.pages
			res.Posted[j.kind]++
		}
	}
	for _, g := range groups {
		res.Texted[g.msg.Kind] += len(g.recipients)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := writeOrganisationLetters(st, cfg, &res.Counts); err != nil {
		return nil, err
	}
	if err := writeBlankForm(st, cfg); err != nil {
		return nil, err
	}
	if err := writeMessages(st, decisions, routes, groups); err != nil {
		return nil, err
	}
	res.Estimate = estimate(cfg, jobs, groups)
	res.Messages = res.Estimate.Messages
	if err := writeMailingList(st, cfg, mailing{decisions, routes, jobs, groups}, res); err != nil {
		return nil, err
	}
	if !res.reconciled {
		return nil, ErrNotReconciled
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Files = listFiles(st.Files(), jobs, groups)
	if err := writeManifest(st, cfg, res, groups); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := st.Commit(); err != nil {
		return nil, err
	}
	res.Dir = st.Final
	return res, nil
}

// plan groups the decisions that go by letter by kind and format, orders each group by
// postcode and splits it into volumes.
func plan(ds []rules.Decision, rs []route, volumeSize int) []*job {
	type group struct {
		kind  rules.Kind
		large bool
	}
	groups := map[group][]*item{}
	for i := range ds {
		d := &ds[i]
		if d.Letter == "" || !rs[i].Letter {
			continue
		}
		g := group{d.Letter, d.Patient.LargePrint}
		groups[g] = append(groups[g], &item{d: d})
	}
	var jobs []*job
	for _, kind := range rules.PatientKinds {
		for _, large := range []bool{false, true} {
			items := groups[group{kind, large}]
			if len(items) == 0 {
				continue
			}
			slices.SortStableFunc(items, func(a, b *item) int { return compareRecipients(a.d.Patient, b.d.Patient) })
			base := string(kind)
			if large {
				base += "-large-print"
			}
			n := (len(items) + volumeSize - 1) / volumeSize
			for v := 0; v < n; v++ {
				lo, hi := v*volumeSize, min((v+1)*volumeSize, len(items))
				jobs = append(jobs, &job{base: base, file: volumeName(base, v+1, n), kind: kind, letters: items[lo:hi]})
			}
		}
	}
	return jobs
}

// volumeName is the file of volume v (from 1) of n of a kind and format: the kind alone
// when there is one volume, numbered from 001 when there are more.
func volumeName(base string, v, n int) string {
	if n == 1 {
		return "letters/" + base + ".pdf"
	}
	return fmt.Sprintf("letters/%s-%03d.pdf", base, v)
}

// nameVolumes gives the volumes that were written their final names, once the letters
// that could not be printed have left them: a volume can be left empty (no file), or a
// kind with one volume left, so the planned names could have gaps. Each kind's volumes
// are numbered again from 001 with no gap, in order, and renamed in the pack; each
// letter's file follows its volume.
func nameVolumes(st *outdir.Staging, jobs []*job) error {
	count := map[string]int{}
	for _, j := range jobs {
		count[j.base]++
	}
	type move struct{ from, to string }
	var moves []move
	seen := map[string]int{}
	for _, j := range jobs {
		seen[j.base]++
		name := volumeName(j.base, seen[j.base], count[j.base])
		if name != j.file {
			moves = append(moves, move{j.file, name})
			j.file = name
		}
		for _, it := range j.letters {
			it.file = name
		}
	}
	// Through names no volume has, so that no move lands on a file not yet moved.
	for i, m := range moves {
		if err := st.Rename(m.from, m.from+".renaming"); err != nil {
			return err
		}
		moves[i].from += ".renaming"
	}
	for _, m := range moves {
		if err := st.Rename(m.from, m.to); err != nil {
			return err
		}
	}
	return nil
}

// dropSkipped takes the letters that could not be printed out of the plan and moves their
// rows to Not sent with the reason, so the sheets, counts and PDFs agree.
func dropSkipped(jobs []*job) []*job {
	var kept []*job
	for _, j := range jobs {
		var printed []*item
		for _, it := range j.letters {
			if it.skip == "" {
				printed = append(printed, it)
				continue
			}
			notPrinted(it.d, it.skip)
		}
		j.letters = printed
		if len(printed) > 0 {
			kept = append(kept, j)
		}
	}
	return kept
}

// unprintable moves to Not sent any letter whose name or address has characters the
// letter font cannot draw: a letter with a wrong name on the envelope must not be sent.
// Patients sent only a text message have no letter to print.
func unprintable(ds []rules.Decision, rs []route) {
	for i := range ds {
		d := &ds[i]
		if d.Letter == "" || !rs[i].Letter {
			continue
		}
		p := d.Patient
		text := strings.Join(append([]string{p.Title, p.Forename, p.Surname, p.Postcode}, p.Address...), " ")
		if len(pdf.Missing(text)) == 0 {
			continue
		}
		notPrinted(d, "name or address has characters the letter font cannot print: write by hand")
	}
}

// notPrinted moves a letter that cannot be printed to Not sent with reason. An action
// that would give the patient access (add-106, manual-access) leaves the work-list with
// it: access must not be switched on for a patient who has not been told and given the
// chance to opt out. The reason says to do it once the letter has been written by hand,
// and not before the date the action waits for.
func notPrinted(d *rules.Decision, reason string) {
	d.Letter, d.Variant, d.Enclosures = "", "", nil
	kept := d.Actions[:0:0]
	var held []string
	for _, a := range d.Actions {
		if a.GivesAccess() {
			held = append(held, string(a))
		} else {
			kept = append(kept, a)
		}
	}
	if len(held) > 0 {
		reason += "; " + strings.Join(held, " and ") + " only after writing to them"
		if !d.NotBefore.IsZero() {
			reason += ", not before " + d.NotBefore.Long()
		}
	}
	d.Actions = kept
	if len(kept) == 0 {
		d.Detail, d.NotBefore = "", civil.Date{}
	}
	d.NotSent = reason
}

// renderAll renders the jobs on cfg.Workers goroutines, each volume to its own file. A
// worker holds one volume at a time, so memory is bounded by the volume size, not the
// number of patients.
func renderAll(ctx context.Context, st *outdir.Staging, cfg Config, jobs []*job, total int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		done     int
		wg       sync.WaitGroup
	)
	queue := make(chan *job)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	for w := 0; w < cfg.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				if ctx.Err() != nil {
					continue
				}
				if err := renderJob(ctx, st, cfg, j, func(n int) {
					if cfg.Progress == nil {
						return
					}
					mu.Lock()
					done += n
					cfg.Progress(done, total)
					mu.Unlock()
				}); err != nil {
					fail(err)
				}
			}
		}()
	}
	// biggest volumes first, so that the small ones (large print, the last volume of a
	// kind) fill in at the end instead of one worker finishing a big one alone; an
	// enclosure is about as much again as its letter
	order := slices.Clone(jobs)
	weight := func(j *job) int {
		w := 0
		for _, it := range j.letters {
			w += 1 + len(it.d.Enclosures)
		}
		return w
	}
	slices.SortStableFunc(order, func(a, b *job) int { return weight(b) - weight(a) })
	for _, j := range order {
		if ctx.Err() != nil {
			break
		}
		queue <- j
	}
	close(queue)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

// renderJob draws the letters of j and writes its PDF. A panic while drawing becomes
// guard.ErrPanic: its value is never printed.
func renderJob(ctx context.Context, st *outdir.Staging, cfg Config, j *job, progress func(int)) (err error) {
	defer guard.Recover(&err)
	doc := pdf.New(pdfOptions(cfg, string(j.kind)))
	quit := make(chan struct{})
	defer close(quit)
	built := buildLetters(cfg, j, quit)
	const step = 100
	for i, it := range j.letters {
		if i%step == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		d := it.d
		b := <-built
		l, err := b.l, b.err
		if err != nil {
			return fmt.Errorf("letter for input row %d (%s): %w", d.Row, d.Patient.MaskedNHS(), err)
		}
		first, pages, err := doc.Add(l)
		var ae *pdf.AddressError
		var me *pdf.MissingError
		switch {
		case errors.As(err, &ae):
			it.skip = "address does not fit the envelope window (" + ae.Problem + "): write by hand"
			continue
		case errors.As(err, &me):
			it.skip = "letter has characters the letter font cannot print: write by hand"
			continue
		case err != nil:
			return fmt.Errorf("letter for input row %d (%s): %w", d.Row, d.Patient.MaskedNHS(), err)
		}
		it.firstPage, it.pages = first, pages
		if (i+1)%step == 0 {
			progress(step)
		}
	}
	progress(len(j.letters) % step)
	if doc.Pages() == 0 {
		return nil // every letter of this volume went to Not sent
	}
	return st.WriteFile(j.file, func(w io.Writer) error {
		_, err := doc.WriteTo(w)
		return err
	})
}

// builtLetter is one letter's content, or why it could not be built.
type builtLetter struct {
	l   letters.Letter
	err error
}

// buildLetters builds the content of j's letters, in order, on a goroutine of its own
// a little ahead of the drawing, so that a worker left alone with a big volume keeps a
// second core busy. It stops after the first error, or when quit is closed.
func buildLetters(cfg Config, j *job, quit <-chan struct{}) <-chan builtLetter {
	ch := make(chan builtLetter, 64)
	go func() {
		defer close(ch)
		for _, it := range j.letters {
			d := it.d
			l, err := buildLetter(cfg, d)
			select {
			case ch <- builtLetter{l, err}:
			case <-quit:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return ch
}

// buildLetter builds one patient's letter; a panic becomes guard.ErrPanic.
func buildLetter(cfg Config, d *rules.Decision) (l letters.Letter, err error) {
	defer guard.Recover(&err)
	return cfg.Templates.Patient(d.Letter, d.Variant, d.Patient, cfg.Practice, cfg.Rules.Pathway, d.Enclosures)
}

func pdfOptions(cfg Config, title string) pdf.Options {
	return pdf.Options{
		Window:  cfg.Practice.Window,
		Duplex:  cfg.Duplex,
		Created: cfg.Rules.LetterDate.Time(),
		Title:   title,
		Plain:   cfg.Plain,
	}
}

// writeOrganisationLetters writes the pathway's letter to the ICB or EMIS, if it has one,
// with the counts of this run (the same counts as the Summary's).
func writeOrganisationLetters(st *outdir.Staging, cfg Config, c *rules.Counts) error {
	kind := rules.OrganisationLetter(cfg.Rules.Pathway)
	if kind == "" {
		return nil
	}
	l, err := cfg.Templates.Organisation(kind, cfg.Practice, cfg.Rules.Pathway, c)
	if err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	doc := pdf.New(pdfOptions(cfg, string(kind)))
	if _, _, err := doc.Add(l); err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	return st.WriteFile("organisations/"+string(kind)+".pdf", func(w io.Writer) error {
		_, err := doc.WriteTo(w)
		return err
	})
}

// writeBlankForm writes the blank opt-in form that is in every pack.
func writeBlankForm(st *outdir.Staging, cfg Config) error {
	l, err := cfg.Templates.BlankForm(cfg.Practice)
	if err != nil {
		return fmt.Errorf("blank opt-in form: %w", err)
	}
	doc := pdf.New(pdfOptions(cfg, "opt-in-form"))
	if _, _, err := doc.Add(l); err != nil {
		return fmt.Errorf("blank opt-in form: %w", err)
	}
	return st.WriteFile("forms/opt-in-form.pdf", func(w io.Writer) error {
		_, err := doc.WriteTo(w)
		return err
	})
}

// listFiles lists every file of the staged pack with the SHA-256 and size it was written
// with, the letters and pages of each letters PDF and the recipients of each message list.
func listFiles(written []outdir.Written, jobs []*job, groups []*messageGroup) []File {
	perFile := map[string]File{}
	for _, j := range jobs {
		f := perFile[j.file]
		for _, it := range j.letters {
			f.Letters++
			f.Pages += it.pages
		}
		perFile[j.file] = f
	}
	for _, g := range groups {
		perFile[g.csv] = File{Messages: len(g.recipients)}
	}
	files := make([]File, 0, len(written))
	for _, w := range written {
		f := perFile[w.Path]
		f.Path, f.SHA256, f.Size = w.Path, w.SHA256, w.Size
		files = append(files, f)
	}
	return files
}
