package encode

import (
	"encoding/json"
	"ratingsite/internal/figures"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
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
	for _, tc := range []struct {
		name string
		ps   []*site.Practice
		want string
	}{
		{"empty", nil, `{"type":"FeatureCollection","features":[]}` + "\n"},
		{"unplaced left out", []*site.Practice{unplaced}, `{"type":"FeatureCollection","features":[]}` + "\n"},
		{"one, escaped", []*site.Practice{placed, unplaced},
			`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-2.1,53.5]},"properties":{"id":"1-1","name":"A \u0026 \"B\" \u003cC\u003e","overall":"Good","safe":"Requires improvement","effective":null,"caring":null,"responsive":null,"well-led":null,"published":"2024-03-01","url":"https://example.org/r/practices/1-1/"}}]}` + "\n"},
		{"unrated", []*site.Practice{unrated}, `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-2.1,53.5]},"properties":{"id":"1-3","name":"Unrated","overall":null,"safe":null,"effective":null,"caring":null,"responsive":null,"well-led":null,"published":null,"url":"https://example.org/r/practices/1-3/"}}]}` + "\n"},
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
