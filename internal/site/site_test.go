package site

import (
	"strings"
	"testing"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/geo"
	"ratingsite/internal/rating"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Yorkshire and The Humber":    "yorkshire-and-the-humber",
		"East of England":             "east-of-england",
		"  Bath & N.E. Somerset ":     "bath-n-e-somerset",
		"St. Helens":                  "st-helens",
		"Kingston upon Hull, City of": "kingston-upon-hull-city-of",
		"Ynys Môn":                    "ynys-m-n",
		"---":                         "",
		"":                            "",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeSegment(t *testing.T) {
	for in, want := range map[string]bool{
		"1-10024040008": true, "RXX12": true, "": false, "..": false, "../x": false,
		"a/b": false, "a b": false, "é": false, "1-1\x00": false,
	} {
		if got := SafeSegment(in); got != want {
			t.Errorf("SafeSegment(%q) = %v, want %v", in, got, want)
		}
	}
}

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

func gp(id, name string, v rating.Value, published string) *cqc.Location {
	l := &cqc.Location{File: "ratings.csv", Line: 2, ID: id, Name: name, Region: "North West", LocalAuthority: "Oldham",
		Category: cqc.GPPractices, Registered: true, Postcode: "OL9 7SG"}
	l.Ratings[rating.Whole][rating.Overall] = rating.Cell{Value: v, Published: rating.DayOf(day(published))}
	return l
}

func TestNewerPublicationWins(t *testing.T) {
	csvOld := gp("1-1", "Old", rating.RequiresImprovement, "2023-01-01")
	apiNew := gp("1-1", "Old", rating.Good, "2024-06-01")
	apiNew.File, apiNew.Line = "api/1-1.json", 0
	apiNew.HasCoords, apiNew.Lat, apiNew.Lon, apiNew.Phone = true, 53.5, -2.1, "0161 000 0000"

	csvNew := gp("1-2", "New", rating.Good, "2025-01-01")
	apiOld := gp("1-2", "New", rating.Inadequate, "2022-01-01")
	apiOld.File = "api/1-2.json"

	var problems diag.List
	s := New(Input{Ratings: []*cqc.Location{csvOld, csvNew}, API: []*cqc.Location{apiNew, apiOld}}, &problems)
	p1, _ := s.Practice("1-1")
	if got := p1.Ratings.Overall().Value; got != rating.Good {
		t.Errorf("1-1 overall = %v, want the API's newer Good", got)
	}
	if p1.Phone == "" || p1.Placed != geo.FromCQC {
		t.Errorf("API facts not merged into 1-1: phone %q placed %v", p1.Phone, p1.Placed)
	}
	p2, _ := s.Practice("1-2")
	if got := p2.Ratings.Overall().Value; got != rating.Good {
		t.Errorf("1-2 overall = %v, want the CSV's newer Good", got)
	}
	warns := problems.Warnings()
	var merged int
	for _, w := range warns {
		if strings.Contains(w.Message, "newer") || strings.Contains(w.Message, "at least as new") {
			merged++
		}
	}
	if merged != 2 {
		t.Errorf("want 2 merge warnings, got %v", warns)
	}
	if problems.HasErrors() {
		t.Errorf("unexpected errors: %v", problems.Errors())
	}
}

func TestDeregisteredAndOtherCategories(t *testing.T) {
	closed := gp("1-9", "Closed Surgery", rating.Good, "2020-01-01")
	closed.Registered = false
	dentist := gp("1-8", "Smile", rating.Good, "2020-01-01")
	dentist.Category = "Dentists"
	var problems diag.List
	s := New(Input{API: []*cqc.Location{closed, dentist}, Ratings: []*cqc.Location{gp("1-1", "Open", rating.Good, "2024-01-01")}}, &problems)
	if len(s.Practices) != 1 || s.Practices[0].ID != "1-1" {
		t.Errorf("current practices = %d, want only 1-1", len(s.Practices))
	}
	if len(s.Closed) != 1 || s.Closed[0].ID != "1-9" {
		t.Errorf("closed = %v, want 1-9", s.Closed)
	}
	if _, ok := s.Practice("1-9"); ok {
		t.Error("a deregistered location must not be a current practice")
	}
	s = New(Input{API: []*cqc.Location{dentist}, Categories: []string{"dentists"}}, &problems)
	if len(s.Practices) != 1 {
		t.Errorf("-categories dentists kept %d locations, want 1", len(s.Practices))
	}
}

func TestPlacement(t *testing.T) {
	g := geo.ReadPostcodes(strings.NewReader("postcode,latitude,longitude\nOL9 7SG,53.5,-2.1\nOL1,53.55,-2.11\n"), "postcodes.csv", &diag.List{})
	a := gp("1-1", "Full", rating.Good, "2024-01-01")
	b := gp("1-2", "District", rating.Good, "2024-01-01")
	b.Postcode = "OL1 4ZZ"
	c := gp("1-3", "Nowhere", rating.Good, "2024-01-01")
	c.Postcode = "ZZ9 9ZZ"
	var problems diag.List
	s := New(Input{Ratings: []*cqc.Location{a, b, c}, Postcodes: g}, &problems)
	want := map[string]geo.Placement{"1-1": geo.FromPostcode, "1-2": geo.FromOutcode, "1-3": geo.Unplaced}
	for id, pl := range want {
		p, _ := s.Practice(id)
		if p.Placed != pl {
			t.Errorf("%s placed %v, want %v", id, p.Placed, pl)
		}
	}
	if len(s.Unplaced()) != 1 {
		t.Errorf("unplaced = %d, want 1", len(s.Unplaced()))
	}
	w := problems.Warnings()
	if len(w) != 1 || !strings.Contains(w[0].Message, "1-3") || w[0].Line != 2 {
		t.Errorf("want one warning naming 1-3 with its line, got %v", w)
	}
}

func TestAreasAndSlugCollisions(t *testing.T) {
	a := gp("1-1", "B practice", rating.Good, "2024-01-01")
	b := gp("1-2", "a practice", rating.Good, "2024-01-01")
	b.LocalAuthority = "Oldham!"
	c := gp("1-3", "C practice", rating.Good, "2024-01-01")
	c.Region = ""
	var problems diag.List
	s := New(Input{Ratings: []*cqc.Location{a, b, c}}, &problems)
	if s.Practices[0].ID != "1-2" {
		t.Errorf("practices not sorted by name: first is %s", s.Practices[0].Name)
	}
	la1, ok1 := s.LocalAuthority("oldham")
	la2, ok2 := s.LocalAuthority("oldham-2")
	if !ok1 || !ok2 || la1 == la2 {
		t.Fatalf("colliding slugs not separated: %v %v", ok1, ok2)
	}
	slugWarnings := 0
	for _, w := range problems.Warnings() {
		if strings.Contains(w.Message, "share the slug") {
			slugWarnings++
		}
	}
	if slugWarnings != 1 {
		t.Errorf("want one slug warning, got %v", problems.Warnings())
	}
	if r, ok := s.Region("not-recorded"); !ok || len(r.Practices) != 1 {
		t.Errorf("a practice with no region must be grouped under %q", Unknown)
	}
	nw, _ := s.Region("north-west")
	if len(nw.LocalAuthorities) != 2 || nw.LocalAuthorities[0].Region != nw {
		t.Errorf("north west local authorities = %v", nw.LocalAuthorities)
	}
}
