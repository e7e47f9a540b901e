package sample

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"ratingsite/internal/rating"
)

var writeSample = flag.String("write-sample", "", "write the repository's sample data to this directory (e.g. ../../data)")

const header = "Location ID,Location ODS Code,Location Name,Care Home?,Location Type,Location Primary Inspection Category,Location Street Address,Location Address Line 2,Location City,Location Post Code,Location Local Authority,Location Region,Location NHS Region,Location ONSPD CCG Code,Location ONSPD CCG,Location Commissioning CCG Code,Location Commissioning CCG Name,Service / Population Group,Domain,Latest Rating,Publication Date,Report Type,Inherited Rating (Y/N),URL,Provider ID,Provider Name,Brand ID,Brand Name"

// The repository's sample: what `ratingsite sample` writes by default.
var repoOpt = Options{Practices: 300, Seed: 1, Month: day(2026, 10, 1), BOMCRLF: true, Months: 3}

const repoAPIDocs = 12

var nineRegions = []string{"East Midlands", "East of England", "London", "North East", "North West", "South East", "South West", "West Midlands", "Yorkshire and The Humber"}

// TestWriteRepoSample writes the repository's sample data when asked:
//
//	go test ./internal/sample -run TestWriteRepoSample -args -write-sample ../../data
func TestWriteRepoSample(t *testing.T) {
	if *writeSample == "" {
		t.Skip("pass -write-sample DIR to write the sample data")
	}
	s, err := WriteDir(*writeSample, repoOpt, repoAPIDocs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", s)
}

// row is one parsed CSV record; r.get("Domain") reads a column by name.
type row []string

var colIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range columns {
		m[c] = i
	}
	return m
}()

func (r row) get(col string) string { return r[colIndex[col]] }

