package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/accesspack/accesspack/internal/golden"
	"github.com/accesspack/accesspack/internal/pdftext"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"accesspack": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the real main through the scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       golden.Updating(), // -update rewrites a cmp's expected file in the script
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// pdftext FILE: the text PDFium extracts from FILE, as the script's stdout.
			"pdftext": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: pdftext FILE")
				}
				text, err := pdftext.Text([]byte(ts.ReadFile(args[0])))
				ts.Check(err)
				fmt.Fprint(ts.Stdout(), text)
			},
		},
	})
}
