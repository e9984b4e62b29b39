// Package atomicfile writes a file so that readers see either nothing or the whole file:
// the content goes into a private run folder beside the target (internal/scratch),
// readable by the owner only, and is renamed into place only when complete. A run that is
// killed part-way leaves only that folder, which the next run removes.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/accesspack/accesspack/internal/scratch"
)

// ErrExists means the file exists and overwrite was not asked for.
var ErrExists = errors.New("the file already exists")

// Write creates path with the bytes that write produces. On any error, or a panic in
// write, the temporary file is removed and path is left as it was. With overwrite false,
// an existing path is an error (ErrExists). A path that is a link to a file keeps the
// link: the file it points to is replaced.
func Write(path string, overwrite bool, write func(w io.Writer) error) (err error) {
	if fi, err := os.Lstat(path); err == nil {
		if !overwrite {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			if path, err = filepath.EvalSymlinks(path); err != nil {
				return err
			}
		}
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			return &fs.PathError{Op: "write", Path: path, Err: errors.New("is a folder")}
		}
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	run, err := scratch.New(dir, "."+base+"."+scratch.Prefix)
	if err != nil {
		return err
	}
	defer run.Remove()
	tmp := filepath.Join(run.Path, base)
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			f.Close()
		}
	}()
	bw := bufio.NewWriterSize(f, 256<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	closed = true
	if err = f.Close(); err != nil {
		return err
	}
	return scratch.Commit(func() error { return os.Rename(tmp, path) })
}
