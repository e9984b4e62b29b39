// Package outdir writes a folder of outputs safely (docs/pack.md#reproducible-and-safe). Everything goes into the
// run's private folder beside the final one (internal/scratch), readable by the owner
// only, under a lock so two runs cannot interleave, and is renamed into place only when
// complete. A failure or an interruption leaves the final folder as it was and nothing
// else behind; a run that is killed leaves its private folder, which the next run removes.
//
// It never deletes what is not accesspack's: an existing folder is replaced only when
// asked (Force), and only if it is an earlier output exactly as accesspack wrote it (its
// manifest lists every file in it, with their sizes and SHA-256). A folder that holds the
// current folder or a file the run reads is never written. An --out that is a link to a
// folder keeps the link: the output goes into the folder it points to.
package outdir

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/accesspack/accesspack/internal/scratch"
)

// The refusals and failures of Open and Commit. Each error they return names the folder
// and matches one of these with errors.Is.
var (
	ErrNoName        = errors.New("the output folder's name is empty")
	ErrNotEmpty      = errors.New("the output folder exists and is not empty")
	ErrIsFile        = errors.New("is a file, not a folder")
	ErrDanglingLink  = errors.New("is a link to a folder that does not exist")
	ErrHoldsCurrent  = errors.New("is or holds the current folder")
	ErrHoldsInput    = errors.New("holds a file the run reads")
	ErrNotOurs       = errors.New("is not an earlier output of accesspack as it was written")
	ErrBusy          = errors.New("another accesspack run is writing this output folder")
	ErrCannotReplace = errors.New("the earlier output cannot be removed")
	ErrOldRemains    = errors.New("the earlier output could not be removed completely")
)

// ManifestFile is the file in an output folder that lists every other file in it.
const ManifestFile = "manifest.json"

// Manifest is what Open reads of an earlier output's manifest.json to recognise it. An
// output's own manifest may hold more.
type Manifest struct {
	Tool  string    `json:"tool"` // "accesspack"
	Files []Written `json:"files"`
}

// Options say what Open may do with the folder.
type Options struct {
	// Force replaces an existing, non-empty folder, if it is an earlier output.
	Force bool
	// Keep names the files and folders the run reads (its inputs, its templates): a
	// folder that holds one of them is never written.
	Keep []string
}

// folderError is an error of Open or Commit: a message naming the folder, the sentinel it
// matches, and its cause, if any.
type folderError struct {
	msg   string
	kind  error
	cause error
}

func (e *folderError) Error() string        { return e.msg }
func (e *folderError) Is(target error) bool { return target == e.kind }
func (e *folderError) Unwrap() error        { return e.cause }

func refuse(kind error, format string, args ...any) error {
	return &folderError{msg: fmt.Sprintf(format, args...), kind: kind}
}

// Staging is an output folder being written.
type Staging struct {
	Final string // the folder the outputs end up in, as it was named
	Dir   string // the temporary folder they are written to
	Temp  string // a private folder for temporary files, removed with the rest

	real    string // Final with every link resolved: where the output is renamed to
	run     *scratch.Folder
	lock    *scratch.Lock
	replace bool // real is an earlier output to replace

	mu      sync.Mutex
	done    bool
	written map[string]Written // by slash path, for files written with WriteFile
}

