package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"ratingsite/internal/cqc"
	"ratingsite/internal/encode"
	"ratingsite/internal/geo"
	"ratingsite/internal/history"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
)

// Views are prepared, templates only print. Every page's data is computed
// into a plain value below before its template runs: templates reach no
// model, map or history through a function, only fields (and the methods
// of plain values such as a rating or a distribution).

func areaLink(a *site.Area) *view.AreaLink {
	if a == nil {
		return nil
	}
	return &view.AreaLink{Name: a.Name, InName: a.InName(), Path: a.Path()}
}

func shown(c rating.Cell) view.Shown {
	return view.Shown{Value: c.Value, Published: c.Published.Time(), Inherited: c.Inherited}
}

// ProviderListMax is the most practices of the same provider a practice
// page lists; the rest are counted.
const ProviderListMax = 10

func (r *run) practiceView(p *site.Practice) *view.PracticeView {
	dataDate := r.s.DataDate
	closed := p.Closed()
	v := &view.PracticeView{
		ID: p.ID, Name: p.Name, ODS: p.ODS,
		Street: p.Street, Line2: p.Line2, City: p.City, County: p.County, Postcode: p.Postcode,
		Phone: p.Phone, ProviderID: p.ProviderID, ProviderName: p.ProviderName, BrandName: p.BrandName,
		ICBName: p.ICBName, Region: areaLink(p.Region), LocalAuthority: areaLink(p.LocalAuthority), JSONPath: p.JSONPath(),
		Overall: p.Ratings.Overall(), ReportURL: encode.SafeURL(p.ReportLink()), Registered: p.RegisteredFrom,
		KQCaption: "Ratings of " + p.Name + " for each key question",
	}
	v.Website, v.WebsiteText = urls.Website(p.Website)
	if closed {
		v.KQCaption = "Last published ratings of " + p.Name + " for each key question"
		if p.Phone != "" || v.Website != "" {
			v.ContactNote = "These are the contact details CQC last published; they may no longer work."
		}
	}
	if p.ClosedWhy == site.ClosedDeregistered {
		v.Deregistered = p.ClosedOn
	}
	current, hasCurrent := p.RatingReport()
	if hasCurrent {
		v.Inspected = current.FirstVisit
	}
	page := "https://www.cqc.org.uk/location/" + p.ID
	for _, rep := range p.Reports {
		u := encode.SafeURL(rep.URL)
		if u == "" {
			u = page
		}
		v.Reports = append(v.Reports, view.ReportRow{Published: rep.Published, Visit: rep.FirstVisit, URL: u, OnPage: u == page,
			Current: hasCurrent && rep == current})
	}
	for _, d := range rating.KeyQuestions {
		v.KeyQuestions = append(v.KeyQuestions, view.DomainCell{Domain: d, Cell: shown(p.Ratings[rating.Whole][d])})
	}
	v.GroupColumns = p.GroupColumns()
	if len(v.GroupColumns) > 0 {
		for _, g := range rating.PopulationGroups {
			row := view.GroupRow{Group: g}
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
	v.Meaning = view.Meaning{Value: v.Overall.Value, Text: history.Meaning(v.Overall.Value, closed), Due: p.NextInspection(dataDate), DataDate: dataDate, Closed: closed}
	for _, n := range p.Nearby {
		v.Nearby = append(v.Nearby, listedRow(n.Practice, n.Miles))
	}
	v.Provider, v.ProviderMore = providerRows(p, r.s.SameProvider(p))
	if v.ProviderMore > 0 && cqc.CheckID(p.ProviderID) == "" {
		v.ProviderURL = "https://www.cqc.org.uk/provider/" + p.ProviderID
	}
	if n := len(v.Provider); n > 0 {
		who := "This practice's provider"
		if p.ProviderName != "" {
			who = p.ProviderName
		}
		v.ProviderText = fmt.Sprintf("%s also runs %s.", who, view.Plural(n+v.ProviderMore, "other open practice", "other open practices"))
		if v.ProviderMore > 0 {
			order := "nearest"
			if !p.HasPoint() {
				order = "first by name"
			}
			v.ProviderText = fmt.Sprintf("%s also runs %d other open practices; the %d %s are listed here.", who, n+v.ProviderMore, n, order)
		}
	}
	switch p.Placed {
	case geo.FromPostcode:
		v.NearbyFrom = "its postcode"
	case geo.FromOutcode:
		v.NearbyFrom = "the centre of its postcode district"
	}
	v.Located, v.Closed = p.HasPoint(), closed
	v.History = history.View(p)
	if sm := r.maps.Practice(p); sm != nil && p.Region != nil {
		v.Map = &view.PracticeMap{SmallMap: sm, Tiles: r.shared.Tiles, Region: *areaLink(p.Region)}
	}
	return v
}

// listedRow is a practice as another practice's page lists it, miles
// away.
func listedRow(p *site.Practice, miles float64) view.NearbyRow {
	row := view.NearbyRow{Path: p.Path(), Name: p.Name, Place: placeOf(p), Miles: miles, Overall: p.Ratings.Overall().Value}
	if miles >= 0 {
		row.Away = view.Miles(miles) + " away"
	}
	return row
}

// placeOf is a practice's town as a list names it, with what tells it
// apart from another practice of its name before the town when the town
// alone does not ("Windsor Road, Oldham").
func placeOf(p *site.Practice) string {
	switch {
	case p.Distinct == "" || strings.EqualFold(p.Distinct, p.City):
		return p.City
	case p.City == "":
		return p.Distinct
	}
	return p.Distinct + ", " + p.City
}

// distinctBesideTown is what a row with a Town column adds to a
// practice's name: Distinct, unless it is the town that the row shows.
func distinctBesideTown(p *site.Practice) string {
	if strings.EqualFold(p.Distinct, p.City) {
		return ""
	}
	return p.Distinct
}

// providerRows are the practices of p's provider that p's page lists:
// nearest first when p has a place on the map (those without one last),
// else by name, at most ProviderListMax; more counts the rest.
func providerRows(p *site.Practice, same []*site.Practice) (rows []view.NearbyRow, more int) {
	if len(same) == 0 {
		return nil, 0
	}
	type cand struct {
		p     *site.Practice
		miles float64
		far   bool
	}
	cs := make([]cand, len(same))
	for i, q := range same {
		cs[i] = cand{p: q, far: true}
		if p.HasPoint() && q.HasPoint() {
			cs[i].miles, cs[i].far = site.Miles(p.Point, q.Point), false
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		if a.far != b.far {
			if a.far {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.miles, b.miles)
	})
	for i, c := range cs {
		if i == ProviderListMax {
			return rows, len(cs) - i
		}
		miles := c.miles
		if c.far {
			miles = -1
		}
		rows = append(rows, listedRow(c.p, miles))
	}
	return rows, 0
}
