package boundary

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"ratingsite/internal/diag"
)

const square = `[[[-1,52],[0,52],[0,53],[-1,53],[-1,52]]]`

func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + "\n" + strings.Join(features, ",\n") + "\n]}"
}

func feat(props, geomType, coords string) string {
	return `{"type":"Feature","properties":` + props + `,"geometry":{"type":"` + geomType + `","coordinates":` + coords + `}}`
}

func TestReadProblems(t *testing.T) {
	tests := []struct {
		name, data  string
		errs, warns []string // substrings, in order
		n           int
	}{
		{"good", fc(feat(`{"rgn19nm":"London","rgn19cd":"E12000007"}`, "Polygon", square)), nil, nil, 1},
		{"not json", "{\"type\":\"FeatureCollection\",\n\"features\":[}", []string{"r.geojson:2: not valid JSON: column 13"}, nil, 0},
		{"not geojson", `{"type":"Topology"}`, []string{`r.geojson:1: field "type": GeoJSON type "Topology"`}, nil, 0},
		{"swapped", fc(feat(`{"name":"London"}`, "Polygon", `[[[52,-1],[52,0],[53,0],[53,-1],[52,-1]]]`)),
			[]string{`r.geojson:2: field "coordinates": feature 1 ("London"): coordinates are in [latitude, longitude] order`}, nil, 0},
		{"projected", fc(feat(`{"name":"London"}`, "Polygon", `[[[530000,180000],[531000,180000],[531000,181000],[530000,180000]]]`)),
			[]string{`feature 1 ("London"): coordinates out of range`}, nil, 0},
		{"outside", fc(feat(`{"name":"Paris"}`, "Polygon", `[[[2,46],[3,46],[3,47],[2,46]]]`)),
			nil, []string{`r.geojson:2: warning: field "coordinates": feature 1 ("Paris") lies outside the UK`}, 0},
		{"point", fc(feat(`{"name":"London"}`, "Point", `[-1,52]`), feat(`{"name":"Kent"}`, "Polygon", square)),
			nil, []string{`feature 1 ("London"): geometry is Point, not a polygon`}, 1},
		{"one position swapped", fc(feat(`{"name":"London"}`, "Polygon", `[[[-1,52],[0,52],[53,0],[-1,53],[-1,52]]]`)),
			[]string{`feature 1 ("London"): 1 of its 5 positions are in [latitude, longitude] order; the first, polygon 1, ring 1, position 3 is [53, 0]`}, nil, 0},
		{"nested deep", `{"type":"FeatureCollection","features":[` + "\n" + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "]}",
			[]string{"r.geojson:2: column 31: JSON nested more than 32 deep"}, nil, 0},
		{"bad geometry", fc(`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":"x"}}`),
			[]string{"not valid GeoJSON"}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l diag.List
			got := Read([]byte(tt.data), "r.geojson", &l)
			if len(got) != tt.n {
				t.Errorf("%d features, want %d", len(got), tt.n)
			}
			check := func(kind string, ps []diag.Problem, want []string) {
				if len(ps) != len(want) {
					t.Errorf("%s: got %v, want %d", kind, ps, len(want))
					return
				}
				for i, w := range want {
					if !strings.Contains(ps[i].String(), w) {
						t.Errorf("%s %d: %q lacks %q", kind, i, ps[i].String(), w)
					}
				}
			}
			check("errors", l.Errors(), tt.errs)
			check("warnings", l.Warnings(), tt.warns)
		})
	}
}

