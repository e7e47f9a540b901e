package boundary

import (
	"testing"

	"ratingsite/internal/diag"
)

// FuzzRead: any input gives features or problems, never a panic, and
// every feature read is within range and simplifies to valid rings.
func FuzzRead(f *testing.F) {
	f.Add([]byte(fc(feat(`{"rgn19nm":"London"}`, "Polygon", square))))
	f.Add([]byte(fc(feat(`{"name":"X"}`, "MultiPolygon", "["+square+"]"))))
	f.Add([]byte(`{"type":"Feature","properties":null,"geometry":{"type":"Polygon","coordinates":[[[0,51],[1,51],[1,52],[0,51]]]}}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{]}`))
	f.Add([]byte("\xef\xbb\xbf{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var l diag.List
		for _, ft := range Read(data, "f.geojson", &l) {
			b := ft.Geom.Bound()
			if !b.Intersects(UK) {
				t.Fatalf("feature outside the UK accepted: %v", b)
			}
			if s := Simplify(ft.Geom, 0.01); len(s) > 0 {
				if err := Valid(s); err != nil {
					t.Fatalf("Simplify gave invalid rings: %v", err)
				}
			}
		}
		Match(nil, []string{"London"}, &l)
	})
}
