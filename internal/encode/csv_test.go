package encode

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

func TestPracticesCSV(t *testing.T) {
	hostile := testPractice("1-2", "=HYPERLINK(\"x\")")
	hostile.City, hostile.Street = "+44", "@home, \"quoted\""
	unplaced := testPractice("1-3", "Unplaced")
	unplaced.Placed = 0
	const header = "id,ods_code,name,street,address_line_2,city,postcode,local_authority,region,overall,published,safe,effective,caring,responsive,well_led,latitude,longitude,url\n"
	for _, tc := range []struct {
		name string
		ps   []*site.Practice
		want string
	}{
		{"empty", nil, header},
		{"plain", []*site.Practice{testPractice("1-1", "Castle Practice")},
			header + "1-1,P1,Castle Practice,,,Oldham,OL1 1AA,Oldham,North West,Good,2024-03-01,Requires improvement,,,,,53.5,-2.1,https://example.org/r/practices/1-1/\n"},
		{"formulas defused", []*site.Practice{hostile},
			header + "1-2,P1,\"'=HYPERLINK(\"\"x\"\")\",\"'@home, \"\"quoted\"\"\",,'+44,OL1 1AA,Oldham,North West,Good,2024-03-01,Requires improvement,,,,,53.5,-2.1,https://example.org/r/practices/1-2/\n"},
		{"no coordinates", []*site.Practice{unplaced},
			header + "1-3,P1,Unplaced,,,Oldham,OL1 1AA,Oldham,North West,Good,2024-03-01,Requires improvement,,,,,,,https://example.org/r/practices/1-3/\n"},
	} {
		got, err := PracticesCSV(testBase, tc.ps)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
	if strings.Contains(header, " ") {
		t.Fatal("header")
	}
}

// TestPracticesCSVSpreadsheetSafe: no cell of the CSV downloads, the ID
// included, starts with a character a spreadsheet reads as a formula.
func TestPracticesCSVSpreadsheetSafe(t *testing.T) {
	area := &site.Area{Name: "=HYPERLINK(\"x\")"}
	p := &site.Practice{ID: "-1+2", ODS: "@SUM(A1)", Name: "+Name", Street: "=1", Line2: "\tx", City: "\rx", Postcode: "-x",
		Region: area, LocalAuthority: area}
	base, err := urls.Parse("https://example.org/")
	if err != nil {
		t.Fatal(err)
	}
	b, err := PracticesCSV(base, []*site.Practice{p})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("column %s = %q starts a formula", rows[0][i], cell)
		}
	}
	if rows[1][0] != "'-1+2" {
		t.Errorf("id = %q, want '-1+2", rows[1][0])
	}
}
