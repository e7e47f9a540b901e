package render

import (
	"fmt"
	"html/template"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/encode"
	"ratingsite/internal/figures"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

// ChangesView is the data of /changes/.
type ChangesView struct {
	History *figures.History
	FeedURL string
}

// PracticeListView is the data of /closed/ and /special-measures/.
type PracticeListView struct {
	Practices []*site.Practice
}

// OverdueView is the data of /overdue/ (Area nil) and /overdue/<region>/.
type OverdueView struct {
	Area       *site.Area
	Regulation *figures.Regulation
	DataDate   time.Time
}

// historyPageCount is how many pages historyPages emits.
func historyPageCount(s *site.Site) int { return 4 + len(s.Regions) + 2*len(s.Closed) }

// historyPages emits the pages about change over time: /changes/,
// /closed/, /special-measures/, /overdue/ and one overdue list per region,
// and every closed practice's own page and JSON, so that no practice page
// that ever existed becomes a 404.
func (r *Renderer) historyPages(s *site.Site, f *figures.Figures,
	page func(path, title, desc string, data any, crumbs ...Crumb) *Page, html func(*Page, string), emit func(job)) {
	h := f.History
	national := Crumb{Name: "National figures", Path: urls.National}

	desc := "GP practices whose CQC overall rating changed in the newest month of data, with a feed."
	if h.To != nil {
		desc = fmt.Sprintf("GP practices whose CQC overall rating changed between %s and %s.", h.From.Label(), h.To.Label())
	}
	html(page(urls.Changes, "Rating changes this month", desc, &ChangesView{History: h, FeedURL: r.Config.Base.Link(urls.ChangesFeed)}, national), "changes.html")

	closed := page(urls.Closed, "Closed or deregistered practices",
		"GP practices that CQC has deregistered or that are no longer in its monthly ratings data, with their last rating.",
		&PracticeListView{Practices: s.Closed}, national)
	html(closed, "closed.html")

	html(page(urls.SpecialMeasures, "Practices in special measures",
		"GP practices in England that CQC has placed in special measures and that have not since been rated better than Inadequate.",
		&PracticeListView{Practices: h.SpecialMeasures}, national), "special-measures.html")

	html(page(urls.Overdue, "Overdue inspections",
		"GP practices in England whose next CQC inspection was due before the date of the data, by region.",
		&OverdueView{Regulation: &h.National, DataDate: s.DataDate}, national), "overdue.html")
	overdue := Crumb{Name: "Overdue inspections", Path: urls.Overdue}
	for _, a := range s.Regions {
		html(page(urls.OverdueRegion(a.Slug), "Overdue inspections in "+a.Name,
			fmt.Sprintf("GP practices in %s whose next CQC inspection was due before the date of the data.", a.InName()),
			&OverdueView{Area: a, Regulation: h.Of(a), DataDate: s.DataDate}, national, overdue), "overdue.html")
	}

	closedCrumb := Crumb{Name: "Closed or deregistered", Path: urls.Closed}
	for _, p := range s.Closed {
		v := newPracticeView(p, s.DataDate)
		v.Due, v.Meaning.Due, v.Meaning.Closed = Due{}, Due{}, true
		what := "closed"
		if p.ClosedWhy == site.ClosedDeregistered {
			what = "deregistered"
		}
		pg := page(p.Path(), p.Name, fmt.Sprintf("%s, %s: %s. Its last CQC rating was %s.", p.Name, p.Postcode, what, ratingPhrase(v)), v, closedCrumb)
		// Kept so that links to it still work, but not offered to search
		// engines as a practice people can register with.
		pg.NoIndex = true
		pg.Modified = p.Published()
		html(pg, "practice.html")
		emit(job{path: urls.File(p.JSONPath()), gen: func() ([]byte, error) { return encode.Practice(r.Config.Base, p, s.DataDate) }, minify: true})
	}
}

// addHistoryFuncs adds the template functions of the history pages: add,
// timeline and closedtext.
func addHistoryFuncs(funcs template.FuncMap) {
	funcs["add"] = func(a, b int) int { return a + b }
	funcs["timeline"] = Timeline
	funcs["closedtext"] = ClosedText
	funcs["history"] = NewHistoryView
}

// HistoryView is what a practice page shows of its history, in flat
// fields: templates look fields up by name, and a lookup through the
// practice's embedded structs costs several times more.
type HistoryView struct {
	Name string
	// ClosedText is "" for a current practice.
	ClosedText string
	// Special is the special-measures action in effect, or nil.
	Special *cqc.Action
	// Timeline is the practice's ratings newest first when there are two
	// or more; Once is true when there is exactly one.
	Timeline []site.Rated
	Once     bool
	Actions  []cqc.Action
}

// NewHistoryView is the template function history.
func NewHistoryView(p *site.Practice) *HistoryView {
	v := &HistoryView{Name: p.Name, ClosedText: ClosedText(p), Special: p.SpecialMeasures, Actions: p.Actions, Once: len(p.Timeline) == 1}
	if len(p.Timeline) > 1 {
		v.Timeline = Timeline(p)
	}
	return v
}

// Timeline is the practice's ratings, newest first, for the practice page.
func Timeline(p *site.Practice) []site.Rated {
	out := make([]site.Rated, len(p.Timeline))
	for i, e := range p.Timeline {
		out[len(out)-1-i] = e
	}
	return out
}

// ClosedText describes a closed practice's status in a sentence.
func ClosedText(p *site.Practice) string {
	switch p.ClosedWhy {
	case site.ClosedDeregistered:
		if !p.ClosedOn.IsZero() {
			return "CQC deregistered this practice on " + longDate(p.ClosedOn) + ". It no longer provides GP services under this registration."
		}
		return "CQC lists this practice as deregistered. It no longer provides GP services under this registration."
	case site.ClosedMissing:
		last := ""
		if p.LastListed != nil {
			last = " The last file that listed it was for " + p.LastListed.Label() + "."
		}
		return "This practice is not in CQC's ratings data for " + p.ClosedOn.Format("January 2006") + " or later: it has closed, merged with another practice or been deregistered." + last
	}
	return ""
}
