package practice_test

import (
	"slices"
	"testing"

	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
)

// TestPathwayNamesMatchRules: practice keeps its own copy of the pathway names (it must
// not import rules); this keeps the copy true.
func TestPathwayNamesMatchRules(t *testing.T) {
	var want []string
	for _, p := range rules.Pathways {
		want = append(want, string(p))
	}
	if !slices.Equal(practice.PathwayNames, want) {
		t.Errorf("practice.PathwayNames = %v, rules.Pathways = %v", practice.PathwayNames, want)
	}
}
