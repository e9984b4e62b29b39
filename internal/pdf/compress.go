package pdf

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"slices"
	"strconv"
	"sync"
)

// gofpdf compresses each page with a new zlib writer, whose allocation (hundreds of KB)
// costs more than drawing the page. So gofpdf writes page contents uncompressed and
// compress rewrites its output: every stream whose dictionary is just a /Length is
// deflated with a reused writer, and the cross-reference table is rebuilt from the
// objects' new offsets. Objects are found through gofpdf's own cross-reference table,
// never by searching stream data. The result is deterministic.

var zpool = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed)
	return w
}}

var errLayout = errors.New("pdf: unexpected gofpdf output")

type object struct {
	num, off int
}

// compress rewrites the uncompressed PDF in to w with its plain streams deflated. If
// pagesDeflated, the pages' contents are deflated already (see deflater) and only get
// their /Filter.
func compress(in []byte, w io.Writer, pagesDeflated bool) (int64, error) {
	// startxref N, at the end
	i := bytes.LastIndex(in, []byte("\nstartxref\n"))
	if i < 0 {
		return 0, errLayout
	}
	xref, ok := atoi(in[i+len("\nstartxref\n"):], '\n')
	if !ok || xref >= i || !bytes.HasPrefix(in[xref:], []byte("xref\n0 ")) {
		return 0, errLayout
	}
	p := xref + len("xref\n0 ")
	size, ok := atoi(in[p:], '\n')
	if !ok {
		return 0, errLayout
	}
	p += len(strconv.Itoa(size)) + 1
	const entry = 20 // "0000000123 00000 n \n"
	if p+size*entry > len(in) {
		return 0, errLayout
	}
	objs := make([]object, 0, size)
	for n := 1; n < size; n++ {
		e := in[p+n*entry : p+(n+1)*entry]
		off, ok := atoi(e, ' ')
		if !ok || e[17] != 'n' || off <= 0 || off >= xref {
			return 0, errLayout
		}
		objs = append(objs, object{n, off})
	}
	trailer := in[p+size*entry : i+1] // "trailer\n<<...>>\n"
	slices.SortFunc(objs, func(a, b object) int { return a.off - b.off })

	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 64<<10)
	zw := zpool.Get().(*zlib.Writer)
	defer zpool.Put(zw)
	var z bytes.Buffer
	offsets := make([]int, size)
	contents := make([]bool, size) // objects that are a page's contents
	out := 0
	write := func(b []byte) {
		bw.Write(b)
		out += len(b)
	}
	write(in[:objs[0].off])
	for k, o := range objs {
		end := xref
		if k+1 < len(objs) {
			end = objs[k+1].off
		}
		obj := in[o.off:end]
		offsets[o.num] = out
		if pagesDeflated {
			if c, ok := pageContents(obj, o.num); ok {
				if c >= size {
					return cw.n, errLayout
				}
				contents[c] = true
			}
		}
		dict, data, ok := plainStream(obj, o.num)
		if !ok {
			if contents[o.num] {
				return cw.n, errLayout // a page's deflated contents must not go out unmarked
			}
			write(obj)
			continue
		}
		if contents[o.num] && !isZlib(data) {
			return cw.n, errLayout // never mark a page as deflated that is not
		}
		if !contents[o.num] {
			z.Reset()
			zw.Reset(&z)
			zw.Write(data)
			if err := zw.Close(); err != nil {
				return cw.n, err
			}
			data = z.Bytes()
		}
		// "N 0 obj\n<<" /Filter /FlateDecode the rest of the dictionary /Length M>>
		write(dict[:len(objHead(o.num))+2])
		write([]byte("/Filter /FlateDecode "))
		write(dict[len(objHead(o.num))+2:])
		write([]byte("/Length " + strconv.Itoa(len(data)) + ">>\nstream\n"))
		write(data)
		write([]byte(streamTail))
	}
	xrefOut := out
	var b []byte
	b = append(b, "xref\n0 "...)
	b = strconv.AppendInt(b, int64(size), 10)
	b = append(b, "\n0000000000 65535 f \n"...)
	for n := 1; n < size; n++ {
		b = appendPadded(b, offsets[n])
		b = append(b, " 00000 n \n"...)
	}
	b = append(b, trailer...)
	b = append(b, "startxref\n"...)
	b = strconv.AppendInt(b, int64(xrefOut), 10)
	b = append(b, "\n%%EOF\n"...)
	write(b)
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	return cw.n, cw.err
}

const streamTail = "\nendstream\nendobj\n"

func objHead(num int) string { return strconv.Itoa(num) + " 0 obj\n" }

// plainStream splits an object holding an unfiltered stream (a page's contents, or a
// template's form XObject) into its dictionary up to its /Length entry ("N 0 obj\n<<...")
// and its data. ok is false for any other object, which is then copied as it is.
func plainStream(obj []byte, num int) (dict, data []byte, ok bool) {
	head := objHead(num)
	var lengthAt int // where "/Length " starts
	switch {
	case bytes.HasPrefix(obj[len(head):], []byte("<</Length ")):
		lengthAt = len(head) + 2
	case bytes.HasPrefix(obj[len(head):], []byte("<</Type /XObject\n/Subtype /Form\n")):
		end := bytes.Index(obj, []byte(">>\nstream\n"))
		if end < 0 {
			return nil, nil, false
		}
		lengthAt = bytes.LastIndex(obj[:end], []byte("/Length "))
		if lengthAt < 0 || bytes.Contains(obj[:end], []byte("/Filter")) {
			return nil, nil, false
		}
	default:
		return nil, nil, false
	}
	p := lengthAt + len("/Length ")
	n, ok := atoi(obj[p:], '>')
	if !ok {
		n, ok = atoi(obj[p:], ' ')
		p++ // "/Length N >>"
	}
	if !ok {
		return nil, nil, false
	}
	p += len(strconv.Itoa(n))
	if !bytes.HasPrefix(obj[p:], []byte(">>\nstream\n")) {
		return nil, nil, false
	}
	start := p + len(">>\nstream\n")
	if start+n+len(streamTail) != len(obj) || string(obj[start+n:]) != streamTail {
		return nil, nil, false
	}
	return obj[:lengthAt], obj[start : start+n], true
}

// isZlib reports whether b starts with a zlib header (RFC 1950) for deflate.
func isZlib(b []byte) bool {
	return len(b) >= 2 && b[0]&0x0f == 8 && (uint16(b[0])<<8|uint16(b[1]))%31 == 0
}

// pageContents returns the object number of the contents of obj, if it is a page.
func pageContents(obj []byte, num int) (int, bool) {
	if !bytes.HasPrefix(obj[len(objHead(num)):], []byte("<</Type /Page\n")) {
		return 0, false
	}
	const key = "/Contents "
	i := bytes.Index(obj, []byte(key))
	if i < 0 {
		return 0, false
	}
	return atoi(obj[i+len(key):], ' ')
}

// atoi reads the decimal number at the start of b, which must end at stop.
func atoi(b []byte, stop byte) (int, bool) {
	n, i := 0, 0
	for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
		n = n*10 + int(b[i]-'0')
		if n > 1<<40 {
			return 0, false
		}
	}
	return n, i > 0 && i < len(b) && b[i] == stop
}

func appendPadded(b []byte, n int) []byte {
	s := strconv.Itoa(n)
	for range 10 - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}
