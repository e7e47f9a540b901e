// Package render turns the model into pages. It owns the page list (a
// registry of sections, each emitting its outputs in a fixed order), the
// views (views.go: every page's data, prepared before its template runs)
// and the worker pool. HTML comes from the compiled templates of package
// ratingsite/templates, which only print their view (internal/view), in
// the built-in shell or a site's own (internal/theme); every other file
// comes from internal/encode, maps from internal/maps, and a practice's
// record in words from internal/history. Every file goes to the
// publisher.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"ratingsite/internal/content"
	"ratingsite/internal/encode"
	"ratingsite/internal/figures"
	"ratingsite/internal/maps"
	"ratingsite/internal/search"
	"ratingsite/internal/site"
	"ratingsite/internal/theme"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
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

// Renderer renders a whole site. Render publishes the assets and draws the
// maps first, then loads the templates against that fixed configuration.
type Renderer struct {
	Base *urls.Base
	// Templates is the site's templates/ folder (its words.toml and
	// shell.html), or nil; Assets is the overlay of the site's own and the
	// default assets/.
	Templates, Assets fs.FS
	// Content are the site's own Markdown pages.
	Content []*content.Page
	// News are the press releases, newest first.
	News []*content.Release
	// Workers is the size of the pool; 0 means GOMAXPROCS.
	Workers int
	// SitemapLimit is the most URLs per sitemap file; 0 means 50,000.
	SitemapLimit int
	// Progress, if set, is called as files are rendered.
	Progress func(done, total int)
	// Maps are the map inputs and settings.
	Maps maps.Options
	// Counts, after Render, say how many keyed files were made and how
	// many reused from the previous build (see incremental.go).
	Counts Counts
}

// job is one output file: an HTML page, or a file an encoder makes. Jobs
// are cheap to list; the work happens in the worker that runs them.
type job struct {
	path string // output file path, e.g. "practices/1-2/index.html"
	at   string // site path of a page, e.g. "/practices/1-2/"

	// An HTML page: its template, and page, which prepares its view.
	template string
	page     func() *view.Page
	// embeds is true for pages that show HTML from outside the templates
	// (rendered Markdown), which the publisher must minify; every other
	// page is compact already: the compiled templates write no whitespace
	// between elements (and a site's shell is minified once, as it loads).
	embeds bool
	// sitemap lists the page in the sitemap, with its date.
	sitemap  bool
	modified time.Time

	// gen makes any other file; minify asks the publisher to minify it.
	gen    func() ([]byte, error)
	minify bool
	// input, if set, returns what gen makes the file from (an image's
	// scene): the file is made again only when it changed.
	input func() any
}

// run is one rendering of a site: its inputs and what is prepared once
// for every page.
type run struct {
	*Renderer
	ctx    context.Context
	cfg    *Config
	s      *site.Site
	f      *figures.Figures
	maps   *maps.Maps
	shared *view.Shared
	// rows are the current practices' list rows, made once.
	rows map[*site.Practice]*view.PracticeRow
	news *newsIndex
	// words are the pages' fixed words: the defaults, or a site's own.
	words *view.Words
	inc   *incremental // nil when the publisher keeps no state
}

// A section emits a group of the site's outputs, in a fixed order. The
// registry below is the page list: the progress total is counted from it.
type section func(r *run, emit func(job))

// mapSections are made first, while the search index is built (see
// Render); pageSections follow.
var (
	mapSections  = []section{(*run).mapFiles}
	pageSections = []section{(*run).mainPages, (*run).contentPages, (*run).newsPages, (*run).regionPages, (*run).embedPages,
		(*run).localAuthorityPages, (*run).practicePages, (*run).historyPages, (*run).searchPages, (*run).ratingListPages}
)

// Render writes every page of the site to pub. It returns every error
// (template errors, publish errors), not just the first.
func (r *Renderer) Render(ctx context.Context, s *site.Site, f *figures.Figures, pub Publisher) error {
	assets, err := publishAssets(r.Assets, pub)
	if err != nil {
		return err
	}
	ru := &run{Renderer: r, ctx: ctx, s: s, f: f, maps: maps.New(r.Base, s, f, r.Maps)}
	ru.cfg = &Config{Base: r.Base, Assets: assets, CSP: cspWithTiles(r.Maps.Tiles)}
	t, err := theme.Load(r.Templates, ru.cfg.Base, ru.cfg.Assets)
	if err != nil {
		return err
	}
	ru.words = t.Words
	ru.prepare()
	if err := ru.startIncremental(pub, t); err != nil {
		return err
	}
	defer func() { r.Counts = ru.inc.counts() }()

	workers := r.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	total := 0
	for _, sec := range append(mapSections, pageSections...) {
		sec(ru, func(job) { total++ })
	}
	jobs := make(chan job, 4*workers)
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		done atomic.Int64
	)
	worker := func() {
		var buf bytes.Buffer
		for j := range jobs {
			buf.Reset()
			if err := ru.runJob(j, &buf, t, pub); err != nil {
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
		// json.Marshal writes no space: the index is already minified.
		err := search.Stream(search.FromSite(s), search.DefaultLimits, pub.PublishMinified)
		if workers > 1 {
			wg.Go(worker)
		}
		indexed <- err
	}()
	top := map[string]bool{}
	send := func(j job) {
		top[topLevel(j.path)] = true
		jobs <- j
	}
	for _, sec := range mapSections {
		sec(ru, send)
	}
	if err := <-indexed; err != nil {
		close(jobs)
		wg.Wait()
		return err
	}
	top["search"] = true
	var sitemap []encode.SitemapURL
	for _, sec := range pageSections {
		sec(ru, func(j job) {
			if j.sitemap {
				sitemap = append(sitemap, encode.SitemapURL{Loc: r.Base.Abs(j.at), Modified: j.modified})
			}
			send(j)
		})
	}
	close(jobs)
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return ru.finish(pub, sitemap, top)
}

// finish writes the files that list the others: the sitemaps, the changes
// feed, robots.txt and _headers.
func (r *run) finish(pub Publisher, sitemap []encode.SitemapURL, top map[string]bool) error {
	for name, data := range encode.Sitemaps(r.Base, sitemap, r.SitemapLimit) {
		top[name] = true
		if err := pub.Publish(name, data); err != nil {
			return err
		}
	}
	top["changes"] = true
	if err := pub.Publish(urls.File(urls.ChangesFeed), encode.ChangesFeed(r.Base, r.f.History)); err != nil {
		return err
	}
	if err := pub.Publish(urls.File(urls.Robots), encode.Robots(r.Base)); err != nil {
		return err
	}
	top["robots.txt"] = true
	return pub.Publish(urls.File(urls.Headers), r.cfg.Headers(top))
}

// run makes and publishes one job's file.
func (j *job) run(buf *bytes.Buffer, t *theme.Theme, pub Publisher) error {
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
	if err := t.Execute(buf, j.template, j.page()); err != nil {
		return fmt.Errorf("%s: %w", j.path, err)
	}
	if j.embeds {
		return pub.Publish(j.path, buf.Bytes())
	}
	return pub.PublishMinified(j.path, buf.Bytes())
}

// topLevel is the first segment of an output path.
func topLevel(p string) string {
	for i := range len(p) {
		if p[i] == '/' {
			return p[:i]
		}
	}
	return p
}
