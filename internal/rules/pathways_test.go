package rules

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/golden"
)

const goldenPathways = "../../golden/pathways.txt"

// The pathways text is what a practice manager reads to choose; it changes only on purpose.
func TestWritePathwaysGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WritePathways(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, goldenPathways, b.Bytes())
}

// The printout comes from the table: every row's condition, outcome and reason appear.
func TestWritePathwaysFromTable(t *testing.T) {
	var b bytes.Buffer
	if err := WritePathways(&b); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, tb := range Tables {
		if !strings.Contains(text, string(tb.Pathway)+"\n") {
			t.Errorf("pathway %s missing", tb.Pathway)
		}
		for _, r := range tb.Rows {
			for _, s := range []string{"[" + r.When.String() + "]", r.NotSent, string(r.Letter)} {
				if !strings.Contains(text, s) {
					t.Errorf("%s: %q missing", tb.Pathway, s)
				}
			}
		}
	}
	for i, line := range strings.Split(text, "\n") {
		if n := len([]rune(line)); n > width {
			t.Errorf("line %d is %d characters long: %q", i+1, n, line)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWritersReportErrors(t *testing.T) {
	if err := WritePathways(failWriter{}); err == nil {
		t.Error("WritePathways: no error from a failing writer")
	}
	if err := WriteCounts(failWriter{}, Count(nil)); err == nil {
		t.Error("WriteCounts: no error from a failing writer")
	}
}

func TestParsePathway(t *testing.T) {
	for _, p := range Pathways {
		got, err := ParsePathway(string(p))
		if err != nil || got != p {
			t.Errorf("ParsePathway(%q) = %q, %v", p, got, err)
		}
	}
	for in, want := range map[string]Pathway{"Proceed": Proceed, " defer_dpia ": DeferDPIA, "Batch104 After Live": Batch104AfterLive} {
		if got, err := ParsePathway(in); err != nil || got != want {
			t.Errorf("ParsePathway(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]Pathway{
		"procede": Proceed, "missed": MissedDate, "defer-bookd": DeferBooked,
		"batch104-before": Batch104BeforeLive, "defer-dipa": DeferDPIA, "zzzzzz": "", "": "",
	} {
		_, err := ParsePathway(in)
		var ue *UnknownPathwayError
		if !errors.As(err, &ue) {
			t.Fatalf("ParsePathway(%q): error %v, want *UnknownPathwayError", in, err)
		}
		if ue.Suggestion != want {
			t.Errorf("ParsePathway(%q): suggestion %q, want %q", in, ue.Suggestion, want)
		}
		if want != "" && !strings.Contains(ue.Hint(), `did you mean "`+string(want)+`"?`) {
			t.Errorf("hint %q", ue.Hint())
		}
		if !strings.Contains(ue.Hint(), "batch104-after-live") {
			t.Errorf("hint %q does not list the pathways", ue.Hint())
		}
	}
}

func TestValidate(t *testing.T) {
	l := civil.New(2026, time.October, 1)
	g := civil.New(2026, time.December, 1)
	cases := []struct {
		name   string
		o      Options
		option string // "" for valid
	}{
		{"proceed", Options{Pathway: Proceed, GoLive: g, LetterDate: l}, ""},
		{"unknown pathway", Options{Pathway: "procede", GoLive: g, LetterDate: l}, "pathway"},
		{"no pathway", Options{GoLive: g, LetterDate: l}, "pathway"},
		{"no letter date", Options{Pathway: Proceed, GoLive: g}, "--letter-date"},
		{"no go-live date", Options{Pathway: MissedDate, LetterDate: l}, "--go-live"},
		{"no booked date", Options{Pathway: DeferBooked, LetterDate: l}, "--go-live"},
		{"go-live on the letter date", Options{Pathway: Proceed, GoLive: l, LetterDate: l}, "--go-live"},
		{"go-live before the letter date", Options{Pathway: Batch104BeforeLive, GoLive: l, LetterDate: g}, "--go-live"},
		{"after-live without a go-live date", Options{Pathway: Batch104AfterLive, LetterDate: l}, ""},
		{"after-live, go-live in the past", Options{Pathway: Batch104AfterLive, GoLive: l, LetterDate: g}, ""},
		{"after-live, go-live in the future", Options{Pathway: Batch104AfterLive, GoLive: g, LetterDate: l}, "--go-live"},
		{"bulk 104 defer-booked", Options{Pathway: DeferBooked, GoLive: g, LetterDate: l, Bulk104: true}, ""},
		{"bulk 104 defer-dpia", Options{Pathway: DeferDPIA, GoLive: g, LetterDate: l, Bulk104: true}, ""},
		{"bulk 104 proceed", Options{Pathway: Proceed, GoLive: g, LetterDate: l, Bulk104: true}, "--bulk-104"},
		{"bulk 104 batch104-after-live", Options{Pathway: Batch104AfterLive, LetterDate: l, Bulk104: true}, "--bulk-104"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.o.Validate()
			switch {
			case c.option == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case c.option == "":
			case c.option == "pathway":
				var ue *UnknownPathwayError
				if !errors.As(err, &ue) {
					t.Errorf("error %v, want *UnknownPathwayError", err)
				}
			default:
				var oe *OptionError
				if !errors.As(err, &oe) || oe.Option != c.option || oe.Hint == "" {
					t.Errorf("error %#v, want an *OptionError for %s with a hint", err, c.option)
				}
			}
		})
	}
}
