package pipeline

import (
	"bytes"
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
	// One practice's overall rating changes (Good to Requires improvement
	// and back, in turn): only its dependants are rendered again.
	b.Run("one-practice-change", func(b *testing.B) {
		csvs, _ := filepath.Glob(filepath.Join(data, "ratings", "*.csv"))
		file := csvs[len(csvs)-1]
		orig, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		good, ri := []byte(",Overall,Overall,Good,"), []byte(",Overall,Overall,Requires improvement,")
		at := bytes.Index(orig, good)
		if at < 0 {
			b.Fatal("no practice rated Good")
		}
		changed := append(append(append([]byte{}, orig[:at]...), ri...), orig[at+len(good):]...)
		// The previous build, untimed, when this sub-benchmark runs alone.
		run()
		var ph Phases
		i := 0
		for b.Loop() {
			b.StopTimer()
			next := changed
			if i%2 == 1 {
				next = orig
			}
			i++
			if err := os.WriteFile(file, next, 0o644); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			run()
			if res.Skipped || res.Rendered == 0 || res.Rendered > res.Pages/10 {
				b.Fatalf("one practice changed: skipped %v, %d of %d pages rendered", res.Skipped, res.Rendered, res.Pages)
			}
			ph.Read += res.Phases.Read
			ph.Render += res.Phases.Render
			ph.Publish += res.Phases.Publish
		}
		os.WriteFile(file, orig, 0o644)
		n := float64(b.N)
		b.ReportMetric(float64(res.Rendered), "rendered")
		b.ReportMetric(float64(res.Written), "written")
		b.ReportMetric(ph.Read.Seconds()/n, "read-s")
		b.ReportMetric(ph.Render.Seconds()/n, "render-s")
		b.ReportMetric(ph.Publish.Seconds()/n, "publish-s")
	})
}

// BenchmarkBuild7500 and BenchmarkBuild100000 time a clean build, a
// rebuild with no change and a rebuild after one practice's rating
// changed.
func BenchmarkBuild7500(b *testing.B)   { benchBuild(b, 7500) }
func BenchmarkBuild100000(b *testing.B) { benchBuild(b, 100000) }
