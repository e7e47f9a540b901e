package site

import (
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"ratingsite/internal/cqc"
)

// byProvider indexes the current practices by CQC provider ID, each list
// in the site's order (name, then ID).
func (s *Site) indexProviders() {
	s.byProvider = make(map[string][]*Practice)
	for _, p := range s.Practices {
		if p.ProviderID != "" {
			s.byProvider[p.ProviderID] = append(s.byProvider[p.ProviderID], p)
		}
	}
	for id, ps := range s.byProvider {
		if len(ps) < 2 {
			delete(s.byProvider, id) // nobody else to list
		}
	}
}

// SameProvider lists the other current practices that p's provider runs,
// by name; nil when p has no provider ID or its provider runs no other.
// p may be closed: its provider's open practices are listed.
func (s *Site) SameProvider(p *Practice) []*Practice {
	ps := s.byProvider[p.ProviderID]
	if p.ProviderID == "" || len(ps) == 0 {
		return nil
	}
	if i := slices.Index(ps, p); i >= 0 {
		return append(slices.Clip(ps[:i]), ps[i+1:]...)
	}
	return ps
}

// RatingReport is the report that published p's current overall rating:
// the one its report link names, else the one published on the rating's
// date. ok is false when the data lists no such report (a practice known
// only from the Latest-ratings file has no reports).
func (p *Practice) RatingReport() (r cqc.Report, ok bool) {
	o := p.Ratings.Overall()
	if !o.Value.Present() {
		return cqc.Report{}, false
	}
	for _, r := range p.Reports {
		if r.URL != "" && r.URL == p.ReportURL && r.URL != cqcLocationPage(p.ID) {
			return r, true
		}
	}
	if o.Published.IsZero() {
		return cqc.Report{}, false
	}
	for _, r := range p.Reports {
		if !r.Published.IsZero() && r.Published.Equal(o.Published.Time()) {
			return r, true
		}
	}
	return cqc.Report{}, false
}

// cqcLocationPage is the practice's page on CQC's website.
func cqcLocationPage(id string) string { return "https://www.cqc.org.uk/location/" + id }

// Miles is the straight-line (great-circle) distance between two points,
// [lon, lat], in miles.
func Miles(a, b orb.Point) float64 { return geo.DistanceHaversine(a, b) / metresPerMile }
