// Package rules decides, per patient, what the practice's chosen pathway obliges it to do:
// code state (SPEC §3), eligibility (SPEC §4) and the pathway tables (SPEC §5). It is pure:
// no I/O beyond writing the pathway tables to a given writer.
package rules
