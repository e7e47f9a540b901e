package sample

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// The sample's region boundaries are invented and coarse: a hand-drawn
// outline of England of a few dozen points is cut into a grid of cells,
// each cell goes to the region of the nearest sample town (names.go), and
// the cells of each region are traced into polygons. They only need to
// look like England and to hold the sample's practices; they are not
// derived from any published boundary.

// englandOutline is a rough, hand-drawn outline of England, [lon, lat],
// counter-clockwise from Berwick.
var englandOutline = orb.Ring{
	{-2.03, 55.81}, {-2.7, 55.05}, {-3.05, 54.95}, {-3.45, 54.8}, {-3.6, 54.45},
	{-3.2, 54.1}, {-2.85, 54.1}, {-3.0, 53.75}, {-3.05, 53.4}, {-3.05, 53.25},
	{-2.75, 53.0}, {-3.1, 52.9}, {-3.0, 52.5}, {-3.1, 52.0}, {-2.65, 51.85},
	{-2.7, 51.6}, {-2.95, 51.4}, {-3.4, 51.2}, {-4.2, 51.2}, {-4.5, 50.8},
	{-5.2, 50.3}, {-5.7, 50.05}, {-5.0, 50.0}, {-4.2, 50.35}, {-3.6, 50.25},
	{-3.4, 50.62}, {-2.5, 50.6}, {-1.95, 50.6}, {-1.3, 50.8}, {-0.8, 50.75},
	{0.25, 50.75}, {0.85, 50.95}, {1.35, 51.1}, {1.4, 51.35}, {0.6, 51.5},
	{0.95, 51.75}, {1.4, 51.9}, {1.7, 52.2}, {1.75, 52.65}, {1.3, 52.95},
	{0.5, 52.95}, {0.2, 52.95}, {0.35, 53.2}, {0.15, 53.6}, {-0.1, 54.1},
	{-0.6, 54.5}, {-1.15, 54.6}, {-1.35, 54.7}, {-1.5, 55.1}, {-1.6, 55.6},
	{-2.03, 55.81},
}

// regionCodes are ONS's codes for the nine regions (public identifiers).
var regionCodes = map[string]string{
	"North East": "E12000001", "North West": "E12000002", "Yorkshire and The Humber": "E12000003",
	"East Midlands": "E12000004", "West Midlands": "E12000005", "East of England": "E12000006",
	"London": "E12000007", "South East": "E12000008", "South West": "E12000009",
}

const (
	cellW, cellH = 0.1, 0.075 // degrees of longitude and latitude
	gridLon0     = -5.8
	gridLat0     = 49.9
	gridCols     = 77 // to 1.9° E
	gridRows     = 80 // to 55.9° N
)

// WriteBoundaries writes the sample's invented region boundaries as a
// GeoJSON FeatureCollection with properties "name" and "code".
func WriteBoundaries(w io.Writer) error {
	owner := make([][]int, gridCols) // region index, or -1
	for i := range owner {
		owner[i] = make([]int, gridRows)
		for j := range owner[i] {
			owner[i][j] = -1
			c := orb.Point{gridLon0 + (float64(i)+0.5)*cellW, gridLat0 + (float64(j)+0.5)*cellH}
			if !planar.RingContains(englandOutline, c) {
				continue
			}
			best := math.Inf(1)
			for ri, r := range regions {
				for _, a := range r.areas {
					dx := (a.lon - c[0]) * math.Cos(c[1]*math.Pi/180)
					dy := a.lat - c[1]
					if d := dx*dx + dy*dy; d < best {
						best, owner[i][j] = d, ri
					}
				}
			}
		}
	}
	if _, err := io.WriteString(w, "{\"type\":\"FeatureCollection\",\"features\":[\n"); err != nil {
		return err
	}
	for ri, r := range regions {
		mp := traceRegion(owner, ri)
		f := map[string]any{
			"type":       "Feature",
			"properties": map[string]string{"name": r.name, "code": regionCodes[r.name]},
			"geometry":   map[string]any{"type": "MultiPolygon", "coordinates": mp},
		}
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		sep := ",\n"
		if ri == len(regions)-1 {
			sep = "\n"
		}
		if _, err := fmt.Fprintf(w, "%s%s", b, sep); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]}\n")
	return err
}

