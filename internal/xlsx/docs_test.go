package xlsx

import (
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/golden"
)

// docs/pack.md lists the columns of every sheet from the tables Write uses.
func TestDocsMailingListColumns(t *testing.T) {
	names := func(cs []column) string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.name
		}
		return strings.Join(out, ", ")
	}
	var b strings.Builder
	b.WriteString("| sheet | columns |\n|---|---|\n")
	for _, s := range []struct{ sheet, columns string }{
		{"`" + SheetSummary + "`", names(summaryColumns)},
		{"one sheet per letter kind", names(letterColumns)},
		{"`" + SheetActions + "`", names(actionColumns)},
		{"`" + SheetNotSent + "`", names(notSentColumns)},
		{"`" + SheetRequests + "`", names(requestColumns)},
		{"`" + SheetMessages + "`", names(messageColumns)},
	} {
		b.WriteString("| " + s.sheet + " | " + s.columns + " |\n")
	}
	golden.Section(t, "../../docs/pack.md", "mailing-list-columns", []byte(b.String()))
}
