package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"ratingsite/internal/diag"
)

// fakeData answers shortcodes for tests.
type fakeData struct{}

func (fakeData) Stat(key string) (string, bool) {
	v, ok := map[string]string{"national.practices": "6,543", "national.good.percent": "<1%", "data.date": "28 October 2026"}[key]
	return v, ok
}

func (fakeData) Practice(id string) (string, string, bool) {
	if id == "1-23" {
		return `<script>alert("x")</script> & Co`, "/practices/1-23/", true
	}
	return "", "", false
}

func (fakeData) Region(slug string) (string, string, bool) {
	if slug == "north-west" {
		return "North West", "/regions/north-west/", true
	}
	return "", "", false
}

func (fakeData) SuggestStat(key string) string {
	if strings.HasPrefix(key, "national.practice") {
		return "national.practices"
	}
	return ""
}

func testOpts() Options {
	return Options{
		Resolver: fakeData{},
		URL:      func(p string) string { return "/prefix" + p },
		Abs:      func(p string) string { return "https://example.org/prefix" + p },
		Now:      time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC),
	}
}

const goodRelease = `---
title: 'Figures: {{< stat "national.practices" >}} practices'
date: 2026-11-05
summary: Data to {{< stat "data.date" >}}.
regions: [north-west]
practices:
  - "1-23"
---

Of {{< stat "national.practices" >}} practices, {{< stat "national.good.percent" >}} are good, in {{< region "north-west" >}}.

See {{< practice "1-23" >}} and [the national figures](/national/) and [footnote](#x).

Write ` + "`{{< stat \"KEY\" >}}`" + ` to quote a figure, and \{{< to show the braces.

| a | b |
|--:|:-:|
| {{< stat "data.date" >}} | 2 |
`

