package render

import (
	"html/template"

	"github.com/paulmach/orb"

	"ratingsite/internal/encode"
	"ratingsite/internal/figures"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

// MapOptions are a build's map inputs and settings.
type MapOptions struct {
	// Boundaries are the regions' simplified outlines, [lon, lat].
	Boundaries map[*site.Area]orb.MultiPolygon
	// Tiles is a tile URL template ("https://tile.example/{z}/{x}/{y}.png")
	// that switches on a slippy base map under every map; "" is off.
	Tiles string
	// TilesAttribution is the tile provider's required credit.
	TilesAttribution string
}

// EmbedView is an embed page's data: a map without the site around it.
type EmbedView struct {
	Title string
	Area  *site.Area // nil for the national map
	Share *Share
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
	raw(urls.File(urls.NationalPNG), func() ([]byte, error) { return m.nationalPNG() })
	for _, a := range s.Regions {
		raw(urls.File(urls.AreaPNG(a.Path())), func() ([]byte, error) { return m.regionPNG(a) })
	}
	raw(urls.File(urls.NationalPracticesGeoJSON), func() ([]byte, error) { return encode.PracticesGeoJSON(r.Config.Base, s.Practices), nil })
	raw(urls.File(urls.NationalPracticesCSV), func() ([]byte, error) { return encode.PracticesCSV(r.Config.Base, s.Practices) })
	raw(urls.File(urls.RegionsGeoJSON), func() ([]byte, error) { return encode.RegionsGeoJSON(r.Config.Base, s.Regions, f, m.bounds) })
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
	embed(urls.EmbedNational, "GP practice ratings in England", nil, func() template.HTML { return m.national.embed })
	for _, a := range s.Regions {
		var draw func() template.HTML
		if rm := m.regions[a]; rm != nil && rm.draw != nil {
			draw = func() template.HTML { return rm.draw("_top") }
		}
		embed(urls.Embed(a.Path()), "GP practice ratings in "+a.InName(), a, draw)
	}
}

// nationalPNG is England's regions shaded, 1200 by 630 pixels.
func (m *Maps) nationalPNG() ([]byte, error) {
	v := mapsvg.Fit(m.nationalBound(), 1200, 630, 630, 24)
	sc := encode.Scene{View: v, Background: "#ffffff"}
	byFill := map[string]int{}
	all := make([]*mapsvg.Outline, 0, len(m.outlines))
	for _, o := range m.outlines {
		fill := "#ffffff"
		if sh, ok := shadeOf(m.f.Of(o.area)); ok {
			fill = sh.Fill()
		}
		i, ok := byFill[fill]
		if !ok {
			i = len(sc.Layers)
			byFill[fill] = i
			sc.Layers = append(sc.Layers, encode.Layer{Fill: fill})
		}
		sc.Layers[i].Outlines = append(sc.Layers[i].Outlines, o.outline)
		all = append(all, o.outline)
	}
	sc.Layers = append(sc.Layers, encode.Layer{Outlines: all, Edge: "#1d1d1b", Width: 1.5})
	if len(m.outlines) == 0 {
		for _, p := range m.s.Practices {
			if p.HasPoint() {
				x, y := v.XY(mapsvg.Merc(p.Point))
				sc.Marks = append(sc.Marks, encode.Mark{X: x, Y: y, Class: mapsvg.ClassOf(p.Ratings.Overall().Value), Size: 0.6})
			}
		}
	}
	return encode.PNG(sc)
}

// regionPNG is a region over its neighbours with its practices' symbols.
func (m *Maps) regionPNG(a *site.Area) ([]byte, error) {
	rm := m.regions[a]
	b := m.nationalBound()
	if rm != nil && rm.view.Scale > 0 {
		b = rm.view.Bound()
	}
	v := mapsvg.Fit(b, 1200, 630, 630, 24)
	sc := encode.Scene{View: v, Background: "#ffffff"}
	var around []*mapsvg.Outline
	for _, o := range m.outlines {
		if o.area != a && o.outline.Bound.Intersects(v.Bound()) {
			around = append(around, o.outline)
		}
	}
	sc.Layers = append(sc.Layers, encode.Layer{Outlines: around, Fill: "#f3f2f1", Edge: "#505a5f", Width: 1.5})
	if o := m.byArea[a]; o != nil {
		fill := "#ffffff"
		if sh, ok := shadeOf(m.f.Of(a)); ok {
			fill = sh.Fill()
		}
		sc.Layers = append(sc.Layers, encode.Layer{Outlines: []*mapsvg.Outline{o.outline}, Fill: fill, Edge: "#1d1d1b", Width: 2.5})
	}
	for _, c := range []mapsvg.Class{mapsvg.NotRated, mapsvg.Good, mapsvg.Outstanding, mapsvg.RequiresImprovement, mapsvg.Inadequate} {
		for _, p := range a.Practices {
			if p.HasPoint() && mapsvg.ClassOf(p.Ratings.Overall().Value) == c {
				x, y := v.XY(mapsvg.Merc(p.Point))
				sc.Marks = append(sc.Marks, encode.Mark{X: x, Y: y, Class: c, Size: 1})
			}
		}
	}
	return encode.PNG(sc)
}
