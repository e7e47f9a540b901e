package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"ratingsite/internal/diag"
)

// fakeMonths has the figures of August to October 2026: each month's
// "national.practices" is its month number, e.g. "10".
type fakeMonths struct{ asked map[time.Time]int }

func month(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

func (f *fakeMonths) Months() []time.Time {
	return []time.Time{month(2026, 8), month(2026, 9), month(2026, 10)}
}
func (f *fakeMonths) RatingsDir() string { return "data/ratings" }
func (f *fakeMonths) AsAt(m time.Time) Stats {
	f.asked[m]++
	return monthStats(m)
}

type monthStats time.Time

func (s monthStats) Stat(key string) (string, bool) {
	if key == "national.practices" {
		return time.Time(s).Format("1"), true
	}
	return "", false
}

func (s monthStats) SuggestStat(key string) string { return "national.practices" }

func TestReleaseFigures(t *testing.T) {
	release := func(front string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: T\n" + front + "---\n\nThere are {{< stat \"national.practices\" >}} practices, {{< stat \"national.practices\" >}} in all.\n")}
	}
	fsys := fstest.MapFS{
		"news/a.md":     release("date: 2026-10-20\n"),                // October's
		"news/b.md":     release("date: 2026-09-01\n"),                // the first day of September: September's
		"news/c.md":     release("date: 2026-11-19\ndata: 2026-08\n"), // chosen
		"news/d.md":     release("date: 2030-01-01\n"),                // the newest month
		"news/e.md":     {Data: []byte("---\ntitle: E\ndate: 2026-09-20\n---\n\nNo figures.\n")},
		"news/early.md": {Data: []byte("---\ntitle: Early\ndate: 2026-07-15\n---\n\nNo figures, so no month needed.\n")},
		"news/old.md":   release("date: 2026-07-15\n"), // older than every month: August's, with a warning
	}
	f := &fakeMonths{asked: map[time.Time]int{}}
	opts := testOpts()
	opts.Figures = f
	opts.Now = time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	var problems diag.List
	rels := ReadNews(fsys, "content", opts, &problems)
	if all := problems.All(); len(all) != 1 || all[0].File != "content/news/old.md" || all[0].Severity != diag.Warning {
		t.Fatalf("problems: %v, want one warning for old.md", all)
	}
	want := map[string]struct{ asAt, n string }{
		"a": {"October 2026", "10"}, "b": {"September 2026", "9"}, "c": {"August 2026", "8"},
		"d": {"October 2026", "10"}, "e": {"", ""}, "early": {"", ""}, "old": {"August 2026", "8"},
	}
	for _, r := range rels {
		w := want[r.Slug]
		if r.FiguresAsAt() != w.asAt {
			t.Errorf("%s: figures as at %q, want %q", r.Slug, r.FiguresAsAt(), w.asAt)
		}
		if w.n != "" && !strings.Contains(string(r.Body), "There are "+w.n+" practices, "+w.n+" in all") {
			t.Errorf("%s: body %s, want the figure %s", r.Slug, r.Body, w.n)
		}
		if w.n != "" && !strings.Contains(string(r.FeedBody), "There are "+w.n+" practices") {
			t.Errorf("%s: feed body %s, want the figure %s", r.Slug, r.FeedBody, w.n)
		}
	}
	// Figures are asked for only for the months quoted (the build keeps
	// each month's, see pipeline.monthFigures).
	if len(f.asked) != 3 {
		t.Errorf("figures computed for %v, want August, September and October", f.asked)
	}

	// Pages quote the current figures (the resolver's).
	pages := ReadPages(fstest.MapFS{"p.md": {Data: []byte("# P\n\n{{< stat \"national.practices\" >}}\n")}}, "content", opts, &problems)
	if len(pages) != 1 || !strings.Contains(string(pages[0].Body), "6,543") {
		t.Errorf("page: %v", pages)
	}
}

func TestReleaseFiguresProblems(t *testing.T) {
	stats := "\nA {{< stat \"national.practices\" >}}, b {{< stat \"national.practices\" >}}.\n"
	for _, c := range []struct {
		name, src string
		line      int
		field     string
		want      []string // in the message and hint
		warning   bool
	}{
		{"missing month", "---\ntitle: T\ndate: 2026-11-05\ndata: 2026-07\n---\n" + stats, 4, "data",
			[]string{"no ratings file for July 2026 (it has August 2026 to October 2026)", "add CQC's Latest ratings file for July 2026 to data/ratings/", "data: 2026-10"}, false},
		{"not a month", "---\ntitle: T\ndate: 2026-11-05\ndata: October\n---\n" + stats, 4, "data",
			[]string{`"October" is not a month in the form YYYY-MM`, "data: 2026-10"}, false},
		{"before the oldest month", "---\ntitle: T\ndate: 2026-07-15\n---\n" + stats, 3, "date",
			[]string{"dated 15 July 2026, before the oldest ratings file the build has, so it quotes the figures of August 2026", "Latest ratings file for July 2026 to data/ratings/", `"data: 2026-08"`}, true},
		{"data on a page", "", 3, "data", []string{"unknown key", "only for news releases"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := testOpts()
			opts.Figures = &fakeMonths{asked: map[time.Time]int{}}
			var problems diag.List
			if c.src == "" {
				ReadPages(fstest.MapFS{"p.md": {Data: []byte("---\ntitle: P\ndata: 2026-10\n---\n" + stats)}}, "content", opts, &problems)
			} else {
				ReadNews(fstest.MapFS{"news/r.md": {Data: []byte(c.src)}}, "content", opts, &problems)
			}
			all := problems.All()
			if len(all) != 1 {
				t.Fatalf("problems %v, want one", all)
			}
			p := all[0]
			if p.Line != c.line || p.Field != c.field || (p.Severity == diag.Warning) != c.warning || !strings.HasPrefix(p.File, "content/") {
				t.Errorf("%v: want line %d, field %q, warning %v", p, c.line, c.field, c.warning)
			}
			for _, w := range c.want {
				if !strings.Contains(p.Message+" "+p.Hint, w) {
					t.Errorf("%v: want %q", p, w)
				}
			}
		})
	}
}
