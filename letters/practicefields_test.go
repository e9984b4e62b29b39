package letters

import (
	"slices"
	"testing"

	"github.com/accesspack/accesspack/internal/practice"
)

// TestTemplateFieldsFollowFieldTable: the practice's template fields are the practice
// field table's Templates, in its order, before the salutation and the patient's; an
// entry added to the table is a template field that prints its value.
func TestTemplateFieldsFollowFieldTable(t *testing.T) {
	var want []string
	for _, f := range practice.Fields() {
		for _, tm := range f.Templates {
			want = append(want, tm.Name)
		}
	}
	if got := FieldNames()[:len(want)]; !slices.Equal(got, want) {
		t.Errorf("FieldNames: %v\nwant %v first", got, want)
	}
	pr, err := practice.Sample()
	if err != nil {
		t.Fatal(err)
	}
	f := PracticeFields(pr)
	for _, name := range want {
		if practice.ForTemplate(name).Kind == practice.YesNo {
			continue // "yes" only when true, so that "::: if {bulk 104}" works
		}
		if f.Text[name] == "" && len(f.Lists[name]) == 0 {
			t.Errorf("{%s} has no value for the sample practice", name)
		}
	}
	pr.Bulk104 = true
	if got := PracticeFields(pr).Text["bulk 104"]; got != "yes" {
		t.Errorf("{bulk 104} = %q with bulk 104 chosen, want yes", got)
	}
	if f.Text["bulk 104"] != "" {
		t.Errorf("{bulk 104} = %q without bulk 104, want no value", f.Text["bulk 104"])
	}
	if f.Text["booked date"] != "15 January 2027" || f.Text["practice address"] != "14 Meadowbank Road, Far Headingley, Leeds, LS16 5QX" || len(f.Lists["dpia concerns"]) != 3 {
		t.Errorf("dates, lines and lists: %q %q %q", f.Text["booked date"], f.Text["practice address"], f.Lists["dpia concerns"])
	}

	extra := practice.Field{Key: "sms_sender", Kind: practice.Text,
		Templates: []practice.Template{{Name: "sms sender", About: "the name text messages come from", Required: true}},
		Value:     func(p *practice.Practice) any { return &p.Phone }}
	table := append(practice.Fields(), extra)
	fs := templateFields(table)
	if last := fs[len(fs)-1]; last.name != "sms sender" || !last.required || last.about != extra.Templates[0].About {
		t.Errorf("the added entry's template field: %+v", last)
	}
	if got := practiceFields(table, pr).Text["sms sender"]; got != pr.Phone {
		t.Errorf("{sms sender} = %q, want the value it keeps, %q", got, pr.Phone)
	}
}
