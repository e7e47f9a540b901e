package content

import (
	"slices"
	"time"
)

// Figures gives press releases the figures of the month they were
// published in, so that a release keeps its numbers when newer data
// arrives. The build implements it; see docs/press-releases.md.
type Figures interface {
	// Months are the months the build has data for (the first day of
	// each), oldest first.
	Months() []time.Time
	// AsAt returns the stat values as at month, one of Months. It is
	// called only for the months a release quotes figures from.
	AsAt(month time.Time) Stats
	// RatingsDir is the folder of the monthly files, for messages, e.g.
	// "data/ratings".
	RatingsDir() string
}

// Stats answers {{< stat "KEY" >}}. It may implement Suggester.
type Stats interface {
	Stat(key string) (string, bool)
}

// MonthLayout is how front matter writes a month ("data: 2026-10").
const MonthLayout = "2006-01"

// monthLabel is how pages print a month: "October 2026".
func monthLabel(t time.Time) string { return t.Format("January 2006") }

// asAt answers a release's stat shortcodes from the figures of one
// month, and its practice and region shortcodes from the build's
// resolver (links go to the pages as they are now).
type asAt struct {
	Resolver
	figures  Figures
	month    time.Time // zero when no month fits
	stats    Stats     // computed at the first stat shortcode
	used     bool      // a stat shortcode was answered
	explicit bool      // the front matter's data: chose the month
	// early, when set, warns at the first stat shortcode that no month
	// is as old as the release, so it quotes the oldest month's figures.
	// failed: a problem was reported (or the front matter is wrong);
	// stats then fail silently.
	early  func()
	failed bool
}

// Stat answers from the month's figures.
func (a *asAt) Stat(key string) (string, bool) {
	if a.failed {
		return "", false
	}
	if a.early != nil {
		a.early()
		a.early = nil
	}
	if a.stats == nil {
		a.stats = a.figures.AsAt(a.month)
	}
	v, ok := a.stats.Stat(key)
	a.used = a.used || ok
	return v, ok
}

// SuggestStat names the month's key nearest an unknown one.
func (a *asAt) SuggestStat(key string) string {
	if sg, ok := a.stats.(Suggester); ok {
		return sg.SuggestStat(key)
	}
	return ""
}

// noFigures reports whether a stat failed because the release's month
// is wrong, a problem already reported once.
func (a *asAt) noFigures() bool { return a.failed }

// figuresMonth is the month the release's page names ("Figures as at
// …"): zero unless it quoted a figure or chose a month with data:.
func (a *asAt) figuresMonth() time.Time {
	if a == nil || a.failed || !a.used && !a.explicit {
		return time.Time{}
	}
	return a.month
}

// releaseFigures picks the month whose figures a release quotes: the
// front matter's data: month, which the build must have (an error
// otherwise), or else the newest month on or before the release's date,
// or for a release older than every month, the oldest month, with a
// warning. It returns nil when the build gives no month-by-month figures
// (every figure is then the current one).
func (c *converter) releaseFigures(m Meta, file string) *asAt {
	f := c.opts.Figures
	if c.opts.Resolver == nil {
		return nil // the data had errors: syntax only
	}
	if f == nil || len(f.Months()) == 0 {
		if !m.Data.IsZero() {
			c.problems.Errorf(file, m.Lines["data"], "data", "remove the line: the figures are the current ones when the build has no monthly Latest ratings files",
				"the build has no monthly ratings files to take the figures of %s from", monthLabel(m.Data))
		}
		return nil
	}
	months := f.Months()
	a := &asAt{Resolver: c.opts.Resolver, figures: f}
	span := monthLabel(months[0])
	if len(months) > 1 {
		span += " to " + monthLabel(months[len(months)-1])
	}
	dir := f.RatingsDir()
	switch {
	case !m.Data.IsZero():
		a.month, a.explicit = m.Data, true
		if !slices.ContainsFunc(months, m.Data.Equal) {
			c.problems.Errorf(file, m.Lines["data"], "data",
				"add CQC's Latest ratings file for "+monthLabel(m.Data)+" to "+dir+"/, or give a month the build has, e.g. data: "+months[len(months)-1].Format(MonthLayout),
				"the build has no ratings file for %s (it has %s)", monthLabel(m.Data), span)
			a.failed = true
			return a
		}
	case m.Date.IsZero():
		a.failed = true // the missing date is reported already
	default:
		for _, mo := range months {
			if !mo.After(m.Date) {
				a.month = mo
			}
		}
		if a.month.IsZero() {
			line, problems, date := max(m.Lines["date"], 1), c.problems, m.Date
			a.month = months[0]
			a.early = func() {
				problems.Warnf(file, line, "date",
					"add CQC's Latest ratings file for "+monthLabel(time.Date(date.Year(), date.Month(), 1, 0, 0, 0, 0, time.UTC))+" to "+dir+
						"/ to quote the figures as at the release's date, or add the line \"data: "+a.month.Format(MonthLayout)+"\" to the front matter to keep these",
					"the release is dated %s, before the oldest ratings file the build has, so it quotes the figures of %s",
					date.Format(DateLayoutLong), monthLabel(a.month))
			}
		}
	}
	return a
}

// DateLayoutLong is how messages write a day: "5 November 2026".
const DateLayoutLong = "2 January 2006"
