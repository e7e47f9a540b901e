// Package view holds the views: the plain values every page's data is
// prepared into (by internal/render) before its template (package
// ratingsite/templates) prints it. Views hold no model, map or history to
// reach through: only fields, and the methods of plain values such as a
// rating or a distribution. The formatting helpers below are the only
// functions templates call.
package view

import (
	"fmt"
	"html/template"
	"time"

	"ratingsite/internal/content"
	"ratingsite/internal/figures"
	"ratingsite/internal/maps"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

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
	// page's key covers Shared (see internal/viewkey), and a
	// changed figure must not make every page render again.
	Regions []Link
	// Tiles and TilesAttribution are the tile base map, when one is on.
	Tiles, TilesAttribution string

	// Base is the site's base URL; Assets the published assets by name
	// ("site.css"); CSP the Content-Security-Policy of every page; Words
	// the fixed words, the defaults or a site's own.
	Base   *urls.Base
	Assets map[string]Asset
	CSP    string
	Words  *Words
}

// Link is the link to a site path, with the base URL's path prefix.
func (s *Shared) Link(path string) string { return s.Base.Link(path) }

// Abs is a site path's absolute URL.
func (s *Shared) Abs(path string) string { return s.Base.Abs(path) }

// Asset is the link to a published asset by name ("site.css"); "" for an
// asset that is not there (the defaults hold every asset the pages name,
// and a site can only override or add them).
func (s *Shared) Asset(name string) string {
	if a, ok := s.Assets[name]; ok {
		return s.Base.Link(a.Path)
	}
	return ""
}

// Integrity is a published asset's subresource-integrity hash.
func (s *Shared) Integrity(name string) string { return s.Assets[name].Integrity }

