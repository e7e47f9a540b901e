package sample

import (
	"bufio"
	"cmp"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"ratingsite/internal/rating"
)

// Monthly files and enforcement.
//
// With Options.Months > 1, WriteDir writes one Latest-ratings file per
// month, oldest first, each named for its month. The newest is exactly
// what a one-month sample writes. An earlier month shows each practice as
// it was then: a practice whose current overall rating was published after
// that month's end shows an earlier rating instead (often a worse one, so
// that there are improvements, sometimes a better one, so that there are
// declines). A few practices, ClosedPractices(n) of them, are listed in the
// earlier months only: they closed before the newest.

// monthsOf is the number of monthly files opt asks for (at least 1).
func monthsOf(opt Options) int { return max(opt.Months, 1) }

// ClosedPractices is how many practices of an n-practice sample with
// several months close before the newest month.
func ClosedPractices(n int) int {
	if n == 0 {
		return 0
	}
	return max(1, n/150)
}

// WriteRatingsCSVMonth writes the Latest-ratings file of back months
// before opt.Month (0: opt.Month itself, the same as WriteRatingsCSV).
func WriteRatingsCSVMonth(w io.Writer, opt Options, back int) error {
	_, err := writeRatingsMonth(w, opt, back)
	return err
}

// monthOpt is opt for the month back months earlier.
func monthOpt(opt Options, back int) Options {
	o := opt
	y, m, _ := opt.Month.Date()
	o.Month = day(y, m-time.Month(back), 1)
	return o
}

// writeRatingsMonth writes the file of back months before opt.Month: the
// same practices (with the closed ones when back > 0), rewound to that
// month.
func writeRatingsMonth(w io.Writer, opt Options, back int) (csvStats, error) {
	if back == 0 {
		return writeRatings(w, opt)
	}
	g, err := newGen(opt)
	if err != nil {
		return csvStats{}, err
	}
	g.extra = ClosedPractices(opt.Practices)
	end := monthOpt(opt, back).Month.AddDate(0, 1, -1)
	g.rewind = func(l *location) { g.past(l, end) }
	return g.writeCSV(w)
}

// locRand is a random source of its own for location id, so that changes
// to one month leave the others' random sequence alone.
func locRand(seed int64, id string, salt uint64) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(id))
	return rand.New(rand.NewPCG(uint64(seed)^0x6d6f_6e74_6873_0008^salt, h.Sum64()))
}

// previous is the overall rating a practice had before its current one,
// and when it was published. ok is false when the current value is not a
// rating (it is then shown unchanged).
func (g *gen) previous(l *location) (v rating.Value, at time.Time, ok bool) {
	cur := l.grid.Overall()
	if !cur.Value.IsRating() {
		return 0, time.Time{}, false
	}
	r := locRand(g.opt.Seed, l.id, 1)
	switch cur.Value {
	case rating.Outstanding:
		v = pickValue(r, []rating.Value{rating.Good, rating.RequiresImprovement, rating.Outstanding}, []int{60, 25, 15})
	case rating.Good:
		v = pickValue(r, []rating.Value{rating.RequiresImprovement, rating.Inadequate, rating.Good, rating.Outstanding}, []int{55, 15, 20, 10})
	case rating.RequiresImprovement:
		v = pickValue(r, []rating.Value{rating.Good, rating.Inadequate, rating.RequiresImprovement}, []int{30, 50, 20})
	default: // Inadequate
		v = pickValue(r, []rating.Value{rating.Good, rating.RequiresImprovement}, []int{60, 40})
	}
	if l.was.IsRating() {
		v = l.was
	}
	// The earlier rating was published about one interval before the
	// current one: CQC came back when it was due.
	months, _ := v.Interval()
	months = min(months, 36)
	back := months - 2 + r.IntN(5)
	at = weekday(rating.AddMonths(cur.Published.Time(), -back), floorDate, cur.Published.Time())
	return v, at, true
}

