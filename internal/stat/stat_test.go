package stat

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/ratings"
	"ratingsite/internal/diag"
	"ratingsite/internal/figures"
	"ratingsite/internal/fixture"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

// readSite builds the model from Latest-ratings files (CSV, ODS, XLSX).
func readSite(t *testing.T, files ...string) *site.Site {
	t.Helper()
	var in site.Input
	var problems diag.List
	for _, file := range files {
		in.Ratings = append(in.Ratings, ratings.ReadFile(file, ratings.Options{Categories: []string{cqc.GPPractices}}, &problems)...)
	}
	s := site.New(in, &problems)
	if problems.HasErrors() {
		t.Fatal(problems.Errors())
	}
	return s
}

// want is what the test computes itself from the practices: counts by
// overall (or key-question) rating, and shares rounded by the largest
// remainder, written as the pages write them.
type want struct {
	listed, rated int
	count         [4]int
}

func (w *want) add(v rating.Value) {
	w.listed++
	for i, r := range []rating.Value{rating.Outstanding, rating.Good, rating.RequiresImprovement, rating.Inadequate} {
		if v == r {
			w.count[i]++
			w.rated++
		}
	}
}

// percents rounds each count to a whole share of rated; the points
// still missing from 100 go to the largest remainders, the better rating
// first on a tie.
func (w *want) percents() [4]string {
	var out [4]string
	if w.rated < 5 { // below figures.MinBase: the counts, no percentage
		for i, c := range w.count {
			out[i] = strconv.Itoa(c) + " of " + strconv.Itoa(w.rated)
		}
		return out
	}
	type part struct{ i, floor, rem int }
	parts := make([]part, 4)
	total := 0
	for i, c := range w.count {
		parts[i] = part{i, c * 100 / w.rated, c * 100 % w.rated}
		total += parts[i].floor
	}
	order := slices.Clone(parts)
	slices.SortStableFunc(order, func(a, b part) int { return b.rem - a.rem })
	for _, p := range order {
		if total == 100 || p.rem == 0 {
			break
		}
		parts[p.i].floor++
		total++
	}
	for i, p := range parts {
		switch {
		case p.floor == 0 && w.count[i] > 0:
			out[i] = "<1%"
		case p.floor == 100 && w.count[i] < w.rated:
			out[i] = ">99%"
		default:
			out[i] = strconv.Itoa(p.floor) + "%"
		}
	}
	return out
}

var ratingSlugs = []string{"outstanding", "good", "requires-improvement", "inadequate"}

func check(t *testing.T, tb *Table, prefix string, w *want, withTotals bool) {
	t.Helper()
	get := func(k string) string {
		v, ok := tb.Value(k)
		if !ok {
			t.Errorf("no key %s", k)
		}
		return v
	}
	if withTotals {
		for k, v := range map[string]int{".practices": w.rated, ".listed": w.listed, ".not-rated": w.listed - w.rated, ".good-or-outstanding.count": w.count[0] + w.count[1]} {
			if got := get(prefix + k); got != strconv.Itoa(v) {
				t.Errorf("%s%s = %s, want %d", prefix, k, got, v)
			}
		}
	}
	pct := w.percents()
	for i, r := range ratingSlugs {
		if got := get(prefix + "." + r + ".count"); got != strconv.Itoa(w.count[i]) {
			t.Errorf("%s.%s.count = %s, want %d", prefix, r, got, w.count[i])
		}
		if got := get(prefix + "." + r + ".percent"); got != pct[i] {
			t.Errorf("%s.%s.percent = %s, want %s", prefix, r, got, pct[i])
		}
	}
}

// TestTableAgainstIndependentCounts checks every national, regional,
// local-authority and key-question figure of the repository's sample
// against counts made here from the practices.
func TestTableAgainstIndependentCounts(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "data", "ratings", "*"))
	if len(files) == 0 {
		t.Fatal("the sample data is missing from data/ratings")
	}
	s := readSite(t, files...)
	tb := New(s, figures.Compute(s))

	national := &want{}
	byArea := map[string]*want{}
	kq := map[string]*want{}
	for _, p := range s.Practices {
		v := p.Ratings[rating.Whole][rating.Overall].Value
		national.add(v)
		for _, key := range []string{"region." + p.Region.Slug, "local-authority." + p.LocalAuthority.Slug} {
			if byArea[key] == nil {
				byArea[key] = &want{}
			}
			byArea[key].add(v)
		}
		for _, d := range rating.KeyQuestions {
			for _, key := range []string{"keyquestion." + d.Slug(), "region." + p.Region.Slug + ".keyquestion." + d.Slug()} {
				if kq[key] == nil {
					kq[key] = &want{}
				}
				kq[key].add(p.Ratings[rating.Whole][d].Value)
			}
		}
	}
	check(t, tb, "national", national, true)
	for k, w := range byArea {
		check(t, tb, k, w, true)
	}
	for k, w := range kq {
		check(t, tb, k, w, false)
	}
	// History keys (HistoryKeys): 26 for England and each region, then
	// national.closed.count and the three changes.* keys.
	if got, want := tb.Len(), 1+13*(1+len(byArea))+5*8*(1+len(s.Regions))+26*(1+len(s.Regions))+4; got != want {
		t.Errorf("%d keys, want %d", got, want)
	}
	if v, _ := tb.Value("data.date"); v != s.DataDate.Format("2 January 2006") || v == "" {
		t.Errorf("data.date = %q", v)
	}
	pct := national.percents()
	if v, _ := tb.Value("national.good-or-outstanding.percent"); v == "" || !strings.HasSuffix(v, "%") {
		t.Errorf("national.good-or-outstanding.percent = %q", v)
	} else if n, _ := strconv.Atoi(strings.TrimSuffix(v, "%")); fmt.Sprint(n) != strings.TrimSuffix(v, "%") ||
		n != atoi(pct[0])+atoi(pct[1]) {
		t.Errorf("national.good-or-outstanding.percent = %q, want the sum of %s and %s", v, pct[0], pct[1])
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSuffix(s, "%"))
	return n
}

