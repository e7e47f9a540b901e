package maps

import (
	"cmp"
	"slices"

	"ratingsite/internal/mapsvg"
	"ratingsite/internal/site"
)

// nationalLabels names every region on the national map, with its share
// of practices rated Requires improvement or Inadequate: the figure its
// shade stands for. Larger regions are placed first; a label that would
// cover another moves up or down, and is left out only if it still would.
func (m *Maps) nationalLabels(v mapsvg.View) []mapsvg.Label {
	var ls []mapsvg.Label
	for _, a := range m.byPractices(m.s.Regions) {
		l := mapsvg.Label{Lines: append(mapsvg.Wrap(a.Name, 12), shareFigure(m.f.Of(a)))}
		if o := m.byArea[a]; o != nil {
			p, _ := o.outline.LabelPoint()
			l.X, l.Y = v.XY(p)
		} else if c, ok := m.middle(a); ok {
			l.X, l.Y = v.XY(c)
		} else {
			continue
		}
		ls = append(ls, l)
	}
	placed, _ := nationalLabels.Place(ls, v)
	return placed
}

// areaLabels names the local authorities on a region's map, or on a local
// authority's map the local authority and its neighbours in view: at the
// middle of each boundary, or of its practices where no boundary is
// given. A name much wider than its area, or that would cover another,
// is left out (the area's table names every local authority).
func (m *Maps) areaLabels(a *site.Area, v mapsvg.View) []mapsvg.Label {
	var cands []*site.Area
	if a.Kind == site.RegionKind {
		cands = m.byPractices(a.LocalAuthorities)
	} else {
		cands = append(cands, a)
		vb := v.Bound()
		var near []*site.Area
		for _, la := range m.s.LocalAuthorities {
			if o := m.byArea[la]; la != a && o != nil && o.outline.Bound.Intersects(vb) {
				near = append(near, la)
			}
		}
		cands = append(cands, m.byPractices(near)...)
	}
	var ls []mapsvg.Label
	for _, la := range cands {
		l := mapsvg.Label{Lines: mapsvg.Wrap(la.Name, 14)}
		if o := m.byArea[la]; o != nil {
			p, r := o.outline.LabelPointIn(v.Bound())
			l.X, l.Y = v.XY(p)
			l.Room = r * v.Scale
		} else if c, ok := m.middle(la); ok {
			l.X, l.Y = v.XY(c)
		} else {
			continue
		}
		ls = append(ls, l)
	}
	placed, _ := areaLabels.Place(ls, v)
	return placed
}

// byPractices orders areas by their number of practices, most first, then
// by name: the order labels are placed in.
func (m *Maps) byPractices(as []*site.Area) []*site.Area {
	out := slices.Clone(as)
	slices.SortStableFunc(out, func(x, y *site.Area) int {
		return cmp.Or(cmp.Compare(len(y.Practices), len(x.Practices)), cmp.Compare(x.Name, y.Name))
	})
	return out
}
