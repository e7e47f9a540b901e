package maps

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"ratingsite/internal/encode"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/site"
)

// Link-preview images are 1200 by 630 pixels (Open Graph's large card):
// the map on the left, and on the right a panel with the title, the key
// and the source, so that the image reads on its own wherever it is
// shared.
const (
	pngW, pngH = 1200, 630
	// panelX is where the panel starts; the map fits the width left of it.
	panelX = 720
)

// pngView fits a Mercator bound into the map's part of the image.
func pngView(b orb.Bound) mapsvg.View {
	return mapsvg.Fit(b, panelX, pngH, pngH, 24)
}

// source is the panel's credit line.
func (m *Maps) source() (string, string) {
	src := "Source: Care Quality Commission (CQC) ratings"
	if !m.s.DataDate.IsZero() {
		src += ", published up to " + m.s.DataDate.Format("2 January 2006")
	}
	site := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(m.base.Abs("/"), "https://"), "http://"), "/")
	return src, site
}

// NationalScene is England's regions shaded, with the key to the shades
// and the national figure, for encode.PNG: the renderer keys the image on
// the scene, and draws it only when it changed.
func (m *Maps) NationalScene() encode.Scene {
	v := pngView(m.nationalBound())
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
	k := m.CountedLegend(nil)
	var key []mapsvg.KeyRow
	for _, s := range mapsvg.Shades {
		key = append(key, mapsvg.KeyRow{Fill: s.Fill(), Label: s.Label() + regionsCount(k.ShadeCount[s.Index])})
	}
	key = append(key, mapsvg.KeyRow{Fill: "#ffffff", Label: "too few rated for a share" + regionsCount(k.NoShade)})
	src, site := m.source()
	sc.Panel = &mapsvg.Panel{X: panelX, Width: pngW, Title: "GP practice ratings in England",
		Subtitle: "Share of rated practices rated Requires improvement or Inadequate, by region",
		Key:      key, Figure: m.Figure(nil), Source: src, Site: site}
	return sc
}

func regionsCount(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " (1 region)"
	}
	return fmt.Sprintf(" (%d regions)", n)
}

// RegionScene is a region or local authority over its neighbours, with
// its practices' symbols and the key to them with their counts (see
// NationalScene).
func (m *Maps) RegionScene(a *site.Area) encode.Scene {
	rm := m.areas[a]
	b := m.nationalBound()
	if rm != nil && rm.view.Scale > 0 {
		b = rm.view.Bound()
	}
	v := pngView(b)
	sc := encode.Scene{View: v, Background: "#ffffff"}
	vb := v.Bound()
	var around, home []*mapsvg.Outline
	for _, o := range m.outlines {
		if o.area == a || !o.outline.Bound.Intersects(vb) {
			continue
		}
		if o.area == a.Region {
			home = append(home, o.outline)
		} else {
			around = append(around, o.outline)
		}
	}
	sc.Layers = append(sc.Layers, encode.Layer{Outlines: around, Fill: "#f3f2f1", Edge: "#505a5f", Width: 1.5},
		encode.Layer{Outlines: home, Fill: "#ffffff", Edge: "#505a5f", Width: 1.5})
	var locals []*mapsvg.Outline
	for _, o := range m.local {
		if o.area != a && o.outline.Bound.Intersects(vb) {
			locals = append(locals, o.outline)
		}
	}
	if o := m.byArea[a]; o != nil {
		fill := "#ffffff"
		if sh, ok := shadeOf(m.f.Of(a)); ok {
			fill = sh.Fill()
		}
		sc.Layers = append(sc.Layers, encode.Layer{Outlines: []*mapsvg.Outline{o.outline}, Fill: fill})
		sc.Layers = append(sc.Layers, encode.Layer{Outlines: locals, Edge: "#6f777b", Width: 1})
		sc.Layers = append(sc.Layers, encode.Layer{Outlines: []*mapsvg.Outline{o.outline}, Edge: "#1d1d1b", Width: 2.5})
	} else {
		sc.Layers = append(sc.Layers, encode.Layer{Outlines: locals, Edge: "#6f777b", Width: 1})
	}
	for _, c := range []mapsvg.Class{mapsvg.NotRated, mapsvg.Good, mapsvg.Outstanding, mapsvg.RequiresImprovement, mapsvg.Inadequate} {
		for _, p := range a.Practices {
			if p.HasPoint() && mapsvg.ClassOf(p.Ratings.Overall().Value) == c {
				x, y := v.XY(mapsvg.Merc(p.Point))
				sc.Marks = append(sc.Marks, encode.Mark{X: x, Y: y, Class: c, Size: 1})
			}
		}
	}
	k := m.CountedLegend(a)
	var key []mapsvg.KeyRow
	for _, c := range mapsvg.Classes {
		key = append(key, mapsvg.KeyRow{Class: c, Label: fmt.Sprintf("%s: %d", c.Label(), k.Count[c])})
	}
	src, site := m.source()
	sub := "Each GP practice by its overall CQC rating"
	if rm != nil && rm.unplaced > 0 {
		sub += fmt.Sprintf(" (%d without a known location not shown)", rm.unplaced)
	}
	sc.Panel = &mapsvg.Panel{X: panelX, Width: pngW, Title: "GP practice ratings in " + a.InName(), Subtitle: sub,
		Key: key, Figure: m.Figure(a), Source: src, Site: site}
	return sc
}
