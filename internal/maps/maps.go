package maps

import (
	"fmt"
	"html/template"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"ratingsite/internal/figures"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

// Maps holds every map of a build, drawn once before any page renders:
// the national and region maps (inline SVG for pages and for embeds) and
// each region's projected outline, which every practice's small map
// reuses. It is immutable once New returns, and safe for concurrent use.
type Maps struct {
	base *urls.Base
	s    *site.Site
	f    *figures.Figures
	// Boundaries are each region's simplified outline, [lon, lat].
	bounds   map[*site.Area]orb.MultiPolygon
	outlines []*areaOutline
	byArea   map[*site.Area]*areaOutline
	national mapSVG
	regions  map[*site.Area]*regionMap
	// Tiles is the slippy-map tile URL template, or "" (off).
	Tiles string
	// TilesAttribution is shown under a map with tiles.
	TilesAttribution string
}

type areaOutline struct {
	area    *site.Area
	outline *mapsvg.Outline
}

type mapSVG struct {
	page, embed template.HTML
	view        mapsvg.View
}

// regionMap is what is kept of a region's map: its view and counts, and
// a function that draws it. A region's SVG holds a symbol per practice
// (megabytes for London at 100,000 practices), so it is drawn when its
// page or embed is rendered, not held for the whole build.
type regionMap struct {
	view             mapsvg.View
	placed, unplaced int
	draw             func(target string) template.HTML
}

// Map ids: one map per page, so fixed prefixes are unique.
const (
	mainMapID  = "map"
	smallMapID = "near"
	// Symbol ids: "mg" (Good on a region map), "ng" (on a small map).
	mainSym  = "m"
	smallSym = "n"
)

// New projects the outlines and draws the national and region maps.
func New(base *urls.Base, s *site.Site, f *figures.Figures, opt Options) *Maps {
	m := &Maps{base: base, s: s, f: f, bounds: opt.Boundaries, Tiles: opt.Tiles, TilesAttribution: opt.TilesAttribution, byArea: map[*site.Area]*areaOutline{}, regions: map[*site.Area]*regionMap{}}
	for _, a := range s.Regions {
		if mp, ok := opt.Boundaries[a]; ok && len(mp) > 0 {
			o := &areaOutline{area: a, outline: mapsvg.NewOutline(mp)}
			m.outlines = append(m.outlines, o)
			m.byArea[a] = o
		}
	}
	m.national = m.drawNational()
	for _, a := range s.Regions {
		m.regions[a] = m.drawRegion(a)
	}
	return m
}

// shadeOf is a scope's choropleth class; none when too few practices are
// rated for a share (figures.MinBase).
func shadeOf(sc *figures.Scope) (mapsvg.Shade, bool) {
	if !sc.Overall.Shown() {
		return mapsvg.Shade{}, false
	}
	return mapsvg.ShadeOf(sc.Overall.RequiresImprovementOrInadequate().Count, sc.Overall.Rated)
}

// badShare describes a scope's share of practices rated Requires
// improvement or Inadequate.
func badShare(sc *figures.Scope) string {
	bad := sc.Overall.RequiresImprovementOrInadequate()
	if sc.Overall.Rated == 0 {
		return "no practice rated"
	}
	// Below figures.MinBase, PercentLabel is "" and the counts are given.
	if l := bad.PercentLabel(); l != "" {
		return fmt.Sprintf("%s rated Requires improvement or Inadequate (%d of %d rated practices)", l, bad.Count, sc.Overall.Rated)
	}
	return fmt.Sprintf("%d of %d rated practices rated Requires improvement or Inadequate", bad.Count, sc.Overall.Rated)
}

// nationalBound is what the national map shows: every outline, else
// every placed practice.
func (m *Maps) nationalBound() orb.Bound {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, o := range m.outlines {
		b = b.Union(o.outline.Bound)
	}
	if len(m.outlines) == 0 {
		for _, p := range m.s.Practices {
			if p.HasPoint() {
				b = b.Extend(mapsvg.Merc(p.Point))
			}
		}
	}
	if math.IsInf(b.Min[0], 0) {
		// Nothing to place: a view of England.
		b = mapsvg.MercBound(orb.Point{-5.7, 49.9}, orb.Point{1.8, 55.8})
	}
	return b
}

// svgOpen starts a map's <svg>. With a tile base map it records the
// view's Mercator origin and scale for map.js (data-merc).
func (m *Maps) svgOpen(b []byte, v mapsvg.View, id, label string, class string) []byte {
	b = append(b, `<svg xmlns="http://www.w3.org/2000/svg" class="map-svg `+class+`" id="`+id+`-svg" viewBox="0 0 `...)
	b = strconv.AppendFloat(b, v.W, 'f', -1, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, v.H, 'f', -1, 64)
	b = append(b, `" role="group" aria-labelledby="`+id+`-title"`...)
	if m.Tiles != "" {
		b = fmt.Appendf(b, ` data-merc="%.2f %.2f %.8f"`, v.MinX, v.MaxY, v.Scale)
	}
	b = append(b, `><title id="`+id+`-title">`...)
	b = append(b, template.HTMLEscapeString(label)...)
	b = append(b, "</title>"...)
	return b
}

// drawNational draws England: each region shaded by its share of
// practices rated Requires improvement or Inadequate and linked to its
// page. Without boundaries each region is a circle at the middle of its
// practices.
func (m *Maps) drawNational() mapSVG {
	v := mapsvg.Fit(m.nationalBound(), 600, 300, 760, 10)
	draw := func(target string) template.HTML {
		b := m.svgOpen(nil, v, mainMapID, "Map of England's regions, shaded by the share of practices rated Requires improvement or Inadequate", "map-national")
		b = append(b, `<g class="regions">`...)
		for _, a := range m.s.Regions {
			sc := m.f.Of(a)
			sh, ok := shadeOf(sc)
			fill := "#ffffff"
			if ok {
				fill = sh.Fill()
			}
			b = append(b, `<a href="`...)
			b = append(b, template.HTMLEscapeString(m.href(a.Path(), target))...)
			b = append(b, `"`...)
			if target != "" {
				b = append(b, ` target="`+target+`"`...)
			}
			b = append(b, ` class="region"><title>`...)
			b = append(b, template.HTMLEscapeString(a.Name+": "+badShare(sc))...)
			b = append(b, `</title>`...)
			if o := m.byArea[a]; o != nil {
				b = append(b, `<path fill="`+fill+`" stroke="#1d1d1b" stroke-width="1" stroke-linejoin="round" d="`...)
				b = o.outline.AppendPath(b, v, 0.6)
				b = append(b, `"/>`...)
			} else if c, ok := m.middle(a); ok {
				x, y := v.XY(c)
				r := 8 + 22*math.Sqrt(float64(sc.Practices)/float64(max(1, m.f.National.Practices)))
				b = fmt.Appendf(b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" stroke="#1d1d1b" stroke-width="1"/>`, x, y, r, fill)
			}
			b = append(b, `</a>`...)
		}
		b = append(b, `</g></svg>`...)
		return template.HTML(b)
	}
	return mapSVG{page: draw(""), embed: draw("_top"), view: v}
}

// middle is the mean position of an area's placed practices.
func (m *Maps) middle(a *site.Area) (orb.Point, bool) {
	var x, y float64
	n := 0
	for _, p := range a.Practices {
		if p.HasPoint() {
			mp := mapsvg.Merc(p.Point)
			x, y, n = x+mp[0], y+mp[1], n+1
		}
	}
	if n == 0 {
		return orb.Point{}, false
	}
	return orb.Point{x / float64(n), y / float64(n)}, true
}

// href is a link from a map: a site path, absolute from an embed.
func (m *Maps) href(path, target string) string {
	if target != "" {
		return m.base.Abs(path)
	}
	return m.base.Link(path)
}

// drawOrder puts the symbols people look for last, on top.
var drawOrder = [mapsvg.NumClasses]int{mapsvg.NotRated: 0, mapsvg.Good: 1, mapsvg.Outstanding: 2, mapsvg.RequiresImprovement: 3, mapsvg.Inadequate: 4}

func markTitle(p *site.Practice) string {
	v := p.Ratings[rating.Whole][rating.Overall].Value
	switch {
	case v.IsRating():
		return p.Name + ": " + v.String()
	case v.Present():
		return p.Name + ": not rated (" + v.String() + ")"
	}
	return p.Name + ": not rated yet"
}

// drawRegion draws a region's outline, shaded, over its neighbours', and
// a symbol for each of its placed practices.
func (m *Maps) drawRegion(a *site.Area) *regionMap {
	rm := &regionMap{}
	var pts []*site.Practice
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, p := range a.Practices {
		if p.HasPoint() {
			pts = append(pts, p)
			b = b.Extend(mapsvg.Merc(p.Point))
		} else {
			rm.unplaced++
		}
	}
	rm.placed = len(pts)
	own := m.byArea[a]
	if own != nil {
		b = b.Union(own.outline.Bound)
	}
	if math.IsInf(b.Min[0], 0) {
		return rm
	}
	b = b.Pad(2000) // at least a few miles across
	v := mapsvg.Fit(b, 600, 320, 720, 12)
	rm.view = v
	slices.SortStableFunc(pts, func(x, y *site.Practice) int {
		return drawOrder[mapsvg.ClassOf(x.Ratings.Overall().Value)] - drawOrder[mapsvg.ClassOf(y.Ratings.Overall().Value)]
	})
	draw := func(target string) template.HTML {
		out := m.svgOpen(nil, v, mainMapID, "Map of GP practices in "+a.InName()+" by overall rating", "map-region")
		out = mapsvg.Defs(out, mainSym)
		vb := v.Bound()
		out = append(out, `<g class="regions">`...)
		for _, o := range m.outlines {
			if o == own || !o.outline.Bound.Intersects(vb) {
				continue
			}
			out = append(out, `<path fill="#f3f2f1" stroke="#505a5f" stroke-width="1" stroke-linejoin="round" d="`...)
			out = o.outline.AppendPath(out, v, 0.6)
			out = append(out, `"/>`...)
		}
		if own != nil {
			fill := "#ffffff"
			if sh, ok := shadeOf(m.f.Of(a)); ok {
				fill = sh.Fill()
			}
			out = append(out, `<path fill="`+fill+`" fill-opacity=".55" stroke="#1d1d1b" stroke-width="1.5" stroke-linejoin="round" d="`...)
			out = own.outline.AppendPath(out, v, 0.4)
			out = append(out, `"/>`...)
		}
		out = append(out, "</g>"+mapsvg.MarksOpen...)
		marks := make([]mapsvg.Mark, len(pts))
		for i, p := range pts {
			x, y := v.XY(mapsvg.Merc(p.Point))
			marks[i] = mapsvg.Mark{X: x, Y: y, Class: mapsvg.ClassOf(p.Ratings.Overall().Value),
				Title: markTitle(p), Href: m.href(p.Path(), target), Target: target}
		}
		out = mapsvg.AppendMarks(out, mainSym, marks)
		out = append(out, `</g></svg>`...)
		return template.HTML(out)
	}
	rm.draw = draw
	return rm
}

// National is the national map, as inline SVG; in an embed its links
// open in the top window.
func (m *Maps) National(embed bool) template.HTML {
	if embed {
		return m.national.embed
	}
	return m.national.page
}

// Region draws a region's map, or "" when none of its practices is placed
// and it has no boundary; in an embed its links are absolute and open in
// the top window. A region's map is large: it is drawn on each call, for
// the page that shows it, and not kept.
func (m *Maps) Region(a *site.Area, embed bool) template.HTML {
	rm := m.regions[a]
	if rm == nil || rm.draw == nil {
		return ""
	}
	if embed {
		return rm.draw("_top")
	}
	return rm.draw("")
}

// RegionCounts says how many of a region's practices are on its map and
// how many are left off for want of coordinates.
func (m *Maps) RegionCounts(a *site.Area) (placed, unplaced int) {
	if rm := m.regions[a]; rm != nil {
		return rm.placed, rm.unplaced
	}
	return 0, 0
}

// LegendKey says what a map's legend explains: the shading, or the
// symbols of the classes on the map. It is comparable, so that each
// distinct legend is rendered once per build.
type LegendKey struct {
	Shades bool
	Has    [mapsvg.NumClasses]bool
}

// AllMarks is the legend of every symbol.
var AllMarks = LegendKey{Has: [mapsvg.NumClasses]bool{true, true, true, true, true}}

// ShadesLegend is the legend of the national map's shading.
var ShadesLegend = LegendKey{Shades: true}

// SmallMap is a practice page's map, its caption, what its legend
// explains, and the list of the practices on it (the map's accessible
// alternative). Everything is made in Go: a page's template then looks up
// a few fields, not a field chain per neighbour.
type SmallMap struct {
	Caption string
	SVG     template.HTML
	Legend  LegendKey
	List    template.HTML
	Region  *site.Area
}

// Practice draws a practice's small map: its neighbours and the region
// outlines around them, clipped to a few miles. It costs a handful of
// symbols and a bound test per outline; nil for a practice that cannot
// be placed.
func (m *Maps) Practice(p *site.Practice) *SmallMap {
	if p == nil || !p.HasPoint() {
		return nil
	}
	var used [mapsvg.NumClasses]bool
	used[mapsvg.ClassOf(p.Ratings.Overall().Value)] = true
	for _, n := range p.Nearby {
		used[mapsvg.ClassOf(n.Ratings.Overall().Value)] = true
	}
	here := mapsvg.Merc(p.Point)
	b := orb.Bound{Min: here, Max: here}
	for _, n := range p.Nearby {
		b = b.Extend(mapsvg.Merc(n.Point))
	}
	// At least about 2 km across, so a practice alone is not a dot.
	if pad := 1500 - math.Min(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])/2; pad > 0 {
		b = b.Pad(pad)
	}
	view := mapsvg.Fit(b, 320, 200, 240, 18)
	out := make([]byte, 0, 4096)
	out = m.svgOpen(out, view, smallMapID, "Map of "+p.Name+" and the nearest practices", "map-small")
	out = mapsvg.DefsOf(out, smallSym, used)
	var clipped []byte
	for _, o := range m.outlines {
		clipped = o.outline.AppendClippedLines(clipped, view)
	}
	if len(clipped) > 0 {
		out = append(out, `<path fill="none" stroke="#505a5f" stroke-width="1.5" stroke-dasharray="6 3" d="`...)
		out = append(out, clipped...)
		out = append(out, `"/>`...)
	}
	out = append(out, mapsvg.MarksOpen...)
	var marks [site.NearbyCount + 1]mapsvg.Mark
	k := 0
	for i := len(p.Nearby) - 1; i >= 0 && k < site.NearbyCount; i-- {
		n := p.Nearby[i]
		x, y := view.XY(mapsvg.Merc(n.Point))
		marks[k] = mapsvg.Mark{X: x, Y: y, Class: mapsvg.ClassOf(n.Ratings.Overall().Value),
			Title: markTitle(n.Practice) + ", " + strconv.FormatFloat(n.Miles, 'f', 1, 64) + " miles away", Href: m.base.Link(n.Path())}
		k++
	}
	x, y := view.XY(here)
	marks[k] = mapsvg.Mark{X: x, Y: y, Class: mapsvg.ClassOf(p.Ratings.Overall().Value),
		Title: "This practice, " + markTitle(p), Here: true}
	out = mapsvg.AppendMarks(out, smallSym, marks[:k+1])
	out = append(out, `</g></svg>`...)
	sm := &SmallMap{SVG: template.HTML(out), Legend: LegendKey{Has: used}, Region: p.Region}
	n := len(p.Nearby)
	switch n {
	case 0:
		sm.Caption = p.Name + " (circled), by overall rating."
	case 1:
		sm.Caption = p.Name + " (circled) and the nearest practice, by overall rating."
	default:
		sm.Caption = p.Name + " (circled) and the " + strconv.Itoa(n) + " nearest practices, by overall rating."
	}
	if n > 0 {
		l := make([]byte, 0, 128*n+96)
		l = append(l, `<details class="map-list"><summary>The practices on this map</summary><ul>`...)
		for _, nb := range p.Nearby {
			l = append(l, `<li><a href="`...)
			l = append(l, template.HTMLEscapeString(m.base.Link(nb.Path()))...)
			l = append(l, `">`...)
			l = append(l, template.HTMLEscapeString(nb.Name)...)
			l = append(l, "</a> ("...)
			if v := nb.Ratings.Overall().Value; v.Present() {
				l = append(l, v.String()...)
			} else {
				l = append(l, "no rating"...)
			}
			l = append(l, ", "...)
			l = strconv.AppendFloat(l, nb.Miles, 'f', 1, 64)
			l = append(l, " miles)</li>"...)
		}
		l = append(l, "</ul></details>"...)
		sm.List = template.HTML(l)
	}
	return sm
}

// Share is what a "Share or embed this map" section offers.
type Share struct {
	Title     string
	Permalink string
	Embed     string
	IFrame    string
	CSV       string
	GeoJSON   string
	// Height is the iframe's suggested height in pixels.
	Height int
}

// Share describes the national map's (a == nil) or a region's links.
func (m *Maps) Share(a *site.Area) *Share {
	sh := &Share{}
	var v mapsvg.View
	if a == nil {
		sh.Title = "Map of GP practice ratings in England"
		sh.Permalink = m.base.Abs(urls.National) + "#map"
		sh.Embed = m.base.Abs(urls.EmbedNational)
		sh.CSV, sh.GeoJSON = m.base.Link(urls.NationalPracticesCSV), m.base.Link(urls.NationalPracticesGeoJSON)
		v = m.national.view
	} else {
		sh.Title = "Map of GP practice ratings in " + a.InName()
		sh.Permalink = m.base.Abs(a.Path()) + "#map"
		sh.Embed = m.base.Abs(urls.Embed(a.Path()))
		sh.CSV, sh.GeoJSON = m.base.Link(urls.AreaPracticesCSV(a.Path())), m.base.Link(urls.AreaPracticesGeoJSON(a.Path()))
		if rm := m.regions[a]; rm != nil {
			v = rm.view
		}
	}
	// The map is 600 wide; a 100%-wide frame of about 640 px shows it at
	// about that size, with the heading, legend and credit.
	sh.Height = int(v.H) + 330
	sh.IFrame = fmt.Sprintf(`<iframe src="%s" title="%s" width="100%%" height="%d" style="border:0" loading="lazy"></iframe>`,
		template.HTMLEscapeString(sh.Embed), template.HTMLEscapeString(sh.Title), sh.Height)
	return sh
}

// TileOrigin is the scheme and host of the tile URL template, for the
// CSP, or "".
func TileOrigin(tiles string) string {
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0", "{s}", "a").Replace(tiles))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// CheckTiles checks a -tiles URL template: an absolute http(s) URL with
// {z}, {x} and {y}, and a credit for the provider.
func CheckTiles(tiles, attribution string) error {
	if tiles == "" {
		return nil
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(tiles, p) {
			return fmt.Errorf("-tiles %q has no %s; a tile URL template looks like https://tile.example.org/{z}/{x}/{y}.png", tiles, p)
		}
	}
	if TileOrigin(tiles) == "" {
		return fmt.Errorf("-tiles %q must be an absolute http or https URL", tiles)
	}
	if strings.TrimSpace(attribution) == "" {
		return fmt.Errorf("-tiles needs -tiles-attribution: tile providers require a credit, such as \"© OpenStreetMap contributors\"")
	}
	return nil
}

// Options are a build's map inputs and settings.
type Options struct {
	// Boundaries are the regions' simplified outlines, [lon, lat].
	Boundaries map[*site.Area]orb.MultiPolygon
	// Tiles is a tile URL template ("https://tile.example/{z}/{x}/{y}.png")
	// that switches on a slippy base map under every map; "" is off.
	Tiles string
	// TilesAttribution is the tile provider's required credit.
	TilesAttribution string
}
