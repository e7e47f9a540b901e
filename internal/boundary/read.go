package boundary

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"ratingsite/internal/diag"
)

// Feature is one polygon feature of a boundary file.
type Feature struct {
	File  string
	Index int // 0-based position in the file's features
	// Line is the line of the file where the feature starts (0 if unknown).
	Line int
	Name string // from the first name-like property ("name", "rgn19nm", …)
	Code string // from the first code-like property ("code", "rgn19cd", …)
	Geom orb.MultiPolygon
}

// Label names the feature in messages: `feature 3 ("Wales")`.
func (f *Feature) Label() string {
	if f.Name != "" {
		return fmt.Sprintf("feature %d (%q)", f.Index+1, f.Name)
	}
	if f.Code != "" {
		return fmt.Sprintf("feature %d (%q)", f.Index+1, f.Code)
	}
	return fmt.Sprintf("feature %d", f.Index+1)
}

// Limits on a boundary file, checked before it is decoded, so that a
// hostile or unsimplified file ends in a clear error, not minutes of work
// and gigabytes of memory. ONS's generalised (BGC) region boundaries are
// 0.4 MB and about 40,000 positions.
const (
	// MaxBytes is the largest boundary file read.
	MaxBytes = 64 << 20
	// MaxPoints is the most positions in one file.
	MaxPoints = 2_000_000
	// MaxDepth is the deepest nesting of JSON arrays and objects.
	MaxDepth = 32
)

const simplifyHint = "use a generalised boundary (ONS \"BGC\") or simplify it, e.g. mapshaper -simplify 5% -o out.geojson; the site draws maps at a few hundred pixels"

// TooBig reports a boundary file of size bytes, over MaxBytes.
func TooBig(file string, size int64, problems *diag.List) {
	problems.Errorf(file, 0, "", simplifyHint, "file is %d MB, over the limit of %d MB for a boundary file", size>>20, MaxBytes>>20)
}

// scanJSON makes one pass over data, outside strings: the offset where
// nesting first exceeds MaxDepth (and that depth), else the deepest
// nesting; and the number of "[" (an upper bound on positions).
func scanJSON(data []byte) (off, depth, brackets int) {
	d, inStr, esc := 0, false, false
	for i, c := range data {
		switch {
		case inStr:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '[' || c == '{':
			d++
			if c == '[' {
				brackets++
			}
			if d > MaxDepth {
				return i, d, brackets
			}
			depth = max(depth, d)
		case c == ']' || c == '}':
			d--
		}
	}
	return len(data), depth, brackets
}

// lineCol is the line and 1-based column of byte offset off.
func lineCol(data []byte, off int) (line, col int) {
	off = min(off, len(data))
	return 1 + bytes.Count(data[:off], []byte("\n")), off - bytes.LastIndexByte(data[:off], '\n')
}

// UK is a generous bounding box of the United Kingdom, in WGS84.
var UK = orb.Bound{Min: orb.Point{-9.0, 49.0}, Max: orb.Point{2.5, 61.0}}

var (
	nameKey = regexp.MustCompile(`^(?i)(name|region|region_?name|rgn\d*nm|[a-z]*\d\dnm)$`)
	codeKey = regexp.MustCompile(`^(?i)(code|region_?code|rgn\d*cd|[a-z]*\d\dcd|id)$`)
)

// Read parses one boundary file: a GeoJSON FeatureCollection (or a single
// Feature) of Polygon and MultiPolygon features in WGS84 [longitude,
// latitude]. Problems are added to problems, naming the file, the line and
// the feature: invalid JSON or GeoJSON and coordinates in the wrong order
// are errors; features outside the UK or with no polygon are warnings and
// are left out.
func Read(data []byte, file string, problems *diag.List) []*Feature {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(data) > MaxBytes {
		TooBig(file, int64(len(data)), problems)
		return nil
	}
	if off, depth, points := scanJSON(data); depth > MaxDepth {
		line, col := lineCol(data, off)
		problems.Errorf(file, line, "", "GeoJSON polygons nest arrays 4 deep and objects a few deep", "column %d: JSON nested more than %d deep", col, MaxDepth)
		return nil
	} else if points > MaxPoints {
		problems.Errorf(file, 0, "", simplifyHint, "about %d positions, over the limit of %d for a boundary file", points, MaxPoints)
		return nil
	}
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		line, msg := jsonErr(data, err)
		problems.Errorf(file, line, "", "save it as GeoJSON (RFC 7946), for example from QGIS or mapshaper", "not valid JSON: %s", msg)
		return nil
	}
	var fc *geojson.FeatureCollection
	switch probe.Type {
	case "FeatureCollection":
		var err error
		if fc, err = geojson.UnmarshalFeatureCollection(data); err != nil {
			problems.Errorf(file, 0, "", "each feature needs a geometry with \"type\" and \"coordinates\"", "not valid GeoJSON: %v", err)
			return nil
		}
	case "Feature":
		f, err := geojson.UnmarshalFeature(data)
		if err != nil {
			problems.Errorf(file, 0, "", "a feature needs a geometry with \"type\" and \"coordinates\"", "not valid GeoJSON: %v", err)
			return nil
		}
		fc = geojson.NewFeatureCollection().Append(f)
	default:
		problems.Errorf(file, 1, "type", "a boundary file is a GeoJSON FeatureCollection of region polygons", "GeoJSON type %q, want \"FeatureCollection\"", probe.Type)
		return nil
	}
	starts := featureLines(data)
	var out []*Feature
	for i, gf := range fc.Features {
		f := &Feature{File: file, Index: i}
		if i < len(starts) {
			f.Line = starts[i]
		}
		// Properties are a map: pick name and code deterministically.
		f.Name, f.Code = pickProp(gf.Properties, nameKey, f.Name), pickProp(gf.Properties, codeKey, f.Code)
		switch g := gf.Geometry.(type) {
		case orb.Polygon:
			f.Geom = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			f.Geom = g
		default:
			t := "none"
			if g != nil {
				t = g.GeoJSONType()
			}
			problems.Warnf(file, f.Line, "geometry", "a region boundary is a Polygon or MultiPolygon; this feature is left out", "%s: geometry is %s, not a polygon", f.Label(), t)
			continue
		}
		if !checkCoords(f, problems) {
			continue
		}
		out = append(out, f)
	}
	if len(fc.Features) == 0 {
		problems.Warnf(file, 0, "features", "add the region polygons, or remove the file", "no features")
	}
	return out
}

