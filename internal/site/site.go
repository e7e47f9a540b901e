// Package site owns the in-memory model: one immutable Site of practices,
// regions and local authorities, built once from what the readers found.
// Look-ups are indexes on it, never repeated scans.
package site

import (
	"strings"
	"time"

	"github.com/paulmach/orb"

	"ratingsite/internal/cqc"
	"ratingsite/internal/geo"
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

	byID     map[string]*Practice
	bySlug   map[AreaKind]map[string]*Area
	byName   map[AreaKind]map[string]*Area
	unplaced []*Practice
	near     *near

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

// KindLabel is "region" or "local authority".
func (a *Area) KindLabel() string {
	if a.Kind == RegionKind {
		return "region"
	}
	return "local authority"
}

// Practice is one GP practice: what CQC published about it, placed in its
// region and local authority and, where possible, on the map.
type Practice struct {
	*cqc.Location
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
}

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
