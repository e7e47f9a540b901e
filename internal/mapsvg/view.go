package mapsvg

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
)

// Merc projects a [longitude, latitude] point to Web Mercator metres.
func Merc(p orb.Point) orb.Point { return project.WGS84.ToMercator(p) }

// View maps Web Mercator metres to the pixels of one map, north up.
type View struct {
	MinX, MaxY float64 // the Mercator position of the top-left corner
	Scale      float64 // pixels per Mercator metre
	W, H       float64 // the map's size in pixels
}

// Fit returns the view of width w that shows the Mercator bound b with a
// margin of pad pixels, at most maxH pixels high (and at least minH).
func Fit(b orb.Bound, w, minH, maxH, pad float64) View {
	dx, dy := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	if dx <= 0 {
		dx = 1
	}
	if dy <= 0 {
		dy = 1
	}
	s := (w - 2*pad) / dx
	h := dy*s + 2*pad
	if h > maxH {
		h = maxH
		s = math.Min(s, (h-2*pad)/dy)
	}
	h = math.Max(h, minH)
	h = math.Round(h)
	// Centre the bound in the view.
	cx, cy := (b.Min[0]+b.Max[0])/2, (b.Min[1]+b.Max[1])/2
	return View{MinX: cx - w/2/s, MaxY: cy + h/2/s, Scale: s, W: w, H: h}
}

// XY is the pixel position of a Mercator point.
func (v View) XY(m orb.Point) (float64, float64) {
	return (m[0] - v.MinX) * v.Scale, (v.MaxY - m[1]) * v.Scale
}

// Bound is the Mercator bound the view shows.
func (v View) Bound() orb.Bound {
	return orb.Bound{Min: orb.Point{v.MinX, v.MaxY - v.H/v.Scale}, Max: orb.Point{v.MinX + v.W/v.Scale, v.MaxY}}
}

// MercBound is the Mercator bound of [longitude, latitude] points.
func MercBound(pts ...orb.Point) orb.Bound {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, p := range pts {
		b = b.Extend(Merc(p))
	}
	return b
}
