package encode

import (
	"bytes"
	"encoding/json"
	"net/url"
	"ratingsite/internal/cqc"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"time"
)

// PracticeJSON is the stable shape of /practices/<id>.json, documented in
// docs/output.md and published as docs/practice.schema.json, which a test
// compares with these types field by field. Fields are only ever added, never renamed or removed.
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

func areaJSON(a *site.Area, base *urls.Base) AreaJSON {
	if a == nil { // a closed practice whose area has no current practice
		return AreaJSON{Name: site.Unknown}
	}
	return AreaJSON{Name: a.Name, Slug: a.Slug, URL: base.Abs(a.Path())}
}

// Practice is /practices/<id>.json: the practice's facts, ratings,
// history and enforcement, as of dataDate, in the shape of PracticeJSON.
// It is minified as it is encoded (encoding/json writes no space; the
// final newline is dropped), so the publisher need not parse it again.
func Practice(base *urls.Base, p *site.Practice, dataDate time.Time) ([]byte, error) {
	return PracticeBytes(PracticeDoc(base, p, dataDate))
}

// PracticeDoc is the document Practice encodes: the renderer keys the
// file on it, and encodes it only when it changed.
func PracticeDoc(base *urls.Base, p *site.Practice, dataDate time.Time) *PracticeJSON {
	return practiceJSON(base, p, dataDate)
}

// PracticeBytes encodes a practice's document as Practice does.
func PracticeBytes(doc *PracticeJSON) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func practiceJSON(base *urls.Base, p *site.Practice, dataDate time.Time) *PracticeJSON {
	j := &PracticeJSON{
		ID:   p.ID,
		ODS:  p.ODS,
		Name: p.Name,
		URL:  base.Abs(p.Path()),
		Address: AddressJSON{
			Street: p.Street, Line2: p.Line2, City: p.City, County: p.County, Postcode: p.Postcode,
		},
		Phone:          p.Phone,
		Website:        SafeURL(p.Website),
		Provider:       NamedJSON{ID: p.ProviderID, Name: p.ProviderName},
		Region:         areaJSON(p.Region, base),
		LocalAuthority: areaJSON(p.LocalAuthority, base),
		ICB:            NamedJSON{ID: p.ICBCode, Name: p.ICBName},
		ReportURL:      SafeURL(p.ReportLink()),
		DataDate:       isoDate(dataDate),
		Ratings: RatingsJSON{
			Overall:          cellJSON(p.Ratings.Overall()),
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
	for _, d := range rating.KeyQuestions {
		if c := cellJSON(p.Ratings[rating.Whole][d]); c != nil {
			j.Ratings.KeyQuestions[d.Slug()] = c
		}
	}
	// A group is listed when it has a value in any domain.
	for _, g := range rating.PopulationGroups {
		m := map[string]*RatingJSON{}
		for d := rating.Overall; d < rating.NumDomains; d++ {
			if c := cellJSON(p.Ratings[g][d]); c != nil {
				m[d.Slug()] = c
			}
		}
		if len(m) > 0 {
			j.Ratings.PopulationGroups[g.Slug()] = m
		}
	}
	if due := p.NextInspection(dataDate); due.OK {
		j.NextInspection = &NextInspectionJSON{DueBy: isoDate(due.By), Interval: due.IntervalText(), Overdue: due.Overdue}
	}
	j.HistoryJSON = historyJSON(p)
	return j
}

// isoDate is a date as YYYY-MM-DD, or "" for none.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// SafeURL returns s if it is an absolute http or https URL, else "": only
// such links from the data are ever published, in pages or JSON.
func SafeURL(s string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return s
	}
	return ""
}

// HistoryJSON is the history part of /practices/<id>.json.
type HistoryJSON struct {
	// Status is "current", "closed" or "deregistered".
	Status   string       `json:"status"`
	ClosedOn string       `json:"closedOn,omitempty"`
	History  []RatedJSON  `json:"history"`
	Actions  []ActionJSON `json:"enforcement"`
	Special  *ActionJSON  `json:"specialMeasures"`
}

// RatedJSON is one published overall rating in a practice's history.
type RatedJSON struct {
	Published    string            `json:"published"`
	Overall      string            `json:"overall"`
	KeyQuestions map[string]string `json:"keyQuestions,omitempty"`
	// Change is "improved", "declined", "unchanged" or "" (the first
	// rating, or a value that is not a rating).
	Change string `json:"change,omitempty"`
}

// ActionJSON is one enforcement action.
type ActionJSON struct {
	Action    string `json:"action"`
	Date      string `json:"date"`
	SourceURL string `json:"sourceUrl,omitempty"`
}

func actionJSON(a *cqc.Action) *ActionJSON {
	return &ActionJSON{Action: a.Kind.String(), Date: a.Date.String(), SourceURL: SafeURL(a.SourceURL)}
}

func historyJSON(p *site.Practice) HistoryJSON {
	j := HistoryJSON{Status: "current", History: []RatedJSON{}, Actions: []ActionJSON{}}
	switch p.ClosedWhy {
	case site.ClosedDeregistered:
		j.Status = "deregistered"
	case site.ClosedMissing:
		j.Status = "closed"
	}
	if !p.ClosedOn.IsZero() {
		j.ClosedOn = isoDate(p.ClosedOn)
	}
	for _, e := range p.Timeline {
		r := RatedJSON{Published: e.Published.String(), Overall: e.Overall.String(), Change: e.Change.Word()}
		for i, d := range rating.KeyQuestions {
			if v := e.KeyQuestions[i]; v.Present() {
				if r.KeyQuestions == nil {
					r.KeyQuestions = map[string]string{}
				}
				r.KeyQuestions[d.Slug()] = v.String()
			}
		}
		j.History = append(j.History, r)
	}
	for i := range p.Actions {
		j.Actions = append(j.Actions, *actionJSON(&p.Actions[i]))
	}
	if p.SpecialMeasures != nil {
		j.Special = actionJSON(p.SpecialMeasures)
	}
	return j
}
