package render

import (
	"bytes"
	"encoding/xml"
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
