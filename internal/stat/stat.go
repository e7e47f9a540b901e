// Package stat owns the figures a press release can quote: every
// {{< stat "KEY" >}} key and its value, formatted exactly as the site's
// pages print it. The table is built once per build from the model and the
// figures, so a page can never quote a number the site contradicts; a
// press release quotes the table of the month it is as at, built the same
// way from that month's data (see internal/pipeline's monthFigures and
// docs/press-releases.md).
//
// To add keys, write a function of type Source and add it to Sources: the
// README's list of keys is checked against Patterns by a test.
package stat

import (
	"sort"
	"strconv"
	"strings"

	"ratingsite/internal/figures"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

// Input is what key sources read.
type Input struct {
	Site    *site.Site
	Figures *figures.Figures
}

// Add records one key. pattern is the key with its variable parts written
// as in the README, e.g. "region.<slug>.<rating>.count".
type Add func(pattern, key, value string)

// Source adds one group of keys.
type Source func(in Input, add Add)

// Sources are every group of keys, in the README's order. Add new ones
// here.
var Sources = []Source{
	DataKeys,
	NationalKeys,
	RegionKeys,
	LocalAuthorityKeys,
	KeyQuestionKeys,
	HistoryKeys,
}

// Table maps every key to its formatted value.
type Table struct {
	values   map[string]string
	patterns map[string]bool
}

// New builds the table for one build.
func New(s *site.Site, f *figures.Figures) *Table {
	t := &Table{values: map[string]string{}, patterns: map[string]bool{}}
	in := Input{Site: s, Figures: f}
	add := func(pattern, key, value string) {
		t.values[key] = value
		t.patterns[pattern] = true
	}
	for _, src := range Sources {
		src(in, add)
	}
	return t
}

// Value returns a key's value.
func (t *Table) Value(key string) (string, bool) {
	v, ok := t.values[key]
	return v, ok
}

// Len is the number of keys.
func (t *Table) Len() int { return len(t.values) }

// Keys returns every key, sorted.
func (t *Table) Keys() []string { return sortedKeys(t.values) }

// Patterns returns every key pattern, sorted, e.g.
// "region.<slug>.<rating>.percent".
func (t *Table) Patterns() []string { return sortedKeys(t.patterns) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Suggest returns the known key nearest an unknown one (by edit
// distance), or "" when none is close.
func (t *Table) Suggest(key string) string {
	best, bestD := "", len(key)/3+2
	for k := range t.values {
		// distance stops at bestD+1: only a key as near or nearer counts.
		if d := distance(key, k, bestD+1); d < bestD || d == bestD && best != "" && k < best {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b, or limit when it is
// at least limit.
func distance(a, b string, limit int) int {
	if abs(len(a)-len(b)) >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			low = min(low, cur[j])
		}
		if low >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// DateLayout is how the site prints a day, e.g. "28 October 2026".
const DateLayout = "2 January 2006"

// DataKeys: data.date, the newest publication date in the data.
func DataKeys(in Input, add Add) {
	v := "date not published"
	if !in.Site.DataDate.IsZero() {
		v = in.Site.DataDate.Format(DateLayout)
	}
	add("data.date", "data.date", v)
}

// NationalKeys: national.practices and the rest of ScopeKeys for England.
func NationalKeys(in Input, add Add) {
	ScopeKeys(&in.Figures.National, "national", "national", add)
}

// RegionKeys: region.<slug>.… for each region, with its key questions.
func RegionKeys(in Input, add Add) {
	for _, sc := range in.Figures.Regions {
		ScopeKeys(sc, "region."+sc.Slug, "region.<slug>", add)
		kqKeys(sc, "region."+sc.Slug+".keyquestion", "region.<slug>.keyquestion", add)
	}
}

// LocalAuthorityKeys: local-authority.<slug>.… for each local authority.
func LocalAuthorityKeys(in Input, add Add) {
	for _, sc := range in.Figures.LocalAuthorities {
		ScopeKeys(sc, "local-authority."+sc.Slug, "local-authority.<slug>", add)
	}
}

// KeyQuestionKeys: keyquestion.<question>.<rating>.count and .percent,
// for England.
func KeyQuestionKeys(in Input, add Add) {
	kqKeys(&in.Figures.National, "keyquestion", "keyquestion", add)
}

// ScopeKeys adds the overall figures of one scope under prefix:
//
//	.practices                      practices with one of the four ratings
//	.listed                         every current practice, rated or not
//	.not-rated                      practices without one of the four ratings
//	.<rating>.count, .percent       each rating's count and share of .practices
//	.good-or-outstanding.count, .percent
func ScopeKeys(sc *figures.Scope, prefix, pattern string, add Add) {
	d := sc.Overall
	add(pattern+".practices", prefix+".practices", strconv.Itoa(d.Rated))
	add(pattern+".listed", prefix+".listed", strconv.Itoa(sc.Practices))
	add(pattern+".not-rated", prefix+".not-rated", strconv.Itoa(d.NotRated()))
	distKeys(d, prefix, pattern, add)
	good := d.GoodOrOutstanding()
	add(pattern+".good-or-outstanding.count", prefix+".good-or-outstanding.count", strconv.Itoa(good.Count))
	add(pattern+".good-or-outstanding.percent", prefix+".good-or-outstanding.percent", good.Text())
}

// kqKeys adds <prefix>.<question>.<rating>.count and .percent.
func kqKeys(sc *figures.Scope, prefix, pattern string, add Add) {
	for i, q := range rating.KeyQuestions {
		distKeys(sc.KeyQuestions[i], prefix+"."+q.Slug(), pattern+".<question>", add)
	}
}

func distKeys(d figures.Distribution, prefix, pattern string, add Add) {
	for _, sh := range d.Shares() {
		k := prefix + "." + sh.Value.Slug()
		add(pattern+".<rating>.count", k+".count", strconv.Itoa(sh.Count))
		add(pattern+".<rating>.percent", k+".percent", sh.Text())
	}
}

// Documented reports whether a README text documents pattern: it must
// appear in backquotes.
func Documented(readme, pattern string) bool {
	return strings.Contains(readme, "`"+pattern+"`")
}
