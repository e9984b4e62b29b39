package letters

import (
	"errors"
	"testing"

	"github.com/accesspack/accesspack/internal/civil"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
)

// TestPathwayLetters: with the sample practice every pathway's letters build, with bulk
// 104 or not; without the reply-by date, a pathway that sends the going-live opt-out
// notice fails with a Problem naming the field, and one that does not (defer-dpia) still
// builds.
func TestPathwayLetters(t *testing.T) {
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range rules.Pathways {
		for _, bulk := range []bool{false, true} {
			pr, err := practice.Sample()
			if err != nil {
				t.Fatal(err)
			}
			pr.Bulk104 = bulk
			if err := set.PathwayLetters(pw, pr); err != nil {
				t.Errorf("%s (bulk 104 %v), sample practice: %v", pw, bulk, err)
			}
		}
	}
	for pw, fails := range map[rules.Pathway]bool{rules.Proceed: true, rules.MissedDate: true, rules.DeferDPIA: false} {
		pr, err := practice.Sample()
		if err != nil {
			t.Fatal(err)
		}
		pr.ReplyBy = civil.Date{}
		err = set.PathwayLetters(pw, pr)
		var p Problem
		switch {
		case fails && (!errors.As(err, &p) || p.Field != "reply-by date" || p.File != "opt-out-notice.md" || p.Line == 0):
			t.Errorf("%s without a reply-by date: %v (%+v)", pw, err, p)
		case !fails && err != nil:
			t.Errorf("%s without a reply-by date: %v", pw, err)
		}
	}
}

// TestReplyByRequiredWhereLettersPrintIt: the practice field table asks for reply_by in
// exactly the pathways whose letters print it, so that the web form and `generate` ask
// for it where the letters need it and nowhere else.
func TestReplyByRequiredWhereLettersPrintIt(t *testing.T) {
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	f := practice.Lookup("reply_by")
	for _, pw := range rules.Pathways {
		for _, bulk := range []bool{false, true} {
			pr, err := practice.Sample()
			if err != nil {
				t.Fatal(err)
			}
			pr.Pathway, pr.Bulk104, pr.ReplyBy = string(pw), bulk, civil.Date{}
			_, required := f.Requirement(pr, practice.NeedPatientLetters)
			var p Problem
			printed := errors.As(set.PathwayLetters(pw, pr), &p) && p.Field == "reply-by date"
			if required != printed {
				t.Errorf("%s (bulk 104 %v): reply_by required %v, but the letters print it: %v", pw, bulk, required, printed)
			}
		}
	}
}
