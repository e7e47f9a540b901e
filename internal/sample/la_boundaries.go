package sample

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// The sample's local-authority boundaries are invented like its region
// boundaries (boundaries.go), on a grid four times finer: each fine cell
// keeps the region of the coarse cell it lies in, and goes to the nearest
// sample town of that region, so that the local authorities tile their
// regions exactly. The Isles of Scilly, off the hand-drawn outline, get a
// small invented island. They are not derived from any published
// boundary.

// LocalAuthorityBoundariesFile is the sample's local-authority boundaries,
// under the data directory.
const LocalAuthorityBoundariesFile = "boundaries/local-authorities/local-authorities.geojson"

const laSub = 4 // fine cells per coarse cell, each way

// laGrid is the fine grid: its origin and cell size in degrees, its size,
// and each cell's owner (an index into laAreas, or -1).
type laGrid struct {
	lon0, lat0, cw, ch float64
	cols, rows         int
	owner              [][]int
}

type laArea struct {
	region int
	a      *area
}

// laAreas lists every local authority of the sample, region by region.
func laAreas() []laArea {
	var out []laArea
	for ri := range regions {
		for ai := range regions[ri].areas {
			out = append(out, laArea{ri, &regions[ri].areas[ai]})
		}
	}
	return out
}

// coarseOwners is each coarse cell's region, as WriteBoundaries assigns it.
func coarseOwners() [][]int {
	owner := make([][]int, gridCols)
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
					if d := sqDist(a, c); d < best {
						best, owner[i][j] = d, ri
					}
				}
			}
		}
	}
	return owner
}

func sqDist(a area, c orb.Point) float64 {
	dx := (a.lon - c[0]) * math.Cos(c[1]*math.Pi/180)
	dy := a.lat - c[1]
	return dx*dx + dy*dy
}

func newLAGrid(las []laArea) *laGrid {
	coarse := coarseOwners()
	g := &laGrid{lon0: gridLon0, lat0: gridLat0, cw: cellW / laSub, ch: cellH / laSub, cols: gridCols * laSub, rows: gridRows * laSub}
	g.owner = make([][]int, g.cols)
	for i := range g.owner {
		g.owner[i] = make([]int, g.rows)
		for j := range g.owner[i] {
			g.owner[i][j] = -1
			ri := coarse[i/laSub][j/laSub]
			if ri < 0 {
				continue
			}
			c := orb.Point{g.lon0 + (float64(i)+0.5)*g.cw, g.lat0 + (float64(j)+0.5)*g.ch}
			best := math.Inf(1)
			for k, la := range las {
				if la.region != ri {
					continue
				}
				if d := sqDist(*la.a, c); d < best {
					best, g.owner[i][j] = d, k
				}
			}
		}
	}
	// Every town keeps at least the cell it stands in, when that cell is
	// in its region.
	for k, la := range las {
		i, j := int((la.a.lon-g.lon0)/g.cw), int((la.a.lat-g.lat0)/g.ch)
		if i >= 0 && j >= 0 && i < g.cols && j < g.rows && g.owner[i][j] >= 0 && las[g.owner[i][j]].region == la.region {
			g.owner[i][j] = k
		}
	}
	return g
}

// WriteLocalAuthorityBoundaries writes the sample's invented
// local-authority boundaries as a GeoJSON FeatureCollection with the
// property "name" (as CQC writes the local authority).
func WriteLocalAuthorityBoundaries(w io.Writer) error {
	return writeLocalAuthorityFeatures(w, nil)
}

// writeLocalAuthorityFeatures writes the outlines of the local
// authorities in keep (all of them when keep is nil). The outlines are
// the same whichever are kept: each is traced from the grid of all.
func writeLocalAuthorityFeatures(w io.Writer, keep map[string]bool) error {
	las := laAreas()
	g := newLAGrid(las)
	if _, err := io.WriteString(w, "{\"type\":\"FeatureCollection\",\"features\":[\n"); err != nil {
		return err
	}
	sep := ""
	for k, la := range las {
		if keep != nil && !keep[la.a.la] {
			continue
		}
		mp := g.trace(k)
		if len(mp) == 0 {
			// Off the outline (the Isles of Scilly): a small island.
			x, y := la.a.lon, la.a.lat
			mp = orb.MultiPolygon{{{{x - 0.06, y - 0.04}, {x + 0.06, y - 0.04}, {x + 0.06, y + 0.04}, {x - 0.06, y + 0.04}, {x - 0.06, y - 0.04}}}}
			for _, r := range mp[0] {
				for i := range r {
					r[i] = orb.Point{round3(r[i][0]), round3(r[i][1])}
				}
			}
		}
		f := map[string]any{
			"type":       "Feature",
			"properties": map[string]string{"name": la.a.la},
			"geometry":   map[string]any{"type": "MultiPolygon", "coordinates": mp},
		}
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "%s%s", sep, b); err != nil {
			return err
		}
		sep = ",\n"
	}
	_, err := io.WriteString(w, "\n]}\n")
	return err
}

// trace turns the cells owned by k into polygons, as traceRegion does on
// the coarse grid.
func (g *laGrid) trace(k int) orb.MultiPolygon {
	in := func(i, j int) bool {
		return i >= 0 && j >= 0 && i < g.cols && j < g.rows && g.owner[i][j] == k
	}
	out := map[vtx][]vtx{}
	var starts []vtx
	add := func(a, b vtx) {
		if len(out[a]) == 0 {
			starts = append(starts, a)
		}
		out[a] = append(out[a], b)
	}
	for i := 0; i < g.cols; i++ {
		for j := 0; j < g.rows; j++ {
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
				n := 0
				if len(nexts) > 1 && prev.i >= 0 {
					n = leftmost(prev, cur, nexts)
				}
				next := nexts[n]
				out[cur] = append(nexts[:n:n], nexts[n+1:]...)
				path = append(path, cur)
				prev, cur = cur, next
				if cur == s {
					break
				}
			}
			rings = append(rings, g.ring(path))
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
		for n := range mp {
			if planar.RingContains(mp[n][0], h[0]) {
				mp[n] = append(mp[n], h)
				break
			}
		}
	}
	sort.SliceStable(mp, func(a, b int) bool { return planar.Area(mp[a]) > planar.Area(mp[b]) })
	return mp
}

// ring turns a closed path of fine-grid vertices into [lon, lat]
// positions, without the vertices in the middle of straight runs.
func (g *laGrid) ring(path []vtx) orb.Ring {
	n := len(path)
	var r orb.Ring
	for k, v := range path {
		p, q := path[(k+n-1)%n], path[(k+1)%n]
		if (v.i-p.i)*(q.j-v.j)-(v.j-p.j)*(q.i-v.i) == 0 {
			continue // collinear
		}
		r = append(r, orb.Point{round3(g.lon0 + float64(v.i)*g.cw), round5(g.lat0 + float64(v.j)*g.ch)})
	}
	return append(r, r[0])
}

func round5(f float64) float64 { return math.Round(f*1e5) / 1e5 }

// writeLocalAuthorityBoundaries writes LocalAuthorityBoundariesFile under
// dir, with the outlines of the local authorities in las: the sample's
// practices' ones, so that no outline matches nothing and the sample
// builds without warnings however few practices it has.
func writeLocalAuthorityBoundaries(dir string, las map[string]bool, total *int64) error {
	path := filepath.Join(dir, filepath.FromSlash(LocalAuthorityBoundariesFile))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeFile(path, total, func(w io.Writer) error { return writeLocalAuthorityFeatures(w, las) })
}