// Written describes a file as WriteFile wrote it, hashed on the way to disk so that no
// file is read back to be listed in a manifest.
type Written struct {
	Path   string `json:"path"` // slash path inside the folder
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Open checks that out may be written, locks it, clears what a killed run on it left,
// and makes the run's private folder beside it. out may not be the current folder or
// hold it, nor hold a file in o.Keep; it must be absent, empty, or (with o.Force) an
// earlier output that can be removed.
func Open(out string, o Options) (*Staging, error) {
	if out == "" {
		return nil, refuse(ErrNoName, "the output folder's name is empty")
	}
	real, err := resolve(out)
	if err != nil {
		return nil, err
	}
	if err := refuseHolders(out, real, o.Keep); err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(real), filepath.Base(real)
	lockPath := filepath.Join(parent, "."+base+".accesspack-lock")
	lock, err := scratch.TakeLock(lockPath)
	if errors.Is(err, scratch.ErrLocked) {
		return nil, refuse(ErrBusy, "%s: %s", out, ErrBusy)
	}
	if err != nil {
		return nil, cannotWrite(parent, err)
	}
	ok := false
	defer func() {
		if !ok {
			lock.Release()
		}
	}()
	replace, err := check(out, real, o.Force)
	if err != nil {
		return nil, err
	}
	// Under the lock, any run folder beside out is one a killed run left.
	if old, _ := filepath.Glob(filepath.Join(parent, "."+base+"."+scratch.Pattern+"*")); len(old) > 0 {
		for _, p := range old {
			scratch.RemoveLeft(p) // only a run folder of this user; what it cannot remove, a later run tries again
		}
	}
	run, err := scratch.New(parent, "."+base+"."+scratch.Prefix, lockPath)
	if err != nil {
		return nil, cannotWrite(parent, err)
	}
	s := &Staging{Final: out, Dir: filepath.Join(run.Path, "out"), Temp: filepath.Join(run.Path, "tmp"),
		real: real, run: run, lock: lock, replace: replace}
	for _, d := range []string{s.Dir, s.Temp} {
		if err := os.Mkdir(d, 0o700); err != nil {
			run.Remove()
			return nil, err
		}
	}
	ok = true
	return s, nil
}

// resolve returns out as an absolute path with every link resolved, making its parent
// folders if need be. An out that is itself a link must point to a folder.
func resolve(out string) (string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(abs)
		if err != nil {
			link, _ := os.Readlink(abs)
			return "", refuse(ErrDanglingLink, "%s is a link to %s, which does not exist", out, link)
		}
		if st, err := os.Stat(target); err == nil && !st.IsDir() {
			return "", refuse(ErrIsFile, "%s is a link to %s, which %s", out, target, ErrIsFile)
		}
		abs = target
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return "", cannotWrite(parent, err)
	}
	rp, err := filepath.EvalSymlinks(parent)
	if err != nil {
		return "", err
	}
	return filepath.Join(rp, filepath.Base(abs)), nil
}

// refuseHolders refuses a folder that is or holds the current folder, or holds a file
// or folder the run reads.
func refuseHolders(out, real string, keep []string) error {
	if cwd, err := os.Getwd(); err == nil {
		if rc, err := filepath.EvalSymlinks(cwd); err == nil && within(rc, real) {
			if rc == real {
				return refuse(ErrHoldsCurrent, "%s is the current folder", out)
			}
			return refuse(ErrHoldsCurrent, "%s holds the current folder", out)
		}
	}
	for _, k := range keep {
		if k == "" {
			continue
		}
		rk, err := filepath.Abs(k)
		if err != nil {
			continue
		}
		if r, err := filepath.EvalSymlinks(rk); err == nil {
			rk = r
		}
		if within(rk, real) {
			return refuse(ErrHoldsInput, "%s holds %s, which this run reads", out, k)
		}
	}
	return nil
}

// within reports whether path is dir or inside it (both absolute and clean).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// check reports whether real may be written: absent or empty (false), or an earlier
// output that force allows to be replaced (true).
func check(out, real string, force bool) (replace bool, err error) {
	st, err := os.Lstat(real)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case !st.IsDir():
		return false, refuse(ErrIsFile, "%s %s", out, ErrIsFile)
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return false, err
	}
	if len(entries) == 0 {
		return false, nil
	}
	if !force {
		return false, refuse(ErrNotEmpty, "%s: %s", out, ErrNotEmpty)
	}
	return true, replaceable(out, real)
}

