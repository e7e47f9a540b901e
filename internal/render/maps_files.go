package render

import (
	"ratingsite/internal/encode"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
)

// mapFiles are the map files: Open Graph images, GeoJSON and CSV
// downloads, for the nation, each region and each local authority.
func (r *run) mapFiles(emit func(job)) {
	s, m, base := r.s, r.maps, r.Base
	file := func(path string, gen func() ([]byte, error)) { emit(job{path: urls.File(path), gen: gen}) }
	// An Open Graph image is drawn only when its scene changed: the scene
	// is the job's input (see incremental.go).
	png := func(path string, scene func() encode.Scene) {
		var sc *encode.Scene
		get := func() *encode.Scene {
			if sc == nil {
				s := scene()
				sc = &s
			}
			return sc
		}
		emit(job{path: urls.File(path), input: func() any { return get() }, gen: func() ([]byte, error) { return encode.PNG(*get()) }})
	}
	png(urls.NationalPNG, m.NationalScene)
	for _, a := range r.mapAreas() {
		png(urls.AreaPNG(a.Path()), func() encode.Scene { return m.RegionScene(a) })
	}
	file(urls.NationalPracticesGeoJSON, func() ([]byte, error) { return encode.PracticesGeoJSON(base, s.Practices), nil })
	file(urls.NationalPracticesCSV, func() ([]byte, error) { return encode.PracticesCSV(base, s.Practices) })
	file(urls.RegionsGeoJSON, func() ([]byte, error) { return encode.RegionsGeoJSON(base, s.Regions, r.f, r.Maps.Boundaries) })
	for _, a := range r.mapAreas() {
		file(urls.AreaPracticesGeoJSON(a.Path()), func() ([]byte, error) { return encode.PracticesGeoJSON(base, a.Practices), nil })
		file(urls.AreaPracticesCSV(a.Path()), func() ([]byte, error) { return encode.PracticesCSV(base, a.Practices) })
	}
}

// mapAreas are the areas with a map, its embed and its downloads: every
// region, then every local authority.
func (r *run) mapAreas() []*site.Area {
	return append(append(make([]*site.Area, 0, len(r.s.Regions)+len(r.s.LocalAuthorities)), r.s.Regions...), r.s.LocalAuthorities...)
}

// embedPages are the embeddable map pages, for the nation, each region
// and each local authority.
func (r *run) embedPages(emit func(job)) {
	embed := func(path, title string, a *site.Area) {
		emit(job{path: urls.File(path), at: path, template: "embed.html", page: func() *view.Page {
			v := &view.EmbedView{Title: title, Tiles: r.Maps.Tiles, Share: r.maps.Share(a), Legend: r.maps.CountedLegend(a), Figure: r.maps.Figure(a)}
			if a == nil {
				v.Map = r.maps.National(true)
			} else {
				v.InName, v.Map = a.InName(), r.maps.Region(a, true)
				if a.Kind != site.RegionKind && !r.maps.Outlined(a) && a.Region != nil {
					v.NoBoundary = a.Region.InName()
				}
			}
			return &view.Page{Path: path, Title: title, FullTitle: r.words.FullTitle(title), NoIndex: true,
				Description: title + ", from CQC's latest ratings.", Shared: r.shared, Head: view.Head{Script: true}, Data: v}
		}})
	}
	embed(urls.EmbedNational, "GP practice ratings in England", nil)
	for _, a := range r.mapAreas() {
		embed(urls.Embed(a.Path()), "GP practice ratings in "+a.InName(), a)
	}
}