func TestReadNews(t *testing.T) {
	fsys := fstest.MapFS{
		"news/2026-11-05-figures.md": {Data: []byte(goodRelease)},
		"news/older.md":              {Data: []byte("---\ntitle: Older\ndate: 2026-01-02\n---\n\nText.\n")},
		"news/draft.md":              {Data: []byte("---\ntitle: Draft\ndate: 2026-01-03\ndraft: true\n---\n\nText.\n")},
		"news/future.md":             {Data: []byte("---\ntitle: Future\ndate: 2026-12-25\n---\n\nText.\n")},
	}
	var problems diag.List
	rels := ReadNews(fsys, "content", testOpts(), &problems)
	if problems.HasErrors() {
		t.Fatalf("errors: %v", problems.Errors())
	}
	if w := problems.Warnings(); len(w) != 1 || w[0].File != "content/news/future.md" || w[0].Line != 3 || w[0].Field != "date" {
		t.Errorf("warnings = %v, want one about the future date on line 3", w)
	}
	var slugs []string
	for _, r := range rels {
		slugs = append(slugs, r.Slug)
	}
	if got := strings.Join(slugs, " "); got != "future figures older" {
		t.Fatalf("releases = %q, want newest first without the draft", got)
	}
	r := rels[1]
	if r.Title != "Figures: 6,543 practices" || r.Summary != "Data to 28 October 2026." || r.Path() != "/news/figures/" {
		t.Errorf("release = %q %q %q", r.Title, r.Summary, r.Path())
	}
	if !r.Date.Equal(time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)) || strings.Join(r.Regions, ",") != "north-west" || strings.Join(r.Practices, ",") != "1-23" {
		t.Errorf("release = %v %v %v", r.Date, r.Regions, r.Practices)
	}
	body := string(r.Body)
	for _, want := range []string{
		"Of 6,543 practices, &lt;1% are good, in <a href=\"/prefix/regions/north-west/\">North West</a>.",
		`<a href="/prefix/practices/1-23/">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co</a>`,
		`<a href="/prefix/national/">the national figures</a>`,
		`<a href="#x">footnote</a>`,
		`<code>{{&lt; stat &quot;KEY&quot; &gt;}}</code>`,
		"and {{&lt; to show",
		`<td class="align-right">28 October 2026</td>`,
		`<td class="align-center">2</td>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, "style=") {
		t.Errorf("body has a style attribute, which the CSP blocks:\n%s", body)
	}
	feed := string(r.FeedBody)
	for _, want := range []string{`href="https://example.org/prefix/regions/north-west/"`, `href="https://example.org/prefix/practices/1-23/"`, `href="https://example.org/prefix/national/"`} {
		if !strings.Contains(feed, want) {
			t.Errorf("feed body lacks %s:\n%s", want, feed)
		}
	}
}

// TestReadNewsProblems: every kind of bad release in one run, each
// reported with its file, line and key.
func TestReadNewsProblems(t *testing.T) {
	fsys := fstest.MapFS{
		"news/a-malformed.md":  {Data: []byte("---\ntitle: Fine\ndate: 2026-01-01\nsummary: [unclosed\n---\n\nText.\n")},
		"news/b-no-title.md":   {Data: []byte("---\ndate: 2026-01-01\n---\n\nText.\n")},
		"news/a2-mapping.md":   {Data: []byte("---\ntitle: Fine\ndate: 2026-01-01\nsummary: Figures: good\n---\n")},
		"news/c-no-date.md":    {Data: []byte("---\ntitle: T\n---\n\nText.\n")},
		"news/d-bad-date.md":   {Data: []byte("---\ntitle: T\ndate: 5 November 2026\n---\n\nText.\n")},
		"news/e-unknown.md":    {Data: []byte("---\ntitle: T\ndate: 2026-01-01\nregoins: [london]\ndraft: maybe\n---\n\nText.\n")},
		"news/f-no-front.md":   {Data: []byte("# Just a heading\n\nText.\n")},
		"news/g-unclosed.md":   {Data: []byte("---\ntitle: T\ndate: 2026-01-01\n\nText.\n")},
		"news/2026-01-01-x.md": {Data: []byte("---\ntitle: X\ndate: 2026-01-01\n---\n\nText.\n")},
		"news/x.md":            {Data: []byte("---\ntitle: X again\ndate: 2026-01-01\n---\n\nText.\n")},
		"news/h-refs.md":       {Data: []byte("---\ntitle: T\ndate: 2026-01-01\nregions:\n  - north-west\n  - atlantis\npractices: [\"1-99\"]\n---\n\nA {{< stat \"national.practice\" >}} and\n{{< stat \"nope\" >}} {{< practice \"1-98\" >}} {{< region \"mars\" >}}\n{{< chart \"x\" >}} {{< stat national.practices >}}\n\n| {{< stat \"bad\" >}} |\n|---|\n")},
		"news/i-types.md":      {Data: []byte("---\ntitle: [a, b]\ndate: 2026-01-01\nregions: {a: b}\ntitle: again\n---\n")},
	}
	var problems diag.List
	rels := ReadNews(fsys, "content", testOpts(), &problems)
	if len(rels) != 1 || rels[0].Slug != "x" {
		t.Errorf("releases = %v, want only x (the first file with its slug)", rels)
	}
	want := []string{
		`content/news/a-malformed.md:4: front matter is not valid YAML: did not find expected ',' or ']'`,
		`content/news/a2-mapping.md:4: front matter is not valid YAML: mapping values are not allowed in this context (write each setting as "key: value", e.g. "title: Most practices rated good"; quote a value that holds a colon)`,
		`content/news/b-no-title.md:1: key "title": missing title`,
		`content/news/c-no-date.md:1: key "date": missing date`,
		`content/news/d-bad-date.md:3: key "date": "5 November 2026" is not a date in the form YYYY-MM-DD`,
		`content/news/e-unknown.md:4: key "regoins": unknown key (use one of: title, date, summary, data, regions, practices, draft)`,
		`content/news/e-unknown.md:5: key "draft": "maybe" is not true or false`,
		`content/news/f-no-front.md:1: release has no front matter`,
		`content/news/g-unclosed.md:1: front matter opened with "---" is never closed`,
		`content/news/h-refs.md:6: key "regions": no region has the slug "atlantis"`,
		`content/news/h-refs.md:7: key "practices": no current practice has the Location ID "1-99"`,
		`content/news/h-refs.md:10: column 3: unknown stat key "national.practice" (did you mean "national.practices"?`,
		`content/news/h-refs.md:11: column 1: unknown stat key "nope"`,
		`content/news/h-refs.md:11: column 21: no current practice has the Location ID "1-98"`,
		`content/news/h-refs.md:11: column 45: no region has the slug "mars"`,
		`content/news/h-refs.md:12: column 1: unknown shortcode "chart"`,
		`content/news/h-refs.md:12: column 19: malformed shortcode "{{< stat national.practices >}}"`,
		`content/news/h-refs.md:14: column 3: unknown stat key "bad"`,
		`content/news/i-types.md:2: key "title": must be text, not a list`,
		`content/news/i-types.md:4: key "regions": must be a list of text values`,
		`content/news/i-types.md:5: key "title": given twice (first on line 2)`,
		`content/news/x.md:1: the address /news/x/ is also that of content/news/2026-01-01-x.md`,
	}
	var got []string
	for _, p := range problems.Errors() {
		got = append(got, p.String())
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("no problem reads %s…", w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d errors, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
}

func TestUnsafeHTMLOption(t *testing.T) {
	src := "---\ntitle: T\ndate: 2026-01-01\n---\n\n<div class=\"x\">raw</div>\n\n[js](javascript:alert(1)) [vb](vbscript:x) [data](data:text/html,x) {{< practice \"1-23\" >}}\n"
	for _, unsafe := range []bool{false, true} {
		opts := testOpts()
		opts.UnsafeHTML = unsafe
		var problems diag.List
		rels := ReadNews(fstest.MapFS{"news/r.md": {Data: []byte(src)}}, "content", opts, &problems)
		if len(rels) != 1 {
			t.Fatalf("unsafe=%v: %v", unsafe, problems.All())
		}
		body := string(rels[0].Body)
		if got := strings.Contains(body, `<div class="x">`); got != unsafe {
			t.Errorf("unsafe=%v: raw HTML shown = %v:\n%s", unsafe, got, body)
		}
		for _, bad := range []string{"javascript:", "vbscript:", "data:"} {
			if strings.Contains(body, bad) || strings.Contains(string(rels[0].FeedBody), bad) {
				t.Errorf("unsafe=%v: body links to %s:\n%s", unsafe, bad, body)
			}
		}
		if !strings.Contains(body, "js vb data") {
			t.Errorf("unsafe=%v: the dropped links' words are gone:\n%s", unsafe, body)
		}
	}
}

func TestPagesFrontMatter(t *testing.T) {
	fsys := fstest.MapFS{
		"methodology.md": {Data: []byte("---\ntitle: How we count\ndate: 2026-10-01\nsummary: The method.\n---\n\n# Not the title\n\nThere are {{< stat \"national.practices\" >}} practices.\n")},
		"about-us.md":    {Data: []byte("# About us\n\nNo front matter: the heading is the title.\n")},
		"hidden.md":      {Data: []byte("---\ntitle: Hidden\ndraft: true\n---\nx\n")},
		"wrong.md":       {Data: []byte("---\ntitle: Wrong\nregions: [london]\n---\nx\n")},
	}
	var problems diag.List
	pages := ReadPages(fsys, "content", testOpts(), &problems)
	if len(pages) != 2 {
		t.Fatalf("pages = %d, want 2; problems %v", len(pages), problems.All())
	}
	if p := pages[0]; p.Title != "About us" || p.Summary != "No front matter: the heading is the title." || !p.Date.IsZero() {
		t.Errorf("about-us = %q %q %v", p.Title, p.Summary, p.Date)
	}
	p := pages[1]
	if p.Title != "How we count" || p.Summary != "The method." || p.Date.Format(DateLayout) != "2026-10-01" {
		t.Errorf("methodology = %q %q %v", p.Title, p.Summary, p.Date)
	}
	if !strings.Contains(string(p.Body), "<h1") || !strings.Contains(string(p.Body), "There are 6,543 practices.") {
		t.Errorf("body = %s", p.Body)
	}
	errs := problems.Errors()
	if len(errs) != 1 || errs[0].Line != 3 || errs[0].Field != "regions" || !strings.Contains(errs[0].Hint, "only for news releases") {
		t.Errorf("errors = %v, want regions on line 3 refused for a page", errs)
	}
}

func TestReleaseSlug(t *testing.T) {
	for in, want := range map[string]string{
		"2026-11-05-state-of-care.md": "state-of-care",
		"State of Care.md":            "state-of-care",
		"north_west--2026.md":         "north-west-2026",
		"2026-11-05.md":               "2026-11-05",
		"---.md":                      "",
	} {
		if got := ReleaseSlug(in); got != want {
			t.Errorf("ReleaseSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHeadingIDsStable: heading IDs come from the heading's words, are
// made unique in order, and do not change from one run to the next.
func TestHeadingIDsStable(t *testing.T) {
	src := "---\ntitle: T\ndate: 2026-01-01\n---\n\n## What we found\n\n## What we found\n\n## Figures: “quoted” & {{< stat \"data.date\" >}}\n"
	var first string
	for i := range 3 {
		var problems diag.List
		rels := ReadNews(fstest.MapFS{"news/r.md": {Data: []byte(src)}}, "content", testOpts(), &problems)
		if len(rels) != 1 {
			t.Fatal(problems.All())
		}
		body := string(rels[0].Body)
		if i == 0 {
			first = body
			for _, id := range []string{`<h2 id="what-we-found">`, `<h2 id="what-we-found-1">`, `<h2 id="figures-quoted---stat-datadate-">`} {
				if !strings.Contains(body, id) {
					t.Errorf("body lacks %s:\n%s", id, body)
				}
			}
		} else if body != first {
			t.Errorf("run %d differs:\n%s\n%s", i, body, first)
		}
	}
}

func ExampleReleaseSlug() {
	fmt.Println(ReleaseSlug("2026-11-05-State of care.md"))
	// Output: state-of-care
}

// TestFootnotesAndLongTitles: footnote IDs use "-", not ":" (which
// html-validate refuses), and a title too long for a browser tab warns.
func TestFootnotesAndLongTitles(t *testing.T) {
	long := strings.Repeat("x", MaxTitle+1)
	src := "---\ntitle: " + long + "\ndate: 2026-01-01\n---\n\nA claim.[^1] Another.[^1]\n\n[^1]: The source.\n"
	var problems diag.List
	rels := ReadNews(fstest.MapFS{"news/r.md": {Data: []byte(src)}}, "content", testOpts(), &problems)
	if len(rels) != 1 {
		t.Fatal(problems.All())
	}
	body := string(rels[0].Body)
	for _, want := range []string{`<sup id="fnref-1"><a href="#fn-1"`, `<sup id="fnref1-1"><a href="#fn-1"`, `<li id="fn-1">`, `<a href="#fnref-1" class="footnote-backref"`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, "fn:") || strings.Contains(body, "fnref:") {
		t.Errorf("a footnote ID keeps its colon:\n%s", body)
	}
	w := problems.Warnings()
	if len(w) != 1 || w[0].Line != 2 || w[0].Field != "title" || !strings.Contains(w[0].Message, "71 characters") {
		t.Errorf("warnings = %v, want the long title on line 2", w)
	}
}

// TestReleaseTitleOnlyFromFrontMatter: a release's "# Heading" is part of
// its body; without a front-matter title the release is refused.
func TestReleaseTitleOnlyFromFrontMatter(t *testing.T) {
	var problems diag.List
	rels := ReadNews(fstest.MapFS{"news/r.md": {Data: []byte("---\ndate: 2026-01-01\n---\n\n# A heading\n\nText.\n")}}, "content", testOpts(), &problems)
	errs := problems.Errors()
	if len(rels) != 0 || len(errs) != 1 || errs[0].Field != "title" || errs[0].Message != "missing title" {
		t.Errorf("releases %d, errors %v; want the missing title refused", len(rels), errs)
	}
}
