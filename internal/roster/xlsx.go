package roster

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

var rawCells = excelize.Options{RawCellValue: true}

// maxUnzipped bounds what a workbook may unpack to (a 200,000-row list is a few hundred MB).
const maxUnzipped = 4 << 30

// maxPart bounds any other part of a workbook (styles, shared strings, images): excelize
// allocates a part's declared size before reading it, so a damaged entry claiming
// gigabytes would otherwise stall the run or exhaust memory. Worksheets and shared
// strings above 16 MB are streamed through temporary files instead.
const maxPart = 64 << 20

// zipDamaged checks a workbook's zip before excelize reads it. excelize ignores an error
// in unpacking a part and uses what it got, so a sheet damaged in the middle would be read
// in part, every row after the damage silently lost: each part must unpack completely, to
// its recorded size and checksum. A part must also not claim more than it may hold
// (excelize allocates the claimed size first): no more than its compressed bytes could
// expand to (deflate expands at most about 1,032 times), no more than maxPart for a part
// excelize keeps in memory, and no more than maxUnzipped in all. A file that is not a zip
// at all is left to excelize to report.
func zipDamaged(b []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return false
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		streamed := strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml"
		if total > maxUnzipped || zf.UncompressedSize64 > maxPart && !streamed ||
			zf.UncompressedSize64 > zf.CompressedSize64*1100+1<<16 {
			return true
		}
		rc, err := zf.Open()
		if err != nil {
			return true
		}
		n, err := io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil || uint64(n) != zf.UncompressedSize64 {
			return true
		}
	}
	return false
}

// readXLSX reads the first worksheet that has an NHS number header, streaming its rows.
// Cells are read raw (unformatted), so a date cell gives its serial number, which the date
// parser converts, rather than a display form that could be month-first; a formula gives its
// cached value.
func readXLSX(b []byte, name string, opt Options) (l *List, err error) {
	unreadable := &FileError{File: name,
		Problem: "this is a zip file but not an Excel workbook that can be read (.xlsx)",
		Hint:    "open it in Excel and save it as an Excel Workbook (.xlsx) or CSV; if it is a zip of exports, unzip it first"}
	// A damaged workbook must not crash the tool: excelize is third-party code.
	defer func() {
		if r := recover(); r != nil {
			l, err = nil, unreadable
		}
	}()
	if zipDamaged(b) {
		return nil, &FileError{File: name,
			Problem: "the workbook is damaged: part of it cannot be unpacked, so rows could be missing",
			Hint:    "open it in Excel (which may offer to repair it), check every row is there and save it again as .xlsx, or export the list again from EMIS"}
	}
	// excelize unpacks large sheets (patient data) into temporary files, and does not
	// remove them when opening fails part-way: give it a private folder, removed on return.
	tmp, err := os.MkdirTemp("", "accesspack-xlsx-")
	if err != nil {
		return nil, &FileError{File: name, Problem: "could not make a temporary folder to read the workbook: " + err.Error(),
			Hint: "check the temporary folder (TMPDIR) has space and can be written"}
	}
	defer os.RemoveAll(tmp)
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxUnzipped, TmpDir: tmp})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, unreadable
	}
	defer f.Close()
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()

	var firstCells []string
	firstRow, firstSheet := 0, ""
	for _, sheet := range sheets {
		rows, err := f.Rows(sheet)
		if err != nil {
			continue // a chart sheet, or one excelize cannot stream
		}
		row, seen := 0, 0
		var header []string
		for seen < maxHeaderScan && rows.Next() {
			row++
			cells, err := rows.Columns(rawCells)
			if err != nil {
				rows.Close()
				return nil, sheetError(name, sheet, row)
			}
			if blankRow(cells) {
				continue
			}
			seen++
			if firstCells == nil {
				firstCells, firstRow, firstSheet = cells, row, sheet
			}
			if nhsHeaderIn(cells, opt.Headers) {
				header = cells
				break
			}
		}
		if header == nil {
			rows.Close()
			continue
		}
		l, err := readSheet(rows, name, sheet, row, header, opt, date1904)
		if cerr := rows.Close(); err == nil && cerr != nil {
			err = sheetError(name, sheet, row)
		}
		if err != nil {
			return nil, err
		}
		if w := mergedAcrossRows(f, sheet, row); w != "" {
			l.Warnings = append(l.Warnings, w)
		}
		if len(sheets) > 1 {
			l.Warnings = append([]string{fmt.Sprintf("read sheet %q, the first of the workbook's %d sheets with an NHS number column",
				truncateHeader(sheet), len(sheets))}, l.Warnings...)
		}
		return l, nil
	}
	if firstCells == nil {
		return nil, &FileError{File: name, Problem: "the workbook has no rows", Hint: hintExportCSV}
	}
	err = noHeaderError(name, firstCells, firstRow, opt.Headers)
	fe := err.(*FileError)
	if len(sheets) > 1 {
		fe.Problem = fmt.Sprintf("no sheet of the %d in the workbook has an NHS number column; in sheet %q: %s",
			len(sheets), truncateHeader(firstSheet), fe.Problem)
	} else {
		fe.Problem = fmt.Sprintf("sheet %q: %s", truncateHeader(firstSheet), fe.Problem)
	}
	return nil, fe
}

func readSheet(rows *excelize.Rows, name, sheet string, headerRow int, header []string, opt Options, date1904 bool) (*List, error) {
	l := &List{File: name, Format: "xlsx", Sheet: sheet, HeaderRow: headerRow}
	b, err := newBuilder(name, header, opt, true, date1904, 1024)
	if err != nil {
		return nil, err
	}
	if headerRow > 1 {
		l.Warnings = append(l.Warnings, fmt.Sprintf("the headers are in row %d; the rows above it were ignored", headerRow))
	}
	row := headerRow
	for rows.Next() {
		row++
		cells, err := rows.Columns(rawCells)
		if err != nil {
			return nil, sheetError(name, sheet, row)
		}
		if err := b.add(row, cells); err != nil {
			return nil, err
		}
	}
	if rows.Error() != nil {
		return nil, sheetError(name, sheet, row)
	}
	return b.finish(l)
}

// mergedAcrossRows warns about merged cells that span data rows: only the top row of a
// merged range holds its value, so the rows below it are read with that cell blank (a
// family's shared surname or address, say), which the spreadsheet does not show.
func mergedAcrossRows(f *excelize.File, sheet string, headerRow int) string {
	ranges, err := f.GetMergeCells(sheet)
	if err != nil {
		return ""
	}
	n, first := 0, ""
	for _, r := range ranges {
		_, r0, err0 := excelize.CellNameToCoordinates(r.GetStartAxis())
		_, r1, err1 := excelize.CellNameToCoordinates(r.GetEndAxis())
		if err0 != nil || err1 != nil || r1 <= r0 || r1 <= headerRow {
			continue
		}
		if n++; n == 1 {
			first = r.GetStartAxis() + ":" + r.GetEndAxis()
		}
	}
	switch n {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("1 merged cell range covers several rows (%s): only its top row has the value, so the rows below it were read with that cell blank", first)
	}
	return fmt.Sprintf("%d merged cell ranges cover several rows (first: %s): only the top row of each has the value, so the rows below were read with those cells blank", n, first)
}

func sheetError(name, sheet string, row int) error {
	return &FileError{File: name,
		Problem: fmt.Sprintf("sheet %q could not be read at row %d", truncateHeader(sheet), row),
		Hint:    "open the workbook in Excel and save it again as .xlsx, or save it as CSV"}
}
