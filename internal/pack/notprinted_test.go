package pack

import (
	"slices"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/rules"
)

// A letter that cannot be printed takes the actions that would give access with it to Not
// sent: nobody's access is switched on before they have been written to.
func TestNotPrintedHoldsAccess(t *testing.T) {
	d := rules.Decision{Letter: rules.OptOutNotice, Variant: "switch-on-date",
		Actions: []rules.Action{rules.ManualAccess}, Detail: "not before 15 January 2027: switch on access",
		NotBefore: civil.New(2027, 1, 15)}
	notPrinted(&d, "address does not fit the envelope window: write by hand")
	if d.Letter != "" || len(d.Actions) != 0 || d.Detail != "" {
		t.Errorf("letter %q, actions %v, detail %q left", d.Letter, d.Actions, d.Detail)
	}
	if want := "address does not fit the envelope window: write by hand; manual-access only after writing to them, not before 15 January 2027"; d.NotSent != want {
		t.Errorf("not sent %q, want %q", d.NotSent, want)
	}
	d = rules.Decision{Letter: rules.OptOutNotice, Variant: "going-live", Actions: []rules.Action{rules.Add106}, Detail: "add a 106, entered after the 104"}
	notPrinted(&d, "x: write by hand")
	if len(d.Actions) != 0 || d.NotSent != "x: write by hand; add-106 only after writing to them" {
		t.Errorf("add-106: actions %v, not sent %q", d.Actions, d.NotSent)
	}
	// add-104 takes access away: it stays on the work-list.
	d = rules.Decision{Letter: rules.OptOutNotice, Variant: "deferred-104", Actions: []rules.Action{rules.Add104}, Detail: "add a 104"}
	notPrinted(&d, "x: write by hand")
	if !slices.Equal(d.Actions, []rules.Action{rules.Add104}) || d.Detail != "add a 104" || d.NotSent != "x: write by hand" {
		t.Errorf("add-104: actions %v, detail %q, not sent %q", d.Actions, d.Detail, d.NotSent)
	}
}
