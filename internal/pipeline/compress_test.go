package pipeline

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ratingsite/internal/sample"
)

// TestCompressReproducible: two clean -compress builds of the same input
// are byte-identical, .gz and .br files included, though pages are
// compressed on several goroutines in whatever order they finish.
func TestCompressReproducible(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if _, err := sample.WriteDir(data, sample.Options{Practices: 200, Seed: 3, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), BOMCRLF: true}, 5); err != nil {
		t.Fatal(err)
	}
	none := filepath.Join(t.TempDir(), "none")
	var trees [2]map[string][]byte
	for i := range trees {
		out := filepath.Join(t.TempDir(), "public")
		res, err := Build(context.Background(), Config{DataDir: data, ContentDir: none, TemplatesDir: none, AssetsDir: none, OutDir: out,
			BaseURL: "https://example.org/", Compress: true, Workers: 2 + 3*i})
		if err != nil {
			t.Fatalf("%v\n%v", err, res.Problems.All())
		}
		trees[i] = map[string][]byte{}
		err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(out, p)
			if strings.HasPrefix(filepath.Base(rel), ".") {
				return nil // the build's own state
			}
			b, err := os.ReadFile(p)
			trees[i][filepath.ToSlash(rel)] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	br := 0
	for p, b := range trees[0] {
		if strings.HasSuffix(p, ".br") {
			br++
		}
		if !bytes.Equal(b, trees[1][p]) {
			t.Errorf("%s differs between two clean builds", p)
		}
	}
	if br < 20 || len(trees[0]) != len(trees[1]) {
		t.Errorf("%d .br files; %d and %d files", br, len(trees[0]), len(trees[1]))
	}
}
