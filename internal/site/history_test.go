package site

import (
	"strings"
	"testing"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// hloc is a GP practice in file, rated v overall (and for every key
// question) on date.
func hloc(file, id string, v rating.Value, date string) *cqc.Location {
	l := &cqc.Location{File: file, Line: 2, ID: id, Name: "P " + id, Region: "North West", LocalAuthority: "Oldham", Category: cqc.GPPractices, Registered: true}
	l.Ratings[rating.Whole][rating.Overall] = rating.Cell{Value: v, Published: rating.DayOf(day(date))}
	for _, d := range rating.KeyQuestions {
		l.Ratings[rating.Whole][d] = rating.Cell{Value: v, Published: rating.DayOf(day(date))}
	}
	return l
}

func TestFileMonth(t *testing.T) {
	for _, tt := range []struct {
		name string
		want string
	}{
		{"ratings/latest-ratings-2026-10.csv", "2026-10"},
		{"x/2024-01 Latest ratings.csv", "2024-01"},
		{"Latest_Ratings_2023-12-01.csv", "2023-12"},
		{"2026-10/latest.csv", ""}, // the folder's name does not count
		{"latest-ratings-2026-13.csv", ""},
		{"ratings-12026-10.csv", ""},
		{"latest.csv", ""},
	} {
		got, ok := fileMonth(tt.name)
		if tt.want == "" && ok || tt.want != "" && (!ok || got.Format("2006-01") != tt.want) {
			t.Errorf("fileMonth(%q) = %v, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestMonthsAndSameMonthRefused(t *testing.T) {
	var p diag.List
	s := New(Input{Ratings: []*cqc.Location{
		hloc("ratings/b.csv", "1-1", rating.Good, "2026-09-14"), // month from its newest publication: September
		hloc("ratings/latest-ratings-2026-08.csv", "1-1", rating.RequiresImprovement, "2025-08-01"),
	}}, &p)
	if p.HasErrors() || len(s.Months) != 2 || s.Months[0].File != "ratings/latest-ratings-2026-08.csv" || s.Months[1].Month.Format("2006-01") != "2026-09" || s.Months[1].FromName {
		t.Fatalf("months %+v, problems %v", s.Months, p.All())
	}
	if pr, _ := s.Practice("1-1"); pr.Ratings.Overall().Value != rating.Good || len(pr.Timeline) != 2 || pr.Timeline[1].Change != Improved {
		t.Errorf("practice %+v", pr.Timeline)
	}

	p = diag.List{}
	New(Input{Ratings: []*cqc.Location{
		hloc("ratings/a-2026-10.csv", "1-1", rating.Good, "2026-09-14"),
		hloc("ratings/b.csv", "1-1", rating.Good, "2026-10-02"), // October, from its newest publication
	}}, &p)
	errs := p.Errors()
	if len(errs) != 1 || errs[0].File != "ratings/b.csv" || !strings.Contains(errs[0].Message, "ratings/a-2026-10.csv are both for October 2026") {
		t.Errorf("want one error naming both files, got %v", errs)
	}
}

func TestTimelineAndClosure(t *testing.T) {
	api := hloc("api/1-1.json", "1-1", rating.Good, "2026-10-03")
	api.Line = 0
	api.History = []cqc.Assessment{
		{Published: day("2025-02-01")}, // rates nothing: skipped
		{Published: day("2024-03-01")},
	}
	api.History[1].Ratings[rating.Whole][rating.Overall] = rating.Cell{Value: rating.Inadequate}
	var p diag.List
	s := New(Input{
		Ratings: []*cqc.Location{
			hloc("r/m-2026-08.csv", "1-1", rating.RequiresImprovement, "2024-09-20"),
			hloc("r/m-2026-08.csv", "1-2", rating.Good, "2019-01-01"),
			hloc("r/m-2026-09.csv", "1-1", rating.RequiresImprovement, "2024-09-20"), // the same publication again
			hloc("r/m-2026-09.csv", "1-2", rating.Good, "2019-01-01"),
			hloc("r/m-2026-10.csv", "1-1", rating.RequiresImprovement, "2024-09-20"),
		},
		API: []*cqc.Location{api},
		Enforcement: []cqc.Action{
			{File: "e.csv", Line: 2, LocationID: "1-1", Kind: cqc.SpecialMeasures, Date: rating.DayOf(day("2024-03-08"))},
			{File: "e.csv", Line: 3, LocationID: "1-2", Kind: cqc.WarningNotice, Date: rating.DayOf(day("2026-01-08"))},
		},
	}, &p)
	if p.HasErrors() {
		t.Fatal(p.All())
	}
	one, ok := s.Practice("1-1")
	if !ok {
		t.Fatal("1-1 is not current")
	}
	var got []string
	for _, e := range one.Timeline {
		got = append(got, e.Published.String()+" "+e.Overall.String()+" "+e.Change.Word())
	}
	want := "2024-03-01 Inadequate |2024-09-20 Requires improvement improved|2026-10-03 Good improved"
	if strings.Join(got, "|") != want {
		t.Errorf("timeline\n got %q\nwant %q", strings.Join(got, "|"), want)
	}
	// Out of special measures: rated Good after the action.
	if one.SpecialMeasures != nil || len(one.Actions) != 1 {
		t.Errorf("1-1: special measures %v, actions %v", one.SpecialMeasures, one.Actions)
	}
	// 1-2 is not in October: closed, placed in its area but not counted.
	if _, ok := s.Practice("1-2"); ok || len(s.Closed) != 1 {
		t.Fatalf("1-2 should be closed; closed = %v", s.Closed)
	}
	two, ok := s.AnyPractice("1-2")
	if !ok || two.ClosedWhy != ClosedMissing || !two.ClosedOn.Equal(day("2026-10-01")) || two.LastListed.File != "r/m-2026-09.csv" ||
		two.Region == nil || len(two.Region.Practices) != 1 || len(two.Actions) != 1 || two.SpecialMeasures != nil {
		t.Errorf("1-2: %+v", two.Record)
	}
	from, to, ok := one.MonthChange()
	if !ok || from.Value != rating.RequiresImprovement || to.Value != rating.Good {
		t.Errorf("1-1 month change %v → %v, %v", from.Value, to.Value, ok)
	}
}

func TestSpecialMeasuresInEffect(t *testing.T) {
	sm := func(date string) cqc.Action {
		return cqc.Action{File: "e.csv", Line: 2, LocationID: "1-1", Kind: cqc.SpecialMeasures, Date: rating.DayOf(day(date))}
	}
	for _, tt := range []struct {
		overall rating.Value
		rated   string
		action  string
		in      bool
	}{
		{rating.Inadequate, "2026-01-10", "2026-01-20", true},           // placed after the rating
		{rating.Inadequate, "2026-05-10", "2026-01-20", true},           // rated Inadequate again since
		{rating.RequiresImprovement, "2026-05-10", "2026-01-20", false}, // rated better since
		{rating.RequiresImprovement, "2026-01-20", "2026-01-20", true},  // the same day: not "since"
	} {
		var p diag.List
		s := New(Input{Ratings: []*cqc.Location{hloc("r.csv", "1-1", tt.overall, tt.rated)}, Enforcement: []cqc.Action{sm(tt.action)}}, &p)
		pr, _ := s.Practice("1-1")
		if (pr.SpecialMeasures != nil) != tt.in {
			t.Errorf("%v on %s, special measures on %s: in = %v, want %v", tt.overall, tt.rated, tt.action, pr.SpecialMeasures != nil, tt.in)
		}
	}
}

func TestDeregisteredIsClosed(t *testing.T) {
	api := hloc("api/1-1.json", "1-1", rating.Good, "2020-01-01")
	api.Registered, api.Deregistered = false, day("2025-06-30")
	var p diag.List
	s := New(Input{API: []*cqc.Location{api}}, &p)
	if len(s.Practices) != 0 || len(s.Closed) != 1 || s.Closed[0].ClosedWhy != ClosedDeregistered || !s.Closed[0].ClosedOn.Equal(day("2025-06-30")) {
		t.Errorf("closed %+v", s.Closed)
	}
}
