package build

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"ratingsite/internal/sample"
)

// benchBuild times a whole clean build (read, model, figures, render,
// minify, write, swap) of n invented practices in CQC's real format.
// Reproduce with:
//
//	go test ./internal/build -run '^$' -bench BenchmarkBuild -benchtime 5x
func benchBuild(b *testing.B, n int) {
	dir := b.TempDir()
	data := filepath.Join(dir, "data")
	month := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	if _, err := sample.WriteDir(data, sample.Options{Practices: n, Seed: 1, Month: month, BOMCRLF: true}, 50); err != nil {
		b.Fatal(err)
	}
	cfg := Config{
		DataDir:      data,
		ContentDir:   filepath.Join(dir, "content"),
		TemplatesDir: filepath.Join(dir, "templates"),
		AssetsDir:    filepath.Join(dir, "assets"),
		OutDir:       filepath.Join(dir, "public"),
		BaseURL:      "https://example.org/",
	}
	b.ResetTimer()
	var res *Result
	for b.Loop() {
		var err error
		if res, err = Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Files), "files")
	b.ReportMetric(float64(res.Bytes)/(1<<20), "MB")
}

func BenchmarkBuild7500(b *testing.B)   { benchBuild(b, 7500) }
func BenchmarkBuild100000(b *testing.B) { benchBuild(b, 100000) }
