package search

import (
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
