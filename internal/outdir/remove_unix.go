//go:build unix

package outdir

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// removable reports why the folder dir, inside the earlier output root, could not be
// emptied: its entries cannot be removed without write permission on it, and a folder
// another file system is mounted on cannot be removed at all.
func removable(dir, root string) error {
	const wx = 0x2 | 0x1 // W_OK | X_OK
	if err := syscall.Access(dir, wx); err != nil {
		return &fs.PathError{Op: "remove", Path: dir, Err: err}
	}
	d, err1 := os.Lstat(dir)
	r, err2 := os.Lstat(root)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	ds, ok1 := d.Sys().(*syscall.Stat_t)
	rs, ok2 := r.Sys().(*syscall.Stat_t)
	if ok1 && ok2 && ds.Dev != rs.Dev {
		return &fs.PathError{Op: "remove", Path: dir, Err: errors.New("another disk is mounted on it")}
	}
	return nil
}
