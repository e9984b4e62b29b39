//go:build !unix

package outdir

import (
	"errors"
	"os"
)

// lockFile creates path exclusively; on systems without flock a killed run can leave the
// lock file behind, and the error says to delete it.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, ErrBusy
	}
	return f, err
}

func unlock(f *os.File) {
	if f == nil {
		return
	}
	f.Close()
	os.Remove(f.Name())
}