type vtx struct{ i, j int }

// traceRegion turns the cells owned by region ri into polygons: every
// cell side with the region on its left and another owner on its right is
// a directed edge, and edges are chained into rings, turning left where
// two rings touch at a corner so that they stay apart.
func traceRegion(owner [][]int, ri int) orb.MultiPolygon {
	in := func(i, j int) bool {
		return i >= 0 && j >= 0 && i < gridCols && j < gridRows && owner[i][j] == ri
	}
	out := map[vtx][]vtx{}
	var starts []vtx
	add := func(a, b vtx) {
		if len(out[a]) == 0 {
			starts = append(starts, a)
		}
		out[a] = append(out[a], b)
	}
	for i := 0; i < gridCols; i++ {
		for j := 0; j < gridRows; j++ {
			if !in(i, j) {
				continue
			}
			if !in(i, j-1) {
				add(vtx{i, j}, vtx{i + 1, j})
			}
			if !in(i+1, j) {
				add(vtx{i + 1, j}, vtx{i + 1, j + 1})
			}
			if !in(i, j+1) {
				add(vtx{i + 1, j + 1}, vtx{i, j + 1})
			}
			if !in(i-1, j) {
				add(vtx{i, j + 1}, vtx{i, j})
			}
		}
	}
	var rings []orb.Ring
	for _, s := range starts {
		for len(out[s]) > 0 {
			var path []vtx
			cur, prev := s, vtx{-1, -1}
			for {
				nexts := out[cur]
				if len(nexts) == 0 {
					break
				}
				k := 0
				if len(nexts) > 1 && prev.i >= 0 {
					k = leftmost(prev, cur, nexts)
				}
				next := nexts[k]
				out[cur] = append(nexts[:k:k], nexts[k+1:]...)
				path = append(path, cur)
				prev, cur = cur, next
				if cur == s {
					break
				}
			}
			rings = append(rings, ringOf(path))
		}
	}
	var mp orb.MultiPolygon
	var holes []orb.Ring
	for _, r := range rings {
		if r.Orientation() == orb.CCW {
			mp = append(mp, orb.Polygon{r})
		} else {
			holes = append(holes, r)
		}
	}
	for _, h := range holes {
		for k := range mp {
			if planar.RingContains(mp[k][0], h[0]) {
				mp[k] = append(mp[k], h)
				break
			}
		}
	}
	sort.SliceStable(mp, func(a, b int) bool { return planar.Area(mp[a]) > planar.Area(mp[b]) })
	return mp
}

// leftmost picks the outgoing edge that turns most to the left.
func leftmost(prev, cur vtx, nexts []vtx) int {
	din := [2]int{cur.i - prev.i, cur.j - prev.j}
	best, score := 0, -3
	for k, n := range nexts {
		d := [2]int{n.i - cur.i, n.j - cur.j}
		cross := din[0]*d[1] - din[1]*d[0] // > 0: left turn
		dot := din[0]*d[0] + din[1]*d[1]
		s := 0
		switch {
		case cross > 0:
			s = 2
		case dot > 0:
			s = 1
		default:
			s = -1
		}
		if s > score {
			best, score = k, s
		}
	}
	return best
}

// ringOf turns a closed path of grid vertices into a ring of [lon, lat]
// positions, without the vertices in the middle of straight runs.
func ringOf(path []vtx) orb.Ring {
	n := len(path)
	var r orb.Ring
	for k, v := range path {
		p, q := path[(k+n-1)%n], path[(k+1)%n]
		if (v.i-p.i)*(q.j-v.j)-(v.j-p.j)*(q.i-v.i) == 0 {
			continue // collinear
		}
		r = append(r, orb.Point{round2(gridLon0 + float64(v.i)*cellW), round3(gridLat0 + float64(v.j)*cellH)})
	}
	return append(r, r[0])
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
