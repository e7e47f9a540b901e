package pipeline

// End-to-end tests of press releases: live figures against counts made
// here from the built site's practice JSON, unknown keys, pagination, the
// home and region lists, raw HTML and script links, and the Atom feed.

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"
)

// newsConfig builds data (a -data directory) with content (path → text,
// in memory, named "content/..." in messages) and the built-in templates
// and assets, into memory or a fresh output directory.
func newsConfig(t *testing.T, data string, content map[string]string) Config {
	t.Helper()
	return Config{DataDir: data, Content: memInput(content), Templates: fstest.MapFS{}, Assets: fstest.MapFS{},
		OutDir: filepath.Join(t.TempDir(), "public"), BaseURL: "https://example.org/ratings/", Workers: 2}
}

func release(title, date, front, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n" + front + "---\n\n" + body
}

// tally counts practices by rating, for one overall or key-question cell.
type tally struct {
	listed, rated int
	count         map[string]int
}

func (t *tally) add(rating string, isRating bool) {
	if t.count == nil {
		t.count = map[string]int{}
	}
	t.listed++
	if isRating {
		t.rated++
		t.count[rating]++
	}
}

var ratingWords = []string{"Outstanding", "Good", "Requires improvement", "Inadequate"}

// shares rounds the four shares by the largest remainder, here without
// the project's code: floor each, then hand the missing points to the
// largest remainders, the better rating first on a tie.
func (t *tally) shares() map[string]string {
	out := map[string]string{}
	if t.rated == 0 {
		for _, r := range ratingWords {
			out[r] = "0%"
		}
		return out
	}
	pct := map[string]int{}
	sum := 0
	for _, r := range ratingWords {
		pct[r] = t.count[r] * 100 / t.rated
		sum += pct[r]
	}
	byRem := slices.Clone(ratingWords)
	slices.SortStableFunc(byRem, func(a, b string) int { return t.count[b]*100%t.rated - t.count[a]*100%t.rated })
	for _, r := range byRem {
		if sum < 100 && t.count[r]*100%t.rated > 0 {
			pct[r]++
			sum++
		}
	}
	for _, r := range ratingWords {
		if pct[r] == 0 && t.count[r] > 0 {
			out[r] = "<1%"
		} else {
			out[r] = strconv.Itoa(pct[r]) + "%"
		}
	}
	return out
}

func ratingSlug(r string) string { return strings.ReplaceAll(strings.ToLower(r), " ", "-") }

