package render

import (
	"html/template"

	"ratingsite/internal/encode"
	"ratingsite/internal/figures"
	"ratingsite/internal/maps"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

// EmbedView is an embed page's data: a map without the site around it.
type EmbedView struct {
	Title string
	Area  *site.Area // nil for the national map
	Share *maps.Share
	draw  func() template.HTML
}

// Map draws the embed's map (links open in the top window), or "" when
// there is nothing to map. Call it once: a region's map is large.
func (e *EmbedView) Map() template.HTML {
	if e.draw == nil {
		return ""
	}
	return e.draw()
}

// mapJobCount is how many outputs mapFiles and mapEmbeds emit.
func mapJobCount(s *site.Site) int { return 5 + 4*len(s.Regions) }

// mapFiles emits the map files: Open Graph images, GeoJSON and CSV
// downloads, for the nation and each region. Files are made by the worker
// that publishes them.
func (r *Renderer) mapFiles(s *site.Site, f *figures.Figures, emit func(job)) {
	m := r.Config.Maps
	raw := func(path string, gen func() ([]byte, error)) { emit(job{path: path, gen: gen}) }
	raw(urls.File(urls.NationalPNG), func() ([]byte, error) { return m.NationalPNG() })
	for _, a := range s.Regions {
		raw(urls.File(urls.AreaPNG(a.Path())), func() ([]byte, error) { return m.RegionPNG(a) })
	}
	raw(urls.File(urls.NationalPracticesGeoJSON), func() ([]byte, error) { return encode.PracticesGeoJSON(r.Config.Base, s.Practices), nil })
	raw(urls.File(urls.NationalPracticesCSV), func() ([]byte, error) { return encode.PracticesCSV(r.Config.Base, s.Practices) })
	raw(urls.File(urls.RegionsGeoJSON), func() ([]byte, error) { return encode.RegionsGeoJSON(r.Config.Base, s.Regions, f, r.Maps.Boundaries) })
	for _, a := range s.Regions {
		raw(urls.File(urls.AreaPracticesGeoJSON(a.Path())), func() ([]byte, error) { return encode.PracticesGeoJSON(r.Config.Base, a.Practices), nil })
		raw(urls.File(urls.AreaPracticesCSV(a.Path())), func() ([]byte, error) { return encode.PracticesCSV(r.Config.Base, a.Practices) })
	}
}

// mapEmbeds emits the embeddable map pages, for the nation and each
// region.
func (r *Renderer) mapEmbeds(s *site.Site, f *figures.Figures, shared *Shared, emit func(job)) {
	m := r.Config.Maps
	embed := func(path, title string, a *site.Area, draw func() template.HTML) {
		p := &Page{Path: path, Title: title, FullTitle: title + " – GP practice ratings", NoIndex: true,
			Description: title + ", from CQC's latest ratings.", Site: s, Figures: f, Shared: shared, Modified: s.DataDate,
			Data: &EmbedView{Title: title, Area: a, draw: draw, Share: m.Share(a)}}
		emit(job{path: urls.File(path), template: "embed.html", page: p})
	}
	embed(urls.EmbedNational, "GP practice ratings in England", nil, func() template.HTML { return m.National(true) })
	for _, a := range s.Regions {
		var draw func() template.HTML
		draw = func() template.HTML { return m.Region(a, true) }
		embed(urls.Embed(a.Path()), "GP practice ratings in "+a.InName(), a, draw)
	}
}
