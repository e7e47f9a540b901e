package sample

import (
	"bytes"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"ratingsite/internal/boundary"
	"ratingsite/internal/diag"
)

// TestWriteLocalAuthorityBoundaries: the invented local-authority
// boundaries match every sample local authority with no problem, every
// ring is valid, no town lies in another local authority, the local
// authorities of a region cover exactly its invented outline, and two
// runs give the same bytes.
func TestWriteLocalAuthorityBoundaries(t *testing.T) {
	var b bytes.Buffer
	if err := WriteLocalAuthorityBoundaries(&b); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, la := range laAreas() {
		names = append(names, la.a.la)
	}
	var l diag.List
	fs := boundary.Read(b.Bytes(), "local-authorities.geojson", &l)
	m, missing := boundary.MatchLocalAuthorities(fs, names, &l)
	if len(l.All()) > 0 || len(missing) > 0 || len(m) != len(names) {
		t.Fatalf("%d of %d matched, missing %v; problems: %v", len(m), len(names), missing, l.All())
	}
	var rb bytes.Buffer
	if err := WriteBoundaries(&rb); err != nil {
		t.Fatal(err)
	}
	var rl diag.List
	var rnames []string
	for _, r := range regions {
		rnames = append(rnames, r.name)
	}
	rm := boundary.Match(boundary.Read(rb.Bytes(), "regions.geojson", &rl), rnames, &rl)
	areaOf := func(mp orb.MultiPolygon) float64 {
		a := 0.0
		for _, p := range mp {
			a += math.Abs(planar.Area(p))
		}
		return a
	}
	for ri, r := range regions {
		sum := 0.0
		for _, la := range laAreas() {
			if la.region != ri {
				continue
			}
			f := m[la.a.la]
			if err := boundary.Valid(f.Geom); err != nil {
				t.Errorf("%s: %v", la.a.la, err)
			}
			// A town on the coast may lie off the invented outline, but
			// never in another local authority.
			town := orb.Point{la.a.lon, la.a.lat}
			for other, g := range m {
				if other != la.a.la && planar.MultiPolygonContains(g.Geom, town) {
					t.Errorf("%s: its town at %v lies in %s", la.a.la, town, other)
				}
			}
			if la.a.la != "Isles of Scilly" {
				sum += areaOf(f.Geom)
			}
		}
		if want := areaOf(rm[r.name].Geom); math.Abs(sum-want) > 1e-6*want {
			t.Errorf("%s: its local authorities cover %.6f square degrees, the region %.6f", r.name, sum, want)
		}
	}
	t.Logf("%d bytes for %d local authorities", b.Len(), len(names))
	var again bytes.Buffer
	WriteLocalAuthorityBoundaries(&again)
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("two runs differ")
	}
}
