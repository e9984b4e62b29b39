//go:build !windows

package main

// startedFromFileManager is false outside Windows: a Mac's Finder runs a program in
// Terminal, and Linux file managers vary, so there 'accesspack serve' is typed.
func startedFromFileManager() bool { return false }
