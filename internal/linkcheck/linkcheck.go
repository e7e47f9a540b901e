package linkcheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Broken is one reference that does not resolve.
type Broken struct {
	Page   string // the file it is in, e.g. "regions/london/index.html"
	Link   string // the reference as written
	Where  string // what holds it: "href", "srcset", "style url()", "meta refresh", …
	Reason string // why it is broken
}

func (b Broken) String() string {
	return fmt.Sprintf("%s: broken link %q (%s): %s", b.Page, b.Link, b.Where, b.Reason)
}

// Result counts what was checked.
type Result struct {
	Pages  int // HTML files
	Others int // CSS, XML and robots.txt files
	Links  int
	Broken []Broken
}

// Link is one reference found in a file.
type Link struct {
	URL   string // as written, entities decoded
	Where string // the attribute or construct that holds it
}

// checker holds what one Check needs.
type checker struct {
	site   fs.FS
	prefix string // the base URL's path, with leading and trailing slash
	scheme string // the base URL's scheme; "" when only a path was given
	host   string // the base URL's host, lower case, without a default port
	// page and pageIDs are the HTML file being checked and its ids; ids
	// caches those of other files that fragments point into, and only
	// those, so memory does not grow with the site.
	page    string
	pageIDs map[string]bool
	ids     map[string]map[string]bool
}

// Check walks every file in site. base is the URL the site was built for
// (https://example.org/ratings/) or only its path (/ratings/): internal
// references must start with its path, and absolute or scheme-relative
// ones on its host are internal too.
func Check(site fs.FS, base string) (*Result, error) {
	c := &checker{site: site, ids: map[string]map[string]bool{}}
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("base URL %q: %w", base, err)
	}
	c.prefix = u.Path
	if !strings.HasPrefix(c.prefix, "/") {
		c.prefix = "/" + c.prefix
	}
	if !strings.HasSuffix(c.prefix, "/") {
		c.prefix += "/"
	}
	if u.Host != "" {
		c.scheme = strings.ToLower(u.Scheme)
		c.host = hostKey(u)
	}
	res := &Result{}
	err = fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		var links []Link
		switch ext := strings.ToLower(path.Ext(p)); {
		case ext == ".html" || ext == ".htm":
			b, err := fs.ReadFile(site, p)
			if err != nil {
				return err
			}
			res.Pages++
			links, c.pageIDs, err = parseHTML(b)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			c.page = p
		case ext == ".css":
			b, err := fs.ReadFile(site, p)
			if err != nil {
				return err
			}
			res.Others++
			for _, u := range CSSLinks(string(b)) {
				if !strings.HasPrefix(u, "#") { // names an element of the page using the sheet
					links = append(links, Link{u, "CSS url()"})
				}
			}
		case ext == ".xml" || p == "robots.txt":
			b, err := fs.ReadFile(site, p)
			if err != nil {
				return err
			}
			res.Others++
			links = textLinks(p, string(b))
		default:
			return nil
		}
		for _, l := range links {
			res.Links++
			if reason := c.resolve(p, l); reason != "" {
				res.Broken = append(res.Broken, Broken{p, l.URL, l.Where, reason})
			}
		}
		return nil
	})
	return res, err
}

// hostKey is a URL's host in lower case without the scheme's default port.
func hostKey(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" || port == "80" && strings.EqualFold(u.Scheme, "http") || port == "443" && strings.EqualFold(u.Scheme, "https") {
		return host
	}
	return net.JoinHostPort(host, port)
}

// Links lists the references in an HTML document.
func Links(doc []byte) ([]Link, error) {
	links, _, err := parseHTML(doc)
	return links, err
}

// linkAttrs are the attributes that hold one URL.
var linkAttrs = map[string]bool{"href": true, "src": true, "poster": true, "data": true, "action": true, "formaction": true}

// metaURLs are the meta tags whose content is a URL of the site.
var metaURLs = map[string]bool{"og:url": true, "og:image": true, "og:image:url": true, "og:image:secure_url": true, "twitter:image": true}

