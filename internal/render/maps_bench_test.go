package render

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"ratingsite/internal/boundary"
	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/ratings"
	"ratingsite/internal/diag"
	"ratingsite/internal/figures"
	"ratingsite/internal/geo"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/publish"
	"ratingsite/internal/site"
)

// mapBenchSite reads the repository's sample with its postcodes and
// boundaries, so that practices are placed and maps drawn.
func mapBenchSite(b *testing.B) (*site.Site, *figures.Figures, *Templates, *Config) {
	_, _, t, cfg := benchSite(b)
	files, _ := filepath.Glob("../../data/ratings/*.csv")
	var in site.Input
	var problems diag.List
	for _, f := range files {
		r, _ := os.Open(f)
		in.Ratings = append(in.Ratings, ratings.ReadCSV(r, f, ratings.Options{Categories: []string{cqc.GPPractices}}, &problems)...)
		r.Close()
	}
	pc, _ := os.Open("../../data/postcodes.csv")
	in.Postcodes = geo.ReadPostcodes(pc, "postcodes.csv", &problems)
	pc.Close()
	s := site.New(in, &problems)
	f := figures.Compute(s)
	data, err := os.ReadFile("../../data/boundaries/regions.geojson")
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for _, a := range s.Regions {
		names = append(names, a.Name)
	}
	m := boundary.Match(boundary.Read(data, "regions.geojson", &problems), names, &problems)
	bounds := map[*site.Area]orb.MultiPolygon{}
	for _, a := range s.Regions {
		if ft := m[a.Name]; ft != nil {
			bounds[a] = boundary.Simplify(ft.Geom, boundary.WebTolerance)
		}
	}
	cfg.Assets["map.js"] = Asset{Path: "/assets/map.js"}
	for _, c := range mapsvg.Classes {
		cfg.Assets["map-"+c.Slug()+".svg"] = Asset{Path: "/assets/map-" + c.Slug() + ".svg"}
	}
	cfg.Maps = newMaps(cfg, s, f, MapOptions{Boundaries: bounds})
	return s, f, t, cfg
}

// BenchmarkPracticeMap measures what the maps add to a practice page: the
// small map alone, and the whole page with and without maps.
func BenchmarkPracticeMap(b *testing.B) {
	s, f, t, cfg := mapBenchSite(b)
	var placed []*site.Practice
	for _, p := range s.Practices {
		if p.HasPoint() {
			placed = append(placed, p)
		}
	}
	b.Run("small-map", func(b *testing.B) {
		i := 0
		for b.Loop() {
			p := placed[i%len(placed)]
			i++
			if cfg.Maps.Practice(&PracticeView{Practice: p}) == nil {
				b.Fatal("no map")
			}
		}
	})
	shared := &Shared{DataDate: s.DataDate}
	var buf bytes.Buffer
	page := func(b *testing.B) {
		i := 0
		for b.Loop() {
			p := placed[i%len(placed)]
			i++
			buf.Reset()
			v := newPracticeView(p, s.DataDate)
			if err := t.Execute(&buf, "practice.html", &Page{Path: p.Path(), Title: p.Name, Site: s, Figures: f, Data: v, Crumbs: []Crumb{{Name: "Home", Path: "/", URL: "/"}}, Shared: shared, FullTitle: p.Name, Canonical: "https://example.org" + p.Path()}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	}
	min := publish.Minifier()
	b.Run("page-with-maps", page)
	withMaps := bytes.Clone(buf.Bytes())
	b.Run("minify-with-maps", func(b *testing.B) {
		for b.Loop() {
			min.Bytes("text/html", withMaps)
		}
	})
	maps := cfg.Maps
	cfg.Maps = nil
	b.Run("page-without-maps", page)
	without := bytes.Clone(buf.Bytes())
	b.Run("minify-without-maps", func(b *testing.B) {
		for b.Loop() {
			min.Bytes("text/html", without)
		}
	})
	cfg.Maps = maps
}
