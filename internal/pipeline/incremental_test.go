package pipeline

import (
	"bytes"
	"context"
	"encoding/xml"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ratingsite/internal/headers"
)

// snapshot reads every file of a tree with its modification time.
func snapshot(t *testing.T, root string) map[string]struct {
	data string
	mod  time.Time
} {
	t.Helper()
	out := map[string]struct {
		data string
		mod  time.Time
	}{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			b, _ := os.ReadFile(p)
			st, _ := d.Info()
			out[rel] = struct {
				data string
				mod  time.Time
			}{string(b), st.ModTime()}
		}
		return nil
	})
	return out
}

func sampleConfig(t *testing.T, data, out string) Config {
	root := repoRoot(t)
	return Config{DataDir: data, ContentDir: filepath.Join(root, "content"), TemplatesDir: filepath.Join(root, "templates"),
		AssetsDir: filepath.Join(root, "assets"), OutDir: out, BaseURL: "https://example.org/"}
}

func TestIncrementalEqualsClean(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.CopyFS(data, os.DirFS(filepath.Join(repoRoot(t), "data"))); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	cfg := sampleConfig(t, data, out)
	first, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	// The phases are measured, and they split the build's time.
	ph := first.Phases
	if ph.Read <= 0 || ph.Render <= 0 || ph.Publish <= 0 || ph.Read+ph.Render+ph.Publish > first.Elapsed {
		t.Errorf("phases %+v do not split the build's %s", ph, first.Elapsed)
	}

	// No input change: nothing is read, nothing is written.
	again, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Skipped || again.Written != 0 || again.Unchanged != first.Files || again.Phases != (Phases{}) {
		t.Errorf("no-change rebuild: skipped %v, written %d, unchanged %d of %d", again.Skipped, again.Written, again.Unchanged, first.Files)
	}
	if len(again.Problems.Warnings()) != len(first.Problems.Warnings()) {
		t.Errorf("no-change rebuild reports %d warnings, the build had %d", len(again.Problems.Warnings()), len(first.Problems.Warnings()))
	}
	// Forced, the rebuild renders everything and still writes nothing.
	cfg.Force = true
	forced, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if forced.Skipped || forced.Written != 0 || forced.Removed != 0 {
		t.Errorf("forced rebuild: %+v", forced)
	}
	cfg.Force = false
	for p, f := range snapshot(t, out) {
		if !f.mod.Equal(before[p].mod) {
			t.Errorf("%s was rewritten by a rebuild with no change", p)
		}
	}

	// One practice changes its rating and one leaves the newest month's
	// file: it has closed, and keeps its page and JSON.
	csvs, _ := filepath.Glob(filepath.Join(data, "ratings", "*.csv"))
	newest := csvs[len(csvs)-1]
	b, _ := os.ReadFile(newest)
	lines := strings.Split(string(b), "\r\n")
	changed, gone := "", ""
	var kept []string
	for _, l := range lines {
		f := strings.Split(l, ",")
		if len(f) < 20 || !strings.Contains(l, ",GP Practices,") {
			kept = append(kept, l)
			continue
		}
		id := f[0]
		switch {
		case changed == "" && strings.Contains(l, ",Overall,Overall,Good,"):
			changed = id
		case gone == "" && id != changed && changed != "":
			gone = id
		}
		if id == gone {
			continue
		}
		if id == changed && strings.Contains(l, ",Overall,Overall,Good,") {
			l = strings.Replace(l, ",Overall,Overall,Good,", ",Overall,Overall,Requires improvement,", 1)
		}
		kept = append(kept, l)
	}
	os.WriteFile(newest, []byte(strings.Join(kept, "\r\n")), 0o644)
	inc, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, out)
	if after["practices/"+changed+"/index.html"].data == before["practices/"+changed+"/index.html"].data {
		t.Errorf("the changed practice %s was not rewritten", changed)
	}
	if j, ok := after["practices/"+gone+".json"]; !ok || !strings.Contains(j.data, `"status":"closed"`) {
		t.Errorf("practice %s left the newest month: its JSON must stay, saying it closed", gone)
	}
	if p, ok := after["practices/"+gone+"/index.html"]; !ok || !strings.Contains(p.data, `class="notice notice--closed"`) {
		t.Errorf("practice %s left the newest month: its page must stay, marked closed", gone)
	}
	// The search index has a file for every shard, tile and list that
	// holds either practice: count those apart.
	idxWritten, idxRemoved := 0, 0
	for p, f := range after {
		if strings.HasPrefix(filepath.ToSlash(p), "search/index/") && f.data != before[p].data {
			idxWritten++
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok && strings.HasPrefix(filepath.ToSlash(p), "search/index/") {
			idxRemoved++
		}
	}
	// Outside the index, a changed practice touches its page and JSON, its
	// lists, its neighbours' pages and small maps, and its region's and
	// the nation's map files, downloads and embeds: a few dozen files.
	if inc.Removed != idxRemoved || inc.Written == 0 || inc.Written-idxWritten > 60 || idxWritten > 40 {
		t.Errorf("incremental build wrote %d (%d of the search index) and removed %d (%d) files; want a few, and none outside the index", inc.Written, idxWritten, inc.Removed, idxRemoved)
	}
	for p, f := range after {
		if f.data == before[p].data && !f.mod.Equal(before[p].mod) {
			t.Errorf("%s is unchanged but was rewritten", p)
		}
	}

	// The result is byte-identical to a clean build of the same input.
	clean := filepath.Join(dir, "clean")
	cfg.OutDir = clean
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	cleanSnap := snapshot(t, clean)
	if len(cleanSnap) != len(after) {
		t.Errorf("clean build has %d files, incremental %d", len(cleanSnap), len(after))
	}
	for p, f := range cleanSnap {
		if after[p].data != f.data {
			t.Errorf("%s differs between the incremental and the clean build", p)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := buildSample(t, "https://example.org/")
	b, _ := buildMem(t, sampleInputs(t, "https://example.org/"))
	for _, d := range compareTrees(a, b) {
		t.Errorf("two clean builds differ: %s", d)
	}
}

func TestSitemapSplits(t *testing.T) {
	for _, limit := range []int{0, 100} {
		out, res := buildSample(t, "https://example.org/")
		if limit != 0 {
			cfg := sampleInputs(t, "https://example.org/")
			cfg.SitemapLimit = limit
			out, res = buildMem(t, cfg)
		}
		type loc struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		}
		var index struct {
			XMLName  xml.Name
			URLs     []loc `xml:"url"`
			Sitemaps []loc `xml:"sitemap"`
		}
		b, _ := fs.ReadFile(out, "sitemap.xml")
		if err := xml.Unmarshal(b, &index); err != nil {
			t.Fatal(err)
		}
		urls := index.URLs
		// Every page but the 404 page, the closed practices' pages (kept,
		// but not indexed) and the embeds (national, and one per region
		// and local authority, noindex), once, absolute, with a date.
		want := res.Pages - 1 - res.Closed - (1 + res.Regions + res.LocalAuth)
		if limit == 0 {
			if index.XMLName.Local != "urlset" {
				t.Errorf("sitemap.xml is a %s, want a urlset", index.XMLName.Local)
			}
		} else {
			if index.XMLName.Local != "sitemapindex" || len(index.Sitemaps) != (want+limit-1)/limit {
				t.Errorf("limit %d: sitemap.xml is a %s of %d sitemaps for %d pages", limit, index.XMLName.Local, len(index.Sitemaps), res.Pages)
			}
			for _, s := range index.Sitemaps {
				var part struct {
					URLs []loc `xml:"url"`
				}
				pb, err := fs.ReadFile(out, strings.TrimPrefix(s.Loc, "https://example.org/"))
				if err != nil {
					t.Fatal(err)
				}
				if err := xml.Unmarshal(pb, &part); err != nil {
					t.Fatal(err)
				}
				if len(part.URLs) > limit {
					t.Errorf("%s has %d URLs, over the limit %d", s.Loc, len(part.URLs), limit)
				}
				urls = append(urls, part.URLs...)
			}
		}
		if len(urls) != want {
			t.Errorf("limit %d: %d URLs for %d pages", limit, len(urls), res.Pages)
		}
		seen := map[string]bool{}
		for _, u := range urls {
			if !strings.HasPrefix(u.Loc, "https://example.org/") || seen[u.Loc] || len(u.LastMod) != 10 {
				t.Errorf("bad or repeated URL %+v", u)
			}
			seen[u.Loc] = true
			rel := strings.TrimPrefix(u.Loc, "https://example.org/")
			if _, err := fs.Stat(out, path.Join(rel, "index.html")); err != nil {
				t.Errorf("sitemap lists %s, which has no page", u.Loc)
			}
		}
		robots, _ := fs.ReadFile(out, "robots.txt")
		if !bytes.Contains(robots, []byte("Sitemap: https://example.org/sitemap.xml")) {
			t.Errorf("robots.txt = %q", robots)
		}
	}
}

func TestHeadersFile(t *testing.T) {
	out, _ := buildSample(t, "https://example.org/ratings/")
	b, err := fs.ReadFile(out, "_headers")
	if err != nil {
		t.Fatal(err)
	}
	var rules []headers.Rule
	seen := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case !strings.HasPrefix(l, " "):
			if seen[l] {
				t.Errorf("rule %s appears twice", l)
			}
			seen[l] = true
			rules = append(rules, headers.Rule{Pattern: l})
		default:
			k, v, _ := strings.Cut(strings.TrimSpace(l), ": ")
			rules[len(rules)-1].Headers = append(rules[len(rules)-1].Headers, headers.Header{Name: k, Value: v})
		}
	}
	if len(rules) == 0 || rules[0].Pattern != "/ratings/*" || headers.Get(rules[0].Headers, "X-Content-Type-Options") != "nosniff" ||
		headers.Get(rules[0].Headers, "X-Frame-Options") != "SAMEORIGIN" || headers.Get(rules[0].Headers, "Cache-Control") != "" {
		t.Errorf("the catch-all rule: %v", rules)
	}
	// Every published file, whether the host joins the values of a header
	// that several rules set (Cloudflare) or keeps the last (Netlify), gets
	// one Cache-Control, the policy, and frame-ancestors 'self' except the
	// embeds, which any site may frame. Paths the site does not make (404s)
	// still get the policy and X-Frame-Options.
	check := func(url string, file bool) {
		for _, how := range []headers.Combine{headers.Join, headers.Last} {
			h := headers.For(rules, url, how)
			cache, csp := headers.Get(h, "Cache-Control"), headers.Get(h, "Content-Security-Policy")
			want := headers.ShortCache
			if strings.HasPrefix(url, "/ratings/assets/") {
				want = headers.LongCache
			}
			if file && cache != want {
				t.Errorf("%s (combine %d): Cache-Control %q, want %q", url, how, cache, want)
			}
			if !strings.HasPrefix(csp, "default-src 'none'; script-src 'self'") {
				t.Errorf("%s (combine %d): policy %q", url, how, csp)
			}
			embed := strings.HasPrefix(url, "/ratings/embed/")
			for _, policy := range strings.Split(csp, ",") {
				_, fa, ok := strings.Cut(policy, "frame-ancestors ")
				if ok && (fa == "*") != embed {
					t.Errorf("%s (combine %d): frame-ancestors %s", url, how, fa)
				}
			}
			if !file && headers.Get(h, "X-Frame-Options") != "SAMEORIGIN" {
				t.Errorf("%s (combine %d): no X-Frame-Options: %v", url, how, h)
			}
		}
	}
	if !seen["/ratings/embed/*"] {
		t.Error("no rule for /ratings/embed/*")
	}
	n := 0
	fs.WalkDir(out, ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if rel != "_headers" {
			check("/ratings/"+rel, true)
			n++
		}
		return nil
	})
	for _, missing := range []string{"/ratings/no-such-page/", "/ratings/index.htm", "/ratings/practices/0-0/"} {
		check(missing, false)
	}
	if n < 100 {
		t.Errorf("checked only %d files", n)
	}
}
