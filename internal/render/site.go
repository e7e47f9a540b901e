package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"ratingsite/internal/content"
	"ratingsite/internal/encode"
	"ratingsite/internal/figures"
	"ratingsite/internal/maps"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

// Publisher receives every rendered file. publish.Publisher is one.
type Publisher interface {
	// Publish minifies data for its type and adds it to the site at path.
	Publish(path string, data []byte) error
	// Minify returns data as Publish would write it.
	Minify(path string, data []byte) ([]byte, error)
	// PublishMinified adds data, already minified, at path.
	PublishMinified(path string, data []byte) error
}

// Renderer renders a whole site.
type Renderer struct {
	Config    *Config
	Templates *Templates
	// Assets is the overlay of the site's and the default assets/.
	Assets fs.FS
	// Content are the site's own Markdown pages.
	Content []*content.Page
	// News are the press releases, newest first.
	News []*content.Release
	// Workers is the size of the pool; 0 means GOMAXPROCS.
	Workers int
	// SitemapLimit is the most URLs per sitemap file; 0 means 50,000.
	SitemapLimit int
	// Progress, if set, is called as pages are rendered.
	Progress func(done, total int)
	// Maps are the map inputs and settings (maps_files.go).
	Maps maps.Options
}

// job is one output file: an HTML page, or a file an encoder makes.
type job struct {
	path     string // output file path, e.g. "practices/1-2/index.html"
	template string // HTML template
	page     *Page
	// embeds is true for pages that show HTML from outside the templates
	// (rendered Markdown), which the publisher must minify; every other
	// page is minified already because its templates are.
	embeds bool

	// gen makes any other file, run by the worker that publishes it;
	// minify asks the publisher to minify what it makes.
	gen    func() ([]byte, error)
	minify bool
}

