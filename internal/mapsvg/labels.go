package mapsvg

import (
	"html"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
)

// LabelPoint is where a label for the outline goes: a point inside its
// largest polygon, about as far from every edge as can be (a coarse
// search for the pole of inaccessibility), and that distance, in
// Mercator metres. It is computed once per outline and kept.
func (o *Outline) LabelPoint() (orb.Point, float64) {
	o.labelOnce.Do(func() { o.label, o.labelR = labelPoint(o.Merc) })
	return o.label, o.labelR
}

func labelPoint(mp orb.MultiPolygon) (orb.Point, float64) {
	var best orb.Polygon
	bestA := -1.0
	for _, p := range mp {
		if a := math.Abs(planar.Area(p)); a > bestA {
			best, bestA = p, a
		}
	}
	if best == nil {
		return orb.Point{}, 0
	}
	b := best.Bound()
	// The search needs only the shape: a polygon of a few dozen edges.
	tol := math.Max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) / 200
	s := simplify.DouglasPeucker(tol)
	var poly orb.Polygon
	for _, r := range best {
		r2 := s.Simplify(r.Clone()).(orb.Ring)
		if len(r2) >= 4 {
			poly = append(poly, r2)
		}
	}
	if len(poly) == 0 {
		return b.Center(), 0
	}
	dist := func(p orb.Point) float64 {
		if !planar.PolygonContains(poly, p) {
			return -1
		}
		d := math.Inf(1)
		for _, r := range poly {
			for i := 1; i < len(r); i++ {
				d = math.Min(d, segDist(p, r[i-1], r[i]))
			}
		}
		return d
	}
	at, far := b.Center(), dist(b.Center())
	const n = 16
	w, h := (b.Max[0]-b.Min[0])/n, (b.Max[1]-b.Min[1])/n
	for i := range n {
		for j := range n {
			p := orb.Point{b.Min[0] + (float64(i)+0.5)*w, b.Min[1] + (float64(j)+0.5)*h}
			if d := dist(p); d > far {
				at, far = p, d
			}
		}
	}
	// Refine around the best cell.
	for range 2 {
		w, h = w/4, h/4
		c := at
		for i := -4; i <= 4; i++ {
			for j := -4; j <= 4; j++ {
				p := orb.Point{c[0] + float64(i)*w, c[1] + float64(j)*h}
				if d := dist(p); d > far {
					at, far = p, d
				}
			}
		}
	}
	return at, math.Max(far, 0)
}

