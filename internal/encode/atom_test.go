package encode

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"ratingsite/internal/content"
	"ratingsite/internal/figures"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

func TestFeeds(t *testing.T) {
	dataDate := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	rel := &content.Release{Slug: "north", Title: "Ratings <up>", Date: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC),
		Summary: "S & s", FeedBody: `<p><a href="https://example.org/r/x/">x</a></p>`}
	closed := testPractice("1-2", "Gone")
	closed.ClosedWhy = site.ClosedMissing
	changes := &figures.History{DataDate: dataDate,
		From: &site.Month{Month: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}, To: &site.Month{Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)},
		Changes: []figures.MonthChange{
			{Practice: testPractice("1-1", "Castle"), From: rating.Cell{Value: rating.Inadequate}, To: rating.Cell{Value: rating.Good, Published: day("2026-09-20")}, Change: site.Improved},
			{Practice: closed, From: rating.Cell{}, To: rating.Cell{Value: rating.Good}},
		}}
	for _, tc := range []struct {
		name string
		feed []byte
		want []string
	}{
		{"no news", NewsFeed(testBase, nil, dataDate), []string{`<updated>2026-10-01T00:00:00Z</updated>`, `<id>https://example.org/r/news/</id>`,
			`<link rel="self" type="application/atom+xml" href="https://example.org/r/news/feed.xml"></link>`}},
		{"news", NewsFeed(testBase, []*content.Release{rel}, dataDate), []string{`<updated>2026-11-05T00:00:00Z</updated>`,
			`<title>Ratings &lt;up&gt;</title>`, `<summary>S &amp; s</summary>`, `<content type="html" xml:base="https://example.org/r/news/north/">&lt;p&gt;`}},
		{"no months", ChangesFeed(testBase, &figures.History{DataDate: dataDate}), []string{`<updated>2026-10-01T00:00:00Z</updated>`, `<id>https://example.org/r/changes/</id>`}},
		{"changes", ChangesFeed(testBase, changes), []string{`<title>Castle (OL1 1AA): improved, now Good</title>`,
			`<id>https://example.org/r/practices/1-1/#change-2026-10</id>`, `<updated>2026-09-20T00:00:00Z</updated>`,
			`Gone (OL1 1AA): changed, now Good`, `was not published in the September 2026 data`, `The practice has since closed.`}},
	} {
		var v struct{ XMLName xml.Name }
		if err := xml.Unmarshal(tc.feed, &v); err != nil || v.XMLName.Local != "feed" || v.XMLName.Space != "http://www.w3.org/2005/Atom" {
			t.Errorf("%s: not an Atom feed (%v): %s", tc.name, err, tc.feed)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(tc.feed), w) {
				t.Errorf("%s: %s\nlacks %s", tc.name, tc.feed, w)
			}
		}
	}
}