// replaceable checks that the folder real is an earlier output exactly as accesspack
// wrote it — every file in it is listed in its manifest with the same size and SHA-256,
// and it holds nothing else — and that it can be removed whole.
func replaceable(out, real string) error {
	b, err := os.ReadFile(filepath.Join(real, ManifestFile))
	var m Manifest
	if err != nil || json.Unmarshal(b, &m) != nil || m.Tool != "accesspack" {
		return refuse(ErrNotOurs, "%s has no %s from accesspack, so it is not an earlier output: --force will not replace it", out, ManifestFile)
	}
	listed := map[string]Written{}
	dirs := map[string]bool{".": true}
	for _, f := range m.Files {
		listed[f.Path] = f
		for d := pathDir(f.Path); d != "."; d = pathDir(d) {
			dirs[d] = true
		}
	}
	show := filepath.FromSlash
	return filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return &folderError{msg: fmt.Sprintf("%s cannot be read, so the earlier output cannot be replaced", out), kind: ErrCannotReplace, cause: err}
		}
		rel, _ := filepath.Rel(real, p)
		rel = filepath.ToSlash(rel)
		info, err := d.Info()
		if err != nil {
			return &folderError{msg: fmt.Sprintf("%s: %s cannot be read, so the earlier output cannot be replaced", out, show(rel)), kind: ErrCannotReplace, cause: err}
		}
		switch {
		case d.IsDir():
			if !dirs[rel] {
				return refuse(ErrNotOurs, "%s holds %s, which accesspack did not write: --force will not replace it", out, show(rel)+string(filepath.Separator))
			}
			if err := removable(p, real); err != nil {
				return &folderError{msg: fmt.Sprintf("%s: %s cannot be emptied (%v), so the earlier output cannot be replaced", out, show(rel), errText(err)), kind: ErrCannotReplace, cause: err}
			}
			return nil
		case rel == ManifestFile:
			return nil
		case !info.Mode().IsRegular():
			return refuse(ErrNotOurs, "%s holds %s, which accesspack did not write: --force will not replace it", out, show(rel))
		}
		f, ok := listed[rel]
		if !ok {
			return refuse(ErrNotOurs, "%s holds %s, which accesspack did not write: --force will not replace it", out, show(rel))
		}
		if info.Size() != f.Size || hashFile(p) != f.SHA256 {
			return refuse(ErrNotOurs, "%s: %s was changed after accesspack wrote it: --force will not replace it", out, show(rel))
		}
		return nil
	})
}

func pathDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

