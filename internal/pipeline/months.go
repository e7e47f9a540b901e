package pipeline

import (
	"time"

	"ratingsite/internal/content"
	"ratingsite/internal/diag"
	"ratingsite/internal/figures"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/stat"
)

// monthFigures gives press releases the figures as at a month (see
// content.Figures and docs/press-releases.md). The figures of month M are
// those of a model built from the monthly Latest-ratings files up to M
// alone (M's file says which practices are current and their ratings;
// the earlier files give the history and the month-on-month changes) and
// the enforcement actions dated up to M's end. API documents are left
// out: they describe each practice as it is when fetched, not as at M, so
// fetching them again would change a published release. Each month's
// model is built once, and only when a release quotes its figures.
type monthFigures struct {
	in         site.Input // the monthly files' locations and the enforcement actions
	months     []site.Month
	ratingsDir string
	tables     map[time.Time]statTable
}

func newMonthFigures(in site.Input, s *site.Site, ratingsDir string) *monthFigures {
	return &monthFigures{
		in:         site.Input{Ratings: in.Ratings, Enforcement: in.Enforcement, Categories: in.Categories},
		months:     s.Months,
		ratingsDir: ratingsDir,
		tables:     map[time.Time]statTable{},
	}
}

func (m *monthFigures) Months() []time.Time {
	out := make([]time.Time, 0, len(m.months))
	for _, mo := range m.months {
		if len(out) == 0 || !out[len(out)-1].Equal(mo.Month) {
			out = append(out, mo.Month)
		}
	}
	return out
}

func (m *monthFigures) RatingsDir() string { return m.ratingsDir }

// AsAt builds (once) the model of month's data and its stat table.
func (m *monthFigures) AsAt(month time.Time) content.Stats {
	if t, ok := m.tables[month]; ok {
		return t
	}
	files := map[string]bool{}
	for _, mo := range m.months {
		if !mo.Month.After(month) {
			files[mo.File] = true
		}
	}
	in := site.Input{Categories: m.in.Categories}
	for _, l := range m.in.Ratings {
		if files[l.File] {
			in.Ratings = append(in.Ratings, l)
		}
	}
	end := rating.DayOf(month.AddDate(0, 1, 0))
	for _, a := range m.in.Enforcement {
		if a.Date < end {
			in.Enforcement = append(in.Enforcement, a)
		}
	}
	// The build reported every problem of these inputs already, from the
	// whole model; an older month's model repeats some of them.
	s := site.New(in, &diag.List{})
	t := statTable{stat.New(s, figures.Compute(s))}
	m.tables[month] = t
	return t
}

// statTable is a stat.Table as content.Stats.
type statTable struct{ *stat.Table }

func (t statTable) Stat(key string) (string, bool) { return t.Value(key) }
func (t statTable) SuggestStat(key string) string  { return t.Suggest(key) }
