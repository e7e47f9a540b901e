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
	"ratingsite/internal/geo"
	"ratingsite/internal/maps"
	"ratingsite/internal/publish"
	"ratingsite/internal/site"
	"ratingsite/internal/theme"
	"ratingsite/internal/view"
)

// mapBenchSite reads the repository's sample with its postcodes and
// boundaries, so that practices are placed and maps drawn.
func mapBenchSite(b *testing.B) (*site.Site, *run, *theme.Theme) {
	files, _ := filepath.Glob("../../data/ratings/*")
	var in site.Input
	var problems diag.List
	for _, f := range files {
		in.Ratings = append(in.Ratings, ratings.ReadFile(f, ratings.Options{Categories: []string{cqc.GPPractices}}, &problems)...)
	}
	pc, _ := os.Open("../../data/postcodes.csv")
	in.Postcodes = geo.ReadPostcodes(pc, "postcodes.csv", &problems)
	pc.Close()
	s := site.New(in, &problems)
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
	ru, t := testRun(b, s, maps.Options{Boundaries: bounds})
	return s, ru, t
}

// BenchmarkPracticeMap measures what the maps add to a practice page: the
// small map alone, and the whole page with and without maps.
func BenchmarkPracticeMap(b *testing.B) {
	s, ru, t := mapBenchSite(b)
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
			if ru.maps.Practice(p) == nil {
				b.Fatal("no map")
			}
		}
	})
	var buf bytes.Buffer
	page := func(withMaps bool) func(b *testing.B) {
		return func(b *testing.B) {
			i := 0
			for b.Loop() {
				p := placed[i%len(placed)]
				i++
				buf.Reset()
				pg := ru.practicePage(p)
				if !withMaps {
					pg.Data.(*view.PracticeView).Map = nil
				}
				if err := t.Execute(&buf, "practice.html", pg); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
		}
	}
	min := publish.Minifier()
	b.Run("page-with-maps", page(true))
	withMaps := bytes.Clone(buf.Bytes())
	b.Run("minify-with-maps", func(b *testing.B) {
		for b.Loop() {
			min.Bytes("text/html", withMaps)
		}
	})
	b.Run("page-without-maps", page(false))
	without := bytes.Clone(buf.Bytes())
	b.Run("minify-without-maps", func(b *testing.B) {
		for b.Loop() {
			min.Bytes("text/html", without)
		}
	})
}