func TestMatch(t *testing.T) {
	data := fc(
		feat(`{"rgn19nm":"East of England","rgn19cd":"E12000006"}`, "Polygon", square),
		feat(`{"NAME":"YORKSHIRE & THE HUMBER"}`, "Polygon", square),
		feat(`{"code":"E12000007","name":"Whatever"}`, "Polygon", square),
		feat(`{"rgn19nm":"Wales","rgn19cd":"W92000004"}`, "Polygon", square),
		feat(`{"name":"Atlantis"}`, "Polygon", square),
		feat(`{"rgn19cd":"E12000009","rgn19nm":"South West"}`, "Polygon", square),
	)
	var l diag.List
	fs := Read([]byte(data), "b.geojson", &l)
	m := Match(fs, []string{"East", "Yorkshire and The Humber", "London", "North West"}, &l)
	for r, idx := range map[string]int{"East": 0, "Yorkshire and The Humber": 1, "London": 2} {
		if f := m[r]; f == nil || f.Index != idx {
			t.Errorf("%s: got %v, want feature %d", r, f, idx)
		}
	}
	if len(m) != 3 {
		t.Errorf("%d matches, want 3", len(m))
	}
	w := l.Warnings()
	all := fmt.Sprint(w)
	if len(w) != 2 || !strings.Contains(all, `b.geojson:6: warning: field "properties": feature 5 ("Atlantis") matches no region`) ||
		!strings.Contains(all, `b.geojson: warning: no boundary for the region "North West"`) {
		t.Errorf("warnings: %v", w)
	}
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{
		"Yorkshire and The Humber": "yorkshire and the humber",
		"  The  North-East ":       "north east",
		"Yorkshire & the Humber":   "yorkshire and the humber",
	} {
		if got := Normalise(in); got != want {
			t.Errorf("Normalise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSimplifyKeepsRingsValid(t *testing.T) {
	// A clockwise exterior with a spike, a repeated point and a hole that
	// collapses at this tolerance, and a tiny polygon that vanishes.
	mp := orb.MultiPolygon{
		{
			{{0, 0}, {0, 10}, {5, 10}, {5, 10}, {5, 12}, {5, 10}, {10, 10}, {10, 0}, {0, 0}},
			{{4, 4}, {4.1, 4}, {4.1, 4.1}, {4, 4}},
			{{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}},
		},
		{{{20, 20}, {20.01, 20}, {20.01, 20.01}, {20, 20}}},
	}
	got := Simplify(mp, 0.5)
	if err := Valid(got); err != nil {
		t.Fatalf("%v: %v", got, err)
	}
	if len(got) != 1 || len(got[0]) != 2 {
		t.Fatalf("got %v, want one polygon with one hole", got)
	}
	if Size(got) >= Size(mp) {
		t.Errorf("not simplified: %d positions of %d", Size(got), Size(mp))
	}
	for _, bad := range []orb.MultiPolygon{
		{{{{0, 0}, {1, 0}, {0, 0}}}},
		{{{{0, 0}, {0, 1}, {1, 1}, {0, 0}}}},
		{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}},
		{{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}},
	} {
		if Valid(bad) == nil {
			t.Errorf("Valid(%v) = nil, want an error", bad)
		}
	}
}

// TestReadLimits: a file over the positions limit is refused before it is
// decoded, quickly and without allocating in proportion to it.
func TestReadLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"London"},"geometry":{"type":"Polygon","coordinates":[[`)
	for i := range MaxPoints + 10 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[-1.%d,52.5]", i%1000)
	}
	b.WriteString(`]]}}]}`)
	data := []byte(b.String())
	var l diag.List
	var got []*Feature
	alloc := testing.AllocsPerRun(1, func() { got = Read(data, "r.geojson", &l) })
	errs := l.Errors()
	if len(got) != 0 || len(errs) == 0 || !strings.Contains(errs[0].String(), fmt.Sprintf("over the limit of %d for a boundary file", MaxPoints)) {
		t.Errorf("features %d, errors %v", len(got), errs)
	}
	if alloc > 100 {
		t.Errorf("%v allocations to refuse it", alloc)
	}
	l = diag.List{}
	if Read(make([]byte, MaxBytes+1), "big.geojson", &l); !strings.Contains(l.Errors()[0].String(), "over the limit of 64 MB") {
		t.Errorf("a file over MaxBytes: %v", l.Errors())
	}
}
