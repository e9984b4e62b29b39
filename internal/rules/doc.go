// Package rules decides, per patient, what the practice's chosen pathway obliges it to do:
// code state and eligibility (docs/rules.md) and the pathway tables (docs/pathways.md). It is pure:
// no I/O beyond writing the pathway tables to a given writer.
//
// The six pathway tables are data (Tables, in table.go): Decide reads them to decide and
// WritePathways prints them for `accesspack pathways`, so the two cannot disagree. The
// eligibility checks are an ordered list (eligibility, in decide.go) read the
// same way.
//
// Use: ParsePathway and Options.Validate on what the user gave; Decide for one Decision per
// input row (letter, variant, enclosures, actions, not sent reason, warnings, and a reason
// naming the table row that fired); Count and WriteCounts for the dry-run summary.
package rules
