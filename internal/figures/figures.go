package figures

import (
	"strconv"

	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

// Distribution counts one rating cell (the overall rating, or one key
// question) across a set of practices.
type Distribution struct {
	// Count is indexed like rating.Ratings: Outstanding, Good, Requires
	// improvement, Inadequate.
	Count [4]int
	// Percent is each rating's share of Rated, in whole percent, rounded
	// by the largest-remainder method so that the four add up to exactly
	// 100 (when Rated > 0).
	Percent [4]int
	// Rated is the number of practices with one of the four ratings.
	Rated int
	// Unrated counts practices whose cell holds a value that is not a
	// rating, by value (indexed like rating.NonRatings); NoValue counts
	// those with nothing published at all.
	Unrated [len(rating.NonRatings)]int
	NoValue int
	// Total is every practice considered: Rated + the unrated + NoValue.
	Total int
}

func (d *Distribution) add(v rating.Value) {
	d.Total++
	if i := v.Index(); i >= 0 {
		d.Count[i]++
		d.Rated++
		return
	}
	for i, nr := range rating.NonRatings {
		if v == nr {
			d.Unrated[i]++
			return
		}
	}
	d.NoValue++
}

// NotRated is the number of practices without one of the four ratings.
func (d Distribution) NotRated() int { return d.Total - d.Rated }

// Shares returns the four ratings with their counts and percentages.
func (d Distribution) Shares() []Share {
	out := make([]Share, 4)
	for i, v := range rating.Ratings {
		out[i] = Share{Value: v, Count: d.Count[i], Percent: d.Percent[i], Of: d.Rated}
	}
	return out
}

// UnratedBreakdown lists the non-rating values that occur, with counts,
// and "nothing published" last as rating.None.
func (d Distribution) UnratedBreakdown() []Share {
	var out []Share
	for i, v := range rating.NonRatings {
		if d.Unrated[i] > 0 {
			out = append(out, Share{Value: v, Count: d.Unrated[i], Percent: -1})
		}
	}
	if d.NoValue > 0 {
		out = append(out, Share{Value: rating.None, Count: d.NoValue, Percent: -1})
	}
	return out
}

// Share is one rating's count and rounded percentage.
type Share struct {
	Value   rating.Value
	Count   int
	Percent int // -1 for values that are not ratings
	Of      int
}

// MinBase is the smallest number of practices a share is given of as a
// percentage. Below it a percentage says more than the counts do ("100% of
// the 1 practice"), so every share of a smaller base is printed as its
// counts only.
const MinBase = 5

// PercentLabel prints the share as people read it: "86%", "<1%" for a
// share that is not zero but rounds to 0, or "" when the base is below
// MinBase (print the counts only). It is the one formatting used
// everywhere a percentage appears.
func (s Share) PercentLabel() string { return ShareLabel(s.Count, s.Of, s.Percent) }

// Text is the share for running text: its PercentLabel, or "3 of 4" when
// the base is too small for a percentage.
func (s Share) Text() string { return ShareText(s.Count, s.Of, s.Percent) }

// ShareLabel is the one formatting rule for a share of practices: count
// of "of", rounded to percent. It returns "" for values that are not
// ratings (percent < 0) and for a base below MinBase; "<1%" for a share
// above zero that rounds to 0, and ">99%" for one short of all that
// rounds to 100.
func ShareLabel(count, of, percent int) string {
	switch {
	case percent < 0 || of < MinBase:
		return ""
	case percent == 0 && count > 0:
		return "<1%"
	case percent >= 100 && count < of:
		return ">99%"
	}
	return strconv.Itoa(percent) + "%"
}

// ShareText is ShareLabel for running text: the counts ("3 of 4") when
// the base is too small for a percentage.
func ShareText(count, of, percent int) string {
	if l := ShareLabel(count, of, percent); l != "" || percent < 0 {
		return l
	}
	return strconv.Itoa(count) + " of " + strconv.Itoa(of)
}

// Shown reports whether the distribution's shares are given as
// percentages (Rated is at least MinBase).
func (d Distribution) Shown() bool { return d.Rated >= MinBase }

// RatedLabel is the share column's total: "100%", or "" below MinBase.
func (d Distribution) RatedLabel() string { return ShareLabel(d.Rated, d.Rated, 100) }

// round fills Percent by the largest-remainder (Hamilton) method: each
// share is floored, then the points still missing from 100 go to the
// largest remainders (ties to the better rating).
func (d *Distribution) round() {
	d.Percent = LargestRemainder(d.Count, d.Rated)
}

// LargestRemainder rounds counts/total to whole percentages summing to 100.
func LargestRemainder(counts [4]int, total int) [4]int {
	var pct [4]int
	if total <= 0 {
		return pct
	}
	var rem [4]int
	sum := 0
	for i, c := range counts {
		pct[i] = c * 100 / total
		rem[i] = c * 100 % total
		sum += pct[i]
	}
	for sum < 100 {
		best := -1
		for i := range rem {
			if rem[i] > 0 && (best < 0 || rem[i] > rem[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		pct[best]++
		rem[best] = 0
		sum++
	}
	return pct
}

// Scope is every figure for one set of practices: the nation, a region or
// a local authority.
type Scope struct {
	Name      string
	Slug      string
	Area      *site.Area // nil for the nation
	Practices int
	Overall   Distribution
	// KeyQuestions is indexed like rating.KeyQuestions.
	KeyQuestions [5]Distribution
}

// KeyQuestion pairs a key question with its distribution, for templates.
type KeyQuestion struct {
	Domain rating.Domain
	Dist   Distribution
}

// ByKeyQuestion lists the five key questions with their distributions.
func (s Scope) ByKeyQuestion() []KeyQuestion {
	out := make([]KeyQuestion, 5)
	for i, d := range rating.KeyQuestions {
		out[i] = KeyQuestion{Domain: d, Dist: s.KeyQuestions[i]}
	}
	return out
}

func (s *Scope) add(p *site.Practice) {
	s.Practices++
	s.Overall.add(p.Ratings[rating.Whole][rating.Overall].Value)
	for i, d := range rating.KeyQuestions {
		s.KeyQuestions[i].add(p.Ratings[rating.Whole][d].Value)
	}
}

func (s *Scope) round() {
	s.Overall.round()
	for i := range s.KeyQuestions {
		s.KeyQuestions[i].round()
	}
}

// Figures holds every derived figure for a site.
type Figures struct {
	National Scope
	// Regions and LocalAuthorities are in the site's order.
	Regions          []*Scope
	LocalAuthorities []*Scope
	byArea           map[*site.Area]*Scope
	// History holds the improvement figures, overdue inspections and the
	// month's changes (history.go).
	History *History
}

// Of returns the scope of an area.
func (f *Figures) Of(a *site.Area) *Scope { return f.byArea[a] }

// Compute derives all figures in one pass over the practices.
func Compute(s *site.Site) *Figures {
	f := &Figures{
		National: Scope{Name: "England", Slug: "national"},
		byArea:   make(map[*site.Area]*Scope, len(s.Regions)+len(s.LocalAuthorities)),
	}
	mk := func(areas []*site.Area) []*Scope {
		out := make([]*Scope, len(areas))
		for i, a := range areas {
			out[i] = &Scope{Name: a.Name, Slug: a.Slug, Area: a}
			f.byArea[a] = out[i]
		}
		return out
	}
	f.Regions = mk(s.Regions)
	f.LocalAuthorities = mk(s.LocalAuthorities)
	for _, p := range s.Practices {
		f.National.add(p)
		f.byArea[p.Region].add(p)
		f.byArea[p.LocalAuthority].add(p)
	}
	f.National.round()
	for _, sc := range f.byArea {
		sc.round()
	}
	f.History = computeHistory(s)
	return f
}

// GoodOrOutstanding is the practices rated Good or Outstanding and their
// share of the rated practices.
func (d Distribution) GoodOrOutstanding() Share {
	return Share{Count: d.Count[0] + d.Count[1], Percent: d.Percent[0] + d.Percent[1], Of: d.Rated}
}

// RequiresImprovementOrInadequate is the practices rated Requires
// improvement or Inadequate and their share of the rated practices.
func (d Distribution) RequiresImprovementOrInadequate() Share {
	return Share{Count: d.Count[2] + d.Count[3], Percent: d.Percent[2] + d.Percent[3], Of: d.Rated}
}
