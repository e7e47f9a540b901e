package encode

import (
	"time"

	"github.com/paulmach/orb"

	"ratingsite/internal/geo"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

var testBase = urls.MustParse("https://example.org/r/")

func day(s string) rating.Day {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return rating.DayOf(t)
}

// testPractice is a current practice in the North West, rated Good
// overall on 2024-03-01, at lon -2.1, lat 53.5.
func testPractice(id, name string) *site.Practice {
	p := &site.Practice{}
	p.ID, p.Name, p.ODS, p.City, p.Postcode = id, name, "P1", "Oldham", "OL1 1AA"
	p.Region = &site.Area{Kind: site.RegionKind, Name: "North West", Slug: "north-west"}
	p.LocalAuthority = &site.Area{Kind: site.LocalAuthorityKind, Name: "Oldham", Slug: "oldham"}
	p.Ratings[rating.Whole][rating.Overall] = rating.Cell{Value: rating.Good, Published: day("2024-03-01")}
	p.Ratings[rating.Whole][rating.Safe] = rating.Cell{Value: rating.RequiresImprovement, Published: day("2024-03-01")}
	p.Point, p.Placed = orb.Point{-2.1, 53.5}, geo.FromCQC
	return p
}