// pickProp returns the value of the alphabetically first key matching re
// (so that a map's order never changes the result), or def.
func pickProp(props geojson.Properties, re *regexp.Regexp, def string) string {
	best, val := "", def
	for k, v := range props {
		s, ok := propString(v)
		if !ok || !re.MatchString(k) || s == "" {
			continue
		}
		if best == "" || k < best {
			best, val = k, s
		}
	}
	return val
}

func propString(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return strings.TrimSpace(s), true
	case float64:
		return fmt.Sprint(s), true
	}
	return "", false
}

// checkCoords refuses coordinates that are not finite WGS84 degrees, that
// are in [latitude, longitude] order, or that lie outside the UK.
func checkCoords(f *Feature, problems *diag.List) bool {
	n := 0
	bad := false
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	// Every position is checked: one written [latitude, longitude] in an
	// otherwise good outline would draw a spike across the map.
	swaps, first := 0, ""
	for pi, poly := range f.Geom {
		for ri, ring := range poly {
			for i, p := range ring {
				if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
					bad = true
					continue
				}
				n++
				b = b.Extend(p)
				if !UK.Contains(p) && UK.Contains(orb.Point{p[1], p[0]}) {
					if swaps == 0 {
						first = fmt.Sprintf("polygon %d, ring %d, position %d is [%g, %g]", pi+1, ri+1, i+1, p[0], p[1])
					}
					swaps++
				}
			}
		}
	}
	switch {
	case swaps > 0 && swaps < n:
		problems.Errorf(f.File, f.Line, "coordinates", "GeoJSON positions are [longitude, latitude] (RFC 7946); swap the two numbers of those positions",
			"%s: %d of its %d positions are in [latitude, longitude] order; the first, %s", f.Label(), swaps, n, first)
		return false
	case n == 0 || bad:
		problems.Errorf(f.File, f.Line, "coordinates", "every position is [longitude, latitude] in degrees", "%s: no usable coordinates", f.Label())
		return false
	case b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90:
		problems.Errorf(f.File, f.Line, "coordinates", "GeoJSON uses WGS84 degrees (RFC 7946); reproject it, e.g. with ogr2ogr -t_srs EPSG:4326", "%s: coordinates out of range (x %.6g to %.6g, y %.6g to %.6g): they look projected, not longitude and latitude", f.Label(), b.Min[0], b.Max[0], b.Min[1], b.Max[1])
		return false
	case swapped(b):
		problems.Errorf(f.File, f.Line, "coordinates", "GeoJSON positions are [longitude, latitude] (RFC 7946); swap the two numbers of each position", "%s: coordinates are in [latitude, longitude] order", f.Label())
		return false
	case !b.Intersects(UK):
		problems.Warnf(f.File, f.Line, "coordinates", "region boundaries must lie in England; this feature is left out", "%s lies outside the UK (longitude %.3f to %.3f, latitude %.3f to %.3f)", f.Label(), b.Min[0], b.Max[0], b.Min[1], b.Max[1])
		return false
	}
	return true
}

// swapped reports whether a bound lies in the UK only once its axes are
// swapped: [latitude, longitude] positions.
func swapped(b orb.Bound) bool {
	s := orb.Bound{Min: orb.Point{b.Min[1], b.Min[0]}, Max: orb.Point{b.Max[1], b.Max[0]}}
	return !b.Intersects(UK) && UK.Contains(s.Min) && UK.Contains(s.Max)
}

// jsonErr turns a decoding error into a line and a message with a column.
func jsonErr(data []byte, err error) (int, string) {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var off int64 = -1
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return 0, err.Error()
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n') - 1
	return line, fmt.Sprintf("column %d: %v", col, err)
}

// featureLines finds the line on which each element of the top-level
// "features" array starts, by scanning the JSON tokens.
func featureLines(data []byte) []int {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth := 0
	inFeatures := false
	var lines []int
	key := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			return lines
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if inFeatures && depth == 2 && t == '{' {
					off := dec.InputOffset() - 1
					lines = append(lines, 1+bytes.Count(data[:off], []byte("\n")))
				}
				if depth == 1 && t == '[' && key == "features" {
					inFeatures = true
				}
				depth++
			case '}', ']':
				depth--
				if depth == 1 {
					inFeatures = false
				}
			}
			key = ""
		case string:
			if depth == 1 && key == "" {
				key = t
				continue
			}
			key = ""
		default:
			key = ""
		}
	}
}
