package render

import (
	"time"

	"ratingsite/internal/content"
	"ratingsite/internal/figures"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

// Page is what every HTML template receives.
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
	// NoIndex asks search engines not to index the page; it is left out
	// of the sitemap.
	NoIndex bool
	// Modified is the page's date in the sitemap: the newest publication
	// it shows.
	Modified time.Time

	Site    *site.Site
	Figures *figures.Figures
	// Data is the page's own view: *PracticeView, *AreaView, …
	Data any
	// Content lists the site's own Markdown pages, for navigation.
	Content []*content.Page
	// Shared is the same for every page of a build (a pointer, so that
	// partials keyed on it are rendered once).
	Shared *Shared
	// Current names the main navigation item this page is: "home",
	// "national", "about" or "".
	Current string
}

// Shared holds what every page's header and footer show.
type Shared struct {
	DataDate time.Time
	Content  []*content.Page
	// News lists the press releases for the home and region pages.
	News *NewsIndex
}

// Crumb is one breadcrumb. The last one is the page itself.
type Crumb struct {
	Name string
	Path string
	// URL is the link, with the base URL's path prefix; Current marks the
	// page itself. The renderer fills both.
	URL     string
	Current bool
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

// PracticeView is the practice page's data. The practice's own facts are
// copied into flat fields: templates look fields up by name on every use,
// and a lookup through embedded structs costs several times more.
type PracticeView struct {
	// Practice is the whole model, for templates that need more.
	Practice *site.Practice

	ID, Name, ODS                         string
	Street, Line2, City, County, Postcode string
	Phone, Website                        string
	ProviderID, ProviderName, BrandName   string
	ICBName                               string
	Region, LocalAuthority                *site.Area
	Path, JSONPath                        string

	Overall      rating.Cell
	KeyQuestions []DomainCell
	// GroupColumns are the domains in which any population group was rated.
	GroupColumns []rating.Domain
	Groups       []GroupRow
	// ReportURL links to CQC's report or page for the practice.
	ReportURL string
	Due       Due
	// Meaning is what the "What this means" section says; comparable, so
	// the section is rendered once per distinct value.
	Meaning Meaning
	// Nearby are the nearest practices, flattened like the rest of the
	// view: a field reached through Neighbour → Practice → Location is
	// looked up through two embedded structs on every use.
	Nearby []NearbyRow
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
	Due      Due
	DataDate time.Time
	// Closed: the practice has closed, so no inspection is due.
	Closed bool
}

// Due is when CQC's next inspection is expected under its intervals.
type Due struct {
	OK bool // false when the overall value sets no interval
	// Months is the interval: 6, 12 or 60 ("up to 5 years").
	Months int
	By     time.Time
	// Overdue: the data date is past By.
	Overdue bool
}

// Within is the interval as a phrase: "within 6 months", "within 12
// months" or "at least once every 5 years".
func (d Due) Within() string {
	if d.Months == 60 {
		return "at least once every 5 years"
	}
	return "within " + d.IntervalText()
}

// IntervalText is "6 months", "12 months" or "up to 5 years".
func (d Due) IntervalText() string {
	switch d.Months {
	case 6:
		return "6 months"
	case 12:
		return "12 months"
	case 60:
		return "up to 5 years"
	}
	return ""
}

func newPracticeView(p *site.Practice, dataDate time.Time) *PracticeView {
	v := &PracticeView{
		Practice: p, ID: p.ID, Name: p.Name, ODS: p.ODS,
		Street: p.Street, Line2: p.Line2, City: p.City, County: p.County, Postcode: p.Postcode,
		Phone: p.Phone, Website: p.Website, ProviderID: p.ProviderID, ProviderName: p.ProviderName, BrandName: p.BrandName,
		ICBName: p.ICBName, Region: p.Region, LocalAuthority: p.LocalAuthority, Path: p.Path(), JSONPath: p.JSONPath(),
		Overall: p.Ratings.Overall(),
	}
	for _, d := range rating.KeyQuestions {
		v.KeyQuestions = append(v.KeyQuestions, DomainCell{d, shown(p.Ratings[rating.Whole][d])})
	}
	for d := rating.Overall; d < rating.NumDomains; d++ {
		for _, g := range rating.PopulationGroups {
			if p.Ratings[g][d].Value.Present() {
				v.GroupColumns = append(v.GroupColumns, d)
				break
			}
		}
	}
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
	v.ReportURL = p.ReportURL
	if v.ReportURL == "" && len(p.Reports) > 0 {
		v.ReportURL = p.Reports[0].URL
	}
	if v.ReportURL == "" {
		v.ReportURL = "https://www.cqc.org.uk/location/" + p.ID
	}
	if by, ok := v.Overall.Value.DueBy(v.Overall.Published.Time()); ok {
		months, _ := v.Overall.Value.Interval()
		v.Due = Due{OK: true, Months: months, By: by, Overdue: dataDate.After(by)}
	}
	v.Meaning = Meaning{Value: v.Overall.Value, Due: v.Due, DataDate: dataDate}
	for _, n := range p.Nearby {
		v.Nearby = append(v.Nearby, NearbyRow{Path: n.Path(), Name: n.Name, City: n.City, Miles: n.Miles, Overall: n.Ratings.Overall().Value})
	}
	return v
}

// AreaView is a region or local-authority page's data.
type AreaView struct {
	Area  *site.Area
	Scope *figures.Scope
}
