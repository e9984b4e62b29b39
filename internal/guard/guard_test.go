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
