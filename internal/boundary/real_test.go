package boundary

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/paulmach/orb/geojson"

	"ratingsite/internal/diag"

	"ratingsite/internal/fixture"
)

// cqcRegions are the nine region names as CQC's Latest-ratings file writes
// them.
var cqcRegions = []string{"East", "East Midlands", "London", "North East", "North West",
	"South East", "South West", "West Midlands", "Yorkshire and The Humber"}

// TestRealRegions reads ONS's December 2019 regions (../shared/real): all
// nine CQC regions match with no warning, the file simplifies to a size
// fit for the web, and every ring stays valid.
func TestRealRegions(t *testing.T) {
	file := fixture.Real(t, "regions-dec2019.geojson")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	fs := Read(data, file, &l)
	m := Match(fs, cqcRegions, &l)
	if len(l.All()) != 0 {
		t.Fatalf("problems: %v", l.All())
	}
	if len(m) != 9 {
		t.Fatalf("%d regions matched, want 9", len(m))
	}
	before, after := geojson.NewFeatureCollection(), geojson.NewFeatureCollection()
	pos0, pos1 := 0, 0
	for _, r := range cqcRegions {
		f := m[r]
		before.Append(geojson.NewFeature(f.Geom))
		s := Simplify(f.Geom, WebTolerance)
		if err := Valid(s); err != nil {
			t.Errorf("%s: %v", r, err)
		}
		after.Append(geojson.NewFeature(s))
		pos0, pos1 = pos0+Size(f.Geom), pos1+Size(s)
	}
	b0, _ := json.Marshal(before)
	b1, _ := json.Marshal(after)
	t.Logf("England's nine regions: %d positions, %d bytes of GeoJSON; simplified at %g°: %d positions, %d bytes", pos0, len(b0), WebTolerance, pos1, len(b1))
	if len(b1) > 100_000 || len(b1) > len(b0)/2 {
		t.Errorf("simplified boundaries are %d bytes (from %d), want under 100 kB and under half", len(b1), len(b0))
	}
}
