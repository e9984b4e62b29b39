package table

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// The workbook reader. It reads an .xlsx file's parts straight from the zip held in memory
// with archive/zip and encoding/xml, a sheet row by row, and writes nothing anywhere: no
// temporary file can be left behind holding patient data. (excelize, which writes the
// pack's workbooks, reads by unpacking large sheets into TMPDIR, loads a whole sheet to
// list its merged cells, ignores XML errors part-way through a sheet, and silently drops
// rows whose numbers are out of order or repeated; every one of those loses rows.)
//
// It reads only what the data needs: the workbook's sheet list (names, order, hidden or
// not, date system), the shared strings, and the worksheet's rows, cells and merged
// ranges. Styles are not read: a date column's number cells are date serials.
//
// A part that does not unpack whole, to its recorded size and checksum, or that is not
// well-formed XML to its end, rejects the workbook as damaged: it is never read in part.

const (
	maxPart    = 64 << 20 // any part read whole into memory: workbook, relationships
	maxTextRun = 1 << 20  // text without markup: Excel's longest cell is 32,767 characters
	maxColumns = 16384    // XFD, Excel's last column
	maxRows    = 1048576  // Excel's last row
	maxStrings = 1 << 23  // shared strings (a 200,000-row list has about 2 million)
)

var (
	errTooBig   = errors.New("unpacks to too much")
	errLongText = errors.New("text run too long")
)

// workbook is an open .xlsx file.
type workbook struct {
	file     string
	opt      Options
	zr       *zip.Reader
	parts    map[string]*zip.File // by lower-case path
	unzipped int64                // bytes unpacked so far, against MaxUnzipped
	sst      []string
}

type sheetRef struct {
	name, path string
	hidden     bool
}

func (wb *workbook) damaged(why string) error {
	hint := "open it in Excel (which may offer to repair it), check every row is there and save it again as .xlsx"
	if wb.opt.Source != "" {
		hint += ", or export the list again from " + wb.opt.Source
	}
	return &Error{File: wb.file, Problem: "the workbook is damaged: " + why + ", so rows could be missing", Hint: hint}
}

func (wb *workbook) notWorkbook() error {
	return &Error{File: wb.file,
		Problem: "this is a zip file but not an Excel workbook that can be read (.xlsx)",
		Hint:    "open it in Excel and save it as an Excel Workbook (.xlsx) or CSV; if it is a zip of exports, unzip it first"}
}

