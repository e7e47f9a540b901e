package encode

import (
	"bytes"
	"encoding/json"
	"math"
	"ratingsite/internal/figures"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

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

// appendCoord5 writes a coordinate with at most 5 decimals (about 1 m, as
// precise as a practice's place on a map is).
func appendCoord5(b []byte, f float64) []byte {
	return strconv.AppendFloat(b, math.Round(f*1e5)/1e5, 'f', -1, 64)
}

// PracticesGeoJSON is an RFC 7946 FeatureCollection with a Point feature
// for each practice that has coordinates. It holds what a map of the
// practices needs and no more, so that the national file stays small
// (1.5 MB at 7,500 practices): each feature's properties are the
// practice's id, name and overall value; the collection's foreign members
// practiceURL and practiceJSON are the absolute URLs of every practice's
// page and JSON (with everything else) with "{id}" for its id. Documented
// in docs/maps.md; PracticeProperties lists the properties.
func PracticesGeoJSON(base *urls.Base, ps []*site.Practice) []byte {
	b := bytes.NewBuffer(make([]byte, 0, 170*len(ps)+256))
	var tmp []byte
	str := func(s string) {
		tmp = appendJSONString(tmp[:0], s)
		b.Write(tmp)
	}
	b.WriteString(`{"type":"FeatureCollection","practiceURL":`)
	str(idTemplate(base, urls.Practice))
	b.WriteString(`,"practiceJSON":`)
	str(idTemplate(base, urls.PracticeJSON))
	b.WriteString(`,"features":[`)
	first := true
	for _, p := range ps {
		if !p.HasPoint() {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(`{"type":"Feature","geometry":{"type":"Point","coordinates":[`)
		b.Write(appendCoord5(tmp[:0], p.Point[0]))
		b.WriteByte(',')
		b.Write(appendCoord5(tmp[:0], p.Point[1]))
		b.WriteString(`]},"properties":{"id":`)
		str(p.ID)
		b.WriteString(`,"name":`)
		str(p.Name)
		b.WriteString(`,"overall":`)
		if v := ratingValue(p.Ratings[rating.Whole][rating.Overall]); v != nil {
			str(v.(string))
		} else {
			b.WriteString("null")
		}
		b.WriteString("}}")
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

// idTemplate is the absolute URL of path(id) with "{id}" in place of the
// id: the id is the last thing in the path, and the base URL may hold any
// text, so the marker is replaced where it ends.
func idTemplate(base *urls.Base, path func(id string) string) string {
	const marker = "0-0"
	u := base.Abs(path(marker))
	i := strings.LastIndex(u, marker)
	return u[:i] + "{id}" + u[i+len(marker):]
}

// PracticeProperties are the properties of every feature of
// PracticesGeoJSON, in order.
var PracticeProperties = []string{"id", "name", "overall"}

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

// RegionsGeoJSON is each region with a boundary as a MultiPolygon
// feature, with its rating counts and shares, ready for a choropleth.
func RegionsGeoJSON(base *urls.Base, regions []*site.Area, f *figures.Figures, bounds map[*site.Area]orb.MultiPolygon) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	for _, a := range regions {
		mp, ok := bounds[a]
		if !ok {
			continue
		}
		sc := f.Of(a)
		ft := geojson.NewFeature(orb.Round(mp.Clone(), 1e6))
		d := sc.Overall
		bad := d.RequiresImprovementOrInadequate().Count
		share := any(nil)
		shade := any(nil)
		if d.Rated > 0 {
			share = math.Round(float64(bad)*1000/float64(d.Rated)) / 10
			sh, _ := mapsvg.ShadeOf(bad, d.Rated)
			shade = sh.Index
		}
		ft.Properties = geojson.Properties{
			"name": a.Name, "slug": a.Slug, "url": base.Abs(a.Path()),
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
