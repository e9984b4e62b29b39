package pack

import (
	"io"

	"github.com/accesspack/accesspack/internal/outdir"
)

// ErrOutNotEmpty means --out exists and holds files, and --force was not given.
var ErrOutNotEmpty = outdir.ErrNotEmpty

// ErrBusy means another accesspack run is writing the same --out.
var ErrBusy = outdir.ErrBusy

// staging is the pack's temporary folder beside --out (see internal/outdir).
type staging struct {
	*outdir.Staging
	dir string
}

func openStaging(out string, force bool) (*staging, error) {
	s, err := outdir.Open(out, force)
	if err != nil {
		return nil, err
	}
	return &staging{Staging: s, dir: s.Dir}, nil
}

func (s *staging) writeFile(rel string, write func(w io.Writer) error) error {
	return s.WriteFile(rel, write)
}

func (s *staging) commit() error { return s.Commit() }
func (s *staging) abort()        { s.Abort() }
