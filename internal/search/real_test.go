package search_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"ratingsite/internal/fixture"
	"ratingsite/internal/pipeline"
	"ratingsite/internal/publish"
	"ratingsite/internal/search"
)

// realAPI is a data input holding the real CQC API documents of
// ../shared/real in api/.
func realAPI(t *testing.T) fstest.MapFS {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixture.Real(t, "cqc-api"), "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no API documents: %v", err)
	}
	data := fstest.MapFS{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data["api/"+filepath.Base(f)] = &fstest.MapFile{Data: b}
	}
	return data
}

// TestRealSearch builds the real Oldham API documents with the real
// postcode districts of England as postcodes.csv, then queries the
// published index as search.js does: every district is published, the
// nearest practices to an Oldham district match a brute-force search over
// the practices' JSON, and each practice is found by its name.
func TestRealSearch(t *testing.T) {
	data := realAPI(t)
	b, err := os.ReadFile(fixture.Real(t, "postcode-outcodes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// The file's header says "Post Code"; the build reads "postcode".
	pcs := strings.Replace(string(b), "Post Code,", "postcode,", 1)
	data["postcodes.csv"] = &fstest.MapFile{Data: []byte(pcs)}
	rows, err := csv.NewReader(strings.NewReader(pcs)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	outcodes := map[string][2]float64{}
	for _, r := range rows[1:] {
		lat, _ := strconv.ParseFloat(r[1], 64)
		lon, _ := strconv.ParseFloat(r[2], 64)
		outcodes[r[0]] = [2]float64{lat, lon}
	}
	mem := publish.NewMemory(publish.Options{})
	if res, err := pipeline.Build(context.Background(), pipeline.Config{Data: data, Memory: mem, BaseURL: "https://example.org/"}); err != nil {
		t.Fatalf("%v: %v", err, res.Problems.Errors())
	}
	site := mem.FS()
	read := func(p string) ([]byte, error) { return fs.ReadFile(site, p) }
	m, err := search.ReadMeta(read)
	if err != nil {
		t.Fatal(err)
	}
	// Every district is published where it was given.
	published := 0
	for _, a := range m.Areas {
		var ds map[string]json.RawMessage
		b, err := read(search.Dir + "p/" + a + ".json")
		if err != nil || json.Unmarshal(b, &ds) != nil {
			t.Fatalf("p/%s.json: %v", a, err)
		}
		published += len(ds)
	}
	if published != len(outcodes) {
		t.Errorf("published %d districts; the file has %d", published, len(outcodes))
	}
	// The 10 nearest practices to two Oldham districts.
	type practice struct {
		ID, Name string
		Location *struct{ Latitude, Longitude float64 }
		Status   string
	}
	files, _ := fs.Glob(site, "practices/*.json")
	var ps []practice
	for _, f := range files {
		b, _ := fs.ReadFile(site, f)
		var p practice
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		if p.Status != "current" {
			continue
		}
		ps = append(ps, p)
	}
	for _, q := range []string{"OL9", "ol1", "OL8 1AA"} {
		place, isPC, ok, err := search.LookupPostcode(read, m, q)
		if err != nil || !isPC || !ok {
			t.Fatalf("%s: postcode %v, found %v, %v", q, isPC, ok, err)
		}
		out, _, _ := strings.Cut(strings.ToUpper(q), " ")
		if want := outcodes[out]; place.Lat != want[0] || place.Lon != want[1] || place.Approx != strings.Contains(q, " ") {
			t.Errorf("%s: at %+v; the file says %v", q, place, want)
		}
		got, err := search.NearestTiles(read, place.Lat, place.Lon, 10)
		if err != nil {
			t.Fatal(err)
		}
		var want []search.Near
		for _, p := range ps {
			if p.Location != nil {
				want = append(want, search.Near{ID: p.ID, Name: p.Name, Miles: search.Miles(place.Lat, place.Lon, p.Location.Latitude, p.Location.Longitude)})
			}
		}
		slices.SortFunc(want, search.CompareNear)
		if len(got) != 10 {
			t.Fatalf("%s: %d practices", q, len(got))
		}
		for i := range got {
			if got[i].ID != want[i].ID && math.Abs(got[i].Miles-want[i].Miles) > 0.001 || math.Abs(got[i].Miles-want[i].Miles) > 0.001 {
				t.Errorf("%s: %d: %s at %.3f mi, want %s at %.3f mi", q, i, got[i].ID, got[i].Miles, want[i].ID, want[i].Miles)
			}
		}
		if got[9].Miles > 5 {
			t.Errorf("%s: the 10th nearest Oldham practice is %.1f miles away", q, got[9].Miles)
		}
	}
	// Every practice is found by its name, first or tied with its namesakes.
	for _, p := range ps {
		hits, _, err := search.Search(read, m, p.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || !hits[0].Exact || !slices.ContainsFunc(hits, func(h search.Hit) bool { return h.Doc.ID == p.ID }) {
			t.Errorf("%q: %d hits, first %+v", p.Name, len(hits), hits)
		}
	}
	if _, _, ok, _ := search.LookupPostcode(read, m, "ZZ9 9ZZ"); ok {
		t.Error("ZZ9 9ZZ was found")
	}
}
