//go:build !unix

package scratch

import "os"

// Release unlocks the lock (by closing its file) and removes the file, closed first, as
// Windows removes no file that is open. If another run has the file open by then, it
// stays, unlocked, for that run to take.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	l.f.Close()
	os.Remove(l.f.Name())
	l.f = nil
}
