package render

import (
	"encoding/xml"
	"ratingsite/internal/urls"
	"strings"
	"time"
)

// sitemapURL is one page in the sitemap.
type sitemapURL struct {
	Loc      string
	Modified time.Time
}

// sitemaps returns sitemap.xml, and past the limit of URLs per file,
// sitemap-1.xml, sitemap-2.xml, … with sitemap.xml as their index.
func (r *Renderer) sitemaps(list []sitemapURL) map[string][]byte {
	limit := r.SitemapLimit
	if limit <= 0 {
		limit = 50000
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
		name := urls.File(urls.Sitemaps(i + 1))
		out[name] = urlset(part)
		index.WriteString("<sitemap><loc>")
		xml.EscapeText(&index, []byte(r.Config.Base.Abs(urls.Sitemaps(i+1))))
		index.WriteString("</loc></sitemap>")
	}
	index.WriteString("</sitemapindex>\n")
	out[urls.File(urls.Sitemap)] = []byte(index.String())
	return out
}

func urlset(urls []sitemapURL) []byte {
	var b strings.Builder
	b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range urls {
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