// TestNewsStatsMatchPracticeJSON: a release quoting every national,
// regional and key-question figure shows exactly what a count of the
// built practice JSON files gives.
func TestNewsStatsMatchPracticeJSON(t *testing.T) {
	type practiceJSON struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Region struct {
			Slug string `json:"slug"`
		} `json:"region"`
		Ratings struct {
			Overall *struct {
				Rating   string `json:"rating"`
				IsRating bool   `json:"isRating"`
			} `json:"overall"`
			KeyQuestions map[string]struct {
				Rating   string `json:"rating"`
				IsRating bool   `json:"isRating"`
			} `json:"keyQuestions"`
		} `json:"ratings"`
		DataDate string `json:"dataDate"`
		// Status is "current", "closed" or "deregistered"; closed
		// practices keep their JSON but are not counted.
		Status string `json:"status"`
	}
	// First build (the sample's, which other tests share): the practices,
	// to know which keys to ask for.
	data := filepath.Join(repoRoot(t), "data")
	first, _ := buildSample(t, "https://example.org/ratings/")
	jsons, _ := fs.Glob(first, "practices/*.json")
	national := &tally{}
	regions := map[string]*tally{}
	kq := map[string]*tally{}
	var dataDate string
	var some practiceJSON
	for _, f := range jsons {
		var p practiceJSON
		b, _ := fs.ReadFile(first, f)
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		if p.Status != "current" {
			continue
		}
		r, isR := "", false
		if p.Ratings.Overall != nil {
			r, isR = p.Ratings.Overall.Rating, p.Ratings.Overall.IsRating
		}
		national.add(r, isR)
		if regions[p.Region.Slug] == nil {
			regions[p.Region.Slug] = &tally{}
		}
		regions[p.Region.Slug].add(r, isR)
		for _, q := range []string{"safe", "effective", "caring", "responsive", "well-led"} {
			if kq[q] == nil {
				kq[q] = &tally{}
			}
			c := p.Ratings.KeyQuestions[q]
			kq[q].add(c.Rating, c.IsRating)
		}
		dataDate = p.DataDate
		if some.ID == "" || p.ID < some.ID {
			some = p
		}
	}
	if len(regions) != 9 || national.rated == national.listed {
		t.Fatalf("the sample should cover 9 regions and unrated practices: %d regions, %d of %d rated", len(regions), national.rated, national.listed)
	}

	want := map[string]string{}
	scope := func(prefix string, t *tally) {
		want[prefix+".practices"] = strconv.Itoa(t.rated)
		want[prefix+".listed"] = strconv.Itoa(t.listed)
		want[prefix+".not-rated"] = strconv.Itoa(t.listed - t.rated)
		sh := t.shares()
		for _, r := range ratingWords {
			want[prefix+"."+ratingSlug(r)+".count"] = strconv.Itoa(t.count[r])
			want[prefix+"."+ratingSlug(r)+".percent"] = sh[r]
		}
		want[prefix+".good-or-outstanding.count"] = strconv.Itoa(t.count["Good"] + t.count["Outstanding"])
	}
	scope("national", national)
	for slug, r := range regions {
		scope("region."+slug, r)
	}
	for q, k := range kq {
		sh := k.shares()
		for _, r := range ratingWords {
			want["keyquestion."+q+"."+ratingSlug(r)+".count"] = strconv.Itoa(k.count[r])
			want["keyquestion."+q+"."+ratingSlug(r)+".percent"] = sh[r]
		}
	}
	d, err := time.Parse("2006-01-02", dataDate)
	if err != nil {
		t.Fatal(err)
	}
	want["data.date"] = d.Format("2 January 2006")

	// Second build: a release that quotes every one of those keys.
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var body strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&body, "- %s = {{< stat %q >}}\n", k, k)
	}
	fmt.Fprintf(&body, "\nSee {{< practice %q >}} in {{< region %q >}}.\n", some.ID, some.Region.Slug)
	cfg := newsConfig(t, data, map[string]string{"news/probe.md": release("Probe", "2026-10-30", "", body.String())})
	out, _ := buildMem(t, cfg)
	page, err := fs.ReadFile(out, "news/probe/index.html")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(page)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "li" {
			if k, v, ok := strings.Cut(badText(n), " = "); ok {
				got[k] = v
			}
		}
	}
	for _, k := range keys {
		if got[k] != want[k] {
			t.Errorf("%s: the release says %q, the practice JSON gives %q", k, got[k], want[k])
		}
	}
	link := fmt.Sprintf(`<a href="/ratings/practices/%s/">%s</a>`, some.ID, strings.ReplaceAll(html.EscapeString(some.Name), "&#39;", "'"))
	if !strings.Contains(string(page), link) {
		t.Errorf("the release lacks the practice link %s", link)
	}
	if !regexp.MustCompile(`<a href="?/ratings/regions/` + some.Region.Slug + `/"?>`).Match(page) {
		t.Errorf("the release lacks the link to region %s", some.Region.Slug)
	}
}

