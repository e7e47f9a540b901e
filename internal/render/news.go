package render

import (
	"fmt"
	"unicode/utf8"

	"ratingsite/internal/content"
	"ratingsite/internal/encode"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
)

// NewsPerPage is how many releases one page of /news/ lists.
const NewsPerPage = 20

// LatestNews is how many releases the home page lists.
const LatestNews = 3

// newsIndex is the site's press releases, newest first, as list items,
// and those of each region.
type newsIndex struct {
	all      []view.NewsItem
	byRegion map[*site.Area][]view.NewsItem
}

func newsItem(r *content.Release) view.NewsItem {
	return view.NewsItem{Title: r.Title, Path: r.Path(), Summary: r.Summary, Date: r.Date}
}

func newNewsIndex(releases []*content.Release, s *site.Site) *newsIndex {
	n := &newsIndex{byRegion: map[*site.Area][]view.NewsItem{}}
	for _, r := range releases {
		n.all = append(n.all, newsItem(r))
		for _, slug := range r.Regions {
			if a, ok := s.Region(slug); ok {
				n.byRegion[a] = append(n.byRegion[a], newsItem(r))
			}
		}
	}
	return n
}

// latest lists the newest releases for the home page.
func (n *newsIndex) latest() []view.NewsItem { return n.all[:min(LatestNews, len(n.all))] }

// forRegion lists the releases that concern a region, newest first.
func (n *newsIndex) forRegion(a *site.Area) []view.NewsItem { return n.byRegion[a] }

func newsPageCount(n int) int { return max(1, (n+NewsPerPage-1)/NewsPerPage) }

// newsPages are /news/ and its further pages, a page per release, and the
// feed.
func (r *run) newsPages(emit func(job)) {
	releases := r.News
	pages := newsPageCount(len(releases))
	news := view.Crumb{Name: r.words.News.Title, Path: urls.News}
	for n := 1; n <= pages; n++ {
		items := r.news.all[min((n-1)*NewsPerPage, len(releases)):min(n*NewsPerPage, len(releases))]
		modified := r.s.DataDate
		if len(items) > 0 {
			modified = items[0].Date
		}
		emit(html(urls.NewsPage(n), "news.html", modified, func() *view.Page {
			v := &view.NewsListView{Number: n, Pages: pages, Releases: items}
			if n > 1 {
				v.Prev = urls.NewsPage(n - 1)
			}
			if n < pages {
				v.Next = urls.NewsPage(n + 1)
			}
			for i := 1; i <= pages; i++ {
				v.Links = append(v.Links, view.PageLink{Number: i, Path: urls.NewsPage(i), Current: i == n})
			}
			title, desc := r.words.News.Title, r.words.News.Description
			var p *view.Page
			if n == 1 {
				p = r.page(urls.News, title, desc, v)
			} else {
				p = r.page(urls.NewsPage(n), fmt.Sprintf("%s, page %d of %d", title, n, pages), desc, v, news)
			}
			p.Current = "news"
			return p
		}))
	}
	for _, rel := range releases {
		emit(html(rel.Path(), "release.html", rel.Date, func() *view.Page {
			v := &view.ReleaseView{Release: rel}
			for _, slug := range rel.Regions {
				if a, ok := r.s.Region(slug); ok {
					v.Regions = append(v.Regions, view.Link{Name: a.Name, Path: a.Path()})
				}
			}
			for _, id := range rel.Practices {
				if pr, ok := r.s.Practice(id); ok {
					v.Practices = append(v.Practices, view.PracticeLink{Name: pr.Name, City: placeOf(pr), Path: pr.Path()})
				}
			}
			p := r.page(rel.Path(), rel.Title, rel.Summary, v, news)
			if utf8.RuneCountInString(p.FullTitle) > content.MaxTitle {
				p.FullTitle = rel.Title // a long headline, without the site's name
			}
			p.Current = "news"
			return p
		}))
	}
	feed := releases[:min(NewsPerPage, len(releases))]
	emit(job{path: urls.File(urls.NewsFeed), minify: true, gen: func() ([]byte, error) {
		return encode.NewsFeed(r.Base, feed, r.s.DataDate), nil
	}})
}
