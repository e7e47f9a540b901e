package linkcheck

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCheck(t *testing.T) {
	site := fstest.MapFS{
		"index.html": {Data: []byte(`<a href="/r/about/">ok</a><a href="/r/missing/">bad</a><a href="https://cqc.org.uk/">ext</a>
<a href="#main">frag</a><a href="/about/">no prefix</a><link rel="stylesheet" href="/r/assets/site.css"><script src="/r/assets/gone.js"></script>
<a href="about/">relative</a><a href="tel:0161">tel</a><main id="main"></main>`)},
		"about/index.html": {Data: []byte(`<a href="../">up</a><a href="/r/">home</a><a href="x.json">rel</a>`)},
		"about/x.json":     {Data: []byte(`{}`)},
		"assets/site.css":  {Data: []byte(`a{}`)},
	}
	res, err := Check(site, "/r/")
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 2 || res.Others != 1 || res.Links != 12 {
		t.Errorf("pages %d others %d links %d, want 2, 1 and 12", res.Pages, res.Others, res.Links)
	}
	var got []string
	for _, b := range res.Sorted() {
		got = append(got, b.Page+" "+b.Link)
	}
	want := []string{"index.html /about/", "index.html /r/assets/gone.js", "index.html /r/missing/"}
	if !slices.Equal(got, want) {
		t.Errorf("broken = %q, want %q", got, want)
	}
}

