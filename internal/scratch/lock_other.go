//go:build !unix && !windows

package scratch

import (
	"errors"
	"os"
)

// TakeLock creates path exclusively; on systems without flock a killed run can leave the
// lock file behind, and the error says another run holds it.
func TakeLock(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, err
	}
	return &Lock{f: f}, nil
}

func tryLock(f *os.File) bool { return false }

func ownedByUs(fi os.FileInfo) bool { return true }

func privateDir(fi os.FileInfo) bool { return false }

const renameOpen = true

// canRecord: without flock a record cannot show whether its run is alive, so runs are
// not recorded; a folder beside an output is still cleared by the next run on that output.
const canRecord = false
