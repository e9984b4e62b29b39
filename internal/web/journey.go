package web

import (
	"context"
	"path"
	"strings"
	"sync"

	"github.com/accesspack/accesspack/internal/app"
	"github.com/accesspack/accesspack/internal/pack"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
)

// A journey is one practice manager's way through the pages, from the practice to the
// pack. Each "Start" makes a new one with its own id in the address, so two tabs that
// each start hold two lists that never mix.
//
// Every change bumps rev, and every form carries the rev it was drawn from: a form
// posted from a page that is out of date (another tab changed the list since) is refused
// rather than acted on, so "Make the pack" always makes the pack of the list on the page.
//
// The journey holds only what the user gave; what it means is internal/app's, which the
// command line calls too: app.Check reads the list and counts what would be sent, and
// app.Generate makes the pack, from the same inputs.
type journey struct {
	id string

	mu  sync.Mutex
	rev uint64

	// Your practice: the practice as loaded, before the situation is applied.
	practice     *practice.Practice
	practiceFrom string // "the built-in sample practice", the file's name, or the form

	// Your situation: the values of the situation's practice fields, by key, as
	// Field.Set reads them; nil until the page is saved.
	sit map[string]string

	// Your patient list, as uploaded: held in memory, never written to disk.
	listData []byte
	listName string // its base name, as the pack records it

	// check is app.Check's report on the list as it is now (changed clears it).
	check *app.CheckReport

	strict bool // refuse to make the pack when a row has a data problem

	previews *previewSet // for rev
	jobs     []*job      // packs made or being made, newest last
}

func (s *Server) newJourney() (*journey, error) {
	id, err := randomID(12)
	if err != nil {
		return nil, err
	}
	j := &journey{id: id, rev: 1}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.journeys[id] = j
	s.order = append(s.order, id)
	for len(s.order) > maxJourneys {
		old := s.order[0]
		s.order = s.order[1:]
		if oj := s.journeys[old]; oj != nil && !oj.busy() {
			delete(s.journeys, old)
		}
	}
	return j, nil
}

func (s *Server) journey(id string) *journey {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.journeys[id]
}

// busy reports whether a pack is being made. Callers need not hold j.mu.
func (j *journey) busy() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, jb := range j.jobs {
		if !jb.finished() {
			return true
		}
	}
	return false
}

// changed records a change: forms drawn before it are now out of date, and the check and
// previews made before it no longer apply. Call with j.mu held.
func (j *journey) changed() {
	j.rev++
	j.previews = nil
	j.check = nil
}

// setPractice takes a practice from a file or the sample; the situation is then taken
// from it afresh. Call with j.mu held.
func (j *journey) setPractice(p *practice.Practice, from string) {
	j.practice, j.practiceFrom = p, from
	j.sit = nil
	j.changed()
}

// editPractice takes the practice as the form changed it; the situation stays. Call with
// j.mu held.
func (j *journey) editPractice(p *practice.Practice) {
	j.practice, j.practiceFrom = p, "the details you filled in"
	j.changed()
}

// situationValues are the situation as set, or as the practice has it.
func (j *journey) situationValues() map[string]string {
	if j.sit != nil {
		return j.sit
	}
	if j.practice == nil {
		return map[string]string{}
	}
	return situationOf(j.practice)
}

// effective is the practice with the situation's values set over its own, as generate
// sees a practice file with --pathway, --go-live and the rest given. Nil before a
// practice is chosen.
func (j *journey) effective() *practice.Practice {
	if j.practice == nil {
		return nil
	}
	p := *j.practice
	if j.sit != nil {
		setSituation(&p, j.sit)
	}
	return &p
}

// options are the rules' options for the effective practice, and whether they are valid.
func (j *journey) options() (rules.Options, error) {
	p := j.effective()
	o := rules.FromPractice(p, rules.Pathway(p.Pathway))
	return o, o.Validate()
}

// inputs are the journey's practice and list as internal/app takes them. Call with j.mu
// held.
func (j *journey) inputs() app.Inputs {
	return app.Inputs{Practice: j.effective(), Patients: j.listData, PatientsName: j.listName}
}

// report is app.Check's report on the list as the journey has it now, made once per change.
// Call with j.mu held.
func (j *journey) report(ctx context.Context) (*app.CheckReport, error) {
	if j.check != nil {
		return j.check, nil
	}
	rep, err := app.Check(ctx, app.CheckRequest{Inputs: j.inputs()})
	if err != nil {
		return nil, err
	}
	j.check = rep
	return rep, nil
}

// uploadName is an uploaded file's name as generate would record it: its base name. Some
// browsers send a Windows path.
func uploadName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(name)
	if name == "." || name == "/" {
		return ""
	}
	return name
}

// state says which steps are done, for the pages' step list. Call with j.mu held.
type progressState struct {
	Practice, Situation, List bool
}

func (j *journey) state() progressState {
	return progressState{Practice: j.practice != nil, Situation: j.sit != nil, List: j.listData != nil}
}

// previewConfig is the pack's configuration for the preview letters, from the list as
// app.Check read it. Call with j.mu held.
func (j *journey) previewConfig(rep *app.CheckReport) (pack.Config, error) {
	o, err := j.options()
	if err != nil {
		return pack.Config{}, err
	}
	set, err := app.LoadTemplates("")
	if err != nil {
		return pack.Config{}, err
	}
	return pack.Config{Practice: j.effective(), Patients: rep.List.Patients, Rules: o, Templates: set}, nil
}
