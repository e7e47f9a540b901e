package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// maxTileDepth bounds the quadtree: practices that share a point (one
// building, one postcode centroid) can never be split apart.
const maxTileDepth = 24

// Bounds is a tile's extent in degrees.
type Bounds struct{ MinLon, MinLat, MaxLon, MaxLat float64 }

// child is quadrant i of b: bit 0 east, bit 1 north.
func (b Bounds) child(i int) Bounds {
	midLon, midLat := (b.MinLon+b.MaxLon)/2, (b.MinLat+b.MaxLat)/2
	c := b
	if i&1 != 0 {
		c.MinLon = midLon
	} else {
		c.MaxLon = midLon
	}
	if i&2 != 0 {
		c.MinLat = midLat
	} else {
		c.MaxLat = midLat
	}
	return c
}

func (b Bounds) quadrant(lon, lat float64) int {
	i := 0
	if lon >= (b.MinLon+b.MaxLon)/2 {
		i |= 1
	}
	if lat >= (b.MinLat+b.MaxLat)/2 {
		i |= 2
	}
	return i
}

var world = Bounds{-180, -90, 180, 90}

// geoRecord is a practice in a tile: [id, name, town, rating, lat, lon].
func geoRecord(d *Doc) []any {
	return []any{d.ID, d.Name, d.Town, int(d.Rating), d.Lat, d.Lon}
}

// buildTiles splits the placed practices into a quadtree of tiles of at
// most lim.TileDocs each, and writes each leaf as g/q<key>.json, where key
// is the path of quadrant digits from the whole world down.
func buildTiles(ix *Index, docs []*Doc, lim Limits) {
	var placed []*Doc
	for _, d := range docs {
		if d.Placed {
			placed = append(placed, d)
		}
	}
	if len(placed) == 0 {
		return
	}
	var tree strings.Builder
	var node func(key string, b Bounds, ds []*Doc)
	node = func(key string, b Bounds, ds []*Doc) {
		if len(ds) <= lim.TileDocs || len(key) >= maxTileDepth {
			tree.WriteByte('0')
			recs := make([][]any, len(ds))
			for i, d := range ds {
				recs[i] = geoRecord(d)
			}
			ix.put("g/q"+key+".json", recs)
			return
		}
		var parts [4][]*Doc
		for _, d := range ds {
			i := b.quadrant(d.Lon, d.Lat)
			parts[i] = append(parts[i], d)
		}
		mask := 0
		for i, p := range parts {
			if len(p) > 0 {
				mask |= 1 << i
			}
		}
		tree.WriteString(strconv.FormatInt(int64(mask), 16))
		for i, p := range parts {
			if len(p) > 0 {
				node(key+strconv.Itoa(i), b.child(i), p)
			}
		}
	}
	node("", world, placed)
	ix.Tiles = tree.String()
}

// Tile is a leaf of the published quadtree.
type Tile struct {
	Key    string
	Bounds Bounds
}

// DecodeTiles reads Meta.Tiles back into its leaves, as search.js does.
func DecodeTiles(tree string) []Tile {
	var out []Tile
	pos := 0
	var walk func(key string, b Bounds)
	walk = func(key string, b Bounds) {
		if pos >= len(tree) {
			return
		}
		mask, _ := strconv.ParseInt(tree[pos:pos+1], 16, 8)
		pos++
		if mask == 0 {
			out = append(out, Tile{key, b})
			return
		}
		for i := range 4 {
			if mask&(1<<i) != 0 {
				walk(key+strconv.Itoa(i), b.child(i))
			}
		}
	}
	if tree != "" {
		walk("", world)
	}
	return out
}

// EarthRadius is orb's, in metres; MetresPerMile converts.
const (
	EarthRadius   = 6378137.0
	MetresPerMile = 1609.344
)

// Miles is the great-circle (haversine) distance between two points given
// as latitude and longitude, as orb's geo.DistanceHaversine computes it.
func Miles(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * EarthRadius * math.Asin(math.Sqrt(h)) / MetresPerMile
}

// MinMiles is a lower bound on the distance from a point to anything in
// b: the distance to the nearest point of the box, less 1% for the box's
// edges not being great circles.
func (b Bounds) MinMiles(lat, lon float64) float64 {
	cl := min(max(lat, b.MinLat), b.MaxLat)
	co := min(max(lon, b.MinLon), b.MaxLon)
	return Miles(lat, lon, cl, co) * 0.99
}

// Near is a practice found near a point.
type Near struct {
	ID, Name, Town string
	Rating         int
	Lat, Lon       float64
	Miles          float64
}

// CompareNear orders by distance, then name (case-folded) and ID, like
// site.Nearest.
func CompareNear(a, b Near) int {
	if a.Miles != b.Miles {
		return cmp.Compare(a.Miles, b.Miles)
	}
	return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
}

// NearestTiles finds the k practices nearest to (lat, lon) from the
// published tiles, reading as few as it can: tiles in order of their
// lower-bound distance, until the k-th practice found is nearer than the
// next tile could be.
func NearestTiles(read Reader, lat, lon float64, k int) ([]Near, error) {
	b, err := read(Dir + "g/tree.json")
	if err != nil {
		return nil, err
	}
	var tree string
	if err := json.Unmarshal(b, &tree); err != nil {
		return nil, fmt.Errorf("g/tree.json: %w", err)
	}
	tiles := DecodeTiles(tree)
	lb := make(map[string]float64, len(tiles))
	for _, t := range tiles {
		lb[t.Key] = t.Bounds.MinMiles(lat, lon)
	}
	slices.SortFunc(tiles, func(a, b Tile) int { return cmp.Or(cmp.Compare(lb[a.Key], lb[b.Key]), cmp.Compare(a.Key, b.Key)) })
	var found []Near
	for _, t := range tiles {
		if len(found) >= k && found[k-1].Miles <= lb[t.Key] {
			break
		}
		b, err := read(Dir + "g/q" + t.Key + ".json")
		if err != nil {
			return nil, err
		}
		recs, err := decodeGeo(b)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			r.Miles = Miles(lat, lon, r.Lat, r.Lon)
			found = append(found, r)
		}
		slices.SortFunc(found, CompareNear)
	}
	if len(found) > k {
		found = found[:k]
	}
	return found, nil
}
