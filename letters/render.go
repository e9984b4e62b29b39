package letters

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/accesspack/accesspack/internal/patient"
	"github.com/accesspack/accesspack/internal/practice"
	"github.com/accesspack/accesspack/internal/rules"
	"github.com/accesspack/accesspack/templates"
)

// Set is a parsed, checked set of templates: one per letter kind. It is safe for
// concurrent use.
type Set struct {
	byKind map[rules.Kind]*template
	// messages holds the message template of each letter kind to patients; noMessages
	// names the message files a --templates folder does not have (see loadMessages).
	messages   map[rules.Kind]*template
	noMessages []string
	// page is the wording printed around every letter's body (PageFile); pageBuiltIn
	// says the folder had none, so the built-in one is used
	page        pageTemplate
	pageBuiltIn bool
}

var embedded = sync.OnceValues(func() (*Set, error) { return Load(templates.FS) })

// Embedded returns the templates built into the program.
func Embedded() (*Set, error) { return embedded() }

// Load reads and checks one template file per kind from the top of fsys (for
// --templates DIR). Every problem in every file is reported, each as "FILE:LINE: problem",
// in a Problems error; nothing is rendered from a set with problems.
func Load(fsys fs.FS) (*Set, error) { return load(fsys, "") }

// LoadDir is Load for a folder on disk; problems name the files with the folder.
func LoadDir(dir string) (*Set, error) { return load(os.DirFS(dir), dir) }

func load(fsys fs.FS, dir string) (*Set, error) {
	name := func(f string) string {
		if dir == "" {
			return f
		}
		return filepath.Join(dir, f)
	}
	s := &Set{byKind: map[rules.Kind]*template{}}
	var problems Problems
	known := make([]string, len(Kinds))
	for i, k := range Kinds {
		known[i] = fileName(k)
	}
	known = append(known, PageFile)
	for _, k := range Kinds {
		src, err := fs.ReadFile(fsys, fileName(k))
		if err != nil {
			msg := "cannot read it: " + errMsg(err)
			if errors.Is(err, fs.ErrNotExist) {
				msg = "missing: every letter kind needs its template file (\"accesspack templates export DIR\" writes a full set to edit)"
			}
			problems = append(problems, Problem{File: name(fileName(k)), Msg: msg})
			continue
		}
		t, ps := parse(name(fileName(k)), k, src)
		problems = append(problems, ps...)
		s.byKind[k] = t
	}
	// A folder exported before page.md existed has none: its letters keep the built-in
	// words around the body (PageBuiltIn says so).
	src, err := fs.ReadFile(fsys, PageFile)
	if errors.Is(err, fs.ErrNotExist) && fsys != fs.FS(templates.FS) {
		s.pageBuiltIn = true
		src, err = fs.ReadFile(templates.FS, PageFile)
	}
	if err != nil {
		problems = append(problems, Problem{File: name(PageFile), Msg: "cannot read it: " + errMsg(err)})
	} else {
		var ps Problems
		file := PageFile
		if !s.pageBuiltIn {
			file = name(PageFile)
		}
		s.page, ps = parsePage(file, src)
		problems = append(problems, ps...)
	}
	problems = append(problems, s.loadMessages(fsys, name)...)
	// A misspelt file name would otherwise be silently ignored.
	if entries, err := fs.ReadDir(fsys, "."); err == nil {
		for _, e := range entries {
			n := e.Name()
			if p, ok := strayMessageFile(n); ok && !e.IsDir() {
				problems = append(problems, Problem{File: name(n), Msg: p})
				continue
			}
			if e.IsDir() || path.Ext(n) != ".md" || slices.Contains(known, n) || strings.EqualFold(n, "README.md") {
				continue
			}
			problems = append(problems, Problem{File: name(n), Msg: "not a letter kind" + didYouMean(n, known) + "; template files are " + strings.Join(known, ", ")})
		}
	}
	if len(problems) > 0 {
		problems.sort()
		return nil, problems
	}
	return s, nil
}

