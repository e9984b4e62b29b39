package main

import "golang.org/x/sys/windows"

// startedFromFileManager reports whether the program has a new console window of its
// own: Explorer (or a browser's or mail program's "Open") starts a console program in a
// new, empty console, with the cursor at its top-left corner, while a program typed in
// Command Prompt, PowerShell or Windows Terminal writes below the line it was typed on.
// Output that is not a console (redirected, or a pipe) is not a file manager either.
func startedFromFileManager() bool {
	out, err := windows.GetStdHandle(windows.STD_OUTPUT_HANDLE)
	if err != nil {
		return false
	}
	var info windows.ConsoleScreenBufferInfo
	if windows.GetConsoleScreenBufferInfo(out, &info) != nil {
		return false
	}
	return info.CursorPosition.X == 0 && info.CursorPosition.Y == 0
}
