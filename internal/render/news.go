package render

import (
	"fmt"
	"unicode/utf8"

	"ratingsite/internal/content"
	"ratingsite/internal/encode"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

// NewsPerPage is how many releases one page of /news/ lists.
const NewsPerPage = 20

// LatestNews is how many releases the home page lists.
const LatestNews = 3

// NewsIndex is the site's press releases, newest first, indexed for the
// pages that list them. It is built once per build.
type NewsIndex struct {
	All      []*content.Release
	byRegion map[*site.Area][]*content.Release
}

func newNewsIndex(releases []*content.Release, s *site.Site) *NewsIndex {
	n := &NewsIndex{All: releases, byRegion: map[*site.Area][]*content.Release{}}
	for _, r := range releases {
		for _, slug := range r.Regions {
			if a, ok := s.Region(slug); ok {
				n.byRegion[a] = append(n.byRegion[a], r)
			}
		}
	}
	return n
}

// Latest lists the newest releases for the home page.
func (n *NewsIndex) Latest() []*content.Release {
	if n == nil {
		return nil
	}
	return n.All[:min(LatestNews, len(n.All))]
}

// ForRegion lists the releases that concern a region, newest first.
func (n *NewsIndex) ForRegion(a *site.Area) []*content.Release {
	if n == nil {
		return nil
	}
	return n.byRegion[a]
}

// NewsListView is one page of /news/.
type NewsListView struct {
	Releases []*content.Release
	// Number is this page's number (from 1) of Pages.
	Number, Pages int
	// Prev and Next are the neighbouring pages' site paths, or "".
	Prev, Next string
	Links      []PageLink
}

// PageLink is one numbered link of the pagination.
type PageLink struct {
	Number  int
	Path    string
	Current bool
}

// ReleaseView is a release page's data: the release, and the regions and
// practices it concerns.
type ReleaseView struct {
	Release   *content.Release
	Regions   []*site.Area
	Practices []*site.Practice
}

// newsListPath is the site path of page n of /news/.
func newsListPath(n int) string {
	return urls.NewsPage(n)
}

// newsJobs is how many files newsPages emits.
func (r *Renderer) newsJobs() int {
	return newsPageCount(len(r.News)) + len(r.News) + 1
}

func newsPageCount(n int) int { return max(1, (n+NewsPerPage-1)/NewsPerPage) }

// newsPages emits /news/ and its further pages, a page per release, and
// the feed.
func (r *Renderer) newsPages(s *site.Site, page func(path, title, desc string, data any, crumbs ...Crumb) *Page, html func(*Page, string), emit func(job)) {
	releases := r.News
	pages := newsPageCount(len(releases))
	news := Crumb{Name: "News", Path: urls.News}
	for n := 1; n <= pages; n++ {
		v := &NewsListView{Number: n, Pages: pages}
		v.Releases = releases[min((n-1)*NewsPerPage, len(releases)):min(n*NewsPerPage, len(releases))]
		if n > 1 {
			v.Prev = newsListPath(n - 1)
		}
		if n < pages {
			v.Next = newsListPath(n + 1)
		}
		for i := 1; i <= pages; i++ {
			v.Links = append(v.Links, PageLink{Number: i, Path: newsListPath(i), Current: i == n})
		}
		title, desc := "News", "Press releases about CQC's ratings of GP practices in England, newest first, with figures from the latest data."
		var p *Page
		if n == 1 {
			p = page(urls.News, title, desc, v)
		} else {
			title = fmt.Sprintf("News, page %d of %d", n, pages)
			p = page(newsListPath(n), title, desc, v, news)
		}
		p.Current = "news"
		if len(v.Releases) > 0 {
			p.Modified = v.Releases[0].Date
		}
		html(p, "news.html")
	}
	for _, rel := range releases {
		v := &ReleaseView{Release: rel}
		for _, slug := range rel.Regions {
			if a, ok := s.Region(slug); ok {
				v.Regions = append(v.Regions, a)
			}
		}
		for _, id := range rel.Practices {
			if pr, ok := s.Practice(id); ok {
				v.Practices = append(v.Practices, pr)
			}
		}
		p := page(rel.Path(), rel.Title, rel.Summary, v, news)
		if utf8.RuneCountInString(p.FullTitle) > content.MaxTitle {
			p.FullTitle = rel.Title // a long headline, without the site's name
		}
		p.Current = "news"
		p.Modified = rel.Date
		html(p, "release.html")
	}
	feed := releases[:min(NewsPerPage, len(releases))]
	emit(job{path: urls.File(urls.NewsFeed), gen: func() ([]byte, error) { return encode.NewsFeed(r.Config.Base, feed, s.DataDate), nil }, minify: true})
}