// segDist is the distance from p to the segment a–b.
func segDist(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := dx*dx + dy*dy
	t := 0.0
	if l > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

// Label is a place name on a map.
type Label struct {
	// X, Y are the label's centre, in pixels of the view.
	X, Y float64
	// Lines are the label's lines: the name, wrapped, and any figure.
	Lines []string
	// Room is the distance in pixels from the centre to the nearest edge
	// of the area it names; 0 when it has no outline (a label then goes
	// wherever it does not cover another).
	Room float64
	// Set by Place: the point the label names (AX, AY) and, when the label
	// was moved off it, a leader line from there to the label's edge (BX,
	// BY).
	AX, AY, BX, BY float64
	Leader         bool
}

// LabelStyle sets the size of a map's labels, in the map's pixels: a map
// 600 pixels wide shows at about 343 CSS pixels on a 375-pixel phone, so
// 22 stays above 12 CSS pixels there.
type LabelStyle struct {
	Size float64
	// Fit, when true, leaves out a label much wider than its area's room.
	Fit bool
}

// charWidth is a generous mean advance of a sans-serif character at
// weight 600, in ems: labels are placed by estimated size.
const charWidth = 0.64

// Wrap splits a name of more than max characters into two lines at the
// space nearest its middle: "Yorkshire and / The Humber".
func Wrap(name string, max int) []string {
	if len(name) <= max {
		return []string{name}
	}
	mid, at := len(name)/2, -1
	for i, r := range name {
		if r == ' ' && (at < 0 || abs(i-mid) < abs(at-mid)) {
			at = i
		}
	}
	if at < 0 {
		return []string{name}
	}
	return []string{name[:at], name[at+1:]}
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// box is a label's rectangle in pixels.
type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

func (st LabelStyle) box(l Label, dy float64) box {
	w := 0.0
	for _, s := range l.Lines {
		w = math.Max(w, float64(len([]rune(s)))*charWidth*st.Size)
	}
	h := float64(len(l.Lines)) * st.Size * 1.15
	return box{l.X - w/2, l.Y + dy - h/2, l.X + w/2, l.Y + dy + h/2}
}

// Place picks the labels that can be shown, in order of priority (the
// first ones first), each where it covers no label already placed and
// stays inside the view: at its point, or moved up or down by up to a
// line; without Fit, also further out around its point in eight
// directions (up to twice its size away), with a leader line back to the
// point. With Fit, a label much wider than its area is left out. It
// returns the labels placed, moved to where they go, and how many were
// left out.
func (st LabelStyle) Place(labels []Label, v View) (placed []Label, left int) {
	var taken []box
	for _, l := range labels {
		b0 := st.box(l, 0)
		hw, hh := (b0.x1-b0.x0)/2, (b0.y1-b0.y0)/2
		if st.Fit && l.Room > 0 && (hw > 2.4*l.Room || hh > 1.6*l.Room) {
			left++
			continue
		}
		cands := [][2]float64{{0, 0}, {0, -0.6 * st.Size}, {0, 0.6 * st.Size}, {0, -1.2 * st.Size}, {0, 1.2 * st.Size}}
		if !st.Fit {
			for _, k := range []float64{1.1, 1.6, 2.2} {
				for _, d := range [][2]float64{{1, 0}, {-1, 0}, {0, -1}, {0, 1}, {1, -1}, {-1, -1}, {1, 1}, {-1, 1}} {
					cands = append(cands, [2]float64{d[0] * k * hw, d[1] * k * hh})
				}
			}
		}
		ok := false
		for _, c := range cands {
			b := box{b0.x0 + c[0], b0.y0 + c[1], b0.x1 + c[0], b0.y1 + c[1]}
			if b.x0 < 2 || b.y0 < 2 || b.x1 > v.W-2 || b.y1 > v.H-2 {
				continue
			}
			clash := false
			for _, t := range taken {
				if b.overlaps(t) {
					clash = true
					break
				}
			}
			if clash {
				continue
			}
			taken = append(taken, b)
			l.AX, l.AY = l.X, l.Y
			l.X, l.Y = l.X+c[0], l.Y+c[1]
			// A leader when the point is outside the moved label.
			l.Leader = l.AX < b.x0 || l.AX > b.x1 || l.AY < b.y0 || l.AY > b.y1
			if l.Leader {
				l.BX, l.BY = math.Max(b.x0, math.Min(l.AX, b.x1)), math.Max(b.y0, math.Min(l.AY, b.y1))
			}
			placed = append(placed, l)
			ok = true
			break
		}
		if !ok {
			left++
		}
	}
	return placed, left
}

// LabelsOpen starts a map's group of labels: hidden from assistive
// technology, since every area's link or title already names it, and
// styled by the site's stylesheet (a light halo under dark text, and no
// pointer events, so that a label never blocks the area under it).
const LabelsOpen = `<g class="map-labels" aria-hidden="true" text-anchor="middle" font-size="`

// AppendLabels writes labels as SVG text, escaped, each line a <tspan>.
func (st LabelStyle) AppendLabels(b []byte, labels []Label) []byte {
	if len(labels) == 0 {
		return b
	}
	b = append(b, LabelsOpen...)
	b = appendNum(b, st.Size)
	b = append(b, `">`...)
	for _, l := range labels {
		if l.Leader {
			b = append(b, `<path class="map-leader" d="M`...)
			b = appendNum(b, l.AX)
			b = append(b, ' ')
			b = appendNum(b, l.AY)
			b = append(b, 'L')
			b = appendNum(b, l.BX)
			b = append(b, ' ')
			b = appendNum(b, l.BY)
			b = append(b, `"/>`...)
		}
		n := float64(len(l.Lines))
		// The first baseline, so that the lines centre on Y.
		y := l.Y - (n-1)*st.Size*1.15/2 + st.Size*0.35
		b = append(b, `<text x="`...)
		b = appendNum(b, l.X)
		b = append(b, `" y="`...)
		b = appendNum(b, y)
		b = append(b, `">`...)
		for i, s := range l.Lines {
			if i == 0 {
				b = append(b, `<tspan>`...)
			} else {
				b = append(b, `<tspan x="`...)
				b = appendNum(b, l.X)
				b = append(b, `" dy="1.15em">`...)
			}
			b = append(b, html.EscapeString(dropControls(strings.TrimSpace(s)))...)
			b = append(b, `</tspan>`...)
		}
		b = append(b, `</text>`...)
	}
	return append(b, `</g>`...)
}

// LabelPointIn is LabelPoint for the part of the outline inside bound b:
// for a neighbour that a map shows only in part. It is not kept.
func (o *Outline) LabelPointIn(b orb.Bound) (orb.Point, float64) {
	if b.Contains(o.Bound.Min) && b.Contains(o.Bound.Max) {
		return o.LabelPoint()
	}
	return labelPoint(clip.MultiPolygon(b, o.Merc.Clone()))
}
