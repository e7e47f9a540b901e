package figures

import (
	"cmp"
	"slices"
	"time"

	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

// Improvement compares each current practice's first published overall
// rating with its latest, over the practice's timeline (the monthly files,
// the API's historic ratings and the current ratings). Values that are not
// ratings are skipped; closed practices are not counted.
//
// A practice is re-inspected when its timeline holds at least two overall
// ratings (of the four) published on different dates: CQC published a
// newer overall rating after its first one.
type Improvement struct {
	// Transitions counts the re-inspected practices by first rating and
	// latest rating, both indexed like rating.Ratings.
	Transitions [4][4]int
	// Rated counts practices with at least one rating; RatedOnce those
	// with exactly one; ReInspected those with two or more.
	Rated, RatedOnce, ReInspected int
	// FirstPoor counts the re-inspected practices first rated Requires
	// improvement or Inadequate, and Improved those of them whose latest
	// rating is better than their first: CQC's "82%" figure.
	FirstPoor, Improved int
	// FirstGood counts the re-inspected practices first rated Good or
	// Outstanding, and Declined those whose latest rating is worse.
	FirstGood, Declined int
}

func (m *Improvement) add(p *site.Practice) {
	first, ok := p.FirstRating()
	if !ok {
		return
	}
	latest, _ := p.LatestRating()
	m.Rated++
	if latest.Published == first.Published {
		m.RatedOnce++
		return
	}
	m.ReInspected++
	m.Transitions[first.Overall.Index()][latest.Overall.Index()]++
	switch first.Overall {
	case rating.RequiresImprovement, rating.Inadequate:
		m.FirstPoor++
		if latest.Overall.Better(first.Overall) {
			m.Improved++
		}
	default:
		m.FirstGood++
		if first.Overall.Better(latest.Overall) {
			m.Declined++
		}
	}
}

// ImprovedShare is Improved of FirstPoor.
func (m Improvement) ImprovedShare() Ratio { return NewRatio(m.Improved, m.FirstPoor) }

// DeclinedShare is Declined of FirstGood.
func (m Improvement) DeclinedShare() Ratio { return NewRatio(m.Declined, m.FirstGood) }

// Transition is one cell of the transitions table.
type Transition struct {
	First, Latest rating.Value
	Count         int
	Change        site.Change
}

// TransitionRows lists the table by first rating, each row by latest
// rating, best first.
func (m Improvement) TransitionRows() [][]Transition {
	rows := make([][]Transition, 4)
	for i, f := range rating.Ratings {
		for j, l := range rating.Ratings {
			rows[i] = append(rows[i], Transition{f, l, m.Transitions[i][j], site.Compare(f, l)})
		}
	}
	return rows
}

// Ratio is a count of a whole, with its share rounded half up to a whole
// percent.
type Ratio struct {
	Count, Of, Percent int
}

// NewRatio rounds count/of to a whole percent (half up); 0 when of is 0.
func NewRatio(count, of int) Ratio {
	r := Ratio{Count: count, Of: of}
	if of > 0 {
		r.Percent = (200*count + of) / (2 * of)
	}
	return r
}

// Label is "82%", "<1%", ">99%", or "" when Of is below MinBase (print
// the counts: see Text).
func (r Ratio) Label() string { return ShareLabel(r.Count, r.Of, r.Percent) }

// Text is Label, or "3 of 4" when Of is too small for a percentage.
func (r Ratio) Text() string { return ShareText(r.Count, r.Of, r.Percent) }

// Overdue is a practice whose next inspection was expected before the
// data's date.
type Overdue struct {
	Practice *site.Practice
	Overall  rating.Cell
	// Months is the interval (6, 12 or 60) and DueBy the date it ran out.
	Months int
	DueBy  time.Time
	// DaysLate counts the days from DueBy to the data's date.
	DaysLate int
}

// Regulation is what one area's (or the nation's) history shows.
type Regulation struct {
	Improvement Improvement
	// Overdue are the current practices whose re-inspection is overdue,
	// longest overdue first.
	Overdue []Overdue
	// OverdueBy counts Overdue by the overall rating, indexed like
	// rating.Ratings.
	OverdueBy [4]int
	// SpecialMeasures are the current practices in special measures.
	SpecialMeasures int
}

// OverdueGoodOrOutstanding counts the overdue practices last rated Good
// or Outstanding.
func (r *Regulation) OverdueGoodOrOutstanding() int { return r.OverdueBy[0] + r.OverdueBy[1] }

// UrgentOverdue lists the overdue practices last rated Inadequate or
// Requires improvement.
func (r *Regulation) UrgentOverdue() []Overdue {
	var out []Overdue
	for _, o := range r.Overdue {
		if o.Months < 60 {
			out = append(out, o)
		}
	}
	return out
}

// MonthChange is a practice whose overall rating differs between the two
// newest monthly files.
type MonthChange struct {
	Practice *site.Practice
	From, To rating.Cell
	Change   site.Change
}

// History holds the figures about change over time, computed once.
type History struct {
	National Regulation
	byArea   map[*site.Area]*Regulation
	// DataDate is the date overdue inspections are counted from: the
	// newest publication in the data, never the build's date.
	DataDate time.Time

	// From and To are the two newest monthly files; Changes compares
	// them. Both are nil with fewer than two months.
	From, To *site.Month
	Changes  []MonthChange
	// NewlyClosed are the practices the newest file no longer lists.
	NewlyClosed []*site.Practice
	// SpecialMeasures are the current practices in special measures, by
	// name.
	SpecialMeasures []*site.Practice
	// Closed counts the closed or deregistered practices.
	Closed int
}

// Of returns an area's figures.
func (h *History) Of(a *site.Area) *Regulation { return h.byArea[a] }

// ChangeCounts counts the month's changes that improved and declined.
func (h *History) ChangeCounts() (improved, declined, other int) {
	for _, c := range h.Changes {
		switch c.Change {
		case site.Improved:
			improved++
		case site.Declined:
			declined++
		default:
			other++
		}
	}
	return
}

// computeHistory derives every history figure in one pass over the
// practices.
func computeHistory(s *site.Site) *History {
	h := &History{byArea: make(map[*site.Area]*Regulation, len(s.Regions)+len(s.LocalAuthorities)), DataDate: s.DataDate}
	for _, a := range s.Regions {
		h.byArea[a] = &Regulation{}
	}
	for _, a := range s.LocalAuthorities {
		h.byArea[a] = &Regulation{}
	}
	if n := len(s.Months); n >= 2 {
		h.From, h.To = &s.Months[n-2], &s.Months[n-1]
	}
	for _, p := range s.Practices {
		scopes := [3]*Regulation{&h.National, h.byArea[p.Region], h.byArea[p.LocalAuthority]}
		var od *Overdue
		o := p.Ratings.Overall()
		if by, ok := o.Value.DueBy(o.Published.Time()); ok && s.DataDate.After(by) {
			months, _ := o.Value.Interval()
			od = &Overdue{Practice: p, Overall: o, Months: months, DueBy: by, DaysLate: int(s.DataDate.Sub(by).Hours() / 24)}
		}
		for _, sc := range scopes {
			sc.Improvement.add(p)
			if od != nil {
				sc.Overdue = append(sc.Overdue, *od)
				sc.OverdueBy[o.Value.Index()]++
			}
			if p.SpecialMeasures != nil {
				sc.SpecialMeasures++
			}
		}
		if p.SpecialMeasures != nil {
			h.SpecialMeasures = append(h.SpecialMeasures, p)
		}
		h.addChange(p)
	}
	h.Closed = len(s.Closed)
	for _, p := range s.Closed {
		h.addChange(p)
		if p.ClosedWhy == site.ClosedMissing && h.To != nil && p.ClosedOn.Equal(h.To.Month) {
			h.NewlyClosed = append(h.NewlyClosed, p)
		}
	}
	// The practices come sorted by name (current, then closed), so a
	// stable sort keeps that order within each change and due date.
	slices.SortStableFunc(h.Changes, func(a, b MonthChange) int { return cmp.Compare(a.Change, b.Change) })
	byLate := func(a, b Overdue) int { return a.DueBy.Compare(b.DueBy) }
	slices.SortStableFunc(h.National.Overdue, byLate)
	for _, r := range h.byArea {
		slices.SortStableFunc(r.Overdue, byLate)
	}
	return h
}

func (h *History) addChange(p *site.Practice) {
	from, to, ok := p.MonthChange()
	if !ok || from.Value == to.Value {
		return
	}
	h.Changes = append(h.Changes, MonthChange{Practice: p, From: from, To: to, Change: site.Compare(from.Value, to.Value)})
}
