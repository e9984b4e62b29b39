package postcode

import (
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
)

func TestNormalise(t *testing.T) {
	tests := []struct {
		in, want string
		valid    bool
	}{
		{"ls62qr", "LS6 2QR", true},
		{"LS6 2QR", "LS6 2QR", true},
		{"  ls6   2qr ", "LS6 2QR", true},
		{"M1 1AE", "M1 1AE", true},     // A9
		{"B33 8TH", "B33 8TH", true},   // A99
		{"CR2 6XH", "CR2 6XH", true},   // AA9
		{"DN55 1PT", "DN55 1PT", true}, // AA99
		{"W1A 0AX", "W1A 0AX", true},   // A9A
		{"EC1A 1BB", "EC1A 1BB", true}, // AA9A
		{"gir 0aa", "GIR 0AA", true},   // special
		{"BFPO 801", "BFPO 801", true}, // forces
		{"LS6 2QC", "LS6 2QC", false},  // inward never uses C
		{"LS6 2IR", "LS6 2IR", false},  // ... nor I
		{"12345", "12345", false},      // not UK
		{"LS6", "LS6", false},          // outward only
		{"", "", false},
		{"ZZ99 3VZ", "ZZ99 3VZ", false}, // pseudo (V never in an inward code); IsPseudo catches it first
	}
	for _, tt := range tests {
		got, ok := Normalise(tt.in)
		if got != tt.want || ok != tt.valid {
			t.Errorf("Normalise(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.valid)
		}
	}
}

func TestIsPseudo(t *testing.T) {
	for in, want := range map[string]bool{"ZZ99 3VZ": true, "zz993cz": true, "ZY99 3AA": false, "Z Z 9 9 3 V Z": true, "LS6 2QR": false} {
		if got := IsPseudo(in); got != want {
			t.Errorf("IsPseudo(%q) = %v", in, got)
		}
	}
}

func TestSplit(t *testing.T) {
	if o, i := Split("EC1A 1BB"); o != "EC1A" || i != "1BB" {
		t.Errorf("Split = %q %q", o, i)
	}
}

func TestPlausible(t *testing.T) {
	for pc, want := range map[string]bool{
		"LS6 2QR": true, "ls62qr": true, "LS6 2Q": true, "GIR 0AA": true, "BFPO 1234": true, "LS6": true, "12345": true, "LS6-2QR": true,
		"UNKNOWN": false, "N/A": false, "TBC": false, "NFA": false, "NONE": false, "-": false, "": false, "?": false, "Not known": false,
	} {
		if got := Plausible(pc); got != want {
			t.Errorf("Plausible(%q) = %v, want %v", pc, got, want)
		}
	}
}
