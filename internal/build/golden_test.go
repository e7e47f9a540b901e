package build

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/want/")

// TestGolden builds the small site in testdata/golden and compares one page
// of every type, byte for byte, with testdata/golden/want/. After a
// deliberate change, run `go test ./internal/build -run Golden -update`
// and review the diff like code.
func TestGolden(t *testing.T) {
	dir := filepath.Join("testdata", "golden")
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Config{
		DataDir:      filepath.Join(dir, "data"),
		ContentDir:   filepath.Join(dir, "content"),
		TemplatesDir: filepath.Join(dir, "no-templates"),
		AssetsDir:    filepath.Join(dir, "no-assets"),
		OutDir:       out,
		BaseURL:      "https://ratings.example.org/",
		Workers:      2,
	})
	if err != nil {
		t.Fatalf("%v: %v", err, res.Problems.All())
	}
	if n := len(res.Problems.Warnings()); n != 1 { // New Road Practice has no coordinates
		t.Errorf("warnings = %v, want 1", res.Problems.Warnings())
	}
	pages := []string{
		"index.html",
		"national/index.html",
		"about/index.html",
		"accessibility/index.html",
		"regions/north-west/index.html",
		"local-authorities/leeds/index.html",
		"practices/1-100000001/index.html",
		"practices/1-100000001.json",
		"practices/1-100000002/index.html",
		"practices/1-100000003/index.html",
		"practices/1-100000003.json",
		"practices/1-100000004/index.html",
		"404.html",
		"news/index.html",
		"news/ratings-in-the-north/index.html",
		"news/feed.xml",
		"search/index.html",
		"search/s/index.html",
		"national/overall/not-rated/index.html",
		"search/index/meta.json",
		"embed/national/index.html",
		"embed/regions/north-west/index.html",
		"map/regions.geojson",
		"regions/north-west/practices.geojson",
		"regions/north-west/practices.csv",
		"sitemap.xml",
		"robots.txt",
		"_headers",
		// Rating history (issue 8): two months, a closure and enforcement.
		"changes/index.html",
		"changes/feed.xml",
		"closed/index.html",
		"special-measures/index.html",
		"overdue/index.html",
		"overdue/north-west/index.html",
		"practices/1-100000005/index.html",
		"practices/1-100000005.json",
		"practices/1-100000002.json",
	}
	for _, p := range pages {
		got, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		golden := filepath.Join(dir, "want", filepath.FromSlash(p))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: %v (run with -update to create it)", p, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its golden file %s; run `go test ./internal/build -run Golden -update` and review the diff", p, golden)
		}
	}
}
