package web

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/accesspack/accesspack/internal/app"
	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/pack"
	"github.com/accesspack/accesspack/internal/practice"
)

// A job is one "Make the pack": app.Generate run on its own goroutine, with its progress
// for the progress bar, and, when it is done, the result and (for a download) the zip.
type job struct {
	id     string
	rev    uint64 // the journey's rev it was made from
	folder string // "" for a zip download; else the folder chosen
	duplex bool
	// dryNotSent is the dry run's count of rows not sent, to tell the practice manager
	// when rendering moved more rows there (an address too long for the window).
	dryNotSent int

	mu      sync.Mutex
	done    int
	total   int
	over    bool
	failure *fieldError // why it failed, for the page
	result  *pack.Result
	zip     []byte
	zipName string
}

func (jb *job) progress(done, total int) {
	jb.mu.Lock()
	jb.done, jb.total = done, total
	jb.mu.Unlock()
}

func (jb *job) finished() bool {
	jb.mu.Lock()
	defer jb.mu.Unlock()
	return jb.over
}

// jobView is a copy of a job's state for the page.
type jobView struct {
	ID, Folder, ZipName string
	Done, Total         int
	Percent             int
	Over                bool
	Failure             *fieldError
	Result              *pack.Result
	ZipSize             int
	// MovedToNotSent counts rows the dry run gave a letter that could not be printed.
	MovedToNotSent int
}

func (jb *job) view() jobView {
	jb.mu.Lock()
	defer jb.mu.Unlock()
	v := jobView{ID: jb.id, Folder: jb.folder, ZipName: jb.zipName, Done: jb.done, Total: jb.total,
		Over: jb.over, Failure: jb.failure, Result: jb.result, ZipSize: len(jb.zip)}
	if jb.total > 0 {
		v.Percent = jb.done * 100 / jb.total
	}
	if jb.result != nil {
		v.MovedToNotSent = jb.result.Counts.NotSentRows - jb.dryNotSent
	}
	return v
}

// startJob starts making the pack for the journey as it is now. A second request for
// the same inputs and destination (a double-click, a refresh) gets the job already
// running or made, never a second pack. Call with j.mu held.
func (s *Server) startJob(j *journey, folder string, duplex bool) (*job, error) {
	for _, jb := range j.jobs {
		if jb.rev == j.rev && jb.folder == folder && jb.duplex == duplex {
			if v := jb.view(); !v.Over || v.Failure == nil {
				return jb, nil
			}
		}
	}
	id, err := randomID(9)
	if err != nil {
		return nil, err
	}
	out := folder
	var tmp string
	if folder == "" {
		if tmp, err = os.MkdirTemp(s.folder.Path, "pack-"); err != nil {
			return nil, err
		}
		out = filepath.Join(tmp, "pack")
	}
	jb := &job{id: id, rev: j.rev, folder: folder, duplex: duplex}
	if rep, err := j.report(s.ctx); err == nil && rep.Counts != nil {
		jb.dryNotSent = rep.Counts.NotSentRows
	}
	req := app.GenerateRequest{Inputs: j.inputs(), Out: out, Strict: j.strict, Duplex: duplex,
		Version: s.cfg.Version, Progress: jb.progress}
	j.jobs = append(j.jobs, jb)
	s.jobs.Add(1)
	go s.runJob(jb, req, tmp)
	return jb, nil
}

// runJob makes the pack with app.Generate, as `accesspack generate` does, and for a
// download reads it into a zip in memory and removes it from disk.
func (s *Server) runJob(jb *job, req app.GenerateRequest, tmp string) {
	defer s.jobs.Done()
	var (
		res  *pack.Result
		zipb []byte
		fail *fieldError
	)
	func() {
		defer func() {
			if v := recover(); v != nil {
				fail = &fieldError{Text: "accesspack failed while making the pack (this is a bug): nothing was written"}
			}
		}()
		var err error
		res, err = app.Generate(s.ctx, req)
		if err != nil {
			fail = packFailure(jb.folder != "", err)
			return
		}
		if jb.folder == "" {
			zipb, err = zipPack(res.Dir, req.Practice.LetterDate.Time())
			if err != nil {
				fail = &fieldError{Text: "the pack was made but could not be put in a zip file: " + err.Error()}
			}
		}
	}()
	if tmp != "" {
		// The pack is in the zip now, in memory; nothing of it stays on disk.
		os.RemoveAll(tmp)
	}
	jb.mu.Lock()
	defer jb.mu.Unlock()
	jb.over = true
	if fail != nil {
		jb.failure = fail
		s.logger.Printf("the pack was not made (%s)", failureKind(fail))
		return
	}
	jb.result, jb.zip = res, zipb
	jb.zipName = zipName(req.Practice)
	if jb.folder != "" {
		s.logger.Printf("pack made in a folder: %d letters, %d pages", res.Letters, res.Pages)
	} else {
		s.logger.Printf("pack made for download: %d letters, %d pages", res.Letters, res.Pages)
	}
}

// failureKind names a failure for the log without its details.
func failureKind(f *fieldError) string {
	if f.Field == "folder" {
		return "the folder was refused or could not be written"
	}
	return "an error"
}

// packFailure is a failed pack as the page shows it: outcome's message and the hints that
// make sense on a page. A refusal of the folder is about the folder field.
func packFailure(toFolder bool, err error) *fieldError {
	if errors.Is(err, context.Canceled) {
		return &fieldError{Text: "accesspack was stopped before the pack was finished: nothing was written"}
	}
	field := ""
	if toFolder {
		if o := outcome.Of(err); o.Status == outcome.Usage || o.Status == outcome.Output {
			field = "folder"
		}
	}
	fe := errorFor(field, err)
	return &fe
}

// zipPack reads the finished pack folder back into one zip file: every file under its
// path in the folder, byte for byte. Entries are in path order and dated modified (the
// letter date), so the same inputs give the same zip.
func zipPack(dir string, modified time.Time) ([]byte, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", d.Name())
		}
		rel, err := filepath.Rel(dir, p)
		paths = append(paths, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range paths {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return nil, err
		}
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		_, err = io.Copy(w, f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// zipName is the download's file name: accesspack-B86999-proceed-2026-12-01.zip.
func zipName(p *practice.Practice) string {
	parts := []string{"accesspack"}
	if ods := safeName(p.ODS); ods != "" {
		parts = append(parts, ods)
	}
	parts = append(parts, safeName(p.Pathway), p.LetterDate.String())
	return strings.Join(parts, "-") + ".zip"
}

func safeName(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteRune(c)
		}
	}
	return b.String()
}
