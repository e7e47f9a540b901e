package render

import (
	"fmt"
	"html/template"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/figures"
	"ratingsite/internal/rating"
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
		emit(job{path: urls.File(p.JSONPath()), value: practiceJSON(v, r.Config, s)})
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

// ChangesFeed is /changes/feed.xml: one entry per practice whose overall
// rating changed between the two newest months. Its dates come from the
// data, so the same data gives the same bytes.
func ChangesFeed(h *figures.History, cfg *Config) []byte {
	feed := atomFeed{
		Title:    "Changes in CQC ratings of GP practices",
		Subtitle: "GP practices in England whose overall CQC rating changed in the newest month of data.",
		ID:       cfg.Base.Abs(urls.Changes),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: cfg.Base.Abs(urls.ChangesFeed)},
			{Rel: "alternate", Type: "text/html", Href: cfg.Base.Abs(urls.Changes)},
		},
		Updated: atomTime(h.DataDate),
		Author:  atomAuthor{Name: "GP practice ratings"},
	}
	month := ""
	if h.To != nil {
		month = h.To.Month.Format("2006-01")
		if h.To.Month.After(h.DataDate) {
			feed.Updated = atomTime(h.To.Month)
		}
	}
	for _, c := range h.Changes {
		p := c.Practice
		when := c.To.Published.Time()
		if when.IsZero() {
			when = h.DataDate
		}
		change := c.Change.Word()
		if change == "" {
			change = "changed"
		}
		title := fmt.Sprintf("%s (%s): %s, now %s", p.Name, p.Postcode, change, valueWord(c.To.Value))
		summary := fmt.Sprintf("%s's overall CQC rating was %s in the %s data and is %s in the %s data.",
			p.Name, valueWord(c.From.Value), h.From.Label(), valueWord(c.To.Value), h.To.Label())
		if p.Closed() {
			summary += " The practice has since closed."
		}
		feed.Entries = append(feed.Entries, atomEntry{
			Title: title, ID: cfg.Base.Abs(p.Path()) + "#change-" + month,
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: cfg.Base.Abs(p.Path())},
			Updated: atomTime(when), Summary: summary,
		})
	}
	return feed.encode()
}

func valueWord(v rating.Value) string {
	if !v.Present() {
		return "not published"
	}
	return v.String()
}

// HistoryJSON is the history part of /practices/<id>.json.
type HistoryJSON struct {
	// Status is "current", "closed" or "deregistered".
	Status   string       `json:"status"`
	ClosedOn string       `json:"closedOn,omitempty"`
	History  []RatedJSON  `json:"history"`
	Actions  []ActionJSON `json:"enforcement"`
	Special  *ActionJSON  `json:"specialMeasures"`
}

// RatedJSON is one published overall rating in a practice's history.
type RatedJSON struct {
	Published    string            `json:"published"`
	Overall      string            `json:"overall"`
	KeyQuestions map[string]string `json:"keyQuestions,omitempty"`
	// Change is "improved", "declined", "unchanged" or "" (the first
	// rating, or a value that is not a rating).
	Change string `json:"change,omitempty"`
}

// ActionJSON is one enforcement action.
type ActionJSON struct {
	Action    string `json:"action"`
	Date      string `json:"date"`
	SourceURL string `json:"sourceUrl,omitempty"`
}

func actionJSON(a *cqc.Action) *ActionJSON {
	return &ActionJSON{Action: a.Kind.String(), Date: a.Date.String(), SourceURL: safeURL(a.SourceURL)}
}

func historyJSON(p *site.Practice) HistoryJSON {
	j := HistoryJSON{Status: "current", History: []RatedJSON{}, Actions: []ActionJSON{}}
	switch p.ClosedWhy {
	case site.ClosedDeregistered:
		j.Status = "deregistered"
	case site.ClosedMissing:
		j.Status = "closed"
	}
	if !p.ClosedOn.IsZero() {
		j.ClosedOn = isoDate(p.ClosedOn)
	}
	for _, e := range p.Timeline {
		r := RatedJSON{Published: e.Published.String(), Overall: e.Overall.String(), Change: e.Change.Word()}
		for i, d := range rating.KeyQuestions {
			if v := e.KeyQuestions[i]; v.Present() {
				if r.KeyQuestions == nil {
					r.KeyQuestions = map[string]string{}
				}
				r.KeyQuestions[d.Slug()] = v.String()
			}
		}
		j.History = append(j.History, r)
	}
	for i := range p.Actions {
		j.Actions = append(j.Actions, *actionJSON(&p.Actions[i]))
	}
	if p.SpecialMeasures != nil {
		j.Special = actionJSON(p.SpecialMeasures)
	}
	return j
}