func errMsg(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Export writes the built-in templates, letters and messages, into dir (created if needed) for a practice to
// edit. It refuses to overwrite a file that is already there.
func Export(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var files []string
	for _, k := range Kinds {
		files = append(files, fileName(k))
	}
	files = append(files, PageFile)
	files = append(files, messageFiles()...)
	for _, n := range files {
		p := filepath.Join(dir, n)
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s already exists: export to an empty folder, or move your edited copies first", p)
		}
	}
	for _, n := range files {
		src, err := fs.ReadFile(templates.FS, n)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, n)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(src); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

// CheckDir loads the templates in the folder dir and renders every kind and variant with
// sample practice and patient values. It returns the problems found, each naming
// DIR/FILE:LINE, or the first error met while rendering, with its file and line.
func CheckDir(dir string) error { return check(LoadDir(dir)) }

func check(s *Set, err error) error {
	if err != nil {
		return err
	}
	p := SamplePatient()
	// Every "::: if" section is rendered at least once: each kind and variant with bulk
	// 104 off and on, and letters to organisations with no patient list, with reviews
	// open and with none.
	open, done := SampleCounts(), SampleCounts()
	done.Actions[rules.Review] = 0
	settings := []struct {
		bulk104 bool
		counts  *rules.Counts
	}{{false, nil}, {true, open}, {false, done}}
	for _, k := range Kinds {
		for _, v := range Variants(k) {
			for _, set := range settings {
				pr := SamplePractice()
				pr.Bulk104 = set.bulk104
				var err error
				switch {
				case k == rules.OptInForm && v == Blank:
					_, err = s.BlankForm(pr)
				case k == rules.OptInForm:
					_, err = s.render(k, v, PracticeFields(pr).withPatient(p))
				case patientKind(k):
					pathway := rules.Pathway(v)
					if !pathwayKeyed(k) {
						pathway = rules.Proceed
					}
					_, err = s.Patient(k, v, p, pr, pathway, []rules.Kind{rules.OptInForm})
				default:
					_, err = s.Organisation(k, pr, rules.Pathway(v), set.counts)
				}
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// render returns the blocks of kind's template for variant, with fields filled in
// from f. Values are inserted as plain text, once: they are never read as template
// syntax. It fails, naming the template line, when a required field has no value.
func (s *Set) render(kind rules.Kind, variant string, f Fields) ([]Block, error) {
	t, ok := s.byKind[kind]
	if !ok {
		return nil, fmt.Errorf("no template for letter kind %q", kind)
	}
	if !slices.Contains(sectionNames(kind), variant) {
		return nil, fmt.Errorf("%s: unknown variant %q%s (known: %s)", t.file, variant, didYouMean(variant, sectionNames(kind)), strings.Join(Variants(kind), ", "))
	}
	if !t.sections[variant] && t.sections[Default] {
		variant = Default
	}
	return t.blocks(t.nodes, variant, f)
}

func (t *template) blocks(ns []node, variant string, f Fields) ([]Block, error) {
	var out []Block
	for _, n := range ns {
		if !n.applies(variant, f) {
			continue
		}
		if n.list != "" {
			items := f.Lists[n.list]
			if len(items) == 0 {
				return nil, t.missing(n, n.list)
			}
			for i, item := range items {
				out = append(out, Block{Kind: Bullet, Spans: []Span{{Text: clean(item), Bold: n.text[0].bold}}, Tight: n.tight || i > 0})
			}
			continue
		}
		spans, keep, err := t.spans(n, f)
		if err != nil {
			return nil, err
		}
		if !keep {
			continue
		}
		b := Block{Kind: n.kind, Spans: spans, Tight: n.tight}
		if n.kind == Box {
			if b.Children, err = t.blocks(n.children, variant, f); err != nil {
				return nil, err
			}
		}
		out = append(out, b)
	}
	return out, nil
}

// spans fills in a node's text. keep is false when an optional field is blank, so the
// line that uses it is left out.
func (t *template) spans(n node, f Fields) (spans []Span, keep bool, err error) {
	for _, in := range n.text {
		text := in.text
		if in.field != "" {
			def := fields[in.field]
			text = clean(f.Text[in.field])
			if text == "" && !def.patient {
				if def.required {
					return nil, false, t.missing(n, in.field)
				}
				return nil, false, nil
			}
		}
		if text == "" {
			continue
		}
		if k := len(spans) - 1; k >= 0 && spans[k].Bold == in.bold {
			spans[k].Text += text
			continue
		}
		spans = append(spans, Span{Text: text, Bold: in.bold})
	}
	return spans, true, nil
}

func (t *template) missing(n node, field string) error {
	return Problem{File: t.file, Line: n.line, Msg: fmt.Sprintf("{%s} has no value: set it in the practice file", field), Field: field}
}

// Patient builds one letter to a patient. variant is the Decision's wording variant
// (see Variants); for kinds whose wording follows the pathway an empty variant means
// the pathway. enclose lists the enclosures (only rules.OptInForm exists).
func (s *Set) Patient(kind rules.Kind, variant string, p *patient.Patient, pr *practice.Practice, pathway rules.Pathway, enclose []rules.Kind) (Letter, error) {
	if !slices.Contains(rules.PatientKinds, kind) {
		return Letter{}, fmt.Errorf("%q is not a letter to patients (those are %s)", kind, strings.Join(kindNames(rules.PatientKinds), ", "))
	}
	if p == nil || pr == nil {
		return Letter{}, errors.New("letters: a patient letter needs a patient and a practice")
	}
	if variant == "" && pathwayKeyed(kind) {
		variant = string(pathway)
	}
	if pr.LetterDate.IsZero() {
		return Letter{}, errors.New("the letter date is not set")
	}
	f := PracticeFields(pr).withPathway(pr, pathway).withPatient(p)
	body, err := s.render(kind, variant, f)
	if err != nil {
		return Letter{}, err
	}
	l := Letter{
		Kind:       string(kind),
		Variant:    variant,
		From:       letterhead(pr),
		To:         AddressBlock(p),
		NHSNumber:  p.FormattedNHS(),
		Page:       s.PageWords(p.FormattedNHS()),
		Date:       pr.LetterDate.Long(),
		Body:       body,
		LargePrint: p.LargePrint,
	}
	for _, k := range enclose {
		if k != rules.OptInForm {
			return Letter{}, fmt.Errorf("%q cannot be enclosed: only %s is an enclosure", k, rules.OptInForm)
		}
		form, err := s.render(k, Filled, f)
		if err != nil {
			return Letter{}, err
		}
		l.Enclosures = append(l.Enclosures, document(form))
	}
	return l, nil
}

// Organisation builds a letter to an organisation: the ICB for the commissioner letter
// and the bulk date request (copied to EMIS in its text), EMIS for the deferral notice.
// c holds the counts of this run for the letter to report (who is written to, reviews
// still open); nil when there is no patient list (accesspack organisations). It carries
// no patient data.
func (s *Set) Organisation(kind rules.Kind, pr *practice.Practice, pathway rules.Pathway, c *rules.Counts) (Letter, error) {
	if !slices.Contains(rules.OrganisationKinds, kind) {
		return Letter{}, fmt.Errorf("%q is not a letter to an organisation (those are %s)", kind, strings.Join(kindNames(rules.OrganisationKinds), ", "))
	}
	if pr == nil {
		return Letter{}, errors.New("letters: an organisation letter needs a practice")
	}
	if pr.LetterDate.IsZero() {
		return Letter{}, errors.New("the letter date is not set")
	}
	to := pr.ICB
	if kind == rules.EMISDeferralNotice {
		to = pr.EMIS
	}
	variant := string(pathway)
	if variant == "" {
		variant = Variants(kind)[0]
	}
	body, err := s.render(kind, variant, PracticeFields(pr).withPathway(pr, pathway).withCounts(c).withAddressee(to))
	if err != nil {
		return Letter{}, err
	}
	return Letter{
		Kind:    string(kind),
		Variant: variant,
		From:    letterhead(pr),
		To:      OrgAddress(to),
		Page:    s.PageWords(""),
		Date:    pr.LetterDate.Long(),
		Body:    body,
	}, nil
}

// BlankForm builds the blank opt-in form for reception and the website: the practice's
// letterhead and the form, with lines to write the patient's details on. It has no
// address block, NHS number or date.
func (s *Set) BlankForm(pr *practice.Practice) (Letter, error) {
	if pr == nil {
		return Letter{}, errors.New("letters: the blank form needs a practice")
	}
	body, err := s.render(rules.OptInForm, Blank, PracticeFields(pr))
	if err != nil {
		return Letter{}, err
	}
	return Letter{Kind: string(rules.OptInForm), Variant: Blank, From: letterhead(pr), Page: s.PageWords(""), Body: body}, nil
}

// document makes an enclosure: its first heading becomes the title and is not repeated
// in the body.
func document(body []Block) Document {
	for i, b := range body {
		if b.Kind == Heading {
			rest := append(append([]Block{}, body[:i]...), body[i+1:]...)
			if i < len(rest) {
				rest[i].Tight = false
			}
			return Document{Title: b.Text(), Body: rest}
		}
	}
	return Document{Body: body}
}

func letterhead(pr *practice.Practice) Letterhead {
	return Letterhead{
		Name:    clean(pr.Name),
		Address: nonBlank(pr.Address),
		Phone:   clean(pr.Phone),
		Email:   clean(pr.Email),
		Website: clean(pr.Website),
	}
}

func kindNames(ks []rules.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}
