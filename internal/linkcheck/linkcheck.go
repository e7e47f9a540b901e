// Package linkcheck checks a built site: every internal link, image, script
// and stylesheet in every HTML file must resolve to a file in the site.
package linkcheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Broken is one link that does not resolve.
type Broken struct {
	Page string // the HTML file, e.g. "regions/london/index.html"
	Link string // the link as written
}

func (b Broken) String() string { return fmt.Sprintf("%s: broken link %q", b.Page, b.Link) }

// Result counts what was checked.
type Result struct {
	Pages  int
	Links  int
	Broken []Broken
}

// Check walks every .html file in site. prefix is the base URL's path
// ("/" or "/ratings/"): internal links must start with it. Links with a
// scheme or host are external and not followed; fragments are ignored.
func Check(site fs.FS, prefix string) (*Result, error) {
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	res := &Result{}
	err := fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := fs.ReadFile(site, p)
		if err != nil {
			return err
		}
		res.Pages++
		links, err := Links(b)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for _, l := range links {
			res.Links++
			if !resolves(site, prefix, p, l) {
				res.Broken = append(res.Broken, Broken{p, l})
			}
		}
		return nil
	})
	return res, err
}

// Links lists the href and src values of an HTML document.
func Links(doc []byte) ([]string, error) {
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		return nil, err
	}
	var out []string
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == "href" || a.Key == "src" {
				out = append(out, a.Val)
			}
		}
	}
	return out, nil
}

func resolves(site fs.FS, prefix, page, link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	if u.Scheme != "" || u.Host != "" {
		return true // external, or tel: and mailto:
	}
	if u.Path == "" {
		return true // a fragment on the same page
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join("/", path.Dir(page), p)
		if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(p, "/") {
			p += "/"
		}
	} else if !strings.HasPrefix(p, prefix) {
		return false
	} else {
		p = "/" + strings.TrimPrefix(p, prefix)
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	name = path.Clean(name)
	st, err := fs.Stat(site, name)
	if err != nil {
		return false
	}
	if st.IsDir() {
		_, err := fs.Stat(site, path.Join(name, "index.html"))
		return err == nil
	}
	return true
}

// Sorted returns the broken links sorted by page then link.
func (r *Result) Sorted() []Broken {
	out := slices.Clone(r.Broken)
	slices.SortFunc(out, func(a, b Broken) int {
		if c := strings.Compare(a.Page, b.Page); c != 0 {
			return c
		}
		return strings.Compare(a.Link, b.Link)
	})
	return out
}
