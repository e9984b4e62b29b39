package main

import (
	"errors"

	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/roster"
)

// classify gives an error its exit status, message and hints (SPEC §7).
func classify(err error) (code int, msg string, hints []string) {
	var ue usageError
	var h hinted
	var fe *roster.FileError
	var pe *practice.Error
	switch {
	case errors.As(err, &ue):
		return exitUsage, ue.msg, ue.hints
	case errors.As(err, &h):
		return h.code, h.msg, h.hints
	case errors.As(err, &fe):
		return exitList, fe.File + ": " + fe.Problem, nonEmpty(fe.Hint)
	case errors.As(err, &pe):
		return exitUsage, pe.Error(), nonEmpty(pe.Hint)
	}
	return exitInternal, err.Error(), nil
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