// TestLessThanOnePercent: a share above zero that rounds to nothing reads
// "<1%", as on the national page.
func TestLessThanOnePercent(t *testing.T) {
	var b strings.Builder
	b.WriteString(fixture.Header)
	b.WriteString(fixture.Practice("1-1", "Only Outstanding", "Oldham", "North West", "Outstanding", "01/02/2024"))
	for i := range 299 {
		b.WriteString(fixture.Practice(fmt.Sprintf("1-%d", 100+i), fmt.Sprintf("Good %d", i), "Oldham", "North West", "Good", "01/02/2024"))
	}
	file := filepath.Join(t.TempDir(), "latest.csv")
	fixture.Write(t, file, b.String())
	s := readSite(t, file)
	tb := New(s, figures.Compute(s))
	for k, want := range map[string]string{
		"national.outstanding.percent":                    "<1%",
		"national.outstanding.count":                      "1",
		"national.good.percent":                           ">99%",
		"region.north-west.outstanding.percent":           "<1%",
		"local-authority.oldham.good.count":               "299",
		"keyquestion.safe.outstanding.percent":            "<1%",
		"national.good-or-outstanding.percent":            "100%",
		"region.north-west.keyquestion.caring.good.count": "299",
	} {
		if got, _ := tb.Value(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if got := tb.Suggest("national.outstandng.percent"); got != "national.outstanding.percent" {
		t.Errorf("Suggest = %q", got)
	}
	if got := tb.Suggest("something else entirely"); got != "" {
		t.Errorf("Suggest of nonsense = %q, want nothing", got)
	}
}

// TestPatternsDocumented: every kind of key is listed in
// docs/press-releases.md, in backquotes.
func TestPatternsDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "docs", "press-releases.md"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "data", "ratings", "*"))
	s := readSite(t, files...)
	tb := New(s, figures.Compute(s))
	pats := tb.Patterns()
	if len(pats) < 10 {
		t.Fatalf("patterns = %v", pats)
	}
	for _, p := range pats {
		if !Documented(string(readme), p) {
			t.Errorf("docs/press-releases.md does not list the stat key `%s`", p)
		}
	}
	// Every key matches its pattern.
	for _, k := range tb.Keys() {
		matched := false
		for _, p := range pats {
			matched = matched || matches(p, k)
		}
		if !matched {
			t.Errorf("key %s matches no pattern", k)
		}
	}
}

func matches(pattern, key string) bool {
	pp, kp := strings.Split(pattern, "."), strings.Split(key, ".")
	if len(pp) != len(kp) {
		return false
	}
	for i := range pp {
		if pp[i] != kp[i] && !strings.HasPrefix(pp[i], "<") {
			return false
		}
	}
	return true
}

// TestHistoryKeys: the history keys carry the history figures, for England
// and for each region, under the names docs/press-releases.md gives.
func TestHistoryKeys(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "data", "ratings", "*"))
	s := readSite(t, files...)
	f := figures.Compute(s)
	tb := New(s, f)
	m := f.History.National.Improvement
	for key, want := range map[string]string{
		"national.improved.percent":            m.ImprovedShare().Text(),
		"national.improved.of":                 strconv.Itoa(m.FirstPoor),
		"national.declined.count":              strconv.Itoa(m.Declined),
		"national.transitions.inadequate.good": strconv.Itoa(m.Transitions[3][1]),
		"national.closed.count":                strconv.Itoa(f.History.Closed),
		"changes.count":                        strconv.Itoa(len(f.History.Changes)),
	} {
		if got, ok := tb.Value(key); !ok || got != want {
			t.Errorf("%s = %q (%v), want %q", key, got, ok, want)
		}
	}
	for _, sc := range f.Regions {
		want := f.History.Of(sc.Area).Improvement.ImprovedShare().Text()
		if got, _ := tb.Value("region." + sc.Slug + ".improved.percent"); got != want {
			t.Errorf("region.%s.improved.percent = %q, want %q", sc.Slug, got, want)
		}
	}
	if m.FirstPoor == 0 {
		t.Error("the sample has no practice first rated Requires improvement or Inadequate: the test proves little")
	}
}
