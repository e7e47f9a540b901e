package ratings

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"ratingsite/internal/cqc"
	"ratingsite/internal/csvin"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// Options tunes the readers.
type Options struct {
	// Categories keeps only locations whose "Location Primary Inspection
	// Category" is one of these (exact match after trimming space,
	// case-insensitive). Empty keeps every location.
	Categories []string
}

const (
	hintHeader       = "save the Locations sheet of CQC's Latest ratings file as CSV UTF-8, keeping its header row, or put the .ods or .xlsx file itself in ratings/"
	hintDomain       = "use one of: Overall, Safe, Effective, Caring, Responsive, Well-led"
	hintGroup        = `use Overall or a population group such as "Older people" or "People with long term conditions"`
	hintDate         = "write dates as dd/mm/yyyy, e.g. 21/03/2023"
	hintInherited    = "use Y, N, or leave it blank"
	hintDuplicateRow = "keep one row per location, population group and domain"
	maxCache         = 4096
)

var hintRating = "use one of: " + strings.Join(rating.Words(), ", ") + ", or leave it blank"

// table turns the rows of a Locations sheet, from any format, into
// locations. The front-end (CSV, ODS, XLSX) sets m from the header, says
// where each value is with line, and calls record for each row.
type table struct {
	file       string
	p          diag.Reporter
	categories []string

	m mapping
	// line gives the physical line (or sheet row) of column c of the row
	// being read; noColumn asks for the row's.
	line func(c Column) int
	// checkWidth reports rows with more or fewer fields than the header
	// (CSV); a spreadsheet leaves trailing blank cells out.
	checkWidth bool

	rec []string // the row being read

	locs  []*cqc.Location
	byID  map[string]*locState
	badID map[string]struct{}

	strs    map[string]string
	dates   map[string]time.Time
	ratings map[string]rating.Value
	groups  map[string]rating.Group
	domains map[string]rating.Domain

	rows int // rows read that were not blank
}

// locState is what the reader remembers about a location it keeps.
type locState struct {
	loc *cqc.Location
	// lines holds the line of the row that set each cell, 0 when none has.
	lines [rating.NumGroups][rating.NumDomains]int32
	// warned marks the attribute columns already reported as disagreeing.
	warned uint32
	// url is the URL of the cell set last; cells usually share it.
	url string
}

func newTable(file string, p diag.Reporter, opt Options) *table {
	t := &table{file: file, p: p,
		byID:    make(map[string]*locState),
		badID:   make(map[string]struct{}),
		strs:    make(map[string]string),
		dates:   make(map[string]time.Time),
		ratings: make(map[string]rating.Value),
		groups:  make(map[string]rating.Group),
		domains: make(map[string]rating.Domain),
	}
	for _, c := range opt.Categories {
		if c = strings.TrimSpace(c); c != "" {
			t.categories = append(t.categories, c)
		}
	}
	return t
}

// header maps the header row and reports its problems at line; it returns
// false when reading must stop.
func (t *table) header(names []string, line int) bool {
	m, probs, ok := mapHeader(names)
	for _, hp := range probs {
		msg := hp.msg
		if hp.at > 0 {
			msg = fmt.Sprintf("%s (columns %d and %d)", msg, hp.at, hp.also)
		}
		if hp.err {
			t.p.Errorf(t.file, line, hp.col, hp.hint, "%s", msg)
		} else {
			t.p.Warnf(t.file, line, hp.col, hp.hint, "%s", msg)
		}
	}
	t.m = m
	return ok
}

func (t *table) errorf(line int, c Column, hint, format string, args ...any) {
	t.p.Errorf(t.file, line, c.String(), hint, format, args...)
}

func (t *table) warnf(line int, c Column, hint, format string, args ...any) {
	t.p.Warnf(t.file, line, c.String(), hint, format, args...)
}

