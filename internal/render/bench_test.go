package render

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/ratings"
	"ratingsite/internal/diag"
	"ratingsite/internal/figures"
	"ratingsite/internal/publish"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

// benchSite reads the repository's sample into a model.
func benchSite(b *testing.B) (*site.Site, *figures.Figures, *Templates, *Config) {
	files, _ := filepath.Glob("../../data/ratings/*.csv")
	var in site.Input
	var problems diag.List
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		in.Ratings = append(in.Ratings, ratings.ReadCSV(r, f, ratings.Options{Categories: []string{cqc.GPPractices}}, &problems)...)
		r.Close()
	}
	s := site.New(in, &problems)
	u, _ := url.Parse("https://example.org/")
	cfg := &Config{BaseURL: u, Assets: map[string]Asset{}}
	assets, _ := filepath.Glob("../../assets/*")
	for _, a := range assets {
		data, err := os.ReadFile(a)
		if err != nil {
			b.Fatal(err)
		}
		cfg.Assets[filepath.Base(a)] = NewAsset(filepath.Base(a), data)
	}
	t, err := LoadTemplates(os.DirFS("../../templates"), cfg)
	if err != nil {
		b.Fatal(err)
	}
	return s, figures.Compute(s), t, cfg
}

// BenchmarkPracticePage measures one practice page: the view, the
// template, and the minifier, which are most of a build's work.
func BenchmarkPracticePage(b *testing.B) {
	s, f, t, _ := benchSite(b)
	m := publish.Minifier()
	var buf bytes.Buffer
	shared := &Shared{DataDate: s.DataDate}
	b.Run("template", func(b *testing.B) {
		i := 0
		for b.Loop() {
			p := s.Practices[i%len(s.Practices)]
			i++
			buf.Reset()
			v := newPracticeView(p, s.DataDate)
			if err := t.Execute(&buf, "practice.html", &Page{Path: p.Path(), Title: p.Name, Site: s, Figures: f, Data: v, Crumbs: []Crumb{{Name: "Home", Path: "/", URL: "/"}}, Shared: shared, FullTitle: p.Name, Canonical: "https://example.org" + p.Path()}); err != nil {
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

// BenchmarkTemplateAction measures html/template's cost for one action,
// the unit a page's template time is made of: a field printed in text
// (one escaper call), a link through the url function (a function call
// and two escapers), and a cached fragment through partial. Each
// sub-benchmark runs 100 actions; ns/action is the figure the README's
// Performance section quotes.
func BenchmarkTemplateAction(b *testing.B) {
	_, _, _, cfg := benchSite(b)
	data := struct {
		Name, Path string
		Value      rating.Value
	}{"Oldham Family Practice", "/practices/1-123/", rating.Good}
	for _, c := range []struct{ name, action string }{
		{"text", `<p>{{.Name}}</p>`},
		{"url-attribute", `<a href="{{url .Path}}">x</a>`},
		{"partial", `<p>{{partial "rating" .Value}}</p>`},
	} {
		t, err := LoadTemplates(fstest.MapFS{
			"base.html":      {Data: []byte(`{{block "content" .}}{{end}}`)},
			"_partials.html": {Data: []byte(`{{define "rating"}}<span class="rating rating--{{.Slug}}">{{.}}</span>{{end}}`)},
			"action.html":    {Data: []byte(`{{template "base.html" .}}{{define "content"}}` + strings.Repeat(c.action, 100) + `{{end}}`)},
		}, cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := t.Execute(&buf, "action.html", data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/action")
		})
	}
}
