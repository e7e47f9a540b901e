package boundary

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// Simplify reduces a multipolygon with the Douglas-Peucker algorithm
// (orb/simplify) at tolerance, in the geometry's own units, and keeps
// every ring valid: closed, without repeated points or spikes, at least
// four positions and a non-zero area, exterior rings counter-clockwise
// and holes clockwise (RFC 7946's right-hand rule). Rings that collapse
// are dropped; a polygon whose exterior collapses is dropped with its
// holes.
func Simplify(mp orb.MultiPolygon, tolerance float64) orb.MultiPolygon {
	s := simplify.DouglasPeucker(tolerance)
	var out orb.MultiPolygon
	for _, poly := range mp {
		var np orb.Polygon
		for i, r := range poly {
			r = CleanRing(orb.Ring(s.Simplify(r.Clone()).(orb.Ring)))
			if r == nil {
				if i == 0 {
					break
				}
				continue
			}
			if (i == 0) != (r.Orientation() == orb.CCW) {
				r.Reverse()
			}
			np = append(np, r)
		}
		if len(np) > 0 {
			out = append(out, np)
		}
	}
	return out
}

// CleanRing closes a ring and drops repeated positions and spikes (a
// position between two equal ones). It returns nil if fewer than four
// positions or no area are left.
func CleanRing(r orb.Ring) orb.Ring {
	if len(r) == 0 {
		return nil
	}
	pts := make([]orb.Point, 0, len(r))
	for _, p := range r {
		if len(pts) > 0 && pts[len(pts)-1] == p {
			continue
		}
		pts = append(pts, p)
	}
	// Work on the open ring.
	if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	for changed := true; changed && len(pts) >= 3; {
		changed = false
		n := len(pts)
		for i := 0; i < n && n >= 3; i++ {
			prev, next := pts[(i+n-1)%n], pts[(i+1)%n]
			if prev == next || pts[i] == next {
				pts = append(pts[:i], pts[i+1:]...)
				n--
				changed = true
			}
		}
	}
	if len(pts) < 3 {
		return nil
	}
	out := orb.Ring(append(pts, pts[0]))
	if area(out) == 0 {
		return nil
	}
	return out
}

func area(r orb.Ring) float64 {
	a := 0.0
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

// Valid checks what Simplify promises of every ring of mp.
func Valid(mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return fmt.Errorf("no polygons")
	}
	for i, poly := range mp {
		if len(poly) == 0 {
			return fmt.Errorf("polygon %d has no rings", i)
		}
		for j, r := range poly {
			switch {
			case len(r) < 4:
				return fmt.Errorf("polygon %d ring %d has %d positions, want at least 4", i, j, len(r))
			case r[0] != r[len(r)-1]:
				return fmt.Errorf("polygon %d ring %d is not closed", i, j)
			case area(r) == 0:
				return fmt.Errorf("polygon %d ring %d has no area", i, j)
			case j == 0 && area(r) < 0:
				return fmt.Errorf("polygon %d: exterior ring is clockwise (RFC 7946 wants counter-clockwise)", i)
			case j > 0 && area(r) > 0:
				return fmt.Errorf("polygon %d: hole %d is counter-clockwise (RFC 7946 wants clockwise)", i, j)
			}
			for k := 1; k < len(r); k++ {
				if r[k] == r[k-1] {
					return fmt.Errorf("polygon %d ring %d repeats position %d", i, j, k)
				}
			}
		}
	}
	return nil
}

// Size counts the positions of mp.
func Size(mp orb.MultiPolygon) int {
	n := 0
	for _, p := range mp {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

// WebTolerance is the Douglas-Peucker tolerance, in degrees (about 1 km
// north-south), at which boundaries are published as GeoJSON and drawn.
const WebTolerance = 0.01
