package ratings

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"ratingsite/internal/cqc"
	"ratingsite/internal/csvin"
	"ratingsite/internal/diag"
)

// SheetName is the sheet of CQC's spreadsheet that holds the ratings.
const SheetName = "Locations"

// Limits on a spreadsheet.
const (
	maxSheetRows = 4 << 20   // rows read from one sheet, blank runs included
	maxSheetCols = 1024      // columns read; cells further right are ignored
	maxHeaderRow = 100       // rows searched for the header
	maxCellBytes = 64 << 10  // bytes in one cell: CQC's longest are URLs, well under 1 kB
	maxRowBytes  = 256 << 10 // bytes in one row
	// maxRowRepeats is the most times a row that is not blank may be
	// repeated: CQC's rows are all different, so a repeat is a duplicate.
	maxRowRepeats = 1000
)

// rowSource streams the rows of one sheet. next returns the sheet row
// number (1-based, as a spreadsheet program shows it) and the cells, valid
// until the next call, or io.EOF.
type rowSource interface {
	next() (row int, cells []string, err error)
}

// errNoSheet says the workbook has no sheet called Locations; its
// message lists the sheets it has.
type errNoSheet struct{ sheets []string }

func (e errNoSheet) Error() string {
	return fmt.Sprintf("the workbook has no sheet named %q; its sheets are: %s", SheetName, strings.Join(e.sheets, ", "))
}

// readSheet reads the Locations sheet from src, as ReadCSV reads a CSV:
// the same rows make the same locations and the same problems, named by
// sheet and row.
func readSheet(src rowSource, file string, opt Options, problems *diag.List) (locs []*cqc.Location) {
	p := diag.NewCapped(problems, file)
	p.Sheet = SheetName
	defer p.Close()
	t := newTable(file, p, opt)
	defer func() {
		if v := recover(); v != nil {
			p.Errorf(file, 0, "", "please report this as a bug in ratingsite", "internal error while reading this file: %v", v)
			locs = t.locs
		}
	}()
	headerRow := 0
	var cur int
	t.line = func(Column) int { return cur }
	for {
		row, cells, err := src.next()
		if err != nil {
			sheetError(p, file, row, err, headerRow > 0)
			break
		}
		if row > maxSheetRows {
			p.Errorf(file, row, "", "CQC's sheet has about 330,000 rows; check that this is the right file", "the sheet has more than %d rows; stopped reading it", maxSheetRows)
			break
		}
		cur = row
		if headerRow == 0 {
			folded := make([]string, len(cells))
			for i, c := range cells {
				folded[i] = csvin.Fold(c)
			}
			if isHeader(folded) {
				headerRow = row
				if !t.header(cells, row) {
					return nil
				}
				continue
			}
			if row >= maxHeaderRow {
				p.Errorf(file, 0, "", hintHeader, "header row not found in the first %d rows of sheet %q: it must name the columns \"Location ID\", \"Location Name\", ...", maxHeaderRow, SheetName)
				return nil
			}
			continue
		}
		t.record(cells)
	}
	if headerRow == 0 {
		return nil
	}
	t.finish(headerRow, 0)
	return t.locs
}

// sheetError reports what stopped reading a sheet.
func sheetError(p diag.Reporter, file string, row int, err error, started bool) {
	var ns errNoSheet
	switch {
	case errors.Is(err, io.EOF):
		if !started {
			p.Errorf(file, 0, "", hintHeader, "sheet %q has no header row naming \"Location ID\"", SheetName)
		}
	case errors.As(err, &ns):
		p.Errorf(file, 0, "", "the ratings must be on a sheet named "+SheetName+", as in CQC's Latest ratings file", "%s", ns.Error())
	default:
		p.Errorf(file, row, "", "check that this is CQC's Latest ratings file, and download it again", "cannot read the spreadsheet: %s", errText(err))
	}
}

// errText is an error's message made safe to print: valid UTF-8, at most
// 200 bytes (a library may quote the input).
func errText(err error) string {
	s := strings.ToValidUTF8(err.Error(), "\uFFFD")
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "") + "..."
	}
	return s
}
