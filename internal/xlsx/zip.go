package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"

	"github.com/xuri/excelize/v2"
)

// sortedZip is an excelize.ZipWriter that writes its entries in name order.
//
// excelize writes stream-written sheets by ranging over a map, so with more
// than one StreamWriter the entry order (and so the bytes) would change from
// run to run. Each entry is compressed into memory as it is written and the
// archive is assembled on Close, sorted by name. Entries carry no timestamp
// (as excelize's own zip writer does).
// Memory held is the compressed size of the workbook, which excelize holds
// once more in its own output buffer anyway.
type sortedZip struct {
	w       io.Writer
	entries []*zipEntry
}

func newSortedZip(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w} }

type zipEntry struct {
	name string
	buf  bytes.Buffer
	fw   *flate.Writer
	crc  hash.Hash32
	size uint64
}

func (e *zipEntry) Write(p []byte) (int, error) {
	e.crc.Write(p)
	e.size += uint64(len(p))
	return e.fw.Write(p)
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	e := &zipEntry{name: name, crc: crc32.NewIEEE()}
	fw, err := flate.NewWriter(&e.buf, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	e.fw = fw
	z.entries = append(z.entries, e)
	return e, nil
}

func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("xlsx: AddFS is not supported")
}

func (z *sortedZip) Close() error {
	sort.SliceStable(z.entries, func(i, j int) bool { return z.entries[i].name < z.entries[j].name })
	zw := zip.NewWriter(z.w)
	for i, e := range z.entries {
		if i > 0 && e.name == z.entries[i-1].name {
			return errors.New("xlsx: duplicate part in workbook: " + e.name)
		}
		if err := e.fw.Close(); err != nil {
			return err
		}
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               e.name,
			Method:             zip.Deflate,
			CRC32:              e.crc.Sum32(),
			CompressedSize64:   uint64(e.buf.Len()),
			UncompressedSize64: e.size,
		})
		if err != nil {
			return err
		}
		if _, err := e.buf.WriteTo(w); err != nil {
			return err
		}
	}
	z.entries = nil
	return zw.Close()
}
