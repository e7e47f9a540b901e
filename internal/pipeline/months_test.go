package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"ratingsite/internal/sample"
)

// TestReleaseFiguresAsAtTheirMonth: a release quotes the figures of the
// newest month on or before its date (or of its data: month), and adding
// a newer month leaves an older release's page as it was, while a release
// dated after the new month takes its figures.
func TestReleaseFiguresAsAtTheirMonth(t *testing.T) {
	data := t.TempDir()
	// August to October 2026, with API documents that agree with
	// October's file (newer than September's) and enforcement actions
	// dated in October.
	s, err := sample.WriteDir(data, sample.Options{Practices: 60, Seed: 7, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Months: 3}, 6)
	if err != nil {
		t.Fatal(err)
	}
	october := s.RatingsFile
	aside := filepath.Join(t.TempDir(), filepath.Base(october))
	if err := os.Rename(october, aside); err != nil {
		t.Fatal(err)
	}
	stats := `{{< stat "national.listed" >}} listed; {{< stat "national.good.count" >}} good; data to {{< stat "data.date" >}}; ` +
		`{{< stat "changes.count" >}} changes; {{< stat "national.special-measures.count" >}} in special measures; ` +
		`{{< stat "national.improved.count" >}} improved; {{< stat "national.overdue.count" >}} overdue.` + "\n"
	cfg := newsConfig(t, data, map[string]string{
		"news/2026-09-20-september.md": release("September", "2026-09-20", "", stats),
		"news/2026-11-02-november.md":  release("November", "2026-11-02", "", stats),
		"news/2026-11-03-chosen.md":    release("Chosen", "2026-11-03", "data: 2026-08\n", stats),
		"news/2026-09-21-words.md":     release("Words", "2026-09-21", "", "No figures here.\n"),
	})
	page := func(slug string) string {
		b, err := os.ReadFile(filepath.Join(cfg.OutDir, "news", slug, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	article := regexp.MustCompile(`(?s)<article.*</article>`)
	build := func() map[string]string {
		t.Helper()
		res, err := Build(context.Background(), cfg)
		if err != nil {
			t.Fatalf("%v: %v", err, res.Problems.All())
		}
		out := map[string]string{}
		for _, slug := range []string{"september", "november", "chosen", "words"} {
			out[slug] = article.FindString(page(slug))
			if out[slug] == "" {
				t.Fatalf("%s: no article", slug)
			}
		}
		return out
	}
	asAt := func(a string) string {
		m := regexp.MustCompile(`Figures as at ([A-Za-z]+ [0-9]{4})`).FindStringSubmatch(a)
		if m == nil {
			return ""
		}
		return m[1]
	}
	before := build()
	for slug, want := range map[string]string{"september": "September 2026", "november": "September 2026", "chosen": "August 2026", "words": ""} {
		if got := asAt(before[slug]); got != want {
			t.Errorf("before October: %s has figures as at %q, want %q", slug, got, want)
		}
	}
	figures := regexp.MustCompile(`<p>([^<]*listed[^<]*)</p>`)
	if f := figures.FindString(before["september"]); f == "" || f != figures.FindString(before["november"]) {
		t.Errorf("two releases as at September quote different figures:\n%s\n%s", before["september"], before["november"])
	}

	if err := os.Rename(aside, october); err != nil {
		t.Fatal(err)
	}
	after := build()
	for _, slug := range []string{"september", "chosen", "words"} {
		if after[slug] != before[slug] {
			t.Errorf("adding October changed the release %s:\n%s\nwas\n%s", slug, after[slug], before[slug])
		}
	}
	if got := asAt(after["november"]); got != "October 2026" {
		t.Errorf("after October: november has figures as at %q", got)
	}
	if after["november"] == before["november"] {
		t.Error("the release dated after October quotes the same figures as before October")
	}
	// October's figures are those of the site's own pages (the API
	// documents agree with October's file).
	national, err := os.ReadFile(filepath.Join(cfg.OutDir, "national", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	listed := regexp.MustCompile(`([0-9,]+) listed`).FindStringSubmatch(after["november"])
	if listed == nil || !strings.Contains(string(national), listed[1]) {
		t.Errorf("the November release lists %v practices; the national page does not say so", listed)
	}
}
