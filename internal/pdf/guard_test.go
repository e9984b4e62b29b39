package pdf

import (
	"bytes"
	"errors"
	"testing"

	"github.com/accesspack/accesspack/internal/guard"
)

// TestDeflatePanicBecomesAnError: a panic on a page-deflating goroutine ends as the
// batch's error, not the program (which would print the panic's value).
func TestDeflatePanicBecomesAnError(t *testing.T) {
	b := &batch{in: []*bytes.Buffer{nil}, done: make(chan struct{})} // a nil page panics
	go b.deflate()
	<-b.done
	if !errors.Is(b.err, guard.ErrPanic) {
		t.Errorf("err = %v, want guard.ErrPanic", b.err)
	}
}
