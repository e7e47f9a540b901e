package render

import (
	"html/template"
	"ratingsite/internal/maps"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"strings"
)

// Head is what a page's <head> adds for maps: the map script, and the
// Open Graph and Twitter card image.
type Head struct {
	Script bool
	Image  string // absolute URL of the PNG, or ""
	Alt    string
}

// Head says what p's <head> needs.
func (m *tmplMaps) Head(p *Page) Head {
	switch d := p.Data.(type) {
	case *PracticeView:
		h := Head{Script: d.Practice != nil && d.Practice.HasPoint()}
		if d.Region != nil {
			h.Image, h.Alt = m.base.Abs(urls.AreaPNG(d.Region.Path())), ogAlt(d.Region)
		}
		return h
	case *AreaView:
		a := d.Area
		if a.Kind == site.RegionKind {
			return Head{Script: true, Image: m.base.Abs(urls.AreaPNG(a.Path())), Alt: ogAlt(a)}
		}
		if a.Region != nil {
			return Head{Image: m.base.Abs(urls.AreaPNG(a.Region.Path())), Alt: ogAlt(a.Region)}
		}
	case *EmbedView:
		return Head{Script: true}
	}
	if p.Current == "home" || p.Current == "national" {
		return Head{Script: true, Image: m.base.Abs(urls.NationalPNG), Alt: ogAlt(nil)}
	}
	return Head{}
}

func ogAlt(a *site.Area) string {
	if a == nil {
		return "Map of England's regions, shaded by the share of GP practices rated Requires improvement or Inadequate"
	}
	return "Map of " + a.InName() + " with a symbol for each GP practice by its CQC rating"
}

// CSP is the site's Content-Security-Policy: the constant CSP, with the
// tile server's origin added to img-src when a tile base map is on.
func (c *Config) CSP() string {
	if c.Maps != nil && c.Maps.Tiles != "" {
		if o := maps.TileOrigin(c.Maps.Tiles); o != "" {
			return strings.Replace(CSP, "img-src 'self'", "img-src 'self' "+o, 1)
		}
	}
	return CSP
}

// tmplMaps is what templates reach through the maps func.
type tmplMaps struct {
	*maps.Maps
	base *urls.Base
}

func (m *tmplMaps) National() template.HTML           { return m.Maps.National(false) }
func (m *tmplMaps) Region(a *site.Area) template.HTML { return m.Maps.Region(a, false) }
func (m *tmplMaps) RegionCounts(a *site.Area) [2]int {
	placed, unplaced := m.Maps.RegionCounts(a)
	return [2]int{placed, unplaced}
}
func (m *tmplMaps) Practice(v *PracticeView) *maps.SmallMap  { return m.Maps.Practice(v.Practice) }
func (m *tmplMaps) Classes() [mapsvg.NumClasses]mapsvg.Class { return mapsvg.Classes }
func (m *tmplMaps) Shades() []mapsvg.Shade                   { return mapsvg.Shades }
func (m *tmplMaps) MarksLegend() maps.LegendKey              { return maps.AllMarks }
func (m *tmplMaps) ShadesLegend() maps.LegendKey             { return maps.ShadesLegend }
