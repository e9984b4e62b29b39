// Package templates holds the wording of every letter, one Markdown-like file per letter
// kind, embedded in the program. Package letters parses and fills them in; the format
// is explained at the top of each file. `accesspack templates export DIR` writes copies
// for a practice to edit, used with `--templates DIR`.
package templates

import "embed"

// FS holds the template files: one per letter kind, <kind>.md, and one per letter kind
// to patients for its text message, <kind>.message.txt.
//
//go:embed *.md *.message.txt
var FS embed.FS
