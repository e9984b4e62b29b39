package roster

import (
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/patient"
)

// TestRowsAgree: a list whose rows as a spreadsheet shows them are not the rows read is
// rejected with both counts and what to do, so that no pack is made from it; a list whose
// counts agree passes.
func TestRowsAgree(t *testing.T) {
	ok := &List{DataRows: 2, Patients: make([]patient.Patient, 2)}
	if err := rowsAgree("list.csv", ok); err != nil {
		t.Errorf("counts agree: %v", err)
	}
	for _, tc := range []struct {
		shown, read int
		want        string
	}{
		{5, 4, "a spreadsheet shows 5 patient rows below the header, but 4 rows could be read"},
		{1, 2, "a spreadsheet shows 1 patient row below the header, but 2 rows could be read"},
	} {
		err := rowsAgree("list.csv", &List{DataRows: tc.shown, Patients: make([]patient.Patient, tc.read)})
		fe, isFile := err.(*FileError)
		if !isFile {
			t.Fatalf("%d shown, %d read: got %v, want a FileError", tc.shown, tc.read, err)
		}
		if !strings.Contains(fe.Error(), "list.csv: "+tc.want) || !strings.Contains(fe.Hint, "save it again") {
			t.Errorf("%d shown, %d read: %q (hint %q)", tc.shown, tc.read, fe.Error(), fe.Hint)
		}
	}
}
