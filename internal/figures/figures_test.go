package figures

import (
	"testing"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

func TestLargestRemainder(t *testing.T) {
	tests := []struct {
		counts [4]int
		total  int
		want   [4]int
	}{
		{[4]int{1, 1, 1, 0}, 3, [4]int{34, 33, 33, 0}},
		{[4]int{4, 86, 8, 2}, 100, [4]int{4, 86, 8, 2}},
		{[4]int{1, 998, 1, 0}, 1000, [4]int{0, 100, 0, 0}},
		{[4]int{295, 6339, 586, 145}, 7365, [4]int{4, 86, 8, 2}},
		{[4]int{0, 0, 0, 0}, 0, [4]int{0, 0, 0, 0}},
		{[4]int{1, 0, 0, 0}, 1, [4]int{100, 0, 0, 0}},
	}
	for _, tt := range tests {
		got := LargestRemainder(tt.counts, tt.total)
		if got != tt.want {
			t.Errorf("LargestRemainder(%v, %d) = %v, want %v", tt.counts, tt.total, got, tt.want)
		}
		sum := 0
		for _, p := range got {
			sum += p
		}
		if tt.total > 0 && sum != 100 {
			t.Errorf("LargestRemainder(%v) sums to %d", tt.counts, sum)
		}
	}
}

// TestShareLabel: the one rule for printing a share. Below MinBase
// practices there is no percentage (never "100% of the 1 practice"),
// only the counts in running text.
func TestShareLabel(t *testing.T) {
	for _, tt := range []struct {
		count, of, pct int
		label, text    string
	}{
		{1, 300, 0, "<1%", "<1%"},
		{0, 10, 0, "0%", "0%"},
		{5, 6, 86, "86%", "86%"},
		{999, 1000, 100, ">99%", ">99%"},
		{5, 5, 100, "100%", "100%"},
		{3, 0, -1, "", ""},
		{1, 1, 100, "", "1 of 1"},
		{0, 0, 0, "", "0 of 0"},
		{2, 4, 50, "", "2 of 4"},
	} {
		if got := ShareLabel(tt.count, tt.of, tt.pct); got != tt.label {
			t.Errorf("ShareLabel(%d, %d, %d) = %q, want %q", tt.count, tt.of, tt.pct, got, tt.label)
		}
		if got := ShareText(tt.count, tt.of, tt.pct); got != tt.text {
			t.Errorf("ShareText(%d, %d, %d) = %q, want %q", tt.count, tt.of, tt.pct, got, tt.text)
		}
	}
	small := Distribution{Count: [4]int{0, 1, 0, 0}, Rated: 1}
	small.round()
	if small.Shown() || small.RatedLabel() != "" || small.Shares()[1].PercentLabel() != "" {
		t.Errorf("a distribution of 1 practice shows percentages: %+v", small)
	}
}

func loc(id, region, la string, overall rating.Value, kq ...rating.Value) *cqc.Location {
	l := &cqc.Location{ID: id, Name: "P " + id, Region: region, LocalAuthority: la, Category: cqc.GPPractices, Registered: true, HasCoords: true, Lat: 53, Lon: -2}
	l.Ratings[rating.Whole][rating.Overall].Value = overall
	for i, v := range kq {
		l.Ratings[rating.Whole][rating.KeyQuestions[i]].Value = v
	}
	return l
}

func TestCompute(t *testing.T) {
	var problems diag.List
	s := site.New(site.Input{Ratings: []*cqc.Location{
		loc("1-1", "North West", "Oldham", rating.Good, rating.Inadequate),
		loc("1-2", "North West", "Oldham", rating.Outstanding, rating.Good),
		loc("1-3", "North West", "Bolton", rating.InspectedNotRated, rating.NotApplicable),
		loc("1-4", "London", "Camden", rating.Inadequate),
		loc("1-5", "London", "Camden", rating.None),
	}}, &problems)
	f := Compute(s)
	n := f.National.Overall
	if n.Rated != 3 || n.Total != 5 || n.NotRated() != 2 {
		t.Errorf("national rated %d total %d notrated %d; want 3, 5, 2", n.Rated, n.Total, n.NotRated())
	}
	if n.Count != [4]int{1, 1, 0, 1} || n.Percent != [4]int{34, 33, 0, 33} {
		t.Errorf("national counts %v percents %v", n.Count, n.Percent)
	}
	br := n.UnratedBreakdown()
	if len(br) != 2 || br[0].Value != rating.InspectedNotRated || br[0].Count != 1 || br[1].Value != rating.None || br[1].Count != 1 {
		t.Errorf("unrated breakdown = %+v", br)
	}
	nw, _ := s.Region("north-west")
	r := f.Of(nw)
	if r.Practices != 3 || r.Overall.Rated != 2 || r.Overall.Percent != [4]int{50, 50, 0, 0} {
		t.Errorf("north west = %+v", r.Overall)
	}
	safe := r.KeyQuestions[0]
	if safe.Count != [4]int{0, 1, 0, 1} || safe.Unrated[4] != 1 {
		t.Errorf("north west safe = %+v", safe)
	}
	oldham, _ := s.LocalAuthority("oldham")
	if f.Of(oldham).Practices != 2 || oldham.Region != nw {
		t.Errorf("oldham = %+v", f.Of(oldham))
	}
	// Every practice is counted once nationally, once in a region and once
	// in a local authority.
	sumR, sumLA := 0, 0
	for _, sc := range f.Regions {
		sumR += sc.Practices
	}
	for _, sc := range f.LocalAuthorities {
		sumLA += sc.Practices
	}
	if sumR != 5 || sumLA != 5 {
		t.Errorf("regions sum to %d, local authorities to %d; want 5", sumR, sumLA)
	}
}

func TestCombinedShares(t *testing.T) {
	for _, tc := range []struct {
		count        [4]int
		good, poor   int
		goodL, poorL string
	}{
		{[4]int{1, 6, 2, 1}, 7, 3, "70%", "30%"},
		{[4]int{0, 0, 0, 0}, 0, 0, "", ""},            // below MinBase: counts only
		{[4]int{0, 999, 1, 0}, 999, 1, ">99%", "<1%"}, // never "100%" of all but one
	} {
		d := Distribution{Count: tc.count, Rated: tc.count[0] + tc.count[1] + tc.count[2] + tc.count[3]}
		d.Percent = LargestRemainder(d.Count, d.Rated)
		g, p := d.GoodOrOutstanding(), d.RequiresImprovementOrInadequate()
		if g.Count != tc.good || p.Count != tc.poor || g.Of != d.Rated || g.Percent+p.Percent != 100 && d.Rated > 0 {
			t.Errorf("%v: good %+v, poor %+v", tc.count, g, p)
		}
		if g.PercentLabel() != tc.goodL || p.PercentLabel() != tc.poorL {
			t.Errorf("%v: labels %q and %q, want %q and %q", tc.count, g.PercentLabel(), p.PercentLabel(), tc.goodL, tc.poorL)
		}
	}
}