// get returns the row's value for c, with surrounding space removed.
func (t *table) get(c Column) string {
	i := t.m.idx[c]
	if i < 0 || i >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// blank reports whether every known field of the row is empty, as in the
// ",,,,,," rows spreadsheets leave at the end of a sheet.
func (t *table) blank() bool {
	for c := range NumColumns {
		if t.get(c) != "" {
			return false
		}
	}
	return true
}

// record reads one row, in the header's order. rec is not kept.
func (t *table) record(rec []string) {
	t.rec = rec
	defer func() { t.rec = nil }()
	if t.blank() {
		return
	}
	t.rows++
	if t.checkWidth && len(rec) != t.m.width {
		hint := "a field that contains a comma or line break must be in quotes"
		if len(rec) < t.m.width {
			hint = "the row may be cut short, or a line break inside a field is not in quotes"
		}
		t.errorf(t.line(noColumn), noColumn, hint, "row has %d fields, header has %d", len(rec), t.m.width)
		return
	}
	if len(t.categories) > 0 && !t.keep(t.get(ColCategory)) {
		return
	}
	if !t.fits() {
		return
	}
	t.apply()
}

// fits reports every value longer than its column allows, and whether
// there was none. A long value is quoted by a short prefix only.
func (t *table) fits() bool {
	ok := true
	for c := ColID + 1; c < NumColumns; c++ { // cqc.CheckID bounds the ID
		i := t.m.idx[c]
		if i < 0 || i >= len(t.rec) {
			continue
		}
		if n := len(t.rec[i]); n > Columns[c].Max {
			s := strings.TrimSpace(t.rec[i])
			if len(s) <= Columns[c].Max {
				continue
			}
			ok = false
			t.errorf(t.line(c), c, fmt.Sprintf("a value in this column has at most %d characters; check that the row is not two rows run together", Columns[c].Max),
				"value is %d characters long (%s...); the row is skipped", utf8.RuneCountInString(s), prefix(s, 40))
		}
	}
	return ok
}

// prefix quotes the first n bytes of s, cut at a character boundary.
func prefix(s string, n int) string {
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return fmt.Sprintf("%q", s)
}

func (t *table) keep(cat string) bool {
	for _, c := range t.categories {
		if strings.EqualFold(cat, c) {
			return true
		}
	}
	return false
}

// apply adds a kept row to its location.
func (t *table) apply() {
	id := t.get(ColID)
	st := t.byID[id]
	if st == nil {
		if _, bad := t.badID[id]; bad {
			return
		}
		if why := cqc.CheckID(id); why != "" {
			t.badID[strings.Clone(id)] = struct{}{}
			t.errorf(t.line(ColID), ColID, `CQC location IDs look like "1-10024040008"; every row of this location is skipped`, "%s", why)
			return
		}
		st = t.newLocation(id)
	} else {
		t.compare(st)
	}
	t.cell(st)
}

func (t *table) newLocation(id string) *locState {
	id = strings.Clone(id)
	loc := &cqc.Location{File: t.file, Line: t.line(noColumn), ID: id, Registered: true}
	for _, c := range attrColumns {
		*Columns[c].Field(loc) = t.value(c)
	}
	st := &locState{loc: loc}
	t.byID[id] = st
	t.locs = append(t.locs, loc)
	return st
}

// value returns the row's value for attribute column c, ready to keep.
func (t *table) value(c Column) string {
	s := t.get(c)
	if (c == ColBrandID || c == ColBrandName) && s == "-" {
		return ""
	}
	if Columns[c].Shared {
		return t.intern(s)
	}
	return strings.Clone(s)
}

// intern returns a copy of s that is shared with earlier equal strings.
func (t *table) intern(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := t.strs[s]; ok {
		return v
	}
	s = strings.Clone(s)
	t.strs[s] = s
	return s
}

// compare warns once per column when a later row of a location disagrees
// with its first row.
func (t *table) compare(st *locState) {
	for _, c := range attrColumns {
		have := *Columns[c].Field(st.loc)
		got := t.get(c)
		if got == have || (c == ColBrandID || c == ColBrandName) && got == "-" && have == "" {
			continue
		}
		if st.warned&(1<<c) != 0 {
			continue
		}
		st.warned |= 1 << c
		t.warnf(t.line(c), c, "the value on the first row is used",
			"rows of location %s disagree: %s %d has %q, this row (%s %d) has %q", st.loc.ID, t.lineWord(), st.loc.Line, have, t.lineWord(), t.line(c), got)
	}
}

// lineWord is how messages name a line of this file.
func (t *table) lineWord() string {
	if t.checkWidth {
		return "line"
	}
	return "row"
}

func (t *table) cell(st *locState) {
	ok := true
	g, gok := cached(t.groups, t.get(ColGroup), rating.ParseGroup)
	if !gok {
		ok = false
		t.errorf(t.line(ColGroup), ColGroup, hintGroup, "unknown population group %q", t.get(ColGroup))
	}
	d, dok := cached(t.domains, t.get(ColDomain), rating.ParseDomain)
	if !dok {
		ok = false
		t.errorf(t.line(ColDomain), ColDomain, hintDomain, "unknown domain %q", t.get(ColDomain))
	}
	v, vok := cached(t.ratings, t.get(ColRating), rating.Parse)
	if !vok {
		ok = false
		t.errorf(t.line(ColRating), ColRating, hintRating, "unknown rating %q", t.get(ColRating))
	}
	date, why := t.date(t.get(ColPublished))
	if why != "" {
		ok = false
		t.errorf(t.line(ColPublished), ColPublished, hintDate, "%q %s", t.get(ColPublished), why)
	} else if date.IsZero() && v.Present() {
		ok = false
		t.errorf(t.line(ColPublished), ColPublished, hintDate, "publication date is blank for a %q rating", v)
	}
	var inherited bool
	switch s := t.get(ColInherited); {
	case s == "" || strings.EqualFold(s, "N"):
	case strings.EqualFold(s, "Y"):
		inherited = true
	default:
		ok = false
		t.errorf(t.line(ColInherited), ColInherited, hintInherited, "inherited rating must be Y or N, not %q", s)
	}
	if !ok {
		return
	}
	cur := &st.loc.Ratings[g][d]
	line := t.line(noColumn)
	first := int(st.lines[g][d])
	if first == 0 {
		url := t.get(ColURL)
		if url != st.url {
			st.url = strings.Clone(url)
		}
		if st.loc.ReportURL == "" || g == rating.Whole && d == rating.Overall {
			st.loc.ReportURL = st.url
		}
		*cur = rating.Cell{Value: v, Published: rating.DayOf(date), Inherited: inherited, ReportType: rating.ReportTypeOf(t.get(ColReportType))}
		st.lines[g][d] = int32(min(line, 1<<31-1))
		return
	}
	scope := scopeOf(g, d)
	var diffs []string
	field := noColumn
	if v != cur.Value {
		diffs = append(diffs, fmt.Sprintf("rating %q vs %q", cur.Value, v))
		field = ColRating
	}
	if rating.DayOf(date) != cur.Published {
		diffs = append(diffs, fmt.Sprintf("publication date %s vs %s", fmtDate(cur.Published.Time()), fmtDate(date)))
		if field == noColumn {
			field = ColPublished
		}
	}
	if inherited != cur.Inherited {
		diffs = append(diffs, fmt.Sprintf("inherited %s vs %s", yn(cur.Inherited), yn(inherited)))
		if field == noColumn {
			field = ColInherited
		}
	}
	w := t.lineWord() + "s"
	if len(diffs) > 0 {
		t.errorf(t.line(field), field, hintDuplicateRow, "%s %d and %d both give the %s rating of location %s and disagree: %s",
			w, first, line, scope, st.loc.ID, strings.Join(diffs, "; "))
		return
	}
	t.warnf(line, noColumn, "delete the repeated row", "%s %d and %d both give the %s rating of location %s; the repeat is ignored",
		w, first, line, scope, st.loc.ID)
}

// finish reports a file without rows, or without rows of the categories.
func (t *table) finish(headerLine int, syntaxErrors int) {
	switch {
	case t.rows == 0 && syntaxErrors == 0:
		t.p.Warnf(t.file, headerLine, "", "check that this is the full Latest ratings file", "file has a header but no rows")
	case len(t.locs) == 0 && len(t.categories) > 0 && len(t.badID) == 0:
		t.p.Warnf(t.file, 0, ColCategory.String(), "check the categories asked for",
			"no rows have the category %s", strings.Join(t.categories, " or "))
	}
}

func scopeOf(g rating.Group, d rating.Domain) string {
	if g == rating.Whole {
		return fmt.Sprintf("Overall / %s", d)
	}
	return fmt.Sprintf("%q / %s", g.String(), d)
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return "(blank)"
	}
	return t.Format("02/01/2006")
}

func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

// cached parses s with parse, caching the answer by spelling: a file
// repeats a handful of spellings a million times.
func cached[T any](cache map[string]T, s string, parse func(string) (T, bool)) (T, bool) {
	if v, ok := cache[s]; ok {
		return v, true
	}
	v, ok := parse(s)
	if ok && len(cache) < maxCache {
		cache[strings.Clone(s)] = v
	}
	return v, ok
}

// date parses a publication date, caching the answer by spelling. why is
// empty when s is a good date or blank.
func (t *table) date(s string) (time.Time, string) {
	if s == "" {
		return time.Time{}, ""
	}
	if d, ok := t.dates[s]; ok {
		return d, ""
	}
	d, why := csvin.ParseDate(s)
	if why == "" && len(t.dates) < maxCache {
		t.dates[strings.Clone(s)] = d
	}
	return d, why
}
