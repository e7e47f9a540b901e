package maps

import (
	"ratingsite/internal/encode"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/site"
)

// NationalPNG is England's regions shaded, 1200 by 630 pixels.
func (m *Maps) NationalPNG() ([]byte, error) { return encode.PNG(m.NationalScene()) }

// NationalScene is what NationalPNG draws: the renderer keys the image on
// it, and draws it only when it changed.
func (m *Maps) NationalScene() encode.Scene {
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
	return sc
}

// RegionPNG is a region over its neighbours with its practices' symbols.
func (m *Maps) RegionPNG(a *site.Area) ([]byte, error) { return encode.PNG(m.RegionScene(a)) }

// RegionScene is what RegionPNG draws (see NationalScene).
func (m *Maps) RegionScene(a *site.Area) encode.Scene {
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
	return sc
}
