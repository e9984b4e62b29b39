package main

import (
	"syscall"
	"unsafe"
)

// startedFromFileManager reports whether the program has a console window of its own:
// Explorer starts a console program in a new console with no other process attached,
// while a program run from Command Prompt or PowerShell shares theirs.
func startedFromFileManager() bool {
	proc := syscall.NewLazyDLL("kernel32.dll").NewProc("GetConsoleProcessList")
	if proc.Find() != nil {
		return false
	}
	var ids [2]uint32
	n, _, _ := proc.Call(uintptr(unsafe.Pointer(&ids[0])), uintptr(len(ids)))
	return n == 1
}
