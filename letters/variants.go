package letters

import (
	"slices"

	"github.com/accesspack/accesspack/internal/rules"
)

// Wording variants. A template file holds every variant of its kind in sections
// ("::: variant NAME" … ":::"); text outside any section is in every variant.
//
//	opt-out-notice  going-live        proceed, batch104-before-live: "from {go-live date}"
//	                planned-date      missed-date: the practice plans to switch on from
//	                                  {go-live date} and will say if it changes
//	                deferred          defer-booked: nothing switched on; the booked date is not going ahead
//	                deferred-104      the same, with bulk 104: a 104 code is being added to the record
//	                switch-on-date    batch104-after-live and manual-enable, with an online
//	                                  account: the practice switches access on from
//	                                  {switch-on date}, after {reply-by date}
//	                first-connection  the same pathways, without one: access starts when they
//	                                  first connect, on or after {switch-on date}
//	dpia-update     defer-dpia        why access is deferred, and how to opt in
//	                defer-dpia-104    the same, with bulk 104: a 104 code is being added
//	opt-in-form     filled            the enclosure, with the patient's name, date of birth and NHS number
//	                blank             the blank form for reception and the website (no patient fields)
//	other kinds     the pathway name  e.g. "proceed"; a kind's file may also have a "default"
//	                                  section, used for any pathway without a section of its own
//
// For a requested variant V, a file's "::: variant V" sections are used if it has any;
// otherwise its "::: variant default" sections.
const (
	GoingLive       = "going-live"
	PlannedDate     = "planned-date"
	Deferred        = "deferred"
	Deferred104     = "deferred-104"
	SwitchOnDate    = "switch-on-date"
	FirstConnection = "first-connection"
	DeferDPIA104    = "defer-dpia-104"
	Filled          = "filled"
	Blank           = "blank"
	Default         = "default"
)

// Variants returns the variant names the rules may ask for with kind, which
// `templates check` renders one by one. For the kinds whose wording follows the
// pathway, these are the pathways that send that kind.
func Variants(kind rules.Kind) []string {
	switch kind {
	case rules.OptOutNotice:
		return []string{GoingLive, PlannedDate, Deferred, Deferred104, SwitchOnDate, FirstConnection}
	case rules.OptInForm:
		return []string{Filled, Blank}
	case rules.RequestAccess:
		return pathwayNames()
	case rules.DPIAUpdate:
		return []string{string(rules.DeferDPIA), DeferDPIA104}
	case rules.CommissionerLetter:
		return []string{string(rules.DeferDPIA)}
	case rules.BulkDateRequest:
		return []string{string(rules.MissedDate)}
	case rules.EMISDeferralNotice:
		return []string{string(rules.DeferBooked)}
	}
	return nil
}

// Kinds lists every kind that has a template file, in the order files are checked.
var Kinds = []rules.Kind{
	rules.OptOutNotice, rules.RequestAccess, rules.DPIAUpdate, rules.OptInForm,
	rules.CommissionerLetter, rules.EMISDeferralNotice, rules.BulkDateRequest,
}

// pathwayKeyed reports whether kind's variants are pathway names (dpia-update's bulk-104
// variant is the one name besides).
func pathwayKeyed(kind rules.Kind) bool {
	return kind != rules.OptOutNotice && kind != rules.OptInForm
}

// sectionNames returns the names a "::: variant" line may use in kind's file.
func sectionNames(kind rules.Kind) []string {
	names := Variants(kind)
	if pathwayKeyed(kind) {
		names = pathwayNames()
		for _, v := range Variants(kind) {
			if !slices.Contains(names, v) {
				names = append(names, v)
			}
		}
	}
	return append(names, Default)
}

func pathwayNames() []string {
	out := make([]string, len(rules.Pathways))
	for i, p := range rules.Pathways {
		out[i] = string(p)
	}
	return out
}

func fileName(kind rules.Kind) string { return string(kind) + ".md" }
