package guard

import (
	"errors"
	"strings"
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
)

func TestRecoverHidesTheValue(t *testing.T) {
	f := func() (err error) {
		defer Recover(&err)
		panic("Arthur Pendlebury 999 100 0018")
	}
	err := f()
	if !errors.Is(err, ErrPanic) || strings.Contains(err.Error(), "Pendlebury") {
		t.Errorf("err = %v", err)
	}
	g := func() (err error) {
		defer Recover(&err)
		return errors.New("plain")
	}
	if err := g(); err == nil || err.Error() != "plain" {
		t.Errorf("an error without a panic became %v", err)
	}
}

func TestGo(t *testing.T) {
	if err := <-Go(func() error { var m map[string]int; m["x"]++; return nil }); !errors.Is(err, ErrPanic) {
		t.Errorf("panic on a goroutine: %v", err)
	}
	want := errors.New("done")
	ch := Go(func() error { return want })
	if err := <-ch; err != want {
		t.Errorf("err = %v", err)
	}
	if _, open := <-ch; open {
		t.Error("channel not closed")
	}
}
