package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/rules"
)

// TestGenerateEveryPathway runs the real command on the built-in sample for every pathway
// and reads the pack back: the sheets and their headers, the organisation letter, the
// reconciliation line, and a manifest that lists every file.
func TestGenerateEveryPathway(t *testing.T) {
	dir := t.TempDir()
	letterHeader := []string{"NHS Number", "EMIS Number", "Title", "Forename", "Surname", "Date of Birth",
		"Address Line 1", "Address Line 2", "Address Line 3", "Address Line 4", "Address Line 5", "Postcode",
		"Mobile", "Email", "Format", "Enclosures", "PDF File", "First Page", "Pages", "Warnings"}
	for _, pw := range rules.Pathways {
		t.Run(string(pw), func(t *testing.T) {
			out := "pack-" + string(pw)
			code, stdout, stderr := runIn(t, dir, "generate", "--pathway", string(pw), "--out", out)
			if code != int(outcome.OK) {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("generate printed to stdout: %q", stdout)
			}
			if !strings.Contains(stderr, "pack written to "+out) {
				t.Errorf("no closing summary on stderr:\n%s", stderr)
			}
			pack := filepath.Join(dir, out)
			f, err := excelize.OpenFile(filepath.Join(pack, "mailing-list.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets := f.GetSheetList()
			if sheets[0] != "Summary" || !slices.Contains(sheets, "Actions") || !slices.Contains(sheets, "Not sent") {
				t.Errorf("sheets %v", sheets)
			}
			if got := slices.Contains(sheets, "Requests register"); got != (pw == rules.Proceed) {
				t.Errorf("Requests register present = %v for %s", got, pw)
			}
			for _, k := range rules.PatientKinds {
				pdfExists := exists(filepath.Join(pack, "letters", string(k)+".pdf")) || exists(filepath.Join(pack, "letters", string(k)+"-large-print.pdf"))
				if slices.Contains(sheets, string(k)) != pdfExists {
					t.Errorf("%s: sheet present %v, PDF present %v", k, slices.Contains(sheets, string(k)), pdfExists)
				}
				if !slices.Contains(sheets, string(k)) {
					continue
				}
				rows, err := f.GetRows(string(k))
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(rows[0], letterHeader) {
					t.Errorf("%s header %v", k, rows[0])
				}
				for i, r := range rows[1:] {
					cell, _ := excelize.CoordinatesToCellName(1, i+2)
					typ, err := f.GetCellType(string(k), cell)
					if err != nil {
						t.Fatal(err)
					}
					if len(r[0]) != 10 || typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
						t.Errorf("%s: NHS number cell is not 10 digits stored as text (type %v)", k, typ)
						break
					}
				}
			}
			summary, err := f.GetRows("Summary")
			if err != nil {
				t.Fatal(err)
			}
			var reconciled bool
			for _, r := range summary {
				if len(r) > 1 && r[0] == "Reconciliation check" && strings.HasPrefix(r[1], "holds") {
					reconciled = true
				}
			}
			if !reconciled {
				t.Errorf("Summary does not say the reconciliation holds")
			}
			if k := rules.OrganisationLetter(pw); k != "" && !exists(filepath.Join(pack, "organisations", string(k)+".pdf")) {
				t.Errorf("organisation letter %s missing", k)
			}
			if !exists(filepath.Join(pack, "forms", "opt-in-form.pdf")) {
				t.Error("blank opt-in form missing")
			}
			var m struct {
				Pathway string `json:"pathway"`
				Input   struct {
					Rows   int    `json:"rows"`
					SHA256 string `json:"sha256"`
				} `json:"input"`
				Files []struct {
					Path string `json:"path"`
				} `json:"files"`
				Reconciled bool `json:"reconciled"`
			}
			b, err := os.ReadFile(filepath.Join(pack, "manifest.json"))
			if err != nil || json.Unmarshal(b, &m) != nil {
				t.Fatalf("manifest: %v", err)
			}
			var onDisk []string
			err = filepath.WalkDir(pack, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || d.Name() == "manifest.json" {
					return err
				}
				rel, err := filepath.Rel(pack, p)
				onDisk = append(onDisk, filepath.ToSlash(rel))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var listed []string
			for _, f := range m.Files {
				listed = append(listed, f.Path)
			}
			slices.Sort(onDisk)
			if !slices.Equal(listed, onDisk) || m.Pathway != string(pw) || !m.Reconciled || m.Input.Rows == 0 || len(m.Input.SHA256) != 64 {
				t.Errorf("manifest: pathway %q rows %d reconciled %v\nfiles  %v\non disk %v", m.Pathway, m.Input.Rows, m.Reconciled, listed, onDisk)
			}
		})
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestGenerateThroughALinkedOut: an --out that is a link to a folder stays a link, and the
// pack (and, with --force, the next pack) is written into the folder it points to.
func TestGenerateThroughALinkedOut(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "shared", "packs")
	if err := os.MkdirAll(target, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "pack")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"generate", "--out", "pack"}, {"generate", "--out", "pack", "--force", "--duplex"}} {
		if code, _, stderr := runIn(t, dir, args...); code != int(outcome.OK) {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		if fi, err := os.Lstat(filepath.Join(dir, "pack")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("%v: --out is no longer a link", args)
		}
		if !exists(filepath.Join(target, "manifest.json")) {
			t.Errorf("%v: no pack in the link's folder", args)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "shared")); len(entries) != 1 {
		t.Errorf("beside the link's folder: %v", entries)
	}
}
