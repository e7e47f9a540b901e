package encode

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"ratingsite/internal/content"
	"ratingsite/internal/figures"
	"ratingsite/internal/rating"
	"ratingsite/internal/urls"
	"time"
)

// The Atom 1.0 (RFC 4287) feeds: /news/feed.xml and /changes/feed.xml.
// Every date in them comes from the data, never the clock, so the same
// data gives the same bytes.

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomAuthor  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Link      atomLink     `xml:"link"`
	Published string       `xml:"published,omitempty"`
	Updated   string       `xml:"updated"`
	Summary   string       `xml:"summary,omitempty"`
	Content   *atomContent `xml:"content,omitempty"`
}

// atomContent is an entry's full body as escaped HTML; Base makes its
// relative links resolve against the entry's page.
type atomContent struct {
	Type string `xml:"type,attr"`
	Base string `xml:"xml:base,attr,omitempty"`
	Body string `xml:",chardata"`
}

// atomTime is an RFC 3339 time at midnight UTC of t's day (the epoch for
// a zero time): the data's dates have no time of day.
func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
}

// encode writes the feed as XML. It holds only strings, so encoding cannot
// fail.
func (f *atomFeed) encode() []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if err := xml.NewEncoder(&b).Encode(f); err != nil {
		panic(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// NewsFeed is /news/feed.xml: the Atom 1.0 feed of the given releases (the
// newest), with absolute
// URLs and each release's full content. Its updated time is the newest
// release's date (the data's date when there is none), never the clock.
func NewsFeed(base *urls.Base, releases []*content.Release, dataDate time.Time) []byte {
	updated := dataDate
	if len(releases) > 0 {
		updated = releases[0].Date
	}
	feed := atomFeed{
		Lang:     "en-GB",
		ID:       base.Abs(urls.News),
		Title:    "GP practice ratings: news",
		Subtitle: "Press releases about CQC's ratings of GP practices in England",
		Updated:  atomTime(updated),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base.Abs(urls.NewsFeed)},
			{Rel: "alternate", Type: "text/html", Href: base.Abs(urls.News)},
		},
		Author: atomAuthor{Name: "GP practice ratings", URI: base.Abs(urls.Home)},
	}
	for _, rel := range releases {
		u := base.Abs(rel.Path())
		feed.Entries = append(feed.Entries, atomEntry{
			ID: u, Title: rel.Title,
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: u},
			Published: atomTime(rel.Date), Updated: atomTime(rel.Date),
			Summary: rel.Summary,
			Content: &atomContent{Type: "html", Base: u, Body: string(rel.FeedBody)},
		})
	}
	return feed.encode()
}

// ChangesFeed is /changes/feed.xml: one entry per practice whose overall
// rating changed between the two newest months. Its dates come from the
// data, so the same data gives the same bytes.
func ChangesFeed(base *urls.Base, h *figures.History) []byte {
	feed := atomFeed{
		Title:    "Changes in CQC ratings of GP practices",
		Subtitle: "GP practices in England whose overall CQC rating changed between CQC's two newest monthly files (only one month of data so far).",
		ID:       base.Abs(urls.Changes),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base.Abs(urls.ChangesFeed)},
			{Rel: "alternate", Type: "text/html", Href: base.Abs(urls.Changes)},
		},
		Updated: atomTime(h.DataDate),
		Author:  atomAuthor{Name: "GP practice ratings"},
	}
	month := ""
	if h.To != nil {
		feed.Subtitle = fmt.Sprintf("GP practices in England whose overall CQC rating changed between the %s and %s data, CQC's two newest monthly files.", h.From.Label(), h.To.Label())
		month = h.To.Month.Format("2006-01")
		if h.To.Month.After(h.DataDate) {
			feed.Updated = atomTime(h.To.Month)
		}
	}
	for _, c := range h.Changes {
		p := c.Practice
		when := c.To.Published.Time()
		if when.IsZero() {
			when = h.DataDate
		}
		change := c.Change.Word()
		if change == "" {
			change = "changed"
		}
		title := fmt.Sprintf("%s (%s): %s, now %s", p.Name, p.Postcode, change, valueWord(c.To.Value))
		summary := fmt.Sprintf("%s's overall CQC rating was %s in the %s data and is %s in the %s data.",
			p.Name, valueWord(c.From.Value), h.From.Label(), valueWord(c.To.Value), h.To.Label())
		if p.Closed() {
			summary += " The practice has since closed."
		}
		feed.Entries = append(feed.Entries, atomEntry{
			Title: title, ID: base.Abs(p.Path()) + "#change-" + month,
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: base.Abs(p.Path())},
			Updated: atomTime(when), Summary: summary,
		})
	}
	return feed.encode()
}

func valueWord(v rating.Value) string {
	if !v.Present() {
		return "not published"
	}
	return v.String()
}
