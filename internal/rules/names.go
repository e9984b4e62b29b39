package rules

// Pathway is one of the seven situations of docs/pathways.md.
type Pathway string

const (
	MissedDate         Pathway = "missed-date"
	DeferBooked        Pathway = "defer-booked"
	Proceed            Pathway = "proceed"
	DeferDPIA          Pathway = "defer-dpia"
	Batch104BeforeLive Pathway = "batch104-before-live"
	Batch104AfterLive  Pathway = "batch104-after-live"
	ManualEnable       Pathway = "manual-enable"
)

// Pathways lists the pathways in the order of docs/pathways.md.
var Pathways = []Pathway{MissedDate, DeferBooked, Proceed, DeferDPIA, Batch104BeforeLive, Batch104AfterLive, ManualEnable}

// Kind names a letter kind (docs/pathways.md, docs/pack.md).
type Kind string

// Letters to patients, the enclosure, and letters to organisations.
const (
	OptOutNotice       Kind = "opt-out-notice"
	RequestAccess      Kind = "request-access"
	DPIAUpdate         Kind = "dpia-update"
	OptInForm          Kind = "opt-in-form"
	BulkDateRequest    Kind = "bulk-date-request"
	EMISDeferralNotice Kind = "emis-deferral-notice"
	CommissionerLetter Kind = "commissioner-letter"
)

// PatientKinds are the letter kinds addressed to patients, in the order packs list them.
var PatientKinds = []Kind{OptOutNotice, RequestAccess, DPIAUpdate}

// OrganisationKinds are the letters to organisations.
var OrganisationKinds = []Kind{BulkDateRequest, EMISDeferralNotice, CommissionerLetter}

// Action names an EMIS work-list action (docs/pathways.md).
type Action string

const (
	Add104       Action = "add-104"
	Add106       Action = "add-106"
	ManualAccess Action = "manual-access"
	Review       Action = "review"
)

// GivesAccess reports whether the action switches on the patient's access, or lets
// EMIS do so (a 106): such an action waits until the patient has been written to.
func (a Action) GivesAccess() bool { return a == Add106 || a == ManualAccess }

// Actions lists the actions in the order docs/pack.md lists them.
var Actions = []Action{Add104, Add106, ManualAccess, Review}

// CodeState is what a patient's record-access codes add up to (docs/rules.md#code-state).
type CodeState string

const (
	Declined CodeState = "declined" // any 103
	Blocked  CodeState = "blocked"  // a 104 not cleared by a later 106
	Cleared  CodeState = "cleared"  // a 106 entered after the 104 (or a 106 alone)
	Uncoded  CodeState = "uncoded"  // none of 103, 104, 106
)

// CodeStates lists the code states in the order of docs/rules.md#code-state.
var CodeStates = []CodeState{Declined, Blocked, Cleared, Uncoded}

// Warnings the rules put on a decision, word for word as docs/rules.md and docs/pathways.md
// give them; the last two cover a code whose date the reader could not read.
const (
	WarnSameDay104106 = "104 and 106 on the same day: order unknown, treated as 104"
	WarnPostcode      = "postcode format looks wrong"
	WarnNo104         = "no 104 code: gets access at go-live"
	Warn104NoDate     = "104 code has no readable date: treated as 104"
	Warn106NoDate     = "106 code has no readable date: it does not cancel the 104"
)

// Not sent reasons with fixed wording (docs/rules.md#eligibility, docs/pathways.md). The others carry row numbers or a
// date: "duplicate of row N", "conflicting duplicate rows N and M", "under 16 on 1 December 2026".
const (
	NotSentInvalidNHS    = "invalid NHS number"
	NotSentDeceased      = "deceased"
	NotSentNoDOB         = "no date of birth"
	NotSentDOBFuture     = "date of birth in the future"
	NotSentDOBBefore1900 = "date of birth before 1900"
	NotSentNoAddress     = "no postal address"
	NotSentDeclined      = "declined access (103)"
	NotSentHasAccess     = "already has access"
	NotSentAtRisk        = "at risk but not coded 104: review before go-live"
	NotSentAtRiskHand    = "at risk but not coded 104: review before switching on"
	NotSentAwaiting      = "awaiting review"
	NotSentAlreadyLive   = "not coded 104: go-live rules already apply"
	// NotSentUnder16 starts the under-16 reason, which ends with the reference date.
	NotSentUnder16 = "under 16 on "
)
