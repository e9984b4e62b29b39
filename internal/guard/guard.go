// Package guard turns a panic into an error, so that no panic value is ever printed: a
// value can hold a patient's details, and a panic on a goroutine other than main's would
// end the program with its value and stack on stderr. Every goroutine accesspack starts
// runs its work in a function that defers Recover (the pack's renderers and letter
// builders, the PDF page deflaters, the organisation letters); the web app's handlers and
// its pack job recover their own, to answer with a page.
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
