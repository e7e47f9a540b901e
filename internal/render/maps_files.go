package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"ratingsite/internal/figures"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
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
	raw("map/england.png", func() ([]byte, error) { return m.nationalPNG() })
	for _, a := range s.Regions {
		raw(strings.TrimPrefix(a.Path(), "/")+"map.png", func() ([]byte, error) { return m.regionPNG(a) })
	}
	raw("map/practices.geojson", func() ([]byte, error) { return practicesGeoJSON(r.Config, s.Practices), nil })
	raw("map/practices.csv", func() ([]byte, error) { return practicesCSV(r.Config, s.Practices) })
	raw("map/regions.geojson", func() ([]byte, error) { return regionsGeoJSON(r.Config, s, f, m.bounds) })
	for _, a := range s.Regions {
		dir := strings.TrimPrefix(a.Path(), "/")
		raw(dir+"practices.geojson", func() ([]byte, error) { return practicesGeoJSON(r.Config, a.Practices), nil })
		raw(dir+"practices.csv", func() ([]byte, error) { return practicesCSV(r.Config, a.Practices) })
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
		emit(job{path: strings.TrimPrefix(path, "/") + "index.html", template: "embed.html", page: p})
	}
	embed("/embed/national/", "GP practice ratings in England", nil, func() template.HTML { return m.national.embed })
	for _, a := range s.Regions {
		var draw func() template.HTML
		if rm := m.regions[a]; rm != nil && rm.draw != nil {
			draw = func() template.HTML { return rm.draw("_top") }
		}
		embed("/embed"+a.Path(), "GP practice ratings in "+a.InName(), a, draw)
	}
}

// ratingValue is a published value as text, or nil for none.
func ratingValue(c rating.Cell) any {
	if !c.Value.Present() {
		return nil
	}
	return c.Value.String()
}

// appendCoord writes a coordinate with at most 6 decimals (about 11 cm).
func appendCoord(b []byte, f float64) []byte {
	return strconv.AppendFloat(b, math.Round(f*1e6)/1e6, 'f', -1, 64)
}

