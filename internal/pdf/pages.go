package pdf

import (
	"bytes"
	"compress/zlib"
	"reflect"
	"unsafe"

	"github.com/jung-kurt/gofpdf"
)

// gofpdf keeps every page's contents uncompressed until Output, and then copies them all
// into the file it builds in memory: for a volume of thousands of letters that is tens
// of MB per document being rendered. So each page is deflated as soon as it is finished
// (the next page has begun, or the document is being written) and its buffer replaced by
// the deflated bytes, kept in large shared chunks; compress then only adds the /Filter
// to those streams. gofpdf has no API for this: pageBuffers reaches its pages field,
// and if that is ever not there (a different gofpdf), pages are left to compress as
// before.

// pageBuffers returns a pointer to f's page buffers, or nil.
func pageBuffers(f *gofpdf.Fpdf) *[]*bytes.Buffer {
	v := reflect.ValueOf(f).Elem().FieldByName("pages")
	if !v.IsValid() || v.Type() != reflect.TypeFor[[]*bytes.Buffer]() {
		return nil
	}
	return (*[]*bytes.Buffer)(unsafe.Pointer(v.UnsafeAddr()))
}

// deflater deflates finished pages into chunks.
type deflater struct {
	pages *[]*bytes.Buffer // gofpdf's; page n at index n
	done  int              // pages deflated: 1..done
	chunk []byte           // the rest of the current chunk
	z     bytes.Buffer
}

const chunkSize = 256 << 10

// deflateUpTo deflates pages done+1..last.
func (d *deflater) deflateUpTo(last int) error {
	if d.pages == nil {
		return nil
	}
	pages := *d.pages
	zw := zpool.Get().(*zlib.Writer)
	defer zpool.Put(zw)
	for n := d.done + 1; n <= last && n < len(pages); n++ {
		d.z.Reset()
		zw.Reset(&d.z)
		zw.Write(pages[n].Bytes())
		if err := zw.Close(); err != nil {
			return err
		}
		m := d.z.Len()
		if m > len(d.chunk) {
			d.chunk = make([]byte, max(chunkSize, m))
		}
		b := d.chunk[:m:m] // full capacity: nothing can append into the next page
		copy(b, d.z.Bytes())
		d.chunk = d.chunk[m:]
		pages[n] = bytes.NewBuffer(b)
		d.done = n
	}
	return nil
}
