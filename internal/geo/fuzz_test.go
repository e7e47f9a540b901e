package geo

import (
	"strings"
	"testing"

	"ratingsite/internal/diag"
)

// FuzzReadPostcodes checks that no input panics, that every problem names
// the file, and that every point kept is inside the UK ranges.
func FuzzReadPostcodes(f *testing.F) {
	f.Add([]byte("postcode,latitude,longitude\nOL9 7SG,53.5,-2.1\n"))
	f.Add([]byte("\ufeffpostcode,latitude,longitude\r\nOL1,53.5,-2.1\r\n"))
	f.Add([]byte("postcode,latitude,longitude\n\"OL9\n7SG\",NaN,Inf\n"))
	f.Add([]byte("postcode\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		var problems diag.List
		g := ReadPostcodes(strings.NewReader(string(data)), "postcodes.csv", &problems)
		for _, p := range problems.All() {
			if p.File != "postcodes.csv" {
				t.Fatalf("problem without its file: %v", p)
			}
		}
		for _, pt := range g.points {
			if pt.Lat() < 49 || pt.Lat() > 61 || pt.Lon() < -9 || pt.Lon() > 2.5 {
				t.Fatalf("point outside the UK kept: %v", pt)
			}
		}
	})
}
