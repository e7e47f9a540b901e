package headers

import (
	"mime"
	"path"
	"slices"
	"strings"

	"ratingsite/internal/urls"
)

// Header is one header line of a rule.
type Header struct{ Name, Value string }

// Rule gives the headers of the URLs matching Pattern, in which * matches
// any run of characters (slashes too).
type Rule struct {
	Comment string // written above the rule in _headers
	Pattern string
	Headers []Header
}

// EmbedDir is the top-level folder of pages made to be framed by any site.
const EmbedDir = urls.EmbedDir

// AssetsDir is the top-level folder of fingerprinted assets.
const AssetsDir = "assets"

// Cache rules: fingerprinted assets never change, so they are cached for a
// year and never revalidated; pages and data change monthly, so they are
// cached for ten minutes and a monthly update shows at once.
const (
	LongCache  = "public, max-age=31536000, immutable"
	ShortCache = "public, max-age=600, must-revalidate"
)

// security are sent with every file.
var security = []Header{
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

// Site is what the rules depend on.
type Site struct {
	// Prefix is the URL path the site is served under: "/" or "/r/".
	Prefix string
	// CSP is the site's Content-Security-Policy, without frame-ancestors
	// (which works only as a header, not in a <meta> tag).
	CSP string
	// Top holds the site's top-level file and folder names.
	Top map[string]bool
}

func (s Site) prefix() string {
	p := s.Prefix
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// framing is the policy of the files under one top-level name: only this
// site may frame them, except the embed pages, which any site may frame.
func (s Site) framing(top string) []Header {
	if top == EmbedDir {
		return []Header{{"Content-Security-Policy", s.CSP + "; frame-ancestors *"}}
	}
	return []Header{{"Content-Security-Policy", s.CSP + "; frame-ancestors 'self'"}}
}

// Rules are the header rules of the site, in the order _headers lists them.
func (s Site) Rules() []Rule {
	p := s.prefix()
	all := append(slices.Clip(security),
		Header{"Content-Security-Policy", s.CSP},
		Header{"X-Frame-Options", "SAMEORIGIN"})
	rules := []Rule{{
		Comment: "Every response, 404s and paths no rule below lists included: the security headers,\n" +
			"the policy without frame-ancestors, and no framing by other sites.",
		Pattern: p + "*",
		Headers: all,
	}}
	add := func(comment, pattern, top, cache string) {
		h := append([]Header{{"Cache-Control", cache}}, s.framing(top)...)
		rules = append(rules, Rule{Comment: comment, Pattern: pattern, Headers: h})
	}
	add("Fingerprinted assets never change: cache them for a year.", p+AssetsDir+"/*", AssetsDir, LongCache)
	add("Pages and data change monthly: cache them briefly. Only this site may\n"+
		"frame them, except /"+EmbedDir+"/, which is made for other sites' iframes.", p, "", ShortCache)
	add("", p+"index.html", "", ShortCache)
	names := make([]string, 0, len(s.Top))
	for name := range s.Top {
		if name != AssetsDir && name != "_headers" && name != "index.html" && name != "" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.Contains(name, ".") {
			add("", p+name, name, ShortCache)
		} else {
			add("", p+name+"/*", name, ShortCache)
		}
	}
	return rules
}

// File is the _headers file of rules.
func File(rules []Rule) []byte {
	var b strings.Builder
	b.WriteString("# Written by ratingsite from internal/headers; see docs/deploy.md.\n")
	for _, r := range rules {
		if r.Comment != "" {
			b.WriteString("\n")
			for _, l := range strings.Split(r.Comment, "\n") {
				b.WriteString("# " + l + "\n")
			}
		}
		b.WriteString(r.Pattern + "\n")
		for _, h := range r.Headers {
			b.WriteString("  " + h.Name + ": " + h.Value + "\n")
		}
	}
	return []byte(b.String())
}

// Match reports whether the URL path p matches a rule's pattern as Netlify
// and Cloudflare Pages match it: * matches any run of characters, :name
// one path segment, anything else itself.
func Match(pattern, p string) bool {
	for pattern != "" {
		switch c := pattern[0]; {
		case c == '*':
			rest := pattern[1:]
			for i := len(p); i >= 0; i-- {
				if Match(rest, p[i:]) {
					return true
				}
			}
			return false
		case c == ':' && (len(pattern) == 1 || pattern[1] != '/'):
			end := strings.IndexByte(pattern, '/')
			if end < 0 {
				end = len(pattern)
			}
			seg := strings.IndexByte(p, '/')
			if seg < 0 {
				seg = len(p)
			}
			if seg == 0 {
				return false
			}
			pattern, p = pattern[end:], p[seg:]
		default:
			if p == "" || p[0] != c {
				return false
			}
			pattern, p = pattern[1:], p[1:]
		}
	}
	return p == ""
}

// Combine says how a host combines a header that several matching rules set.
type Combine int

const (
	// Join joins the values with ", " (Cloudflare Pages, documented).
	Join Combine = iota
	// Last keeps the last matching rule's value (Netlify, as observed).
	Last
)

// For returns the headers a host sends for the URL path p under rules,
// in the order they first appear.
func For(rules []Rule, p string, how Combine) []Header {
	var out []Header
	for _, r := range rules {
		if !Match(r.Pattern, p) {
			continue
		}
		for _, h := range r.Headers {
			i := slices.IndexFunc(out, func(o Header) bool { return strings.EqualFold(o.Name, h.Name) })
			switch {
			case i < 0:
				out = append(out, h)
			case how == Join:
				out[i].Value += ", " + h.Value
			default:
				out[i].Value = h.Value
			}
		}
	}
	return out
}

// Get is the value of the header name in hs, or "".
func Get(hs []Header, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// Meta is what an object store can keep of a file's headers.
type Meta struct {
	ContentType  string
	CacheControl string
}

// Object returns the Content-Type and Cache-Control of the site file at
// the slash-separated path p ("practices/1-2/index.html"), as the rules
// give them to a host that reads _headers.
func (s Site) Object(rules []Rule, p string) Meta {
	return Meta{
		ContentType:  ContentType(p),
		CacheControl: Get(For(rules, s.prefix()+p, Join), "Cache-Control"),
	}
}

// ContentType is the Content-Type of a site file, from its name: text
// types carry charset=utf-8 (every text file the site writes is UTF-8);
// JSON and GeoJSON carry none, as their RFCs define no charset parameter.
func ContentType(p string) string {
	const utf8 = "; charset=utf-8"
	switch ext := path.Ext(p); ext {
	case ".html":
		return "text/html" + utf8
	case ".css":
		return "text/css" + utf8
	case ".js":
		return "text/javascript" + utf8
	case ".json":
		return "application/json"
	case ".geojson":
		return "application/geo+json"
	case ".csv":
		return "text/csv" + utf8
	case ".txt":
		return "text/plain" + utf8
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		if path.Base(p) == "feed.xml" {
			return "application/atom+xml" + utf8
		}
		return "application/xml" + utf8
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".webmanifest":
		return "application/manifest+json"
	case ".woff2":
		return "font/woff2"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
	}
	return "application/octet-stream"
}
