package encode

import (
	"encoding/xml"
	"strings"
	"time"

	"ratingsite/internal/urls"
)

// SitemapURL is one page in the sitemap.
type SitemapURL struct {
	Loc      string // absolute URL
	Modified time.Time
}

// SitemapLimit is the protocol's most URLs in one sitemap file.
const SitemapLimit = 50000

// Sitemaps returns the sitemap files by output path: sitemap.xml and, past
// limit URLs per file (0 means SitemapLimit), sitemap-1.xml, sitemap-2.xml,
// … with sitemap.xml as their index.
func Sitemaps(base *urls.Base, list []SitemapURL, limit int) map[string][]byte {
	if limit <= 0 {
		limit = SitemapLimit
	}
	out := map[string][]byte{}
	if len(list) <= limit {
		out[urls.File(urls.Sitemap)] = urlset(list)
		return out
	}
	var index strings.Builder
	index.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := 0; i*limit < len(list); i++ {
		part := list[i*limit : min((i+1)*limit, len(list))]
		out[urls.File(urls.Sitemaps(i+1))] = urlset(part)
		index.WriteString("<sitemap><loc>")
		xml.EscapeText(&index, []byte(base.Abs(urls.Sitemaps(i+1))))
		index.WriteString("</loc></sitemap>")
	}
	index.WriteString("</sitemapindex>\n")
	out[urls.File(urls.Sitemap)] = []byte(index.String())
	return out
}

func urlset(list []SitemapURL) []byte {
	var b strings.Builder
	b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range list {
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(u.Loc))
		b.WriteString("</loc>")
		if !u.Modified.IsZero() {
			b.WriteString("<lastmod>" + u.Modified.Format("2006-01-02") + "</lastmod>")
		}
		b.WriteString("</url>")
	}
	b.WriteString("</urlset>\n")
	return []byte(b.String())
}

// Robots is robots.txt: everything may be crawled, and where the sitemap is.
func Robots(base *urls.Base) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + base.Abs(urls.Sitemap) + "\n")
}
