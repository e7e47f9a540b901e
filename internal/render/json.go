package render

import (
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

// PracticeJSON is the stable shape of /practices/<id>.json, documented in
// the README. Fields are only ever added, never renamed or removed.
type PracticeJSON struct {
	ID             string              `json:"id"`
	ODS            string              `json:"odsCode"`
	Name           string              `json:"name"`
	URL            string              `json:"url"`
	Address        AddressJSON         `json:"address"`
	Phone          string              `json:"phone,omitempty"`
	Website        string              `json:"website,omitempty"`
	Provider       NamedJSON           `json:"provider"`
	Brand          *NamedJSON          `json:"brand"`
	Region         AreaJSON            `json:"region"`
	LocalAuthority AreaJSON            `json:"localAuthority"`
	ICB            NamedJSON           `json:"icb"`
	Location       *PointJSON          `json:"location"`
	Ratings        RatingsJSON         `json:"ratings"`
	NextInspection *NextInspectionJSON `json:"nextInspection"`
	ReportURL      string              `json:"reportUrl"`
	DataDate       string              `json:"dataDate"`
	// The practice's status, rating history and enforcement (history.go).
	HistoryJSON
}

// AddressJSON is a postal address.
type AddressJSON struct {
	Street   string `json:"street"`
	Line2    string `json:"line2,omitempty"`
	City     string `json:"city"`
	County   string `json:"county,omitempty"`
	Postcode string `json:"postcode"`
}

// NamedJSON is an identifier with a name.
type NamedJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// AreaJSON names a region or local authority and links to its page.
type AreaJSON struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

// PointJSON is where the practice is, and how that was found.
type PointJSON struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	// Source is "CQC (ONSPD)", "postcode" or "postcode district".
	Source string `json:"source"`
}

// RatingJSON is one published value.
type RatingJSON struct {
	// Rating is CQC's word, e.g. "Good" or "Inspected but not rated".
	Rating string `json:"rating"`
	// IsRating is false for the values that are not ratings.
	IsRating   bool   `json:"isRating"`
	Published  string `json:"published,omitempty"`
	Inherited  bool   `json:"inherited"`
	ReportType string `json:"reportType,omitempty"`
}

// RatingsJSON holds the overall, key-question and population-group values.
// Key questions and groups are keyed by slug ("well-led",
// "long-term-conditions"); groups hold a value per domain slug.
type RatingsJSON struct {
	Overall          *RatingJSON                       `json:"overall"`
	KeyQuestions     map[string]*RatingJSON            `json:"keyQuestions"`
	PopulationGroups map[string]map[string]*RatingJSON `json:"populationGroups"`
}

// NextInspectionJSON is when CQC's next inspection is due.
type NextInspectionJSON struct {
	DueBy    string `json:"dueBy"`
	Interval string `json:"interval"`
	Overdue  bool   `json:"overdue"`
}

func cellJSON(c rating.Cell) *RatingJSON {
	if !c.Value.Present() {
		return nil
	}
	return &RatingJSON{
		Rating:     c.Value.String(),
		IsRating:   c.Value.IsRating(),
		Published:  c.Published.String(),
		Inherited:  c.Inherited,
		ReportType: c.ReportType.String(),
	}
}

func areaJSON(a *site.Area, cfg *Config) AreaJSON {
	if a == nil { // a closed practice whose area has no current practice
		return AreaJSON{Name: site.Unknown}
	}
	return AreaJSON{Name: a.Name, Slug: a.Slug, URL: cfg.Base.Abs(a.Path())}
}

func practiceJSON(v *PracticeView, cfg *Config, s *site.Site) *PracticeJSON {
	p := v.Practice
	j := &PracticeJSON{
		ID:   p.ID,
		ODS:  p.ODS,
		Name: p.Name,
		URL:  cfg.Base.Abs(p.Path()),
		Address: AddressJSON{
			Street: p.Street, Line2: p.Line2, City: p.City, County: p.County, Postcode: p.Postcode,
		},
		Phone:          p.Phone,
		Website:        safeURL(p.Website),
		Provider:       NamedJSON{ID: p.ProviderID, Name: p.ProviderName},
		Region:         areaJSON(p.Region, cfg),
		LocalAuthority: areaJSON(p.LocalAuthority, cfg),
		ICB:            NamedJSON{ID: p.ICBCode, Name: p.ICBName},
		ReportURL:      safeURL(v.ReportURL),
		DataDate:       isoDate(s.DataDate),
		Ratings: RatingsJSON{
			Overall:          cellJSON(v.Overall),
			KeyQuestions:     map[string]*RatingJSON{},
			PopulationGroups: map[string]map[string]*RatingJSON{},
		},
	}
	if p.BrandID != "" || p.BrandName != "" {
		j.Brand = &NamedJSON{ID: p.BrandID, Name: p.BrandName}
	}
	if p.HasPoint() {
		j.Location = &PointJSON{Latitude: p.Point.Lat(), Longitude: p.Point.Lon(), Source: p.Placed.String()}
	}
	for _, kq := range v.KeyQuestions {
		if c := cellJSON(p.Ratings[rating.Whole][kq.Domain]); c != nil {
			j.Ratings.KeyQuestions[kq.Domain.Slug()] = c
		}
	}
	for _, row := range v.Groups {
		m := map[string]*RatingJSON{}
		for _, d := range v.GroupColumns {
			if c := cellJSON(p.Ratings[row.Group][d]); c != nil {
				m[d.Slug()] = c
			}
		}
		j.Ratings.PopulationGroups[row.Group.Slug()] = m
	}
	if v.Due.OK {
		j.NextInspection = &NextInspectionJSON{DueBy: isoDate(v.Due.By), Interval: v.Due.IntervalText(), Overdue: v.Due.Overdue}
	}
	j.HistoryJSON = historyJSON(p)
	return j
}
