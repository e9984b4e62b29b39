package practice_test

import (
	"slices"
	"testing"

	"github.com/accesspack/accesspack/internal/channel"
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

// TestPatientLetterNamesMatchRules keeps practice's copy of the letter kinds to patients
// and of the channel names true.
func TestPatientLetterNamesMatchRules(t *testing.T) {
	var want []string
	for _, k := range rules.PatientKinds {
		want = append(want, string(k))
	}
	if !slices.Equal(practice.PatientLetterNames, want) {
		t.Errorf("practice.PatientLetterNames = %v, rules.PatientKinds = %v", practice.PatientLetterNames, want)
	}
	var modes []string
	for _, m := range channel.Modes {
		modes = append(modes, m.String())
	}
	if !slices.Equal(practice.ChannelNames, modes) {
		t.Errorf("practice.ChannelNames = %v, channel.Modes = %v", practice.ChannelNames, modes)
	}
}