// parseHTML returns an HTML document's references and the ids (and <a
// name>s) of its elements.
func parseHTML(doc []byte) ([]Link, map[string]bool, error) {
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		return nil, nil, err
	}
	var out []Link
	ids := map[string]bool{}
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		var httpEquiv, property, content string
		for _, a := range n.Attr {
			key := a.Key
			if a.Namespace == "xlink" && key == "href" {
				key = "xlink:href"
			}
			switch {
			case linkAttrs[key] && a.Namespace == "":
				out = append(out, Link{a.Val, key})
			case key == "xlink:href":
				out = append(out, Link{a.Val, key})
			case key == "srcset" || key == "imagesrcset":
				for _, u := range SrcsetURLs(a.Val) {
					out = append(out, Link{u, key})
				}
			case key == "style":
				for _, u := range CSSLinks(a.Val) {
					out = append(out, Link{u, "style url()"})
				}
			case key == "id" && a.Val != "":
				ids[a.Val] = true
			case key == "name" && n.Data == "a" && a.Val != "":
				ids[a.Val] = true
			case key == "http-equiv":
				httpEquiv = strings.ToLower(strings.TrimSpace(a.Val))
			case key == "property" || key == "name":
				property = strings.ToLower(strings.TrimSpace(a.Val))
			case key == "content":
				content = a.Val
			}
		}
		switch {
		case n.Data == "meta" && httpEquiv == "refresh":
			if u, ok := RefreshURL(content); ok {
				out = append(out, Link{u, "meta refresh"})
			}
		case n.Data == "meta" && metaURLs[property]:
			out = append(out, Link{content, "meta " + property})
		case n.Data == "style":
			var text strings.Builder
			for c := range n.ChildNodes() {
				if c.Type == html.TextNode {
					text.WriteString(c.Data)
				}
			}
			for _, u := range CSSLinks(text.String()) {
				out = append(out, Link{u, "<style> url()"})
			}
		}
	}
	return out, ids, nil
}

// SrcsetURLs lists the URLs of a srcset attribute: candidates separated by
// commas, each a URL and optional descriptors (as the HTML standard parses
// them, so a URL may itself hold commas).
func SrcsetURLs(s string) []string {
	const space = " \t\n\r\f"
	var out []string
	for {
		s = strings.TrimLeft(s, space+",")
		if s == "" {
			return out
		}
		end := strings.IndexAny(s, space)
		if end < 0 {
			end = len(s)
		}
		u := s[:end]
		s = s[end:]
		if trimmed := strings.TrimRight(u, ","); trimmed != u {
			out = append(out, trimmed) // a candidate without descriptors
			continue
		}
		out = append(out, u)
		depth := 0 // descriptors run to the next comma outside parentheses
		i := 0
		for ; i < len(s); i++ {
			switch s[i] {
			case '(':
				depth++
			case ')':
				if depth > 0 {
					depth--
				}
			case ',':
				if depth == 0 {
					goto next
				}
			}
		}
	next:
		s = s[i:]
	}
}

var (
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	cssURL     = regexp.MustCompile(`(?i)\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)`)
	cssImport  = regexp.MustCompile(`(?i)@import\s+(?:"([^"]*)"|'([^']*)')`)
)

// CSSLinks lists the url() and @import references of a style sheet or a
// style attribute, outside comments.
func CSSLinks(css string) []string {
	css = cssComment.ReplaceAllString(css, " ")
	var out []string
	for _, re := range []*regexp.Regexp{cssURL, cssImport} {
		for _, m := range re.FindAllStringSubmatch(css, -1) {
			u := m[1] + m[2]
			if len(m) > 3 {
				u += m[3]
			}
			out = append(out, u)
		}
	}
	return out
}

// RefreshURL returns the URL of a meta refresh's content ("5; url=/x/"),
// and false when it only reloads the page.
func RefreshURL(content string) (string, bool) {
	i := strings.IndexAny(content, ";,")
	if i < 0 {
		return "", false
	}
	rest := strings.TrimLeft(content[i+1:], " \t\n\r\f")
	if len(rest) >= 3 && strings.EqualFold(rest[:3], "url") {
		after := strings.TrimLeft(rest[3:], " \t\n\r\f")
		if strings.HasPrefix(after, "=") {
			rest = strings.TrimLeft(after[1:], " \t\n\r\f")
		}
	}
	if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
		if j := strings.IndexByte(rest[1:], rest[0]); j >= 0 {
			rest = rest[1 : 1+j]
		} else {
			rest = rest[1:]
		}
	}
	rest = strings.TrimSpace(rest)
	return rest, rest != ""
}

