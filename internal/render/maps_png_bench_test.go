package render

import (
	"os"
	"ratingsite/internal/encode"
	"testing"

	"github.com/paulmach/orb"

	"ratingsite/internal/boundary"
	"ratingsite/internal/diag"
	"ratingsite/internal/maps"
	"ratingsite/internal/site"
)

// BenchmarkMapPNG measures the Open Graph images with their title, key and
// source: the national one, a region's and a local authority's, on the
// sample with its region and local-authority boundaries.
func BenchmarkMapPNG(b *testing.B) {
	s, ru, _ := mapBenchSite(b)
	data, err := os.ReadFile("../../data/boundaries/local-authorities/local-authorities.geojson")
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for _, a := range s.LocalAuthorities {
		names = append(names, a.Name)
	}
	var problems diag.List
	m, _ := boundary.MatchLocalAuthorities(boundary.Read(data, "la.geojson", &problems), names, &problems)
	local := map[*site.Area]orb.MultiPolygon{}
	for _, a := range s.LocalAuthorities {
		if f := m[a.Name]; f != nil {
			local[a] = boundary.Simplify(f.Geom, boundary.LocalTolerance)
		}
	}
	opt := ru.Maps
	opt.LocalBoundaries = local
	mp := maps.New(ru.Base, s, ru.f, opt)
	var region, la *site.Area
	for _, a := range s.Regions {
		if region == nil || len(a.Practices) > len(region.Practices) {
			region = a
		}
	}
	la = region.LocalAuthorities[0]
	for _, tc := range []struct {
		name string
		draw func() ([]byte, error)
	}{
		{"national", func() ([]byte, error) { return encode.PNG(mp.NationalScene()) }},
		{"region", func() ([]byte, error) { return encode.PNG(mp.RegionScene(region)) }},
		{"local-authority", func() ([]byte, error) { return encode.PNG(mp.RegionScene(la)) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := tc.draw(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
