//go:build !unix

package outdir

// removable: without a portable permission check, a folder that cannot be emptied is
// found only when Commit tries (and reported as ErrOldRemains).
func removable(dir, root string) error { return nil }
