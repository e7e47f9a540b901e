package render

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"ratingsite/internal/content"
	"ratingsite/internal/cqc"
	"ratingsite/internal/encode"
	"ratingsite/internal/figures"
	"ratingsite/internal/geo"
	"ratingsite/internal/maps"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

// Views are prepared, templates only print. Every page's data is computed
// into a plain value below before its template runs: templates reach no
// model, map or history through a function, only fields (and the methods
// of plain values such as a rating or a distribution).

// Page is what every HTML template receives: the page shell and, in Data,
// the page's own view.
type Page struct {
	// Path is the page's site path, e.g. "/regions/london/".
	Path  string
	Title string
	// FullTitle is the <title>: the page's title and the site's name.
	FullTitle string
	// Canonical is the page's absolute URL, or "" for pages that are not
	// to be indexed.
	Canonical   string
	Description string
	Crumbs      []Crumb
	// NoIndex asks search engines not to index the page.
	NoIndex bool
	// Current names the main navigation item this page is: "home",
	// "national", "about", "news" or "".
	Current string
	// Head is what the <head> adds for maps.
	Head Head
	// Shared is the same for every page of a build (a pointer, so that
	// partials keyed on it are rendered once).
	Shared *Shared
	// Data is the page's own view: *PracticeView, *AreaView, …
	Data any
}

// Shared holds what every page's header and footer show.
type Shared struct {
	DataDate time.Time
	Content  []*content.Page
	// Regions link to every region's page. They hold no figures: every
	// page's hash covers Shared, and a changed figure must not make every
	// page render again.
	Regions []Link
	// Tiles and TilesAttribution are the tile base map, when one is on.
	Tiles, TilesAttribution string
}

// Crumb is one breadcrumb. The last one is the page itself.
type Crumb struct {
	Name string
	Path string
	// URL is the link, with the base URL's path prefix; Current marks the
	// page itself.
	URL     string
	Current bool
}

// Head is what a page's <head> adds for maps: the map script, and the
// Open Graph and Twitter card image.
type Head struct {
	Script bool
	Image  string // absolute URL of the PNG, or ""
	Alt    string
}

// Link is a named page.
type Link struct {
	Name, Path string
}

// AreaLink is a region or local authority: its name, the name as it reads
// after "in", and its page.
type AreaLink struct {
	Name, InName, Path string
}

func areaLink(a *site.Area) *AreaLink {
	if a == nil {
		return nil
	}
	return &AreaLink{Name: a.Name, InName: a.InName(), Path: a.Path()}
}

// AreaFigures is an area's figures with its page.
type AreaFigures struct {
	Path string
	*figures.Scope
}

// PracticeRow is one practice in a list. Each practice's row is made once
// per build and shared by every list it is in, so that the partial that
// prints it runs once.
type PracticeRow struct {
	Path, Name, City string
	// Slugs are the overall and key-question values as slugs, for
	// assets/filter.js.
	Slugs   string
	Overall rating.Cell
}

// PracticeTable is a caption and the rows of a list of practices.
type PracticeTable struct {
	Caption string
	Rows    []*PracticeRow
}

// NewsItem is a press release in a list.
type NewsItem struct {
	Title, Path, Summary string
	Date                 time.Time
}

// NationalMap is the national map as a page shows it.
type NationalMap struct {
	SVG    template.HTML
	Tiles  string
	Legend maps.LegendKey
}

// RegionMap is a region's map as its page shows it.
type RegionMap struct {
	InName           string
	SVG              template.HTML
	Placed, Unplaced int
	Tiles            string
	Legend           maps.LegendKey
	Share            *maps.Share
}

// PracticeMap is a practice's small map as its page shows it.
type PracticeMap struct {
	*maps.SmallMap
	Tiles string
	// Region is a value, so that the partial that links to its map runs
	// once per region.
	Region AreaLink
}

// Improvement is the "Improvement since the first rating" section.
type Improvement struct {
	Name string
	Reg  *figures.Regulation
	// OverduePath is the list of overdue inspections the section links
	// to, or "".
	OverduePath string
	National    bool
}

// Headline is one figure of the improvement section, with its sentence.
type Headline struct{ Figure, Text string }

// Headlines are the improved and declined shares. Below figures.MinBase
// the figure is the counts ("1 of 3"), never "100% of the 1 practice" or
// "no practices of the 0 practices".
func (m Improvement) Headlines() []Headline {
	im := m.Reg.Improvement
	line := func(r figures.Ratio, first, did string) Headline {
		if l := r.Label(); l != "" {
			return Headline{l, fmt.Sprintf("of the %s first rated %s have %s (%d)", plural(r.Of, "practice", "practices"), first, did, r.Count)}
		}
		if r.Of == 0 {
			return Headline{"None", fmt.Sprintf("no practice first rated %s has been rated again", first)}
		}
		if r.Of == 1 {
			return Headline{fmt.Sprintf("%d of 1", r.Count), fmt.Sprintf("practice first rated %s has %s", first, did)}
		}
		return Headline{fmt.Sprintf("%d of %d", r.Count, r.Of), fmt.Sprintf("practices first rated %s have %s (too few for a percentage)", first, did)}
	}
	return []Headline{
		line(im.ImprovedShare(), "Requires improvement or Inadequate", "improved"),
		line(im.DeclinedShare(), "Good or Outstanding", "declined"),
	}
}