// openXLSX opens the workbook in b and finds the header row in its first visible sheet
// that has one, leaving t ready for Next on that sheet.
func openXLSX(t *Table, b []byte, opt Options) error {
	t.Format = "xlsx"
	wb := &workbook{file: t.File, opt: opt, parts: map[string]*zip.File{}}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return &Error{File: t.File,
			Problem: "this is a zip file (as an .xlsx workbook is) that is damaged or cut short, so it cannot be read",
			Hint:    "if it is a workbook, open it in Excel (which may offer to repair it), check every row is there and save it again as .xlsx; otherwise " + opt.Hint}
	}
	wb.zr = zr
	var total uint64
	for _, zf := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(zf.Name, `\`, "/"), "/"))
		if _, dup := wb.parts[name]; dup {
			return wb.damaged("it holds two parts named " + strconv.Quote(truncate(zf.Name)))
		}
		wb.parts[name] = zf
		// A part may not claim more than its compressed bytes could expand to (deflate
		// expands at most about 1,032 times).
		if zf.UncompressedSize64 > zf.CompressedSize64*1100+1<<16 {
			return wb.damaged("part of it cannot be unpacked")
		}
		total += zf.UncompressedSize64
	}
	if total > MaxUnzipped {
		return wb.tooBig()
	}

	book, err := wb.officeDocument()
	if err != nil {
		return err
	}
	if wb.parts[strings.ToLower(book)] == nil {
		return wb.notWorkbook()
	}
	sheets, sst, err := wb.readWorkbook(book, t)
	if err != nil {
		return err
	}
	if sst != "" {
		if err := wb.readSharedStrings(sst); err != nil {
			return err
		}
	}
	t.Sheets = len(sheets)
	for _, s := range sheets {
		if s.hidden {
			t.HiddenSheets++
		}
	}
	// The first visible sheet with a header row; then, to say so, a hidden one.
	firstSheet := ""
	for _, hidden := range []bool{false, true} {
		for _, s := range sheets {
			if s.hidden != hidden {
				continue
			}
			src, err := wb.openSheet(s)
			if err != nil {
				return err
			}
			first := t.First.Number == 0
			found, err := t.findHeader(src, opt)
			if err != nil {
				src.close()
				return err
			}
			switch {
			case hidden && first:
				t.First = Row{LongCell: -1} // a hidden sheet's rows are not the ones to describe
			case first && t.First.Number != 0:
				firstSheet = s.name
			}
			if !found {
				src.close()
				continue
			}
			if hidden {
				t.Header, t.HeaderRow, t.HiddenHeader, t.Sheet = nil, 0, s.name, firstSheet
				src.close()
				return nil
			}
			t.Sheet, t.src = s.name, src
			return nil
		}
	}
	if t.First.Number == 0 {
		return &Error{File: t.File, Problem: "the workbook has no rows", Hint: opt.Hint}
	}
	t.Sheet = firstSheet // the sheet First is from
	return nil
}

func (wb *workbook) tooBig() error {
	return &Error{File: wb.file,
		Problem: fmt.Sprintf("the workbook unpacks to more than %d MB, too large for a %s", MaxUnzipped>>20, wb.opt.What),
		Hint:    "check it is the right file; save the sheet as CSV, or remove what is not needed (other sheets, pictures, empty formatted rows)"}
}

// officeDocument returns the main part's path from the package relationships, or the
// usual one.
func (wb *workbook) officeDocument() (string, error) {
	rels, err := wb.relationships("_rels/.rels", "")
	if err != nil {
		return "", err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.typ, "/officeDocument") {
			return r.target, nil
		}
	}
	return "xl/workbook.xml", nil
}

type relationship struct{ id, typ, target string }

// relationships reads a .rels part; targets are resolved against base's folder. A missing
// part has none.
func (wb *workbook) relationships(part, base string) ([]relationship, error) {
	if wb.parts[strings.ToLower(part)] == nil {
		return nil, nil
	}
	var out []relationship
	err := wb.walk(part, maxPart, func(tok xml.Token, depth int) error {
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			return nil
		}
		r := relationship{id: attr(se, "Id"), typ: attr(se, "Type"), target: attr(se, "Target")}
		if attr(se, "TargetMode") == "External" {
			return nil
		}
		if strings.HasPrefix(r.target, "/") {
			r.target = strings.TrimPrefix(r.target, "/")
		} else {
			r.target = path.Join(path.Dir(base), r.target)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// readWorkbook lists the worksheets in workbook order and finds the shared strings part.
func (wb *workbook) readWorkbook(book string, t *Table) (sheets []sheetRef, sst string, err error) {
	rels, err := wb.relationships(path.Join(path.Dir(book), "_rels", path.Base(book)+".rels"), book)
	if err != nil {
		return nil, "", err
	}
	byID := map[string]relationship{}
	for _, r := range rels {
		byID[r.id] = r
		if strings.HasSuffix(r.typ, "/sharedStrings") {
			sst = r.target
		}
	}
	if sst == "" && wb.parts["xl/sharedstrings.xml"] != nil {
		sst = "xl/sharedStrings.xml"
	}
	err = wb.walk(book, maxPart, func(tok xml.Token, depth int) error {
		se, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			t.Date1904 = v == "1" || v == "true"
		case "sheet":
			id := ""
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					id = a.Value
				}
			}
			r, ok := byID[id]
			if !ok || !strings.HasSuffix(r.typ, "/worksheet") {
				return nil // a chart sheet, or one that cannot be found
			}
			state := attr(se, "state")
			sheets = append(sheets, sheetRef{name: attr(se, "name"), path: r.target,
				hidden: state == "hidden" || state == "veryHidden"})
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	if len(sheets) == 0 {
		return nil, "", wb.notWorkbook()
	}
	return sheets, sst, nil
}

// readSharedStrings loads the shared strings: each <si>'s text, from its <t> or its rich
// text runs' <t>, leaving out phonetic guides.
func (wb *workbook) readSharedStrings(part string) error {
	if wb.parts[strings.ToLower(part)] == nil {
		return nil
	}
	var (
		b      strings.Builder
		inSI   bool
		inT    bool
		inRPh  bool
		unique = -1
	)
	err := wb.walk(part, MaxUnzipped, func(tok xml.Token, depth int) error {
		switch tk := tok.(type) {
		case xml.StartElement:
			switch tk.Name.Local {
			case "sst":
				if n, err := strconv.Atoi(attr(tk, "uniqueCount")); err == nil {
					unique = n
				}
			case "si":
				inSI = true
				b.Reset()
			case "rPh":
				inRPh = true
			case "t":
				inT = inSI && !inRPh
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "si":
				if len(wb.sst) >= maxStrings {
					return wb.tooBig()
				}
				wb.sst = append(wb.sst, unescapeX(b.String()))
				inSI = false
			case "rPh":
				inRPh = false
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				b.Write(tk)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if unique > len(wb.sst) {
		return wb.damaged(fmt.Sprintf("its shared text is cut short (%d of %d texts)", len(wb.sst), unique))
	}
	return nil
}

// part is one zip entry being decoded, with the checks every part gets.
type part struct {
	wb    *workbook
	name  string
	zf    *zip.File
	rc    io.ReadCloser
	g     *guard
	dec   *xml.Decoder
	stack []string
	root  bool
}

// guard counts what a part unpacks to and the longest run of text without markup.
type guard struct {
	r     io.Reader
	wb    *workbook
	limit int64
	n     int64
	run   int
}

func (g *guard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.n += int64(n)
	g.wb.unzipped += int64(n)
	if g.n > g.limit || g.wb.unzipped > MaxUnzipped {
		return n, errTooBig
	}
	if i := bytes.LastIndexByte(p[:n], '<'); i >= 0 {
		g.run = n - i - 1
	} else {
		g.run += n
	}
	if g.run > maxTextRun {
		return n, errLongText
	}
	return n, err
}

func (wb *workbook) open(name string, limit int64) (*part, error) {
	zf := wb.parts[strings.ToLower(name)]
	if zf == nil {
		return nil, wb.damaged("a part it lists (" + truncate(name) + ") is missing")
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, wb.damaged("part of it cannot be unpacked")
	}
	g := &guard{r: rc, wb: wb, limit: limit}
	return &part{wb: wb, name: name, zf: zf, rc: rc, g: g, dec: xml.NewDecoder(g)}, nil
}

func (p *part) close() { p.rc.Close() }

// token returns the part's next token, checking that elements nest and close. It returns
// io.EOF only once the whole part is read (so its checksum has been verified) and is
// complete; anything else wrong is an *Error.
func (p *part) token() (xml.Token, error) {
	tok, err := p.dec.RawToken()
	if err == io.EOF {
		if len(p.stack) == 0 && p.root {
			return nil, io.EOF
		}
		err = errCutShort
	}
	if err != nil {
		return nil, p.wb.partError(p.name, err)
	}
	if !p.nest(tok) {
		return nil, p.wb.partError(p.name, errSyntax)
	}
	return tok, nil
}

// nest keeps the stack of open elements up to date with tok, and reports whether the part
// is still well-formed: one root, every element closed in order, nothing but white space
// outside the root, no DOCTYPE.
func (p *part) nest(tok xml.Token) bool {
	switch tk := tok.(type) {
	case xml.StartElement:
		if len(p.stack) == 0 {
			if p.root {
				return false
			}
			p.root = true
		}
		p.stack = append(p.stack, tk.Name.Space+":"+tk.Name.Local)
	case xml.EndElement:
		if len(p.stack) == 0 || p.stack[len(p.stack)-1] != tk.Name.Space+":"+tk.Name.Local {
			return false
		}
		p.stack = p.stack[:len(p.stack)-1]
	case xml.CharData:
		return len(p.stack) > 0 || spaceOnly(tk)
	case xml.Directive:
		return false // a DOCTYPE
	}
	return true
}

// walk decodes a whole part, calling fn for each token with the element depth.
func (wb *workbook) walk(name string, limit int64, fn func(tok xml.Token, depth int) error) error {
	p, err := wb.open(name, limit)
	if err != nil {
		return err
	}
	defer p.close()
	for {
		tok, err := p.token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(tok, len(p.stack)); err != nil {
			return err
		}
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// tokenizer is what sheetSource reads a worksheet part with: xmlScanner, or in tests the
// encoding/xml reader it replaced, so that the two are compared on the same row logic.
type tokenizer interface {
	next() error        // the next start tag, end tag or text; io.EOF at the end of a whole part
	kind() tokenKind    // tokStart, tokEnd or tokText
	name() []byte       // a tag's local name
	attr(string) []byte // a start tag's attribute, by local name; nil if absent
	text() []byte       // text, decoded
	depth() int         // elements open (a start tag's own included; an end tag's not)
	open(i int) []byte  // the local name of the i-th open element (0 is the root)
}

// sheetSource streams one worksheet's rows.
type sheetSource struct {
	wb      *workbook
	sheet   string
	p       *part
	tz      tokenizer
	lastRow int
	done    bool
	mrg     []Merge
	v, is   []byte // a cell's <v> and inline text, reused
	// dimRows is the last row of the sheet's <dimension ref="A1:H500">, which spreadsheet
	// programs write before the rows, and size the part's unpacked size: for SizeHint.
	dimRows int
	size    uint64
}

func (wb *workbook) openSheet(s sheetRef) (*sheetSource, error) {
	p, err := wb.open(s.path, MaxUnzipped)
	if err != nil {
		return nil, err
	}
	return &sheetSource{wb: wb, sheet: s.name, p: p, tz: newXMLScanner(p.g), size: p.zf.UncompressedSize64}, nil
}

// rowsLeft estimates how many rows the sheet has after row done, for allocating: the last
// row of its dimension, which spreadsheet programs write before the rows (but never more
// than a row for every 40 bytes of the part: a dimension can say anything); without one,
// the row elements counted in a quick pass over the part.
func (s *sheetSource) rowsLeft(done int) int {
	limit := min(s.size/40, 1<<20)
	if s.dimRows > done+1 {
		return int(min(uint64(s.dimRows-done), limit))
	}
	return int(min(uint64(max(s.countRows()-done, 16)), limit))
}

// countRows counts the <row> start tags of the sheet's part (prefixed or not), reading it
// once more; 0 if it cannot be read (the real reading then says why).
func (s *sheetSource) countRows() int {
	rc, err := s.p.zf.Open()
	if err != nil {
		return 0
	}
	defer rc.Close()
	buf := make([]byte, 256<<10)
	n, carry := 0, 0
	for {
		m, err := rc.Read(buf[carry:])
		chunk := buf[:carry+m]
		for i := 0; ; {
			j := bytes.Index(chunk[i:], []byte("row"))
			if j < 0 {
				break
			}
			at := i + j
			if at > 0 && (chunk[at-1] == '<' || chunk[at-1] == ':') && at+3 < len(chunk) && (chunk[at+3] == ' ' || chunk[at+3] == '>' || chunk[at+3] == '/') {
				n++
			}
			i = at + 3
		}
		carry = copy(buf, chunk[max(0, len(chunk)-4):])
		if err != nil {
			return n
		}
	}
}

func (s *sheetSource) close() { s.p.close() }

func (s *sheetSource) rowsShown() int { return -1 }

func (s *sheetSource) merges() []Merge { return s.mrg }

// damagedOr returns err, or that the workbook is damaged if the rest of the sheet does not
// unpack: a damaged part can look like rows out of order before its checksum is reached.
func (s *sheetSource) damagedOr(err error) error {
	if _, cerr := io.Copy(io.Discard, s.p.g); cerr != nil && !errors.Is(cerr, errTooBig) && !errors.Is(cerr, errLongText) {
		return s.wb.damaged("part of it cannot be unpacked")
	}
	return err
}

func (s *sheetSource) order(problem string) error {
	return &Error{File: s.wb.file,
		Problem: fmt.Sprintf("sheet %q: %s, which Excel never writes, so rows could be misread", truncate(s.sheet), problem),
		Hint:    "open the workbook in Excel and save it again as .xlsx, or save the sheet as CSV"}
}

// token reads the next token; io.EOF is the end of a complete part, whose checksum the
// zip reader has then verified. Anything else wrong is an *Error.
func (s *sheetSource) token() error {
	err := s.tz.next()
	if err == nil || err == io.EOF {
		return err
	}
	return s.wb.partError(s.p.name, err)
}

// partError explains why a part could not be read: the one place for what the workbook
// reader says of a part that is too big, cut short or not well-formed.
func (wb *workbook) partError(name string, err error) error {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, errTooBig):
		return wb.tooBig()
	case errors.Is(err, errLongText):
		return wb.damaged("a part of it (" + truncate(name) + ") holds more text in one place than a spreadsheet program writes")
	case errors.Is(err, errCutShort):
		return wb.damaged("a part of it (" + truncate(name) + ") is cut short")
	case errors.Is(err, errSyntax), errors.As(err, new(*xml.SyntaxError)):
		return wb.damaged("a part of it (" + truncate(name) + ") is not well-formed")
	}
	return wb.damaged("part of it cannot be unpacked")
}

// next reads up to the next <row> of the sheet data and returns its cells. After the last
// row it reads the rest of the part (the merged cells, and the end, which verifies the
// checksum) and returns false.
func (s *sheetSource) next(r *Row) (bool, error) {
	if s.done {
		return false, nil
	}
	for {
		err := s.token()
		if err == io.EOF {
			s.done = true
			s.close()
			return false, nil
		}
		if err != nil {
			s.done = true
			s.close()
			return false, err
		}
		if s.tz.kind() != tokStart {
			continue
		}
		switch name := string(s.tz.name()); {
		case name == "row" && s.tz.depth() == 3 && string(s.tz.open(1)) == "sheetData":
			if err := s.row(r); err != nil {
				s.done = true
				err = s.damagedOr(err)
				s.close()
				return false, err
			}
			return true, nil
		case name == "mergeCell":
			if m, ok := parseMerge(string(s.tz.attr("ref"))); ok {
				s.mrg = append(s.mrg, m)
			}
		case name == "dimension" && s.tz.depth() == 2:
			ref := string(s.tz.attr("ref"))
			if _, last, ok := strings.Cut(ref, ":"); ok {
				ref = last
			}
			if _, r, ok := parseRef(ref); ok {
				s.dimRows = r
			}
		}
	}
}

// row reads one <row> element (its start tag the current token) into r.
func (s *sheetSource) row(r *Row) error {
	num := s.lastRow + 1
	if v := s.tz.attr("r"); v != nil {
		n, ok := atoi(v)
		if !ok || n < 1 || n > maxRows {
			return s.order(fmt.Sprintf("a row has the number %q", truncate(string(v))))
		}
		num = n
	}
	switch {
	case num == s.lastRow:
		return s.order(fmt.Sprintf("row %d is given twice", num))
	case num < s.lastRow:
		return s.order(fmt.Sprintf("row %d comes after row %d (rows out of order)", num, s.lastRow))
	}
	s.lastRow = num
	r.Number, r.Cells, r.Kinds = num, r.Cells[:0], r.Kinds[:0]
	h := string(s.tz.attr("hidden"))
	r.Hidden = h == "1" || h == "true"
	if ht := s.tz.attr("ht"); ht != nil {
		if f, err := strconv.ParseFloat(string(ht), 64); err == nil && f == 0 {
			r.Hidden = true
		}
	}
	depth := s.tz.depth()
	col := 0 // the last cell's column number
	for {
		if err := s.token(); err != nil {
			if err == io.EOF {
				return s.wb.damaged("a part of it is cut short")
			}
			return err
		}
		if s.tz.depth() < depth {
			return nil // </row>
		}
		if s.tz.kind() != tokStart || s.tz.depth() != depth+1 || string(s.tz.name()) != "c" {
			continue
		}
		at := col + 1
		if ref := s.tz.attr("r"); ref != nil {
			cc, cr, ok := parseRef(string(ref))
			if !ok || cr != num {
				return s.order(fmt.Sprintf("row %d holds a cell named %q", num, truncate(string(ref))))
			}
			if cc <= col {
				return s.order(fmt.Sprintf("row %d: cell %s comes after column %s (cells out of order or given twice)", num, truncate(string(ref)), ColumnName(col-1)))
			}
			at = cc
		}
		if at > maxColumns {
			return s.order(fmt.Sprintf("row %d has a cell beyond column XFD", num))
		}
		col = at
		val, kind, present, err := s.cell()
		if err != nil {
			return err
		}
		if !present {
			continue
		}
		for len(r.Cells) < at-1 {
			r.Cells = append(r.Cells, "")
			r.Kinds = append(r.Kinds, Text)
		}
		r.Cells = append(r.Cells, val)
		r.Kinds = append(r.Kinds, kind)
	}
}

// cell reads one <c> element (its start tag the current token) and returns its value.
// present is false for a cell with no value and no formula.
func (s *sheetSource) cell() (val string, kind Kind, present bool, err error) {
	typ := string(s.tz.attr("t"))
	depth := s.tz.depth()
	s.v, s.is = s.v[:0], s.is[:0]
	hasV, formula := false, false
	inV, inT, inRPh := false, false, false
	for {
		if err := s.token(); err != nil {
			if err == io.EOF {
				return "", 0, false, s.wb.damaged("a part of it is cut short")
			}
			return "", 0, false, err
		}
		if s.tz.depth() < depth {
			break // </c>
		}
		switch s.tz.kind() {
		case tokStart:
			switch string(s.tz.name()) {
			case "v":
				inV, hasV = true, true
			case "f":
				formula = true
			case "rPh":
				inRPh = true
			case "t":
				inT = !inRPh
			}
		case tokEnd:
			switch string(s.tz.name()) {
			case "v":
				inV = false
			case "rPh":
				inRPh = false
			case "t":
				inT = false
			}
		case tokText:
			switch {
			case inV:
				s.v = append(s.v, s.tz.text()...)
			case inT:
				s.is = append(s.is, s.tz.text()...)
			}
		}
	}
	switch typ {
	case "s":
		if !hasV {
			return "", Text, formula, nil
		}
		i, ok := atoi(trimSpace(s.v))
		if !ok || i >= len(s.wb.sst) {
			return "", 0, false, s.wb.damaged("a cell refers to shared text that is not there (the shared strings are cut short)")
		}
		return s.wb.sst[i], Text, true, nil
	case "inlineStr":
		if len(s.is) == 0 && hasV {
			return unescapeX(string(s.v)), Text, true, nil
		}
		return unescapeX(string(s.is)), Text, len(s.is) > 0 || formula, nil
	}
	v := string(s.v)
	switch typ {
	case "str":
		return v, Text, v != "" || formula, nil
	case "b":
		return v, Bool, v != "" || formula, nil
	case "e":
		return v, Failure, v != "" || formula, nil
	case "d":
		return v, Date, v != "" || formula, nil
	}
	return v, Number, v != "" || formula, nil
}

// atoi reads a non-negative decimal number of at most 9 digits.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseRef reads a cell reference such as "AB12" into its column and row numbers (from 1).
func parseRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || row < 1 || ref[i] == '+' || ref[i] == '-' {
		return 0, 0, false
	}
	return col, row, true
}

func parseMerge(ref string) (Merge, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return Merge{}, false
	}
	_, r0, ok0 := parseRef(a)
	_, r1, ok1 := parseRef(b)
	if !ok0 || !ok1 {
		return Merge{}, false
	}
	return Merge{Ref: ref, FirstRow: r0, LastRow: r1}, true
}

// unescapeX decodes the _xHHHH_ escapes OOXML uses for characters XML cannot hold (such
// as _x000D_ for a carriage return); _x005F_ is an underscore.
func unescapeX(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(n))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// truncate keeps names from a file short in messages.
func truncate(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
