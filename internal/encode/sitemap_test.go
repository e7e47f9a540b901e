package encode

import (
	"encoding/xml"
	"slices"
	"testing"
	"time"
)

func TestSitemaps(t *testing.T) {
	u := func(p string) SitemapURL {
		return SitemapURL{Loc: testBase.Abs(p), Modified: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
	}
	three := []SitemapURL{u("/"), u("/a&b/"), {Loc: testBase.Abs("/c/")}}
	for _, tc := range []struct {
		name  string
		limit int
		files []string
		want  map[string]string
	}{
		{"one file", 0, []string{"sitemap.xml"}, map[string]string{"sitemap.xml": xml.Header +
			`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/r/</loc><lastmod>2026-01-02</lastmod></url><url><loc>https://example.org/r/a&amp;b/</loc><lastmod>2026-01-02</lastmod></url><url><loc>https://example.org/r/c/</loc></url></urlset>` + "\n"}},
		{"split", 2, []string{"sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"}, map[string]string{"sitemap.xml": xml.Header +
			`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://example.org/r/sitemap-1.xml</loc></sitemap><sitemap><loc>https://example.org/r/sitemap-2.xml</loc></sitemap></sitemapindex>` + "\n",
			"sitemap-2.xml": xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/r/c/</loc></url></urlset>` + "\n"}},
	} {
		got := Sitemaps(testBase, three, tc.limit)
		var names []string
		for n := range got {
			names = append(names, n)
		}
		slices.Sort(names)
		if !slices.Equal(names, tc.files) {
			t.Errorf("%s: files %v, want %v", tc.name, names, tc.files)
		}
		for n, w := range tc.want {
			if string(got[n]) != w {
				t.Errorf("%s: %s =\n%s\nwant\n%s", tc.name, n, got[n], w)
			}
		}
	}
	if got, want := string(Robots(testBase)), "User-agent: *\nAllow: /\n\nSitemap: https://example.org/r/sitemap.xml\n"; got != want {
		t.Errorf("robots.txt = %q, want %q", got, want)
	}
}
