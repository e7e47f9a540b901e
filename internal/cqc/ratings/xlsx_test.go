package ratings

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// TestReadXLSXRows: rows are numbered as Excel shows them, gaps included;
// the Locations sheet is found in any position; a date cell is its day;
// a missing sheet names the sheets there are.
func TestReadXLSXRows(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Notes")
	f.SetCellValue("Notes", "A1", "About this file")
	f.NewSheet("Locations")
	set := func(row int, over map[string]any) {
		for c := range NumColumns {
			var v any = csvTestDefaults[Columns[c].Name]
			if o, ok := over[Columns[c].Name]; ok {
				v = o
			}
			cell, _ := excelize.CoordinatesToCellName(int(c)+1, row)
			f.SetCellValue("Locations", cell, v)
		}
	}
	for c := range NumColumns {
		cell, _ := excelize.CoordinatesToCellName(int(c)+1, 1)
		f.SetCellValue("Locations", cell, Columns[c].Name)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	set(2, map[string]any{"Publication Date": time.Date(2023, 3, 21, 0, 0, 0, 0, time.UTC)})
	f.SetCellStyle("Locations", "U2", "U2", style)
	set(5, map[string]any{"Domain": "Safe", "Latest Rating": "Goood"}) // rows 3 and 4 are missing
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	var p diag.List
	locs := ReadXLSX(bytes.NewReader(b.Bytes()), "r.xlsx", Options{}, &p)
	es := p.Errors()
	if len(locs) != 1 || len(es) != 1 || es[0].Line != 5 || es[0].Field != "Latest Rating" || es[0].Sheet != "Locations" {
		t.Fatalf("%d locations, errors %v", len(locs), p.All())
	}
	if c := locs[0].Ratings.Overall(); c.Value != rating.Good || c.Published.String() != "2023-03-21" {
		t.Errorf("overall %+v", c)
	}

	f.DeleteSheet("Locations")
	b.Reset()
	f.WriteTo(&b)
	p = diag.List{}
	ReadXLSX(bytes.NewReader(b.Bytes()), "r.xlsx", Options{}, &p)
	if es := p.Errors(); len(es) != 1 || !strings.Contains(es[0].Message, `no sheet named "Locations"; its sheets are: "Notes"`) {
		t.Errorf("no Locations sheet: %v", es)
	}
	p = diag.List{}
	ReadXLSX(strings.NewReader("Location ID\n"), "r.xlsx", Options{}, &p)
	if es := p.Errors(); len(es) != 1 || !strings.Contains(es[0].Message, "cannot read the spreadsheet") {
		t.Errorf("not a workbook: %v", es)
	}
}
