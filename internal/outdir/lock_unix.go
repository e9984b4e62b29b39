//go:build unix

package outdir

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on path, so two runs on the same --out cannot
// interleave. The lock dies with the process, so a killed run leaves no stale lock.
func lockFile(path string) (*os.File, error) {
	for {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, ErrBusy
			}
			return nil, err
		}
		// The holder before us removes the file as it unlocks; if we locked a file that
		// has since been removed, another run may lock a new one, so try again.
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return f, nil
		}
		f.Close()
	}
}

func unlock(f *os.File) {
	if f == nil {
		return
	}
	name := f.Name()
	os.Remove(name)
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	f.Close()
}
