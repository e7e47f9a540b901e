package geo

import (
	"iter"
	"maps"
	"slices"

	"github.com/paulmach/orb"
)

// All yields every postcode held (normalised: upper case, no space; full
// postcodes and outward codes) with its centroid, in sorted order.
func (g *Gazetteer) All() iter.Seq2[string, orb.Point] {
	return func(yield func(string, orb.Point) bool) {
		if g == nil {
			return
		}
		for _, k := range slices.Sorted(maps.Keys(g.points)) {
			if !yield(k, g.points[k]) {
				return
			}
		}
	}
}
