package render

import (
	"net/url"
	"strings"

	"ratingsite/internal/cqc"
	"ratingsite/internal/encode"
	"ratingsite/internal/geo"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

// Views are prepared, templates only print. Every page's data is computed
// into a plain value below before its template runs: templates reach no
// model, map or history through a function, only fields (and the methods
// of plain values such as a rating or a distribution).

func areaLink(a *site.Area) *AreaLink {
	if a == nil {
		return nil
	}
	return &AreaLink{Name: a.Name, InName: a.InName(), Path: a.Path()}
}

func shown(c rating.Cell) Shown {
	return Shown{Value: c.Value, Published: c.Published.Time(), Inherited: c.Inherited}
}

// actionRow prepares one enforcement action of p. Only special measures
// have a known end in the data: a later overall rating better than
// Inadequate, or a newer special-measures action.
func actionRow(p *site.Practice, a *cqc.Action) ActionRow {
	row := ActionRow{Kind: a.Kind.String(), Meaning: a.Kind.Meaning(), Date: a.Date}
	row.SourceURL, row.CQCPage = noticeLink(p.ID, a.SourceURL)
	row.Status = actionStatus(p, a)
	return row
}

// noticeLink splits an action's source link into a notice and the
// practice's CQC page: a link to the practice's own page on CQC's website
// is not a notice, and a page must not call it one.
func noticeLink(id, source string) (notice, page string) {
	page = "https://www.cqc.org.uk/location/" + id
	u := encode.SafeURL(source)
	if u == "" {
		return "", page
	}
	if pu, err := url.Parse(u); err == nil && (pu.Host == "www.cqc.org.uk" || pu.Host == "cqc.org.uk") &&
		strings.TrimSuffix(pu.Path, "/") == "/location/"+id {
		return "", u
	}
	return u, page
}

func actionStatus(p *site.Practice, a *cqc.Action) string {
	if a.Kind != cqc.SpecialMeasures {
		return "The data this site holds does not say whether or when this action ended."
	}
	if p.SpecialMeasures == a {
		return "In effect: CQC has published no overall rating better than Inadequate since."
	}
	// Both the end and a newer placement can follow: whichever came
	// first ended this one.
	var ended, newer rating.Day
	var endedAs rating.Value
	for _, e := range p.Timeline {
		if e.Published > a.Date && e.Overall.IsRating() && e.Overall.Better(rating.Inadequate) {
			ended, endedAs = e.Published, e.Overall
			break
		}
	}
	if o := p.Ratings.Overall(); ended.IsZero() && o.Published > a.Date && o.Value.IsRating() && o.Value.Better(rating.Inadequate) {
		ended, endedAs = o.Published, o.Value
	}
	for i := len(p.Actions) - 1; i >= 0; i-- { // newest first: walk from the oldest
		b := &p.Actions[i]
		if b != a && b.Kind == cqc.SpecialMeasures && b.Date > a.Date {
			newer = b.Date
			break
		}
	}
	switch {
	case !ended.IsZero() && (newer.IsZero() || ended <= newer):
		return "Ended " + longDate(ended.Time()) + ", when CQC published an overall rating of " + endedAs.String() + "."
	case !newer.IsZero():
		return "Superseded on " + longDate(newer.Time()) + " by a newer special-measures action."
	case p.Closed():
		return "Ended when the practice closed or was deregistered."
	}
	return "No longer in effect; the data does not say when it ended."
}

func (r *run) practiceView(p *site.Practice) *PracticeView {
	dataDate := r.s.DataDate
	v := &PracticeView{
		ID: p.ID, Name: p.Name, ODS: p.ODS,
		Street: p.Street, Line2: p.Line2, City: p.City, County: p.County, Postcode: p.Postcode,
		Phone: p.Phone, Website: encode.SafeURL(p.Website), ProviderID: p.ProviderID, ProviderName: p.ProviderName, BrandName: p.BrandName,
		ICBName: p.ICBName, Region: areaLink(p.Region), LocalAuthority: areaLink(p.LocalAuthority), JSONPath: p.JSONPath(),
		Overall: p.Ratings.Overall(), ReportURL: encode.SafeURL(p.ReportLink()),
	}
	for _, d := range rating.KeyQuestions {
		v.KeyQuestions = append(v.KeyQuestions, DomainCell{Domain: d, Cell: shown(p.Ratings[rating.Whole][d])})
	}
	v.GroupColumns = p.GroupColumns()
	if len(v.GroupColumns) > 0 {
		for _, g := range rating.PopulationGroups {
			row := GroupRow{Group: g}
			any := false
			for _, d := range v.GroupColumns {
				c := p.Ratings[g][d]
				any = any || c.Value.Present()
				row.Cells = append(row.Cells, shown(c))
			}
			if any {
				v.Groups = append(v.Groups, row)
			}
		}
	}
	v.Meaning = Meaning{Value: v.Overall.Value, Due: p.NextInspection(dataDate), DataDate: dataDate, Closed: p.Closed()}
	for _, n := range p.Nearby {
		v.Nearby = append(v.Nearby, NearbyRow{Path: n.Path(), Name: n.Name, City: n.City, Miles: n.Miles, Overall: n.Ratings.Overall().Value})
	}
	switch p.Placed {
	case geo.FromPostcode:
		v.NearbyFrom = "its postcode"
	case geo.FromOutcode:
		v.NearbyFrom = "the centre of its postcode district"
	}
	v.Located, v.Closed = p.HasPoint(), p.Closed()
	v.History = historyView(p)
	if sm := r.maps.Practice(p); sm != nil && p.Region != nil {
		v.Map = &PracticeMap{SmallMap: sm, Tiles: r.shared.Tiles, Region: *areaLink(p.Region)}
	}
	return v
}

func historyView(p *site.Practice) *HistoryView {
	v := &HistoryView{Name: p.Name, ClosedHead: closedHead(p), ClosedText: closedText(p), Once: len(p.Timeline) == 1}
	if p.SpecialMeasures != nil {
		a := actionRow(p, p.SpecialMeasures)
		v.Special = &a
	}
	for i := range p.Actions {
		v.Actions = append(v.Actions, actionRow(p, &p.Actions[i]))
	}
	if len(p.Timeline) > 1 {
		v.Timeline = make([]TimelineRow, len(p.Timeline))
		for i, e := range p.Timeline {
			v.Timeline[len(p.Timeline)-1-i] = TimelineRow{Published: e.Published, Overall: e.Overall, KeyQuestions: e.KeyQuestions, Change: e.Change.Word(), From: e.Previous}
		}
	}
	return v
}

// closedHead is the first words of a closed practice's page: what
// happened, and since when.
func closedHead(p *site.Practice) string {
	switch p.ClosedWhy {
	case site.ClosedDeregistered:
		if !p.ClosedOn.IsZero() {
			return "Deregistered on " + longDate(p.ClosedOn)
		}
		return "Deregistered"
	case site.ClosedMissing:
		if !p.ClosedOn.IsZero() {
			return "Closed: not in CQC's data since " + p.ClosedOn.Format("January 2006")
		}
		return "Closed"
	}
	return ""
}

// closedText describes a closed practice's status in a sentence.
func closedText(p *site.Practice) string {
	switch p.ClosedWhy {
	case site.ClosedDeregistered:
		return "CQC has deregistered this practice: it no longer provides GP services under this registration."
	case site.ClosedMissing:
		last := ""
		if p.LastListed != nil {
			last = " The last file that listed it was for " + p.LastListed.Label() + "."
		}
		return "This practice is not in CQC's ratings data for " + p.ClosedOn.Format("January 2006") + " or later: it has closed, merged with another practice or been deregistered." + last
	}
	return ""
}
