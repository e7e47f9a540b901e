package urls

import "testing"

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, path, link, abs string
		bad                 bool
	}{
		{in: "https://example.org", path: "/", link: "/practices/1-2/", abs: "https://example.org/practices/1-2/"},
		{in: "https://example.org/ratings", path: "/ratings/", link: "/ratings/practices/1-2/", abs: "https://example.org/ratings/practices/1-2/"},
		{in: "http://localhost:8080/a b/", path: "/a b/", link: "/a b/practices/1-2/", abs: "http://localhost:8080/a%20b/practices/1-2/"},
		{in: "ftp://example.org/", bad: true},
		{in: "example.org", bad: true},
		{in: "javascript:alert(1)", bad: true},
		{in: "/ratings/", bad: true},
		{in: "https://example.org/?q=1", bad: true},
		{in: "https://example.org/#top", bad: true},
		{in: "https://exa mple.org/", bad: true},
	} {
		b, err := Parse(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("Parse(%q) accepted", tc.in)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := b.Path(); got != tc.path {
			t.Errorf("Parse(%q).Path() = %q, want %q", tc.in, got, tc.path)
		}
		if got := b.Link("/practices/1-2/"); got != tc.link {
			t.Errorf("Parse(%q).Link = %q, want %q", tc.in, got, tc.link)
		}
		if got := b.Abs("/practices/1-2/"); got != tc.abs {
			t.Errorf("Parse(%q).Abs = %q, want %q", tc.in, got, tc.abs)
		}
	}
}

func TestPaths(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{File("/"), "index.html"},
		{File("/news/"), "news/index.html"},
		{File("/news/feed.xml"), "news/feed.xml"},
		{File(NotFound), "404.html"},
		{Practice("1-2"), "/practices/1-2/"},
		{PracticeJSON("1-2"), "/practices/1-2.json"},
		{Region("london"), "/regions/london/"},
		{LocalAuthority("leeds"), "/local-authorities/leeds/"},
		{Release("x"), "/news/x/"},
		{Page("accessibility"), "/accessibility/"},
		{NewsPage(1), "/news/"},
		{NewsPage(3), "/news/page/3/"},
		{AZ("a", 1), "/search/a/"},
		{AZ("0-9", 2), "/search/0-9/2/"},
		{RatingList("safe", "inadequate", 1), "/national/safe/inadequate/"},
		{RatingList("overall", "not-rated", 4), "/national/overall/not-rated/4/"},
		{OverdueRegion("london"), "/overdue/london/"},
		{Embed(Region("london")), "/embed/regions/london/"},
		{AreaPNG(Region("london")), "/regions/london/map.png"},
		{AreaPracticesCSV(Region("london")), "/regions/london/practices.csv"},
		{AreaPracticesGeoJSON(Region("london")), "/regions/london/practices.geojson"},
		{Sitemaps(2), "/sitemap-2.xml"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestAbsKeepsFragmentAndQuery: a link to "/national/#regions" in a press
// release stays a fragment in the feed's absolute URL, not "%23regions".
func TestAbsKeepsFragmentAndQuery(t *testing.T) {
	b, err := Parse("https://example.org/ratings/")
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"/national/#regions":  "https://example.org/ratings/national/#regions",
		"/search/?q=oldham":   "https://example.org/ratings/search/?q=oldham",
		"/search/?q=a#result": "https://example.org/ratings/search/?q=a#result",
	} {
		if got := b.Abs(in); got != want {
			t.Errorf("Abs(%q) = %q, want %q", in, got, want)
		}
	}
}
