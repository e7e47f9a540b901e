package pipeline

import (
	"io/fs"
	"strings"
	"testing"

	"ratingsite/internal/fixture"
)

// TestLocalAuthorityWithoutBoundary builds two local authorities with no
// boundary file: Oldham, whose practice has a location, is mapped on its
// region's outline and its page and embed say so; Rochdale, whose practice
// has none, has no map, and its page says why.
func TestLocalAuthorityWithoutBoundary(t *testing.T) {
	rochdale := strings.ReplaceAll(fixture.Practice("1-2", "Rochdale Surgery", "Rochdale", "North West", "Good", "01/02/2024"), "OL9 7SG", "ZZ9 9ZZ")
	out, _ := buildMem(t, memConfig(map[string]string{
		"ratings/latest-ratings-2024-03.csv": fixture.Header + fixture.Practice("1-1", "Oldham Surgery", "Oldham", "North West", "Good", "01/02/2024") + rochdale,
		"postcodes.csv":                      "postcode,latitude,longitude\nOL9 7SG,53.54,-2.12\n",
	}))
	read := func(p string) string {
		t.Helper()
		b, err := fs.ReadFile(out, p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, c := range []struct{ page, want string }{
		{"local-authorities/oldham/index.html", "No boundary is given for Oldham, so the map shows its practices within the outline of the North West."},
		{"local-authorities/oldham/index.html", `id="embed-code-responsive"`},
		{"embed/local-authorities/oldham/index.html", "Each GP practice by its overall rating, within the outline of the North West (no boundary is given for Oldham). Select a practice"},
		{"embed/local-authorities/oldham/index.html", "Good: 1 <span"},
		{"embed/local-authorities/oldham/index.html", `<p class="embed-figure">Oldham: `},
		{"local-authorities/rochdale/index.html", "No practice in Rochdale has a known location and no boundary is given for it, so there is nothing to map. Its practices are listed below."},
	} {
		if !strings.Contains(read(c.page), c.want) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
	if p := read("local-authorities/rochdale/index.html"); strings.Contains(p, `id="map"`) || strings.Contains(p, "map.js") {
		t.Error("Rochdale's page has a map or the map script, with nothing to map")
	}
	if p := read("embed/regions/north-west/index.html"); strings.Contains(p, "no boundary is given") {
		t.Error("a region's embed says it has no boundary")
	}
}
