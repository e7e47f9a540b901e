package encode_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/ratings"
	"ratingsite/internal/diag"
	"ratingsite/internal/encode"
	"ratingsite/internal/geo"
	"ratingsite/internal/sample"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

// sampleSite builds the model of `ratingsite sample -n n`.
func sampleSite(t testing.TB, n int) *site.Site {
	t.Helper()
	opt := sample.Options{Practices: n, Seed: 1, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	var csv, pcs bytes.Buffer
	if err := sample.WriteRatingsCSV(&csv, opt); err != nil {
		t.Fatal(err)
	}
	if err := sample.WritePostcodes(&pcs, opt); err != nil {
		t.Fatal(err)
	}
	var problems diag.List
	in := site.Input{Categories: []string{cqc.GPPractices}}
	in.Ratings = ratings.ReadCSV(&csv, "ratings.csv", ratings.Options{Categories: in.Categories}, &problems)
	in.Postcodes = geo.ReadPostcodes(&pcs, "postcodes.csv", &problems)
	s := site.New(in, &problems)
	if problems.HasErrors() {
		t.Fatal(problems.Err())
	}
	return s
}

// MaxNationalGeoJSON is the budget for /map/practices.geojson at
// 7,500 practices.
const MaxNationalGeoJSON = 1_500_000

// TestNationalGeoJSONSize: the national GeoJSON of the 7,500-practice
// sample, built for a base URL longer than most, fits the budget.
func TestNationalGeoJSONSize(t *testing.T) {
	s := sampleSite(t, 7500)
	base, err := urls.Parse("https://gp-ratings.example.org.uk/ratings/")
	if err != nil {
		t.Fatal(err)
	}
	b := encode.PracticesGeoJSON(base, s.Practices)
	placed := 0
	for _, p := range s.Practices {
		if p.HasPoint() {
			placed++
		}
	}
	t.Logf("%d practices, %d placed: %d bytes, %.0f per feature", len(s.Practices), placed, len(b), float64(len(b))/float64(placed))
	if len(b) > MaxNationalGeoJSON {
		t.Errorf("%d bytes, over the budget of %d", len(b), MaxNationalGeoJSON)
	}
}

// TestGeoJSONPropertiesRead: every feature of the practices GeoJSON has
// exactly encode.PracticeProperties; every property a script under
// assets/ reads from a feature is one of them; and docs/maps.md lists
// exactly them.
func TestGeoJSONPropertiesRead(t *testing.T) {
	s := sampleSite(t, 300)
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(encode.PracticesGeoJSON(urls.MustParse("https://example.org/"), s.Practices), &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) < 250 {
		t.Fatalf("%d features", len(fc.Features))
	}
	want := slices.Clone(encode.PracticeProperties)
	slices.Sort(want)
	for _, f := range fc.Features {
		got := slices.Sorted(maps.Keys(f.Properties))
		if !slices.Equal(got, want) {
			t.Fatalf("feature properties %v, want %v", got, want)
		}
		if id, _ := f.Properties["id"].(string); id == "" {
			t.Errorf("feature without an id: %v", f.Properties)
		}
	}

	// Reads such as f.properties.name or properties["overall"] are looked
	// for in every script.
	read := regexp.MustCompile(`properties\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*["']([^"']+)["']\s*\])`)
	scripts, _ := filepath.Glob(filepath.Join("..", "..", "assets", "*.js"))
	if len(scripts) == 0 {
		t.Fatal("no scripts in assets/")
	}
	reads := 0
	for _, f := range scripts {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range read.FindAllStringSubmatch(string(b), -1) {
			reads++
			if p := m[1] + m[2]; !slices.Contains(encode.PracticeProperties, p) {
				t.Errorf("%s reads the property %q, which the practices GeoJSON does not have", f, p)
			}
		}
	}
	t.Logf("%d scripts read %d feature properties", len(scripts), reads)

	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "maps.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(doc), "## `/map/practices.geojson`")
	section, _, _ = strings.Cut(section, "The collection itself")
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-zA-Z-]+)` \\|").FindAllStringSubmatch(section, -1) {
		documented = append(documented, m[1])
	}
	slices.Sort(documented)
	if !slices.Equal(documented, want) {
		t.Errorf("docs/maps.md lists the properties %v, the GeoJSON has %v", documented, want)
	}
}
