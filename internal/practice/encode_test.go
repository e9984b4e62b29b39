package practice

import (
	"reflect"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
)

// sameValues fails t for every field whose value differs between a and b.
func sameValues(t *testing.T, a, b *Practice) {
	t.Helper()
	for i := range fields {
		f := &fields[i]
		if ga, gb := f.Get(a), f.Get(b); !reflect.DeepEqual(ga, gb) && !(f.Kind == ColumnNames && len(a.Headers) == 0 && len(b.Headers) == 0) {
			t.Errorf("%s: %#v, read back %#v", f.Key, ga, gb)
		}
	}
}

func TestEncodeReadsBackTheSameValues(t *testing.T) {
	sample, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	example, err := Parse([]byte(Example), ExampleName)
	if err != nil {
		t.Fatal(err)
	}
	awkward := &Practice{
		Name: `The "Old" Surgery \ Annexe`, ODS: "B86999",
		Address: []string{"Łąka Farm, 1 Ørsted Way", "Tab\there", "LS6 2QR"},
		Phone:   "0113 496 0123", Website: "https://example.com/a?b=c&d=\"e\"",
		Pathway: "defer-dpia", GoLive: civil.New(2027, 1, 15), LetterDate: civil.New(2026, 12, 1),
		Bulk104: true, Signatory: Person{Name: "Dr Zoë O’Neill"},
		DPIA:    DPIA{Date: civil.New(2026, 10, 20), Concerns: []string{"one", "two \"quoted\""}},
		Window:  Window{Left: 20.5, Top: 45, Width: 90, Height: 40.25},
		Headers: map[string]string{"nhs_number": "NHS No.", "104": "Enhanced review date"},
	}
	awkward.Messages.Channels, awkward.Messages.Fragments = "both", 3
	awkward.Messages.LettersOnly = []string{"request-access"}
	awkward.Prices.Postage = 87.5
	for name, p := range map[string]*Practice{"sample": sample, "example": example, "awkward": awkward} {
		t.Run(name, func(t *testing.T) {
			text := Encode(p)
			back, err := Parse(text, "saved.toml")
			if err != nil {
				t.Fatalf("the saved file does not read: %v\n%s", err, text)
			}
			sameValues(t, p, back)
			if !reflect.DeepEqual(p.Headers, back.Headers) && len(p.Headers)+len(back.Headers) > 0 {
				t.Errorf("headers %v, read back %v", p.Headers, back.Headers)
			}
		})
	}
}

func TestEncodeLeavesOutWhatIsNotSet(t *testing.T) {
	text := string(Encode(&Practice{Name: "Oak Surgery", Window: DefaultWindow}))
	want := `name = "Oak Surgery"

[window]
left_mm = 20
top_mm = 45
width_mm = 90
height_mm = 40
`
	if !strings.HasSuffix(text, want) {
		t.Errorf("saved:\n%s\nwant it to end:\n%s", text, want)
	}
	for _, key := range []string{"ods_code", "bulk_104", "go_live", "[icb]", "[signatory]", "[headers]"} {
		if strings.Contains(text, key) {
			t.Errorf("an unset %s was written:\n%s", key, text)
		}
	}
}
