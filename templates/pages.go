package templates

import (
	"fmt"

	"github.com/a-h/templ"

	"ratingsite/internal/content"
	"ratingsite/internal/view"
)

// A kind of page: what its view must be, its content (inside <main>) and
// what it adds to the <head>.
type kind struct {
	body func(p *view.Page) (templ.Component, error)
	head func(s *view.Shared) templ.Component
}

// of adapts a page's template to the page, checking the view's type.
func of[V any](f func(*view.Page, V) templ.Component) func(*view.Page) (templ.Component, error) {
	return func(p *view.Page) (templ.Component, error) {
		v, ok := p.Data.(V)
		if !ok {
			return nil, fmt.Errorf("templates: the view is a %T, not a %T", p.Data, v)
		}
		return f(p, v), nil
	}
}

func plain(f func(*view.Page) templ.Component) func(*view.Page) (templ.Component, error) {
	return func(p *view.Page) (templ.Component, error) { return f(p), nil }
}

// kinds are the site's pages by name, as internal/render's registry names
// them. The embed pages have their own frame: see Embed.
var kinds = map[string]kind{
	"home.html":             {body: of(home)},
	"national.html":         {body: of(national)},
	"about.html":            {body: plain(about)},
	"404.html":              {body: plain(notFound)},
	"page.html":             {body: of(func(p *view.Page, c *content.Page) templ.Component { return page(p, c) })},
	"area.html":             {body: of(area)},
	"practice.html":         {body: of(practice)},
	"changes.html":          {body: of(changes), head: changesHead},
	"closed.html":           {body: of(closed)},
	"special-measures.html": {body: of(specialMeasures)},
	"overdue.html":          {body: of(overdue)},
	"news.html":             {body: of(newsPage), head: feedLink},
	"release.html":          {body: of(release), head: feedLink},
	"search.html":           {body: of(search)},
	"az.html":               {body: of(az)},
	"ratinglist.html":       {body: of(ratingList)},
}

// EmbedPage is the name of the embeddable maps, which have no shell.
const EmbedPage = "embed.html"

// Body is the content of page kind name for p, and what it adds to the
// <head> (nil for nothing).
func Body(name string, p *view.Page) (body, head templ.Component, err error) {
	k, ok := kinds[name]
	if !ok {
		return nil, nil, fmt.Errorf("templates: no page %s", name)
	}
	if body, err = k.body(p); err != nil {
		return nil, nil, err
	}
	if k.head != nil {
		head = k.head(p.Shared)
	}
	return body, head, nil
}

// Page is the whole page of kind name for p, in the default shell.
func Page(name string, p *view.Page) (templ.Component, error) {
	if name == EmbedPage {
		v, ok := p.Data.(*view.EmbedView)
		if !ok {
			return nil, fmt.Errorf("templates: the view is a %T, not a *view.EmbedView", p.Data)
		}
		return Embed(p, v), nil
	}
	body, head, err := Body(name, p)
	if err != nil {
		return nil, err
	}
	return Shell(p, head, body), nil
}
