package site

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/geo"
	"ratingsite/internal/rating"
)

// Input is everything the readers found.
type Input struct {
	// Ratings are the locations read from Latest-ratings CSV files, in the
	// order the files were read.
	Ratings []*cqc.Location
	// API are the locations read from API documents.
	API []*cqc.Location
	// Postcodes places practices that have no coordinates. May be nil.
	Postcodes *geo.Gazetteer
	// Categories are the primary inspection categories to publish. Empty
	// means GP practices only.
	Categories []string
	// Enforcement are the rows of data/enforcement.csv. May be nil.
	Enforcement []cqc.Action
}

// Unknown is the area name used when CQC recorded none.
const Unknown = "Not recorded"

// New builds the model. It merges the descriptions of each location (the
// newer publication wins, with a warning where they disagree), places
// practices on the map, and groups them into areas. Problems go to problems.
func New(in Input, problems *diag.List) *Site {
	s := &Site{
		byID:   make(map[string]*Practice),
		bySlug: map[AreaKind]map[string]*Area{RegionKind: {}, LocalAuthorityKind: {}},
		byName: map[AreaKind]map[string]*Area{RegionKind: {}, LocalAuthorityKind: {}},
	}
	s.Postcodes = in.Postcodes
	// Control characters are dropped from every text field before
	// anything compares or shows them.
	for _, ls := range [][]*cqc.Location{in.Ratings, in.API} {
		for _, l := range ls {
			cleanLocation(l)
		}
	}
	all := make(map[string]*Practice)
	var order []*Practice
	add := func(l *cqc.Location) {
		p := &Practice{Sources: []Source{{l.File, l.Line, l.Published()}}}
		p.describe(l)
		all[l.ID] = p
		order = append(order, p)
	}
	for _, l := range s.byMonth(in.Ratings, problems) {
		p, seen := all[l.ID]
		if !seen {
			add(l)
			continue
		}
		// The same location in several files: the newest publication wins;
		// on a tie, the file read later.
		src := Source{l.File, l.Line, l.Published()}
		if !l.Published().Before(p.Published()) {
			p.describe(l)
			p.Sources = append([]Source{src}, p.Sources...)
		} else {
			p.Sources = append(p.Sources, src)
		}
	}
	cats := Categories(in.Categories)
	for _, l := range in.API {
		if !inCategories(l.Category, cats) {
			continue
		}
		p, seen := all[l.ID]
		if !seen {
			add(l)
			continue
		}
		mergeAPI(p, l, problems)
	}

	s.record(order, all)
	for _, p := range order {
		if p.Closed() {
			placeClosed(p, in.Postcodes)
			s.Closed = append(s.Closed, p)
			continue
		}
		s.place(p, in.Postcodes, problems)
		s.Practices = append(s.Practices, p)
		s.byID[p.ID] = p
		if d := p.Published(); d.After(s.DataDate) {
			s.DataDate = d
		}
	}
	sortPractices(s.Practices)
	sortPractices(s.Closed)
	s.group(problems)
	s.closedByID = make(map[string]*Practice, len(s.Closed))
	for _, p := range s.Closed {
		s.closedByID[p.ID] = p
	}
	for _, p := range order {
		p.described = nil
	}
	s.enforce(in.Enforcement, all, problems)
	distinguish(s.Practices, s.Closed)
	s.indexProviders()
	s.findNearby()
	return s
}

// Categories is cats, or when it is empty the default: GP practices only.
// It is the one place the default is set.
func Categories(cats []string) []string {
	if len(cats) == 0 {
		return []string{cqc.GPPractices}
	}
	return cats
}

func inCategories(c string, cats []string) bool {
	for _, want := range cats {
		if strings.EqualFold(strings.TrimSpace(c), strings.TrimSpace(want)) {
			return true
		}
	}
	return false
}

