package ratings

// Reading Office Open XML workbooks (.xlsx), as CQC published the Latest
// ratings file before April 2025, with github.com/xuri/excelize/v2 and its
// streaming row iterator (worksheets over 16 MB unpacked are streamed from
// a temporary file, not held in memory). Values are read raw, not as
// displayed: a date is its serial number, turned into the day here.

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"ratingsite/internal/cqc"
	"ratingsite/internal/csvin"
	"ratingsite/internal/diag"
)

// ReadXLSX reads the Locations sheet of an .xlsx file. Problems name the
// file, the sheet, the row and the column.
func ReadXLSX(r io.Reader, file string, opt Options, problems *diag.List) []*cqc.Location {
	if problems == nil {
		problems = new(diag.List)
	}
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true})
	if err != nil {
		problems.Errorf(file, 0, "", "check that this is CQC's Latest ratings file (.xlsx), and download it again", "cannot read the spreadsheet: %s", errText(err))
		return nil
	}
	defer f.Close()
	src := &xlsxReader{f: f}
	for _, name := range f.GetSheetList() {
		if strings.EqualFold(strings.TrimSpace(name), SheetName) {
			src.sheet = name
		}
		src.names = append(src.names, strconv.Quote(name))
	}
	if src.sheet != "" {
		if src.rows, err = f.Rows(src.sheet); err != nil {
			src.err = err
		} else {
			defer src.rows.Close()
		}
	}
	return readSheet(src, file, opt, problems)
}

type xlsxReader struct {
	f     *excelize.File
	sheet string
	names []string
	rows  *excelize.Rows
	row   int
	err   error
	dates int // index of Publication Date in the header, once known
}

func (x *xlsxReader) next() (int, []string, error) {
	if x.sheet == "" {
		return 0, nil, errNoSheet{x.names}
	}
	if x.err != nil {
		return x.row + 1, nil, x.err
	}
	for x.rows.Next() {
		x.row++
		cells, err := x.rows.Columns()
		if err != nil {
			return x.row, nil, err
		}
		if len(cells) > maxSheetCols {
			cells = cells[:maxSheetCols]
		}
		blank := true
		for _, c := range cells {
			if c != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		x.fixDates(cells)
		return x.row, cells, nil
	}
	if err := x.rows.Error(); err != nil {
		return x.row + 1, nil, err
	}
	return x.row + 1, nil, io.EOF
}

// fixDates turns a date serial number in the Publication Date column into
// yyyy-mm-dd. The column is found in the header row.
func (x *xlsxReader) fixDates(cells []string) {
	if x.dates == 0 {
		x.dates = -1
		for i, c := range cells {
			if col, ok := byFolded[csvin.Fold(c)]; ok && col == ColPublished {
				x.dates = i + 1
			}
		}
		if x.dates < 0 {
			x.dates = 0 // not the header yet
		}
		return
	}
	i := x.dates - 1
	if i >= len(cells) {
		return
	}
	if d, err := strconv.ParseFloat(strings.TrimSpace(cells[i]), 64); err == nil && d > 0 && d < 200000 {
		if t, err := excelize.ExcelDateToTime(d, false); err == nil {
			cells[i] = t.Format(time.DateOnly)
		}
	}
}
