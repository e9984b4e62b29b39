package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"sync"

	"github.com/jung-kurt/gofpdf"

	"github.com/accesspack/accesspack/internal/guard"
)

// gofpdf keeps every page's contents uncompressed until Output, and then copies them all
// into the file it builds in memory: for a volume of thousands of letters that is tens
// of MB per document being rendered. So finished pages (the next page has begun, or the
// document is being written) are deflated and handed back to gofpdf compressed
// (gofpdf.PageContent and SetPageContentCompressed, added to our copy of gofpdf in
// third_party/gofpdf), which writes them as they are.
//
// Deflating is a third of the work of drawing a page, so it runs beside the drawing: the
// finished pages go in batches to goroutines of their own, and the deflated batches are
// put back in order by the Doc's goroutine (which alone calls gofpdf). A batch's
// goroutine only reads pages gofpdf no longer writes, and always ends by itself, so a
// Doc dropped half-way leaves nothing running for long.

const (
	batchPages = 64 // pages deflated together
	maxBatches = 4  // batches being deflated at once, per Doc
)

// zpool holds zlib writers to reuse: a new one allocates hundreds of KB, more than
// deflating a page costs.
var zpool = &sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed)
	return w
}}

// deflater deflates the finished pages of one gofpdf document.
type deflater struct {
	f       *gofpdf.Fpdf // nil: pages are left to gofpdf, which deflates them in Output
	handed  int          // pages handed to a batch: 1..handed
	pending []*batch     // batches handed off and not yet put back, oldest first
}

type batch struct {
	first int      // page number of in[0]
	in    [][]byte // the pages' contents
	out   [][]byte // deflated, once done is closed
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
	b.out = make([][]byte, len(b.in))
	for i, p := range b.in {
		z.Reset()
		zw.Reset(&z)
		zw.Write(p)
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
		b.out[i] = c
	}
}

// finished hands pages handed+1..last to a batch once there are enough of them, or
// all of them if flush; puts back the batches that are done; and with flush, waits
// for every batch.
func (d *deflater) finished(last int, flush bool) error {
	if d.f == nil {
		return nil
	}
	last = min(last, d.f.PageCount())
	if n := last - d.handed; n >= batchPages || flush && n > 0 {
		if len(d.pending) == maxBatches { // deflating falls behind: wait for the oldest
			if err := d.putBack(); err != nil {
				return err
			}
		}
		b := &batch{first: d.handed + 1, in: make([][]byte, n), done: make(chan struct{})}
		for i := range b.in {
			b.in[i] = d.f.PageContent(b.first + i)
		}
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

// putBack waits for the oldest batch and gives gofpdf its deflated pages.
func (d *deflater) putBack() error {
	b := d.pending[0]
	<-b.done
	if b.err != nil {
		return b.err
	}
	for i, p := range b.out {
		d.f.SetPageContentCompressed(b.first+i, p)
	}
	d.pending = d.pending[1:]
	return d.f.Error()
}
