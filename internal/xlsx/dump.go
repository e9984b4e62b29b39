package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Dump reads a workbook and returns a stable plain-text form of every sheet,
// for golden files: "== Sheet" then one line per row, cells joined by " | ".
// Cells with a date format are shown as yyyy-mm-dd, numbers as stored (no
// number format applied), strings as they are with line breaks written \n.
// Trailing empty cells of a row are left out.
func Dump(r io.Reader) (string, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return "", fmt.Errorf("xlsx: reading workbook: %w", err)
	}
	defer f.Close()

	isDate := map[int]bool{} // by style index
	var out strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return "", fmt.Errorf("xlsx: reading sheet %q: %w", sheet, err)
		}
		fmt.Fprintf(&out, "== %s\n", sheet)
		for i, row := range rows {
			for j, v := range row {
				if j > 0 {
					out.WriteString(" | ")
				}
				if v == "" {
					continue
				}
				ref, err := excelize.CoordinatesToCellName(j+1, i+1)
				if err != nil {
					return "", err
				}
				date, err := dateStyled(f, sheet, ref, isDate)
				if err != nil {
					return "", fmt.Errorf("xlsx: sheet %q cell %s: %w", sheet, ref, err)
				}
				if date {
					if serial, err := strconv.ParseFloat(v, 64); err == nil {
						if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
							v = t.Format("2006-01-02")
						}
					}
				}
				v = strings.ReplaceAll(v, "\r", `\r`)
				out.WriteString(strings.ReplaceAll(v, "\n", `\n`))
			}
			out.WriteByte('\n')
		}
	}
	return out.String(), nil
}

// dateStyled reports whether the cell's number format shows a date.
func dateStyled(f *excelize.File, sheet, ref string, cache map[int]bool) (bool, error) {
	idx, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		return false, err
	}
	if d, ok := cache[idx]; ok {
		return d, nil
	}
	st, err := f.GetStyle(idx)
	if err != nil {
		return false, err
	}
	d := isDateFormat(st.NumFmt, st.CustomNumFmt)
	cache[idx] = d
	return d, nil
}

// isDateFormat reports whether a built-in format id or a custom format code
// shows a date.
func isDateFormat(id int, custom *string) bool {
	if custom != nil && *custom != "" {
		code := strings.ToLower(*custom)
		return strings.Contains(code, "yy") || strings.Contains(code, "dd") || strings.Contains(code, "mmm")
	}
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)
}