var (
	xmlLoc  = regexp.MustCompile(`<loc>\s*([^<]*?)\s*</loc>`)
	xmlLink = regexp.MustCompile(`<link>\s*([^<]*?)\s*</link>`)
	xmlHref = regexp.MustCompile(`\bhref="([^"]*)"`)
	robots  = regexp.MustCompile(`(?im)^\s*sitemap:\s*(\S+)`)
)

// textLinks lists the references of an XML file (sitemap <loc>, RSS
// <link>, Atom href) or of robots.txt (Sitemap:).
func textLinks(name, text string) []Link {
	var out []Link
	if name == "robots.txt" {
		for _, m := range robots.FindAllStringSubmatch(text, -1) {
			out = append(out, Link{m[1], "robots.txt Sitemap"})
		}
		return out
	}
	for _, f := range []struct {
		re    *regexp.Regexp
		where string
	}{{xmlLoc, "<loc>"}, {xmlLink, "<link>"}, {xmlHref, "href"}} {
		for _, m := range f.re.FindAllStringSubmatch(text, -1) {
			out = append(out, Link{html.UnescapeString(m[1]), f.where})
		}
	}
	return out
}

// resolve returns why the reference l in file page is broken, or "".
func (c *checker) resolve(page string, l Link) string {
	u, err := url.Parse(strings.Trim(l.URL, " \t\n\r\f"))
	if err != nil {
		return "not a valid URL"
	}
	var p string // the path on the site
	switch {
	case u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https":
		return "" // mailto:, tel:, data: and the like
	case u.Host != "" || u.Scheme != "":
		if c.host == "" || hostKey(u) != c.host {
			return "" // another site
		}
		if u.Scheme != "" && c.scheme != "" && u.Scheme != c.scheme {
			return fmt.Sprintf("%s: on a site served over %s:", u.Scheme, c.scheme)
		}
		p = u.Path
		if p == "" {
			p = "/"
		}
	case u.Path == "" && u.Opaque == "":
		// The same file: only a fragment or a query.
		return c.fragment(page, u.Fragment)
	default:
		p = u.Path
		if !strings.HasPrefix(p, "/") {
			// Relative to the file's URL, which may climb out of the
			// base URL's path.
			p = path.Join(c.prefix, path.Dir(page), p)
			if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(p, "/") {
				p += "/"
			}
		}
	}
	rel, ok := strings.CutPrefix(p, c.prefix)
	if p+"/" == c.prefix {
		rel, ok = "", true
	}
	if !ok {
		return "outside the base URL's path " + c.prefix
	}
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	name = path.Clean(name)
	if name == ".." || strings.HasPrefix(name, "../") {
		return "outside the site"
	}
	st, err := fs.Stat(c.site, name)
	if err != nil {
		return "no such file " + name
	}
	if st.IsDir() {
		name = path.Join(name, "index.html")
		if _, err := fs.Stat(c.site, name); err != nil {
			return "a folder without index.html"
		}
	}
	return c.fragment(name, u.Fragment)
}

// fragment returns why #frag names no element of the file name, or "".
// Fragments of files other than HTML and SVG are not checked, nor "#top"
// and text fragments, which need no element.
func (c *checker) fragment(name, frag string) string {
	if frag == "" || strings.EqualFold(frag, "top") || strings.HasPrefix(frag, ":~:") {
		return ""
	}
	ext := strings.ToLower(path.Ext(name))
	if ext != ".html" && ext != ".htm" && ext != ".svg" {
		return ""
	}
	ids, ok := c.ids[name]
	if name == c.page {
		ids, ok = c.pageIDs, true
	}
	if !ok {
		b, err := fs.ReadFile(c.site, name)
		if err != nil {
			return "" // reported as a missing file
		}
		_, ids, err = parseHTML(b)
		if err != nil {
			return fmt.Sprintf("%s cannot be parsed for #%s: %v", name, frag, err)
		}
		c.ids[name] = ids
	}
	if !ids[frag] {
		return fmt.Sprintf("no element with id %q in %s", frag, name)
	}
	return ""
}

// Sorted returns the broken links sorted by page, then link, then where.
func (r *Result) Sorted() []Broken {
	out := slices.Clone(r.Broken)
	slices.SortFunc(out, func(a, b Broken) int {
		if c := strings.Compare(a.Page, b.Page); c != 0 {
			return c
		}
		if c := strings.Compare(a.Link, b.Link); c != 0 {
			return c
		}
		return strings.Compare(a.Where, b.Where)
	})
	return out
}