// force makes sure the month-on-month changes include an improvement and
// a decline, whatever the seed: the first ordinary practice after a third
// of the file rated Good, and the first after two thirds rated Requires
// improvement, are re-rated in the data month, from Requires improvement
// and from Good. It draws no random numbers, so every other practice is
// as it would be without it.
func (g *gen) force(l *location) {
	n := g.opt.Practices
	if monthsOf(g.opt) < 2 || g.forced >= 2 || l.kind != gp || g.specials[l.index] != nil || l.grid.HasGroups() || l.grid.Overall().Inherited {
		return
	}
	want, was := rating.Good, rating.RequiresImprovement
	if g.forced == 1 {
		want, was = rating.RequiresImprovement, rating.Good
	}
	if l.index < (g.forced+1)*n/3 || l.grid.Overall().Value != want {
		return
	}
	at := rating.DayOf(weekday(g.first.AddDate(0, 0, 8+5*g.forced), g.first, g.end))
	for d := range l.grid[rating.Whole] {
		if l.grid[rating.Whole][d].Value.Present() {
			l.grid[rating.Whole][d].Published = at
		}
	}
	l.was = was
	g.forced++
}

// past rewinds l to how it was listed in the file of the month ending on
// end.
func (g *gen) past(l *location, end time.Time) {
	if l.kind != gp || !l.grid.Newest().After(end) {
		return
	}
	v, at, ok := g.previous(l)
	if !ok || at.After(end) {
		return
	}
	inherited := l.grid.Overall().Inherited
	g.fillGrid(locRand(g.opt.Seed, l.id, 2), l, v, at, [rating.NumDomains]rating.Value{})
	if inherited {
		g.inherit(l)
	}
}

// Enforcement ----------------------------------------------------------

// enforcementColumns is the header of data/enforcement.csv.
var enforcementColumns = []string{"Location ID", "Action", "Date", "Source URL"}

type action struct {
	id, kind string
	date     time.Time
}

// WriteEnforcementCSV writes data/enforcement.csv for the sample: special
// measures for practices rated Inadequate (and for some that have since
// improved, and so left them), warning notices after some Requires
// improvement ratings, and one each of the rarer actions.
func WriteEnforcementCSV(w io.Writer, opt Options) (rows int, err error) {
	g, err := newGen(opt)
	if err != nil {
		return 0, err
	}
	if monthsOf(opt) > 1 {
		g.extra = ClosedPractices(opt.Practices)
	}
	var acts []action
	rare := []string{"Conditions imposed", "Suspension", "Cancellation proposed"}
	err = g.each(func(l *location) error {
		if l.kind != gp {
			return nil
		}
		r := locRand(g.opt.Seed, l.id, 3)
		cur := l.grid.Overall()
		at := cur.Published.Time()
		after := func(days int) time.Time { return weekday(at.AddDate(0, 0, days), at, g.end) }
		switch cur.Value {
		case rating.Inadequate:
			acts = append(acts, action{l.id, "Special measures", after(r.IntN(10))})
			if r.IntN(3) == 0 {
				acts = append(acts, action{l.id, "Warning notice", after(-30 - r.IntN(60))})
			}
		case rating.RequiresImprovement:
			if r.IntN(4) == 0 {
				acts = append(acts, action{l.id, "Warning notice", after(-20 - r.IntN(40))})
			}
		}
		if prev, pat, ok := g.previous(l); ok && prev == rating.Inadequate && cur.Value.Better(prev) {
			// Placed in special measures then, out of them since.
			acts = append(acts, action{l.id, "Special measures", weekday(pat.AddDate(0, 0, 7), pat, at)})
		}
		if len(rare) > 0 && cur.Value.IsRating() && (cur.Value == rating.Inadequate || l.index >= g.opt.Practices) {
			acts = append(acts, action{l.id, rare[0], after(14 + r.IntN(30))})
			rare = rare[1:]
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	slices.SortFunc(acts, func(a, b action) int {
		return cmp.Or(a.date.Compare(b.date), cmp.Compare(a.id, b.id), cmp.Compare(a.kind, b.kind))
	})
	acts = slices.Compact(acts)
	bw := bufio.NewWriter(w)
	var row []byte
	for i, c := range enforcementColumns {
		if i > 0 {
			row = append(row, ',')
		}
		row = appendField(row, c)
	}
	bw.Write(append(row, '\n'))
	for _, a := range acts {
		fmt.Fprintf(bw, "%s,%s,%s,%s/location/%s\n", a.id, a.kind, a.date.Format("02/01/2006"), cqcSite, a.id)
	}
	return len(acts), bw.Flush()
}
