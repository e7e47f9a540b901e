package site

import (
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/quadtree"
)

// NearbyCount is how many neighbours New records on each placed practice.
const NearbyCount = 5

// metresPerMile converts orb's great-circle metres to miles.
const metresPerMile = 1609.344

// Neighbour is a practice near another one, with the straight-line
// (great-circle) distance between them.
type Neighbour struct {
	*Practice
	Miles float64
}

// near indexes placed practices in a quadtree. The tree holds projected
// points (longitude scaled by the cosine of England's mid latitude) so that
// its planar distances rank like distances on the ground; the reported
// distances are great-circle ones, computed afresh.
type near struct {
	tree *quadtree.Quadtree
}

// nearPoint is a practice in the tree.
type nearPoint struct {
	p  *Practice
	xy orb.Point
}

func (n nearPoint) Point() orb.Point { return n.xy }

// lonScale is cos(53°), the middle of England; at the latitudes of England
// (50°–56°) it ranks distances within a few per cent of the truth, and the
// candidates are re-ranked by true distance anyway.
var lonScale = math.Cos(53 * math.Pi / 180)

func project(pt orb.Point) orb.Point { return orb.Point{pt[0] * lonScale, pt[1]} }

func newNear(ps []*Practice) *near {
	b := orb.Bound{Min: orb.Point{-180 * lonScale, -90}, Max: orb.Point{180 * lonScale, 90}}
	t := quadtree.New(b)
	for _, p := range ps {
		if p.HasPoint() {
			// Add only fails for points outside the bound, which valid
			// coordinates never are.
			_ = t.Add(nearPoint{p, project(p.Point)})
		}
	}
	return &near{tree: t}
}

// Nearest returns the k current practices nearest to pt, nearest first, with
// their distances; skip (which may be nil) is left out. Ties are broken by
// name then Location ID so the order is stable.
func (s *Site) Nearest(pt orb.Point, k int, skip *Practice) []Neighbour {
	if s.near == nil || k <= 0 {
		return nil
	}
	// The projection is approximate: take a few more candidates than asked
	// for and rank them by true distance.
	want := k + k/2 + 2
	var filter quadtree.FilterFunc
	if skip != nil {
		filter = func(p orb.Pointer) bool { return p.(nearPoint).p != skip }
	}
	found := s.near.tree.KNearestMatching(nil, project(pt), want, filter)
	out := make([]Neighbour, 0, len(found))
	for _, f := range found {
		p := f.(nearPoint).p
		out = append(out, Neighbour{p, geo.DistanceHaversine(pt, p.Point) / metresPerMile})
	}
	slices.SortFunc(out, func(a, b Neighbour) int {
		if a.Miles != b.Miles {
			if a.Miles < b.Miles {
				return -1
			}
			return 1
		}
		return comparePractices(a.Practice, b.Practice)
	})
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// findNearby records each placed practice's NearbyCount nearest neighbours,
// on every core, and each placed closed practice's nearest open ones.
func (s *Site) findNearby() {
	s.near = newNear(s.Practices)
	var wg sync.WaitGroup
	next := make(chan []*Practice)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range next {
				for _, p := range batch {
					p.Nearby = s.Nearest(p.Point, NearbyCount, p)
				}
			}
		}()
	}
	const size = 512
	for i := 0; i < len(s.Practices); i += size {
		batch := s.Practices[i:min(i+size, len(s.Practices))]
		placed := make([]*Practice, 0, len(batch))
		for _, p := range batch {
			if p.HasPoint() {
				placed = append(placed, p)
			}
		}
		next <- placed
	}
	close(next)
	wg.Wait()
	// A closed practice's patients need the alternatives most: its
	// neighbours are the open practices nearest to where it was.
	for _, p := range s.Closed {
		if p.HasPoint() {
			p.Nearby = s.Nearest(p.Point, NearbyCount, nil)
		}
	}
}
