package pipeline

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"ratingsite/internal/boundary"
	"ratingsite/internal/diag"
	"ratingsite/internal/fixture"
)

// TestRealOldhamLocalAuthorityMaps builds the real Oldham API documents
// with ONS's regions and its counties and unitary authorities (December
// 2018, ../shared/real, read in as boundaries/local-authorities/): the
// local authorities match with no warning, and Oldham's page has its map
// with its own outline, its embed, its image and its downloads, with
// every placed practice inside the outline.
func TestRealOldhamLocalAuthorityMaps(t *testing.T) {
	real := realDir(t)
	regions := fixture.Real(t, "regions-dec2019.geojson")
	counties := fixture.Real(t, "counties-unitaries-dec2018.geojson")
	data := realAPI(t, real)
	for name, f := range map[string]string{"boundaries/regions.geojson": regions, LocalAuthorityBoundariesDir + "/ctyua.geojson": counties} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data[name] = &fstest.MapFile{Data: b}
	}
	out, res := buildMem(t, Config{Data: data, BaseURL: "https://example.org/"})
	for _, w := range res.Problems.Warnings() {
		if strings.Contains(w.File, "boundaries") {
			t.Errorf("boundary warning: %v", w)
		}
	}
	var l diag.List
	cdata, _ := os.ReadFile(counties)
	m, _ := boundary.MatchLocalAuthorities(boundary.Read(cdata, counties, &l), []string{"Oldham"}, &l)
	outline := m["Oldham"].Geom
	page, err := fs.ReadFile(out, "local-authorities/oldham/index.html")
	if err != nil {
		t.Fatal(err)
	}
	ps := string(page)
	for _, want := range []string{`id="map-heading"`, `<tspan>Oldham</tspan>`, `fill-opacity=".55"`, `/embed/local-authorities/oldham/`,
		`href="/local-authorities/oldham/practices.csv"`, `href="/local-authorities/oldham/practices.geojson"`, `content="https://example.org/local-authorities/oldham/map.png"`} {
		if !strings.Contains(ps, want) {
			t.Errorf("Oldham's page lacks %s", want)
		}
	}
	if strings.Contains(ps, "No boundary is given") {
		t.Error("Oldham's page says it has no boundary")
	}
	if err := wellFormedXML(inlineSVG.Find(page)); err != nil {
		t.Errorf("Oldham's map: %v", err)
	}
	for _, f := range []string{"embed/local-authorities/oldham/index.html", "local-authorities/oldham/map.png", "local-authorities/oldham/practices.csv"} {
		if _, err := fs.Stat(out, f); err != nil {
			t.Error(err)
		}
	}
	pb, err := fs.ReadFile(out, "local-authorities/oldham/practices.geojson")
	if err != nil {
		t.Fatal(err)
	}
	pts, err := geojson.UnmarshalFeatureCollection(pb)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts.Features) == 0 {
		t.Fatal("no Oldham practice in its GeoJSON")
	}
	for _, f := range pts.Features {
		if p := f.Geometry.(orb.Point); !planar.MultiPolygonContains(outline, p) {
			t.Errorf("%v at %v lies outside Oldham's outline", f.Properties["name"], p)
		}
	}
	t.Logf("%d Oldham practices inside its ONS outline", len(pts.Features))
}
