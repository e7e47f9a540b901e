package deploy

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gocloud.dev/blob"

	"ratingsite/internal/headers"
)

// writeSite writes a small site in the shape a build leaves: fingerprinted
// assets, pages that refer to them, data files, a -compress .gz beside the
// GeoJSON and CSV, and _headers. Version v changes the asset's name, the
// data and the pages.
func writeSite(t *testing.T, dir string, v int) {
	t.Helper()
	os.RemoveAll(dir)
	css := fmt.Sprintf("assets/site.%08d.css", v)
	geo := bytes.Repeat([]byte(fmt.Sprintf(`{"type":"Feature","v":%d},`, v)), 200)
	csv := bytes.Repeat([]byte(fmt.Sprintf("1-%d,Practice,Good\n", v)), 200)
	files := map[string][]byte{
		css:                                       []byte(fmt.Sprintf("body{color:#%06d}", v)),
		"assets/map.0badc0de.js":                  []byte("console.log(1)"),
		"assets/favicon.12345678.svg":             []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"),
		"index.html":                              page(css, "home", v),
		"404.html":                                page(css, "not found", 1),
		"practices/1-2/index.html":                page(css, "practice", v),
		"practices/1-3/index.html":                page(css, "practice 3", 1),
		"embed/national/index.html":               page(css, "embed", v),
		"practices/1-2.json":                      []byte(fmt.Sprintf(`{"v":%d}`, v)),
		"map/practices.geojson":                   geo,
		"map/practices.geojson.gz":                gz(t, geo),
		"map/practices.geojson.br":                []byte("not really brotli"),
		"map/practices.csv":                       csv,
		"map/practices.csv.gz":                    gz(t, csv),
		"index.html.gz":                           gz(t, page(css, "home", v)),
		"map/england.png":                         {0x89, 'P', 'N', 'G'},
		"news/feed.xml":                           []byte(`<feed xmlns="http://www.w3.org/2005/Atom"/>`),
		"sitemap.xml":                             []byte(`<urlset/>`),
		"robots.txt":                              []byte("User-agent: *\n"),
		"_headers":                                []byte("/*\n  X-Test: 1\n"),
		fmt.Sprintf("news/item-%d/index.html", v): page(css, "news", v),
	}
	for p, data := range files {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func page(css, title string, v int) []byte {
	return []byte(fmt.Sprintf(`<!doctype html><html lang="en"><link rel="stylesheet" href="/%s"><title>%s</title><p>version %d<script src="/assets/map.0badc0de.js"></script>`, css, title, v))
}

func gz(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// expected is what the bucket should hold for the site in dir: key → MD5
// of the bytes uploaded.
func expected(t *testing.T, dir string) map[string][16]byte {
	t.Helper()
	items, err := local(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][16]byte{}
	for _, it := range items {
		b, err := os.ReadFile(it.Source)
		if err != nil {
			t.Fatal(err)
		}
		out[it.Key] = md5.Sum(b)
	}
	return out
}

// contents lists the bucket: key → MD5 of its bytes (read back, not
// taken from the listing).
func contents(t *testing.T, b *blob.Bucket) map[string][16]byte {
	t.Helper()
	ctx := context.Background()
	out := map[string][16]byte{}
	objs, _, err := b.ListPage(ctx, blob.FirstPageToken, 1<<20, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Key == MarkerKey || o.IsDir {
			continue
		}
		data, err := b.ReadAll(ctx, o.Key)
		if err != nil {
			t.Fatalf("reading %s back: %v", o.Key, err)
		}
		out[o.Key] = md5.Sum(data)
	}
	return out
}

func sameSite(t *testing.T, b *blob.Bucket, dir string) {
	t.Helper()
	got, want := contents(t, b), expected(t, dir)
	for k, v := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("the bucket lacks %s", k)
		} else if g != v {
			t.Errorf("the bucket's %s differs from the site's", k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("the bucket holds %s, which the site does not", k)
		}
	}
}

func run(t *testing.T, u, dir string, mod func(*Config)) (*Result, error) {
	t.Helper()
	cfg := Config{Dir: dir, Target: u, Backoff: 10 * time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	return Deploy(context.Background(), cfg)
}

func forEachTarget(t *testing.T, f func(t *testing.T, u string)) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) { f(t, tg.open(t)) })
	}
}