// HomeView is the home page's data.
type HomeView struct {
	National *figures.Scope
	Regions  []AreaFigures
	News     []NewsItem
	Map      *NationalMap
	// Changes, Overdue, SpecialMeasures and Closed count the practices on
	// the history pages.
	Changes, Overdue, SpecialMeasures, Closed int
}

// NationalView is the national page's data.
type NationalView struct {
	National    *figures.Scope
	Regions     []AreaFigures
	Improvement Improvement
	Map         *NationalMap
	Share       *maps.Share
}

// AreaView is a region or local-authority page's data.
type AreaView struct {
	Name, InName string
	// Region is a local authority's region; nil for a region.
	Region           *AreaLink
	Scope            *figures.Scope
	LocalAuthorities []AreaFigures
	News             []NewsItem
	Improvement      Improvement
	// Map is a region's map; nil for a local authority, or a region with
	// nothing to map.
	Map       *RegionMap
	Practices PracticeTable
}

// Shown is what a page shows of a published cell. It holds nothing
// else (no report link, unique to a practice), so that partial renders
// each distinct one once per build.
type Shown struct {
	Value     rating.Value
	Published time.Time
	Inherited bool
}

func shown(c rating.Cell) Shown { return Shown{c.Value, c.Published.Time(), c.Inherited} }

// DomainCell pairs a domain with its published cell.
type DomainCell struct {
	Domain rating.Domain
	Cell   Shown
}

// GroupRow is one population group's published cells, in Columns order.
type GroupRow struct {
	Group rating.Group
	Cells []Shown
}

// PracticeView is the practice page's data, in flat fields: templates look
// fields up by name on every use, and a lookup through embedded structs
// costs several times more.
type PracticeView struct {
	ID, Name, ODS                         string
	Street, Line2, City, County, Postcode string
	Phone, Website                        string
	ProviderID, ProviderName, BrandName   string
	ICBName                               string
	Region, LocalAuthority                *AreaLink
	JSONPath                              string

	Overall      rating.Cell
	KeyQuestions []DomainCell
	// GroupColumns are the domains in which any population group was rated.
	GroupColumns []rating.Domain
	Groups       []GroupRow
	// ReportURL links to CQC's report or page for the practice; "" if
	// the data's link is not an http(s) URL.
	ReportURL string
	// Meaning is what the "What this means" section says; comparable, so
	// the section is rendered once per distinct value.
	Meaning Meaning
	History *HistoryView
	Nearby  []NearbyRow
	// NearbyFrom says where the nearby list is measured from when that is
	// not the practice's own coordinates from CQC: "its postcode" or "the
	// centre of its postcode district"; "" otherwise.
	NearbyFrom string
	// Located is true when the practice has coordinates or a postcode
	// that matched: only otherwise is its location "not known".
	Located bool
	// Closed is true for a closed or deregistered practice: its page
	// speaks of its last rating in the past tense.
	Closed bool
	Map    *PracticeMap
}

// NearbyRow is one of the nearest practices, as the page lists it.
type NearbyRow struct {
	Path, Name, City string
	Miles            float64
	Overall          rating.Value
}

// Meaning is the overall value, when the next inspection is due, and the
// data's date.
type Meaning struct {
	Value    rating.Value
	Due      site.Due
	DataDate time.Time
	// Closed: the practice has closed, so no inspection is due.
	Closed bool
}

// HistoryView is what a practice page shows of its history.
type HistoryView struct {
	Name string
	// ClosedHead says first what happened and since when ("Deregistered
	// on 3 March 2025", "Closed: not in CQC's data since March 2025");
	// ClosedText explains it. Both are "" for a current practice.
	ClosedHead, ClosedText string
	// Special is the special-measures action in effect, or nil.
	Special *ActionRow
	// Timeline is the practice's ratings newest first when there are two
	// or more; Once is true when there is exactly one.
	Timeline []TimelineRow
	Once     bool
	Actions  []ActionRow
}

// TimelineRow is one published overall rating and how it changed.
type TimelineRow struct {
	Published    rating.Day
	Overall      rating.Value
	KeyQuestions [5]rating.Value
	// Change is "improved", "declined", "unchanged" or ""; From is the
	// rating before.
	Change string
	From   rating.Value
}

// ActionRow is one enforcement action.
type ActionRow struct {
	Kind, Meaning string
	Date          rating.Day
	// Status says whether the action is in effect, when it ended or was
	// superseded, or that the data does not say.
	Status string
	// SourceURL is the link to CQC's notice, or "". CQCPage is the
	// practice's page on CQC's website, linked (and said to be) when the
	// data holds no notice.
	SourceURL, CQCPage string
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
		v.KeyQuestions = append(v.KeyQuestions, DomainCell{d, shown(p.Ratings[rating.Whole][d])})
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
