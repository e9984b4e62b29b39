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
	r := civil.New(2026, time.November, 16) // reply by
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
		{"after-live without a go-live date", Options{Pathway: Batch104AfterLive, LetterDate: l, ReplyBy: r}, ""},
		{"after-live, go-live in the past", Options{Pathway: Batch104AfterLive, GoLive: l, LetterDate: g, ReplyBy: g.AddDays(14)}, ""},
		{"after-live, go-live in the future", Options{Pathway: Batch104AfterLive, GoLive: g, LetterDate: l, ReplyBy: r}, "--go-live"},
		{"after-live without a reply-by date", Options{Pathway: Batch104AfterLive, LetterDate: l}, "reply_by"},
		{"after-live, switch-on after reply-by", Options{Pathway: Batch104AfterLive, LetterDate: l, ReplyBy: r, SwitchOn: r.AddDays(1)}, ""},
		{"after-live, switch-on on the reply-by date", Options{Pathway: Batch104AfterLive, LetterDate: l, ReplyBy: r, SwitchOn: r}, "--switch-on"},
		{"after-live, switch-on before reply-by", Options{Pathway: Batch104AfterLive, LetterDate: l, ReplyBy: r, SwitchOn: l}, "--switch-on"},
		{"manual-enable, G after reply-by", Options{Pathway: ManualEnable, GoLive: g, LetterDate: l, ReplyBy: r}, ""},
		{"manual-enable, G the day after reply-by", Options{Pathway: ManualEnable, GoLive: r.AddDays(1), LetterDate: l, ReplyBy: r}, ""},
		{"manual-enable, G on the reply-by date", Options{Pathway: ManualEnable, GoLive: r, LetterDate: l, ReplyBy: r}, "--go-live"},
		{"manual-enable, G before reply-by", Options{Pathway: ManualEnable, GoLive: g, LetterDate: l, ReplyBy: g.AddDays(3)}, "--go-live"},
		{"manual-enable without a reply-by date", Options{Pathway: ManualEnable, GoLive: g, LetterDate: l}, "reply_by"},
		{"manual-enable, G not after the letter date", Options{Pathway: ManualEnable, GoLive: l, LetterDate: l, ReplyBy: r}, "--go-live"},
		{"bulk 104 manual-enable", Options{Pathway: ManualEnable, GoLive: g, LetterDate: l, ReplyBy: r, Bulk104: true}, "--bulk-104"},
		{"bulk 104 defer-booked", Options{Pathway: DeferBooked, GoLive: g, LetterDate: l, Bulk104: true}, ""},
		{"bulk 104 defer-dpia", Options{Pathway: DeferDPIA, GoLive: g, LetterDate: l, Bulk104: true}, ""},
		{"bulk 104 proceed", Options{Pathway: Proceed, GoLive: g, LetterDate: l, Bulk104: true}, "--bulk-104"},
		{"bulk 104 batch104-after-live", Options{Pathway: Batch104AfterLive, LetterDate: l, ReplyBy: r, Bulk104: true}, "--bulk-104"},
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

// G after the reply-by date (manual-enable, docs/pathways.md): the error names both dates, so that the practice
// sees which to move.
func TestManualEnableGoLiveAfterReplyBy(t *testing.T) {
	o := Options{Pathway: ManualEnable, LetterDate: civil.New(2026, time.October, 1),
		GoLive: civil.New(2026, time.November, 10), ReplyBy: civil.New(2026, time.November, 16)}
	err := o.Validate()
	var oe *OptionError
	if !errors.As(err, &oe) || oe.Option != "--go-live" {
		t.Fatalf("error %v, want an *OptionError for --go-live", err)
	}
	for _, want := range []string{"10 November 2026", "16 November 2026", "reply-by"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	o.Pathway, o.GoLive, o.SwitchOn = Batch104AfterLive, civil.Date{}, civil.New(2026, time.November, 2)
	err = o.Validate()
	for _, want := range []string{"2 November 2026", "16 November 2026"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("switch-on error %v does not name %q", err, want)
		}
	}
}

// R is G for manual-enable: ages are checked on the go-live date, and the date access is
// switched on from is G too.
func TestManualEnableReferenceDate(t *testing.T) {
	o := opts(ManualEnable)
	if o.ReferenceDate() != goLiveDay || o.SwitchOnDate() != goLiveDay {
		t.Errorf("R = %s, switch-on = %s, want both %s", o.ReferenceDate(), o.SwitchOnDate(), goLiveDay)
	}
	sixteenOnG := with(dob(civil.New(goLiveDay.Year-16, goLiveDay.Month, goLiveDay.Day)), online)
	expect(t, decideOne(sixteenOnG, o), want{letter: OptOutNotice, variant: "switch-on-date", actions: []Action{ManualAccess}, rule: "5.7 O=Y"})
	dayAfter := with(dob(civil.New(goLiveDay.Year-16, goLiveDay.Month, goLiveDay.Day+1)), online)
	expect(t, decideOne(dayAfter, o), want{notSent: "under 16 on 1 December 2026", rule: "4 under 16"})
}

// The switch-on date of batch104-after-live is the day after the reply-by date unless the
// practice sets one.
func TestSwitchOnDate(t *testing.T) {
	o := opts(Batch104AfterLive)
	if got := o.SwitchOnDate(); got != liveSwitch {
		t.Errorf("default switch-on = %s, want %s", got, liveSwitch)
	}
	o.SwitchOn = civil.New(2026, time.November, 20)
	if got := o.SwitchOnDate(); got != o.SwitchOn {
		t.Errorf("set switch-on = %s, want %s", got, o.SwitchOn)
	}
	if got := (Options{Pathway: Batch104AfterLive}).SwitchOnDate(); !got.IsZero() {
		t.Errorf("no dates: switch-on = %s, want none", got)
	}
}
