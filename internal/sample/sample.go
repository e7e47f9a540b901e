// Package sample invents realistic input in CQC's real formats: the monthly
// "Latest ratings" CSV, a postcodes file, and CQC API location documents.
// Everything is generated deterministically from Options: the same options
// give the same bytes.
//
// The three writers describe the same invented locations. Each one replays
// the same random sequence from the seed, so they can be called separately
// and in any order.
package sample

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"ratingsite/internal/rating"
)

// Options says what to generate.
type Options struct {
	Practices int       // number of GP practices (current, registered)
	Seed      int64     // the random seed
	Month     time.Time // the data month; publication dates fall before its end
	BOMCRLF   bool      // write the ratings CSV with a UTF-8 BOM and CRLF line endings, as Excel does
	// Months is the number of monthly ratings files WriteDir writes, the
	// newest for Month (0 or 1: one file); see months.go.
	Months int
	// Format of the ratings files WriteDir writes: "csv" (or ""), "ods"
	// or "xlsx"; see sheets.go.
	Format string
	// NewerAPI gives every other API document a newer rating than the
	// ratings file's, published in the month after Month, as when the
	// documents are fetched after the file: the build then warns that each
	// one is newer. Without it every document agrees with the newest
	// ratings file, so the sample builds without warnings.
	NewerAPI bool
}

// MaxPractices is the most practices one call generates.
const MaxPractices = 1_000_000

// Category, location type and report values as CQC writes them.
const (
	CategoryGP       = "GP Practices"
	CategoryDentist  = "Dentists"
	CategoryCareHome = "Residential social care"
	TypeGP           = "Primary Medical Services"
	reportType       = "Location"
	cqcSite          = "https://www.cqc.org.uk"
)

// columns is the header of CQC's Latest ratings CSV.
var columns = []string{
	"Location ID", "Location ODS Code", "Location Name", "Care Home?", "Location Type",
	"Location Primary Inspection Category", "Location Street Address", "Location Address Line 2",
	"Location City", "Location Post Code", "Location Local Authority", "Location Region",
	"Location NHS Region", "Location ONSPD CCG Code", "Location ONSPD CCG",
	"Location Commissioning CCG Code", "Location Commissioning CCG Name",
	"Service / Population Group", "Domain", "Latest Rating", "Publication Date", "Report Type",
	"Inherited Rating (Y/N)", "URL", "Provider ID", "Provider Name", "Brand ID", "Brand Name",
}

// Column indexes that change from row to row.
const (
	colGroup = 17 + iota
	colDomain
	colRating
	colDate
	colReportType
	colInherited
)

// WriteRatingsCSV writes a CQC "Latest ratings" CSV for opt.Practices GP
// practices, plus about 5% other locations (dentists and care homes) that a
// reader must filter out by category. It streams: memory use does not grow
// with the output.
func WriteRatingsCSV(w io.Writer, opt Options) error {
	_, err := writeRatings(w, opt)
	return err
}

// WritePostcodes writes `postcode,latitude,longitude` rows: every invented
// location's full postcode (except about 2% of GP practices' — those must be
// placed by their outward code — and one practice's whose outward code is
// missing too), then the centroids of the outward codes used.
func WritePostcodes(w io.Writer, opt Options) error {
	_, err := writePostcodes(w, opt)
	return err
}

// WriteAPIDocs calls write(name, data) for n CQC API /locations/{id}
// documents describing GP practices of the ratings CSV (the same IDs), about
// half of them with a newer publication than the CSV row (some in the single
// assessment framework's "assessment" shape), then for two more: a
// deregistered GP practice that is not in the CSV and a dentist from the
// CSV. name is "<location id>.json". n larger than opt.Practices is reduced
// to it; n <= 0 writes nothing.
func WriteAPIDocs(opt Options, n int, write func(name string, data []byte) error) error {
	g, err := newGen(opt)
	if err != nil || n <= 0 {
		return err
	}
	return g.apiDocs(min(n, opt.Practices), write)
}

// Summary counts what WriteDir wrote.
type Summary struct {
	RatingsFile, PostcodesFile, APIDir string
	Practices, Others, Rows            int // locations and data rows in the ratings CSV
	Postcodes                          int // rows in the postcodes file
	APIDocs                            int
	Bytes                              int64 // total size of the files written
	// EarlierFiles are the ratings files of the months before the newest,
	// oldest first; Closed counts the practices listed only in them.
	EarlierFiles []string
	Closed       int
	// EnforcementFile and EnforcementRows: data/enforcement.csv.
	EnforcementFile string
	EnforcementRows int
}

// WriteDir writes a whole sample under dir: ratings/latest-ratings-YYYY-MM.csv
// (one per month, see months.go), boundaries/regions.geojson (invented
// region outlines, boundaries.go), boundaries/local-authorities/ (invented
// local-authority outlines, la_boundaries.go), postcodes.csv, enforcement.csv and
// api/<id>.json (apiDocs+2 documents, see WriteAPIDocs).
// Each file is written to a temporary name and renamed into place.
func WriteDir(dir string, opt Options, apiDocs int) (Summary, error) {
	if _, err := newGen(opt); err != nil {
		return Summary{}, err
	}
	switch opt.Format {
	case "", "csv", "ods", "xlsx":
	default:
		return Summary{}, fmt.Errorf("unknown format %q: want csv, ods or xlsx", opt.Format)
	}
	s := Summary{
		RatingsFile:   filepath.Join(dir, "ratings", "latest-ratings-"+opt.Month.Format("2006-01")+"."+formatOf(opt)),
		PostcodesFile: filepath.Join(dir, "postcodes.csv"),
		APIDir:        filepath.Join(dir, "api"),
	}
	for _, d := range []string{filepath.Dir(s.RatingsFile), s.APIDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return s, err
		}
	}
	for back := monthsOf(opt) - 1; back > 0; back-- {
		f := filepath.Join(dir, "ratings", "latest-ratings-"+monthOpt(opt, back).Month.Format("2006-01")+"."+formatOf(opt))
		s.EarlierFiles = append(s.EarlierFiles, f)
		s.Closed = ClosedPractices(opt.Practices)
		err := writeFile(f, &s.Bytes, func(w io.Writer) error {
			return writeAs(opt.Format, w, func(w io.Writer) error {
				_, err := writeRatingsMonth(w, opt, back)
				return err
			})
		})
		if err != nil {
			return s, err
		}
	}
	s.EnforcementFile = filepath.Join(dir, "enforcement.csv")
	err := writeFile(s.EnforcementFile, &s.Bytes, func(w io.Writer) (err error) {
		s.EnforcementRows, err = WriteEnforcementCSV(w, opt)
		return err
	})
	if err != nil {
		return s, err
	}
	var las map[string]bool
	err = writeFile(s.RatingsFile, &s.Bytes, func(w io.Writer) error {
		return writeAs(opt.Format, w, func(w io.Writer) error {
			st, err := writeRatings(w, opt)
			s.Practices, s.Others, s.Rows = st.practices, st.others, st.rows
			las = st.las
			return err
		})
	})
	if err != nil {
		return s, err
	}
	err = writeFile(s.PostcodesFile, &s.Bytes, func(w io.Writer) (err error) {
		s.Postcodes, err = writePostcodes(w, opt)
		return err
	})
	if err != nil {
		return s, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "boundaries"), 0o755); err != nil {
		return s, err
	}
	if err := writeFile(filepath.Join(dir, "boundaries", "regions.geojson"), &s.Bytes, WriteBoundaries); err != nil {
		return s, err
	}
	if err := writeLocalAuthorityBoundaries(dir, las, &s.Bytes); err != nil {
		return s, err
	}
	err = WriteAPIDocs(opt, apiDocs, func(name string, data []byte) error {
		s.APIDocs++
		return writeFile(filepath.Join(s.APIDir, name), &s.Bytes, func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		})
	})
	return s, err
}

