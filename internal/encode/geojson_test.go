package encode

import (
	"encoding/json"
	"ratingsite/internal/figures"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"testing"

	"github.com/paulmach/orb"
)

// TestAppendJSONString writes what encoding/json writes.
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote\back`, "a\nb\r\tc\x01", "<script>&amp;", "St John's – Café", "line\u2028sep\u2029", "bad\xffbyte", "ok\ufffd"} {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestPracticesGeoJSON(t *testing.T) {
	placed := testPractice("1-1", `A & "B" <C>`)
	unplaced := testPractice("1-2", "Unplaced")
	unplaced.Placed = 0
	unrated := testPractice("1-3", "Unrated")
	unrated.Ratings = rating.Grid{}
	far := testPractice("1-4", "Far")
	far.Point = orb.Point{-2.1234567, 53.0000049}
	far.Ratings = rating.Grid{}
	far.Ratings[rating.Whole][rating.Overall] = rating.Cell{Value: rating.Good}
	const head = `{"type":"FeatureCollection","practiceURL":"https://example.org/r/practices/{id}/","practiceJSON":"https://example.org/r/practices/{id}.json","features":[`
	for _, tc := range []struct {
		name string
		ps   []*site.Practice
		want string
	}{
		{"empty", nil, head + `]}` + "\n"},
		{"unplaced left out", []*site.Practice{unplaced}, head + `]}` + "\n"},
		{"one, escaped", []*site.Practice{placed, unplaced},
			head + `{"type":"Feature","geometry":{"type":"Point","coordinates":[-2.1,53.5]},"properties":{"id":"1-1","name":"A \u0026 \"B\" \u003cC\u003e","overall":"Good"}}]}` + "\n"},
		{"unrated", []*site.Practice{unrated}, head + `{"type":"Feature","geometry":{"type":"Point","coordinates":[-2.1,53.5]},"properties":{"id":"1-3","name":"Unrated","overall":null}}]}` + "\n"},
		{"rounded to 5 decimals", []*site.Practice{far}, head + `{"type":"Feature","geometry":{"type":"Point","coordinates":[-2.12346,53]},"properties":{"id":"1-4","name":"Far","overall":"Good"}}]}` + "\n"},
	} {
		got := PracticesGeoJSON(testBase, tc.ps)
		if string(got) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
		if !json.Valid(got) {
			t.Errorf("%s: invalid JSON", tc.name)
		}
	}
}

func TestRegionsGeoJSON(t *testing.T) {
	p := testPractice("1-1", "A")
	nw := p.Region
	nw.Practices = []*site.Practice{p}
	other := &site.Area{Kind: site.RegionKind, Name: "London", Slug: "london"}
	p.LocalAuthority.Practices = nw.Practices
	s := &site.Site{Practices: []*site.Practice{p}, Regions: []*site.Area{other, nw}, LocalAuthorities: []*site.Area{p.LocalAuthority}}
	f := figures.Compute(s)
	square := orb.MultiPolygon{{{{-3, 53}, {-2, 53}, {-2, 54}, {-3, 54}, {-3, 53}}}}
	b, err := RegionsGeoJSON(testBase, s.Regions, f, map[*site.Area]orb.MultiPolygon{nw: square})
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 1 {
		t.Fatalf("features = %d, want 1 (London has no boundary)", len(fc.Features))
	}
	pr := fc.Features[0].Properties
	for k, want := range map[string]any{"name": "North West", "url": "https://example.org/r/regions/north-west/", "practices": 1.0, "good": 1.0, "requiresImprovementOrInadequateShare": 0.0} {
		if pr[k] != want {
			t.Errorf("%s = %v, want %v", k, pr[k], want)
		}
	}
}

// TestPracticesGeoJSONTemplates: the URL templates hold "{id}" where the
// id goes, whatever the base URL holds.
func TestPracticesGeoJSONTemplates(t *testing.T) {
	for _, tc := range []struct{ base, page, json string }{
		{"https://0-0.example/0-0/", "https://0-0.example/0-0/practices/{id}/", "https://0-0.example/0-0/practices/{id}.json"},
		{"http://localhost:8080/", "http://localhost:8080/practices/{id}/", "http://localhost:8080/practices/{id}.json"},
	} {
		var fc struct {
			Page string `json:"practiceURL"`
			JSON string `json:"practiceJSON"`
		}
		if err := json.Unmarshal(PracticesGeoJSON(urls.MustParse(tc.base), nil), &fc); err != nil {
			t.Fatal(err)
		}
		if fc.Page != tc.page || fc.JSON != tc.json {
			t.Errorf("%s: %q %q, want %q %q", tc.base, fc.Page, fc.JSON, tc.page, tc.json)
		}
	}
}
