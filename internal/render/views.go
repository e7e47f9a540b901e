package render

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
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

// ProviderListMax is the most practices of the same provider a practice
// page lists; the rest are counted.
const ProviderListMax = 10

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
	closed := p.Closed()
	v := &PracticeView{
		ID: p.ID, Name: p.Name, ODS: p.ODS,
		Street: p.Street, Line2: p.Line2, City: p.City, County: p.County, Postcode: p.Postcode,
		Phone: p.Phone, ProviderID: p.ProviderID, ProviderName: p.ProviderName, BrandName: p.BrandName,
		ICBName: p.ICBName, Region: areaLink(p.Region), LocalAuthority: areaLink(p.LocalAuthority), JSONPath: p.JSONPath(),
		Overall: p.Ratings.Overall(), ReportURL: encode.SafeURL(p.ReportLink()), Registered: p.RegisteredFrom,
		KQCaption: "Ratings of " + p.Name + " for each key question",
	}
	v.Website, v.WebsiteText = websiteLink(p.Website)
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
		v.Reports = append(v.Reports, ReportRow{Published: rep.Published, Visit: rep.FirstVisit, URL: u, OnPage: u == page,
			Current: hasCurrent && rep == current})
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
	v.Meaning = Meaning{Value: v.Overall.Value, Text: meaningText(v.Overall.Value, closed), Due: p.NextInspection(dataDate), DataDate: dataDate, Closed: closed}
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
		v.ProviderText = fmt.Sprintf("%s also runs %s.", who, plural(n+v.ProviderMore, "other open practice", "other open practices"))
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
	v.History = historyView(p)
	if sm := r.maps.Practice(p); sm != nil && p.Region != nil {
		v.Map = &PracticeMap{SmallMap: sm, Tiles: r.shared.Tiles, Region: *areaLink(p.Region)}
	}
	return v
}

// listedRow is a practice as another practice's page lists it, miles
// away.
func listedRow(p *site.Practice, miles float64) NearbyRow {
	row := NearbyRow{Path: p.Path(), Name: p.Name, Place: placeOf(p), Miles: miles, Overall: p.Ratings.Overall().Value}
	if miles >= 0 {
		row.Away = milesLabel(miles) + " away"
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
func providerRows(p *site.Practice, same []*site.Practice) (rows []NearbyRow, more int) {
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

// meaningText is what an overall value means: for a closed practice, in
// the past tense.
func meaningText(v rating.Value, closed bool) string {
	if !closed {
		return v.Meaning()
	}
	const when = "When CQC last rated it, the practice was "
	switch v {
	case rating.Outstanding:
		return when + "performing exceptionally well."
	case rating.Good:
		return when + "performing well and meeting CQC's expectations."
	case rating.RequiresImprovement:
		return when + "not performing as well as it should, and CQC told it how it had to improve."
	case rating.Inadequate:
		return when + "performing badly, and CQC took action against the person or organisation that ran it. A practice rated Inadequate overall is usually placed in special measures."
	case rating.InspectedNotRated:
		return "CQC inspected the practice, but the inspection was not designed to give a rating, so none was published."
	case rating.InsufficientEvidence:
		return "CQC did not have enough evidence to give a rating."
	case rating.NoPublishedRating:
		return "CQC had not published a rating for the practice when it closed."
	case rating.NotRated:
		return "The practice was not rated."
	case rating.NotApplicable:
		return "A rating did not apply to the practice."
	case rating.RegulationsMet:
		return "CQC found that the practice met the regulations it checked, but this was not a rating."
	}
	return "CQC published no rating for the practice before it closed."
}

// websiteLink makes CQC's website field a link and the text to show: an
// http or https URL as it is, an address without a scheme
// ("www.example.nhs.uk", as CQC writes most) with http:// before it.
// Anything else (another scheme, spaces, no dot in the host) is no link.
func websiteLink(raw string) (href, text string) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.ContainsAny(raw, " \t\"<>\\`") {
		return "", ""
	}
	href = raw
	if !strings.Contains(raw, "://") {
		href = "http://" + raw
	}
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || !strings.Contains(u.Hostname(), ".") ||
		strings.HasPrefix(u.Hostname(), ".") || strings.HasSuffix(u.Hostname(), ".") {
		return "", ""
	}
	text = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(raw, "https://"), "http://"), "/")
	return u.String(), text
}

func historyView(p *site.Practice) *HistoryView {
	v := &HistoryView{Name: p.Name, ClosedHead: closedHead(p), ClosedText: closedText(p), Once: len(p.Timeline) == 1,
		Caption:  "Overall ratings CQC has published for " + p.Name + ", newest first",
		OnceText: "This is the only overall rating CQC has published for the practice in the data this site holds.",
		NoneText: "CQC has not published an overall rating for this practice in the data this site holds."}
	closed := p.Closed()
	if closed {
		v.Caption = "Overall ratings CQC published for " + p.Name + ", newest first"
		v.OnceText = "This was the only overall rating CQC published for the practice in the data this site holds."
		v.NoneText = "CQC published no overall rating for this practice in the data this site holds."
	}
	if p.SpecialMeasures != nil {
		a := actionRow(p, p.SpecialMeasures)
		v.Special = &a
	}
	for i := range p.Actions {
		row := actionRow(p, &p.Actions[i])
		if closed {
			row.Meaning = pastActionMeaning(p.Actions[i].Kind)
		}
		v.Actions = append(v.Actions, row)
	}
	if len(p.Timeline) > 1 {
		v.Timeline = make([]TimelineRow, len(p.Timeline))
		for i, e := range p.Timeline {
			v.Timeline[len(p.Timeline)-1-i] = TimelineRow{Published: e.Published, Overall: e.Overall, KeyQuestions: e.KeyQuestions, Change: e.Change.Word(), From: e.Previous}
		}
	}
	return v
}

// pastActionMeaning says what an enforcement action was, for a closed
// practice's page (cqc.ActionKind.Meaning says it in the present).
func pastActionMeaning(k cqc.ActionKind) string {
	switch k {
	case cqc.SpecialMeasures:
		return "CQC placed the practice in special measures: it had to improve within a set time, under close supervision, or CQC could cancel its registration."
	case cqc.WarningNotice:
		return "CQC served a warning notice: the practice had to put right a breach of the regulations by a set date."
	case cqc.ConditionsImposed:
		return "CQC imposed conditions on the practice's registration, limiting what it could do."
	case cqc.Suspension:
		return "CQC suspended the practice's registration for a time: it could not provide the service while suspended."
	case cqc.CancellationProposed:
		return "CQC proposed to cancel the practice's registration, which would have closed it."
	}
	return k.Meaning()
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
