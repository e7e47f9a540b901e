package pipeline

import (
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSearchOutputs builds the sample and checks the search pages and
// index against the practice JSON files and data/postcodes.csv, read here
// independently of the build's readers.
func TestSearchOutputs(t *testing.T) {
	out, res := buildSample(t, "https://example.org/")
	type practice struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		Location *struct {
			Latitude  float64 `json:"latitude"`
			Longitude float64 `json:"longitude"`
		} `json:"location"`
		Region struct{ Slug string } `json:"region"`
		LA     struct{ Slug string } `json:"localAuthority"`
		// Closed practices keep their JSON but are not searched.
		Status string `json:"status"`
	}
	files, _ := fs.Glob(out, "practices/*.json")
	var ps []practice
	for _, f := range files {
		b, err := fs.ReadFile(out, f)
		if err != nil {
			t.Fatal(err)
		}
		var p practice
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		if p.Status != "current" {
			continue
		}
		ps = append(ps, p)
	}
	if len(ps) != res.Practices {
		t.Fatalf("%d practice JSON files, %d practices", len(ps), res.Practices)
	}

	// The A–Z pages list every practice once.
	link := regexp.MustCompile(`href="?/practices/([^/"]+)/"?`)
	az, _ := fs.Glob(out, "search/*/index.html")
	more, _ := fs.Glob(out, "search/*/*/index.html")
	seen := map[string]int{}
	for _, f := range append(az, more...) {
		b, _ := fs.ReadFile(out, f)
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]]++
		}
	}
	for _, p := range ps {
		if seen[p.ID] != 1 {
			t.Errorf("%s is listed %d times on the A–Z pages", p.ID, seen[p.ID])
		}
	}
	// /search/ links to every region and local authority, and every letter.
	page, err := fs.ReadFile(out, "search/index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		for _, want := range []string{"/regions/" + p.Region.Slug + "/", "/local-authorities/" + p.LA.Slug + "/"} {
			if !strings.Contains(string(page), want) {
				t.Errorf("/search/ does not link to %s", want)
			}
		}
	}
	// Every letter with practices is a link; a letter without is not.
	for _, f := range az {
		letter := path.Base(path.Dir(f))
		if letter == "index" {
			continue
		}
		b, _ := fs.ReadFile(out, f)
		listed := link.Match(b)
		if linked := strings.Contains(string(page), "/search/"+letter+"/"); linked != listed {
			t.Errorf("/search/: the A–Z page %s is linked %v, lists practices %v", letter, linked, listed)
		}
	}
	// Every page's header has the search form, a GET form to /search/.
	home, _ := fs.ReadFile(out, "index.html")
	if !regexp.MustCompile(`<form class="search-form site-search" role="search" action="/search/"`).Match(home) {
		t.Error("the home page has no search form to /search/")
	}

	// The index counts every practice, and publishes only postcodes.csv's
	// centroids.
	var meta struct{ N int }
	b, _ := fs.ReadFile(out, "search/index/meta.json")
	if err := json.Unmarshal(b, &meta); err != nil || meta.N != len(ps) {
		t.Errorf("meta.json counts %d practices (%v), want %d", meta.N, err, len(ps))
	}
	f, err := os.Open(filepath.Join(repoRoot(t), "data", "postcodes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	csvPoints := map[string][2]float64{}
	for _, r := range rows[1:] {
		lat, _ := strconv.ParseFloat(r[1], 64)
		lon, _ := strconv.ParseFloat(r[2], 64)
		csvPoints[strings.ReplaceAll(strings.ToUpper(r[0]), " ", "")] = [2]float64{lat, lon}
	}
	sectors, _ := fs.Glob(out, "search/index/p/*-*.json")
	published := 0
	for _, sf := range sectors {
		outward, _, _ := strings.Cut(path.Base(sf), "-")
		var m map[string][2]float64
		b, _ := fs.ReadFile(out, sf)
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for in, ll := range m {
			want, ok := csvPoints[outward+in]
			if !ok || math.Abs(want[0]-ll[0]) > 6e-6 || math.Abs(want[1]-ll[1]) > 6e-6 {
				t.Errorf("%s %s: published %v, postcodes.csv has %v (%v)", outward, in, ll, want, ok)
			}
			published++
		}
	}
	full := 0
	for k := range csvPoints {
		if len(k) >= 5 {
			full++
		}
	}
	if published != full {
		t.Errorf("published %d full postcodes; postcodes.csv has %d", published, full)
	}

	// Each placed practice's page lists its 5 nearest, nearest first, as a
	// brute-force search over the practices' JSON coordinates finds them.
	miles := func(a, b practice) float64 {
		rad := math.Pi / 180
		la1, lo1, la2, lo2 := a.Location.Latitude*rad, a.Location.Longitude*rad, b.Location.Latitude*rad, b.Location.Longitude*rad
		h := math.Pow(math.Sin((la2-la1)/2), 2) + math.Cos(la1)*math.Cos(la2)*math.Pow(math.Sin((lo2-lo1)/2), 2)
		return 2 * 6378137 / 1609.344 * math.Asin(math.Sqrt(h))
	}
	section := regexp.MustCompile(`(?s)<h2 id="?nearby"?>Nearby practices</h2>(.*?)</section>`)
	checked := 0
	for i, p := range ps {
		if p.Location == nil || i%7 != 0 {
			continue
		}
		var others []practice
		for _, o := range ps {
			if o.ID != p.ID && o.Location != nil {
				others = append(others, o)
			}
		}
		slices.SortStableFunc(others, func(a, b practice) int {
			da, db := miles(p, a), miles(p, b)
			if math.Abs(da-db) < 1e-9 {
				return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
			}
			if da < db {
				return -1
			}
			return 1
		})
		b, _ := fs.ReadFile(out, path.Join("practices", p.ID, "index.html"))
		m := section.FindSubmatch(b)
		if m == nil {
			t.Errorf("%s: no Nearby practices section", p.ID)
			continue
		}
		var got []string
		for _, l := range link.FindAllSubmatch(m[1], -1) {
			got = append(got, string(l[1]))
		}
		for j := range 5 {
			if j >= len(got) || got[j] != others[j].ID && math.Abs(miles(p, others[j])-miles(p, ps[slices.IndexFunc(ps, func(x practice) bool { return x.ID == got[j] })])) > 1e-6 {
				t.Errorf("%s: nearby %v, want %s… at %d", p.ID, got, others[j].ID, j)
				break
			}
			label := strconv.FormatFloat(miles(p, others[j]), 'f', 1, 64) + " miles away"
			if miles(p, others[j]) < 0.05 {
				label = "under 0.1 miles away"
			}
			if !strings.Contains(string(m[1]), label) {
				t.Errorf("%s: nearby section lacks %q", p.ID, label)
			}
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("checked only %d practices' nearby lists", checked)
	}
}
