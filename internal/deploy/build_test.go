package deploy

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ratingsite/internal/pipeline"
)

// TestOnePracticeChanged builds the repository's sample, deploys it,
// changes one practice's address in the latest ratings, builds again and
// deploys: only the files the change touched are uploaded.
func TestOnePracticeChanged(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(data, os.DirFS(filepath.Join(root, "data"))); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "public")
	cfg := pipeline.Config{
		DataDir:      data,
		ContentDir:   filepath.Join(root, "content"),
		TemplatesDir: filepath.Join(root, "templates"),
		AssetsDir:    filepath.Join(root, "assets"),
		OutDir:       dir,
		BaseURL:      "https://example.org/",
		Compress:     true,
	}
	ctx := context.Background()
	if _, err := pipeline.Build(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	forEachTarget(t, func(t *testing.T, u string) {
		if _, err := pipeline.Build(ctx, cfg); err != nil { // back to the original, for the second target
			t.Fatal(err)
		}
		before := expected(t, dir)
		res, err := run(t, u, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Uploaded != len(before) {
			t.Fatalf("first deploy uploaded %d of %d files", res.Uploaded, len(before))
		}
		files, _ := filepath.Glob(filepath.Join(data, "ratings", "*.csv"))
		slices.Sort(files)
		latest := files[len(files)-1]
		orig, err := os.ReadFile(latest)
		if err != nil {
			t.Fatal(err)
		}
		changed := bytes.ReplaceAll(orig, []byte("198 York Road"), []byte("199 York Road"))
		if bytes.Equal(changed, orig) {
			t.Fatal("the sample's latest ratings no longer hold 198 York Road: pick another practice")
		}
		os.WriteFile(latest, changed, 0o644)
		defer os.WriteFile(latest, orig, 0o644)
		if _, err := pipeline.Build(ctx, cfg); err != nil {
			t.Fatal(err)
		}
		after := expected(t, dir)
		var want []string
		for k, v := range after {
			if b, ok := before[k]; !ok || b != v {
				want = append(want, k)
			}
		}
		slices.Sort(want)
		res, err = run(t, u, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range res.Plan.Uploads {
			got = append(got, it.Key)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("uploaded %v\nwant the files the change touched: %v", got, want)
		}
		if len(got) == 0 || len(got) > len(after)/10 || !slices.ContainsFunc(got, func(k string) bool {
			return strings.HasPrefix(k, "practices/") && strings.HasSuffix(k, "/index.html")
		}) {
			t.Errorf("%d of %d files uploaded for one practice's address: %v", len(got), len(after), got)
		}
		t.Logf("one address changed: %d of %d files uploaded", len(got), len(after))
		sameSite(t, openBucket(t, u), dir)
	})
}
