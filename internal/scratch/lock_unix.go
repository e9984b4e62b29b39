//go:build unix

package scratch

import (
	"errors"
	"os"
	"syscall"
)

// TakeLock takes an exclusive advisory lock on path (created if need be), so that two runs
// cannot write the same output folder at once. The lock dies with the process, so a
// killed run leaves no stale lock, only its empty file, which the next run removes.
func TakeLock(path string) (*Lock, error) {
	for {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			return nil, err
		}
		if !tryLock(f) {
			f.Close()
			return nil, ErrLocked
		}
		// The holder before us removes the file as it unlocks; if we locked a file that
		// has since been removed, another run may lock a new one, so try again.
		if samePath(f, path) {
			return &Lock{f: f}, nil
		}
		f.Close()
	}
}

// Release removes the lock's file and unlocks it.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	os.Remove(l.f.Name())
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
	l.f = nil
}

// tryLock takes an exclusive lock on f without waiting.
func tryLock(f *os.File) bool {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			return err == nil
		}
	}
}

// ownedByUs reports whether fi belongs to this process's user.
func ownedByUs(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}

// privateDir reports whether a registry folder is this user's alone.
func privateDir(fi os.FileInfo) bool { return ownedByUs(fi) && fi.Mode().Perm()&0o077 == 0 }

// renameOpen: a record can be renamed into place while it is open and locked.
const renameOpen = true

// canRecord: runs are recorded only where a lock shows which of them are alive.
const canRecord = true
