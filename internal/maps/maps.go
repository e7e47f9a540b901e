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
// the national map and each region's and local authority's (inline SVG
// for pages and for embeds), and each region's projected outline, which
// every practice's small map reuses. It is immutable once New returns,
// and safe for concurrent use.
type Maps struct {
	base *urls.Base
	s    *site.Site
	f    *figures.Figures
	// outlines are the regions' outlines; local the local authorities'.
	outlines []*areaOutline
	local    []*areaOutline
	byArea   map[*site.Area]*areaOutline
	national mapSVG
	areas    map[*site.Area]*regionMap
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

// regionMap is what is kept of a region's or local authority's map: its
// view and counts, and a function that draws it. A region's SVG holds a
// symbol per practice (megabytes for London at 100,000 practices), so it
// is drawn when its page or embed is rendered, not held for the whole
// build.
type regionMap struct {
	view             mapsvg.View
	placed, unplaced int
	// counts are the practices on the map by class.
	counts [mapsvg.NumClasses]int
	// outlined is false for a local authority with no boundary: its map
	// shows its practices on its region's outline.
	outlined bool
	draw     func(target string) template.HTML
}

// Map ids: one map per page, so fixed prefixes are unique.
const (
	mainMapID  = "map"
	smallMapID = "near"
	// Symbol ids: "mg" (Good on a region map), "ng" (on a small map).
	mainSym  = "m"
	smallSym = "n"
)

// Label sizes, in map pixels (maps are 600 wide): at least 12 CSS pixels
// on a 375-pixel phone.
var (
	nationalLabels = mapsvg.LabelStyle{Size: 22}
	areaLabels     = mapsvg.LabelStyle{Size: 22, Fit: true}
)

// New projects the outlines and draws the national, region and
// local-authority maps.
func New(base *urls.Base, s *site.Site, f *figures.Figures, opt Options) *Maps {
	m := &Maps{base: base, s: s, f: f, Tiles: opt.Tiles, TilesAttribution: opt.TilesAttribution, byArea: map[*site.Area]*areaOutline{}, areas: map[*site.Area]*regionMap{}}
	for _, a := range s.Regions {
		if mp, ok := opt.Boundaries[a]; ok && len(mp) > 0 {
			o := &areaOutline{area: a, outline: mapsvg.NewOutline(mp)}
			m.outlines = append(m.outlines, o)
			m.byArea[a] = o
		}
	}
	for _, a := range s.LocalAuthorities {
		if mp, ok := opt.LocalBoundaries[a]; ok && len(mp) > 0 {
			o := &areaOutline{area: a, outline: mapsvg.NewOutline(mp)}
			m.local = append(m.local, o)
			m.byArea[a] = o
		}
	}
	m.national = m.drawNational()
	for _, a := range s.Regions {
		m.areas[a] = m.drawArea(a)
	}
	for _, a := range s.LocalAuthorities {
		m.areas[a] = m.drawArea(a)
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

// shareFigure is a scope's share as a map label prints it: "12%", or the
// counts ("1 of 3") on a base too small for a percentage.
func shareFigure(sc *figures.Scope) string {
	bad := sc.Overall.RequiresImprovementOrInadequate()
	switch {
	case sc.Overall.Rated == 0:
		return "none rated"
	case bad.PercentLabel() != "":
		return bad.PercentLabel()
	}
	return fmt.Sprintf("%d of %d", bad.Count, sc.Overall.Rated)
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
// practices rated Requires improvement or Inadequate, linked to its page
// and labelled with its name and share. Without boundaries each region is
// a circle at the middle of its practices.
func (m *Maps) drawNational() mapSVG {
	v := mapsvg.Fit(m.nationalBound(), 600, 300, 760, 10)
	labels := m.nationalLabels(v)
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
				b = fmt.Appendf(b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" stroke="#1d1d1b" stroke-width="1"/>`, x, y, m.circleR(sc), fill)
			}
			b = append(b, `</a>`...)
		}
		b = append(b, `</g>`...)
		b = nationalLabels.AppendLabels(b, labels)
		b = append(b, `</svg>`...)
		return template.HTML(b)
	}
	return mapSVG{page: draw(""), embed: draw("_top"), view: v}
}

// circleR is the radius of a region's circle on a national map without
// boundaries.
func (m *Maps) circleR(sc *figures.Scope) float64 {
	return 8 + 22*math.Sqrt(float64(sc.Practices)/float64(max(1, m.f.National.Practices)))
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

// drawArea draws a region's or local authority's map: the area's outline,
// shaded, over its neighbours' (a region's local authorities drawn in it
// when their boundaries are given), place names, and a symbol for each
// of its placed practices. A local authority without a boundary is drawn
// on its region's outline, around its practices.
func (m *Maps) drawArea(a *site.Area) *regionMap {
	rm := &regionMap{}
	var pts []*site.Practice
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, p := range a.Practices {
		if p.HasPoint() {
			pts = append(pts, p)
			b = b.Extend(mapsvg.Merc(p.Point))
			rm.counts[mapsvg.ClassOf(p.Ratings.Overall().Value)]++
		} else {
			rm.unplaced++
		}
	}
	rm.placed = len(pts)
	own := m.byArea[a]
	rm.outlined = own != nil
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
	labels := m.areaLabels(a, v)
	title := "Map of GP practices in " + a.InName() + " by overall rating"
	draw := func(target string) template.HTML {
		out := m.svgOpen(nil, v, mainMapID, title, "map-region")
		out = mapsvg.Defs(out, mainSym)
		out = m.appendGround(out, a, own, v)
		out = areaLabels.AppendLabels(out, labels)
		out = append(out, mapsvg.MarksOpen...)
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

// appendGround draws what lies under an area's practices: the regions in
// view (a local authority's own region white, the others grey), the local
// authorities in view as thin lines, and the area's own outline shaded by
// its share of practices rated Requires improvement or Inadequate.
func (m *Maps) appendGround(out []byte, a *site.Area, own *areaOutline, v mapsvg.View) []byte {
	vb := v.Bound()
	out = append(out, `<g class="regions">`...)
	for _, o := range m.outlines {
		if o == own || !o.outline.Bound.Intersects(vb) {
			continue
		}
		fill := "#f3f2f1"
		if a.Kind != site.RegionKind && o.area == a.Region {
			fill = "#ffffff"
		}
		out = append(out, `<path fill="`+fill+`" stroke="#505a5f" stroke-width="1" stroke-linejoin="round" d="`...)
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
	var lines []byte
	for _, o := range m.local {
		if o == own || !o.outline.Bound.Intersects(vb) {
			continue
		}
		lines = o.outline.AppendPath(lines, v, 0.6)
	}
	if len(lines) > 0 {
		out = append(out, `<path class="map-las" fill="none" stroke="#6f777b" stroke-width="0.75" stroke-linejoin="round" d="`...)
		out = append(out, lines...)
		out = append(out, `"/>`...)
	}
	return append(out, "</g>"...)
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
	rm := m.areas[a]
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
	if rm := m.areas[a]; rm != nil {
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
	// Counted legends (in embeds) give the figures the map shows: each
	// class's number of practices on the map (Count), or the number of
	// regions in each shade (ShadeCount, and NoShade for those with too
	// few practices rated for a share).
	Counted    bool
	Count      [mapsvg.NumClasses]int
	ShadeCount [5]int
	NoShade    int
}

// CountOf is a class's count in a counted legend, for templates.
func (k LegendKey) CountOf(c mapsvg.Class) int { return k.Count[c] }

// ShadeCountOf is the number of regions in a shade, for templates.
func (k LegendKey) ShadeCountOf(s mapsvg.Shade) int { return k.ShadeCount[s.Index] }

// CountedLegend is the legend of an embed: the national map's shades (a ==
// nil) with the number of regions in each, or an area's symbols with the
// number of its practices on the map in each class.
func (m *Maps) CountedLegend(a *site.Area) LegendKey {
	k := LegendKey{Counted: true}
	if a == nil {
		k.Shades = true
		for _, r := range m.s.Regions {
			if sh, ok := shadeOf(m.f.Of(r)); ok {
				k.ShadeCount[sh.Index]++
			} else {
				k.NoShade++
			}
		}
		return k
	}
	k.Has = AllMarks.Has
	if rm := m.areas[a]; rm != nil {
		k.Count = rm.counts
	}
	return k
}

// Figure is the sentence an embed gives under its map: the share of
// practices rated Requires improvement or Inadequate in England (a ==
// nil) or in an area, with its counts.
func (m *Maps) Figure(a *site.Area) string {
	if a == nil {
		return "England: " + badShare(&m.f.National) + "."
	}
	return a.Name + ": " + badShare(m.f.Of(a)) + "."
}

// Outlined reports whether an area's map draws its own boundary: false
// for a local authority whose boundary is not given, whose practices are
// then shown on the outline of its region.
func (m *Maps) Outlined(a *site.Area) bool {
	rm := m.areas[a]
	return rm != nil && rm.outlined
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
	// IFrame is the embed code of a fixed height; Responsive the code of
	// a frame that keeps the map's proportions as the column narrows or
	// widens, within a minimum and a maximum height.
	IFrame     string
	Responsive string
	CSV        string
	GeoJSON    string
	// Height is the iframe's suggested height in pixels: enough, in a
	// column 680 pixels wide, for the title, the map, its key and the
	// credit (the embed's stylesheet fits the map to the frame, so the
	// key and credit stay in view at any height from MinHeight).
	Height int
	// Width is the column Height is made for (EmbedWidth); PhoneHeight is
	// the responsive frame's height at PhoneWidth.
	Width, PhoneHeight int
}

// EmbedWidth is the column the suggested embed height is made for: a
// typical article column; PhoneWidth is a phone's.
const (
	EmbedWidth = 680
	PhoneWidth = 375
)

// embedChrome is the height, in CSS pixels, of everything in an embed but
// the map (title, caption, zoom buttons, key, figures and credit) in a
// column EmbedWidth wide, and phoneChrome in one PhoneWidth wide, where
// the text wraps onto more lines (measured in Chromium; the embed check,
// .ci/tools/map-check.mjs, holds them).
const (
	embedChrome = 330
	phoneChrome = 460
)

// MinHeight is the least height at which an embed shows its map at a
// usable size with its key and credit, at EmbedWidth.
const MinHeight = 560

// Share describes the national map's (a == nil) or an area's links.
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
		if rm := m.areas[a]; rm != nil {
			v = rm.view
		}
	}
	sh.Height, sh.Width, sh.PhoneHeight = EmbedHeight(v), EmbedWidth, PhoneHeight(v)
	src, title := template.HTMLEscapeString(sh.Embed), template.HTMLEscapeString(sh.Title)
	sh.IFrame = fmt.Sprintf(`<iframe src="%s" title="%s" width="100%%" height="%d" style="border:0" loading="lazy"></iframe>`, src, title, sh.Height)
	// The frame's height follows the column's width (a padding in percent
	// is of the width): PhoneHeight at PhoneWidth, Height at EmbedWidth,
	// in a straight line between and beyond, and never over the larger.
	slope := float64(sh.Height-sh.PhoneHeight) / float64(EmbedWidth-PhoneWidth)
	base := float64(sh.PhoneHeight) - slope*PhoneWidth
	sh.Responsive = fmt.Sprintf(`<div style="position:relative;width:100%%;height:0;padding-bottom:min(calc(%.2f%% + %.0fpx),%dpx)">`+
		`<iframe src="%s" title="%s" style="position:absolute;top:0;left:0;width:100%%;height:100%%;border:0" loading="lazy"></iframe></div>`,
		slope*100, base, max(sh.Height, sh.PhoneHeight), src, title)
	return sh
}

// PhoneHeight is the suggested height of an embed of a map of view v in
// a column PhoneWidth wide: the map at that width, but no taller than 320
// pixels, and the rest of the embed.
func PhoneHeight(v mapsvg.View) int {
	if v.W == 0 {
		return phoneChrome + 200
	}
	mapH := math.Max(200, math.Min(v.H*float64(PhoneWidth-20)/v.W, 320))
	return int(math.Ceil(mapH)) + phoneChrome
}

// EmbedHeight is the suggested height of an embed of a map of view v: the
// map at the width of a 680-pixel column (less the embed's padding), but
// no taller than 560 pixels, and the rest of the embed.
func EmbedHeight(v mapsvg.View) int {
	if v.W == 0 {
		return MinHeight
	}
	mapH := math.Min(v.H*float64(EmbedWidth-20)/v.W, 560)
	return max(MinHeight, int(math.Ceil(mapH))+embedChrome)
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
	// LocalBoundaries are the local authorities' outlines, where given.
	LocalBoundaries map[*site.Area]orb.MultiPolygon
	// Tiles is a tile URL template ("https://tile.example/{z}/{x}/{y}.png")
	// that switches on a slippy base map under every map; "" is off.
	Tiles string
	// TilesAttribution is the tile provider's required credit.
	TilesAttribution string
}
