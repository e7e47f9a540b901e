package pipeline

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite the golden tree testdata/golden/want/")

// TestGolden builds the small site in testdata/golden and compares the
// whole output tree, file by file and byte for byte, with
// testdata/golden/want/: a new file, a vanished file or a changed byte
// fails, and the first differing line is shown. After a deliberate change,
// run `go test ./internal/pipeline -run Golden -update` and review the diff
// like code.
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
	want := filepath.Join(dir, "want")
	if *update {
		if err := os.RemoveAll(want); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(want, os.DirFS(out)); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, d := range compareTrees(os.DirFS(want), os.DirFS(out)) {
		t.Error(d)
	}
}

// compareTrees lists every difference between the golden tree want and the
// built tree got: files only in one of them, and for each file that
// differs, its first differing line.
func compareTrees(want, got fs.FS) []string {
	w, err1 := treeFiles(want)
	g, err2 := treeFiles(got)
	if err1 != nil || err2 != nil {
		return []string{fmt.Sprintf("reading the trees: %v %v", err1, err2)}
	}
	const hint = " (if intended, run `go test ./internal/pipeline -run Golden -update` and review the diff)"
	var out []string
	for _, name := range unionSorted(w, g) {
		wb, inWant := w[name]
		gb, inGot := g[name]
		switch {
		case !inWant:
			out = append(out, name+": new file, not in the golden tree"+hint)
		case !inGot:
			out = append(out, name+": in the golden tree but no longer built"+hint)
		case !bytes.Equal(wb, gb):
			out = append(out, name+": "+firstDiff(wb, gb)+hint)
		}
	}
	return out
}

func treeFiles(fsys fs.FS) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		files[p] = b
		return err
	})
	return files, err
}

func unionSorted(a, b map[string][]byte) []string {
	var names []string
	for n := range a {
		names = append(names, n)
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// firstDiff describes the first line in which got differs from want.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			// Long minified lines: show where in the line they part.
			col := 0
			for col < len(w) && col < len(g) && w[col] == g[col] {
				col++
			}
			from := max(0, col-60)
			return fmt.Sprintf("line %d differs at column %d:\n  want: …%s\n  got:  …%s", i+1, col+1, clip(w[from:]), clip(g[from:]))
		}
	}
	return "differs"
}

func clip(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// TestCompareTrees checks that the golden comparison fails on a new file,
// a vanished file and a changed byte, and names the first differing line.
func TestCompareTrees(t *testing.T) {
	want := fstest.MapFS{
		"a.html":     {Data: []byte("one\ntwo\nthree\n")},
		"gone.json":  {Data: []byte("{}")},
		"same/x.txt": {Data: []byte("x")},
	}
	got := fstest.MapFS{
		"a.html":     {Data: []byte("one\ntwo!\nthree\n")},
		"new.xml":    {Data: []byte("<x/>")},
		"same/x.txt": {Data: []byte("x")},
	}
	d := compareTrees(want, got)
	if len(d) != 3 {
		t.Fatalf("differences = %q, want 3", d)
	}
	for i, w := range []string{"a.html: line 2 differs at column 4", "gone.json: in the golden tree but no longer built", "new.xml: new file"} {
		if !strings.HasPrefix(d[i], w) {
			t.Errorf("difference %d = %q, want prefix %q", i, d[i], w)
		}
	}
	if d := compareTrees(want, want); len(d) != 0 {
		t.Errorf("a tree differs from itself: %q", d)
	}
}
