package render

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"ratingsite/internal/geo"
	"ratingsite/internal/search"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
)

// AZPageSize is the most practices on one A–Z page: a letter with more
// is split into /search/<letter>/2/, 3/, … so that no page is huge.
var AZPageSize = 1000

// examplePostcode is the first practice's postcode (in the site's order)
// that the published postcode centroids hold, written as people write it
// ("OL9 7SG"), and its outward code.
func examplePostcode(s *site.Site) (full, outward string) {
	for _, p := range s.Practices {
		if _, how := s.Postcodes.Locate(p.Postcode); how != geo.FromPostcode {
			continue
		}
		out, in, ok := search.SplitPostcode(p.Postcode)
		if ok && in != "" {
			return out + " " + in, out
		}
	}
	return "", ""
}

// FilingName is how the A–Z files a practice: its folded name without a
// leading "The", so that "The Abbey Practice" is under A, as in a
// telephone directory.
func FilingName(name string) string {
	f := search.Fold(name)
	if rest, ok := strings.CutPrefix(f, "the "); ok {
		return rest
	}
	return f
}

// azLetters groups the practices by the first letter of their filing
// name, each letter's practices in order of it.
func azLetters(s *site.Site) ([]view.AZLetter, map[string][]*site.Practice) {
	by := map[string][]*site.Practice{}
	for _, p := range s.Practices {
		slug := "0-9"
		if f := FilingName(p.Name); f != "" && f[0] >= 'a' && f[0] <= 'z' {
			slug = f[:1]
		}
		by[slug] = append(by[slug], p)
	}
	for _, ps := range by {
		// Stable: practices with the same filing name keep the site's order.
		slices.SortStableFunc(ps, func(a, b *site.Practice) int { return strings.Compare(FilingName(a.Name), FilingName(b.Name)) })
	}
	// Every letter has its page, even with no practice, so that a page
	// that existed last month never becomes a 404.
	for c := 'a'; c <= 'z'; c++ {
		if by[string(c)] == nil {
			by[string(c)] = []*site.Practice{}
		}
	}
	if by["0-9"] == nil {
		by["0-9"] = []*site.Practice{}
	}
	var out []view.AZLetter
	for _, slug := range slices.Sorted(maps.Keys(by)) {
		l := view.AZLetter{Letter: strings.ToUpper(slug), Slug: slug, Count: len(by[slug]), Pages: listPages(len(by[slug]))}
		if slug == "0-9" {
			l.Letter = "0–9"
		}
		out = append(out, l)
	}
	// Digits and other characters last.
	if len(out) > 0 && out[0].Slug == "0-9" {
		out = append(out[1:], out[0])
	}
	return out, by
}

// searchPages are /search/ and the A–Z pages.
func (r *run) searchPages(emit func(job)) {
	letters, by := azLetters(r.s)
	emit(html(urls.Search, "search.html", r.s.DataDate, func() *view.Page {
		v := &view.SearchView{Letters: letters}
		v.Example, v.ExampleOutward = examplePostcode(r.s)
		for _, a := range r.s.Regions {
			sr := view.SearchRegion{Link: view.Link{Name: a.Name, Path: a.Path()}}
			for _, la := range a.LocalAuthorities {
				sr.LocalAuthorities = append(sr.LocalAuthorities, view.Link{Name: la.Name, Path: la.Path()})
			}
			v.Regions = append(v.Regions, sr)
		}
		return r.page(urls.Search, r.words.Search.Title, r.words.Search.Description, v)
	}))
	crumb := view.Crumb{Name: r.words.Search.Title, Path: urls.Search}
	for _, l := range letters {
		ps := by[l.Slug]
		var paths []string
		for i := range l.Pages {
			paths = append(paths, urls.AZ(l.Slug, i+1))
		}
		for i := range l.Pages {
			emit(html(paths[i], "az.html", r.s.DataDate, func() *view.Page {
				from, to := i*AZPageSize, min((i+1)*AZPageSize, len(ps))
				title := "Practices A to Z: " + l.Letter
				if l.Pages > 1 {
					title += fmt.Sprintf(", page %d of %d", i+1, l.Pages)
				}
				v := &view.AZView{Letter: l, Letters: letters, Page: i + 1, From: from + 1, To: to, Pages: paths,
					Practices: r.table(fmt.Sprint("Practices whose names begin with ", l.Letter, ": ", from+1, "–", to, " of ", l.Count), ps[from:to])}
				return r.page(paths[i], title, fmt.Sprintf("GP practices in England whose names begin with %s, with their CQC ratings.", l.Letter), v, crumb)
			}))
		}
	}
}
