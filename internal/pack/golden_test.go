package pack

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/accesspack/accesspack/internal/golden"
	"github.com/accesspack/accesspack/internal/pdftext"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/xlsx"
)

const goldenDir = "../../golden"

func init() { api.DisableConfigDir() }

// TestGolden compares the text of every file of the sample pack, for every pathway, with
// golden/<pathway>/<file>.txt: PDF text as PDFium extracts it from the bytes, and every
// sheet of mailing-list.xlsx. Golden files change only with -update (see internal/golden).
// Every PDF must also pass pdfcpu's strict validation.
func TestGolden(t *testing.T) {
	for _, pw := range rules.Pathways {
		t.Run(string(pw), func(t *testing.T) {
			out, res := generateSample(t, pw)
			var compared []string
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
				path := filepath.Join(goldenDir, string(pw), filepath.FromSlash(f.Path)+".txt")
				compared = append(compared, path)
				golden.Check(t, path, []byte(text))
			}
			// A golden file for an output that is no longer made is stale.
			golden.Stale(t, filepath.Join(goldenDir, string(pw)), ".txt", compared)
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

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
