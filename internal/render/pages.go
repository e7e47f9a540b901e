package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"ratingsite/internal/encode"
	"ratingsite/internal/maps"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
)

// prepare makes what every page shares, once, before any page renders.
func (r *run) prepare() {
	r.shared = &view.Shared{DataDate: r.s.DataDate, Content: r.Content, Tiles: r.Maps.Tiles, TilesAttribution: r.Maps.TilesAttribution,
		Base: r.Base, Assets: r.cfg.Assets, CSP: r.cfg.CSP, Words: r.words}
	for _, sc := range r.f.Regions {
		r.shared.Regions = append(r.shared.Regions, view.Link{Name: sc.Name, Path: sc.Area.Path()})
	}
	r.rows = make(map[*site.Practice]*view.PracticeRow, len(r.s.Practices))
	for _, p := range r.s.Practices {
		r.rows[p] = practiceRow(p)
	}
	r.news = newNewsIndex(r.News, r.s)
}

// regionFigures are the regions' figures with their pages.
func (r *run) regionFigures() []view.AreaFigures {
	out := make([]view.AreaFigures, len(r.f.Regions))
	for i, sc := range r.f.Regions {
		out[i] = view.AreaFigures{Path: sc.Area.Path(), Scope: sc}
	}
	return out
}

func practiceRow(p *site.Practice) *view.PracticeRow {
	var b strings.Builder
	b.WriteString(p.Ratings.Overall().Value.Slug())
	for _, d := range rating.KeyQuestions {
		b.WriteByte(' ')
		b.WriteString(p.Ratings[rating.Whole][d].Value.Slug())
	}
	return &view.PracticeRow{Path: p.Path(), Name: p.Name, City: p.City, Distinct: distinctBesideTown(p), Slugs: b.String(), Overall: p.Ratings.Overall()}
}

// table is a list of practices as rows.
func (r *run) table(caption string, ps []*site.Practice) view.PracticeTable {
	t := view.PracticeTable{Caption: caption, Rows: make([]*view.PracticeRow, len(ps))}
	for i, p := range ps {
		t.Rows[i] = r.rows[p]
	}
	return t
}

// page makes a page's shell: its titles, canonical URL and breadcrumbs
// (Home, then crumbs, then the page itself).
func (r *run) page(path, title, desc string, data any, crumbs ...view.Crumb) *view.Page {
	home := view.Crumb{Name: r.words.Shell.Breadcrumb, Path: urls.Home}
	crumbs = append([]view.Crumb{home}, crumbs...)
	if path != urls.Home {
		crumbs = append(crumbs, view.Crumb{Name: title, Path: path})
	} else {
		crumbs = crumbs[:1]
	}
	for i := range crumbs {
		crumbs[i].URL = r.Base.Link(crumbs[i].Path)
	}
	crumbs[len(crumbs)-1].Current = true
	full := r.words.FullTitle(title)
	if path == urls.Home {
		full = title
	}
	return &view.Page{Path: path, Title: title, FullTitle: full, Canonical: r.Base.Abs(path), Description: desc, Crumbs: crumbs,
		Data: data, Shared: r.shared}
}

// html is an indexed page at path, dated modified, from a template.
func html(path, tmpl string, modified time.Time, page func() *view.Page) job {
	return job{path: urls.File(path), at: path, template: tmpl, page: page, sitemap: true, modified: modified, embeds: embedsMarkdown[tmpl]}
}

// embedsMarkdown names the page templates that show rendered Markdown,
// whose pages the publisher minifies whole.
var embedsMarkdown = map[string]bool{"page.html": true, "release.html": true}

var nationalCrumb = view.Crumb{Name: "National figures", Path: urls.National}

// nationalHead is the <head> of the pages with the national map.
func (r *run) nationalHead() view.Head {
	return view.Head{Script: true, Image: r.Base.Abs(urls.NationalPNG), Alt: ogAlt("")}
}

// ogAlt describes an Open Graph map image: the national map, or the map of
// the region whose name reads inName after "in".
func ogAlt(inName string) string {
	if inName == "" {
		return "Map of England's regions, shaded by the share of GP practices rated Requires improvement or Inadequate"
	}
	return "Map of " + inName + " with a symbol for each GP practice by its CQC rating"
}

func (r *run) nationalMap() *view.NationalMap {
	return &view.NationalMap{SVG: r.maps.National(false), Tiles: r.Maps.Tiles, Legend: maps.ShadesLegend}
}

// mainPages are the home, national, about and 404 pages.
func (r *run) mainPages(emit func(job)) {
	f, date := r.f, r.s.DataDate
	emit(html(urls.Home, "home.html", date, func() *view.Page {
		nat := &f.National
		h := f.History
		v := &view.HomeView{National: nat, Regions: r.regionFigures(), News: r.news.latest(), Map: r.nationalMap(),
			Changes: len(h.Changes), Overdue: len(h.National.Overdue), SpecialMeasures: len(h.SpecialMeasures), Closed: h.Closed}
		good := nat.Overall.GoodOrOutstanding()
		w := &r.words.Home
		p := r.page(urls.Home, w.Title, view.Fill(w.Description, "practices", strconv.Itoa(nat.Practices), "good", good.Text()), v)
		p.Current, p.Head = "home", r.nationalHead()
		return p
	}))
	emit(html(urls.National, "national.html", date, func() *view.Page {
		v := &view.NationalView{National: &f.National, Regions: r.regionFigures(), Map: r.nationalMap(), Share: r.maps.Share(nil),
			Improvement: view.Improvement{Name: "England", Reg: &f.History.National, OverduePath: urls.Overdue, National: true}}
		p := r.page(urls.National, r.words.National.Title, r.words.National.Description, v)
		p.Current, p.Head = "national", r.nationalHead()
		return p
	}))
	emit(html(urls.About, "about.html", date, func() *view.Page {
		p := r.page(urls.About, r.words.About.Title, r.words.About.Description, nil)
		p.Current = "about"
		return p
	}))
	emit(job{path: urls.File(urls.NotFound), at: urls.NotFound, template: "404.html", page: func() *view.Page {
		p := r.page(urls.NotFound, r.words.NotFound.Title, r.words.NotFound.Description, nil)
		p.NoIndex, p.Canonical = true, ""
		return p
	}})
}

