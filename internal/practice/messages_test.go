package practice

import (
	"strings"
	"testing"
)

// TestMessageSettings reads the text-message settings and prices, and refuses bad ones
// with the key, the line and a hint.
func TestMessageSettings(t *testing.T) {
	p, err := Parse([]byte(`request_form_url = "https://example.com/ask"
[messages]
channels = "Message"
fragments = 3
letters_only = ["request-access"]
[prices]
postage_pence = 70
fragment_pence = 1.99
`), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	if p.RequestFormURL != "https://example.com/ask" || p.Messages.Channels != "message" || p.Messages.Fragments != 3 ||
		len(p.Messages.LettersOnly) != 1 || p.Prices != (Prices{Postage: 70, Fragment: 1.99}) {
		t.Errorf("got %+v %+v %q", p.Messages, p.Prices, p.RequestFormURL)
	}
	if e := messageProblem(p.Problems(NeedAll)); e != nil {
		t.Errorf("problem: %v", e)
	}

	for _, c := range []struct{ text, want, hint string }{
		{"[messages]\nchannels = \"mesage\"\n", `p.toml:2: messages.channels: "mesage" is not a channel choice`, "did you mean message?"},
		{"[messages]\nchannels = \"sms\"\n", `p.toml:2: messages.channels: "sms" is not a channel choice`, "use letter, message or both"},
		{"[messages]\nfragments = 2.5\n", "p.toml:2: messages.fragments: 2.5 is not a number of fragments from 1 to 10", "fragments = 2"},
		{"[messages]\nfragments = 11\n", "p.toml:2: messages.fragments: 11 is not a number of fragments from 1 to 10", "fragments = 2"},
		{"[messages]\nletters_only = [\"request-acess\"]\n", `p.toml:2: messages.letters_only: "request-acess" is not a letter to patients`, "did you mean request-access?"},
		{"[prices]\npostage_pence = -1\n", "p.toml:2: prices.postage_pence: -1 is not a price in pence", "write a number of pence"},
	} {
		p, err := Parse([]byte(c.text), "p.toml")
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		e := messageProblem(p.Problems(NeedRules))
		if e == nil || e.Error() != c.want || !strings.Contains(e.Hint, c.hint) {
			t.Errorf("%q: got %v, want %q with hint %q", c.text, e, c.want, c.hint)
		}
	}
	// A number written as text is refused as the file is read.
	if _, err := Parse([]byte("[messages]\nfragments = \"2\"\n"), "p.toml"); err == nil || !strings.Contains(err.Error(), "messages.fragments: should be a number") {
		t.Errorf("got %v", err)
	}
	// --channels is checked like the file, and named in the problem.
	p, _ = Parse([]byte("[messages]\nchannels = \"both\"\n"), "p.toml")
	bad := "post"
	p.Apply(Overrides{Channels: &bad})
	if e := messageProblem(p.Problems(NeedRules)); e == nil || e.Error() != `--channels: "post" is not a channel choice` {
		t.Errorf("got %v", e)
	}
}

// messageProblem is the first problem with a text-message setting or a price.
func messageProblem(errs []*Error) *Error {
	for _, e := range errs {
		if strings.HasPrefix(e.Key, "messages.") || strings.HasPrefix(e.Key, "prices.") || e.Key == "--channels" {
			return e
		}
	}
	return nil
}

func TestMessageFieldsFromAForm(t *testing.T) {
	var p Practice
	if err := Lookup("prices.postage_pence").Set(&p, " 68 "); err != nil || p.Prices.Postage != 68 {
		t.Errorf("%v, %v", err, p.Prices.Postage)
	}
	if err := Lookup("prices.postage_pence").Set(&p, ""); err != nil || p.Prices.Postage != 0 {
		t.Errorf("blank is the default: %v, %v", err, p.Prices.Postage)
	}
	if err := Lookup("messages.fragments").Set(&p, "two"); err == nil || !strings.Contains(err.Error(), `"two" is not a number`) {
		t.Errorf("got %v", err)
	}
	if err := Lookup("messages.letters_only").Set(&p, "request-access\ndpia-update\n"); err != nil || len(p.Messages.LettersOnly) != 2 {
		t.Errorf("%v, %v", err, p.Messages.LettersOnly)
	}
	if f := Lookup("messages.channels"); f.Default != "letter" || ForFlag("--channels") != f {
		t.Errorf("channels: default %q, flag %v", f.Default, ForFlag("--channels"))
	}
	if !strings.Contains(Example, "# postage_pence = 87") || !strings.Contains(Example, "letters_only = [\"request-access\"]") {
		t.Error("the example does not show the prices as comments, or letters_only")
	}
}