// TestNewsUnknownKeysFail: an unknown key, Location ID or region slug,
// in the body or the front matter, fails the build with every problem's
// file and line, and writes nothing.
func TestNewsUnknownKeysFail(t *testing.T) {
	data := filepath.Join("testdata", "golden", "data")
	cfg := newsConfig(t, data, map[string]string{
		"news/a.md":  release("A", "2025-01-01", "regions: [atlantis]\n", "One {{< stat \"national.goood.count\" >}}.\n\nTwo {{< practice \"1-999\" >}} {{< region \"mars\" >}}.\n"),
		"news/b.md":  release("B", "2025-01-01", "practices: [\"1-100000001\", \"1-404\"]\n", "Fine {{< stat \"national.good.count\" >}}.\n"),
		"methods.md": "# Methods\n\n{{< stat \"no.such.key\" >}}\n",
	})
	res, err := Build(context.Background(), cfg)
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("err = %v, want ErrInvalidInput", err)
	}
	const c = "content"
	want := []string{
		c + "/methods.md:3: column 1: unknown stat key \"no.such.key\"",
		c + "/news/a.md:4: key \"regions\": no region has the slug \"atlantis\"",
		c + "/news/a.md:7: column 5: unknown stat key \"national.goood.count\" (did you mean \"national.good.count\"?",
		c + "/news/a.md:9: column 30: no region has the slug \"mars\"",
		c + "/news/a.md:9: column 5: no current practice has the Location ID \"1-999\"",
		c + "/news/b.md:4: key \"practices\": no current practice has the Location ID \"1-404\"",
	}
	var got []string
	for _, p := range res.Problems.Errors() {
		got = append(got, p.String())
	}
	if len(got) != len(want) {
		t.Errorf("%d errors, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range min(len(got), len(want)) {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d = %s\nwant %s…", i, got[i], want[i])
		}
	}
	if _, err := os.Stat(cfg.OutDir); !os.IsNotExist(err) {
		t.Errorf("the output was written: %v", err)
	}
}

