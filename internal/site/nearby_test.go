package site

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// haversineMiles is the great-circle distance, written out here rather than
// taken from orb, so the test checks the package against an independent sum.
func haversineMiles(a, b orb.Point) float64 {
	const earthMiles = 6378137.0 / 1609.344 // orb's earth radius, in miles
	rad := math.Pi / 180
	dLat, dLon := (b[1]-a[1])*rad, (b[0]-a[0])*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a[1]*rad)*math.Cos(b[1]*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthMiles * math.Asin(math.Sqrt(h))
}

func placedSite(t *testing.T, pts []orb.Point) *Site {
	t.Helper()
	var in Input
	for i, pt := range pts {
		l := gp(fmt.Sprintf("1-%d", i+1), fmt.Sprintf("Practice %03d", i), rating.Good, "2025-01-01")
		l.HasCoords, l.Lon, l.Lat = true, pt[0], pt[1]
		in.Ratings = append(in.Ratings, l)
	}
	var problems diag.List
	s := New(in, &problems)
	if problems.HasErrors() {
		t.Fatal(problems.Err())
	}
	return s
}

func TestNearbyKnownDistances(t *testing.T) {
	// Oldham, Manchester, Leeds and London.
	pts := []orb.Point{{-2.1180, 53.5409}, {-2.2426, 53.4808}, {-1.5491, 53.8008}, {-0.1276, 51.5072}}
	s := placedSite(t, pts)
	oldham, _ := s.Practice("1-1")
	got := oldham.Nearby
	if len(got) != 3 {
		t.Fatalf("Oldham has %d neighbours, want 3 (all the others)", len(got))
	}
	wantIDs := []string{"1-2", "1-3", "1-4"}
	wantMiles := []float64{haversineMiles(pts[0], pts[1]), haversineMiles(pts[0], pts[2]), haversineMiles(pts[0], pts[3])}
	if wantMiles[0] < 6 || wantMiles[0] > 7 || wantMiles[2] < 160 || wantMiles[2] > 166 {
		t.Fatalf("the test's own distances are off: %v", wantMiles)
	}
	for i, n := range got {
		if n.ID != wantIDs[i] {
			t.Errorf("neighbour %d is %s, want %s", i, n.ID, wantIDs[i])
		}
		if math.Abs(n.Miles-wantMiles[i]) > 0.01 {
			t.Errorf("neighbour %s is %.3f miles away, want %.3f", n.ID, n.Miles, wantMiles[i])
		}
		if n.Practice == oldham {
			t.Error("a practice is its own neighbour")
		}
	}
}

func TestNearbyMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	pts := make([]orb.Point, 2000)
	for i := range pts {
		// England's extent: Cornwall to Northumberland, Norfolk to Cumbria.
		pts[i] = orb.Point{-5.7 + r.Float64()*7.5, 49.9 + r.Float64()*5.9}
	}
	s := placedSite(t, pts)
	for i := 0; i < 200; i++ {
		q := orb.Point{-5.7 + r.Float64()*7.5, 49.9 + r.Float64()*5.9}
		got := s.Nearest(q, 10, nil)
		best := make([]float64, 0, len(pts))
		for _, pt := range pts {
			best = append(best, haversineMiles(q, pt))
		}
		// The k-th smallest distance by brute force.
		for k := range 10 {
			min := math.Inf(1)
			at := -1
			for j, d := range best {
				if d < min {
					min, at = d, j
				}
			}
			best[at] = math.Inf(1)
			if math.Abs(got[k].Miles-min) > 1e-3 {
				t.Fatalf("query %v: neighbour %d is %.4f miles away, brute force says %.4f", q, k, got[k].Miles, min)
			}
		}
	}
}

func TestNearbyUnplacedAndEmpty(t *testing.T) {
	s := placedSite(t, []orb.Point{{-2.1, 53.5}})
	p, _ := s.Practice("1-1")
	if len(p.Nearby) != 0 {
		t.Errorf("a lone practice has neighbours: %v", p.Nearby)
	}
	if got := s.Nearest(orb.Point{-2, 53}, 0, nil); got != nil {
		t.Errorf("k=0 gave %v", got)
	}
	var empty Site
	if got := empty.Nearest(orb.Point{-2, 53}, 5, nil); got != nil {
		t.Errorf("an empty site gave %v", got)
	}
}
