package encode

import (
	"strings"
	"testing"

	"ratingsite/internal/site"
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