// TestNewsPagesAndLists: 45 releases make three pages of /news/, newest
// first; the home page lists the three newest; a region page lists the
// releases that concern it; drafts appear nowhere.
func TestNewsPagesAndLists(t *testing.T) {
	content := map[string]string{
		"news/draft.md": release("Secret draft", "2025-06-01", "draft: true\n", "Not yet.\n"),
	}
	for i := 1; i <= 45; i++ {
		front := ""
		if i%10 == 0 {
			front = "regions: [north-west]\n"
		}
		content[fmt.Sprintf("news/2025-01-%02d-r%02d.md", (i-1)%28+1, i)] = release(fmt.Sprintf("Release %02d", i),
			time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format("2006-01-02"), front, "Body.\n")
	}
	cfg := newsConfig(t, filepath.Join("testdata", "golden", "data"), content)
	out, res, err := tryBuildMem(cfg)
	if err != nil {
		t.Fatalf("%v: %v", err, res.Problems.Errors())
	}
	read := func(p string) string {
		b, err := fs.ReadFile(out, p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	titles := func(page string) []string {
		return regexp.MustCompile(`Release (\d\d)`).FindAllString(page, -1)
	}
	list := func(from, to int) []string {
		var out []string
		for i := from; i >= to; i-- {
			out = append(out, fmt.Sprintf("Release %02d", i))
		}
		return out
	}
	for p, want := range map[string][]string{
		"news/index.html":        list(45, 26),
		"news/page/2/index.html": list(25, 6),
		"news/page/3/index.html": list(5, 1),
		"index.html":             list(45, 43),
		// North West's page: every tenth release.
		"regions/north-west/index.html": {"Release 40", "Release 30", "Release 20", "Release 10"},
	} {
		if got := titles(read(p)); !slices.Equal(got, want) {
			t.Errorf("%s lists %v, want %v", p, got, want)
		}
	}
	if strings.Contains(read("regions/yorkshire-and-the-humber/index.html"), "Release") {
		t.Error("a region page lists releases that do not concern it")
	}
	p2 := read("news/page/2/index.html")
	for _, s := range []string{`href="/ratings/news/" rel="prev"`, `href="/ratings/news/page/3/" rel="next"`, `href="/ratings/news/page/2/" aria-current="page"`} {
		if !strings.Contains(strings.ReplaceAll(p2, `"`, ``), strings.ReplaceAll(s, `"`, ``)) {
			t.Errorf("page 2 lacks %s", s)
		}
	}
	if _, err := fs.Stat(out, "news/page/4"); err == nil {
		t.Error("a fourth page of news was written for 45 releases")
	}
	if _, err := fs.Stat(out, "news/secret-draft"); err == nil || strings.Contains(read("news/feed.xml"), "Secret") {
		t.Error("the draft was published")
	}
	sitemap := read("sitemap.xml")
	for _, u := range []string{"https://example.org/ratings/news/page/3/", "https://example.org/ratings/news/r45/"} {
		if !strings.Contains(sitemap, "<loc>"+u+"</loc>") {
			t.Errorf("sitemap lacks %s", u)
		}
	}
}

// TestNewsRawHTMLAndScriptLinks: raw HTML is omitted unless UnsafeHTML is
// set, and javascript:, vbscript: and data: links are dropped either way,
// on the page and in the feed.
func TestNewsRawHTMLAndScriptLinks(t *testing.T) {
	body := "<div class=\"raw\">raw</div>\n\n<script>alert(1)</script>\n\n[js](javascript:alert(1)) [vb](VBScript:x) [d](data:text/html,x) ![img](javascript:x) <javascript:alert(2)>\n"
	for _, unsafe := range []bool{false, true} {
		cfg := newsConfig(t, filepath.Join("testdata", "golden", "data"), map[string]string{"news/r.md": release("R", "2025-01-01", "", body)})
		cfg.UnsafeHTML = unsafe
		out, res, err := tryBuildMem(cfg)
		if err != nil {
			t.Fatalf("%v: %v", err, res.Problems.Errors())
		}
		for _, f := range []string{"news/r/index.html", "news/feed.xml"} {
			b, _ := fs.ReadFile(out, f)
			s := strings.ToLower(string(b))
			for _, bad := range []string{"javascript:", "vbscript:", "data:text", "alert("} {
				if strings.Contains(s, bad) && !(unsafe && bad == "alert(") {
					t.Errorf("unsafe=%v: %s holds %q", unsafe, f, bad)
				}
			}
			raw := strings.Contains(s, `class="raw"`) || strings.Contains(s, `class=&#34;raw&#34;`) || strings.Contains(s, "class=&quot;raw&quot;")
			if raw != unsafe {
				t.Errorf("unsafe=%v: %s shows the raw HTML: %v", unsafe, f, raw)
			}
		}
	}
}

// atom is the part of an Atom 1.0 feed (RFC 4287) that the tests check.
type atom struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		ID        string     `xml:"id"`
		Title     string     `xml:"title"`
		Updated   string     `xml:"updated"`
		Published string     `xml:"published"`
		Summary   string     `xml:"summary"`
		Links     []atomLink `xml:"link"`
		Content   struct {
			Type string `xml:"type,attr"`
			Base string `xml:"http://www.w3.org/XML/1998/namespace base,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

func absolute(t *testing.T, what, u string) {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || p.Host != "ratings.example.org" {
		t.Errorf("%s %q is not an absolute URL of the site", what, u)
	}
}

// TestNewsFeedIsAtom parses the golden site's feed as Atom and checks the
// required elements, absolute URLs, the full content and a deterministic
// updated time.
func TestNewsFeedIsAtom(t *testing.T) {
	dir := filepath.Join("testdata", "golden")
	out, _ := buildMem(t, Config{DataDir: filepath.Join(dir, "data"), ContentDir: filepath.Join(dir, "content"),
		Templates: fstest.MapFS{}, Assets: fstest.MapFS{}, BaseURL: "https://ratings.example.org/"})
	b, err := fs.ReadFile(out, "news/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	var f atom
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("feed.xml is not Atom: %v", err)
	}
	absolute(t, "feed id", f.ID)
	if f.Title == "" || len(f.Author) == 0 || f.Author[0].Name == "" {
		t.Errorf("feed lacks its title or author: %+v", f)
	}
	// updated is the newest release's date, not the build's.
	if f.Updated != "2025-05-01T00:00:00Z" {
		t.Errorf("feed updated = %q, want the newest release's date", f.Updated)
	}
	rels := map[string]string{}
	for _, l := range f.Links {
		rels[l.Rel] = l.Href
		absolute(t, "feed link", l.Href)
	}
	if rels["self"] != "https://ratings.example.org/news/feed.xml" || rels["alternate"] != "https://ratings.example.org/news/" {
		t.Errorf("feed links = %v", rels)
	}
	if len(f.Entries) != 2 {
		t.Fatalf("entries = %d, want 2 (the draft left out)", len(f.Entries))
	}
	for _, e := range f.Entries {
		absolute(t, "entry id", e.ID)
		if e.Title == "" || e.Updated == "" || len(e.Links) == 0 || e.Content.Type != "html" || strings.TrimSpace(e.Content.Body) == "" {
			t.Errorf("entry lacks a required element: %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry updated %q: %v", e.Updated, err)
		}
		for _, l := range e.Links {
			absolute(t, "entry link", l.Href)
		}
		absolute(t, "content xml:base", e.Content.Base)
		// Every link in the content is absolute (or a fragment of the entry).
		doc, err := html.Parse(strings.NewReader(e.Content.Body))
		if err != nil {
			t.Fatal(err)
		}
		for n := range doc.Descendants() {
			for _, a := range n.Attr {
				if (a.Key == "href" || a.Key == "src") && !strings.HasPrefix(a.Val, "#") {
					if u, err := url.Parse(a.Val); err != nil || !u.IsAbs() || u.Host == "" {
						t.Errorf("content link %q is not absolute", a.Val)
					}
				}
			}
		}
	}
	first := f.Entries[0]
	if first.ID != "https://ratings.example.org/news/ratings-in-the-north/" || first.Title != `North: "good" & <b>better</b>` {
		t.Errorf("first entry = %q %q", first.ID, first.Title)
	}
	for _, s := range []string{"Of the 3 rated practices", `href="https://ratings.example.org/practices/1-100000003/"`, "&lt;script&gt;alert(", "Ratings as published by CQC."} {
		if !strings.Contains(first.Content.Body, s) {
			t.Errorf("the first entry's content lacks %s:\n%s", s, first.Content.Body)
		}
	}
	if strings.Contains(first.Content.Body, "<script") || strings.Contains(first.Content.Body, "javascript:") {
		t.Errorf("the feed content carries a script:\n%s", first.Content.Body)
	}
}

// TestBadInputHostileNews: the hostile case's press release shows its
// markup-laden title, summary and practice names as text, on its page and
// in the feed, and neither carries an element, handler or script link
// (TestBadInputHostile checks every HTML page for those too).
func TestBadInputHostileNews(t *testing.T) {
	cfg, _ := badConfig(t, badDir(t, "hostile"))
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatalf("%v: %v", err, res.Problems.Errors())
	}
	page, err := os.ReadFile(filepath.Join(cfg.OutDir, "news", "hostile", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(page)))
	if err != nil {
		t.Fatal(err)
	}
	var h1, lead, text string
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "h1" {
			h1 = badText(n)
		}
		if n.Type == html.ElementNode && n.Data == "p" && attr(n, "class") == "lead" {
			lead = badText(n)
		}
		if n.Type == html.ElementNode && n.Data == "article" {
			text = badSpace(badText(n))
		}
	}
	if h1 != `<script>alert("title")</script> & "quotes"` {
		t.Errorf("h1 = %q", h1)
	}
	if lead != `"><img src=x onerror=alert(1)> "><img src=x onerror=alert(1)>` {
		t.Errorf("summary = %q", lead)
	}
	for _, s := range []string{"<script>alert(1)</script>", "javascript:alert(1)", "a script link another vb data"} {
		if !strings.Contains(text, s) {
			t.Errorf("the release does not show %q as text: %s", s, text)
		}
	}
	b, err := os.ReadFile(filepath.Join(cfg.OutDir, "news", "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var f atom
	if err := xml.Unmarshal(b, &f); err != nil || len(f.Entries) != 1 {
		t.Fatalf("feed: %v, %d entries", err, len(f.Entries))
	}
	e := f.Entries[0]
	if e.Title != h1 {
		t.Errorf("feed title = %q, want %q", e.Title, h1)
	}
	content, err := html.Parse(strings.NewReader(e.Content.Body))
	if err != nil {
		t.Fatal(err)
	}
	for n := range content.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "script" || n.Data == "img" {
			t.Errorf("the feed's content has a <%s>", n.Data)
		}
		for _, a := range n.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:") {
				t.Errorf("the feed's content has <%s %s=%q>", n.Data, a.Key, a.Val)
			}
		}
	}
}
