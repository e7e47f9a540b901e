package cqc

import (
	"fmt"
	"time"

	"ratingsite/internal/rating"
)

// GPPractices is the primary inspection category of GP practices.
const GPPractices = "GP Practices"

// Location is what one input file says about one CQC location.
type Location struct {
	// Where it was read from, for messages: the file and the physical line
	// of its first row (0 for a JSON document).
	File string
	Line int

	ID       string // CQC Location ID, e.g. "1-10024040008"
	ODS      string // ODS code, e.g. "P85028"
	Name     string
	Category string // primary inspection category, e.g. "GP Practices"
	Type     string // location type, e.g. "Primary Medical Services"

	Street, Line2, City, County, Postcode string

	LocalAuthority string
	Region         string // CQC region, e.g. "North West"
	NHSRegion      string
	ICBCode        string // ONSPD CCG / ICB code
	ICBName        string

	Phone   string
	Website string

	ProviderID, ProviderName string
	BrandID, BrandName       string // empty when CQC writes "-"

	// Registered is false for a location CQC lists as deregistered.
	Registered     bool
	Deregistered   time.Time
	RegisteredFrom time.Time

	// Coordinates from ONSPD, when the input gave them.
	Lat, Lon  float64
	HasCoords bool

	// Ratings are the current published ratings.
	Ratings rating.Grid
	// ReportURL links to CQC's report on the current overall rating, or
	// to the location's page on the CQC website.
	ReportURL string
	// History holds earlier published ratings, newest first (API only).
	History []Assessment
	// Reports lists published inspection reports, newest first (API only).
	Reports []Report
}

// Assessment is one earlier published set of ratings.
type Assessment struct {
	Published    time.Time
	ReportLinkID string
	Ratings      rating.Grid
}

// Report is one published inspection report.
type Report struct {
	LinkID     string
	Published  time.Time
	FirstVisit time.Time
	Type       string
	URL        string // absolute URL on the CQC website
}

// Published is the newest publication date among the location's current
// ratings: how two descriptions of one location are ranked.
func (l *Location) Published() time.Time { return l.Ratings.Newest() }

// MaxIDLen is the longest Location ID accepted.
const MaxIDLen = 100

// CheckID says why id is not a Location ID safe as a single path segment,
// or "" if it is: letters, digits and "-", not starting with "-" (which a
// command line or a spreadsheet could take for an option or a formula).
func CheckID(id string) string {
	if id == "" {
		return "Location ID is empty"
	}
	if len(id) > MaxIDLen {
		return fmt.Sprintf("Location ID %.20q... is longer than %d characters", id, MaxIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return fmt.Sprintf(`Location ID %.40q has characters other than letters, digits and "-"`, id)
		}
	}
	if id[0] == '-' {
		return fmt.Sprintf(`Location ID %q starts with "-"`, id)
	}
	return ""
}
