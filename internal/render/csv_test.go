package render

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"testing"

	"ratingsite/internal/cqc"
	"ratingsite/internal/site"
)

// TestPracticesCSVSpreadsheetSafe: no cell of the CSV downloads, the ID
// included, starts with a character a spreadsheet reads as a formula.
func TestPracticesCSVSpreadsheetSafe(t *testing.T) {
	area := &site.Area{Name: "=HYPERLINK(\"x\")"}
	p := &site.Practice{Location: &cqc.Location{ID: "-1+2", ODS: "@SUM(A1)", Name: "+Name", Street: "=1", Line2: "\tx", City: "\rx", Postcode: "-x"},
		Region: area, LocalAuthority: area}
	base, _ := url.Parse("https://example.org/")
	cfg := &Config{BaseURL: base}
	b, err := practicesCSV(cfg, []*site.Practice{p})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, cell := range rows[1] {
		if cell != "" && bytes.ContainsRune([]byte("=+-@\t\r"), rune(cell[0])) {
			t.Errorf("column %s = %q starts a formula", rows[0][i], cell)
		}
	}
	if rows[1][0] != "'-1+2" {
		t.Errorf("id = %q, want '-1+2", rows[1][0])
	}
}
