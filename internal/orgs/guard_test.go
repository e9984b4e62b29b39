package orgs

import (
	"errors"
	"testing"

	"github.com/accesspack/accesspack/internal/guard"
	"github.com/accesspack/accesspack/letters"
)

// TestRenderPanicBecomesAnError: a panic while making a letter on one of Build's worker
// goroutines is Build's error, guard.ErrPanic, and does not end the program printing the
// panic's value.
func TestRenderPanicBecomesAnError(t *testing.T) {
	l, err := ReadFile("testdata/practices.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer func(f func(*Item, *letters.Set)) { renderItem = f }(renderItem)
	renderItem = func(it *Item, _ *letters.Set) { panic("row " + it.ODS + " Hollin Bank Practice") }
	if _, err := Build(l, Options{Templates: templates(t)}); !errors.Is(err, guard.ErrPanic) {
		t.Errorf("err = %v, want guard.ErrPanic", err)
	}
}
