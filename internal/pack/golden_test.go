package pack

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/accesspack/accesspack/internal/pdftext"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/xlsx"
)

var update = flag.Bool("update", false, "rewrite the golden files from this run's output")

const goldenDir = "../../golden"

// TestGolden compares the text of every file of the sample pack, for every pathway, with
// golden/<pathway>/<file>.txt: PDF text as PDFium extracts it from the bytes, and every
// sheet of mailing-list.xlsx. Golden files change only with -update. Every PDF must also
// pass pdfcpu's strict validation.
func init() { api.DisableConfigDir() }

func TestGolden(t *testing.T) {
	for _, pw := range rules.Pathways {
		t.Run(string(pw), func(t *testing.T) {
			out, res := generateSample(t, pw)
			want := map[string]bool{}
			for _, f := range res.Files {
				var text string
				switch filepath.Ext(f.Path) {
				case ".pdf":
					b := readFile(t, filepath.Join(out, f.Path))
					validatePDF(t, f.Path, b)
					s, err := pdftext.Text(b)
					if err != nil {
						t.Fatalf("%s: %v", f.Path, err)
					}
					text = s
				case ".xlsx":
					fh, err := os.Open(filepath.Join(out, f.Path))
					if err != nil {
						t.Fatal(err)
					}
					text, err = xlsx.Dump(fh)
					fh.Close()
					if err != nil {
						t.Fatalf("%s: %v", f.Path, err)
					}
				default:
					continue // manifest.json holds hashes; TestReproducible covers it
				}
				name := filepath.Join(string(pw), filepath.FromSlash(f.Path)+".txt")
				want[name] = true
				compareGolden(t, name, text)
			}
			// A golden file for an output that is no longer made is stale.
			filepath.WalkDir(filepath.Join(goldenDir, string(pw)), func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
					return nil
				}
				rel, _ := filepath.Rel(goldenDir, p)
				if !want[rel] {
					if *update {
						os.Remove(p)
					} else {
						t.Errorf("golden/%s: no such output any more (run with -update to remove it)", filepath.ToSlash(rel))
					}
				}
				return nil
			})
		})
	}
}

// validatePDF checks a PDF of the pack with pdfcpu's strict validator.
func validatePDF(t *testing.T, name string, b []byte) {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(b), conf); err != nil {
		t.Errorf("%s: pdfcpu (strict): %v", name, err)
	}
}

func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("golden/%s: %v (run 'go test ./internal/pack -update' to create it, then read it)", filepath.ToSlash(name), err)
		return
	}
	if string(want) == got {
		return
	}
	actual := path + ".actual"
	os.WriteFile(actual, []byte(got), 0o644)
	t.Errorf("golden/%s differs from the output (%s written beside it):\n%s", filepath.ToSlash(name), filepath.Base(actual), firstDiff(string(want), got))
}

// firstDiff shows the first line where want and got differ, with its number.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			return fmt.Sprintf("line %d:\n  golden: %q\n  output: %q", i+1, w, g)
		}
	}
	return "(differs only in line endings)"
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
