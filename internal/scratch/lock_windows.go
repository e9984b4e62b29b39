//go:build windows

package scratch

import (
	"os"

	"golang.org/x/sys/windows"
)

// TakeLock takes an exclusive lock on path (created if need be), so that two runs cannot
// write the same output folder at once. Windows releases the lock when the process ends,
// however it ends, so a killed run leaves no stale lock, only its file, which the next
// run locks and removes.
func TakeLock(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if !tryLock(f) {
		f.Close()
		return nil, ErrLocked
	}
	// No one can remove or rename a file this process has open (Go opens files without
	// FILE_SHARE_DELETE), so path is still the file locked.
	return &Lock{f: f}, nil
}

// lockOffset is where the locked byte is: far beyond anything written, because a
// Windows lock is mandatory, so that locking the start of the file would stop the run's
// record being read by the run that sweeps it.
const lockOffset = 1 << 62

// tryLock takes an exclusive lock on f without waiting.
func tryLock(f *os.File) bool {
	ol := windows.Overlapped{Offset: lockOffset & 0xFFFFFFFF, OffsetHigh: lockOffset >> 32}
	err := windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	return err == nil
}

// ownedByUs: the folders accesspack looks in (the user's local application data and
// temporary folders) are the user's own on Windows.
func ownedByUs(os.FileInfo) bool { return true }

// privateDir reports whether a registry folder is the user's alone: on Windows the user's
// profile folders are, by their access lists, and file modes do not say.
func privateDir(fi os.FileInfo) bool { return true }

// renameOpen: Windows cannot rename a file that is open, so a record is written under
// its final name.
const renameOpen = false

// canRecord: runs are recorded, since a lock shows which of them are alive.
const canRecord = true
