//go:build !unix

package main

import "time"

var started = time.Now()

// selfCPU stands in for the CPU time this process has used with the time since it
// started: printbench's engines are Debian's, and on other systems it is built only so
// that go test ./... and go vet ./... pass there; its in-process figures are then
// elapsed time, not CPU time.
func selfCPU() time.Duration { return time.Since(started) }
