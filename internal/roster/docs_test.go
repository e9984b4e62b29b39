package roster

import (
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/golden"
)

// docs/patient-list.md lists every field and the headers accepted for it, from the table
// the reader matches headers with.
func TestDocsPatientListColumns(t *testing.T) {
	var b strings.Builder
	b.WriteString("| field | headers accepted |\n|---|---|\n")
	for _, f := range Fields {
		b.WriteString("| `" + f + "` | " + strings.Join(Aliases(f), ", ") + " |\n")
	}
	golden.Section(t, "../../docs/patient-list.md", "patient-list-columns", []byte(b.String()))
}
