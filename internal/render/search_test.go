package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/js"

	"ratingsite"
	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/geo"
	"ratingsite/internal/rating"
	"ratingsite/internal/search"
	"ratingsite/internal/site"
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

func TestMilesLabelAndAZ(t *testing.T) {
	for m, want := range map[float64]string{0: "under 0.1 miles", 0.049: "under 0.1 miles", 0.05: "0.1 miles", 1: "1.0 miles", 12.345: "12.3 miles"} {
		if got := milesLabel(m); got != want {
			t.Errorf("milesLabel(%v) = %q, want %q", m, got, want)
		}
	}
	l := AZLetter{Letter: "S", Slug: "s", Pages: 3}
	if got := azPath(l, 1) + " " + azPath(l, 3); got != "/search/s/ /search/s/3/" {
		t.Errorf("azPath: %s", got)
	}
	if !strings.HasPrefix(l.Path(), "/search/") {
		t.Error(l.Path())
	}
}

// TestAZPages: a letter with more practices than AZPageSize is split into
// numbered pages that together list each of its practices once.
func sampleModel(t *testing.T) *site.Site {
	t.Helper()
	files, _ := filepath.Glob("../../data/ratings/*.csv")
	var in site.Input
	var problems diag.List
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		in.Ratings = append(in.Ratings, cqc.ReadRatingsCSV(r, f, cqc.Options{Categories: []string{cqc.GPPractices}}, &problems)...)
		r.Close()
	}
	return site.New(in, &problems)
}

func TestAZPages(t *testing.T) {
	s := sampleModel(t)
	defer func(n int) { AZPageSize = n }(AZPageSize)
	AZPageSize = 7
	r := &Renderer{}
	seen := map[string]int{}
	var paths []string
	page := func(path, title, desc string, data any, crumbs ...Crumb) *Page {
		return &Page{Path: path, Title: title, Data: data}
	}
	r.searchPages(s, page, func(p *Page, tmpl string) {
		paths = append(paths, p.Path)
		if v, ok := p.Data.(*AZView); ok {
			empty := v.Letter.Count == 0 && len(v.Practices) == 0 && v.Page == 1
			if len(v.Practices) > AZPageSize || (len(v.Practices) == 0 && !empty) || (!empty && v.To-v.From+1 != len(v.Practices)) {
				t.Errorf("%s: %d practices (%d–%d)", p.Path, len(v.Practices), v.From, v.To)
			}
			for _, pr := range v.Practices {
				seen[pr.ID]++
				if got := FilingName(pr.Name)[:1]; got != v.Letter.Slug && v.Letter.Slug != "0-9" {
					t.Errorf("%s on %s", pr.Name, p.Path)
				}
			}
		}
	})
	if len(paths) != searchPageCount(s) {
		t.Errorf("emitted %d pages, counted %d", len(paths), searchPageCount(s))
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
	s := sampleModel(t)
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
	s := sampleModel(t)
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
	s := sampleModel(t)
	defer func(n int) { AZPageSize = n }(AZPageSize)
	AZPageSize = 10
	r := &Renderer{}
	seen := map[string]int{}
	pages := 0
	page := func(path, title, desc string, data any, crumbs ...Crumb) *Page {
		return &Page{Path: path, Title: title, Data: data}
	}
	r.ratingListPages(s, page, func(p *Page, tmpl string) {
		pages++
		v := p.Data.(*RatingListView)
		for _, pr := range v.Practices {
			seen[v.Domain.Slug()+" "+pr.ID]++
			got := pr.Ratings[rating.Whole][v.Domain].Value
			if got.IsRating() != v.Value.IsRating() || got.IsRating() && got != v.Value {
				t.Errorf("%s on %s has %v", pr.ID, p.Path, got)
			}
		}
		if !strings.HasPrefix(p.Path, "/national/"+v.Domain.Slug()+"/") {
			t.Errorf("path %s", p.Path)
		}
	})
	if pages != ratingListCount(s) {
		t.Errorf("emitted %d pages, counted %d", pages, ratingListCount(s))
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
	if pages <= 6*4 {
		t.Errorf("only %d pages: nothing was split", pages)
	}
}
