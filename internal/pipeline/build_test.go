package pipeline

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"ratingsite/internal/fixture"
)

// The fixture helpers, under the short names these tests use.
const header = fixture.Header

var (
	row          = fixture.Row
	practiceRows = fixture.Practice
	writeFile    = fixture.Write
)

func TestBuildSmallSite(t *testing.T) {
	csv := header +
		practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024") +
		practiceRows("1-1000000002", "Beta <script>alert(1)</script> Practice", "Oldham", "North West", "Inadequate", "01/03/2025") +
		practiceRows("1-1000000003", "Gamma Health Centre", "Leeds", "Yorkshire and The Humber", "Inspected but not rated", "01/03/2025")
	var lastDone, lastTotal, calls int
	cfg := memConfig(map[string]string{"ratings/latest.csv": csv})
	cfg.BaseURL, cfg.Workers = "https://example.org/ratings/", 1
	cfg.Progress = func(done, total int) { lastDone, lastTotal, calls = done, total, calls+1 }
	out, res := buildMem(t, cfg)
	if res.Practices != 3 {
		t.Errorf("practices = %d, want 3", res.Practices)
	}
	// Progress ends at its total: every page and JSON file was counted,
	// the news feed, and the map files (national: a PNG, two GeoJSON and a
	// CSV; each region and local authority: a PNG, a GeoJSON and a CSV).
	if lastDone != lastTotal || calls != lastTotal || lastTotal != res.Pages+res.Practices+1+4+3*(res.Regions+res.LocalAuth) {
		t.Errorf("progress ended at %d of %d after %d calls; the build made %d pages and %d JSON files", lastDone, lastTotal, calls, res.Pages, res.Practices)
	}
	page, err := fs.ReadFile(out, "practices/1-1000000002/index.html")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "script" && (n.FirstChild != nil || !strings.Contains(attr(n, "src"), "/assets/")) {
			t.Errorf("data injected a script element: %v", n.Attr)
		}
		if n.Type == html.ElementNode && n.Data == "h1" && n.FirstChild.Data != "Beta <script>alert(1)</script> Practice" {
			t.Errorf("h1 = %q, want the name as text", n.FirstChild.Data)
		}
	}
	for _, p := range []string{"index.html", "national/index.html", "about/index.html", "regions/north-west/index.html",
		"regions/yorkshire-and-the-humber/index.html", "local-authorities/oldham/index.html", "practices/1-1000000001.json"} {
		if _, err := fs.Stat(out, p); err != nil {
			t.Errorf("missing %s", p)
		}
	}
}

func TestBuildBadInputLeavesOutputUntouched(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "public", "keep.txt"), "old site")
	writeFile(t, filepath.Join(dir, "data", "ratings", "bad.csv"), header+practiceRows("1-1", "X", "Oldham", "North West", "Goood", "01/02/2024"))
	cfg := Config{DataDir: filepath.Join(dir, "data"), OutDir: filepath.Join(dir, "public")}
	_, err := Build(context.Background(), cfg)
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("err = %v, want ErrInvalidInput", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "public", "keep.txt")); err != nil || string(b) != "old site" {
		t.Errorf("previous output was changed: %q %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			t.Errorf("temporary directory left behind: %s", e.Name())
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestSiteFilesOverrideDefaults(t *testing.T) {
	cfg := memConfig(map[string]string{"ratings/r.csv": header + practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024")})
	// A site's own words change the About page's title, its shell wraps
	// every page, its site.css replaces the built-in one; a new asset is
	// added; every other file stays the default.
	cfg.Templates = memInput(map[string]string{
		"words.toml": "[about]\ntitle = \"Our own about page\"\n",
		"shell.html": `<!DOCTYPE html><html lang="en-GB"><head>{{.Head}}<link rel="icon" href="{{asset "logo.svg"}}"></head>` +
			`<body><p class="our-banner">Our banner</p>{{.Header}}<main id="main">{{.Content}}</main>{{.Footer}}</body></html>`,
	})
	cfg.Assets = memInput(map[string]string{
		"site.css": "body { color: #000000; }",
		"logo.svg": `<svg xmlns="http://www.w3.org/2000/svg"></svg>`,
	})
	out, _ := buildMem(t, cfg)
	about, _ := fs.ReadFile(out, "about/index.html")
	if !strings.Contains(string(about), "<h1>Our own about page</h1>") || !strings.Contains(string(about), `<p class="our-banner">Our banner</p><header class="site-header">`) ||
		!strings.Contains(string(about), "<title>Our own about page – GP practice ratings</title>") {
		t.Errorf("the site's words and shell are not used: %s", about)
	}
	asset := func(pattern string) string {
		m, _ := fs.Glob(out, "assets/"+pattern)
		if len(m) != 1 {
			t.Errorf("assets/%s: %d files, want 1", pattern, len(m))
			return ""
		}
		b, _ := fs.ReadFile(out, m[0])
		return string(b)
	}
	if css := asset("site.*.css"); css != "body{color:#000}" {
		t.Errorf("site.css = %q, want the site's own, minified", css)
	}
	asset("site.*.js")  // the default, since only site.css is overridden
	asset("logo.*.svg") // a new asset
	home, _ := fs.ReadFile(out, "index.html")
	if !strings.Contains(string(home), "England at a glance") || !strings.Contains(string(home), "Our banner") || !strings.Contains(string(home), `/assets/logo.`) {
		t.Error("home page is not the default template in the site's shell")
	}
}

func TestBrokenTemplateFailsWithoutWriting(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data", "ratings", "r.csv"), header+practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024"))
	writeFile(t, filepath.Join(dir, "templates", "shell.html"), "<!DOCTYPE html>\n<html>\n<body>{{.Content}}{{.Data.NoSuchField}}</body></html>")
	out := filepath.Join(dir, "public")
	_, err := Build(context.Background(), Config{DataDir: filepath.Join(dir, "data"), TemplatesDir: filepath.Join(dir, "templates"), OutDir: out})
	if err == nil || !strings.Contains(err.Error(), "templates/shell.html:3:") {
		t.Fatalf("err = %v, want a template error naming shell.html line 3", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a failed build created the output directory")
	}
}

func TestRefusesOutputThatHoldsInputs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data", "ratings", "r.csv"), header+practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024"))
	for _, out := range []string{dir, filepath.Join(dir, "data"), "/"} {
		_, err := Build(context.Background(), Config{DataDir: filepath.Join(dir, "data"), OutDir: out})
		if err == nil {
			t.Errorf("-out %s was accepted", out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "ratings", "r.csv")); err != nil {
		t.Fatal("the input was destroyed")
	}
}
