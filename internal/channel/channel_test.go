package channel

import (
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/internal/sms"
)

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"letter": Letter, "Letters": Letter, " message ": Message, "messages": Message, "BOTH": Both} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseMode("mesage"); err == nil || err.Error() != `unknown channels "mesage": use letter, message, both (did you mean "message"?)` {
		t.Errorf("got %v", err)
	}
	if _, err := ParseMode("sms"); err == nil {
		t.Error("sms accepted")
	}
}

func TestChoose(t *testing.T) {
	const mobile = "07700 900123"
	lettersOnly := map[rules.Kind]bool{rules.RequestAccess: true}
	for _, tc := range []struct {
		name    string
		p       patient.Patient
		kind    rules.Kind
		mode    Mode
		channel string
	}{
		{"letters mode ignores the mobile", patient.Patient{Mobile: mobile}, rules.OptOutNotice, Letter, "letter"},
		{"message with a mobile", patient.Patient{Mobile: mobile}, rules.OptOutNotice, Message, "message"},
		{"both with a mobile", patient.Patient{Mobile: "+44 7700 900123"}, rules.OptOutNotice, Both, "letter and message"},
		{"no mobile", patient.Patient{}, rules.OptOutNotice, Message, "letter: " + sms.NoMobile},
		{"both, no mobile", patient.Patient{}, rules.DPIAUpdate, Both, "letter: " + sms.NoMobile},
		{"landline", patient.Patient{Mobile: "0113 496 0000"}, rules.OptOutNotice, Message, "letter: " + sms.Landline},
		{"lost zero", patient.Patient{Mobile: "7700900123"}, rules.OptOutNotice, Message, "letter: " + sms.LostZero},
		{"large print", patient.Patient{Mobile: mobile, LargePrint: true, Communication: "Large print"}, rules.OptOutNotice, Message, "letter: " + WhyLargePrint},
		{"large print, both", patient.Patient{Mobile: mobile, LargePrint: true}, rules.OptOutNotice, Both, "letter: " + WhyLargePrint},
		{"braille", patient.Patient{Mobile: mobile, Communication: "Braille (grade 2)"}, rules.OptOutNotice, Message, "letter: " + WhyBraille},
		{"prefers letters", patient.Patient{Mobile: mobile, Communication: "Prefers contact by letter"}, rules.OptOutNotice, Message, "letter: " + WhyLetters},
		{"by post", patient.Patient{Mobile: mobile, Communication: "Contact by post only"}, rules.OptOutNotice, Message, "letter: " + WhyLetters},
		{"no sms", patient.Patient{Mobile: mobile, Communication: "No SMS"}, rules.OptOutNotice, Message, "letter: " + WhyNoTexts},
		{"do not text", patient.Patient{Mobile: mobile, Communication: "Please do not text"}, rules.OptOutNotice, Message, "letter: " + WhyNoTexts},
		{"don't text", patient.Patient{Mobile: mobile, Communication: "Don’t text – shared phone"}, rules.OptOutNotice, Message, "letter: " + WhyNoTexts},
		{"BSL is no print need", patient.Patient{Mobile: mobile, Communication: "BSL interpreter"}, rules.OptOutNotice, Message, "message"},
		{"SMS preferred", patient.Patient{Mobile: mobile, Communication: "Prefers SMS"}, rules.OptOutNotice, Message, "message"},
		{"kind kept to letters", patient.Patient{Mobile: mobile}, rules.RequestAccess, Message, "letter: request-access is sent by letter only (practice setting)"},
		{"kind kept to letters, both", patient.Patient{Mobile: mobile}, rules.RequestAccess, Both, "letter: request-access is sent by letter only (practice setting)"},
		{"another kind is not", patient.Patient{Mobile: mobile}, rules.DPIAUpdate, Message, "message"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Choose(&tc.p, tc.kind, Settings{Mode: tc.mode, LettersOnly: lettersOnly})
			if c.Channel() != tc.channel {
				t.Errorf("got %q, want %q", c.Channel(), tc.channel)
			}
			// Never message only a patient who needs print or who has no usable mobile.
			if c.Message && !c.Letter && (PrintNeed(&tc.p) != "" || c.Mobile == "") {
				t.Errorf("messaged only: %+v", c)
			}
			if !c.Letter && !c.Message {
				t.Errorf("neither letter nor message: %+v", c)
			}
			if c.Message && c.Mobile != "07700900123" {
				t.Errorf("mobile %q", c.Mobile)
			}
		})
	}
}

func TestEstimate(t *testing.T) {
	e := Estimate{Letters: 100, Sheets: 250, Messages: 400, Fragments: 800, Prices: DefaultPrices()}
	e.Prices.Postage = Price{Pence: 70}
	lines := e.Lines()
	want := []string{
		"sheets (paper and printing): 250 × 4p (default) = £10.00",
		"envelopes: 100 × 3p (default) = £3.00",
		"postage: 100 × 70p = £70.00",
		"text message fragments: 800 × 2.33p (default) = £18.64",
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		if got := l.Item + ": " + l.Describe(); got != want[i] {
			t.Errorf("got %q, want %q", got, want[i])
		}
	}
	if Pounds(e.LetterPence()) != "£83.00" || Pounds(e.MessagePence()) != "£18.64" || Pounds(e.TotalPence()) != "£101.64" || !e.UsesDefaults() {
		t.Errorf("letters %s, messages %s, total %s", Pounds(e.LetterPence()), Pounds(e.MessagePence()), Pounds(e.TotalPence()))
	}
	if got := (Estimate{Letters: 1, Sheets: 1}).Lines(); len(got) != 3 {
		t.Errorf("no fragments: %d lines", len(got))
	}
	for pence, want := range map[float64]string{0: "£0.00", 1.5: "£0.02", 99: "£0.99", 123456789: "£1,234,567.89", -250: "-£2.50"} {
		if got := Pounds(pence); got != want {
			t.Errorf("Pounds(%v) = %q, want %q", pence, got, want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
