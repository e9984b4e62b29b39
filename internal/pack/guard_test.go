package pack

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/accesspack/accesspack/internal/guard"
	"github.com/accesspack/accesspack/internal/rules"
)

// TestWorkerPanicsBecomeErrors: a panic while building a letter or drawing a volume (on
// goroutines of their own) ends the run with guard.ErrPanic, whose message shows nothing
// of the panic, and leaves nothing behind.
func TestWorkerPanicsBecomeErrors(t *testing.T) {
	for name, spoil := range map[string]func(*Config){
		"building letters": func(c *Config) { c.Templates = nil },
		"drawing a volume": func(c *Config) { c.Practice = nil },
	} {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			cfg := sampleConfig(t, rules.Proceed, filepath.Join(parent, "pack"))
			spoil(&cfg)
			_, err := Generate(context.Background(), cfg)
			if !errors.Is(err, guard.ErrPanic) {
				t.Fatalf("err = %v, want guard.ErrPanic", err)
			}
			if got := leftovers(t, parent); len(got) != 0 {
				t.Errorf("left %v", got)
			}
		})
	}
}
