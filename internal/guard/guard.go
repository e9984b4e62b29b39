// Package guard turns a panic into an error, so that no panic value is ever printed: a
// value can hold a patient's details, and a panic on a goroutine other than main's would
// end the program with its value and stack on stderr. Every goroutine accesspack starts
// defers Recover.
package guard

import "errors"

// ErrPanic is the error a recovered panic becomes. It says nothing of the panic's value.
var ErrPanic = errors.New("internal failure (this is a bug)")

// Recover, deferred, turns a panic of the function that deferred it into ErrPanic in
// *err. It must be called directly by the deferred function (defer guard.Recover(&err)).
func Recover(err *error) {
	if r := recover(); r != nil {
		*err = ErrPanic
	}
}

// Go runs fn on a goroutine of its own and returns a channel that receives its error, or
// ErrPanic if it panicked, and is then closed.
func Go(fn func() error) <-chan error {
	ch := make(chan error, 1)
	go func() {
		defer close(ch)
		var err error
		func() {
			defer Recover(&err)
			err = fn()
		}()
		ch <- err
	}()
	return ch
}
