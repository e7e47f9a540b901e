package pipeline

import (
	"os"
	"strconv"
	"strings"
	"time"

	"ratingsite/internal/content"
	"ratingsite/internal/diag"
	"ratingsite/internal/figures"
	"ratingsite/internal/site"
	"ratingsite/internal/stat"
	"ratingsite/internal/urls"
)

// readContent renders the Markdown pages and press releases. With the
// model and figures (s and f non-nil) their shortcodes are answered from
// the stat table, built once here, and a release's stat shortcodes from
// the figures as at its month (see monthFigures), built from in, what was
// read from data; without them (the data has errors) only the syntax is
// checked, so that one run still reports everything.
func readContent(cfg Config, cont input, s *site.Site, f *figures.Figures, in site.Input, data input, base *urls.Base, problems *diag.List) ([]*content.Page, []*content.Release) {
	opts := content.Options{URL: base.Link, Abs: base.Abs, UnsafeHTML: cfg.UnsafeHTML, Now: buildClock()}
	if s != nil && f != nil {
		opts.Resolver = &resolver{site: s, stats: stat.New(s, f)}
		opts.Figures = newMonthFigures(in, s, data.file("ratings"))
	}
	pages := content.ReadPages(cont.fsys, cont.name, opts, problems)
	news := content.ReadNews(cont.fsys, cont.name, opts, problems)
	return pages, news
}

// buildClock is the build's notion of today, used only to warn about a
// release dated in the future: SOURCE_DATE_EPOCH (seconds since 1970) when
// set, for reproducible builds, else the clock. No output depends on it.
func buildClock() time.Time {
	if v := strings.TrimSpace(os.Getenv("SOURCE_DATE_EPOCH")); v != "" {
		if sec, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return time.Now().UTC()
}

// resolver answers shortcodes from the model and the stat table.
type resolver struct {
	site  *site.Site
	stats *stat.Table
}

func (r *resolver) Stat(key string) (string, bool) { return r.stats.Value(key) }
func (r *resolver) SuggestStat(key string) string  { return r.stats.Suggest(key) }
func (r *resolver) Practice(id string) (string, string, bool) {
	p, ok := r.site.Practice(id)
	if !ok {
		return "", "", false
	}
	return p.Name, p.Path(), true
}

func (r *resolver) Region(slug string) (string, string, bool) {
	a, ok := r.site.Region(slug)
	if !ok {
		return "", "", false
	}
	return a.Name, a.Path(), true
}