func genCSV(t testing.TB, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteRatingsCSV(&b, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func parseCSV(t testing.TB, b []byte) []row {
	t.Helper()
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = len(columns)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != header {
		t.Fatalf("header %q", got)
	}
	out := make([]row, len(recs)-1)
	for i, rec := range recs[1:] {
		out[i] = rec
	}
	return out
}

func genDocs(t testing.TB, opt Options, n int) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	err := WriteAPIDocs(opt, n, func(name string, data []byte) error {
		if _, dup := docs[name]; dup {
			t.Errorf("document %s written twice", name)
		}
		docs[name] = slices.Clone(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// practices returns the GP practices' whole-practice overall rows.
func practices(rows []row) []row {
	var out []row
	for _, r := range rows {
		if r.get("Location Primary Inspection Category") == "GP Practices" && r.get("Service / Population Group") == "Overall" && r.get("Domain") == "Overall" {
			out = append(out, r)
		}
	}
	return out
}

func TestHeader(t *testing.T) {
	for _, bom := range []bool{true, false} {
		opt := repoOpt
		opt.Practices, opt.BOMCRLF = 5, bom
		b := genCSV(t, opt)
		want := header + "\n"
		if bom {
			want = "\ufeff" + header + "\r\n"
		}
		if !bytes.HasPrefix(b, []byte(want)) {
			t.Errorf("BOMCRLF=%v: file starts %q", bom, b[:min(len(b), len(want)+10)])
		}
		if n := bytes.Count(b, []byte("\r\n")); bom && n != bytes.Count(b, []byte("\n")) || !bom && n != 0 {
			t.Errorf("BOMCRLF=%v: %d CRLF line endings of %d lines", bom, n, bytes.Count(b, []byte("\n")))
		}
	}
	if got := strings.Join(columns, ","); got != header {
		t.Errorf("columns = %q", got)
	}
}

func TestDeterministic(t *testing.T) {
	opt := repoOpt
	opt.Practices = 500
	a, b := genCSV(t, opt), genCSV(t, opt)
	if !bytes.Equal(a, b) {
		t.Error("two runs with the same options wrote different CSVs")
	}
	var p1, p2 bytes.Buffer
	if err := WritePostcodes(&p1, opt); err != nil {
		t.Fatal(err)
	}
	if err := WritePostcodes(&p2, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p1.Bytes(), p2.Bytes()) {
		t.Error("two runs with the same options wrote different postcodes")
	}
	d1, d2 := genDocs(t, opt, 12), genDocs(t, opt, 12)
	if len(d1) != len(d2) {
		t.Fatalf("%d and %d documents", len(d1), len(d2))
	}
	for k, v := range d1 {
		if !bytes.Equal(v, d2[k]) {
			t.Errorf("document %s differs between runs", k)
		}
	}
	opt.Seed = 2
	if bytes.Equal(a, genCSV(t, opt)) {
		t.Error("seeds 1 and 2 wrote the same CSV")
	}
}

// TestVocabulary checks that the repository's sample uses every rating word,
// every region, and names that need CSV quoting.
func TestVocabulary(t *testing.T) {
	raw := genCSV(t, repoOpt)
	rows := parseCSV(t, raw)
	inCSV := map[rating.Value]int{}
	regions, nhs := map[string]int{}, map[string]int{}
	categories := map[string]int{}
	for _, r := range rows {
		v, ok := rating.Parse(r.get("Latest Rating"))
		if !ok || !v.Present() {
			t.Errorf("row for %s: bad rating %q", r.get("Location ID"), r.get("Latest Rating"))
		}
		if _, ok := rating.ParseGroup(r.get("Service / Population Group")); !ok {
			t.Errorf("bad group %q", r.get("Service / Population Group"))
		}
		if _, ok := rating.ParseDomain(r.get("Domain")); !ok {
			t.Errorf("bad domain %q", r.get("Domain"))
		}
		if _, err := time.Parse("02/01/2006", r.get("Publication Date")); err != nil {
			t.Errorf("bad date: %v", err)
		}
		categories[r.get("Location Primary Inspection Category")]++
		if r.get("Location Primary Inspection Category") != "GP Practices" {
			continue
		}
		inCSV[v]++
		regions[r.get("Location Region")]++
		nhs[r.get("Location NHS Region")]++
	}
	for _, v := range slices.Concat(rating.Ratings[:], rating.NonRatings[:]) {
		if v == rating.RegulationsMet {
			if inCSV[v] > 0 {
				t.Errorf("%q is in the CSV; it belongs only in API documents", v)
			}
			continue
		}
		if inCSV[v] == 0 {
			t.Errorf("no GP row rated %q", v)
		}
	}
	for _, reg := range nineRegions {
		if regions[reg] == 0 {
			t.Errorf("no practice in region %q", reg)
		}
	}
	if len(regions) != 9 {
		t.Errorf("regions: %v", regions)
	}
	if len(nhs) != 7 {
		t.Errorf("NHS regions: %v", nhs)
	}
	for _, c := range []string{"Dentists", "Residential social care"} {
		if categories[c] == 0 {
			t.Errorf("no %s in the sample", c)
		}
	}
	if !bytes.Contains(raw, []byte(`"St John's Surgery, Royton"`)) {
		t.Error("no quoted practice name with an apostrophe and a comma")
	}
	if n := len(practices(rows)); n != repoOpt.Practices {
		t.Errorf("%d practices, want %d", n, repoOpt.Practices)
	}

	// "Regulations met" is in a GP practice's newer API document.
	found := false
	newer := repoOpt
	newer.NewerAPI = true
	for name, b := range genDocs(t, newer, repoAPIDocs) {
		var doc struct {
			Categories []struct{ Name string } `json:"inspectionCategories"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if doc.Categories[0].Name == "GP Practices" && bytes.Contains(b, []byte(`"rating": "Regulations met"`)) {
			found = true
		}
	}
	if !found {
		t.Error(`no GP practice's API document has "Regulations met"`)
	}
}

// largeRows is a 20,000-practice sample, parsed once for several tests.
var largeRows = sync.OnceValue(func() []row {
	opt := repoOpt
	opt.Practices = 20000
	var b bytes.Buffer
	if err := WriteRatingsCSV(&b, opt); err != nil {
		panic(err)
	}
	return parseCSV(panicTB{}, b.Bytes())
})

// panicTB lets parseCSV run outside a test.
type panicTB struct{ testing.TB }

func (panicTB) Helper()                      {}
func (panicTB) Fatal(args ...any)            { panic(fmt.Sprint(args...)) }
func (panicTB) Fatalf(f string, args ...any) { panic(fmt.Sprintf(f, args...)) }

func TestUnique(t *testing.T) {
	ids, ods := map[string]string{}, map[string]string{}
	for _, r := range practices(largeRows()) {
		id, code := r.get("Location ID"), r.get("Location ODS Code")
		if prev, dup := ids[id]; dup {
			t.Fatalf("location ID %s used twice (%s)", id, prev)
		}
		ids[id] = code
		if _, dup := ods[code]; dup {
			t.Fatalf("ODS code %s used twice", code)
		}
		ods[code] = id
		if len(id) < 11 || len(id) > 13 || !strings.HasPrefix(id, "1-") {
			t.Errorf("bad location ID %q", id)
		}
		if len(code) != 6 || code[0] < 'A' || code[0] > 'Z' || strings.Trim(code[1:], "0123456789") != "" {
			t.Errorf("bad ODS code %q", code)
		}
	}
}

// TestDistribution parses a large sample and checks the shares of overall
// ratings, population groups, inherited ratings and brands.
func TestDistribution(t *testing.T) {
	rows := largeRows()
	prs := practices(rows)
	if len(prs) != 20000 {
		t.Fatalf("%d practices, want 20000", len(prs))
	}
	count := map[rating.Value]int{}
	rated, nonRated, inherited, branded, old := 0, 0, 0, 0, 0
	end := day(2026, 10, 31)
	for _, r := range prs {
		v, _ := rating.Parse(r.get("Latest Rating"))
		count[v]++
		if v.IsRating() {
			rated++
		} else {
			nonRated++
		}
		if r.get("Inherited Rating (Y/N)") == "Y" {
			inherited++
		}
		if r.get("Brand ID") != "-" {
			branded++
		}
		d, _ := time.Parse("02/01/2006", r.get("Publication Date"))
		if d.After(end) || d.Before(day(2015, 1, 1)) {
			t.Errorf("%s: published %s", r.get("Location ID"), d)
		}
		if d.Before(groupsEnd) {
			old++
		}
	}
	groups := map[string]bool{}
	for _, r := range rows {
		if r.get("Service / Population Group") != "Overall" {
			groups[r.get("Location ID")] = true
		}
	}
	share := func(n, of int) float64 { return 100 * float64(n) / float64(of) }
	check := func(what string, got, lo, hi float64) {
		t.Logf("%-28s %5.1f%%", what, got)
		if got < lo || got > hi {
			t.Errorf("%s: %.1f%%, want %.0f-%.0f%%", what, got, lo, hi)
		}
	}
	check("Outstanding (of rated)", share(count[rating.Outstanding], rated), 3.5, 6)
	check("Good (of rated)", share(count[rating.Good], rated), 83, 89)
	check("Requires improvement", share(count[rating.RequiresImprovement], rated), 5.5, 8.5)
	check("Inadequate", share(count[rating.Inadequate], rated), 1.3, 3)
	check("not rated (of all)", share(nonRated, len(prs)), 2, 4)
	check("published before 2021", share(old, len(prs)), 52, 66)
	check("with population groups", share(len(groups), len(prs)), 55, 68)
	check("inherited", share(inherited, len(prs)), 2, 4.5)
	check("branded", share(branded, len(prs)), 1, 8)

	// Requires improvement and Inadequate ratings are mostly recent.
	recent := 0
	for _, r := range prs {
		if r.get("Latest Rating") == "Inadequate" {
			if d, _ := time.Parse("02/01/2006", r.get("Publication Date")); d.After(day(2025, 10, 1)) {
				recent++
			}
		}
	}
	check("Inadequate within a year", share(recent, count[rating.Inadequate]), 70, 100)

	// Key questions mostly agree with the overall rating.
	overall := map[string]string{}
	for _, r := range prs {
		overall[r.get("Location ID")] = r.get("Latest Rating")
	}
	same, kqs := 0, 0
	for _, r := range rows {
		if o, ok := overall[r.get("Location ID")]; ok && r.get("Service / Population Group") == "Overall" && r.get("Domain") != "Overall" {
			kqs++
			if r.get("Latest Rating") == o {
				same++
			}
		}
	}
	check("key questions equal overall", share(same, kqs), 80, 95)
}

func TestPostcodes(t *testing.T) {
	opt := repoOpt
	opt.Practices = 5000
	var b bytes.Buffer
	if err := WritePostcodes(&b, opt); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&b)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "postcode,latitude,longitude" {
		t.Fatalf("header %q", got)
	}
	type pt struct{ lat, lon float64 }
	known := map[string]pt{}
	for _, rec := range recs[1:] {
		if _, dup := known[rec[0]]; dup {
			t.Errorf("postcode %s listed twice", rec[0])
		}
		var p pt
		if err := json.Unmarshal([]byte("["+rec[1]+","+rec[2]+"]"), &[]*float64{&p.lat, &p.lon}); err != nil {
			t.Fatal(err)
		}
		if p.lat < 49.8 || p.lat > 55.9 || p.lon < -6.5 || p.lon > 1.8 {
			t.Errorf("%s at %v is not in England", rec[0], p)
		}
		known[rec[0]] = p
	}
	full, outward, none := 0, 0, 0
	// The oldest month's file also lists the practices that closed since:
	// they are placed too (their pages list the practices near them).
	var oldest bytes.Buffer
	if err := WriteRatingsCSVMonth(&oldest, opt, 2); err != nil {
		t.Fatal(err)
	}
	closed := 0
	newest := practices(parseCSV(t, genCSV(t, opt)))
	inNewest := map[string]bool{}
	for _, r := range newest {
		inNewest[r.get("Location ID")] = true
	}
	for _, r := range practices(parseCSV(t, oldest.Bytes())) {
		if pc := r.get("Location Post Code"); !inNewest[r.get("Location ID")] {
			closed++
			if _, ok := known[outwardOf(pc)]; !ok {
				t.Errorf("closed practice's %s cannot be placed", pc)
			}
		}
	}
	if closed == 0 {
		t.Error("no practice closed before the newest month")
	}
	for _, r := range newest {
		pc := r.get("Location Post Code")
		out := outwardOf(pc)
		o, ok := known[out]
		switch _, fullOK := known[pc]; {
		case fullOK:
			full++
			p := known[pc]
			if km := math.Hypot(p.lat-o.lat, (p.lon-o.lon)*math.Cos(p.lat*math.Pi/180)) * 111.2; km > 3.1 {
				t.Errorf("%s is %.1f km from %s's centroid", pc, km, out)
			}
		case ok:
			outward++
		default:
			none++
			t.Errorf("%s (%s) cannot be placed", pc, r.get("Location Local Authority"))
		}
	}
	t.Logf("placed by full postcode %d, by outward code %d, not at all %d", full, outward, none)
	if s := 100 * float64(outward) / float64(opt.Practices); s < 1.3 || s > 3 {
		t.Errorf("%.1f%% placed by outward code, want about 2%%", s)
	}
}

func TestOutwardCodesUnique(t *testing.T) {
	seen := map[string]string{}
	for _, reg := range regions {
		if len(reg.areas) < 4 && !slices.ContainsFunc(reg.areas, func(a area) bool { return a.absent }) {
			t.Errorf("%s has only %d areas", reg.name, len(reg.areas))
		}
		for _, a := range reg.areas {
			for _, o := range a.outward {
				if prev, dup := seen[o]; dup {
					t.Errorf("outward code %s in both %s and %s", o, prev, a.la)
				}
				seen[o] = a.la
			}
		}
	}
}

func TestAPIDocs(t *testing.T) {
	for _, newer := range []bool{false, true} {
		opt := repoOpt
		opt.NewerAPI = newer
		t.Run(fmt.Sprintf("NewerAPI=%v", newer), func(t *testing.T) { testAPIDocs(t, opt) })
	}
}

// testAPIDocs: the documents describe practices of the CSV (one
// deregistered and one dentist aside). With opt.NewerAPI every other one
// holds a rating published in the month after the data month, else each
// agrees with the CSV.
func testAPIDocs(t *testing.T, opt Options) {
	csvRows := parseCSV(t, genCSV(t, opt))
	published := map[string]time.Time{}
	category := map[string]string{}
	for _, r := range csvRows {
		category[r.get("Location ID")] = r.get("Location Primary Inspection Category")
		if r.get("Service / Population Group") == "Overall" && r.get("Domain") == "Overall" {
			published[r.get("Location ID")], _ = time.Parse("02/01/2006", r.get("Publication Date"))
		}
	}
	docs := genDocs(t, opt, repoAPIDocs)
	if len(docs) != repoAPIDocs+2 {
		t.Errorf("%d documents, want %d", len(docs), repoAPIDocs+2)
	}
	newer, dereg, nonGP, assessed := 0, 0, 0, 0
	for name, b := range docs {
		var doc struct {
			ID         string  `json:"locationId"`
			Status     string  `json:"registrationStatus"`
			Lat        float64 `json:"onspdLatitude"`
			Lon        float64 `json:"onspdLongitude"`
			Phone      string  `json:"mainPhoneNumber"`
			Categories []struct {
				Name string `json:"name"`
			} `json:"inspectionCategories"`
			Current *struct {
				ReportDate string `json:"reportDate"`
				Overall    *struct {
					Rating string `json:"rating"`
				} `json:"overall"`
			} `json:"currentRatings"`
			Assessment []struct {
				Published string `json:"assessmentPlanPublishedDateTime"`
			} `json:"assessment"`
			Reports []struct {
				LinkID string `json:"linkId"`
			} `json:"reports"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name != doc.ID+".json" {
			t.Errorf("%s holds %s", name, doc.ID)
		}
		if doc.Lat == 0 || doc.Lon == 0 || len(doc.Phone) != 11 || len(doc.Reports) == 0 {
			t.Errorf("%s: missing coordinates, phone or reports", name)
		}
		cat := doc.Categories[0].Name
		if cat != "GP Practices" {
			nonGP++
			if category[doc.ID] != cat {
				t.Errorf("%s: non-GP location not in the CSV as %s", doc.ID, cat)
			}
			continue
		}
		if doc.Status == "Deregistered" {
			dereg++
			if _, ok := published[doc.ID]; ok {
				t.Errorf("deregistered %s is in the CSV", doc.ID)
			}
			continue
		}
		csvDate, ok := published[doc.ID]
		if !ok {
			t.Errorf("%s is not in the CSV", doc.ID)
			continue
		}
		var at time.Time
		if len(doc.Assessment) > 0 {
			assessed++
			at, _ = time.Parse(time.DateOnly, doc.Assessment[0].Published[:10])
		} else if doc.Current != nil && doc.Current.Overall != nil {
			at, _ = time.Parse(time.DateOnly, doc.Current.ReportDate)
		}
		switch {
		case at.After(csvDate):
			newer++
			if !at.After(day(2026, 10, 31)) || at.After(day(2026, 11, 30)) {
				t.Errorf("%s: published %s, not in the month after the data month: the October file would list it", doc.ID, at)
			}
		case at.Before(csvDate):
			t.Errorf("%s: API published %s, before the CSV's %s", doc.ID, at, csvDate)
		}
	}
	switch {
	case dereg != 1 || nonGP != 1:
		t.Errorf("deregistered %d, non-GP %d, want 1 each", dereg, nonGP)
	case opt.NewerAPI && (newer < 3 || assessed < 1):
		t.Errorf("newer %d, in assessment shape %d", newer, assessed)
	case !opt.NewerAPI && (newer != 0 || assessed != 0):
		t.Errorf("without NewerAPI: newer %d, in assessment shape %d, want none", newer, assessed)
	}
}

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	opt := repoOpt
	opt.Practices = 40
	s, err := WriteDir(dir, opt, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"ratings/latest-ratings-2026-10.csv", "postcodes.csv"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
	api, _ := filepath.Glob(filepath.Join(dir, "api", "*.json"))
	all, _ := filepath.Glob(filepath.Join(dir, "*", ".*"))
	if len(api) != 6 || s.APIDocs != 6 || len(all) != 0 {
		t.Errorf("api docs %d (summary %d), temporary files left %v", len(api), s.APIDocs, all)
	}
	if s.Practices != 40 || s.Rows == 0 || s.Postcodes == 0 || s.Bytes == 0 {
		t.Errorf("summary %+v", s)
	}
}

func TestOptions(t *testing.T) {
	for _, opt := range []Options{
		{Practices: 10},
		{Practices: -1, Month: repoOpt.Month},
		{Practices: MaxPractices + 1, Month: repoOpt.Month},
		{Practices: 10, Month: day(2012, 1, 1)},
	} {
		if err := WriteRatingsCSV(io.Discard, opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
	for n := range 14 { // small samples work, and keep the specials that fit
		opt := repoOpt
		opt.Practices = n
		if got := len(practices(parseCSV(t, genCSV(t, opt)))); got != n {
			t.Errorf("%d practices asked, %d written", n, got)
		}
		if err := WriteAPIDocs(opt, 3, func(string, []byte) error { return nil }); err != nil {
			t.Error(err)
		}
		if err := WritePostcodes(io.Discard, opt); err != nil {
			t.Error(err)
		}
	}
}

// TestLarge generates 100,000 practices, as a national file has about 6,500.
func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large sample")
	}
	opt := repoOpt
	opt.Practices = 100_000
	var n countWriter
	n.w = io.Discard
	start := time.Now()
	if err := WriteRatingsCSV(&n, opt); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("100,000 practices: %.1f MB of CSV in %v", float64(n.n)/1e6, took)
	if took > 20*time.Second {
		t.Errorf("took %v", took)
	}
	start = time.Now()
	if err := WritePostcodes(io.Discard, opt); err != nil {
		t.Fatal(err)
	}
	t.Logf("postcodes in %v", time.Since(start))
}

func TestAppendField(t *testing.T) {
	for _, f := range []string{"", "a", "a,b", `say "hi"`, " lead", "\tx", `\.`, "St John's", "x\ny", `"`} {
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		w.Write([]string{f})
		w.Flush()
		if got := string(appendField(nil, f)) + "\n"; got != want.String() {
			t.Errorf("appendField(%q) = %q, want %q", f, got, want.String())
		}
	}
}

func BenchmarkRatingsCSV100k(b *testing.B) {
	opt := repoOpt
	opt.Practices = 100_000
	for b.Loop() {
		var n countWriter
		n.w = io.Discard
		if err := WriteRatingsCSV(&n, opt); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(n.n)
	}
}