// site is the rest of the site each case's page is checked in: it is
// built for https://example.org/r/.
var site = fstest.MapFS{
	"index.html":            {Data: []byte(`<main id="main">home</main>`)},
	"about/index.html":      {Data: []byte(`<h2 id="team">Team</h2><a name="old-anchor"></a>`)},
	"assets/a.png":          {Data: []byte("png")},
	"assets/b.png":          {Data: []byte("png")},
	"assets/icons.svg":      {Data: []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><symbol id="star"/></svg>`)},
	"assets/no-index/x.txt": {Data: []byte("x")},
}

func TestCheckKinds(t *testing.T) {
	for _, tc := range []struct {
		name, html string
		reason     string // "" when the page has no broken link
	}{
		{"href", `<a href="/r/about/">x</a>`, ""},
		{"href missing", `<a href="/r/nope/">x</a>`, "no such file nope/index.html"},
		{"href outside the prefix", `<a href="/about/">x</a>`, "outside the base URL's path /r/"},
		{"relative", `<a href="../about/">x</a>`, ""},
		{"relative out of the prefix", `<a href="../../about/">x</a>`, "outside the base URL's path /r/"},
		{"folder without index", `<a href="/r/assets/no-index/">x</a>`, "no such file"},
		{"folder without index or slash", `<a href="/r/assets/no-index">x</a>`, "a folder without index.html"},
		{"the prefix without its slash", `<a href="/r">x</a>`, ""},

		{"absolute on the base URL", `<a href="https://example.org/r/about/">x</a>`, ""},
		{"absolute on the base URL, missing", `<a href="https://example.org/r/nope/">x</a>`, "no such file"},
		{"absolute on the base URL's host, outside its path", `<a href="https://example.org/other/">x</a>`, "outside the base URL's path"},
		{"absolute, host in capitals and default port", `<a href="https://EXAMPLE.org:443/r/nope/">x</a>`, "no such file"},
		{"absolute, other port", `<a href="https://example.org:8443/r/nope/">x</a>`, ""},
		{"absolute, http on an https site", `<a href="http://example.org/r/about/">x</a>`, "http: on a site served over https:"},
		{"absolute, another host", `<a href="https://other.example/r/nope/">x</a>`, ""},
		{"canonical", `<link rel="canonical" href="https://example.org/r/nope/">`, "no such file"},

		{"scheme-relative", `<a href="//example.org/r/about/">x</a>`, ""},
		{"scheme-relative, missing", `<a href="//example.org/r/nope/">x</a>`, "no such file"},
		{"scheme-relative, another host", `<a href="//other.example/r/nope/">x</a>`, ""},
		{"scheme-relative image", `<img src="//example.org/r/assets/nope.png" alt="">`, "no such file"},

		{"srcset", `<img src="/r/assets/a.png" srcset="/r/assets/a.png 1x, /r/assets/b.png 2x" alt="">`, ""},
		{"srcset, second missing", `<img src="/r/assets/a.png" srcset="/r/assets/a.png 1x, /r/assets/nope.png 2x" alt="">`, "no such file assets/nope.png"},
		{"srcset, widths, relative", `<img src="../assets/a.png" srcset="../assets/a.png 100w,../assets/nope.png 200w" sizes="50vw" alt="">`, "assets/nope.png"},
		{"source srcset", `<picture><source srcset="/r/assets/nope.png"><img src="/r/assets/a.png" alt=""></picture>`, "no such file"},
		{"imagesrcset", `<link rel="preload" as="image" imagesrcset="/r/assets/nope.png 2x">`, "no such file"},

		{"style url()", `<div style="background: url(/r/assets/a.png)"></div>`, ""},
		{"style url(), quoted, missing", `<div style="background:url('/r/assets/nope.png')"></div>`, "no such file"},
		{"style url(), double quotes, relative", `<div style='background:url("../assets/nope.png")'></div>`, "no such file"},
		{"style url(#id)", `<svg><linearGradient id="g"/></svg><div style="fill:url(#g)"></div>`, ""},
		{"style url(#id), missing", `<div style="fill:url(#nope)"></div>`, `no element with id "nope"`},
		{"<style> url()", `<style>.x{background:url(../assets/nope.png)}</style>`, "no such file"},
		{"<style> @import", `<style>@import "/r/assets/nope.css";</style>`, "no such file"},
		{"<style> url() in a comment", `<style>/* url(nope.png) */</style>`, ""},

		{"form action", `<form action="/r/about/"></form>`, ""},
		{"form action, missing", `<form action="/r/search/"></form>`, "no such file search/index.html"},
		{"formaction", `<form action="/r/"><button formaction="/r/nope/">x</button></form>`, "no such file"},

		{"meta refresh", `<meta http-equiv="refresh" content="5; URL='/r/about/'">`, ""},
		{"meta refresh, missing", `<meta http-equiv="Refresh" content="0;url=/r/nope/">`, "no such file"},
		{"meta refresh, reload only", `<meta http-equiv="refresh" content="30">`, ""},
		{"meta og:image, missing", `<meta property="og:image" content="https://example.org/r/assets/nope.png">`, "no such file"},
		{"meta og:url", `<meta property="og:url" content="https://example.org/r/about/">`, ""},

		{"fragment", `<a href="#here">x</a><p id="here">`, ""},
		{"fragment, missing", `<a href="#nowhere">x</a>`, `no element with id "nowhere" in page/index.html`},
		{"fragment, top and empty", `<a href="#top">x</a><a href="#">y</a>`, ""},
		{"fragment, a name", `<a href="/r/about/#old-anchor">x</a>`, ""},
		{"fragment, other page", `<a href="/r/about/#team">x</a>`, ""},
		{"fragment, other page, missing", `<a href="/r/about/#nobody">x</a>`, `no element with id "nobody" in about/index.html`},
		{"fragment, relative page, missing", `<a href="../#nobody">x</a>`, `no element with id "nobody" in index.html`},
		{"fragment, absolute, missing", `<a href="https://example.org/r/#nobody">x</a>`, `no element with id "nobody" in index.html`},
		{"fragment, scheme-relative, missing", `<a href="//example.org/r/about/#nobody">x</a>`, `no element with id "nobody"`},
		{"fragment, query", `<a href="?q=1#here">x</a><p id="here">`, ""},
		{"fragment on an image", `<a href="/r/assets/a.png#xywh=1,2,3,4">x</a>`, ""},
		{"fragment, SVG symbol", `<svg><use href="/r/assets/icons.svg#star"></use></svg>`, ""},
		{"fragment, SVG symbol, missing", `<svg><use xlink:href="/r/assets/icons.svg#moon"></use></svg>`, `no element with id "moon" in assets/icons.svg`},

		{"other schemes", `<a href="mailto:a@example.org">m</a><a href="tel:0161">t</a><img src="data:image/png;base64,AA==" alt="">`, ""},
		{"entity in a link", `<a href="/r/about/?a=1&amp;b=2#team">x</a>`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"page/index.html": {Data: []byte("<!DOCTYPE html><html><head></head><body>" + tc.html + "</body></html>")}}
			for k, v := range site {
				fsys[k] = v
			}
			res, err := Check(fsys, "https://example.org/r/")
			if err != nil {
				t.Fatal(err)
			}
			var broken []Broken
			for _, b := range res.Broken {
				if b.Page == "page/index.html" {
					broken = append(broken, b)
				} else {
					t.Errorf("the fixed part of the site has a broken link: %v", b)
				}
			}
			switch {
			case tc.reason == "" && len(broken) > 0:
				t.Errorf("broken: %v", broken)
			case tc.reason != "" && len(broken) != 1:
				t.Errorf("broken: %v, want one with %q", broken, tc.reason)
			case tc.reason != "" && !strings.Contains(broken[0].Reason, tc.reason):
				t.Errorf("reason %q, want %q", broken[0].Reason, tc.reason)
			}
		})
	}
}

func TestCheckOtherFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/site.css": {Data: []byte(`/* url(gone.png) */ @import 'print.css';
.a{background:url(img/bg.png)} .b{background:url("/r/assets/nope.woff2")} .c{fill:url(#grad)}
.d{background:url(data:image/png;base64,AA==)} .e{background:url(../assets/img/bg.png)}`)},
		"assets/img/bg.png": {Data: []byte("png")},
		"index.html":        {Data: []byte(`<h1 id="top-of-page">x</h1>`)},
		"sitemap.xml": {Data: []byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.org/r/</loc></url><url><loc>https://example.org/r/gone/</loc></url></urlset>`)},
		"news/feed.xml": {Data: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="https://example.org/r/news/feed.xml"/>
<entry><link href="https://example.org/r/news/gone/"/></entry></feed>`)},
		"robots.txt": {Data: []byte("User-agent: *\nSitemap: https://example.org/r/sitemap.xml\nSitemap: https://example.org/r/sitemap-2.xml\n")},
	}
	res, err := Check(fsys, "https://example.org/r/")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range res.Sorted() {
		got = append(got, b.Page+" "+b.Link+" ("+b.Where+")")
	}
	want := []string{
		"assets/site.css /r/assets/nope.woff2 (CSS url())",
		"assets/site.css print.css (CSS url())",
		"news/feed.xml https://example.org/r/news/gone/ (href)",
		"robots.txt https://example.org/r/sitemap-2.xml (robots.txt Sitemap)",
		"sitemap.xml https://example.org/r/gone/ (<loc>)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("broken:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Pages != 1 || res.Others != 4 {
		t.Errorf("pages %d, others %d; want 1 and 4", res.Pages, res.Others)
	}
}

// TestCheckPathOnly: given only the base URL's path, absolute links are
// taken for another site's, as before.
func TestCheckPathOnly(t *testing.T) {
	fsys := fstest.MapFS{"index.html": {Data: []byte(`<a href="https://example.org/r/nope/">x</a><a href="//example.org/r/nope/">y</a>`)}}
	res, err := Check(fsys, "/r/")
	if err != nil || len(res.Broken) != 0 {
		t.Errorf("Check with a path only: %v %v", res.Broken, err)
	}
}

func TestSrcsetURLs(t *testing.T) {
	for in, want := range map[string][]string{
		"a.png":                         {"a.png"},
		"a.png 1x, b.png 2x":            {"a.png", "b.png"},
		" a.png  100w ,\n b.png 200w ":  {"a.png", "b.png"},
		"a.png,b.png 2x":                {"a.png,b.png"}, // a URL may hold commas
		"a.png, b.png":                  {"a.png", "b.png"},
		"a.png 1x,b.png 2x,":            {"a.png", "b.png"},
		"a.png (foo, bar) 1x, b.png 2x": {"a.png", "b.png"},
		"":                              nil,
	} {
		if got := SrcsetURLs(in); !slices.Equal(got, want) {
			t.Errorf("SrcsetURLs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRefreshURL(t *testing.T) {
	for in, want := range map[string]string{
		"0; url=/x/":        "/x/",
		"5;URL='/x/'":       "/x/",
		`3 ; url = "/x/" `:  "/x/",
		"0, /x/":            "/x/",
		"0; /x/":            "/x/",
		"30":                "",
		"0; url=":           "",
		"1; url=https://e/": "https://e/",
	} {
		got, ok := RefreshURL(in)
		if got != want || ok != (want != "") {
			t.Errorf("RefreshURL(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
