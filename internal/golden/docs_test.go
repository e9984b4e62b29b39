package golden

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// TestDocReferencesResolve: every "docs/PAGE.md" or "docs/PAGE.md#anchor" that a comment or
// a document cites names a page that exists and a heading on it, so the contract the code
// points to is really there.
func TestDocReferencesResolve(t *testing.T) {
	root, err := filepath.Abs("../..")
	must(t, err)
	ref := regexp.MustCompile(`docs/([a-z0-9-]+\.md)(#[a-z0-9_-]+)?`)
	anchors := map[string]map[string]bool{} // page → its heading anchors
	anchorsOf := func(page string) map[string]bool {
		if a, ok := anchors[page]; ok {
			return a
		}
		b, err := os.ReadFile(filepath.Join(root, "docs", page))
		if err != nil {
			anchors[page] = nil
			return nil
		}
		a := map[string]bool{}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "#") {
				a["#"+headingAnchor(strings.TrimLeft(line, "# "))] = true
			}
		}
		anchors[page] = a
		return a
	}
	refs := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "third_party" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(p); ext != ".go" && ext != ".md" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		for _, m := range ref.FindAllStringSubmatch(string(b), -1) {
			refs++
			a := anchorsOf(m[1])
			switch {
			case a == nil:
				t.Errorf("%s cites docs/%s, which does not exist", rel, m[1])
			case m[2] != "" && !a[m[2]]:
				t.Errorf("%s cites docs/%s%s: no such heading there", rel, m[1], m[2])
			}
		}
		return nil
	})
	must(t, err)
	if refs < 30 {
		t.Errorf("only %d references to docs/ found", refs)
	}
}

// headingAnchor is the anchor GitHub gives a Markdown heading: lower case, spaces to
// hyphens, punctuation other than - and _ dropped.
func headingAnchor(h string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(h) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_':
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestHeadingAnchor(t *testing.T) {
	for h, want := range map[string]string{
		"`--strict`": "--strict", "mailing-list.xlsx": "mailing-listxlsx", "Code state": "code-state",
		"`[icb]`: Your ICB": "icb-your-icb", "What the checks mean exactly": "what-the-checks-mean-exactly",
	} {
		if got := headingAnchor(h); got != want {
			t.Errorf("headingAnchor(%q) = %q, want %q", h, got, want)
		}
	}
}