// writeFile writes path through a temporary file in the same directory.
func writeFile(path string, total *int64, fill func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	cw := &countWriter{w: f}
	if err = fill(cw); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	*total += cw.n
	return os.Rename(f.Name(), path)
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ---------------------------------------------------------------------------
// The generator.

type kind uint8

const (
	gp kind = iota
	dentist
	careHome
	numKinds
)

type provider struct{ id, name, brandID, brandName string }

// location is one invented CQC location.
type location struct {
	kind  kind
	index int // position among the GP practices of the CSV; -1 otherwise
	id    string
	ods   string
	name  string

	street, line2, city, postcode string
	reg                           *region
	ar                            *area
	// unlisted: the full postcode is left out of the postcodes file.
	unlisted bool

	prov           *provider
	phone, website string
	registered     time.Time
	beds           int
	grid           rating.Grid
	// was, when set, is the overall rating before the current one, which
	// was published in the data month (months.go).
	was rating.Value
}

func (l *location) url() string { return cqcSite + "/location/" + l.id }

// gen holds the state that makes the invented locations unique; every
// writer makes a fresh one and replays the same sequence.
type gen struct {
	opt        Options
	first, end time.Time // the data month's first and last day
	r          *rand.Rand
	ids        map[uint64]struct{} // CQC location and provider IDs
	ods        map[uint32]struct{} // GP ODS codes: letter*100000 + number
	vcodes     map[string]struct{} // other locations' ODS codes
	groups     [][]*provider       // providers running several practices, per region
	brands     int
	made       [numKinds]int
	specials   map[int]*special // practice index → forced features
	// extra practices follow the others: those that closed (months.go).
	extra int
	// withDereg: each passes on the API's deregistered practice too, which
	// it draws (and otherwise skips) before the extra ones.
	withDereg bool
	// rewind, if set, changes each location to an earlier month's state.
	rewind func(*location)
	// forced counts the practices force has re-rated in the data month.
	forced int
}

var (
	floorDate         = day(2015, 1, 5) // CQC's first GP ratings
	regStart          = day(2013, 4, 1) // GP practices registered with CQC
	groupsEnd         = day(2021, 1, 1) // population groups were rated before this
	totalRegionWeight = func() (t int) {
		for _, r := range regions {
			t += r.weight
		}
		return t
	}()
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func newGen(opt Options) (*gen, error) {
	if opt.Practices < 0 || opt.Practices > MaxPractices {
		return nil, fmt.Errorf("sample: %d practices: want 0 to %d", opt.Practices, MaxPractices)
	}
	if opt.Month.IsZero() {
		return nil, errors.New("sample: Options.Month is not set")
	}
	y, m, _ := opt.Month.Date()
	first := day(y, m, 1)
	if first.Before(day(2016, 1, 1)) || first.After(day(2100, 1, 1)) {
		return nil, fmt.Errorf("sample: data month %s: want 2016-01 or later", first.Format("2006-01"))
	}
	g := &gen{
		opt:    opt,
		first:  first,
		end:    first.AddDate(0, 1, -1),
		r:      rand.New(rand.NewPCG(uint64(opt.Seed), 0x5eed_c0c0_a11e_2026)),
		ids:    make(map[uint64]struct{}, opt.Practices*2+16),
		ods:    make(map[uint32]struct{}, opt.Practices+16),
		vcodes: make(map[string]struct{}),
		groups: make([][]*provider, len(regions)),
	}
	g.specials = placeSpecials(opt.Practices)
	return g, nil
}

// each generates the CSV's locations in order: the GP practices, with the
// other locations among them.
func (g *gen) each(fn func(*location) error) error {
	var l location
	for i := range g.opt.Practices {
		g.practice(i, g.specials[i], &l)
		g.force(&l)
		if err := fn(&l); err != nil {
			return err
		}
		if g.r.IntN(19) == 0 {
			g.other(dentist+kind(g.r.IntN(2)), &l)
			if err := fn(&l); err != nil {
				return err
			}
		}
		if i == g.opt.Practices-1 { // at least one of each
			for k := dentist; k < numKinds; k++ {
				if g.made[k] == 0 {
					g.other(k, &l)
					if err := fn(&l); err != nil {
						return err
					}
				}
			}
		}
	}
	if g.extra > 0 {
		d := g.deregistered() // the API's deregistered practice comes next
		if g.withDereg {
			if err := fn(&d); err != nil {
				return err
			}
		}
	}
	for i := range g.extra {
		g.practice(g.opt.Practices+i, nil, &l)
		if err := fn(&l); err != nil {
			return err
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// Forced features: every rating word, awkward names and unplaceable postcodes
// appear whatever the seed.

type pcMode uint8

const (
	pcListed      pcMode = iota
	pcFullMissing        // the full postcode is missing, its outward code is not
)

type special struct {
	region, la  string
	name, line2 string
	overall     rating.Value
	kq          [rating.NumDomains]rating.Value // overrides, by domain
	pre2021     bool                            // published before 2021, so population groups are rated
	inherited   bool
	brand       bool
	postcode    pcMode
}

// specials, most important first: with fewer practices than specials, the
// first ones are kept.
var specials = []special{
	{region: "North East", overall: rating.Outstanding},
	{region: "London", overall: rating.RequiresImprovement},
	{region: "West Midlands", overall: rating.Inadequate},
	{region: "North West", la: "Oldham", name: "St John's Surgery, Royton", line2: "Royton",
		overall: rating.Good, pre2021: true, inherited: true, brand: true},
	{region: "East Midlands", overall: rating.NoPublishedRating},
	{region: "Yorkshire and The Humber", overall: rating.InspectedNotRated},
	{region: "East of England", overall: rating.InsufficientEvidence},
	{region: "South West", overall: rating.NotRated},
	{region: "South East", overall: rating.Good,
		kq: [rating.NumDomains]rating.Value{rating.Safe: rating.InspectedNotRated, rating.Responsive: rating.NotApplicable}},
	{region: "North West", la: "Manchester", overall: rating.Good, postcode: pcFullMissing},
	{region: "South West", la: "Isles of Scilly", name: "St Mary's Health Centre", line2: "Hugh Town",
		overall: rating.Good},
}

// placeSpecials spreads the specials evenly through n practices.
func placeSpecials(n int) map[int]*special {
	m := make(map[int]*special, len(specials))
	k := len(specials)
	for j := range specials {
		pos := (2*j + 1) * n / (2 * k)
		if n < k {
			pos = j
		}
		if pos < n {
			m[pos] = &specials[j]
		}
	}
	return m
}

func regionNamed(name string) *region {
	for i := range regions {
		if regions[i].name == name {
			return &regions[i]
		}
	}
	panic("sample: no region " + name)
}

func areaNamed(reg *region, la string) *area {
	for i := range reg.areas {
		if reg.areas[i].la == la {
			return &reg.areas[i]
		}
	}
	panic("sample: no local authority " + la + " in " + reg.name)
}

// ---------------------------------------------------------------------------
// Practices and other locations.

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func (g *gen) pickRegion() *region {
	n := g.r.IntN(totalRegionWeight)
	for i := range regions {
		if n < regions[i].weight {
			return &regions[i]
		}
		n -= regions[i].weight
	}
	panic("unreachable")
}

func (g *gen) pickArea(reg *region) *area {
	for {
		if a := &reg.areas[g.r.IntN(len(reg.areas))]; !a.absent {
			return a
		}
	}
}

// practice invents GP practice i (i < 0: one that is not in the CSV).
func (g *gen) practice(i int, sp *special, l *location) {
	r := g.r
	*l = location{kind: gp, index: i}
	if sp == nil {
		sp = &special{}
	}
	if sp.region != "" {
		l.reg = regionNamed(sp.region)
	} else {
		l.reg = g.pickRegion()
	}
	if sp.la != "" {
		l.ar = areaNamed(l.reg, sp.la)
	} else {
		l.ar = g.pickArea(l.reg)
	}
	l.id = g.newID()
	l.ods = g.newODS(l.reg)
	stem, road := g.address(l)
	sur := pick(r, surnames)
	l.name = g.practiceName(l.ar, stem, road, sur)
	if sp.name != "" {
		l.name = sp.name
	}
	if sp.line2 != "" {
		l.line2 = sp.line2
	}
	l.unlisted = r.IntN(50) == 0 || sp.postcode == pcFullMissing
	l.postcode = g.postcode(l.ar, l.unlisted)
	l.prov = g.gpProvider(l, sur, sp.brand)
	l.phone = g.phone(l.ar)
	l.website = g.website(l.name)

	v := sp.overall
	if !v.Present() {
		v = overallRating(r, l.reg)
	}
	d := g.pubDate(r, v, sp.pre2021)
	g.fillGrid(r, l, v, d, sp.kq)
	if r.IntN(100) < 3 || sp.inherited {
		g.inherit(l)
	}
	g.register(l)
}

// fillGrid gives l an overall rating v published on d, key questions that
// agree with it, and, for a GP practice last inspected comprehensively
// before 2021, population groups.
func (g *gen) fillGrid(r *rand.Rand, l *location, v rating.Value, d time.Time, kqOver [rating.NumDomains]rating.Value) {
	l.grid = rating.Grid{}
	kq := keyQuestions(r, v)
	// Some practices had a later focused inspection: the key questions it
	// did not look at keep the date of the comprehensive one.
	comp := d
	focused := v.IsRating() && r.IntN(100) < 8
	if focused {
		if c := weekday(d.AddDate(0, 0, -365-r.IntN(730)), floorDate, d); c.After(floorDate) && c.Before(d) {
			comp = c
		} else {
			focused = false
		}
	}
	effOld := r.IntN(2) == 0
	set := func(grp rating.Group, dom rating.Domain, val rating.Value, at time.Time) {
		l.grid[grp][dom] = rating.Cell{Value: val, Published: rating.DayOf(at), ReportType: rating.ReportTypeOf(reportType)}
	}
	set(rating.Whole, rating.Overall, v, d)
	for i, dom := range rating.KeyQuestions {
		val := kq[i]
		if kqOver[dom].Present() {
			val = kqOver[dom]
		}
		at := d
		if focused && (dom == rating.Caring || dom == rating.Responsive || dom == rating.Effective && effOld) {
			at = comp
		}
		set(rating.Whole, dom, val, at)
	}
	if comp.Before(groupsEnd) && l.kind == gp {
		for _, grp := range rating.PopulationGroups {
			set(grp, rating.Overall, groupRating(r, v), comp)
		}
	}
}

// inherit marks l's ratings as inherited from a previous provider.
func (g *gen) inherit(l *location) {
	for i := range l.grid {
		for j := range l.grid[i] {
			if l.grid[i][j].Value.Present() {
				l.grid[i][j].Inherited = true
			}
		}
	}
}

// register sets l's registration date: before its ratings, or after them
// when they were inherited.
func (g *gen) register(l *location) {
	r := g.r
	newest, oldest := l.grid.Newest(), g.oldest(l)
	switch {
	case l.grid[0][0].Inherited:
		l.registered = weekday(newest.AddDate(0, 0, 7+r.IntN(120)), newest, g.end)
	case l.grid[0][0].Value == rating.NoPublishedRating:
		l.registered = weekday(newest.AddDate(0, 0, -30-r.IntN(200)), regStart, newest)
	case r.IntN(10) < 8 || oldest.Before(regStart.AddDate(0, 6, 0)):
		l.registered = regStart
	default:
		l.registered = between(r, regStart, oldest.AddDate(0, -6, 0))
	}
}

func (g *gen) oldest(l *location) time.Time {
	t := l.grid.Newest()
	for i := range l.grid {
		for j := range l.grid[i] {
			if c := l.grid[i][j]; c.Value.Present() && c.Published.Time().Before(t) {
				t = c.Published.Time()
			}
		}
	}
	return t
}

// other invents a dentist or care home.
func (g *gen) other(k kind, l *location) {
	r := g.r
	*l = location{kind: k, index: -1}
	l.reg = g.pickRegion()
	l.ar = g.pickArea(l.reg)
	l.id = g.newID()
	l.ods = g.newVCode()
	stem, road := g.address(l)
	dist := pick(r, l.ar.district)
	var names []string
	if k == dentist {
		names = []string{stem + " Dental Practice", dist + " Dental Care", road + " Dental Surgery", "Smile " + stem + " Dental Clinic"}
	} else {
		names = []string{stem + " House", stem + " Lodge", stem + " Court Care Home", stem + " Manor Nursing Home"}
		l.beds = 20 + r.IntN(70)
	}
	l.name = pick(r, names)
	l.postcode = g.postcode(l.ar, false)
	if k == dentist {
		l.prov = &provider{id: g.newID(), name: strings.TrimSuffix(l.name, " Practice") + " Ltd"}
	} else {
		l.prov = &provider{id: g.newID(), name: pick(r, groupFirst) + " Care Homes Ltd"}
	}
	l.phone = g.phone(l.ar)
	l.website = g.website(l.name)
	v := pickValue(r, []rating.Value{rating.Outstanding, rating.Good, rating.RequiresImprovement, rating.Inadequate}, []int{4, 75, 18, 3})
	g.fillGrid(r, l, v, between(r, day(2018, 1, 1), g.end), [rating.NumDomains]rating.Value{})
	g.register(l)
	g.made[k]++
}

// deregistered invents a GP practice that has closed: it is not in the CSV,
// only in an API document. Call it after each.
func (g *gen) deregistered() location {
	var l location
	g.practice(-1, nil, &l)
	v := rating.RequiresImprovement
	d := between(g.r, day(2017, 6, 1), rating.AddMonths(g.end, -14))
	g.fillGrid(g.r, &l, v, d, [rating.NumDomains]rating.Value{})
	l.registered = regStart
	l.unlisted = false
	return l
}

func (g *gen) newID() string {
	for {
		digits := [...]int{9, 9, 9, 9, 10, 10, 10, 11, 11, 11}[g.r.IntN(10)]
		lo := uint64(math.Pow10(digits - 1))
		v := lo + g.r.Uint64N(9*lo)
		if _, dup := g.ids[v]; !dup {
			g.ids[v] = struct{}{}
			return "1-" + strconv.FormatUint(v, 10)
		}
	}
}

// newODS returns a new GP practice ODS code: a letter (by region, sometimes
// Y, as for newer practices) and five digits.
func (g *gen) newODS(reg *region) string {
	for try := 0; ; try++ {
		letters := reg.odsLetters
		if try > 8 {
			letters = "ABCDEFGHJKLMNPY"
		} else if g.r.IntN(20) == 0 {
			letters = "Y"
		}
		c := letters[g.r.IntN(len(letters))]
		n := g.r.IntN(100000)
		key := uint32(c-'A')*100000 + uint32(n)
		if _, dup := g.ods[key]; dup {
			continue
		}
		g.ods[key] = struct{}{}
		b := []byte{c, '0', '0', '0', '0', '0'}
		for i := 5; n > 0; i-- {
			b[i] = byte('0' + n%10)
			n /= 10
		}
		return string(b)
	}
}

// newVCode returns an ODS code for a dentist or care home: V and four more
// letters or digits.
func (g *gen) newVCode() string {
	const chars = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	for {
		b := []byte{'V', "ABCDEFGHJKLMNPQRSTUVWXYZ"[g.r.IntN(24)], 0, 0, 0}
		for i := 2; i < len(b); i++ {
			b[i] = chars[g.r.IntN(len(chars))]
		}
		if s := string(b); !has(g.vcodes, s) {
			g.vcodes[s] = struct{}{}
			return s
		}
	}
}

func has[K comparable](m map[K]struct{}, k K) bool { _, ok := m[k]; return ok }

// address sets l's street, line 2 and city; it returns the street's stem
// ("Church") and name ("Church Road") for the location's name.
func (g *gen) address(l *location) (stem, road string) {
	r := g.r
	stem = pick(r, stems)
	road = stem + " " + pick(r, streetKinds)
	switch u := r.IntN(100); {
	case u < 62:
		l.street = strconv.Itoa(1+r.IntN(300)) + " " + road
	case u < 82:
		l.street = road
	case u < 94:
		l.street = pick(r, l.ar.district) + " Health Centre, " + road
	default:
		l.street = "Unit " + strconv.Itoa(1+r.IntN(12)) + ", " + pick(r, stems) + " Court"
	}
	if r.IntN(100) < 55 {
		l.line2 = pick(r, l.ar.district)
	}
	l.city = l.ar.town
	return stem, road
}

func (g *gen) practiceName(ar *area, stem, road, sur string) string {
	r := g.r
	place := pick(r, ar.district)
	switch u := r.IntN(100); {
	case u < 16:
		return "The " + stem + " Surgery"
	case u < 28:
		return road + " Surgery"
	case u < 36:
		return place + " Medical Centre"
	case u < 40:
		return ar.town + " " + pick(r, []string{"Road", "Central", "East", "West"}) + " Medical Centre"
	case u < 50:
		return place + " Health Centre"
	case u < 58:
		return "Dr " + sur + " and Partners"
	case u < 62:
		return "Dr " + sur + " & Partners"
	case u < 70:
		return stem + " Medical Practice"
	case u < 77:
		return place + " Family Practice"
	case u < 83:
		return "The " + stem + " Practice"
	case u < 88:
		return stem + " House Surgery"
	case u < 93:
		return place + " Group Practice"
	case u < 97:
		return stem + " Primary Care Centre"
	default:
		return "Dr " + string(initials[r.IntN(len(initials))]) + " " + sur + "'s Surgery"
	}
}

// gpProvider finds the practice's provider: usually its own partnership,
// sometimes a group that runs several practices in the region.
func (g *gen) gpProvider(l *location, sur string, brand bool) *provider {
	r := g.r
	ri := slices.IndexFunc(regions, func(x region) bool { return x.name == l.reg.name })
	if r.IntN(100) < 12 || brand {
		pool := g.groups[ri]
		if j := r.IntN(3 + g.opt.Practices/400); j < len(pool) && (!brand || pool[j].brandID != "") {
			return pool[j]
		}
		first := pick(r, groupFirst)
		p := &provider{id: g.newID(), name: first + " " + pick(r, groupSecond) + " " + pick(r, groupKind)}
		if r.IntN(4) == 0 || brand {
			g.brands++
			p.brandID = "BD" + strconv.Itoa(100+g.brands*37%900)
			p.brandName = "BRAND " + first + " Health"
		}
		g.groups[ri] = append(pool, p)
		return p
	}
	p := &provider{id: g.newID()}
	ini := func() string { return string(initials[r.IntN(len(initials))]) }
	switch u := r.IntN(10); {
	case strings.HasPrefix(l.name, "Dr "):
		p.name = l.name
	case u < 4:
		p.name = "Dr " + ini() + " " + sur
	case u < 6:
		p.name = "Drs " + sur + ", " + pick(r, surnames) + " and " + pick(r, surnames)
	case u < 8:
		p.name = strings.TrimPrefix(l.name, "The ") + " Partnership"
	default:
		p.name = strings.TrimPrefix(l.name, "The ") + " Ltd"
	}
	return p
}

// postcode invents a postcode in the area: a real outward code and an
// invented inward code. Inward codes of unlisted postcodes start with 0,
// so they never clash with a listed one.
func (g *gen) postcode(ar *area, unlisted bool) string {
	d := byte('1' + g.r.IntN(9))
	if unlisted {
		d = '0'
	}
	in := []byte{' ', d, inwardLetters[g.r.IntN(len(inwardLetters))], inwardLetters[g.r.IntN(len(inwardLetters))]}
	return pick(g.r, ar.outward) + string(in)
}

func (g *gen) phone(ar *area) string {
	b := make([]byte, 0, 11)
	b = append(b, ar.dial...)
	b = append(b, "2345678"[g.r.IntN(7)])
	for len(b) < 11 {
		b = append(b, byte('0'+g.r.IntN(10)))
	}
	return string(b)
}

func (g *gen) website(name string) string {
	if g.r.IntN(100) >= 40 {
		return ""
	}
	var b strings.Builder
	b.WriteString("www.")
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if w == "the" || w == "and" || w == "&" {
			continue
		}
		for _, c := range w {
			if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
				b.WriteRune(c)
			}
		}
	}
	b.WriteString(pick(g.r, []string{".nhs.uk", ".co.uk"}))
	return b.String()
}

// ---------------------------------------------------------------------------
// Coordinates: a pure function of the postcode, so a postcode shared by two
// locations has one position. Outward-code centroids lie within 4.5 km of
// the area's centre, full postcodes within 3 km of their centroid.

func outwardOf(postcode string) string {
	if i := strings.IndexByte(postcode, ' '); i >= 0 {
		return postcode[:i]
	}
	return postcode
}

func hashUnit(s string) (u, v float64) {
	h := fnv.New64a()
	h.Write([]byte(s))
	x := h.Sum64()
	// splitmix64 finaliser, for two well-mixed halves
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>32) / (1 << 32), float64(x&0xffffffff) / (1 << 32)
}

func offset(lat, lon float64, key string, km float64) (float64, float64) {
	u, v := hashUnit(key)
	d := km * math.Sqrt(u)
	a := 2 * math.Pi * v
	lat += d * math.Cos(a) / 111.2
	lon += d * math.Sin(a) / (111.2 * math.Cos(lat*math.Pi/180))
	return round6(lat), round6(lon)
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func outwardCoords(ar *area, outward string) (float64, float64) {
	return offset(ar.lat, ar.lon, outward, 4.5)
}

func postcodeCoords(ar *area, postcode string) (float64, float64) {
	lat, lon := outwardCoords(ar, outwardOf(postcode))
	return offset(lat, lon, postcode, 3)
}

// ---------------------------------------------------------------------------
// Ratings.

func pickValue(r *rand.Rand, vals []rating.Value, weights []int) rating.Value {
	t := 0
	for _, w := range weights {
		t += w
	}
	n := r.IntN(t)
	for i, w := range weights {
		if n < w {
			return vals[i]
		}
		n -= w
	}
	return vals[len(vals)-1]
}

// overallRating draws a current practice's overall rating: about 3% are not
// ratings; of the rest about 4.6% Outstanding, 86% Good, 7% Requires
// improvement and 2% Inadequate, varied a little by region.
func overallRating(r *rand.Rand, reg *region) rating.Value {
	if r.IntN(1000) < 30 {
		return pickValue(r, []rating.Value{rating.NoPublishedRating, rating.InspectedNotRated, rating.InsufficientEvidence, rating.NotRated}, []int{40, 30, 15, 15})
	}
	out := 0.046 * reg.outMul
	ri := 0.070 * reg.badMul
	inad := 0.021 * reg.badMul
	switch u := r.Float64(); {
	case u < out:
		return rating.Outstanding
	case u < out+inad:
		return rating.Inadequate
	case u < out+inad+ri:
		return rating.RequiresImprovement
	}
	return rating.Good
}

// keyQuestions draws the five key questions' values (in rating.KeyQuestions
// order) for an overall value o: mostly the same, sometimes one step away,
// in combinations that CQC's aggregation rules would give o.
func keyQuestions(r *rand.Rand, o rating.Value) (kq [5]rating.Value) {
	if !o.IsRating() {
		for i := range kq {
			kq[i] = o
		}
		return kq
	}
	near := nearRatings[o]
	for i := range kq {
		kq[i] = pickValue(r, near.vals, near.weights)
	}
	count := func(f func(rating.Value) bool) (n int) {
		for _, v := range kq {
			if f(v) {
				n++
			}
		}
		return n
	}
	// limit replaces values matching f, beyond the first max of them, by to.
	limit := func(f func(rating.Value) bool, max int, to rating.Value) {
		for i, n := r.IntN(5), 0; n < 5; i, n = (i+1)%5, n+1 {
			if f(kq[i]) {
				if max > 0 {
					max--
				} else {
					kq[i] = to
				}
			}
		}
	}
	// atLeast sets values not matching f to to until min of them match.
	atLeast := func(f func(rating.Value) bool, min int, to rating.Value) {
		for i, n := r.IntN(5), 0; n < 5 && count(f) < min; i, n = (i+1)%5, n+1 {
			if !f(kq[i]) {
				kq[i] = to
			}
		}
	}
	is := func(v rating.Value) func(rating.Value) bool { return func(w rating.Value) bool { return w == v } }
	worse := func(v rating.Value) func(rating.Value) bool { return func(w rating.Value) bool { return w >= v } }
	switch o {
	case rating.Outstanding:
		atLeast(is(rating.Outstanding), 2, rating.Outstanding)
	case rating.Good:
		limit(is(rating.Outstanding), 1, rating.Good)
		limit(is(rating.RequiresImprovement), 1, rating.Good)
	case rating.RequiresImprovement:
		limit(is(rating.Inadequate), 1, rating.RequiresImprovement)
		atLeast(worse(rating.RequiresImprovement), 2, rating.RequiresImprovement)
	case rating.Inadequate:
		atLeast(is(rating.Inadequate), 2, rating.Inadequate)
	}
	// A focused inspection sometimes left a key question unrated.
	for i := range kq {
		switch u := r.IntN(1000); {
		case u < 4:
			kq[i] = rating.InspectedNotRated
		case u < 6:
			kq[i] = rating.NotApplicable
		}
	}
	return kq
}

// nearRatings are the chances of each key-question value given the overall.
var nearRatings = map[rating.Value]struct {
	vals    []rating.Value
	weights []int
}{
	rating.Outstanding:         {[]rating.Value{rating.Outstanding, rating.Good}, []int{60, 40}},
	rating.Good:                {[]rating.Value{rating.Outstanding, rating.Good, rating.RequiresImprovement}, []int{5, 90, 5}},
	rating.RequiresImprovement: {[]rating.Value{rating.Good, rating.RequiresImprovement, rating.Inadequate}, []int{33, 55, 12}},
	rating.Inadequate:          {[]rating.Value{rating.Good, rating.RequiresImprovement, rating.Inadequate}, []int{10, 40, 50}},
}

// groupRating draws a population group's rating for overall o.
func groupRating(r *rand.Rand, o rating.Value) rating.Value {
	if !o.IsRating() || r.IntN(100) < 88 {
		return o
	}
	switch o {
	case rating.Outstanding:
		return rating.Good
	case rating.Good:
		return pick(r, []rating.Value{rating.Outstanding, rating.RequiresImprovement})
	case rating.RequiresImprovement:
		return pickValue(r, []rating.Value{rating.Good, rating.Inadequate}, []int{70, 30})
	}
	return rating.RequiresImprovement
}

// pubDate draws a publication date for overall value v. Good and
// Outstanding practices are mostly re-inspected rarely (two thirds before
// 2021); Inadequate and Requires improvement ones within 6 and 12 months.
func (g *gen) pubDate(r *rand.Rand, v rating.Value, pre2021 bool) time.Time {
	end := g.end
	if pre2021 {
		return g.before2021(r)
	}
	switch v {
	case rating.Outstanding, rating.Good:
		if r.IntN(100) < 66 {
			return g.before2021(r)
		}
		return between(r, day(2021, 1, 4), end)
	case rating.RequiresImprovement:
		if r.IntN(4) != 0 {
			return between(r, rating.AddMonths(end, -15), end)
		}
		return between(r, day(2016, 6, 1), rating.AddMonths(end, -15))
	case rating.Inadequate:
		if r.IntN(5) != 0 {
			return between(r, rating.AddMonths(end, -8), end)
		}
		return between(r, rating.AddMonths(end, -24), rating.AddMonths(end, -8))
	case rating.NoPublishedRating:
		return between(r, rating.AddMonths(end, -24), end)
	case rating.InspectedNotRated:
		return between(r, day(2016, 1, 4), end)
	case rating.InsufficientEvidence:
		return between(r, day(2021, 6, 1), end)
	}
	return between(r, day(2015, 3, 2), day(2020, 12, 18))
}

// before2021 draws a date in CQC's first round of GP inspections.
func (g *gen) before2021(r *rand.Rand) time.Time {
	y := 2015 + int(pickValue(r, []rating.Value{0, 1, 2, 3, 4, 5}, []int{10, 22, 26, 18, 18, 6}))
	lo, hi := day(y, 1, 5), day(y, 12, 18)
	if y == 2020 { // inspections stopped in March 2020
		hi = day(2020, 3, 20)
	}
	if hi.After(g.end) {
		hi = g.end
	}
	return between(r, lo, hi)
}

// between draws a weekday from lo to hi, clamped to the first GP ratings.
func between(r *rand.Rand, lo, hi time.Time) time.Time {
	if lo.Before(floorDate) {
		lo = floorDate
	}
	if hi.Before(lo) {
		hi = lo
	}
	days := int(hi.Sub(lo).Hours() / 24)
	return weekday(lo.AddDate(0, 0, r.IntN(days+1)), lo, hi)
}

// weekday moves a weekend date d to the nearest weekday within [lo, hi].
func weekday(d, lo, hi time.Time) time.Time {
	if d.Before(lo) {
		d = lo
	}
	if d.After(hi) {
		d = hi
	}
	switch d.Weekday() {
	case time.Saturday:
		if e := d.AddDate(0, 0, -1); !e.Before(lo) {
			return e
		}
		if e := d.AddDate(0, 0, 2); !e.After(hi) {
			return e
		}
	case time.Sunday:
		if e := d.AddDate(0, 0, 1); !e.After(hi) {
			return e
		}
		if e := d.AddDate(0, 0, -2); !e.Before(lo) {
			return e
		}
	}
	return d
}

// ---------------------------------------------------------------------------
// The ratings CSV.

type csvStats struct {
	practices, others, rows int
	las                     map[string]bool // the GP practices' local authorities
}

// writeRatings writes the CSV by hand: the columns that are the same in all
// of a location's rows are quoted once per location, not once per row.
func writeRatings(w io.Writer, opt Options) (st csvStats, err error) {
	g, err := newGen(opt)
	if err != nil {
		return st, err
	}
	return g.writeCSV(w)
}

// writeCSV writes the CSV of g's locations.
func (g *gen) writeCSV(w io.Writer) (st csvStats, err error) {
	opt := g.opt
	eol := "\n"
	bw := bufio.NewWriterSize(w, 256<<10)
	if opt.BOMCRLF {
		bw.WriteString("\ufeff")
		eol = "\r\n"
	}
	var row, head, tail []byte
	for i, c := range columns {
		if i > 0 {
			row = append(row, ',')
		}
		row = appendField(row, c)
	}
	bw.Write(append(row, eol...))
	var groups [rating.NumGroups][]byte
	for grp := range groups {
		groups[grp] = appendField(nil, rating.Group(grp).String())
	}
	rec := make([]string, len(columns))
	err = g.each(func(l *location) error {
		if g.rewind != nil {
			g.rewind(l)
		}
		if l.kind == gp {
			st.practices++
			if st.las == nil {
				st.las = map[string]bool{}
			}
			st.las[l.ar.la] = true
		} else {
			st.others++
		}
		baseRecord(rec, l)
		head = head[:0]
		for _, f := range rec[:colGroup] {
			head = append(appendField(head, f), ',')
		}
		tail = tail[:0]
		for _, f := range rec[colInherited+1:] {
			tail = appendField(append(tail, ','), f)
		}
		tail = append(tail, eol...)
		for grp := rating.Whole; grp < rating.NumGroups; grp++ {
			for dom := rating.Overall; dom < rating.NumDomains; dom++ {
				c := &l.grid[grp][dom]
				if !c.Value.Present() {
					continue
				}
				row = append(row[:0], head...)
				row = append(row, groups[grp]...)
				row = append(row, ',')
				row = append(row, dom.String()...)
				row = append(row, ',')
				row = append(row, c.Value.String()...)
				row = append(row, ',')
				row = c.Published.Time().AppendFormat(row, "02/01/2006")
				row = append(row, ',')
				row = appendField(row, c.ReportType.String())
				row = append(row, ',')
				row = append(row, yn(c.Inherited)...)
				row = append(row, tail...)
				if _, err := bw.Write(row); err != nil {
					return err
				}
				st.rows++
			}
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	return st, bw.Flush()
}

// appendField appends s as a CSV field, quoted when it must be (as
// encoding/csv quotes).
func appendField(b []byte, s string) []byte {
	if s == "" || !strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[0] != '\t' && s != `\.` {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// baseRecord fills the columns that are the same in all of l's rows.
func baseRecord(rec []string, l *location) {
	category, typ := CategoryGP, TypeGP
	switch l.kind {
	case dentist:
		category, typ = CategoryDentist, "Primary Dental Care"
	case careHome:
		category, typ = CategoryCareHome, "Social Care Org"
	}
	copy(rec, []string{
		l.id, l.ods, l.name, yn(l.kind == careHome), typ,
		category, l.street, l.line2,
		l.city, l.postcode, l.ar.la, l.reg.name,
		l.reg.nhs, l.ar.icb.code, l.ar.icb.name,
		l.ar.subICB, subICBName(l.ar),
	})
	rec[23] = l.url()
	rec[24], rec[25] = l.prov.id, l.prov.name
	rec[26], rec[27] = orDash(l.prov.brandID), orDash(l.prov.brandName)
}

// subICBName is the sub-ICB location's name, e.g. "NHS Greater Manchester
// ICB - 00Y".
func subICBName(ar *area) string {
	return strings.TrimSuffix(ar.icb.name, " Integrated Care Board") + " ICB - " + ar.subICB
}

// ccgName and ccgCode are the former CCG, as the API's onspdCcg fields give.
func ccgName(ar *area) string {
	if ar.ccg != "" {
		return ar.ccg
	}
	return "NHS " + ar.la + " CCG"
}

func ccgCode(ar *area) string {
	u, _ := hashUnit(ccgName(ar))
	return fmt.Sprintf("E38000%03d", 1+int(u*250))
}

// ---------------------------------------------------------------------------
// The postcodes file.

func writePostcodes(w io.Writer, opt Options) (n int, err error) {
	g, err := newGen(opt)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("postcode,latitude,longitude\n")
	seen := make(map[string]struct{}, opt.Practices)
	outs := make(map[string]*area)
	var buf []byte
	line := func(code string, lat, lon float64) {
		buf = append(buf[:0], code...)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, lat, 'f', 6, 64)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, lon, 'f', 6, 64)
		buf = append(buf, '\n')
		bw.Write(buf)
		n++
	}
	add := func(l *location) error {
		outs[outwardOf(l.postcode)] = l.ar
		if l.unlisted || has(seen, l.postcode) {
			return nil
		}
		seen[l.postcode] = struct{}{}
		lat, lon := postcodeCoords(l.ar, l.postcode)
		line(l.postcode, lat, lon)
		return nil
	}
	// The practices that closed before the newest month are listed too,
	// so that their pages can name the practices near them.
	if monthsOf(opt) > 1 {
		g.extra = ClosedPractices(opt.Practices)
		g.withDereg = true
	}
	if err := g.each(add); err != nil {
		return n, err
	}
	if opt.Practices > 0 && g.extra == 0 {
		d := g.deregistered()
		add(&d)
	}
	codes := make([]string, 0, len(outs))
	for c := range outs {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		lat, lon := outwardCoords(outs[c], c)
		line(c, lat, lon)
	}
	return n, bw.Flush()
}

// ---------------------------------------------------------------------------
// API documents, in the shape of CQC API /locations/{id} (keys sorted, as
// the API's documents are usually stored).

type apiDoc struct {
	Assessment            []apiAssessment `json:"assessment,omitempty"`
	BrandID               string          `json:"brandId,omitempty"`
	BrandName             string          `json:"brandName,omitempty"`
	CareHome              string          `json:"careHome"`
	CurrentRatings        *apiCurrent     `json:"currentRatings,omitempty"`
	DeregistrationDate    string          `json:"deregistrationDate,omitempty"`
	Dormancy              string          `json:"dormancy"`
	GACServiceTypes       []apiService    `json:"gacServiceTypes"`
	HistoricRatings       []apiHistoric   `json:"historicRatings,omitempty"`
	InspectionAreas       []apiArea       `json:"inspectionAreas"`
	InspectionCategories  []apiCategory   `json:"inspectionCategories"`
	InspectionDirectorate string          `json:"inspectionDirectorate"`
	LastInspection        *apiInspection  `json:"lastInspection,omitempty"`
	LastReport            *apiLastReport  `json:"lastReport,omitempty"`
	LocalAuthority        string          `json:"localAuthority"`
	LocationID            string          `json:"locationId"`
	LocationTypes         []apiLocType    `json:"locationTypes"`
	MainPhoneNumber       string          `json:"mainPhoneNumber"`
	Name                  string          `json:"name"`
	NumberOfBeds          int             `json:"numberOfBeds"`
	ODSCCGCode            string          `json:"odsCcgCode"`
	ODSCCGName            string          `json:"odsCcgName"`
	ODSCode               string          `json:"odsCode"`
	CCGCode               string          `json:"onspdCcgCode"`
	CCGName               string          `json:"onspdCcgName"`
	ICBCode               string          `json:"onspdIcbCode"`
	ICBName               string          `json:"onspdIcbName"`
	Lat                   float64         `json:"onspdLatitude"`
	Lon                   float64         `json:"onspdLongitude"`
	OrganisationType      string          `json:"organisationType"`
	Line1                 string          `json:"postalAddressLine1"`
	Line2                 string          `json:"postalAddressLine2,omitempty"`
	City                  string          `json:"postalAddressTownCity"`
	Postcode              string          `json:"postalCode"`
	ProviderID            string          `json:"providerId"`
	Region                string          `json:"region"`
	RegistrationDate      string          `json:"registrationDate"`
	RegistrationStatus    string          `json:"registrationStatus"`
	RegulatedActivities   []apiActivity   `json:"regulatedActivities"`
	Relationships         []struct{}      `json:"relationships"`
	Reports               []apiReport     `json:"reports"`
	Specialisms           []apiName       `json:"specialisms"`
	Type                  string          `json:"type"`
	Website               string          `json:"website,omitempty"`
}

type apiCurrent struct {
	Overall        *apiRating  `json:"overall,omitempty"`
	ReportDate     string      `json:"reportDate"`
	ServiceRatings []apiRating `json:"serviceRatings,omitempty"`
}

type apiRating struct {
	KeyQuestionRatings []apiRating `json:"keyQuestionRatings,omitempty"`
	Name               string      `json:"name,omitempty"`
	Rating             string      `json:"rating"`
	ReportDate         string      `json:"reportDate,omitempty"`
	ReportLinkID       string      `json:"reportLinkId,omitempty"`
}

type apiHistoric struct {
	Overall        apiRating   `json:"overall"`
	ReportDate     string      `json:"reportDate"`
	ReportLinkID   string      `json:"reportLinkId"`
	ServiceRatings []apiRating `json:"serviceRatings,omitempty"`
}

type apiAssessment struct {
	Published string `json:"assessmentPlanPublishedDateTime"`
	Ratings   struct {
		ASG []apiASG `json:"asgRatings"`
	} `json:"ratings"`
}

type apiASG struct {
	AssessmentDate     string     `json:"assessmentDate"`
	AssessmentPlanID   string     `json:"assessmentPlanId"`
	PlanStatus         string     `json:"assessmentPlanStatus"`
	KeyQuestionRatings []apiASGKQ `json:"keyQuestionRatings"`
	Name               string     `json:"name"`
	Rating             string     `json:"rating"`
	Status             string     `json:"status"`
	Title              string     `json:"title"`
}

type apiASGKQ struct {
	Name            string `json:"name"`
	PercentageScore string `json:"percentageScore"`
	Rating          string `json:"rating"`
	Status          string `json:"status"`
}

type apiReport struct {
	FirstVisitDate string `json:"firstVisitDate"`
	LinkID         string `json:"linkId"`
	ReportDate     string `json:"reportDate"`
	ReportType     string `json:"reportType"`
	ReportURI      string `json:"reportUri"`
}

type (
	apiService struct {
		Description string `json:"description"`
		Name        string `json:"name"`
	}
	apiName struct {
		Name string `json:"name"`
	}
	apiLocType struct {
		Type string `json:"type"`
	}
	apiInspection struct {
		Date string `json:"date"`
	}
	apiLastReport struct {
		PublicationDate string `json:"publicationDate"`
	}
	apiArea struct {
		ID     string `json:"inspectionAreaId"`
		Name   string `json:"inspectionAreaName"`
		Status string `json:"status"`
	}
	apiCategory struct {
		Code    string `json:"code"`
		Name    string `json:"name"`
		Primary string `json:"primary"`
	}
	apiActivity struct {
		Code     string     `json:"code"`
		Contacts []struct{} `json:"contacts"`
		Name     string     `json:"name"`
	}
)

// The API lists key questions in this order, and population groups by their
// short names.
var (
	apiKQOrder    = [5]rating.Domain{rating.Safe, rating.WellLed, rating.Caring, rating.Responsive, rating.Effective}
	apiGroupOrder = func() []rating.Group {
		gs := slices.Clone(rating.PopulationGroups[:])
		slices.SortFunc(gs, func(a, b rating.Group) int { return strings.Compare(a.APIName(), b.APIName()) })
		return gs
	}()
)

const apiDate = time.DateOnly

// docMode says how an API document relates to the CSV row.
type docMode uint8

const (
	docSame          docMode = iota // the same ratings as the CSV
	docNewer                        // newer currentRatings
	docNewerAssessed                // newer ratings in the "assessment" block
)

// apiDocs picks n practices spread through the CSV: the first practice at
// or after the middle of each n-th part, and for every other document one
// that can be given a newer publication.
func (g *gen) apiDocs(n int, write func(string, []byte) error) error {
	if n <= 0 {
		return nil
	}
	p := g.opt.Practices
	picked := make([]location, n)
	filled := make([]bool, n)
	fallback := make([]bool, n)
	var dent location
	haveDent := false
	err := g.each(func(l *location) error {
		if l.kind == dentist && !haveDent {
			dent, haveDent = *l, true
		}
		if l.kind != gp {
			return nil
		}
		k := l.index * n / p
		if filled[k] || l.index < (2*k+1)*p/(2*n) {
			return nil
		}
		if k%2 == 1 || g.canBeNewer(l) {
			picked[k], filled[k] = *l, true
		} else if !fallback[k] {
			picked[k], fallback[k] = *l, true
		}
		return nil
	})
	if err != nil {
		return err
	}
	dereg := g.deregistered()
	emit := func(d *apiDoc) error {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(d); err != nil {
			return err
		}
		return write(d.LocationID+".json", []byte(b.String()))
	}
	regsMetDone := false
	for k := range picked {
		if !filled[k] && !fallback[k] {
			continue
		}
		l := &picked[k]
		r := docRand(g.opt.Seed, uint64(k))
		mode := docSame
		if k%2 == 0 && filled[k] && g.opt.NewerAPI {
			mode = docNewer
			if k%4 == 2 {
				mode = docNewerAssessed
			}
		}
		// "Regulations met" appears in the first newer current rating.
		regsMet := mode == docNewer && !regsMetDone
		regsMetDone = regsMetDone || regsMet
		if err := emit(g.doc(r, l, mode, regsMet)); err != nil {
			return err
		}
	}
	d := g.doc(docRand(g.opt.Seed, 1<<20), &dereg, docSame, false)
	d.RegistrationStatus = "Deregistered"
	dd := between(docRand(g.opt.Seed, 1<<20+1), dereg.grid.Newest().AddDate(0, 2, 0), rating.AddMonths(g.end, -1))
	d.DeregistrationDate = dd.Format(apiDate)
	if err := emit(d); err != nil {
		return err
	}
	if haveDent {
		mode := docSame
		if g.opt.NewerAPI {
			mode = docNewerAssessed
		}
		return emit(g.doc(docRand(g.opt.Seed, 1<<20+2), &dent, mode, g.opt.NewerAPI))
	}
	return nil
}

func docRand(seed int64, k uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^0xa91c_3e05_d0c5_0001, k))
}

// canBeNewer reports whether the practice is one whose newer publication
// (with Options.NewerAPI) is worth showing: it has a rating, not one
// published in the last weeks of the data month.
func (g *gen) canBeNewer(l *location) bool {
	return l.grid.Overall().Value.IsRating() && !l.grid.Newest().After(g.end.AddDate(0, 0, -35))
}

// doc builds l's API document.
func (g *gen) doc(r *rand.Rand, l *location, mode docMode, regsMet bool) *apiDoc {
	ar := l.ar
	lat, lon := postcodeCoords(ar, l.postcode)
	d := &apiDoc{
		BrandID: l.prov.brandID, BrandName: l.prov.brandName,
		CareHome: yn(l.kind == careHome), Dormancy: "N",
		LocalAuthority: ar.la, LocationID: l.id, LocationTypes: []apiLocType{},
		MainPhoneNumber: l.phone, Name: l.name, NumberOfBeds: l.beds,
		ODSCCGCode: ar.subICB, ODSCCGName: strings.Replace(subICBName(ar), " ICB - ", " Icb - ", 1), ODSCode: l.ods,
		CCGCode: ccgCode(ar), CCGName: ccgName(ar), ICBCode: ar.icb.code, ICBName: ar.icb.name,
		Lat: lat, Lon: lon, OrganisationType: "Location",
		Line1: l.street, Line2: l.line2, City: l.city, Postcode: l.postcode,
		ProviderID: l.prov.id, Region: l.reg.name,
		RegistrationDate: l.registered.Format(apiDate), RegistrationStatus: "Registered",
		Relationships: []struct{}{}, Specialisms: []apiName{{"Services for everyone"}},
		Website:         l.website,
		InspectionAreas: []apiArea{},
	}
	switch l.kind {
	case gp:
		d.GACServiceTypes = []apiService{{"Doctors consultation service", "Doctors/Gps"}}
		d.InspectionCategories = []apiCategory{{"P2", CategoryGP, "true"}}
		d.InspectionDirectorate = "Primary medical services"
		d.LocationTypes = []apiLocType{{"GP Practice"}}
		d.Type = TypeGP
		d.RegulatedActivities = []apiActivity{
			{Code: "RA11", Contacts: []struct{}{}, Name: "Maternity and midwifery services"},
			{Code: "RA15", Contacts: []struct{}{}, Name: "Family planning"},
			{Code: "RA5", Contacts: []struct{}{}, Name: "Treatment of disease, disorder or injury"},
			{Code: "RA7", Contacts: []struct{}{}, Name: "Surgical procedures"},
			{Code: "RA8", Contacts: []struct{}{}, Name: "Diagnostic and screening procedures"},
		}
		if l.grid.HasGroups() {
			for _, grp := range apiGroupOrder {
				d.InspectionAreas = append(d.InspectionAreas, apiArea{grp.APIName(), grp.String(), "Active (Rated)"})
			}
		}
	case dentist:
		d.GACServiceTypes = []apiService{{"Dental service", "Dentist"}}
		d.InspectionCategories = []apiCategory{{"P1", CategoryDentist, "true"}}
		d.InspectionDirectorate = "Primary medical services"
		d.Type = "Primary Dental Care"
		d.RegulatedActivities = []apiActivity{{Code: "RA5", Contacts: []struct{}{}, Name: "Treatment of disease, disorder or injury"}}
	case careHome:
		d.GACServiceTypes = []apiService{{"Care home service without nursing", "Residential homes"}}
		d.InspectionCategories = []apiCategory{{"S1", CategoryCareHome, "true"}}
		d.InspectionDirectorate = "Adult social care"
		d.Type = "Social Care Org"
		d.RegulatedActivities = []apiActivity{{Code: "RA2", Contacts: []struct{}{}, Name: "Accommodation for persons who require nursing or personal care"}}
	}

	links := map[time.Time]string{}
	link := func(t time.Time) string {
		if id, ok := links[t]; ok {
			return id
		}
		id := uuid(r)
		links[t] = id
		return id
	}
	// The CSV's ratings: current, or the newest historic ones.
	oldest := g.oldest(l)
	csvGroups := serviceRatings(&l.grid, link, true)
	switch mode {
	case docSame:
		d.CurrentRatings = &apiCurrent{
			Overall:        current(&l.grid, link),
			ReportDate:     l.grid.Newest().Format(apiDate),
			ServiceRatings: csvGroups,
		}
	default:
		old := l.grid.Overall()
		d.HistoricRatings = append(d.HistoricRatings, historic(&l.grid, old.Published.Time(), link(old.Published.Time())))
		if gs := serviceRatings(&l.grid, link, false); gs != nil {
			d.HistoricRatings[0].ServiceRatings = gs
		}
		// A re-inspection published after the ratings file, in the month
		// after the data month: the ratings file holds every publication
		// up to the data month's end, so only a later one can be newer.
		when := between(r, g.end.AddDate(0, 0, 1), g.end.AddDate(0, 0, 28))
		nv := evolve(r, old.Value)
		kq := keyQuestions(r, nv)
		if l.kind != gp {
			nv = rating.None
			for i := range kq {
				kq[i] = rating.RegulationsMet
			}
		} else if regsMet {
			kq[slices.Index(rating.KeyQuestions[:], rating.Caring)] = rating.RegulationsMet
		}
		if mode == docNewer {
			var ng rating.Grid
			ng[rating.Whole][rating.Overall] = rating.Cell{Value: nv, Published: rating.DayOf(when)}
			for i, dom := range rating.KeyQuestions {
				ng[rating.Whole][dom] = rating.Cell{Value: kq[i], Published: rating.DayOf(when)}
			}
			d.CurrentRatings = &apiCurrent{Overall: current(&ng, link), ReportDate: when.Format(apiDate)}
		} else {
			// The single assessment framework: currentRatings keeps only the
			// old population groups; the new ratings are in "assessment".
			if csvGroups != nil {
				d.CurrentRatings = &apiCurrent{ReportDate: oldest.Format(apiDate), ServiceRatings: csvGroups}
			}
			d.Assessment = []apiAssessment{assessment(r, l, nv, kq, when)}
			link(when)
		}
	}
	// Earlier inspections.
	at := oldest
	for range r.IntN(3) {
		at = weekday(at.AddDate(0, 0, -300-r.IntN(700)), floorDate, at)
		if !at.After(floorDate) || l.registered.After(at) {
			break
		}
		var hg rating.Grid
		v := pickValue(r, rating.Ratings[:], []int{3, 70, 20, 7})
		hg[rating.Whole][rating.Overall].Value = v
		for i, kv := range keyQuestions(r, v) {
			hg[rating.Whole][rating.KeyQuestions[i]].Value = kv
		}
		for _, grp := range rating.PopulationGroups {
			hg[grp][rating.Overall].Value = groupRating(r, v)
		}
		h := historic(&hg, at, link(at))
		h.ServiceRatings = serviceRatings(&hg, link, false)
		d.HistoricRatings = append(d.HistoricRatings, h)
	}
	// One report per publication, newest first.
	dates := make([]time.Time, 0, len(links))
	for t := range links {
		dates = append(dates, t)
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return b.Compare(a) })
	for _, t := range dates {
		visit := weekday(t.AddDate(0, 0, -21-r.IntN(60)), t.AddDate(-1, 0, 0), t)
		d.Reports = append(d.Reports, apiReport{
			FirstVisitDate: visit.Format(apiDate),
			LinkID:         links[t],
			ReportDate:     t.Format(apiDate),
			ReportType:     reportType,
			ReportURI:      "/reports/" + links[t] + "?" + t.Add(time.Duration(r.IntN(86400))*time.Second).Format("20060102150405"),
		})
	}
	if len(dates) > 0 {
		d.LastReport = &apiLastReport{dates[0].Format(apiDate)}
		d.LastInspection = &apiInspection{d.Reports[0].FirstVisitDate}
	}
	return d
}

// current renders a grid's whole-practice ratings as currentRatings.overall.
func current(gr *rating.Grid, link func(time.Time) string) *apiRating {
	o := gr.Overall()
	if !o.Value.Present() {
		return nil
	}
	a := &apiRating{Rating: o.Value.String(), ReportDate: o.Published.Format(apiDate), ReportLinkID: link(o.Published.Time())}
	for _, dom := range apiKQOrder {
		if c := gr[rating.Whole][dom]; c.Value.Present() {
			a.KeyQuestionRatings = append(a.KeyQuestionRatings, apiRating{
				Name: dom.String(), Rating: c.Value.String(), ReportDate: c.Published.Format(apiDate), ReportLinkID: link(c.Published.Time()),
			})
		}
	}
	return a
}

// historic renders a grid's whole-practice ratings as a historicRatings entry.
func historic(gr *rating.Grid, at time.Time, linkID string) apiHistoric {
	h := apiHistoric{Overall: apiRating{Rating: gr.Overall().Value.String()}, ReportDate: at.Format(apiDate), ReportLinkID: linkID}
	for _, dom := range apiKQOrder {
		if v := gr[rating.Whole][dom].Value; v.Present() {
			h.Overall.KeyQuestionRatings = append(h.Overall.KeyQuestionRatings, apiRating{Name: dom.String(), Rating: v.String()})
		}
	}
	return h
}

// serviceRatings renders the population groups, with their dates when dated.
func serviceRatings(gr *rating.Grid, link func(time.Time) string, dated bool) []apiRating {
	var out []apiRating
	for _, grp := range apiGroupOrder {
		c := gr[grp][rating.Overall]
		if !c.Value.Present() {
			continue
		}
		a := apiRating{Name: grp.APIName(), Rating: c.Value.String()}
		if dated {
			a.ReportDate, a.ReportLinkID = c.Published.Format(apiDate), link(c.Published.Time())
		}
		out = append(out, a)
	}
	return out
}

// assessment renders new ratings in the single assessment framework's shape.
func assessment(r *rand.Rand, l *location, v rating.Value, kq [5]rating.Value, when time.Time) apiAssessment {
	var a apiAssessment
	name := "General Practice"
	if l.kind == dentist {
		name = "Dental"
	}
	asg := apiASG{
		AssessmentDate:   weekday(when.AddDate(0, 0, -40-r.IntN(60)), floorDate, when).Format(apiDate),
		AssessmentPlanID: "AP" + strconv.Itoa(1000+r.IntN(9000)),
		PlanStatus:       "Active",
		Name:             name,
		Rating:           "",
		Status:           "Current",
		Title:            "Assessment of " + l.name,
	}
	if v.Present() {
		asg.Rating = v.String()
	}
	for _, dom := range apiKQOrder {
		kv := kq[slices.Index(rating.KeyQuestions[:], dom)]
		score := map[rating.Value]string{rating.Outstanding: "88", rating.Good: "72", rating.RequiresImprovement: "50", rating.Inadequate: "22"}[kv]
		if score == "" {
			score = "0"
		}
		status := "Assessed"
		if r.IntN(3) == 0 && kv.IsRating() {
			status = "Not Assessed"
		}
		asg.KeyQuestionRatings = append(asg.KeyQuestionRatings, apiASGKQ{Name: dom.String(), PercentageScore: score, Rating: kv.String(), Status: status})
	}
	a.Published = when.Format(time.DateOnly) + fmt.Sprintf(" %02d:%02d:%02d", 7+r.IntN(10), r.IntN(60), r.IntN(60))
	a.Ratings.ASG = []apiASG{asg}
	return a
}

// evolve draws the rating a re-inspection gives a practice rated o.
func evolve(r *rand.Rand, o rating.Value) rating.Value {
	switch o {
	case rating.Outstanding:
		return pickValue(r, []rating.Value{rating.Outstanding, rating.Good}, []int{70, 30})
	case rating.Good:
		return pickValue(r, []rating.Value{rating.Outstanding, rating.Good, rating.RequiresImprovement}, []int{8, 77, 15})
	case rating.RequiresImprovement:
		return pickValue(r, []rating.Value{rating.Good, rating.RequiresImprovement, rating.Inadequate}, []int{65, 28, 7})
	case rating.Inadequate:
		return pickValue(r, []rating.Value{rating.Good, rating.RequiresImprovement, rating.Inadequate}, []int{25, 60, 15})
	}
	return rating.Good
}

// uuid draws a version-4 UUID, as CQC's report link IDs are.
func uuid(r *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
