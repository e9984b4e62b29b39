package suggest

import (
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
)

func TestNearest(t *testing.T) {
	cmds := []string{"generate", "check", "pathways", "init", "sample", "templates", "calibrate", "organisations", "version"}
	tests := []struct{ in, want string }{
		{"genrate", "generate"},
		{"chek", "check"},
		{"pathway", "pathways"},
		{"gen", "generate"},
		{"VERSION", "version"},
		{"organizations", "organisations"},
		{"xyzzy", ""},
	}
	for _, tt := range tests {
		if got := Nearest(tt.in, cmds); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"Zoë", "Zoe", 1}}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q,%q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
