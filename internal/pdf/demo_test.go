package pdf

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/letters"
)

var demo = flag.String("demo", "", "write sample PDFs into this directory, to look at")

var created = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// TestDemo writes sample PDFs for a person to look at: go test -run Demo -demo DIR.
func TestDemo(t *testing.T) {
	if *demo == "" {
		t.Skip("no -demo directory")
	}
	lp := patient(nhsNumbers[1], "Γιώργος Παπαδόπουλος", fullBody())
	lp.LargePrint = true
	enc := patient(nhsNumbers[2], "Дмитрий Иванов", body250())
	enc.Enclosures = []letters.Document{{Title: "Opt-in form", Body: fullBody()}}
	org := patient("", "Primary Care IT Team", body250())
	org.To = []string{"Primary Care IT Team", "West Yorkshire ICB", "White Rose House", "WAKEFIELD", "WF1 1LT"}
	ls := []letters.Letter{patient(nhsNumbers[0], "Zoë Łukasz-Weiß", fullBody()), lp, enc, org}
	b, err := Bytes(Options{Created: created, Duplex: true, Title: "demo"}, ls...)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*demo, "letters.pdf"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err = Bytes(Options{Created: created, Window: practice.Window{Left: 100, Top: 40, Width: 90, Height: 45}}, ls[0], ls[3])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*demo, "right-window.pdf"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(*demo, "calibrate.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Calibrate(f, practice.DefaultWindow); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
