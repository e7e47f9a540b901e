package pipeline

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"ratingsite/internal/publish"
)

// treeFS reads the folder dir into memory.
func treeFS(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRerenderEqualsClean applies a series of changes to the sample's
// inputs (held in memory), one after the other. After each, an
// incremental rebuild into the same output folder (which renders only the
// keyed files whose key changed: see internal/render/incremental.go) must
// give exactly the tree a clean build of the same inputs gives, and must
// render no more than the change implies. The incremental builds go to
// disk, the only publisher that keeps a state; the clean ones to a
// publish.Memory, which holds byte for byte the files a build writes.
func TestRerenderEqualsClean(t *testing.T) {
	root := repoRoot(t)
	data, content := treeFS(t, filepath.Join(root, "data")), treeFS(t, filepath.Join(root, "content"))
	templates, assets := fstest.MapFS{}, fstest.MapFS{}
	cfg := Config{DataDir: "data", ContentDir: "content", TemplatesDir: "templates", AssetsDir: "assets",
		Data: data, Content: content, Templates: templates, Assets: assets,
		OutDir: filepath.Join(t.TempDir(), "public"), BaseURL: "https://example.org/"}
	first, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if first.Rendered == 0 || first.Reused != 0 {
		t.Fatalf("first build: %d rendered, %d reused; want everything rendered", first.Rendered, first.Reused)
	}
	all := first.Rendered // every page, Open Graph image and practice JSON
	t.Logf("first build: %d keyed files, %d pages", all, first.Pages)

	var months []string
	for p := range data {
		if strings.HasPrefix(p, "ratings/") && strings.HasSuffix(p, ".csv") {
			months = append(months, p)
		}
	}
	slices.Sort(months)
	newest := months[len(months)-1]
	// edit rewrites the newest ratings CSV's practice rows through f,
	// which returns the rows to write instead of one (none drops it).
	edit := func(f func(id string, row []string, line string) []string) {
		var out []string
		for _, l := range strings.Split(string(data[newest].Data), "\r\n") {
			row := strings.Split(l, ",")
			if len(row) < 20 || !strings.Contains(l, ",GP Practices,") {
				out = append(out, l)
				continue
			}
			out = append(out, f(row[0], row, l)...)
		}
		data[newest] = &fstest.MapFile{Data: []byte(strings.Join(out, "\r\n")), Mode: 0o644}
	}
	// practices lists the practices of the newest CSV, in file order.
	var practices []string
	edit(func(id string, _ []string, l string) []string {
		if !slices.Contains(practices, id) {
			practices = append(practices, id)
		}
		return []string{l}
	})
	if len(practices) < 100 {
		t.Fatalf("the sample has %d practices", len(practices))
	}
	// A practice's page depends on its neighbours, its areas, its lists
	// and the national figures: a change to one practice of ~300 renders
	// a few dozen pages. maxFew is the bound for such a change.
	maxFew := 60
	// pages stands for "every page": a change to what every page is
	// rendered with renders every page again, and no image or JSON.
	const pages = -1
	builtin := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(root, "assets", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	shell := `<!DOCTYPE html><html lang="en-GB"><head>{{.Head}}</head><body>{{.Header}}<main id="main">{{.Content}}</main>{{.Footer}}</body></html>`

	steps := []struct {
		name string
		do   func()
		// min and max bound the keyed files rendered.
		min, max int
	}{
		{"one practice's rating", func() {
			done := ""
			edit(func(id string, _ []string, l string) []string {
				if (done == "" || done == id) && strings.Contains(l, ",Overall,Overall,Good,") {
					done = id
					l = strings.Replace(l, ",Overall,Overall,Good,", ",Overall,Overall,Requires improvement,", 1)
				}
				return []string{l}
			})
			if done == "" {
				t.Fatal("no practice rated Good overall")
			}
		}, 2, maxFew},
		{"one practice's name", func() {
			id := practices[10]
			edit(func(pid string, row []string, l string) []string {
				if pid == id {
					l = strings.Replace(l, ","+row[2]+",", ",Zzyzx Renamed Surgery,", 1)
				}
				return []string{l}
			})
		}, 2, maxFew},
		{"a practice removed", func() {
			id := practices[20]
			edit(func(pid string, _ []string, l string) []string {
				if pid == id {
					return nil
				}
				return []string{l}
			})
		}, 2, maxFew},
		{"a practice added", func() {
			src := practices[30]
			edit(func(pid string, row []string, l string) []string {
				if pid != src {
					return []string{l}
				}
				added := strings.Replace(strings.Replace(l, src, "1-99999999901", -1), ","+row[2]+",", ",Aardvark New Practice,", 1)
				return []string{l, added}
			})
		}, 2, maxFew},
		{"a changed press release", func() {
			var news []string
			for p := range content {
				if strings.HasPrefix(p, "news/") && strings.HasSuffix(p, ".md") {
					news = append(news, p)
				}
			}
			slices.Sort(news)
			f := content[news[0]]
			content[news[0]] = &fstest.MapFile{Data: append(bytes.Clone(f.Data), "\nA sentence added to the release.\n"...), Mode: 0o644}
		}, 1, 10},
		{"a changed asset", func() {
			// The site's own site.css: every page links the stylesheet
			// by its fingerprinted name.
			assets["site.css"] = &fstest.MapFile{Data: append(builtin("site.css"), "\n.zz-test{color:#000}\n"...), Mode: 0o644}
		}, pages, pages},
		{"the site's words", func() {
			templates["words.toml"] = &fstest.MapFile{Data: []byte("[about]\ntitle = \"About these ratings\"\n"), Mode: 0o644}
		}, pages, pages},
		{"one of the site's words changed", func() {
			templates["words.toml"] = &fstest.MapFile{Data: []byte("[shell]\nnav_about = \"About us\"\n"), Mode: 0o644}
		}, pages, pages},
		{"the site's own shell", func() {
			templates["shell.html"] = &fstest.MapFile{Data: []byte(shell), Mode: 0o644}
		}, pages, pages},
		{"the shell changed", func() {
			templates["shell.html"] = &fstest.MapFile{Data: []byte(strings.Replace(shell, "<main", `<p class="banner">Beta</p><main`, 1)), Mode: 0o644}
		}, pages, pages},
		{"the base URL", func() {
			// Every page, and every practice's JSON, holds its links.
			cfg.BaseURL = "https://example.org/ratings/"
		}, pages, all + 20},
		{"a new month file", func() {
			data["ratings/latest-ratings-2026-11.csv"] = &fstest.MapFile{Data: data[newest].Data, Mode: 0o644}
		}, 1, all + 20},
	}
	for i, st := range steps {
		st.do()
		inc, err := Build(context.Background(), cfg)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		clean := cfg
		clean.Memory = publish.NewMemory(publish.Options{})
		if _, err := Build(context.Background(), clean); err != nil {
			t.Fatalf("%s: clean build: %v", st.name, err)
		}
		t.Logf("%s: %d of %d keyed files rendered, %d reused; %d files written", st.name, inc.Rendered, inc.Rendered+inc.Reused, inc.Reused, inc.Written)
		if st.min == pages {
			st.min = inc.Pages
		}
		if st.max == pages {
			st.max = inc.Pages
		}
		if inc.Skipped || inc.Rendered < st.min || inc.Rendered > st.max {
			t.Errorf("%s: skipped %v, %d keyed files rendered, want %d to %d", st.name, inc.Skipped, inc.Rendered, st.min, st.max)
		}
		sameAsClean(t, st.name, os.DirFS(cfg.OutDir), clean.Memory.FS())
		if t.Failed() {
			t.Fatalf("stopped after step %d", i+1)
		}
	}
}

// sameAsClean compares two output trees byte for byte.
func sameAsClean(t *testing.T, what string, got, want fs.FS) {
	t.Helper()
	g, w := files(t, got), files(t, want)
	if len(w) < 100 {
		t.Fatalf("%s: the clean build has only %d files", what, len(w))
	}
	n := 0
	for p, f := range w {
		gf, ok := g[p]
		switch {
		case !ok:
			t.Errorf("%s: %s is in the clean build only", what, p)
		case !bytes.Equal(gf, f):
			t.Errorf("%s: %s differs from the clean build", what, p)
		default:
			continue
		}
		if n++; n > 10 {
			t.Fatalf("%s: more differences left out", what)
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok {
			t.Errorf("%s: %s is in the incremental build only", what, p)
		}
	}
}

// files reads every regular file of fsys.
func files(t *testing.T, fsys fs.FS) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		out[path.Clean(p)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
