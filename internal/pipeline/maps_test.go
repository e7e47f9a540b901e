package pipeline

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"image/png"
	"io/fs"
	"path"
	"regexp"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"ratingsite/internal/boundary"
	"ratingsite/internal/encode"
)

// checkPointsGeoJSON parses a practices GeoJSON file and checks it
// against RFC 7946: a FeatureCollection of Point features, [longitude,
// latitude] in range and in England (so in the right order), at most 6
// decimals, and the documented properties. It returns the features' ids.
func checkPointsGeoJSON(t *testing.T, name string, b []byte) []string {
	t.Helper()
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var ids []string
	for i, f := range fc.Features {
		pt, ok := f.Geometry.(orb.Point)
		if !ok {
			t.Fatalf("%s: feature %d is a %T, want a Point", name, i, f.Geometry)
		}
		lon, lat := pt[0], pt[1]
		if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
			t.Errorf("%s: feature %d: %v out of range", name, i, pt)
		}
		if lon < -7 || lon > 2 || lat < 49.8 || lat > 56 {
			t.Errorf("%s: feature %d: %v is not [longitude, latitude] in England", name, i, pt)
		}
		for _, k := range encode.PracticeProperties {
			if _, ok := f.Properties[k]; !ok {
				t.Errorf("%s: feature %d has no property %q", name, i, k)
			}
		}
		if len(f.Properties) != len(encode.PracticeProperties) {
			t.Errorf("%s: feature %d has the properties %v, want only %v", name, i, f.Properties, encode.PracticeProperties)
		}
		ids = append(ids, f.Properties["id"].(string))
	}
	// Each practice's page and JSON: absolute URL templates.
	var urlsOf struct{ PracticeURL, PracticeJSON string }
	if err := json.Unmarshal(b, &urlsOf); err != nil {
		t.Fatal(err)
	}
	if urlsOf.PracticeURL != "https://example.org/practices/{id}/" || urlsOf.PracticeJSON != "https://example.org/practices/{id}.json" {
		t.Errorf("%s: practiceURL %q, practiceJSON %q", name, urlsOf.PracticeURL, urlsOf.PracticeJSON)
	}
	for _, m := range regexp.MustCompile(`"coordinates":\[(-?[0-9.]+),(-?[0-9.]+)\]`).FindAllSubmatch(b, -1) {
		for _, n := range m[1:] {
			if _, frac, ok := bytes.Cut(n, []byte(".")); ok && len(frac) > 5 {
				t.Errorf("%s: coordinate %s has more than 5 decimals", name, n)
			}
		}
	}
	return ids
}