// Asset is a published asset: its fingerprinted path and its
// subresource-integrity hash.
type Asset struct {
	Path      string // e.g. "/assets/site.3f2a9c1b.css"
	Integrity string // e.g. "sha384-…"
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
	// Distinct tells the practice apart from another of its name when its
	// town (in the row's Town column) does not: its street, or when it
	// closed; "" otherwise. See site.Practice.Distinct.
	Distinct string
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

// RegionMap is a region's or local authority's map as its page shows it.
type RegionMap struct {
	// Name is the area's name; InName names it after "in".
	Name, InName     string
	SVG              template.HTML
	Placed, Unplaced int
	Tiles            string
	Legend           maps.LegendKey
	Share            *maps.Share
	// NoBoundary names, after "in", the region on whose outline a local
	// authority without a boundary is drawn; "" otherwise.
	NoBoundary string
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
			return Headline{l, fmt.Sprintf("of the %s first rated %s have %s (%d)", Plural(r.Of, "practice", "practices"), first, did, r.Count)}
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
	// Map is the area's map; nil when it has nothing to map, and NoMap
	// then says why.
	Map       *RegionMap
	NoMap     string
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
	Phone                                 string
	// Website is the practice's website as a link (http or https only;
	// CQC writes most without a scheme, which becomes http://, which
	// browsers upgrade to https); WebsiteText is the address as shown.
	// Both are "" when CQC published none, or none that is a web address.
	Website, WebsiteText                string
	ProviderID, ProviderName, BrandName string
	ICBName                             string
	Region, LocalAuthority              *AreaLink
	JSONPath                            string
	// ContactNote warns, on a closed practice's page, that the address,
	// phone and website are the last CQC published; "" otherwise.
	ContactNote string

	Overall rating.Cell
	// Inspected is the first day of the inspection visit whose report
	// published the overall rating; zero when the data lists no such
	// report (a practice known only from the Latest-ratings file).
	Inspected time.Time
	// Registered is the date CQC registered the practice; Deregistered the
	// date it deregistered it. Either is zero when the data does not say.
	Registered, Deregistered time.Time
	// KQCaption is the key-question table's caption.
	KQCaption    string
	KeyQuestions []DomainCell
	// GroupColumns are the domains in which any population group was rated.
	GroupColumns []rating.Domain
	Groups       []GroupRow
	// ReportURL links to CQC's report or page for the practice; "" if
	// the data's link is not an http(s) URL.
	ReportURL string
	// Reports are the inspection reports CQC lists for the practice,
	// newest first (API documents only; nil otherwise).
	Reports []ReportRow
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
	// Provider lists the other open practices of the practice's provider,
	// nearest first, at most ProviderListMax; ProviderMore counts those
	// left out, and ProviderURL is the provider's page on CQC's website
	// (where all are listed), or "".
	Provider     []NearbyRow
	ProviderMore int
	ProviderURL  string
	// ProviderText introduces the list.
	ProviderText string
	Map          *PracticeMap
}

// NearbyRow is a practice listed on another's page (nearby, or of the
// same provider).
type NearbyRow struct {
	Path, Name string
	// Place is the town, with the street before it when the street tells
	// the practice apart from another of its name in the same town.
	Place string
	Miles float64
	// Away is the distance from the page's practice as shown ("1.2 miles
	// away"), or "" when either has no place on the map.
	Away    string
	Overall rating.Value
}

// Meaning is the overall value, when the next inspection is due, and the
// data's date.
type Meaning struct {
	Value rating.Value
	// Text says what the value means: in the past tense for a closed
	// practice.
	Text     string
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
	// Caption is the timeline table's caption; Once and None say there is
	// one rating or none (past tense for a closed practice).
	Caption, OnceText, NoneText string
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

// ChangesView is the data of /changes/.
type ChangesView struct {
	// From and To label the two newest months; both are "" with fewer
	// than two.
	From, To           string
	Changes            []ChangeRow
	Improved, Declined int
	NewlyClosed        []ClosedRow
	FeedURL            string
}

// ChangeRow is a practice whose overall rating changed.
type ChangeRow struct {
	Path, Name string
	// Distinct tells the practice apart from another of its name (the
	// list has no Town column): site.Practice.Distinct.
	Distinct  string
	Closed    bool
	Region    string
	From, To  rating.Value
	Published rating.Day
	// Change is "improved", "declined" or another word.
	Change string
}

// ClosedView is the data of /closed/.
type ClosedView struct {
	Practices []ClosedRow
}

// ClosedRow is a closed or deregistered practice.
type ClosedRow struct {
	Path, Name, City, Region string
	// Distinct tells the practice apart from another of its name when
	// City does not (see PracticeRow).
	Distinct     string
	Deregistered bool
	ClosedOn     time.Time
	Overall      rating.Cell
}

// SpecialMeasuresView is the data of /special-measures/.
type SpecialMeasuresView struct {
	Practices []SpecialRow
}

// SpecialRow is a practice in special measures.
type SpecialRow struct {
	Path, Name, City, Region string
	// Distinct: see PracticeRow.
	Distinct  string
	Since     rating.Day
	Overall   rating.Cell
	SourceURL string
	// CQCPage is the practice's page on CQC's website, linked when the
	// data holds no notice.
	CQCPage string
}

// OverdueView is the data of /overdue/ (InName "") and /overdue/<region>/.
type OverdueView struct {
	InName    string
	Count     int
	OverdueBy [4]int
	DataDate  time.Time
	// Regions are the national page's rows; Urgent its table.
	Regions []OverdueRegion
	Urgent  *OverdueTable
	// Table is a region's every overdue practice, or nil.
	Table *OverdueTable
}

// OverdueRegion is a region's overdue inspections.
type OverdueRegion struct {
	Name, Path string
	Count      int
	OverdueBy  [4]int
}

// OverdueTable is a list of overdue practices.
type OverdueTable struct {
	Caption string
	Rows    []OverdueRow
	// Region adds a column of regions.
	Region bool
}

// OverdueRow is a practice whose re-inspection is overdue.
type OverdueRow struct {
	Path, Name, City, Region string
	// Distinct: see PracticeRow.
	Distinct string
	Overall  rating.Cell
	DueBy    time.Time
	DaysLate int
}

// RatingListView is one page of a national list.
type RatingListView struct {
	Domain rating.Domain
	// Rating is the rating's label, or "Not rated" for the practices
	// without one of the four.
	Rating    string
	Value     rating.Value // rating.None for the not-rated list
	Page      int          // from 1
	From, To  int          // the practices shown, counted from 1
	Total     int
	Pages     []string // paths of every page of the list
	Practices PracticeTable
}

// NewsListView is one page of /news/.
type NewsListView struct {
	Releases []NewsItem
	// Number is this page's number (from 1) of Pages.
	Number, Pages int
	// Prev and Next are the neighbouring pages' site paths, or "".
	Prev, Next string
	Links      []PageLink
}

// PageLink is one numbered link of the pagination.
type PageLink struct {
	Number  int
	Path    string
	Current bool
}

// ReleaseView is a release page's data: the release, and the regions and
// practices it concerns.
type ReleaseView struct {
	Release   *content.Release
	Regions   []Link
	Practices []PracticeLink
}

// PracticeLink is a practice named with its town (and its street when
// that tells it apart from another of its name: placeOf).
type PracticeLink struct {
	Name, City, Path string
}

// SearchView is the /search/ page's data.
type SearchView struct {
	Letters []AZLetter
	Regions []SearchRegion
	// Example is a postcode the search knows (a practice's, found in
	// postcodes.csv), for the page's hint, and ExampleOutward its first
	// half; both are empty when the data has none.
	Example, ExampleOutward string
}

// SearchRegion is a region and its local authorities.
type SearchRegion struct {
	Link
	LocalAuthorities []Link
}

// AZLetter is one letter of the A–Z list and the pages it fills.
type AZLetter struct {
	Letter string // "A" … "Z", or "0–9" for names that start otherwise
	Slug   string // "a" … "z", "0-9"
	Pages  int
	Count  int
}

// Path is the letter's first page.
func (l AZLetter) Path() string { return urls.AZ(l.Slug, 1) }

// AZView is one A–Z page's data.
type AZView struct {
	Letter   AZLetter
	Letters  []AZLetter
	Page     int // from 1
	From, To int // the practices shown, counted from 1
	// Pages are the paths of every page of the letter, for navigation.
	Pages     []string
	Practices PracticeTable
}

// EmbedView is an embed page's data: a map without the site around it.
type EmbedView struct {
	Title string
	// InName names a region's map after "in"; "" for the national map.
	InName string
	// Map is the map's SVG (links open in the top window), or "" when
	// there is nothing to map.
	Map    template.HTML
	Tiles  string
	Legend maps.LegendKey
	Share  *maps.Share
	// Figure is the sentence of the figures the map shows.
	Figure string
	// NoBoundary names the region on whose outline a local authority
	// without a boundary is drawn; "" otherwise.
	NoBoundary string
}

// ReportRow is one inspection report.
type ReportRow struct {
	Published time.Time
	// Visit is the first day of the inspection visit, or zero.
	Visit time.Time
	// URL is the report on CQC's website; when the data gives no address
	// for the report, URL is the practice's page there and OnPage is true.
	URL    string
	OnPage bool
	// Current marks the report that published the current overall
	// rating.
	Current bool
}
