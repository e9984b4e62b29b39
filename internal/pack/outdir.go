package pack

import "github.com/accesspack/accesspack/internal/outdir"

// ErrOutNotEmpty means --out exists and holds files, and --force was not given.
var ErrOutNotEmpty = outdir.ErrNotEmpty

// ErrBusy means another accesspack run is writing the same --out.
var ErrBusy = outdir.ErrBusy
