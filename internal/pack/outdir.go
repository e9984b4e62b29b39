package pack

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// staging is a temporary folder beside the final pack folder. Everything is written into it,
// and only a complete pack is renamed into place; Abort removes it.
type staging struct {
	final string // the --out folder
	dir   string // the temporary folder beside it
	lock  *os.File
}

// ErrOutNotEmpty means --out exists and holds files, and --force was not given.
var ErrOutNotEmpty = errors.New("the output folder exists and is not empty")

// ErrBusy means another accesspack run is writing the same --out.
var ErrBusy = errors.New("another accesspack run is writing this output folder")

func openStaging(out string, force bool) (*staging, error) {
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
	if !force {
		if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
			return nil, ErrOutNotEmpty
		} else if err == nil {
			// An empty folder is fine; it is replaced.
		} else if !errors.Is(err, os.ErrNotExist) {
			if st, serr := os.Stat(out); serr == nil && !st.IsDir() {
				return nil, fmt.Errorf("%s is a file, not a folder", out)
			}
			return nil, err
		}
	}
	if st, err := os.Stat(out); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("%s is a file, not a folder", out)
	}
	// Clear litter from an earlier run that was killed before it could tidy up.
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
	return &staging{final: out, dir: dir, lock: lock}, nil
}

// create makes rel (a slash path inside the pack), owner-only.
func (s *staging) create(rel string) (*os.File, error) {
	p := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return nil, err
	}
	return os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
}

// writeFile writes rel with the bytes write produces, checking Close.
func (s *staging) writeFile(rel string, write func(w io.Writer) error) (err error) {
	f, err := s.create(rel)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return write(f)
}

// commit moves the complete pack into place, replacing an earlier pack when forced.
func (s *staging) commit() error {
	defer unlock(s.lock)
	var aside string
	if _, err := os.Lstat(s.final); err == nil {
		aside = s.dir + "-old"
		if err := os.Rename(s.final, aside); err != nil {
			os.RemoveAll(s.dir)
			return err
		}
	}
	if err := os.Rename(s.dir, s.final); err != nil {
		if aside != "" {
			os.Rename(aside, s.final)
		}
		os.RemoveAll(s.dir)
		return err
	}
	if aside != "" {
		os.RemoveAll(aside)
	}
	return nil
}

// abort removes the staging folder and everything in it.
func (s *staging) abort() {
	os.RemoveAll(s.dir)
	unlock(s.lock)
}

func isTemp(name string) bool { return strings.Contains(name, ".accesspack-tmp-") }
