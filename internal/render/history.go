package render

import (
	"fmt"

	"ratingsite/internal/figures"
	"ratingsite/internal/history"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
)

func overdueTable(caption string, os []figures.Overdue, region bool) *view.OverdueTable {
	t := &view.OverdueTable{Caption: caption, Region: region}
	for _, o := range os {
		p := o.Practice
		t.Rows = append(t.Rows, view.OverdueRow{Path: p.Path(), Name: p.Name, City: p.City, Distinct: distinctBesideTown(p), Region: p.Region.Name, Overall: o.Overall, DueBy: o.DueBy, DaysLate: o.DaysLate})
	}
	return t
}

func regionName(a *site.Area) string {
	if a == nil {
		return ""
	}
	return a.Name
}

// historyPages are the pages about change over time: /changes/,
// /closed/, /special-measures/, /overdue/ and one overdue list per region,
// and every closed practice's own page and JSON, so that no practice page
// that ever existed becomes a 404.
func (r *run) historyPages(emit func(job)) {
	h, date := r.f.History, r.s.DataDate
	emit(html(urls.Changes, "changes.html", date, func() *view.Page {
		v := &view.ChangesView{FeedURL: r.Base.Link(urls.ChangesFeed)}
		desc := "GP practices whose CQC overall rating changed between the two newest monthly files of CQC's data, with a feed."
		if h.To != nil {
			v.From, v.To = h.From.Label(), h.To.Label()
			desc = fmt.Sprintf("GP practices whose CQC overall rating changed between the %s and %s monthly files of CQC's data.", v.From, v.To)
		}
		v.Improved, v.Declined, _ = h.ChangeCounts()
		for _, c := range h.Changes {
			p := c.Practice
			v.Changes = append(v.Changes, view.ChangeRow{Path: p.Path(), Name: p.Name, Distinct: p.Distinct, Closed: p.Closed(), Region: regionName(p.Region),
				From: c.From.Value, To: c.To.Value, Published: c.To.Published, Change: c.Change.Word()})
		}
		for _, p := range h.NewlyClosed {
			v.NewlyClosed = append(v.NewlyClosed, view.ClosedRow{Path: p.Path(), Name: p.Name, City: p.City, Distinct: distinctBesideTown(p)})
		}
		title := "Rating changes"
		if h.To != nil {
			title = fmt.Sprintf("Rating changes from %s to %s", v.From, v.To)
		}
		return r.page(urls.Changes, title, desc, v, nationalCrumb)
	}))
	emit(html(urls.Closed, "closed.html", date, func() *view.Page {
		v := &view.ClosedView{}
		for _, p := range r.s.Closed {
			v.Practices = append(v.Practices, view.ClosedRow{Path: p.Path(), Name: p.Name, City: p.City, Distinct: distinctBesideTown(p), Region: regionName(p.Region),
				Deregistered: p.ClosedWhy == site.ClosedDeregistered, ClosedOn: p.ClosedOn, Overall: p.Ratings.Overall()})
		}
		return r.page(urls.Closed, r.words.Closed.Title, r.words.Closed.Description, v, nationalCrumb)
	}))
	emit(html(urls.SpecialMeasures, "special-measures.html", date, func() *view.Page {
		v := &view.SpecialMeasuresView{}
		for _, p := range h.SpecialMeasures {
			row := view.SpecialRow{Path: p.Path(), Name: p.Name, City: p.City, Distinct: distinctBesideTown(p), Region: p.Region.Name,
				Since: p.SpecialMeasures.Date, Overall: p.Ratings.Overall()}
			row.SourceURL, row.CQCPage = history.NoticeLink(p.ID, p.SpecialMeasures.SourceURL)
			v.Practices = append(v.Practices, row)
		}
		return r.page(urls.SpecialMeasures, r.words.SpecialMeasures.Title, r.words.SpecialMeasures.Description, v, nationalCrumb)
	}))
	emit(html(urls.Overdue, "overdue.html", date, func() *view.Page {
		reg := &h.National
		v := &view.OverdueView{Count: len(reg.Overdue), OverdueBy: reg.OverdueBy, DataDate: date}
		for _, sc := range r.f.Regions {
			g := h.Of(sc.Area)
			v.Regions = append(v.Regions, view.OverdueRegion{Name: sc.Name, Path: urls.OverdueRegion(sc.Slug), Count: len(g.Overdue), OverdueBy: g.OverdueBy})
		}
		if u := reg.UrgentOverdue(); len(u) > 0 {
			v.Urgent = overdueTable("Practices in England last rated Inadequate more than 6 months ago or Requires improvement more than 12 months ago, longest overdue first", u, true)
		}
		return r.page(urls.Overdue, r.words.Overdue.Title, r.words.Overdue.Description, v, nationalCrumb)
	}))
	overdue := view.Crumb{Name: r.words.Overdue.Title, Path: urls.Overdue}
	for _, a := range r.s.Regions {
		path := urls.OverdueRegion(a.Slug)
		emit(html(path, "overdue.html", date, func() *view.Page {
			reg := h.Of(a)
			v := &view.OverdueView{InName: a.InName(), Count: len(reg.Overdue), OverdueBy: reg.OverdueBy, DataDate: date}
			if len(reg.Overdue) > 0 {
				v.Table = overdueTable("Practices in "+a.InName()+" whose last rating is older than CQC's former re-inspection interval, longest overdue first", reg.Overdue, false)
			}
			return r.page(path, r.words.Overdue.Title+" in "+a.Name,
				fmt.Sprintf("GP practices in %s whose last CQC rating is older than CQC's former re-inspection intervals.", a.InName()), v, nationalCrumb, overdue)
		}))
	}

	closedCrumb := view.Crumb{Name: "Closed or deregistered", Path: urls.Closed}
	for _, p := range r.s.Closed {
		// Kept so that links to it still work, but not offered to search
		// engines as a practice people can register with.
		emit(job{path: urls.File(p.Path()), at: p.Path(), template: "practice.html", page: func() *view.Page {
			v := r.practiceView(p)
			what := "closed"
			if p.ClosedWhy == site.ClosedDeregistered {
				what = "deregistered"
			}
			pg := r.page(p.Path(), p.Name, fmt.Sprintf("%s, %s: %s. Its last CQC rating was %s.", p.Name, p.Postcode, what, ratingPhrase(v.Overall.Value)), v, closedCrumb)
			pg.NoIndex = true
			pg.Head = r.practiceHead(v)
			return pg
		}})
		emit(r.practiceJSON(p))
	}
}
