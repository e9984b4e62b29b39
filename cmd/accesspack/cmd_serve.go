package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"

	"github.com/spf13/pflag"

	"github.com/accesspack/accesspack/internal/outcome"
	"github.com/accesspack/accesspack/internal/web"
)

type serveOptions struct {
	port      int
	noBrowser bool
}

var serveCommand = define(command{
	name: "serve", summary: "make the pack in your web browser, page by page (what double-clicking accesspack.exe does)",
	args: "[--port N] [--no-browser]",
	about: `Starts accesspack's web app on this computer and opens it in your web browser: the same
journey as the commands — your practice, your situation, the patient list, what will be
sent, a preview, and the pack — in pages, without a terminal. It listens on 127.0.0.1 only,
so no other computer can reach it, and answers only the browser window it opened (the
address carries a secret token). Uploaded files are kept in memory and forgotten when it
stops. Stop it with the Quit button on any page, or Ctrl-C here.
Double-clicking accesspack.exe on Windows does the same as 'accesspack serve'.`,
	example: `  accesspack serve
  accesspack serve --port 8080 --no-browser`,
}, func(fs *pflag.FlagSet, o *serveOptions) {
	fs.IntVar(&o.port, "port", 0, "port to listen on (default: a free one)")
	fs.BoolVar(&o.noBrowser, "no-browser", false, "print the address but do not open a browser")
}, runServe)

func runServe(e *env, o *serveOptions, args []string) error {
	if err := noArgs("serve", args); err != nil {
		return err
	}
	ln, err := web.Listen("127.0.0.1", o.port)
	if err != nil {
		return outcome.New(outcome.Usage, fmt.Sprintf("cannot listen on port %d: %s", o.port, causeOf(err)),
			"another program may be using it: leave out --port to use a free one")
	}
	// Libraries that spill to temporary files (the XLSX reader) write them into a private
	// folder of this run, removed when it stops.
	defer privateTemp()()
	srv, err := web.New(web.Config{Version: version, Log: e.stderr}, ln)
	if err != nil {
		ln.Close()
		return err
	}
	fmt.Fprintf(e.stdout, "accesspack is running at %s\n", srv.URL())
	fmt.Fprintln(e.stdout, "Keep this window open while you use it. To stop: the Quit button on any page, or Ctrl-C here.")
	if !o.noBrowser {
		if err := openURL(srv.URL()); err != nil {
			e.note("could not open a web browser (%s): open the address above in yours", causeOf(err))
		}
	}
	// Ctrl-C (e.ctx) stops the server as Quit does: the normal way to end, status 0.
	return srv.Serve(e.ctx, ln)
}

// causeOf is a system error without the operation and address around it: "address
// already in use".
func causeOf(err error) string {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err.Error()
	}
	return err.Error()
}

// openURL opens url in the default browser without waiting for it.
func openURL(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// doubleClicked is set when the program was started with no arguments from a file
// manager (Windows Explorer), which then runs serve.
var doubleClicked bool

// defaultArgs is what main runs: the arguments given, or "serve" when there are none and
// the program was double-clicked. In a terminal, no arguments still prints the help.
func defaultArgs(args []string) []string {
	if len(args) == 0 && startedFromFileManager() {
		doubleClicked = true
		return []string{"serve"}
	}
	return args
}

// afterRun keeps a double-clicked program's window open after a failure, so the message
// can be read before Windows closes it.
func afterRun(code int) int {
	if doubleClicked && code != 0 {
		fmt.Fprintln(os.Stderr, "Press Enter to close this window.")
		var b [1]byte
		os.Stdin.Read(b[:])
	}
	return code
}
