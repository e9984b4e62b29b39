package pdf

import (
	"bytes"
	"compress/zlib"
	"reflect"
	"slices"
	"unsafe"

	"github.com/jung-kurt/gofpdf"

	"github.com/accesspack/accesspack/internal/guard"
)

// gofpdf keeps every page's contents uncompressed until Output, and then copies them all
// into the file it builds in memory: for a volume of thousands of letters that is tens
// of MB per document being rendered. So finished pages (the next page has begun, or the
// document is being written) are deflated, and their buffers replaced by the deflated
// bytes; compress then only adds the /Filter to those streams. gofpdf has no API for
// this: pageBuffers reaches its pages field, and if that is ever not there (a different
// gofpdf), pages are left to compress as before.
//
// Deflating is a third of the work of drawing a page, so it runs beside the drawing: the
// finished pages go in batches to goroutines of their own, and the deflated batches are
// put back in order by the Doc's goroutine (which alone touches gofpdf). A batch's
// goroutine only reads pages gofpdf no longer writes, and always ends by itself, so a
// Doc dropped half-way leaves nothing running for long.

// pageBuffers returns a pointer to f's page buffers, or nil.
func pageBuffers(f *gofpdf.Fpdf) *[]*bytes.Buffer {
	v := reflect.ValueOf(f).Elem().FieldByName("pages")
	if !v.IsValid() || v.Type() != reflect.TypeFor[[]*bytes.Buffer]() {
		return nil
	}
	return (*[]*bytes.Buffer)(unsafe.Pointer(v.UnsafeAddr()))
}

const (
	batchPages = 64 // pages deflated together
	maxBatches = 4  // batches being deflated at once, per Doc
)

// deflater deflates finished pages.
type deflater struct {
	pages   *[]*bytes.Buffer // gofpdf's; page n at index n
	handed  int              // pages handed to a batch: 1..handed
	pending []*batch         // batches handed off and not yet put back, oldest first
}

type batch struct {
	first int             // page number of in[0]
	in    []*bytes.Buffer // the pages
	out   []*bytes.Buffer // deflated, once done is closed
	err   error
	done  chan struct{}
}

func (b *batch) deflate() {
	defer close(b.done)
	defer guard.Recover(&b.err) // a panic here would end the program printing its value
	zw := zpool.Get().(*zlib.Writer)
	defer zpool.Put(zw)
	var z bytes.Buffer
	var chunk []byte
	b.out = make([]*bytes.Buffer, len(b.in))
	for i, p := range b.in {
		z.Reset()
		zw.Reset(&z)
		zw.Write(p.Bytes())
		if err := zw.Close(); err != nil {
			b.err = err
			return
		}
		m := z.Len()
		if m > len(chunk) {
			chunk = make([]byte, max(batchPages*512, m))
		}
		c := chunk[:m:m] // full capacity: nothing can append into the next page
		copy(c, z.Bytes())
		chunk = chunk[m:]
		b.out[i] = bytes.NewBuffer(c)
	}
}

// finished hands pages handed+1..last to a batch once there are enough of them, or
// all of them if flush; puts back the batches that are done; and with flush, waits
// for every batch.
func (d *deflater) finished(last int, flush bool) error {
	if d.pages == nil {
		return nil
	}
	pages := *d.pages
	last = min(last, len(pages)-1)
	if n := last - d.handed; n >= batchPages || flush && n > 0 {
		if len(d.pending) == maxBatches { // deflating falls behind: wait for the oldest
			if err := d.putBack(); err != nil {
				return err
			}
		}
		b := &batch{first: d.handed + 1, in: slices.Clone(pages[d.handed+1 : last+1]), done: make(chan struct{})}
		d.handed = last
		d.pending = append(d.pending, b)
		go b.deflate()
	}
	for len(d.pending) > 0 && (flush || isDone(d.pending[0])) {
		if err := d.putBack(); err != nil {
			return err
		}
	}
	return nil
}

func isDone(b *batch) bool {
	select {
	case <-b.done:
		return true
	default:
		return false
	}
}

// putBack waits for the oldest batch and puts its deflated pages in place of its pages.
func (d *deflater) putBack() error {
	b := d.pending[0]
	<-b.done
	if b.err != nil {
		return b.err
	}
	pages := *d.pages
	for i, p := range b.out {
		pages[b.first+i] = p
	}
	d.pending = d.pending[1:]
	return nil
}