// contentPages are the site's own Markdown pages.
func (r *run) contentPages(emit func(job)) {
	for _, c := range r.Content {
		emit(html(c.Path(), "page.html", r.s.DataDate, func() *view.Page { return r.page(c.Path(), c.Title, c.Summary, c) }))
	}
}

// areaPage is a region's or local authority's page.
func (r *run) areaPage(a *site.Area, crumbs ...view.Crumb) job {
	return html(a.Path(), "area.html", r.s.DataDate, func() *view.Page {
		sc := r.f.Of(a)
		v := &view.AreaView{Name: a.Name, InName: a.InName(), Region: areaLink(a.Region), Scope: sc, News: r.news.forRegion(a),
			Improvement: view.Improvement{Name: a.Name, Reg: r.f.History.Of(a)},
			Practices:   r.table(fmt.Sprint("All ", len(a.Practices), " practices in ", a.InName()), a.Practices)}
		for _, la := range a.LocalAuthorities {
			v.LocalAuthorities = append(v.LocalAuthorities, view.AreaFigures{Path: la.Path(), Scope: r.f.Of(la)})
		}
		p := r.page(a.Path(), a.Name, view.Fill(r.words.Area.Description, "practices", strconv.Itoa(sc.Practices), "in", a.InName()), v, crumbs...)
		if a.Kind == site.RegionKind {
			v.Improvement.OverduePath = urls.OverdueRegion(a.Slug)
		}
		if svg := r.maps.Region(a, false); svg != "" {
			placed, unplaced := r.maps.RegionCounts(a)
			v.Map = &view.RegionMap{Name: a.Name, InName: a.InName(), SVG: svg, Placed: placed, Unplaced: unplaced, Tiles: r.Maps.Tiles, Legend: maps.AllMarks, Share: r.maps.Share(a)}
			if a.Kind != site.RegionKind && !r.maps.Outlined(a) && a.Region != nil {
				v.Map.NoBoundary = a.Region.InName()
			}
		} else {
			v.NoMap = "No practice in " + a.InName() + " has a known location"
			if a.Kind != site.RegionKind {
				v.NoMap += " and no boundary is given for it"
			}
			v.NoMap += ", so there is nothing to map. Its practices are listed below."
		}
		p.Head = view.Head{Script: v.Map != nil, Image: r.Base.Abs(urls.AreaPNG(a.Path())), Alt: ogAlt(a.InName())}
		return p
	})
}

func (r *run) regionPages(emit func(job)) {
	for _, a := range r.s.Regions {
		emit(r.areaPage(a, nationalCrumb))
	}
}

func (r *run) localAuthorityPages(emit func(job)) {
	for _, a := range r.s.LocalAuthorities {
		crumbs := []view.Crumb{nationalCrumb}
		if a.Region != nil {
			crumbs = append(crumbs, view.Crumb{Name: a.Region.Name, Path: a.Region.Path()})
		}
		emit(r.areaPage(a, crumbs...))
	}
}

// practicePages are every current practice's page and JSON.
func (r *run) practicePages(emit func(job)) {
	for i, p := range r.s.Practices {
		if i%256 == 0 && r.ctx.Err() != nil {
			return
		}
		emit(html(p.Path(), "practice.html", p.Published(), func() *view.Page { return r.practicePage(p) }))
		emit(r.practiceJSON(p))
	}
}

// practicePage is a current practice's page.
func (r *run) practicePage(p *site.Practice) *view.Page {
	v := r.practiceView(p)
	desc := fmt.Sprintf("%s, %s: rated %s by CQC.", p.Name, p.Postcode, ratingPhrase(v.Overall.Value))
	pg := r.page(p.Path(), p.Name, desc, v, view.Crumb{Name: p.Region.Name, Path: p.Region.Path()}, view.Crumb{Name: p.LocalAuthority.Name, Path: p.LocalAuthority.Path()})
	pg.Head = r.practiceHead(v)
	return pg
}

func (r *run) practiceJSON(p *site.Practice) job {
	// Keyed on its document, which is encoded only when it changed, and
	// minified as it is encoded (see encode.Practice): not minified again.
	var doc *encode.PracticeJSON
	get := func() *encode.PracticeJSON {
		if doc == nil {
			doc = encode.PracticeDoc(r.Base, p, r.s.DataDate)
		}
		return doc
	}
	return job{path: urls.File(p.JSONPath()), input: func() any { return get() }, gen: func() ([]byte, error) { return encode.PracticeBytes(get()) }}
}

func (r *run) practiceHead(v *view.PracticeView) view.Head {
	h := view.Head{Script: v.Map != nil}
	if v.Region != nil {
		h.Image, h.Alt = r.Base.Abs(urls.AreaPNG(v.Region.Path)), ogAlt(v.Region.InName)
	}
	return h
}

func ratingPhrase(v rating.Value) string {
	if v.IsRating() {
		return v.String() + " overall"
	}
	if v.Present() {
		return "not rated (" + v.String() + ")"
	}
	return "not rated yet"
}
