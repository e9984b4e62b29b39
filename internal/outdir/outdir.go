// Package outdir writes a folder of outputs safely (SPEC §8): everything goes into a
// temporary folder beside the final one, readable by the owner only, under a lock so two
// runs cannot interleave, and is renamed into place only when complete. A failure or an
// interruption leaves the final folder as it was and no temporary files behind.
package outdir

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

var (
	// ErrNotEmpty means the output folder exists and holds files, and force was not given.
	ErrNotEmpty = errors.New("the output folder exists and is not empty")
	// ErrIsFile means the output folder's name is taken by a file.
	ErrIsFile = errors.New("is a file, not a folder")
	// ErrBusy means another accesspack run is writing the same output folder.
	ErrBusy = errors.New("another accesspack run is writing this output folder")
)

// Staging is a temporary folder beside the final one.
type Staging struct {
	Final string // the folder the outputs end up in
	Dir   string // the temporary folder they are written to
	lock  *os.File

	mu      sync.Mutex
	written map[string]Written // by slash path, for files written with WriteFile
}

// Written describes a file as WriteFile wrote it, hashed on the way to disk so that no
// file is read back to be listed in a manifest.
type Written struct {
	Path   string // slash path inside the folder
	Size   int64
	SHA256 string // hex
}

// Check reports early what Open would refuse: an output folder that is a file, or one that
// holds files when force is not set. Open checks again, under its lock.
func Check(out string, force bool) error {
	st, err := os.Stat(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%s %w", out, ErrIsFile)
	case force:
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return ErrNotEmpty
	}
	return nil
}

// Open locks out, checks it may be written (empty, absent, or force), clears litter left
// by a run that was killed, and makes the temporary folder beside it.
func Open(out string, force bool) (*Staging, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return nil, err
	}
	lock, err := lockFile(filepath.Join(parent, "."+filepath.Base(out)+".accesspack-lock"))
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			unlock(lock)
		}
	}()
	if err := Check(out, force); err != nil {
		return nil, err
	}
	if old, _ := filepath.Glob(filepath.Join(parent, "."+filepath.Base(out)+".accesspack-tmp-*")); len(old) > 0 {
		for _, o := range old {
			os.RemoveAll(o)
		}
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".accesspack-tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	ok = true
	return &Staging{Final: out, Dir: dir, lock: lock}, nil
}

// Create makes rel (a slash path inside the folder), owner-only, failing if it exists.
func (s *Staging) Create(rel string) (*os.File, error) {
	p := filepath.Join(s.Dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return nil, err
	}
	return os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
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

// finalPath rewrites a *fs.PathError about a file in the temporary folder to name the
// file where it would have ended up.
func (s *Staging) finalPath(rel string, err error) error {
	var pe *fs.PathError
	if err == nil || !errors.As(err, &pe) || !strings.HasPrefix(pe.Path, s.Dir) {
		return err
	}
	return fmt.Errorf("%s %s: %w", pe.Op, filepath.Join(s.Final, filepath.FromSlash(rel)), pe.Err)
}

// Commit moves the complete folder into place, replacing an earlier one (Open allowed it
// only with force), and releases the lock.
func (s *Staging) Commit() error {
	defer unlock(s.lock)
	var aside string
	if _, err := os.Lstat(s.Final); err == nil {
		aside = s.Dir + "-old"
		if err := os.Rename(s.Final, aside); err != nil {
			os.RemoveAll(s.Dir)
			return err
		}
	}
	if err := os.Rename(s.Dir, s.Final); err != nil {
		if aside != "" {
			os.Rename(aside, s.Final)
		}
		os.RemoveAll(s.Dir)
		return err
	}
	if aside != "" {
		os.RemoveAll(aside)
	}
	return nil
}

// Abort removes the temporary folder and everything in it, and releases the lock.
func (s *Staging) Abort() {
	os.RemoveAll(s.Dir)
	unlock(s.lock)
}
