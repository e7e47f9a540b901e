package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/js"

	"ratingsite"
	"ratingsite/internal/diag"
	"ratingsite/internal/geo"
	"ratingsite/internal/maps"
	"ratingsite/internal/rating"
	"ratingsite/internal/search"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
)

// MaxSearchJS is the budget for search and filters together,
// minified.
const MaxSearchJS = 15 << 10

// TestSearchScriptsSize minifies assets/search.js and assets/filter.js as
// the publisher does (tdewolff) and checks that together they stay within
// 15 KB.
func TestSearchScriptsSize(t *testing.T) {
	m := minify.New()
	m.AddFunc("text/javascript", js.Minify)
	total := 0
	for _, name := range []string{"assets/search.js", "assets/filter.js"} {
		src, err := fs.ReadFile(ratingsite.Defaults, name)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := m.Minify("text/javascript", &out, bytes.NewReader(src)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out.Len() == 0 || out.Len() >= len(src) {
			t.Fatalf("%s: minified to %d bytes from %d", name, out.Len(), len(src))
		}
		t.Logf("%s: %d bytes, %d minified", name, len(src), out.Len())
		total += out.Len()
	}
	if total > MaxSearchJS {
		t.Errorf("search.js and filter.js are %d bytes minified, over %d", total, MaxSearchJS)
	}
}

// pages runs one section and prepares each of its pages.
func pages(ru *run, sec section) []*view.Page {
	var out []*view.Page
	sec(ru, func(j job) {
		if j.page != nil {
			out = append(out, j.page())
		}
	})
	return out
}

// rowID is the Location ID of a practice's row.
func rowID(r *view.PracticeRow) string {
	return strings.TrimSuffix(strings.TrimPrefix(r.Path, "/practices/"), "/")
}

// TestAZPages: a letter with more practices than AZPageSize is split into
// numbered pages that together list each of its practices once.
func TestAZPages(t *testing.T) {
	s := sampleSite(t)
	defer func(n int) { AZPageSize = n }(AZPageSize)
	AZPageSize = 7
	ru, _ := testRun(t, s, maps.Options{})
	seen := map[string]int{}
	var paths []string
	for _, p := range pages(ru, (*run).searchPages) {
		paths = append(paths, p.Path)
		if v, ok := p.Data.(*view.AZView); ok {
			rows := v.Practices.Rows
			empty := v.Letter.Count == 0 && len(rows) == 0 && v.Page == 1
			if len(rows) > AZPageSize || (len(rows) == 0 && !empty) || (!empty && v.To-v.From+1 != len(rows)) {
				t.Errorf("%s: %d practices (%d–%d)", p.Path, len(rows), v.From, v.To)
			}
			for _, pr := range rows {
				seen[rowID(pr)]++
				if got := FilingName(pr.Name)[:1]; got != v.Letter.Slug && v.Letter.Slug != "0-9" {
					t.Errorf("%s on %s", pr.Name, p.Path)
				}
			}
		}
	}
	for _, p := range s.Practices {
		if seen[p.ID] != 1 {
			t.Errorf("%s is on %d A–Z pages", p.ID, seen[p.ID])
		}
	}
	if !slices.Contains(paths, "/search/s/2/") {
		t.Errorf("no second page of S: %v", paths)
	}
	// Every letter has a page, even one no practice's name begins with.
	for _, want := range []string{"/search/a/", "/search/q/", "/search/x/", "/search/z/", "/search/0-9/"} {
		if !slices.Contains(paths, want) {
			t.Errorf("no page %s", want)
		}
	}
}

// TestFilingName: a leading "The" is not filed on; nothing else is
// dropped.
func TestFilingName(t *testing.T) {
	for name, want := range map[string]string{
		"The Abbey Practice":  "abbey practice",
		"THE  ABBEY PRACTICE": "abbey practice",
		"Abbey Practice":      "abbey practice",
		"Theale Surgery":      "theale surgery",
		"The":                 "the",
		"The 1 Medical":       "1 medical",
	} {
		if got := FilingName(name); got != want {
			t.Errorf("FilingName(%q) = %q, want %q", name, got, want)
		}
	}
	// The sample's "The Abbey Practice" is on the A page, in order.
	s := sampleSite(t)
	letters, by := azLetters(s)
	var found bool
	for i, p := range by["a"] {
		found = found || p.Name == "The Abbey Practice"
		if i > 0 && FilingName(by["a"][i-1].Name) > FilingName(p.Name) {
			t.Errorf("A is out of order: %q before %q", by["a"][i-1].Name, p.Name)
		}
	}
	if !found {
		t.Error("The Abbey Practice is not filed under A")
	}
	for _, l := range letters {
		if len(by[l.Slug]) != l.Count {
			t.Errorf("%s: count %d, %d practices", l.Letter, l.Count, len(by[l.Slug]))
		}
	}
}

// TestExamplePostcode: the hint's example is a practice's postcode that
// postcodes.csv holds, written with its space; none without a gazetteer.
func TestExamplePostcode(t *testing.T) {
	s := sampleSite(t)
	if full, out := examplePostcode(s); full != "" || out != "" {
		t.Errorf("no postcodes.csv: example %q %q", full, out)
	}
	var csv strings.Builder
	csv.WriteString("postcode,latitude,longitude\n")
	var want *site.Practice
	for i, p := range s.Practices {
		if i > 0 && p.Postcode != "" && want == nil {
			want = p
			fmt.Fprintf(&csv, "%s,52.5,-1.5\n", strings.ToLower(strings.ReplaceAll(p.Postcode, " ", "")))
		}
	}
	var problems diag.List
	s.Postcodes = geo.ReadPostcodes(strings.NewReader(csv.String()), "postcodes.csv", &problems)
	full, out := examplePostcode(s)
	if o, in, _ := search.SplitPostcode(want.Postcode); full != o+" "+in || out != o || !strings.Contains(full, " ") {
		t.Errorf("example %q %q, want %s's postcode %q", full, out, want.Name, want.Postcode)
	}
}

// TestRatingLists: for each question, every practice is on exactly one
// list, the one of its value, unless it is Good; long lists are split
// into pages.
func TestRatingLists(t *testing.T) {
	s := sampleSite(t)
	defer func(n int) { AZPageSize = n }(AZPageSize)
	AZPageSize = 10
	ru, _ := testRun(t, s, maps.Options{})
	byID := map[string]*site.Practice{}
	for _, p := range s.Practices {
		byID[p.ID] = p
	}
	seen := map[string]int{}
	all := pages(ru, (*run).ratingListPages)
	for _, p := range all {
		v := p.Data.(*view.RatingListView)
		for _, row := range v.Practices.Rows {
			id := rowID(row)
			seen[v.Domain.Slug()+" "+id]++
			got := byID[id].Ratings[rating.Whole][v.Domain].Value
			if got.IsRating() != v.Value.IsRating() || got.IsRating() && got != v.Value {
				t.Errorf("%s on %s has %v", id, p.Path, got)
			}
		}
		if !strings.HasPrefix(p.Path, "/national/"+v.Domain.Slug()+"/") {
			t.Errorf("path %s", p.Path)
		}
	}
	for _, d := range append([]rating.Domain{rating.Overall}, rating.KeyQuestions[:]...) {
		for _, p := range s.Practices {
			want := 1
			if p.Ratings[rating.Whole][d].Value == rating.Good {
				want = 0 // Good has no list
			}
			if n := seen[d.Slug()+" "+p.ID]; n != want {
				t.Errorf("%s is on %d %s lists, want %d", p.ID, n, d, want)
			}
		}
	}
	if len(all) <= 6*4 {
		t.Errorf("only %d pages: nothing was split", len(all))
	}
}

// TestRegistry: the sections list every output once, and the count that
// drives the progress total is the number of files written.
func TestRegistry(t *testing.T) {
	ru, _ := testRun(t, sampleSite(t), maps.Options{})
	seen := map[string]bool{}
	n := 0
	for _, sec := range append(mapSections, pageSections...) {
		sec(ru, func(j job) {
			n++
			if seen[j.path] {
				t.Errorf("%s is listed twice", j.path)
			}
			seen[j.path] = true
			if (j.page == nil) == (j.gen == nil) {
				t.Errorf("%s is neither a page nor a generated file", j.path)
			}
			if j.page != nil && urls.File(j.at) != j.path {
				t.Errorf("%s is at %s", j.path, j.at)
			}
		})
	}
	s := ru.s
	// Every practice has a page and JSON; so has every closed one.
	for _, p := range append(s.Practices, s.Closed...) {
		if !seen[urls.File(p.Path())] || !seen[urls.File(p.JSONPath())] {
			t.Errorf("%s has no page or JSON", p.ID)
		}
	}
	if n < 2*len(s.Practices)+len(s.Regions)+len(s.LocalAuthorities) {
		t.Errorf("only %d outputs", n)
	}
}