func TestFirstDeployUploadsAllSecondNothing(t *testing.T) {
	forEachTarget(t, func(t *testing.T, u string) {
		dir := filepath.Join(t.TempDir(), "public")
		writeSite(t, dir, 1)
		want := len(expected(t, dir))
		res, err := run(t, u, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Uploaded != want || res.Plan.Unchanged != 0 {
			t.Errorf("first deploy: %d uploaded, %d unchanged; want %d and 0", res.Uploaded, res.Plan.Unchanged, want)
		}
		b := openBucket(t, u)
		sameSite(t, b, dir)
		res, err = run(t, u, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Uploaded != 0 || res.Deleted != 0 || res.Plan.Unchanged != want {
			t.Errorf("second deploy: %d uploaded, %d deleted, %d unchanged; want 0, 0, %d", res.Uploaded, res.Deleted, res.Plan.Unchanged, want)
		}
		if res.Requests > 4 {
			t.Errorf("a deploy with nothing to do made %d requests", res.Requests)
		}
		// A dry run of a changed site plans and changes nothing.
		writeSite(t, dir, 2)
		res, err = run(t, u, dir, func(c *Config) { c.DryRun = true })
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Plan.Uploads) == 0 || len(res.Plan.Deletes) != 2 || res.Uploaded != 0 {
			t.Errorf("dry run: %d uploads, %d deletes planned, %d uploaded", len(res.Plan.Uploads), len(res.Plan.Deletes), res.Uploaded)
		}
		writeSite(t, filepath.Join(t.TempDir(), "v1"), 1)
		if got := contents(t, b); got["index.html"] != md5.Sum(page("assets/site.00000001.css", "home", 1)) {
			t.Error("the dry run changed the bucket")
		}
		// Then the real one uploads only what changed, in order.
		res, err = run(t, u, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, it := range res.Plan.Uploads {
			keys = append(keys, it.Key)
		}
		wantKeys := []string{"assets/site.00000002.css", "map/practices.csv", "map/practices.geojson", "practices/1-2.json",
			"404.html", "embed/national/index.html", "index.html", "news/item-2/index.html", "practices/1-2/index.html", "practices/1-3/index.html"}
		if !slices.Equal(keys, wantKeys) {
			t.Errorf("uploads in order:\n%v\nwant\n%v", keys, wantKeys)
		}
		if !slices.Equal(res.Plan.Deletes, []string{"assets/site.00000001.css", "news/item-1/index.html"}) {
			t.Errorf("deletes: %v", res.Plan.Deletes)
		}
		sameSite(t, b, dir)
	})
}

func TestMetadata(t *testing.T) {
	forEachTarget(t, func(t *testing.T, u string) {
		dir := filepath.Join(t.TempDir(), "public")
		writeSite(t, dir, 1)
		if _, err := run(t, u, dir, nil); err != nil {
			t.Fatal(err)
		}
		b := openBucket(t, u)
		ctx := context.Background()
		for _, c := range []struct{ key, ctype, cache, enc string }{
			{"index.html", "text/html; charset=utf-8", headers.ShortCache, ""},
			{"practices/1-2/index.html", "text/html; charset=utf-8", headers.ShortCache, ""},
			{"embed/national/index.html", "text/html; charset=utf-8", headers.ShortCache, ""},
			{"assets/site.00000001.css", "text/css; charset=utf-8", headers.LongCache, ""},
			{"assets/map.0badc0de.js", "text/javascript; charset=utf-8", headers.LongCache, ""},
			{"assets/favicon.12345678.svg", "image/svg+xml", headers.LongCache, ""},
			{"practices/1-2.json", "application/json", headers.ShortCache, ""},
			{"map/practices.geojson", "application/geo+json", headers.ShortCache, "gzip"},
			{"map/practices.csv", "text/csv; charset=utf-8", headers.ShortCache, "gzip"},
			{"map/england.png", "image/png", headers.ShortCache, ""},
			{"news/feed.xml", "application/atom+xml; charset=utf-8", headers.ShortCache, ""},
			{"sitemap.xml", "application/xml; charset=utf-8", headers.ShortCache, ""},
			{"robots.txt", "text/plain; charset=utf-8", headers.ShortCache, ""},
		} {
			a, err := b.Attributes(ctx, c.key)
			if err != nil {
				t.Errorf("%s: %v", c.key, err)
				continue
			}
			if a.ContentType != c.ctype || a.CacheControl != c.cache || a.ContentEncoding != c.enc {
				t.Errorf("%s: Content-Type %q, Cache-Control %q, Content-Encoding %q; want %q, %q, %q",
					c.key, a.ContentType, a.CacheControl, a.ContentEncoding, c.ctype, c.cache, c.enc)
			}
		}
		// The gzip bytes are the build's .gz, under the plain name.
		raw, _ := os.ReadFile(filepath.Join(dir, "map", "practices.geojson.gz"))
		r, err := b.NewReader(ctx, "map/practices.geojson", &blob.ReaderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.ReadFrom(r)
		r.Close()
		if !bytes.Equal(got.Bytes(), raw) {
			t.Error("map/practices.geojson is not the build's gzip bytes")
		}
		// Never uploaded: _headers, .gz and .br siblings.
		for _, k := range []string{"_headers", "map/practices.geojson.gz", "map/practices.geojson.br", "index.html.gz", "map/practices.csv.gz"} {
			if ok, _ := b.Exists(ctx, k); ok {
				t.Errorf("%s was uploaded", k)
			}
		}
	})
}

var assetRef = regexp.MustCompile(`(?:href|src)="/(assets/[^"]+)"`)

// checkConsistent checks what a visitor could reach after a failed
// deploy: every page refers only to assets the bucket holds, no file was
// deleted, and no page (the phase after the failed one) changed.
func checkConsistent(t *testing.T, b *blob.Bucket, oldDir string) {
	t.Helper()
	got := contents(t, b)
	ctx := context.Background()
	for k := range got {
		if !strings.HasSuffix(k, ".html") {
			continue
		}
		data, err := b.ReadAll(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range assetRef.FindAllSubmatch(data, -1) {
			if _, ok := got[string(m[1])]; !ok {
				t.Errorf("%s refers to %s, which the bucket does not hold", k, m[1])
			}
		}
	}
	for k, sum := range expected(t, oldDir) {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s was deleted by a deploy that failed", k)
		} else if strings.HasSuffix(k, ".html") && g != sum {
			t.Errorf("page %s was replaced although the phases before it failed", k)
		}
	}
}

// TestFaultMidway fails the deploy during the data phase: on file:// the
// store refuses every request from the fourth upload on; on S3 the server
// is killed there. The bucket is left consistent, and the next deploy
// completes it.
func TestFaultMidway(t *testing.T) {
	for _, name := range []string{"file", "s3"} {
		t.Run(name, func(t *testing.T) {
			var u string
			var g *gateway
			if name == "file" {
				u = "file://" + filepath.ToSlash(t.TempDir())
			} else {
				t.Setenv("AWS_ACCESS_KEY_ID", testAccess)
				t.Setenv("AWS_SECRET_ACCESS_KEY", testSecret)
				g = startGateway(t)
				u = g.url()
			}
			old := filepath.Join(t.TempDir(), "old")
			writeSite(t, old, 1)
			if _, err := run(t, u, old, nil); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "public")
			writeSite(t, dir, 2)
			var n atomic.Int64
			beforeUpload = func(key string) error {
				if n.Add(1) < 3 {
					return nil
				}
				if g != nil {
					g.kill() // the rest fail against a server that is gone
					return nil
				}
				return errors.New("injected fault")
			}
			res, err := run(t, u, dir, func(c *Config) { c.Attempts = 2; c.Workers = 1 })
			beforeUpload = nil
			if err == nil {
				t.Fatal("the deploy succeeded although its store failed")
			}
			if len(res.Failed) == 0 {
				t.Errorf("no failed file named: %v", err)
			}
			if res.Uploaded == 0 || res.Deleted != 0 {
				t.Errorf("%d uploaded, %d deleted before the fault", res.Uploaded, res.Deleted)
			}
			if g != nil {
				g.start(t)
			}
			b := openBucket(t, u)
			checkConsistent(t, b, old)
			res, err = run(t, u, dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			sameSite(t, b, dir)
			if res.Deleted != 2 {
				t.Errorf("the completing deploy deleted %d files, want 2", res.Deleted)
			}
		})
	}
}

func TestDeleteLimit(t *testing.T) {
	forEachTarget(t, func(t *testing.T, u string) {
		dir := filepath.Join(t.TempDir(), "public")
		writeSite(t, dir, 1)
		for i := range 5 {
			os.WriteFile(filepath.Join(dir, "practices", fmt.Sprintf("old-%d.json", i)), []byte("{}"), 0o644)
		}
		if _, err := run(t, u, dir, nil); err != nil {
			t.Fatal(err)
		}
		b := openBucket(t, u)
		before := contents(t, b)
		writeSite(t, dir, 2) // 7 files fewer: the 5, an asset, a news item
		res, err := run(t, u, dir, func(c *Config) { c.MaxDeletes = 6 })
		if !errors.Is(err, ErrTooManyDeletes) {
			t.Fatalf("7 deletes over a limit of 6: %v", err)
		}
		if res.Uploaded != 0 || res.Deleted != 0 {
			t.Errorf("a refused deploy uploaded %d and deleted %d", res.Uploaded, res.Deleted)
		}
		if after := contents(t, b); len(after) != len(before) {
			t.Errorf("a refused deploy changed the bucket: %d files, then %d", len(before), len(after))
		}
		if _, err := run(t, u, dir, func(c *Config) { c.MaxDeletes = -1 }); !errors.Is(err, ErrTooManyDeletes) {
			t.Errorf("-max-deletes 0 (none) allowed deletes: %v", err)
		}
		if _, err := run(t, u, dir, func(c *Config) { c.MaxDeletes = 7 }); err != nil {
			t.Fatal(err)
		}
		sameSite(t, b, dir)
	})
}

// TestHeaderRulesChange uploads everything again when the bucket's record
// of the header rules differs from this program's.
func TestHeaderRulesChange(t *testing.T) {
	u := "file://" + filepath.ToSlash(t.TempDir())
	dir := filepath.Join(t.TempDir(), "public")
	writeSite(t, dir, 1)
	if _, err := run(t, u, dir, nil); err != nil {
		t.Fatal(err)
	}
	b := openBucket(t, u)
	if err := b.WriteAll(context.Background(), MarkerKey, []byte(markerMagic+"old rules\n"), nil); err != nil {
		t.Fatal(err)
	}
	res, err := run(t, u, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Uploaded != len(expected(t, dir)) || res.Plan.Reupload == "" {
		t.Errorf("after a change of rules: %d uploaded (%q)", res.Uploaded, res.Plan.Reupload)
	}
	if res, _ := run(t, u, dir, nil); res.Uploaded != 0 {
		t.Errorf("then %d uploaded", res.Uploaded)
	}
}

var _ fs.FS
