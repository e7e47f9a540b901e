package site

import (
	"strings"
	"time"

	"github.com/paulmach/orb"

	"ratingsite/internal/cqc"
	"ratingsite/internal/geo"
	"ratingsite/internal/rating"
	"ratingsite/internal/urls"
)

// Site is the whole model. Build it with New; do not change it afterwards.
type Site struct {
	// Practices are the current practices, sorted by name then ID.
	Practices []*Practice
	// Closed are practices CQC lists as deregistered, or missing from the
	// newest monthly file after appearing in an earlier one. They are not
	// counted, but keep their pages.
	Closed []*Practice
	// Months are the monthly Latest-ratings files, oldest first.
	Months []Month
	// Regions and LocalAuthorities are sorted by name.
	Regions          []*Area
	LocalAuthorities []*Area
	// DataDate is the newest publication date among current practices.
	DataDate time.Time
	// Postcodes are the centroids read from postcodes.csv (may be nil); the
	// search index publishes them.
	Postcodes *geo.Gazetteer

	byID map[string]*Practice
	// byProvider lists the current practices of each provider that runs
	// more than one.
	byProvider map[string][]*Practice
	bySlug     map[AreaKind]map[string]*Area
	byName     map[AreaKind]map[string]*Area
	unplaced   []*Practice
	near       *near

	monthFiles []*monthFile
	closedByID map[string]*Practice
}

// AreaKind says whether an Area is a region or a local authority.
type AreaKind uint8

const (
	RegionKind AreaKind = iota
	LocalAuthorityKind
)

// Area is a region or a local authority and the practices in it.
type Area struct {
	Kind AreaKind
	Name string
	Slug string
	// Practices in the area, sorted by name then ID.
	Practices []*Practice
	// For a region, its local authorities; for a local authority, nil.
	LocalAuthorities []*Area
	// For a local authority, the region most of its practices are in.
	Region *Area
}

// Path is the area's page path, e.g. "/regions/north-west/".
func (a *Area) Path() string {
	if a.Kind == RegionKind {
		return urls.Region(a.Slug)
	}
	return urls.LocalAuthority(a.Slug)
}

// InName is the area's name as it reads after "in": "the North West",
// "the East of England", but "London" and "Yorkshire and The Humber".
func (a *Area) InName() string {
	if a.Kind == RegionKind {
		for _, w := range []string{"North ", "South ", "East ", "West "} {
			if strings.HasPrefix(a.Name, w) {
				return "the " + a.Name
			}
		}
	}
	return a.Name
}

// Practice is one GP practice: what CQC published about it, placed in its
// region and local authority and, where possible, on the map. The model
// owns its fields: they are copied from the reader's description (the
// newest one wins, see New), never shared with it.
type Practice struct {
	ID  string // CQC Location ID, e.g. "1-10024040008"
	ODS string // ODS code, e.g. "P85028"
	// Name, the address and the contact details are as CQC published them.
	Name string
	// Distinct tells the practice apart from others with the same name:
	// its town, or its street when the town is the same too (see
	// distinguish); "" when no other practice has its name.
	Distinct                              string
	Street, Line2, City, County, Postcode string
	Phone, Website                        string
	ProviderID, ProviderName              string
	BrandID, BrandName                    string // empty when CQC writes "-"
	ICBCode, ICBName                      string
	// RegisteredFrom is the registration date, when the API gave it.
	RegisteredFrom time.Time
	// Ratings are the practice's current published ratings.
	Ratings rating.Grid
	// ReportURL is CQC's link to the practice's report, or ""; Reports are
	// the reports the API lists, newest first.
	ReportURL string
	Reports   []cqc.Report

	Region         *Area
	LocalAuthority *Area
	// Point is [lon, lat]; Placed says where it came from (Unplaced: none).
	Point  orb.Point
	Placed geo.Placement
	// Sources lists the inputs that described this practice, newest first.
	Sources []Source
	// Nearby are the NearbyCount nearest other current practices, nearest
	// first; nil for a practice with no coordinates.
	Nearby []Neighbour
	// Record is the practice's history, closure and enforcement actions.
	Record

	// What the readers said that only New uses: where the winning
	// description was read, the area names, the registration, the
	// coordinates and the API's rating history.
	file               string
	line               int
	regionName, laName string
	registered         bool
	deregistered       time.Time
	lat, lon           float64
	hasCoords          bool
	assessments        []cqc.Assessment
	// described is the description whose fields the practice holds, while
	// New runs: the newest month's file reads as the practice's merged
	// ratings.
	described *cqc.Location
}

// describe sets every field the reader's description l gives.
func (p *Practice) describe(l *cqc.Location) {
	p.ID, p.ODS, p.Name = l.ID, l.ODS, l.Name
	p.Street, p.Line2, p.City, p.County, p.Postcode = l.Street, l.Line2, l.City, l.County, l.Postcode
	p.Phone, p.Website = l.Phone, l.Website
	p.ProviderID, p.ProviderName, p.BrandID, p.BrandName = l.ProviderID, l.ProviderName, l.BrandID, l.BrandName
	p.ICBCode, p.ICBName = l.ICBCode, l.ICBName
	p.RegisteredFrom, p.Ratings, p.ReportURL, p.Reports = l.RegisteredFrom, l.Ratings, l.ReportURL, l.Reports
	p.file, p.line = l.File, l.Line
	p.regionName, p.laName = l.Region, l.LocalAuthority
	p.registered, p.deregistered = l.Registered, l.Deregistered
	p.lat, p.lon, p.hasCoords = l.Lat, l.Lon, l.HasCoords
	p.assessments = l.History
	p.described = l
}

// Published is the newest publication date of any of the practice's
// ratings.
func (p *Practice) Published() time.Time { return p.Ratings.Newest() }

// Source names one input that described a practice.
type Source struct {
	File      string
	Line      int
	Published time.Time
}

// Path is the practice's page path.
func (p *Practice) Path() string { return urls.Practice(p.ID) }

// JSONPath is the practice's open-data path.
func (p *Practice) JSONPath() string { return urls.PracticeJSON(p.ID) }

// HasPoint reports whether the practice can be put on a map.
func (p *Practice) HasPoint() bool { return p.Placed != geo.Unplaced }

// Practice looks a current practice up by Location ID.
func (s *Site) Practice(id string) (*Practice, bool) {
	p, ok := s.byID[id]
	return p, ok
}

// Region looks a region up by slug.
func (s *Site) Region(slug string) (*Area, bool) {
	a, ok := s.bySlug[RegionKind][slug]
	return a, ok
}

// LocalAuthority looks a local authority up by slug.
func (s *Site) LocalAuthority(slug string) (*Area, bool) {
	a, ok := s.bySlug[LocalAuthorityKind][slug]
	return a, ok
}

// Unplaced lists current practices with no coordinates.
func (s *Site) Unplaced() []*Practice { return s.unplaced }
