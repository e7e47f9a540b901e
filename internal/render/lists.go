package render

import (
	"fmt"

	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
)

// National lists: for the overall rating and each key question, a page
// of every practice in England with each rating (and one of those not
// rated), so that "Safe: Inadequate" can be listed without JavaScript. The
// national page links to them from its counts; filter.js narrows them
// further. Good, which most practices are for every question, has no
// list: it would be most of the A–Z list six times over (a national build
// would render 480,000 more rows), and the A–Z pages filter by it.

// notRatedSlug names the list of practices without one of the four
// ratings for a question (any value that is not a rating, or none).
const notRatedSlug = "not-rated"

type listKey struct {
	domain rating.Domain
	slug   string
}

// ratingLists groups the practices (in the site's order) by the value of
// each question.
func ratingLists(s *site.Site) map[listKey][]*site.Practice {
	out := map[listKey][]*site.Practice{}
	domains := append([]rating.Domain{rating.Overall}, rating.KeyQuestions[:]...)
	for _, p := range s.Practices {
		for _, d := range domains {
			v := p.Ratings[rating.Whole][d].Value
			slug := notRatedSlug
			if v == rating.Good {
				continue
			}
			if v.IsRating() {
				slug = v.Slug()
			}
			k := listKey{d, slug}
			out[k] = append(out[k], p)
		}
	}
	return out
}

// listPages is how many pages a list of n practices takes: at least one.
func listPages(n int) int { return max(1, (n+AZPageSize-1)/AZPageSize) }

// ratingListPages are every list, even an empty one, in the order of domains and
// ratings, split into pages of AZPageSize.
func (r *run) ratingListPages(emit func(job)) {
	lists := ratingLists(r.s)
	domains := append([]rating.Domain{rating.Overall}, rating.KeyQuestions[:]...)
	for _, d := range domains {
		for _, v := range append(rating.Ratings[:], rating.None) {
			slug, label := v.Slug(), v.String()
			if v == rating.None {
				slug, label = notRatedSlug, "Not rated"
			}
			if v == rating.Good {
				continue // no list: see above
			}
			// An empty list still has its page, saying so: a list that
			// existed last month must not become a 404.
			ps := lists[listKey{d, slug}]
			n := listPages(len(ps))
			var paths []string
			for i := range n {
				paths = append(paths, urls.RatingList(d.Slug(), slug, i+1))
			}
			title := d.String() + ": " + label
			desc := fmt.Sprintf("The %d GP practices in England whose CQC rating for %s is %s.", len(ps), d.String(), label)
			if d == rating.Overall {
				title = "Rated " + label + " overall"
				if v == rating.None {
					title = "Not rated overall"
				}
				desc = fmt.Sprintf("The %d GP practices in England whose overall CQC rating is %s.", len(ps), label)
			}
			for i := range n {
				emit(html(paths[i], "ratinglist.html", r.s.DataDate, func() *view.Page {
					from, to := i*AZPageSize, min((i+1)*AZPageSize, len(ps))
					t := title
					if n > 1 {
						t += fmt.Sprintf(", page %d of %d", i+1, n)
					}
					lv := &view.RatingListView{Domain: d, Rating: label, Value: v, Page: i + 1, From: from + 1, To: to, Total: len(ps), Pages: paths,
						Practices: r.table(fmt.Sprint(t, ": practices ", from+1, "–", to, " of ", len(ps)), ps[from:to])}
					return r.page(paths[i], t, desc, lv, nationalCrumb)
				}))
			}
		}
	}
}
