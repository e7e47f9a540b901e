package site

import (
	"testing"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// TestDistinct: two practices with one name are told apart by town, or by
// street when the town is the same too; a closed practice at its open
// namesake's address by when it closed; a unique name needs nothing.
func TestDistinct(t *testing.T) {
	at := func(id, name, street, city string) *cqc.Location {
		l := gp(id, name, rating.Good, "2024-01-01")
		l.Street, l.City = street, city
		return l
	}
	closed := at("1-9", "Lees Medical Practice", "Athens Way", "Oldham")
	closed.Registered, closed.Deregistered = false, day("2022-08-17")
	closedElsewhere := at("1-10", "Lindley Medical Practice", "Integrated Care Centre", "Oldham")
	closedElsewhere.Registered, closedElsewhere.Deregistered = false, day("2020-03-13")
	in := Input{Ratings: []*cqc.Location{
		at("1-1", "Werneth Medical Practice", "Featherstall Road South", "Oldham"),
		at("1-2", "WERNETH  medical practice", "Windsor Road", "Oldham"),
		at("1-3", "Werneth Medical Practice", "High Street", "Rochdale"),
		at("1-4", "Lees Medical Practice", "Athens Way", "Oldham"),
		at("1-5", "Alone Surgery", "Main Street", "Oldham"),
		at("1-6", "The Surgery", "", "Leeds"),
		at("1-7", "The Surgery", "", "Leeds"),
		at("1-8", "Lindley Medical Practice", "Ground Floor, Integrated Care Centre", "Oldham"),
	}, API: []*cqc.Location{closed, closedElsewhere}}
	var problems diag.List
	s := New(in, &problems)
	want := map[string]string{
		"1-1": "Featherstall Road South", // town shared with 1-2
		"1-2": "Windsor Road",
		"1-3": "Rochdale",
		"1-4": "", // its namesake is closed: no current list holds both
		"1-5": "",
		"1-6": "CQC ID 1-6", // nothing else differs
		"1-7": "CQC ID 1-7",
		"1-8": "",
		"1-9": "deregistered 17 August 2022", // same address as 1-4
		// Told apart from the open one by street.
		"1-10": "Integrated Care Centre",
	}
	for id, w := range want {
		p, ok := s.AnyPractice(id)
		if !ok {
			t.Fatalf("no practice %s", id)
		}
		if p.Distinct != w {
			t.Errorf("%s (%s): Distinct %q, want %q", id, p.Name, p.Distinct, w)
		}
	}
}

func TestSameProvider(t *testing.T) {
	of := func(id, name, provider string) *cqc.Location {
		l := gp(id, name, rating.Good, "2024-01-01")
		l.ProviderID = provider
		return l
	}
	gone := of("1-9", "Gone", "P1")
	gone.Registered = false
	var problems diag.List
	s := New(Input{Ratings: []*cqc.Location{of("1-1", "Cedar", "P1"), of("1-2", "Ash", "P1"), of("1-3", "Birch", "P1"),
		of("1-4", "Solo", "P2"), of("1-5", "Nobody's", "")}, API: []*cqc.Location{gone}}, &problems)
	names := func(id string) (out []string) {
		p, _ := s.AnyPractice(id)
		for _, q := range s.SameProvider(p) {
			out = append(out, q.Name)
		}
		return out
	}
	for id, want := range map[string]string{"1-1": "Ash Birch", "1-2": "Birch Cedar", "1-9": "Ash Birch Cedar", "1-4": "", "1-5": ""} {
		if got := joinFields(names(id)); got != want {
			t.Errorf("SameProvider(%s) = %q, want %q", id, got, want)
		}
	}
	// The index is not changed by a look-up.
	if got := joinFields(names("1-3")); got != "Ash Cedar" {
		t.Errorf("SameProvider(1-3) = %q after other look-ups", got)
	}
}

func joinFields(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += " "
		}
		out += s
	}
	return out
}

func TestRatingReport(t *testing.T) {
	l := gp("1-1", "Lees Medical Practice", rating.RequiresImprovement, "2023-10-26")
	l.File = "api/1-1.json"
	l.ReportURL = "https://www.cqc.org.uk/reports/new"
	l.Reports = []cqc.Report{
		{LinkID: "new", Published: day("2023-10-26"), FirstVisit: day("2023-08-25"), URL: "https://www.cqc.org.uk/reports/new"},
		{LinkID: "old", Published: day("2022-11-22"), FirstVisit: day("2022-09-07"), URL: "https://www.cqc.org.uk/reports/old"},
	}
	csvOnly := gp("1-2", "CSV Surgery", rating.Good, "2023-10-26")
	byDate := gp("1-3", "Dated", rating.Good, "2022-11-22")
	byDate.File = "api/1-3.json"
	byDate.ReportURL = "https://www.cqc.org.uk/location/1-3"
	byDate.Reports = l.Reports
	var problems diag.List
	s := New(Input{API: []*cqc.Location{l, byDate}, Ratings: []*cqc.Location{csvOnly}}, &problems)
	for id, want := range map[string]string{"1-1": "2023-08-25", "1-2": "", "1-3": "2022-09-07"} {
		p, _ := s.Practice(id)
		r, ok := p.RatingReport()
		got := ""
		if ok {
			got = r.FirstVisit.Format("2006-01-02")
		}
		if got != want {
			t.Errorf("%s: inspected %q, want %q", id, got, want)
		}
	}
}