// TestSampleMaps builds the sample and checks the map outputs: the
// national and region GeoJSON (a feature for every practice with
// coordinates, none for the others), the region boundaries (valid rings,
// right-hand rule, counts that add up), the CSV (a row for every
// practice), the Open Graph images, the embeds (noindex, a credit and
// the data date) and every page's map.
func TestSampleMaps(t *testing.T) {
	out, res := buildSample(t, "https://example.org/")
	read := func(p string) []byte {
		b, err := fs.ReadFile(out, p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// The practices with coordinates, from their JSON files.
	placed := map[string]bool{}
	byRegion, allByRegion := map[string]int{}, map[string]int{}
	located := map[string]bool{}
	jsons, _ := fs.Glob(out, "practices/*.json")
	for _, j := range jsons {
		var p struct {
			ID       string
			Location *struct{ Latitude, Longitude float64 }
			Region   struct{ Slug string }
			// Closed practices keep their JSON but are not mapped.
			Status string
		}
		b, _ := fs.ReadFile(out, j)
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		if p.Location != nil {
			located[p.ID] = true // closed practices too: their pages map their neighbours
		}
		if p.Status != "current" {
			continue
		}
		allByRegion[p.Region.Slug]++
		if p.Location != nil {
			placed[p.ID] = true
			byRegion[p.Region.Slug]++
		}
	}
	// The sample places every practice, so that it builds without
	// warnings (docs/inputs.md); the golden fixture has one that cannot be
	// placed, and TestGolden checks that it is left off the maps.
	if len(placed) != res.Practices {
		t.Fatalf("%d of %d sample practices placed; the sample should place all", len(placed), res.Practices)
	}
	ids := checkPointsGeoJSON(t, "map/practices.geojson", read("map/practices.geojson"))
	if len(ids) != len(placed) {
		t.Errorf("national GeoJSON has %d features, want one per placed practice (%d)", len(ids), len(placed))
	}
	for _, id := range ids {
		if !placed[id] {
			t.Errorf("national GeoJSON has %s, which has no coordinates", id)
		}
	}
	regions, _ := fs.Glob(out, "regions/*/practices.geojson")
	if len(regions) != res.Regions {
		t.Errorf("%d region GeoJSON files for %d regions", len(regions), res.Regions)
	}
	for _, r := range regions {
		slug := path.Base(path.Dir(r))
		b, _ := fs.ReadFile(out, r)
		if n := len(checkPointsGeoJSON(t, r, b)); n != byRegion[slug] {
			t.Errorf("%s: %d features, want %d", slug, n, byRegion[slug])
		}
		rows, err := csv.NewReader(bytes.NewReader(read("regions/" + slug + "/practices.csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "id" || rows[0][len(rows[0])-1] != "url" {
			t.Errorf("%s CSV header %v", slug, rows[0])
		}
		if len(rows)-1 != allByRegion[slug] {
			t.Errorf("%s CSV has %d rows, want one per practice (%d)", slug, len(rows)-1, allByRegion[slug])
		}
		idx, _ := fs.ReadFile(out, path.Join("regions", slug, "index.html"))
		for _, want := range []string{`id="map"`, `<h2 id="share">Share or embed this map</h2>`, "/embed/regions/" + slug + "/", "practices.csv", "practices.geojson", `property="og:image" content="https://example.org/regions/` + slug + `/map.png"`} {
			if !bytes.Contains(idx, []byte(want)) {
				t.Errorf("regions/%s/index.html lacks %s", slug, want)
			}
		}
		if n := bytes.Count(idx, []byte(`<use href="#m`)); n != byRegion[slug] {
			t.Errorf("regions/%s map has %d symbols, want %d", slug, n, byRegion[slug])
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(read("map/practices.csv"))).ReadAll()
	if err != nil || len(rows)-1 != res.Practices {
		t.Errorf("national CSV: %d rows, want %d (one per practice, placed or not): %v", len(rows)-1, res.Practices, err)
	}

	// Region boundaries: valid polygons, counts that add up to England's.
	fc, err := geojson.UnmarshalFeatureCollection(read("map/regions.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != res.Regions {
		t.Errorf("%d region features, want %d", len(fc.Features), res.Regions)
	}
	total := 0
	for _, f := range fc.Features {
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.MultiPolygon:
			mp = g
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		}
		if err := boundary.Valid(mp); err != nil {
			t.Errorf("%v: %v", f.Properties["name"], err)
		}
		b := mp.Bound()
		if b.Min[0] < -7 || b.Max[0] > 2 || b.Min[1] < 49.8 || b.Max[1] > 56 {
			t.Errorf("%v: bound %v is not [longitude, latitude] in England", f.Properties["name"], b)
		}
		n := f.Properties.MustFloat64("practices", -1)
		sum := 0.0
		for _, k := range []string{"outstanding", "good", "requiresImprovement", "inadequate", "notRated"} {
			sum += f.Properties.MustFloat64(k, -1)
		}
		if sum != n {
			t.Errorf("%v: counts add up to %v, not %v practices", f.Properties["name"], sum, n)
		}
		total += int(n)
	}
	if total != res.Practices {
		t.Errorf("regions hold %d practices, England %d", total, res.Practices)
	}

	// Open Graph images: 1200 x 630 PNGs.
	pngs, _ := fs.Glob(out, "regions/*/map.png")
	pngs = append(pngs, "map/england.png")
	if len(pngs) != res.Regions+1 {
		t.Errorf("%d PNGs, want %d", len(pngs), res.Regions+1)
	}
	for _, p := range pngs {
		f, _ := out.Open(p)
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 630 {
			t.Errorf("%s is %v, want 1200 x 630", p, b)
		}
	}
	for _, p := range []string{"index.html", "national/index.html"} {
		if !bytes.Contains(read(p), []byte(`property="og:image" content="https://example.org/map/england.png"`)) {
			t.Errorf("%s has no Open Graph image", p)
		}
	}

	// Embeds: noindex, a link back and the data date; not in the sitemap.
	embeds, _ := fs.Glob(out, "embed/regions/*/index.html")
	embeds = append(embeds, "embed/national/index.html")
	if len(embeds) != res.Regions+1 {
		t.Errorf("%d embeds, want %d", len(embeds), res.Regions+1)
	}
	sitemap := read("sitemap.xml")
	for _, e := range embeds {
		b, _ := fs.ReadFile(out, e)
		for _, want := range []string{`<meta name="robots" content="noindex">`, `<a href="https://example.org/" target="_top">`, "published up to <time", `class="embed"`, "map.", `<svg`} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("%s lacks %s", e, want)
			}
		}
		if bytes.Contains(b, []byte("site-header")) {
			t.Errorf("%s has the site's header: an embed is chromeless", e)
		}
		rel := path.Dir(e)
		if bytes.Contains(sitemap, []byte("/"+rel+"/<")) {
			t.Errorf("the sitemap lists %s", rel)
		}
	}
	// Practice pages: a small map exactly where the practice is located
	// (a closed one included).
	pages, _ := fs.Glob(out, "practices/*/index.html")
	for _, p := range pages {
		b, _ := fs.ReadFile(out, p)
		id := path.Base(path.Dir(p))
		if has := bytes.Contains(b, []byte(`class="map-svg map-small"`)) && bytes.Contains(b, []byte(`<g class="m-here">`)); has != located[id] {
			t.Errorf("%s: small map %v, located %v", id, has, located[id])
		}
	}
}
