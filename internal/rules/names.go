package rules

// Pathway is one of the six situations of SPEC §5.
type Pathway string

const (
	MissedDate         Pathway = "missed-date"
	DeferBooked        Pathway = "defer-booked"
	Proceed            Pathway = "proceed"
	DeferDPIA          Pathway = "defer-dpia"
	Batch104BeforeLive Pathway = "batch104-before-live"
	Batch104AfterLive  Pathway = "batch104-after-live"
)

// Pathways lists the pathways in SPEC order.
var Pathways = []Pathway{MissedDate, DeferBooked, Proceed, DeferDPIA, Batch104BeforeLive, Batch104AfterLive}

// Kind names a letter kind (SPEC §5).
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

// Action names an EMIS work-list action (SPEC §5).
type Action string

const (
	Add104       Action = "add-104"
	Add106       Action = "add-106"
	ManualAccess Action = "manual-access"
	Review       Action = "review"
)

// Actions lists the actions in SPEC order.
var Actions = []Action{Add104, Add106, ManualAccess, Review}
