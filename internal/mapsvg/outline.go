package mapsvg

import (
	"math"
	"strconv"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"
)

// Outline is a region's boundary, projected to Web Mercator once.
type Outline struct {
	Merc  orb.MultiPolygon
	Bound orb.Bound

	// The label point (labels.go), found on first use.
	labelOnce sync.Once
	label     orb.Point
	labelR    float64
}

// NewOutline projects a [longitude, latitude] multipolygon.
func NewOutline(mp orb.MultiPolygon) *Outline {
	o := &Outline{Merc: make(orb.MultiPolygon, len(mp))}
	for i, poly := range mp {
		o.Merc[i] = make(orb.Polygon, len(poly))
		for j, r := range poly {
			m := make(orb.Ring, len(r))
			for k, p := range r {
				m[k] = Merc(p)
			}
			o.Merc[i][j] = m
		}
	}
	o.Bound = o.Merc.Bound()
	return o
}

// AppendPath appends an SVG path's d attribute for the whole outline in
// view v, simplified so that no point moves more than tol pixels.
func (o *Outline) AppendPath(b []byte, v View, tol float64) []byte {
	s := simplify.DouglasPeucker(tol / v.Scale)
	for _, poly := range o.Merc {
		for _, r := range poly {
			r = s.Simplify(r.Clone()).(orb.Ring)
			if len(r) < 4 {
				continue
			}
			b = appendRing(b, v, r)
		}
	}
	return b
}

// AppendClippedLines appends the outline's edges inside view v (plus a
// margin) as open lines, unsimplified: for small maps of a few miles,
// drawn as lines on a plain ground, so that a cut polygon never needs
// closing along the view's edge. It costs a bound test per ring, and a
// clip only of the rings the view crosses.
func (o *Outline) AppendClippedLines(b []byte, v View) []byte {
	vb := v.Bound().Pad(4 / v.Scale)
	if !o.Bound.Intersects(vb) {
		return b
	}
	for _, poly := range o.Merc {
		if !poly[0].Bound().Intersects(vb) {
			continue
		}
		for _, r := range poly {
			if !r.Bound().Intersects(vb) {
				continue
			}
			for _, ls := range clip.LineString(vb, orb.LineString(r)) {
				if len(ls) >= 2 {
					b = appendLine(b, v, ls, false)
				}
			}
		}
	}
	return b
}

// appendRing writes one ring as "M x y x y … Z" with one decimal, leaving
// out points that round to the one before.
func appendRing(b []byte, v View, r orb.Ring) []byte {
	return appendLine(b, v, orb.LineString(r[:len(r)-1]), true)
}

func appendLine(b []byte, v View, r orb.LineString, closed bool) []byte {
	b = append(b, 'M')
	lx, ly := math.NaN(), math.NaN()
	n := 0
	for _, p := range r {
		x, y := v.XY(p)
		x, y = math.Round(x*10)/10, math.Round(y*10)/10
		if x == lx && y == ly {
			continue
		}
		if n > 0 && x >= 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, x)
		if y >= 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, y)
		lx, ly = x, y
		n++
	}
	if closed {
		b = append(b, 'Z')
	}
	return b
}

// appendNum writes a number with at most one decimal and no leading zero
// or trailing ".0".
func appendNum(b []byte, f float64) []byte {
	f = math.Round(f*10) / 10
	if f == 0 {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}
