package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ratingsite/internal/publish"
	"ratingsite/internal/sample"
)

// benchBuild times a whole clean build (read, model, figures, render,
// minify, write, swap) of n invented practices in CQC's real format.
// Reproduce with:
//
//	TMPDIR=/dev/shm go test ./internal/pipeline -run '^$' -bench BenchmarkBuild7500 -benchtime 5x
func benchBuild(b *testing.B, n int) {
	// Collect garbage as the command does.
	TuneGC()
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
	var res *Result
	run := func() {
		var err error
		if res, err = Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	clean := func() {
		os.RemoveAll(cfg.OutDir)
		os.Remove(publish.StatePath(cfg.OutDir))
	}
	b.Run("clean", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			clean()
			b.StartTimer()
			run()
		}
		b.ReportMetric(float64(res.Files), "files")
		b.ReportMetric(float64(res.Bytes)/(1<<20), "MB")
	})
	b.Run("no-change", func(b *testing.B) {
		for b.Loop() {
			run()
			if !res.Skipped {
				b.Fatal("a rebuild with no change did not skip")
			}
		}
	})
}

// BenchmarkBuild7500 and BenchmarkBuild100000 time a clean build and a
// rebuild with no change.
func BenchmarkBuild7500(b *testing.B)   { benchBuild(b, 7500) }
func BenchmarkBuild100000(b *testing.B) { benchBuild(b, 100000) }
