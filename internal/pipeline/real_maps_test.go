package pipeline

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"ratingsite/internal/boundary"

	"ratingsite/internal/fixture"
)

// TestRealOldhamMaps builds the real Oldham API documents with ONS's
// December 2019 region boundaries (../shared/real): the boundaries match
// with no warning, the published regions.geojson is valid and small, and
// every placed Oldham practice lies inside the North West's outline, as
// [longitude, latitude], in the GeoJSON and on the region's map.
func TestRealOldhamMaps(t *testing.T) {
	real := realDir(t)
	regions := fixture.Real(t, "regions-dec2019.geojson")
	data := realAPI(t, real)
	b, err := os.ReadFile(regions)
	if err != nil {
		t.Fatal(err)
	}
	data["boundaries/regions.geojson"] = &fstest.MapFile{Data: b}
	out, res := buildMem(t, Config{Data: data, BaseURL: "https://example.org/"})
	for _, w := range res.Problems.Warnings() {
		if filepath.Base(w.File) == "regions.geojson" {
			t.Errorf("boundary warning: %v", w)
		}
	}
	rb, err := fs.ReadFile(out, "map/regions.geojson")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(rb)
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 1 || fc.Features[0].Properties["name"] != "North West" {
		t.Fatalf("regions.geojson: %d features, want the North West only (the one region in Oldham's data)", len(fc.Features))
	}
	nw, ok := fc.Features[0].Geometry.(orb.MultiPolygon)
	if !ok {
		t.Fatalf("North West is a %T", fc.Features[0].Geometry)
	}
	if err := boundary.Valid(nw); err != nil {
		t.Error(err)
	}
	t.Logf("regions.geojson: %d bytes, %d positions", len(rb), boundary.Size(nw))
	pb, err := fs.ReadFile(out, "regions/north-west/practices.geojson")
	if err != nil {
		t.Fatal(err)
	}
	pts, err := geojson.UnmarshalFeatureCollection(pb)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts.Features) == 0 {
		t.Fatal("no Oldham practice on the map")
	}
	for _, f := range pts.Features {
		p := f.Geometry.(orb.Point)
		if !planar.MultiPolygonContains(nw, p) {
			t.Errorf("%v %v at %v lies outside the North West", f.Properties["id"], f.Properties["name"], p)
		}
	}
	t.Logf("%d of %d Oldham practices placed inside the North West", len(pts.Features), res.Practices)
	page, _ := fs.ReadFile(out, "regions/north-west/index.html")
	if err := wellFormedXML(inlineSVG.Find(page)); err != nil {
		t.Errorf("the North West's map: %v", err)
	}
}