// Render writes every page of the site to pub. It returns every error
// (template errors, publish errors), not just the first.
func (r *Renderer) Render(ctx context.Context, s *site.Site, f *figures.Figures, pub Publisher) error {
	if err := r.publishAssets(pub); err != nil {
		return err
	}
	r.Config.Maps = maps.New(r.Config.Base, s, f, r.Maps)
	workers := r.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan job, 4*workers)
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		done atomic.Int64
	)
	// Home, national, about and 404, then the lists below (see pages).
	total := 4 + len(r.Content) + len(s.Regions) + len(s.LocalAuthorities) + 2*len(s.Practices) + historyPageCount(s)
	total += r.newsJobs() + searchPageCount(s) + ratingListCount(s)
	total += mapJobCount(s)
	worker := func() {
		var buf bytes.Buffer
		for j := range jobs {
			buf.Reset()
			if err := r.run(&buf, j, pub); err != nil {
				mu.Lock()
				if len(errs) < 20 {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
			if r.Progress != nil {
				r.Progress(int(done.Add(1)), total)
			}
		}
	}
	// The search index is built first, on one core of its own: built
	// beside the pages, its postings and theirs together pushed a national
	// build past 600 MB. Meanwhile the other cores make the map files
	// (Open Graph images, GeoJSON and CSV downloads), which hold little
	// memory; when the index is done, its core joins them, and only then
	// do the pages start.
	indexed := make(chan error, 1)
	for range max(1, workers-1) {
		wg.Go(worker)
	}
	go func() {
		err := buildSearchIndex(s, pub)
		if workers > 1 {
			wg.Go(worker)
		}
		indexed <- err
	}()
	top := map[string]bool{}
	r.mapFiles(s, f, func(j job) {
		top[topLevel(j.path)] = true
		jobs <- j
	})
	if err := <-indexed; err != nil {
		close(jobs)
		wg.Wait()
		return err
	}
	top["search"] = true
	var sitemap []encode.SitemapURL
	r.pages(ctx, s, f, func(j job) {
		if j.page != nil && !j.page.NoIndex {
			sitemap = append(sitemap, encode.SitemapURL{Loc: r.Config.Base.Abs(j.page.Path), Modified: j.page.Modified})
		}
		top[topLevel(j.path)] = true
		jobs <- j
	})
	close(jobs)
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for name, data := range encode.Sitemaps(r.Config.Base, sitemap, r.SitemapLimit) {
		top[name] = true
		if err := pub.Publish(name, data); err != nil {
			return err
		}
	}
	top["changes"] = true
	if err := pub.Publish(urls.File(urls.ChangesFeed), encode.ChangesFeed(r.Config.Base, f.History)); err != nil {
		return err
	}
	if err := pub.Publish(urls.File(urls.Robots), encode.Robots(r.Config.Base)); err != nil {
		return err
	}
	top["robots.txt"] = true
	return pub.Publish(urls.File(urls.Headers), r.Config.Headers(top))
}

func (r *Renderer) run(buf *bytes.Buffer, j job, pub Publisher) error {
	if j.gen != nil {
		b, err := j.gen()
		if err != nil {
			return fmt.Errorf("%s: %w", j.path, err)
		}
		if j.minify {
			return pub.Publish(j.path, b)
		}
		return pub.PublishMinified(j.path, b)
	}
	if err := r.Templates.Execute(buf, j.template, j.page); err != nil {
		return fmt.Errorf("%s: %w", j.path, err)
	}
	if j.embeds {
		return pub.Publish(j.path, buf.Bytes())
	}
	return pub.PublishMinified(j.path, buf.Bytes())
}

// embedsMarkdown names the page templates that show rendered Markdown,
// whose pages the publisher minifies whole.
var embedsMarkdown = map[string]bool{"page.html": true, "release.html": true}

// pages lists every output of the site, in a fixed order.
func (r *Renderer) pages(ctx context.Context, s *site.Site, f *figures.Figures, emit func(job)) {
	shared := &Shared{DataDate: s.DataDate, Content: r.Content}
	shared.News = newNewsIndex(r.News, s)
	current := map[string]string{urls.Home: "home", urls.National: "national", urls.About: "about"}
	page := func(path, title, desc string, data any, crumbs ...Crumb) *Page {
		home := Crumb{Name: "Home", Path: urls.Home}
		crumbs = append([]Crumb{home}, crumbs...)
		if path != urls.Home {
			crumbs = append(crumbs, Crumb{Name: title, Path: path})
		} else {
			crumbs = crumbs[:1]
		}
		for i := range crumbs {
			crumbs[i].URL = r.Config.Base.Link(crumbs[i].Path)
		}
		crumbs[len(crumbs)-1].Current = true
		full := title + " – GP practice ratings"
		if path == urls.Home {
			full = title
		}
		return &Page{Path: path, Title: title, FullTitle: full, Canonical: r.Config.Base.Abs(path), Description: desc, Crumbs: crumbs,
			Site: s, Figures: f, Data: data, Content: r.Content, Modified: s.DataDate, Shared: shared, Current: current[path]}
	}
	html := func(p *Page, tmpl string) {
		emit(job{path: urls.File(p.Path), template: tmpl, page: p, embeds: embedsMarkdown[tmpl]})
	}
	nat := &f.National
	html(page(urls.Home, "GP practice ratings in England",
		fmt.Sprintf("How CQC rates %d GP practices in England: %s Good or Outstanding, with figures for every region and local authority.",
			nat.Practices, figures.PercentLabel(nat.Overall.Count[0]+nat.Overall.Count[1], nat.Overall.Percent[0]+nat.Overall.Percent[1])),
		nil), "home.html")
	html(page(urls.National, "National figures",
		"The distribution of CQC ratings of GP practices in England, overall, for each key question and for each region.", nil), "national.html")
	html(page(urls.About, "About the ratings and the data",
		"What CQC's ratings of GP practices mean, how often practices are inspected, and where this site's data comes from.", nil), "about.html")
	notFound := page(urls.NotFound, "Page not found", "There is no page at this address.", nil)
	notFound.NoIndex, notFound.Canonical = true, ""
	emit(job{path: urls.File(urls.NotFound), template: "404.html", page: notFound})

	for _, c := range r.Content {
		html(page(c.Path(), c.Title, c.Summary, c), "page.html")
	}
	r.newsPages(s, page, html, emit)

	national := Crumb{Name: "National figures", Path: urls.National}
	for _, a := range s.Regions {
		sc := f.Of(a)
		html(page(a.Path(), a.Name,
			fmt.Sprintf("CQC ratings of the %d GP practices in %s, overall and for each key question.", sc.Practices, a.InName()),
			&AreaView{Area: a, Scope: sc}, national), "area.html")
	}
	r.mapEmbeds(s, f, shared, emit)
	for _, a := range s.LocalAuthorities {
		sc := f.Of(a)
		crumbs := []Crumb{national}
		if a.Region != nil {
			crumbs = append(crumbs, Crumb{Name: a.Region.Name, Path: a.Region.Path()})
		}
		html(page(a.Path(), a.Name,
			fmt.Sprintf("CQC ratings of the %d GP practices in %s, overall and for each key question.", sc.Practices, a.InName()),
			&AreaView{Area: a, Scope: sc}, crumbs...), "area.html")
	}
	for i, p := range s.Practices {
		if i%256 == 0 && ctx.Err() != nil {
			return
		}
		v := newPracticeView(p, s.DataDate)
		desc := fmt.Sprintf("%s, %s: rated %s by CQC.", p.Name, p.Postcode, ratingPhrase(v))
		pg := page(p.Path(), p.Name, desc, v, Crumb{Name: p.Region.Name, Path: p.Region.Path()}, Crumb{Name: p.LocalAuthority.Name, Path: p.LocalAuthority.Path()})
		pg.Modified = p.Published()
		html(pg, "practice.html")
		emit(job{path: urls.File(p.JSONPath()), gen: func() ([]byte, error) { return encode.Practice(r.Config.Base, p, s.DataDate) }, minify: true})
	}
	r.historyPages(s, f, page, html, emit)
	r.searchPages(s, page, html)
	r.ratingListPages(s, page, html)
}

func ratingPhrase(v *PracticeView) string {
	if v.Overall.Value.IsRating() {
		return v.Overall.Value.String() + " overall"
	}
	if v.Overall.Value.Present() {
		return "not rated (" + v.Overall.Value.String() + ")"
	}
	return "not rated yet"
}

// publishAssets minifies every file in assets/, names it by its content
// ("site.css" becomes "assets/site.3f2a9c1b.css") so that it can be cached
// for ever, records its subresource-integrity hash, and publishes it.
func (r *Renderer) publishAssets(pub Publisher) error {
	r.Config.Assets = map[string]Asset{}
	if r.Assets == nil {
		return nil
	}
	names, err := fs.Glob(r.Assets, "*")
	if err != nil {
		return err
	}
	for _, name := range names {
		st, err := fs.Stat(r.Assets, name)
		if err != nil || st.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		b, err := fs.ReadFile(r.Assets, name)
		if err != nil {
			return fmt.Errorf("assets: %w", err)
		}
		if b, err = pub.Minify(name, b); err != nil {
			return err
		}
		a := NewAsset(name, b)
		if err := pub.PublishMinified(urls.File(a.Path), b); err != nil {
			return err
		}
		r.Config.Assets[name] = a
	}
	return nil
}

// topLevel is the first segment of an output path.
func topLevel(p string) string {
	first, _, _ := strings.Cut(p, "/")
	return first
}