// mergeAPI folds an API document into a practice first read from CSV. The
// newer publication supplies the ratings; the API fills in what the CSV
// does not carry (coordinates, phone, history, reports, registration).
func mergeAPI(p *Practice, l *cqc.Location, problems *diag.List) {
	csvFile, csvLine := p.file, p.line
	csvDate, apiDate := p.Published(), l.Published()
	src := Source{l.File, l.Line, apiDate}
	if apiDate.After(csvDate) {
		p.Sources = append([]Source{src}, p.Sources...)
		if !sameRatings(&p.Ratings, &l.Ratings) {
			problems.Warnf(l.File, 0, "", "", "location %s: this API document (published %s) is newer than %s:%d (published %s); using the API's ratings",
				l.ID, isoDate(apiDate), csvFile, csvLine, isoDate(csvDate))
		}
		p.Ratings = l.Ratings
	} else {
		p.Sources = append(p.Sources, src)
		if !sameRatings(&p.Ratings, &l.Ratings) {
			problems.Warnf(l.File, 0, "", "", "location %s: %s:%d (published %s) is at least as new as this API document (published %s); using the CSV's ratings",
				l.ID, csvFile, csvLine, isoDate(csvDate), isoDate(apiDate))
		}
	}
	if !l.Registered {
		p.registered = false
		p.deregistered = l.Deregistered
		problems.Warnf(l.File, 0, "registrationStatus", "", "location %s is listed in %s but this API document says it is deregistered; treating it as closed", l.ID, csvFile)
	}
	if l.HasCoords && !p.hasCoords {
		p.lat, p.lon, p.hasCoords = l.Lat, l.Lon, true
	}
	fill(&p.Phone, l.Phone)
	fill(&p.Website, l.Website)
	fill(&p.County, l.County)
	fill(&p.ODS, l.ODS)
	fill(&p.BrandID, l.BrandID)
	fill(&p.BrandName, l.BrandName)
	if p.RegisteredFrom.IsZero() {
		p.RegisteredFrom = l.RegisteredFrom
	}
	if len(p.assessments) == 0 {
		p.assessments = l.History
	}
	if len(p.Reports) == 0 {
		p.Reports = l.Reports
	}
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func sameRatings(a, b *rating.Grid) bool {
	for g := range a {
		for d := range a[g] {
			if a[g][d].Value != b[g][d].Value || a[g][d].Published != b[g][d].Published {
				return false
			}
		}
	}
	return true
}

// placeClosed places a closed practice as place does, without a warning
// when it cannot: it is on no map, but its page lists the open practices
// nearest to where it was, from its coordinates or else its postcode.
func placeClosed(p *Practice, g *geo.Gazetteer) {
	if p.hasCoords {
		p.Point, p.Placed = orb.Point{p.lon, p.lat}, geo.FromCQC
		return
	}
	p.Point, p.Placed = g.Locate(p.Postcode)
}

func (s *Site) place(p *Practice, g *geo.Gazetteer, problems *diag.List) {
	if p.hasCoords {
		p.Point, p.Placed = orb.Point{p.lon, p.lat}, geo.FromCQC
		return
	}
	p.Point, p.Placed = g.Locate(p.Postcode)
	if p.Placed == geo.Unplaced {
		s.unplaced = append(s.unplaced, p)
		hint := "add its postcode or outward code to data/postcodes.csv"
		if g.Len() == 0 {
			hint = "add data/postcodes.csv with its postcode"
		}
		problems.Warnf(p.file, p.line, "Location Post Code", hint,
			"practice %s (%s) has no coordinates and postcode %q was not found; it is left off maps", p.ID, p.Name, p.Postcode)
	}
}

func sortPractices(ps []*Practice) {
	slices.SortFunc(ps, comparePractices)
}

// comparePractices orders practices by name, case folded, then Location ID.
func comparePractices(a, b *Practice) int {
	return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
}

// group builds the regions and local authorities from the sorted practices,
// so each area's list is sorted too.
func (s *Site) group(problems *diag.List) {
	regionCounts := make(map[*Area]map[*Area]int) // LA → region → practices
	for _, p := range s.Practices {
		p.Region = s.area(RegionKind, p.RegionName(), problems)
		p.LocalAuthority = s.area(LocalAuthorityKind, p.LocalAuthorityName(), problems)
		p.Region.Practices = append(p.Region.Practices, p)
		p.LocalAuthority.Practices = append(p.LocalAuthority.Practices, p)
		m := regionCounts[p.LocalAuthority]
		if m == nil {
			m = make(map[*Area]int)
			regionCounts[p.LocalAuthority] = m
		}
		m[p.Region]++
	}
	byName := func(a, b *Area) int { return cmp.Compare(a.Name, b.Name) }
	slices.SortFunc(s.Regions, byName)
	slices.SortFunc(s.LocalAuthorities, byName)
	for _, la := range s.LocalAuthorities {
		best, n := (*Area)(nil), -1
		for r, c := range regionCounts[la] {
			if c > n || c == n && r.Name < best.Name {
				best, n = r, c
			}
		}
		la.Region = best
		best.LocalAuthorities = append(best.LocalAuthorities, la)
	}
	for _, r := range s.Regions {
		slices.SortFunc(r.LocalAuthorities, byName)
	}
}

// RegionName is the practice's region as published, or Unknown.
func (p *Practice) RegionName() string { return orUnknown(p.regionName) }

// LocalAuthorityName is the practice's local authority as published, or
// Unknown.
func (p *Practice) LocalAuthorityName() string { return orUnknown(p.laName) }

func orUnknown(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return Unknown
	}
	return s
}

// area finds or makes the area called name. Two names with one slug get
// distinct slugs ("-2", "-3", …) and a warning.
func (s *Site) area(kind AreaKind, name string, problems *diag.List) *Area {
	if a, ok := s.byName[kind][name]; ok {
		return a
	}
	bySlug := s.bySlug[kind]
	slug := Slug(name)
	if slug == "" {
		slug = "unnamed"
	}
	for n := 2; ; n++ {
		a, ok := bySlug[slug]
		if !ok {
			break
		}
		if n == 2 {
			problems.Warnf("", 0, "", "", "the %s names %q and %q share the slug %q; the second becomes %q",
				kindWord(kind), a.Name, name, slug, fmt.Sprintf("%s-%d", Slug(name), n))
		}
		slug = fmt.Sprintf("%s-%d", Slug(name), n)
	}
	a := &Area{Kind: kind, Name: name, Slug: slug}
	bySlug[slug] = a
	s.byName[kind][name] = a
	if kind == RegionKind {
		s.Regions = append(s.Regions, a)
	} else {
		s.LocalAuthorities = append(s.LocalAuthorities, a)
	}
	return a
}

func kindWord(k AreaKind) string {
	if k == RegionKind {
		return "region"
	}
	return "local authority"
}

func isoDate(t interface{ Format(string) string }) string { return t.Format("2006-01-02") }
