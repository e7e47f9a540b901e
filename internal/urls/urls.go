package urls

import (
	"fmt"
	"net/url"
	"strings"
)

// Base is a site's base URL, e.g. "https://example.org/ratings/". It is
// immutable.
type Base struct {
	u      url.URL
	prefix string
}

// Parse checks a -base-url value: an absolute http(s) URL with no query or
// fragment. Its path always ends in "/".
func Parse(s string) (*Base, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("-base-url %q: %v", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("-base-url %q must be an absolute http or https URL, such as https://example.org/", s)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("-base-url %q must not have a query or fragment", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return &Base{u: *u, prefix: u.Path}, nil
}

// MustParse is Parse for URLs known to be valid, such as in tests.
func MustParse(s string) *Base {
	b, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return b
}

// Path is the base URL's path, "/" or "/ratings/": every internal link
// starts with it.
func (b *Base) Path() string { return b.prefix }

// EscapedPath is Path as it is written in a URL.
func (b *Base) EscapedPath() string { return b.u.EscapedPath() }

// String is the base URL.
func (b *Base) String() string { return b.u.String() }

// Link turns a site path ("/practices/1-2/") into the link pages write,
// with the base URL's path prefix ("/ratings/practices/1-2/").
func (b *Base) Link(p string) string {
	return b.prefix + strings.TrimPrefix(p, "/")
}

// Abs turns a site path into an absolute URL.
// A query or fragment in p stays one, not escaped into the path.
func (b *Base) Abs(p string) string {
	p, frag, _ := strings.Cut(p, "#")
	p, query, _ := strings.Cut(p, "?")
	u := b.u
	u.Path = b.Link(p)
	u.RawPath, u.RawQuery, u.Fragment = "", query, frag
	return u.String()
}

// File is the output file that serves a site path: "/news/" is
// "news/index.html", "/news/feed.xml" is "news/feed.xml".
func File(p string) string {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}