// practicesGeoJSON is an RFC 7946 FeatureCollection with a Point feature
// for each practice that has coordinates. Properties are documented in
// the README.
func practicesGeoJSON(cfg *Config, ps []*site.Practice) []byte {
	b := bytes.NewBuffer(make([]byte, 0, 360*len(ps)+64))
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	first := true
	var tmp []byte
	str := func(s string) {
		tmp = appendJSONString(tmp[:0], s)
		b.Write(tmp)
	}
	for _, p := range ps {
		if !p.HasPoint() {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(`{"type":"Feature","geometry":{"type":"Point","coordinates":[`)
		b.Write(appendCoord(nil, p.Point[0]))
		b.WriteByte(',')
		b.Write(appendCoord(nil, p.Point[1]))
		b.WriteString(`]},"properties":{"id":`)
		str(p.ID)
		b.WriteString(`,"name":`)
		str(p.Name)
		o := p.Ratings[rating.Whole][rating.Overall]
		for i, d := range append([]rating.Domain{rating.Overall}, rating.KeyQuestions[:]...) {
			b.WriteString(`,"`)
			if i == 0 {
				b.WriteString("overall")
			} else {
				b.WriteString(d.Slug())
			}
			b.WriteString(`":`)
			if v := ratingValue(p.Ratings[rating.Whole][d]); v != nil {
				str(v.(string))
			} else {
				b.WriteString("null")
			}
		}
		b.WriteString(`,"published":`)
		if o.Published.IsZero() {
			b.WriteString("null")
		} else {
			str(o.Published.Format("2006-01-02"))
		}
		b.WriteString(`,"url":`)
		str(cfg.Abs(p.Path()))
		b.WriteString("}}")
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it (quotes, backslashes, control characters, <, >, &, U+2028 and
// U+2029), without its allocations: the national file holds a million
// strings at 100,000 practices.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i, r := range s {
		var esc string
		switch {
		case r == '"':
			esc = `\"`
		case r == '\\':
			esc = `\\`
		case r == '\n':
			esc = `\n`
		case r == '\r':
			esc = `\r`
		case r == '\t':
			esc = `\t`
		case r < 0x20 || r == '<' || r == '>' || r == '&' || r == 0x2028 || r == 0x2029:
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
			start = i + len(string(r))
			continue
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				// An invalid byte: encoding/json writes \ufffd for it.
				b = append(b, s[start:i]...)
				b = append(b, `\ufffd`...)
				start = i + 1
			}
			continue
		default:
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// csvColumns are the columns of the practice CSV downloads.
var csvColumns = []string{"id", "ods_code", "name", "street", "address_line_2", "city", "postcode",
	"local_authority", "region", "overall", "published", "safe", "effective", "caring", "responsive", "well_led",
	"latitude", "longitude", "url"}

// spreadsheetSafe keeps a spreadsheet from reading a text cell as a
// formula: a leading =, +, -, @, tab or carriage return gets a '.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// practicesCSV is one row per practice, with or without coordinates.
func practicesCSV(cfg *Config, ps []*site.Practice) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(csvColumns)
	row := make([]string, len(csvColumns))
	for _, p := range ps {
		o := p.Ratings[rating.Whole][rating.Overall]
		val := func(d rating.Domain) string {
			if v := p.Ratings[rating.Whole][d].Value; v.Present() {
				return v.String()
			}
			return ""
		}
		row = row[:0]
		row = append(row, spreadsheetSafe(p.ID), spreadsheetSafe(p.ODS), spreadsheetSafe(p.Name), spreadsheetSafe(p.Street),
			spreadsheetSafe(p.Line2), spreadsheetSafe(p.City), spreadsheetSafe(p.Postcode),
			spreadsheetSafe(p.LocalAuthority.Name), spreadsheetSafe(p.Region.Name), val(rating.Overall), "")
		if !o.Published.IsZero() {
			row[len(row)-1] = o.Published.Format("2006-01-02")
		}
		for _, d := range rating.KeyQuestions {
			row = append(row, val(d))
		}
		if p.HasPoint() {
			row = append(row, string(appendCoord(nil, p.Point[1])), string(appendCoord(nil, p.Point[0])))
		} else {
			row = append(row, "", "")
		}
		row = append(row, cfg.Abs(p.Path()))
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// regionsGeoJSON is each region with a boundary as a MultiPolygon
// feature, with its rating counts and shares, ready for a choropleth.
func regionsGeoJSON(cfg *Config, s *site.Site, f *figures.Figures, bounds map[*site.Area]orb.MultiPolygon) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	for _, a := range s.Regions {
		mp, ok := bounds[a]
		if !ok {
			continue
		}
		sc := f.Of(a)
		ft := geojson.NewFeature(orb.Round(mp.Clone(), 1e6))
		d := sc.Overall
		bad := d.Count[2] + d.Count[3]
		share := any(nil)
		shade := any(nil)
		if d.Rated > 0 {
			share = math.Round(float64(bad)*1000/float64(d.Rated)) / 10
			sh, _ := mapsvg.ShadeOf(bad, d.Rated)
			shade = sh.Index
		}
		ft.Properties = geojson.Properties{
			"name": a.Name, "slug": a.Slug, "url": cfg.Abs(a.Path()),
			"practices": sc.Practices, "rated": d.Rated, "notRated": d.NotRated(),
			"outstanding": d.Count[0], "good": d.Count[1], "requiresImprovement": d.Count[2], "inadequate": d.Count[3],
			"outstandingPercent": d.Percent[0], "goodPercent": d.Percent[1],
			"requiresImprovementPercent": d.Percent[2], "inadequatePercent": d.Percent[3],
			"requiresImprovementOrInadequateShare": share, "shade": shade,
		}
		fc.Append(ft)
	}
	b, err := json.Marshal(fc)
	return append(b, '\n'), err
}

// nationalPNG is England's regions shaded, 1200 by 630 pixels.
func (m *Maps) nationalPNG() ([]byte, error) {
	v := mapsvg.Fit(m.nationalBound(), 1200, 630, 630, 24)
	r := mapsvg.NewRaster(v, "#ffffff")
	byFill := map[string][]*mapsvg.Outline{}
	var fills []string
	all := make([]*mapsvg.Outline, 0, len(m.outlines))
	for _, o := range m.outlines {
		fill := "#ffffff"
		if sh, ok := shadeOf(m.f.Of(o.area)); ok {
			fill = sh.Fill()
		}
		if byFill[fill] == nil {
			fills = append(fills, fill)
		}
		byFill[fill] = append(byFill[fill], o.outline)
		all = append(all, o.outline)
	}
	for _, fill := range fills {
		r.Outlines(byFill[fill], fill, "", 0)
	}
	r.Outlines(all, "", "#1d1d1b", 1.5)
	if len(m.outlines) == 0 {
		for _, p := range m.s.Practices {
			if p.HasPoint() {
				x, y := v.XY(mapsvg.Merc(p.Point))
				r.Mark(x, y, mapsvg.ClassOf(p.Ratings.Overall().Value), 0.6)
			}
		}
	}
	return r.PNG()
}

// regionPNG is a region over its neighbours with its practices' symbols.
func (m *Maps) regionPNG(a *site.Area) ([]byte, error) {
	rm := m.regions[a]
	b := m.nationalBound()
	if rm != nil && rm.view.Scale > 0 {
		b = rm.view.Bound()
	}
	v := mapsvg.Fit(b, 1200, 630, 630, 24)
	r := mapsvg.NewRaster(v, "#ffffff")
	var around []*mapsvg.Outline
	for _, o := range m.outlines {
		if o.area != a && o.outline.Bound.Intersects(v.Bound()) {
			around = append(around, o.outline)
		}
	}
	r.Outlines(around, "#f3f2f1", "#505a5f", 1.5)
	if o := m.byArea[a]; o != nil {
		fill := "#ffffff"
		if sh, ok := shadeOf(m.f.Of(a)); ok {
			fill = sh.Fill()
		}
		r.Outline(o.outline, fill, "#1d1d1b", 2.5)
	}
	for _, c := range []mapsvg.Class{mapsvg.NotRated, mapsvg.Good, mapsvg.Outstanding, mapsvg.RequiresImprovement, mapsvg.Inadequate} {
		for _, p := range a.Practices {
			if p.HasPoint() && mapsvg.ClassOf(p.Ratings.Overall().Value) == c {
				x, y := v.XY(mapsvg.Merc(p.Point))
				r.Mark(x, y, c, 1)
			}
		}
	}
	return r.PNG()
}
