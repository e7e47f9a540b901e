package headers

import (
	"strings"
	"testing"
)

const csp = "default-src 'none'; script-src 'self'"

func site() Site {
	return Site{Prefix: "/r/", CSP: csp, Top: map[string]bool{
		"assets": true, "embed": true, "practices": true, "regions": true, "map": true,
		"index.html": true, "404.html": true, "robots.txt": true, "sitemap.xml": true, "_headers": true,
	}}
}

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/a/b/c.html", true},
		{"/r/", "/r/", true},
		{"/r/", "/r/index.html", false},
		{"/r/assets/*", "/r/assets/a.1234.css", true},
		{"/r/assets/*", "/r/assetsx", false},
		{"/r/robots.txt", "/r/robots.txt", true},
		{"/r/robots.txt", "/r/robots.txt.gz", false},
		{"/*.css", "/a/b.css", true},
		{"/*.css", "/a/b.cssx", false},
		{"/r/:x/index.html", "/r/news/index.html", true},
		{"/r/:x/index.html", "/r/a/b/index.html", false},
		{"/r/:x/index.html", "/r//index.html", false},
	} {
		if got := Match(c.pattern, c.path); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

// framedBy reports whether a browser would let another site frame a
// response with headers hs: an enforced policy with frame-ancestors makes
// the browser ignore X-Frame-Options (HTML standard); every such policy
// must allow the framing site.
func framedByOthers(hs []Header) bool {
	sawAncestors := false
	for _, policy := range strings.Split(Get(hs, "Content-Security-Policy"), ",") {
		for _, d := range strings.Split(policy, ";") {
			f := strings.Fields(d)
			if len(f) > 0 && f[0] == "frame-ancestors" {
				sawAncestors = true
				if len(f) != 2 || f[1] != "*" {
					return false
				}
			}
		}
	}
	if sawAncestors {
		return true
	}
	// X-Frame-Options: values joined by a host are split on commas; if
	// they all agree, that value holds.
	xfo := Get(hs, "X-Frame-Options")
	if xfo == "" {
		return true
	}
	vals := strings.Split(xfo, ",")
	first := strings.ToUpper(strings.TrimSpace(vals[0]))
	for _, v := range vals {
		if strings.ToUpper(strings.TrimSpace(v)) != first {
			return true // conflicting values: browsers ignore the header
		}
	}
	return first != "SAMEORIGIN" && first != "DENY"
}

func TestRulesPerPath(t *testing.T) {
	rules := site().Rules()
	for _, c := range []struct {
		path   string
		cache  string // "" for none
		framed bool   // other sites may frame it
	}{
		{"/r/", ShortCache, false},
		{"/r/index.html", ShortCache, false},
		{"/r/404.html", ShortCache, false},
		{"/r/no-such-page/", "", false}, // a 404 response
		{"/r/no-such-file.html", "", false},
		{"/r/practices/1-2/", ShortCache, false},
		{"/r/practices/1-2.json", ShortCache, false},
		{"/r/map/practices.geojson", ShortCache, false},
		{"/r/robots.txt", ShortCache, false},
		{"/r/sitemap.xml", ShortCache, false},
		{"/r/assets/site.0123abcd.css", LongCache, false},
		{"/r/embed/national/", ShortCache, true},
		{"/r/embed/regions/london/index.html", ShortCache, true},
		{"/r/embed/missing/", ShortCache, true},
	} {
		for _, how := range []Combine{Join, Last} {
			hs := For(rules, c.path, how)
			if got := Get(hs, "Cache-Control"); got != c.cache {
				t.Errorf("%s (combine %d): Cache-Control %q, want %q", c.path, how, got, c.cache)
			}
			if got := framedByOthers(hs); got != c.framed {
				t.Errorf("%s (combine %d): other sites may frame it: %v, want %v\n%v", c.path, how, got, c.framed, hs)
			}
			if got := Get(hs, "Content-Security-Policy"); !strings.HasPrefix(got, csp) {
				t.Errorf("%s (combine %d): Content-Security-Policy %q", c.path, how, got)
			}
			if Get(hs, "X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s (combine %d): no nosniff: %v", c.path, how, hs)
			}
		}
	}
}

func TestRulesNeverDuplicateAPattern(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range site().Rules() {
		if seen[r.Pattern] {
			t.Errorf("rule %s appears twice", r.Pattern)
		}
		seen[r.Pattern] = true
		if r.Pattern == "/r/_headers" {
			t.Error("a rule for _headers itself")
		}
	}
}

func TestFileRoundTrip(t *testing.T) {
	rules := site().Rules()
	text := string(File(rules))
	var got []Rule
	for _, l := range strings.Split(text, "\n") {
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case !strings.HasPrefix(l, " "):
			got = append(got, Rule{Pattern: l})
		default:
			k, v, ok := strings.Cut(strings.TrimSpace(l), ": ")
			if !ok || len(got) == 0 {
				t.Fatalf("bad line %q", l)
			}
			got[len(got)-1].Headers = append(got[len(got)-1].Headers, Header{k, v})
		}
	}
	if len(got) != len(rules) {
		t.Fatalf("%d rules written, %d read back", len(rules), len(got))
	}
	for i := range rules {
		if got[i].Pattern != rules[i].Pattern || len(got[i].Headers) != len(rules[i].Headers) {
			t.Errorf("rule %d: wrote %+v, read %+v", i, rules[i], got[i])
		}
	}
}

func TestObject(t *testing.T) {
	s := site()
	rules := s.Rules()
	for _, c := range []struct{ path, ctype, cache string }{
		{"index.html", "text/html; charset=utf-8", ShortCache},
		{"practices/1-2/index.html", "text/html; charset=utf-8", ShortCache},
		{"practices/1-2.json", "application/json", ShortCache},
		{"map/practices.geojson", "application/geo+json", ShortCache},
		{"map/practices.csv", "text/csv; charset=utf-8", ShortCache},
		{"news/feed.xml", "application/atom+xml; charset=utf-8", ShortCache},
		{"sitemap.xml", "application/xml; charset=utf-8", ShortCache},
		{"robots.txt", "text/plain; charset=utf-8", ShortCache},
		{"map/england.png", "image/png", ShortCache},
		{"assets/site.0123abcd.css", "text/css; charset=utf-8", LongCache},
		{"assets/map.0123abcd.js", "text/javascript; charset=utf-8", LongCache},
		{"assets/favicon.0123abcd.svg", "image/svg+xml", LongCache},
		{"embed/national/index.html", "text/html; charset=utf-8", ShortCache},
	} {
		s.Top[strings.Split(c.path, "/")[0]] = true
		rules = s.Rules()
		got := s.Object(rules, c.path)
		if got.ContentType != c.ctype || got.CacheControl != c.cache {
			t.Errorf("%s: %+v, want %q and %q", c.path, got, c.ctype, c.cache)
		}
	}
}
