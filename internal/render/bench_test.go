package render

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/ratings"
	"ratingsite/internal/diag"
	"ratingsite/internal/figures"
	"ratingsite/internal/maps"
	"ratingsite/internal/publish"
	"ratingsite/internal/site"
	"ratingsite/internal/theme"
	"ratingsite/internal/urls"
)

// sampleSite reads the repository's sample into a model.
func sampleSite(tb testing.TB) *site.Site {
	tb.Helper()
	files, _ := filepath.Glob("../../data/ratings/*")
	var in site.Input
	var problems diag.List
	for _, f := range files {
		in.Ratings = append(in.Ratings, ratings.ReadFile(f, ratings.Options{Categories: []string{cqc.GPPractices}}, &problems)...)
	}
	return site.New(in, &problems)
}

// testRun prepares a rendering of s as Render does, with the repository's
// templates and assets (nothing is published).
func testRun(tb testing.TB, s *site.Site, opt maps.Options) (*run, *theme.Theme) {
	tb.Helper()
	ru := &run{Renderer: &Renderer{Base: urls.MustParse("https://example.org/"), Maps: opt}, ctx: context.Background(), s: s, f: figures.Compute(s)}
	ru.maps = maps.New(ru.Base, s, ru.f, opt)
	ru.cfg = &Config{Base: ru.Base, Assets: map[string]Asset{}, CSP: CSP}
	assets, _ := filepath.Glob("../../assets/*")
	for _, a := range assets {
		data, err := os.ReadFile(a)
		if err != nil {
			tb.Fatal(err)
		}
		ru.cfg.Assets[filepath.Base(a)] = NewAsset(filepath.Base(a), data)
	}
	t, err := theme.Load(nil, ru.cfg.Base, ru.cfg.Assets)
	if err != nil {
		tb.Fatal(err)
	}
	ru.words = t.Words
	ru.prepare()
	return ru, t
}

// BenchmarkPracticePage measures one practice page: the view (with its
// small map), the template, and the minifier, which are most of a build's
// work.
func BenchmarkPracticePage(b *testing.B) {
	s := sampleSite(b)
	ru, t := testRun(b, s, maps.Options{})
	m := publish.Minifier()
	var buf bytes.Buffer
	b.Run("template", func(b *testing.B) {
		i := 0
		for b.Loop() {
			p := s.Practices[i%len(s.Practices)]
			i++
			buf.Reset()
			if err := t.Execute(&buf, "practice.html", ru.practicePage(p)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
	page := bytes.Clone(buf.Bytes())
	b.Run("minify", func(b *testing.B) {
		for b.Loop() {
			if _, err := m.Bytes("text/html", page); err != nil {
				b.Fatal(err)
			}
		}
	})
}
