package web

import (
	"html/template"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/practice"
)

// formValues fills the practice form with p's values, as a person would type them.
func formValues(t *testing.T, p *practice.Practice) url.Values {
	t.Helper()
	v := url.Values{}
	n := 0
	for _, f := range practice.Fields() {
		if isSituationField(&f) || f.Kind == practice.ColumnNames {
			continue
		}
		id := fieldID(f.Key)
		switch x := f.Get(p).(type) {
		case string:
			v.Set(id, x)
		case []string:
			v.Set(id, strings.Join(x, "\r\n"))
		case civil.Date:
			if !x.IsZero() {
				dateValues(v, id, x.Year, int(x.Month), x.Day)
			}
		case float64:
			v.Set(id, strconv.FormatFloat(x, 'f', -1, 64))
		case bool:
			if x {
				v.Set(id, "yes")
			}
		default:
			t.Fatalf("%s: a value of %T", f.Key, x)
		}
		n++
	}
	if n < 20 {
		t.Fatalf("only %d fields on the form", n)
	}
	return v
}

func TestThePracticeFormSavesAPracticeFileThatReadsBack(t *testing.T) {
	_, c := loggedIn(t, Config{})
	j := c.start()
	page := c.get(j + "/practice/form")
	wantStatus(t, "the form", page, http.StatusOK)
	for _, f := range practice.Fields() {
		sit := isSituationField(&f)
		shown := strings.Contains(page.body, `id="`+fieldID(f.Key)+`"`)
		if want := !sit && f.Kind != practice.ColumnNames; shown != want {
			t.Errorf("%s: on the form %v, want %v", f.Key, shown, want)
		}
		if shown && !strings.Contains(page.body, template.HTMLEscapeString(f.Label)) {
			t.Errorf("%s: its label %q is not on the form", f.Key, f.Label)
		}
	}

	sample, err := practice.Sample()
	if err != nil {
		t.Fatal(err)
	}
	v := formValues(t, sample)
	v.Set("rev", rev(t, page.body))
	page = c.post(j+"/practice/form", v)
	wantStatus(t, "save the form", page, http.StatusOK)
	if !strings.Contains(page.body, `<dd class="nhsuk-summary-list__value" id="practice-name">Meadowbank Surgery</dd>`) {
		t.Fatalf("the practice page does not show the practice filled in:\n%s", excerpt(page.body))
	}
	// The situation page, typed in with the sample's values, then a pathway and dates of
	// this test's own.
	v = url.Values{}
	for _, f := range situationFields() {
		val := f.String(sample)
		if d, err := civil.ParseISO(val); err == nil {
			dateValues(v, fieldID(f.Key), d.Year, int(d.Month), d.Day)
		} else if val != "no" && val != "0" {
			v.Set(fieldID(f.Key), val)
		}
	}
	v.Set("rev", rev(t, page.body))
	v.Set("pathway", "defer-dpia")
	v.Set("f-bulk-104", "yes")
	dateValues(v, "f-go-live", 2027, 2, 1)
	dateValues(v, "f-letter-date", 2026, 12, 1)
	dateValues(v, "f-reply-by", 2027, 1, 20)
	c.post(j+"/practice", values("rev", rev(t, page.body), "action", "continue"))
	page = c.post(j+"/situation", v)
	wantStatus(t, "situation", page, http.StatusOK)

	saved := c.get(j + "/practice.toml")
	wantStatus(t, "save as a practice file", saved, http.StatusOK)
	if cd := saved.header.Get("Content-Disposition"); !strings.Contains(cd, `filename="practice.toml"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	back, err := practice.Parse([]byte(saved.body), "practice.toml")
	if err != nil {
		t.Fatalf("the saved file does not read: %v\n%s", err, saved.body)
	}
	want := *sample
	want.Pathway, want.Bulk104 = "defer-dpia", true
	want.GoLive, want.LetterDate, want.ReplyBy = civil.New(2027, 2, 1), civil.New(2026, 12, 1), civil.New(2027, 1, 20)
	for _, f := range practice.Fields() {
		if f.Kind == practice.ColumnNames {
			continue
		}
		if a, b := f.Get(&want), f.Get(back); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: saved %#v, want %#v", f.Key, b, a)
		}
	}
}

func TestThePracticeFormSaysWhatIsWrong(t *testing.T) {
	ts, c := loggedIn(t, Config{})
	j := c.start()
	page := c.get(j + "/practice/form")
	sample, _ := practice.Sample()
	v := formValues(t, sample)
	v.Set("rev", rev(t, page.body))
	v.Set(fieldID("window.left_mm"), "twenty")
	dateValues(v, fieldID("dpia.date"), 2026, 2, 30)
	r := c.post(j+"/practice/form", v)
	wantStatus(t, "a bad window and date", r, http.StatusUnprocessableEntity)
	for _, want := range []string{`href="#f-window-left-mm"`, template.HTMLEscapeString(`"twenty" is not a number of millimetres`),
		`href="#f-dpia-date"`, "DPIA date must be a real date", `value="Meadowbank Surgery"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the page does not show %q:\n%s", want, excerpt(r.body))
		}
	}
	jr := ts.journeyAt(j)
	jr.mu.Lock()
	defer jr.mu.Unlock()
	if jr.practice != nil {
		t.Error("a form with errors was kept")
	}
}
