package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRerenderEqualsClean applies a series of changes to a copy of the
// sample's inputs, one after the other. After each, an incremental
// rebuild (which renders only the keyed files whose view or scene
// changed) must give exactly the tree a clean build of the same inputs
// gives, and must render no more than the change implies.
func TestRerenderEqualsClean(t *testing.T) {
	root := repoRoot(t)
	dir := t.TempDir()
	in := func(name string) string { return filepath.Join(dir, name) }
	for _, d := range []string{"data", "content", "assets"} {
		if err := os.CopyFS(in(d), os.DirFS(filepath.Join(root, d))); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Config{DataDir: in("data"), ContentDir: in("content"), TemplatesDir: in("templates"), AssetsDir: in("assets"),
		OutDir: in("public"), BaseURL: "https://example.org/"}
	first, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if first.Rendered == 0 || first.Reused != 0 {
		t.Fatalf("first build: %d rendered, %d reused; want everything rendered", first.Rendered, first.Reused)
	}
	all := first.Rendered // every page and Open Graph image
	t.Logf("first build: %d keyed files", all)

	newest := func() string {
		csvs, _ := filepath.Glob(in("data/ratings/*.csv"))
		slices.Sort(csvs)
		return csvs[len(csvs)-1]
	}
	// edit rewrites the newest ratings CSV's practice rows through f,
	// which returns the rows to write instead of one (none drops it).
	edit := func(f func(id string, row []string, line string) []string) {
		file := newest()
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range strings.Split(string(b), "\r\n") {
			row := strings.Split(l, ",")
			if len(row) < 20 || !strings.Contains(l, ",GP Practices,") {
				out = append(out, l)
				continue
			}
			out = append(out, f(row[0], row, l)...)
		}
		if err := os.WriteFile(file, []byte(strings.Join(out, "\r\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// ids lists the practices of the newest CSV, in file order.
	ids := func() []string {
		var out []string
		edit(func(id string, _ []string, l string) []string {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
			return []string{l}
		})
		return out
	}
	practices := ids()
	if len(practices) < 100 {
		t.Fatalf("the sample has %d practices", len(practices))
	}
	// A practice's page depends on its neighbours, its areas, its lists
	// and the national figures: a change to one practice of ~300 renders
	// a few dozen pages. maxFew is the bound for such a change.
	maxFew := 60

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
			files, _ := filepath.Glob(in("content/news/*.md"))
			f := files[0]
			b, _ := os.ReadFile(f)
			os.WriteFile(f, append(b, []byte("\nA sentence added to the release.\n")...), 0o644)
		}, 1, 10},
		{"a changed asset", func() {
			f := in("assets/site.css")
			b, _ := os.ReadFile(f)
			os.WriteFile(f, append(b, []byte("\n.zz-test{color:#000}\n")...), 0o644)
		}, -1, -1}, // every page links the stylesheet by its hash; images and JSON do not
		{"a template override", func() {
			// The site's own copy of about.html, with one word changed:
			// every page's environment changes with the template set.
			b, err := os.ReadFile(filepath.Join(root, "templates", "about.html"))
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(in("templates"), 0o755)
			os.WriteFile(in("templates/about.html"), []byte(strings.Replace(string(b), "About", "About,", 1)), 0o644)
		}, -1, -1},
		{"a new month file", func() {
			b, err := os.ReadFile(newest())
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(in("data/ratings/latest-ratings-2026-11.csv"), b, 0o644)
		}, 1, all + 20},
	}
	for i, st := range steps {
		st.do()
		inc, err := Build(context.Background(), cfg)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		clean := cfg
		clean.OutDir = filepath.Join(dir, "clean", st.name)
		if _, err := Build(context.Background(), clean); err != nil {
			t.Fatalf("%s: clean build: %v", st.name, err)
		}
		t.Logf("%s: %d of %d keyed files rendered, %d reused; %d files written", st.name, inc.Rendered, inc.Rendered+inc.Reused, inc.Reused, inc.Written)
		if st.min < 0 {
			st.min, st.max = inc.Pages, inc.Pages
		}
		if inc.Rendered < st.min || inc.Rendered > st.max {
			t.Errorf("%s: %d keyed files rendered, want %d to %d", st.name, inc.Rendered, st.min, st.max)
		}
		sameAsClean(t, st.name, cfg.OutDir, clean.OutDir)
		if t.Failed() {
			t.Fatalf("stopped after step %d", i+1)
		}
	}
}

// sameAsClean compares two output trees byte for byte.
func sameAsClean(t *testing.T, what, got, want string) {
	t.Helper()
	g, w := snapshot(t, got), snapshot(t, want)
	n := 0
	for p, f := range w {
		gf, ok := g[p]
		switch {
		case !ok:
			t.Errorf("%s: %s is in the clean build only", what, p)
		case gf.data != f.data:
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