func hashFile(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cannotWrite is a file-system error of making something in dir, named by dir alone: the
// lock and temporary folders' names mean nothing to the user.
func cannotWrite(dir string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &fs.PathError{Op: "write in", Path: dir, Err: err}
}

// errText is an OS error without the path (the caller names the file).
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Create makes rel (a slash path inside the folder), owner-only, failing if it exists.
func (s *Staging) Create(rel string) (*os.File, error) {
	p := filepath.Join(s.Dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return nil, err
	}
	return os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
}

// WriteManifest writes v as the output's ManifestFile: indented JSON and a final newline,
// by WriteFile.
func (s *Staging) WriteManifest(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return s.WriteFile(ManifestFile, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// WriteFile writes rel with the bytes write produces, checking Close. A file-system error
// names the file by its final path ("pack/letters/x.pdf"), not the temporary one.
func (s *Staging) WriteFile(rel string, write func(w io.Writer) error) (err error) {
	defer func() { err = s.finalPath(rel, err) }()
	f, err := s.Create(rel)
	if err != nil {
		return err
	}
	h := sha256.New()
	cw := &countingWriter{w: io.MultiWriter(f, h)}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			s.mu.Lock()
			if s.written == nil {
				s.written = map[string]Written{}
			}
			s.written[rel] = Written{Path: rel, Size: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}
			s.mu.Unlock()
		}
	}()
	return write(cw)
}

// Rename moves the file written as from to to, both slash paths inside the folder, and
// its record with it. to must not exist.
func (s *Staging) Rename(from, to string) error {
	src, dst := filepath.Join(s.Dir, filepath.FromSlash(from)), filepath.Join(s.Dir, filepath.FromSlash(to))
	if _, err := os.Lstat(dst); err == nil {
		return s.finalPath(to, &fs.PathError{Op: "rename", Path: dst, Err: fs.ErrExist})
	}
	if err := os.Rename(src, dst); err != nil {
		return s.finalPath(to, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.written[from]; ok {
		delete(s.written, from)
		w.Path = to
		s.written[to] = w
	}
	return nil
}

// Files lists the files written with WriteFile, by path. It is safe to call while other
// goroutines write.
func (s *Staging) Files() []Written {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Written, 0, len(s.written))
	for _, w := range s.written {
		out = append(out, w)
	}
	slices.SortFunc(out, func(a, b Written) int { return strings.Compare(a.Path, b.Path) })
	return out
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// finalPath rewrites a file-system error about a file in the temporary folder to name
// the file where it would have ended up.
func (s *Staging) finalPath(rel string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe) && strings.HasPrefix(pe.Path, s.run.Path):
		return fmt.Errorf("%s %s: %w", pe.Op, filepath.Join(s.Final, filepath.FromSlash(rel)), pe.Err)
	case errors.As(err, &le) && strings.HasPrefix(le.New, s.run.Path):
		return fmt.Errorf("%s %s: %w", le.Op, filepath.Join(s.Final, filepath.FromSlash(rel)), le.Err)
	}
	return err
}

// removeOld removes the earlier output once it has been moved aside: a variable so a
// test can make it fail.
var removeOld = func(run *scratch.Folder) error { return run.Remove() }

// Commit moves the complete folder into place, replacing an earlier output (Open allowed
// it only with Force), and releases the lock. If the process is stopping on a signal
// (scratch.Stop), nothing is moved and the error is scratch.ErrStopping. If the earlier
// output cannot be removed after the new one is in place, the error (ErrOldRemains) names
// where what is left of it is.
func (s *Staging) Commit() error {
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return errors.New("outdir: the folder was already committed or aborted")
	}
	s.done = true
	s.mu.Unlock()
	defer s.lock.Release()
	old := filepath.Join(s.run.Path, "old")
	err := scratch.Commit(func() error {
		if s.replace {
			if err := os.Rename(s.real, old); err != nil {
				return s.moveError(err)
			}
			if err := os.Rename(s.Dir, s.real); err != nil {
				os.Rename(old, s.real)
				return s.moveError(err)
			}
			return nil
		}
		// absent, or an empty folder (which os.Rename will not replace): remove it, which
		// fails if anything has appeared in it since Open
		if err := os.Remove(s.real); err != nil && !errors.Is(err, os.ErrNotExist) {
			return s.moveError(err)
		}
		if err := os.Rename(s.Dir, s.real); err != nil {
			return s.moveError(err)
		}
		return nil
	})
	if err != nil {
		s.run.Remove()
		return err
	}
	// The run's folder holds the earlier output, if there was one, and what is left of
	// the run's temporary files. Without an earlier output, a folder that cannot be
	// removed does not make the complete output a failure: it stays recorded, and the next
	// run of accesspack removes it (scratch.Sweep).
	if err := removeOld(s.run); err != nil && s.replace {
		return &folderError{kind: ErrOldRemains, cause: err,
			msg: fmt.Sprintf("the new output is in %s, but the earlier one could not be removed completely (%v): what is left of it is in %s",
				s.Final, errText(err), s.run.Path)}
	}
	return nil
}

func (s *Staging) moveError(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return fmt.Errorf("moving the finished output into %s: %w", s.Final, err)
}

// Abort removes the temporary folder and everything in it, and releases the lock. It may
// be called after Commit, and more than once: it then does nothing.
func (s *Staging) Abort() {
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return
	}
	s.done = true
	s.mu.Unlock()
	s.run.Remove()
	s.lock.Release()
}
