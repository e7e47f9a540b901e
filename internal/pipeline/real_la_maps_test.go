package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"ratingsite/internal/boundary"
	"ratingsite/internal/diag"
)

// TestRealOldhamLocalAuthorityMaps builds the real Oldham API documents
// with ONS's regions and its counties and unitary authorities (December
// 2018, ../shared/real, linked in as boundaries/local-authorities/): the
// local authorities match with no warning, and Oldham's page has its map
// with its own outline, its embed, its image and its downloads, with
// every placed practice inside the outline.
func TestRealOldhamLocalAuthorityMaps(t *testing.T) {
	real := realDir(t)
	regions := filepath.Join(real, "regions-dec2019.geojson")
	counties := filepath.Join(real, "counties-unitaries-dec2018.geojson")
	for _, f := range []string{regions, counties} {
		if _, err := os.Stat(f); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is missing in CI", f)
			}
			t.Skipf("%s not present: skipping", f)
		}
	}
	data := t.TempDir()
	if err := os.Symlink(filepath.Join(real, "cqc-api"), filepath.Join(data, "api")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(data, filepath.FromSlash(LocalAuthorityBoundariesDir)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(regions, filepath.Join(data, "boundaries", "regions.geojson")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(counties, filepath.Join(data, filepath.FromSlash(LocalAuthorityBoundariesDir), "ctyua.geojson")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Config{DataDir: data, OutDir: out, BaseURL: "https://example.org/"})
	if err != nil {
		t.Fatalf("%v: %v", err, res.Problems.All())
	}
	for _, w := range res.Problems.Warnings() {
		if strings.Contains(w.File, "boundaries") {
			t.Errorf("boundary warning: %v", w)
		}
	}
	var l diag.List
	cdata, _ := os.ReadFile(counties)
	m, _ := boundary.MatchLocalAuthorities(boundary.Read(cdata, counties, &l), []string{"Oldham"}, &l)
	outline := m["Oldham"].Geom
	page, err := os.ReadFile(filepath.Join(out, "local-authorities", "oldham", "index.html"))
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
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Error(err)
		}
	}
	pb, err := os.ReadFile(filepath.Join(out, "local-authorities", "oldham", "practices.geojson"))
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
