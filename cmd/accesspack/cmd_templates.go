package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/channel"
	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/pdf"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/letters"
)

type templatesOptions struct{ practice string }

var templatesCommand = define(command{
	name: "templates", summary: "export or check the letter and text message wording",
	args: "export DIR | check DIR [--practice FILE]",
	about: `The wording of every letter lives in templates, one file per kind of letter, in a simple
Markdown-like format, and the text message sent instead of each letter to patients in
KIND.message.txt beside it; page.md holds the words around every letter (the NHS number
line, each page's footer, the double-sided blank page). 'export' copies the built-in
templates into DIR for you to edit; 'check' reads the templates in DIR, renders every kind
against sample data, shows each text message's length and fragments with the practice's
details, and reports every problem with its file and line. Use edited templates with
'generate --templates DIR'.

Fields a template may use, in braces:
  ` + strings.Join(letters.FieldHelp(), "\n  "),
	example: `  accesspack templates export my-wording
  accesspack templates check my-wording --practice practice.toml
  accesspack generate --templates my-wording --practice practice.toml --patients list.csv`,
}, func(fs *pflag.FlagSet, o *templatesOptions) {
	fs.StringVar(&o.practice, "practice", "", "practice file whose details the text messages are measured with; default: the built-in sample practice")
}, func(e *env, o *templatesOptions, args []string) error {
	if len(args) != 2 || (args[0] != "export" && args[0] != "check") {
		return usage("templates needs 'export DIR' or 'check DIR'", "for example: accesspack templates export my-wording")
	}
	dir := args[1]
	if args[0] == "export" {
		if err := letters.Export(dir); err != nil {
			return &outcome.Error{Status: outcome.Usage, Msg: "cannot export templates to " + dir + ": " + err.Error(), Err: err,
				Hints: []string{"choose an empty or new folder"}}
		}
		e.note("wrote the templates to %s: edit them, then run 'accesspack templates check %s'", dir, dir)
		return nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usage(dir+" is not a folder of templates", "make one with 'accesspack templates export "+dir+"'")
	}
	if err := letters.CheckDir(dir); err != nil { // each problem names DIR/FILE:LINE
		return &outcome.Error{Status: outcome.Usage, Msg: err.Error(), Err: err}
	}
	fmt.Fprintf(e.stdout, "templates in %s: every kind and variant renders\n", dir)
	return checkMessages(e, dir, o.practice)
})

type calibrateOptions struct {
	fileOptions
	practice string
}

var calibrateCommand = define(command{
	name: "calibrate", summary: "print a test page outlining the envelope address window",
	args: "[--practice FILE] --out FILE.pdf",
	about: `Writes a one-page PDF that outlines where accesspack prints the address. Print it on plain
paper, fold it as you would a letter and put it in one of your window envelopes: the whole
outlined box must show through the window. If not, change [window] in the practice file.`,
	example: "  accesspack calibrate --out window-test.pdf\n  accesspack calibrate --practice practice.toml --out window-test.pdf",
}, func(fs *pflag.FlagSet, o *calibrateOptions) {
	fs.StringVar(&o.practice, "practice", "", "practice file whose [window] to draw; default: the standard DL window")
	o.add(fs, "", "the PDF to write (required)")
}, func(e *env, o *calibrateOptions, args []string) error {
	if err := noArgs("calibrate", args); err != nil {
		return err
	}
	win := practice.DefaultWindow
	if o.practice != "" {
		p, err := practice.Load(o.practice)
		if err != nil {
			return err
		}
		for _, pe := range p.Problems(0) { // the window's, named by key and line
			if strings.HasPrefix(pe.Key, "window.") {
				return pe
			}
		}
		win = p.Window
	}
	if err := writeFile(&o.fileOptions, "for example: accesspack calibrate --out window-test.pdf", func(w io.Writer) error { return pdf.Calibrate(w, win) }); err != nil {
		return err
	}
	e.note("wrote %s: print it at 100%% (no 'fit to page'), fold it and hold it behind a window envelope", o.out)
	return nil
})

// checkMessages renders every text message in dir with the practice's details and
// prints each one's encoding, length and fragments; a message over budget is an error.
func checkMessages(e *env, dir, practiceFile string) error {
	set, err := letters.LoadDir(dir)
	if err != nil {
		return &outcome.Error{Status: outcome.Usage, Msg: "templates in " + dir + ": " + err.Error(), Err: err}
	}
	pr, which, err := messagePractice(practiceFile)
	if err != nil {
		return err
	}
	_, budget, _, err := channel.FromPractice(pr)
	if err != nil {
		return outcome.New(outcome.Usage, "the practice file's messages.channels: "+err.Error(), "use letter, message or both")
	}
	ms, err := set.CheckMessages(pr, budget)
	if len(ms) > 0 {
		fmt.Fprintf(e.stdout, "\nText messages with the details of %s, budget %d fragments a message:\n", which, budget)
		writeMessageCounts(e.stdout, set, pr, ms)
	}
	if err != nil {
		hints := []string{"shorten the message, or raise the practice's message budget if your messaging service allows it"}
		if strings.Contains(err.Error(), "UCS-2") {
			hints = append(hints, "a curly quote, a long dash or an emoji makes a whole message Unicode: use ' and - instead")
		}
		return &outcome.Error{Status: outcome.Usage, Msg: "text messages in " + dir + ": " + err.Error(), Hints: hints, Err: err}
	}
	if set.PageBuiltIn() {
		e.note("%s has no %s: its letters get the built-in NHS number line, page footer and blank-page words", dir, letters.PageFile)
		e.note("to edit those, run 'accesspack templates export NEW-FOLDER' and copy its %s into %s", letters.PageFile, dir)
	}
	if missing := set.MissingMessages(); len(missing) > 0 {
		e.note("%s has no text message templates (%s): letters can be made, text messages cannot", dir, strings.Join(missing, ", "))
		e.note("to add them, run 'accesspack templates export NEW-FOLDER' and copy its .message.txt files into %s", dir)
	}
	return nil
}

// messagePractice is the practice the messages are measured with: the file given, or
// the built-in sample practice.
func messagePractice(file string) (*practice.Practice, string, error) {
	if file == "" {
		pr, err := practice.Sample()
		return pr, fmt.Sprintf("the built-in sample practice %q", pr.Name), err
	}
	pr, err := practice.Load(file)
	if err != nil {
		return nil, "", err
	}
	return pr, fmt.Sprintf("%q (%s)", pr.Name, file), nil
}

// writeMessageCounts prints one line per message: its file, variant and count, and why
// it is UCS-2 when it is.
func writeMessageCounts(w io.Writer, set *letters.Set, pr *practice.Practice, ms []letters.Message) {
	for _, m := range ms {
		fmt.Fprintf(w, "  %-28s %-22s %s\n", filepath.Base(m.File), m.Variant, m.Count)
		if why := set.WhyUCS2(m, pr); why != "" {
			fmt.Fprintf(w, "  %-28s %-22s %s\n", "", "", why)
		}
	}
}
