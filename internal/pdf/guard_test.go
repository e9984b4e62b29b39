package pdf

import (
	"errors"
	"sync"
	"testing"

	"github.com/accesspack/accesspack/internal/guard"
)

// TestDeflatePanicBecomesAnError: a panic on a page-deflating goroutine ends as the
// batch's error, not the program (which would print the panic's value).
func TestDeflatePanicBecomesAnError(t *testing.T) {
	saved := zpool
	zpool = &sync.Pool{New: func() any { return nil }} // not a zlib writer: deflate panics
	defer func() { zpool = saved }()
	b := &batch{in: [][]byte{[]byte("BT ET")}, done: make(chan struct{})}
	go b.deflate()
	<-b.done
	if !errors.Is(b.err, guard.ErrPanic) {
		t.Errorf("err = %v, want guard.ErrPanic", b.err)
	}
}
