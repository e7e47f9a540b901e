package site

import (
	"time"

	"ratingsite/internal/rating"
)

// Due is when CQC's next inspection is expected under its intervals.
type Due struct {
	OK bool // false when the overall value sets no interval, or the practice has closed
	// Months is the interval: 6, 12 or 60 ("up to 5 years").
	Months int
	By     time.Time
	// Overdue: the data date is past By.
	Overdue bool
}

// NextInspection is when the practice's next inspection is due, judged at
// dataDate; a closed practice has none.
func (p *Practice) NextInspection(dataDate time.Time) Due {
	if p.Closed() {
		return Due{}
	}
	o := p.Ratings.Overall()
	by, ok := o.Value.DueBy(o.Published.Time())
	if !ok {
		return Due{}
	}
	months, _ := o.Value.Interval()
	return Due{OK: true, Months: months, By: by, Overdue: dataDate.After(by)}
}

// Period is the interval CQC's former policy set after the rating: "6
// months", "12 months" or "5 years". CQC no longer promises fixed
// intervals; the site measures a practice's last rating against them.
func (d Due) Period() string {
	if d.Months == 60 {
		return "5 years"
	}
	return d.IntervalText()
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

// ReportLink is CQC's report on the practice: the one CQC's data links,
// else the newest report's, else the practice's page on CQC's website.
func (p *Practice) ReportLink() string {
	switch {
	case p.ReportURL != "":
		return p.ReportURL
	case len(p.Reports) > 0 && p.Reports[0].URL != "":
		return p.Reports[0].URL
	}
	return "https://www.cqc.org.uk/location/" + p.ID
}

// GroupColumns are the domains in which any population group was rated,
// in domain order.
func (p *Practice) GroupColumns() []rating.Domain {
	var out []rating.Domain
	for d := rating.Overall; d < rating.NumDomains; d++ {
		for _, g := range rating.PopulationGroups {
			if p.Ratings[g][d].Value.Present() {
				out = append(out, d)
				break
			}
		}
	}
	return out
}
