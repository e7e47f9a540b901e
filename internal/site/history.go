package site

import (
	"cmp"
	"path/filepath"
	"slices"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/ratings"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// Month is one monthly Latest-ratings file.
type Month struct {
	// Month is the first day of the month the file is for.
	Month time.Time
	File  string
	// FromName is true when the month came from a YYYY-MM in the file's
	// name, false when from its newest publication date.
	FromName bool
}

// Label is the month as people read it, e.g. "October 2026".
func (m Month) Label() string { return m.Month.Format("January 2006") }

// Record is what the data says about a practice over time: its published
// ratings, whether it has closed, and CQC's enforcement actions.
type Record struct {
	// Timeline is every overall rating published for the practice, oldest
	// first, one entry per publication date, from the monthly files, the
	// API's historicRatings and the current ratings.
	Timeline []Rated
	// ClosedWhy is "" for a current practice, ClosedDeregistered or
	// ClosedMissing.
	ClosedWhy string
	// ClosedOn is the deregistration date, or the first day of the first
	// month whose file no longer listed the practice; zero if unknown.
	ClosedOn time.Time
	// LastListed is the newest monthly file that listed the practice, or
	// nil if none did (an API document only).
	LastListed *Month
	// Actions are CQC's enforcement actions, newest first.
	Actions []cqc.Action
	// SpecialMeasures is the action that placed the practice in special
	// measures while it is still in effect: no overall rating better than
	// Inadequate has been published since. Nil otherwise, and for closed
	// practices.
	SpecialMeasures *cqc.Action

	// The overall cell in the two newest monthly files, for /changes/.
	monthCells [2]rating.Cell
	inMonth    [2]bool
	lastIdx    int // index in Site.Months of the newest file that listed it, -1 for none
}

// Why a practice is closed.
const (
	ClosedDeregistered = "deregistered"
	ClosedMissing      = "missing"
)

// Closed reports whether the practice is closed or deregistered.
func (r *Record) Closed() bool { return r.ClosedWhy != "" }

// MonthChange gives the practice's overall cell in the second-newest and
// the newest monthly file; ok is false unless both listed it.
func (r *Record) MonthChange() (from, to rating.Cell, ok bool) {
	return r.monthCells[0], r.monthCells[1], r.inMonth[0] && r.inMonth[1]
}

// Rated is one published overall rating, with its key questions.
type Rated struct {
	Published    rating.Day
	Overall      rating.Value
	KeyQuestions [5]rating.Value
	// Change compares Overall with Previous, the rating of the last earlier
	// entry that was a rating (rating.None for the first).
	Change   Change
	Previous rating.Value
}

// Change says how a rating compares with the one before it.
type Change uint8

const (
	// NoComparison: the first rating, or a value that is not a rating.
	NoComparison Change = iota
	Same
	Improved
	Declined
)

// Word is "improved", "declined", "unchanged" or "".
func (c Change) Word() string {
	switch c {
	case Same:
		return "unchanged"
	case Improved:
		return "improved"
	case Declined:
		return "declined"
	}
	return ""
}

// Compare says how rating now compares with rating before; NoComparison
// unless both are ratings.
func Compare(before, now rating.Value) Change {
	switch {
	case !before.IsRating() || !now.IsRating():
		return NoComparison
	case now.Better(before):
		return Improved
	case before.Better(now):
		return Declined
	}
	return Same
}

// FirstRating and LatestRating are the oldest and newest timeline entries
// that are ratings; ok is false when there is none.
func (r *Record) FirstRating() (Rated, bool) {
	for _, e := range r.Timeline {
		if e.Overall.IsRating() {
			return e, true
		}
	}
	return Rated{}, false
}

// LatestRating is the newest timeline entry that is a rating.
func (r *Record) LatestRating() (Rated, bool) {
	for i := len(r.Timeline) - 1; i >= 0; i-- {
		if e := r.Timeline[i]; e.Overall.IsRating() {
			return e, true
		}
	}
	return Rated{}, false
}

// fileMonth reads the month from a file's name: YYYY-MM or CQC's
// DD_Month_YYYY (see ratings.FileMonth).
func fileMonth(file string) (time.Time, bool) { return ratings.FileMonth(file) }

// monthFile is one monthly file and the locations read from it.
type monthFile struct {
	Month
	locs []*cqc.Location
}

// byMonth groups the locations read from CSV files by file, gives each
// file its month, refuses two files for one month, and returns the
// locations oldest month first (in file order within a month), with the
// months in s.Months.
func (s *Site) byMonth(locs []*cqc.Location, problems *diag.List) []*cqc.Location {
	var files []*monthFile
	byFile := map[string]*monthFile{}
	for _, l := range locs {
		f := byFile[l.File]
		if f == nil {
			f = &monthFile{Month: Month{File: l.File}}
			byFile[l.File] = f
			files = append(files, f)
		}
		f.locs = append(f.locs, l)
	}
	for _, f := range files {
		if t, ok := fileMonth(f.File); ok {
			f.Month.Month, f.FromName = t, true
			continue
		}
		var newest time.Time
		for _, l := range f.locs {
			if d := l.Published(); d.After(newest) {
				newest = d
			}
		}
		if !newest.IsZero() {
			f.Month.Month = time.Date(newest.Year(), newest.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
	}
	slices.SortStableFunc(files, func(a, b *monthFile) int { return a.Month.Month.Compare(b.Month.Month) })
	out := make([]*cqc.Location, 0, len(locs))
	for i, f := range files {
		if i > 0 && files[i-1].Month.Month.Equal(f.Month.Month) {
			prev := files[i-1]
			problems.Errorf(f.File, 0, "", "keep one Latest-ratings file per month in ratings/: delete or move the older download, or put the right YYYY-MM in its name",
				"this file and %s are both for %s (%s); the build cannot tell which one is that month's data", prev.File, f.Label(), monthSource(prev, f))
		}
		out = append(out, f.locs...)
	}
	s.Months = make([]Month, len(files))
	s.monthFiles = files
	for i, f := range files {
		s.Months[i] = f.Month
	}
	return out
}

func monthSource(a, b *monthFile) string {
	how := func(f *monthFile) string {
		if f.FromName {
			return "from its name"
		}
		return "from its newest publication date"
	}
	return filepath.Base(a.File) + " " + how(a) + ", " + filepath.Base(b.File) + " " + how(b)
}

// record builds each practice's timeline from the monthly files, the API's
// historic ratings and its current ratings, and marks the practices
// missing from the newest month as closed. all holds every practice read.
func (s *Site) record(all []*Practice, byID map[string]*Practice) {
	n := len(s.monthFiles)
	// Every description adds an entry; sorting by date and keeping the
	// last of each date then leaves one per publication, later sources
	// (newer months, then the current ratings) winning.
	add := func(p *Practice, g *rating.Grid, published time.Time) {
		c := g.Overall()
		if !c.Value.Present() {
			return
		}
		d := c.Published
		if d.IsZero() {
			d = rating.DayOf(published)
		}
		if d.IsZero() {
			return
		}
		e := Rated{Published: d, Overall: c.Value}
		for i, k := range rating.KeyQuestions {
			e.KeyQuestions[i] = g[rating.Whole][k].Value
		}
		if k := len(p.Timeline); k > 0 && p.Timeline[k-1] == e {
			return // the same publication in another month's file
		}
		p.Timeline = append(p.Timeline, e)
	}
	for _, p := range all {
		p.lastIdx = -1
		for i := len(p.assessments) - 1; i >= 0; i-- {
			h := &p.assessments[i]
			add(p, &h.Ratings, h.Published)
		}
	}
	for i, f := range s.monthFiles {
		for _, l := range f.locs {
			p := byID[l.ID]
			if p == nil {
				continue
			}
			g := &l.Ratings
			if l == p.described {
				g = &p.Ratings // as merged with a newer API document
			}
			add(p, g, time.Time{})
			p.lastIdx = i
			p.LastListed = &s.Months[i]
			if j := i - (n - 2); j >= 0 {
				p.monthCells[j], p.inMonth[j] = g.Overall(), true
			}
		}
	}
	for _, p := range all {
		add(p, &p.Ratings, time.Time{})
		slices.SortStableFunc(p.Timeline, func(a, b Rated) int { return cmp.Compare(a.Published, b.Published) })
		kept := p.Timeline[:0]
		for i, e := range p.Timeline {
			if i+1 < len(p.Timeline) && p.Timeline[i+1].Published == e.Published {
				continue // a later source gives this date too
			}
			kept = append(kept, e)
		}
		p.Timeline = slices.Clip(kept)
		prev := rating.None
		for i := range p.Timeline {
			e := &p.Timeline[i]
			e.Change, e.Previous = Compare(prev, e.Overall), prev
			if e.Overall.IsRating() {
				prev = e.Overall
			}
		}
		switch {
		case !p.registered:
			p.ClosedWhy, p.ClosedOn = ClosedDeregistered, p.deregistered
		case p.lastIdx >= 0 && p.lastIdx < n-1:
			p.ClosedWhy, p.ClosedOn = ClosedMissing, s.Months[p.lastIdx+1].Month
		}
	}
	s.monthFiles = nil // the locations of older months are no longer needed
}

// enforce attaches the enforcement actions to their practices, reporting
// those for a Location ID the ratings data does not hold, and places the
// closed practices in their areas (without counting them there).
func (s *Site) enforce(actions []cqc.Action, byID map[string]*Practice, problems *diag.List) {
	for _, a := range actions {
		p := byID[a.LocationID]
		if p == nil {
			problems.Errorf(a.File, a.Line, "Location ID", "check the ID against the practice's CQC page, or delete the row",
				"no GP practice with Location ID %q in the ratings data", a.LocationID)
			continue
		}
		p.Actions = append(p.Actions, a)
	}
	for _, p := range byID {
		if len(p.Actions) == 0 {
			continue
		}
		slices.SortStableFunc(p.Actions, func(a, b cqc.Action) int {
			return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(a.Kind, b.Kind))
		})
		if p.Closed() {
			continue
		}
		for i := range p.Actions {
			a := &p.Actions[i]
			if a.Kind != cqc.SpecialMeasures {
				continue
			}
			o := p.Ratings.Overall()
			if !(o.Published > a.Date && o.Value.IsRating() && o.Value.Better(rating.Inadequate)) {
				p.SpecialMeasures = a
			}
			break // only the newest special-measures action counts
		}
	}
	for _, p := range s.Closed {
		p.Region = s.byName[RegionKind][p.RegionName()]
		p.LocalAuthority = s.byName[LocalAuthorityKind][p.LocalAuthorityName()]
	}
}

// CheckMonths reports two ratings files for one month, as New does; for
// a run that stops before New because of other errors.
func CheckMonths(locs []*cqc.Location, problems *diag.List) {
	(&Site{}).byMonth(locs, problems)
}

// InCategories reports whether c is one of the categories (empty: GP
// practices only), as New decides which API documents to publish.
func InCategories(c string, cats []string) bool {
	return inCategories(c, Categories(cats))
}

// AnyPractice looks a practice up by Location ID, current or closed.
func (s *Site) AnyPractice(id string) (*Practice, bool) {
	if p, ok := s.byID[id]; ok {
		return p, true
	}
	p, ok := s.closedByID[id]
	return p, ok
}
