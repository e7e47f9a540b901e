package ratings

import (
	"bytes"
	"runtime"
	"strings"
	"testing"

	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// TestHeaderOlderEditions: "Key Question" is Domain, the CCG columns may
// be named for ICBs, and the columns older editions lack are optional
// with blank defaults (inherited: N).
func TestHeaderOlderEditions(t *testing.T) {
	drop := map[string]bool{"Location ODS Code": true, "Location NHS Region": true, "Inherited Rating (Y/N)": true}
	rename := map[string]string{"Domain": "Key Question", "Location ONSPD CCG Code": "Location ONSPD ICB Code", "Location ONSPD CCG": "Location ONSPD ICB",
		"Location Commissioning CCG Code": "Location Commissioning ICB Code"}
	var head, row []string
	for c := range NumColumns {
		name := Columns[c].Name
		if drop[name] {
			continue
		}
		if r, ok := rename[name]; ok {
			name = r
		}
		head = append(head, name)
		row = append(row, csvTestDefaults[Columns[c].Name])
	}
	in := strings.Join(head, ",") + "\n" + strings.Join(row, ",") + "\n"
	locs, p := csvRead(in, Options{})
	if p.HasErrors() || len(locs) != 1 {
		t.Fatalf("%d locations, %v", len(locs), p.All())
	}
	l := locs[0]
	if l.ICBCode != "E38000225" || l.ICBName != "NHS West Yorkshire ICB" || l.ODS != "" || l.NHSRegion != "" ||
		l.Ratings.Overall().Value != rating.Good || l.Ratings.Overall().Inherited {
		t.Errorf("read %+v", l)
	}
	var missing []string
	for _, w := range p.Warnings() {
		missing = append(missing, w.Field)
	}
	if strings.Join(missing, ",") != "Inherited Rating (Y/N),Location NHS Region,Location ODS Code" {
		t.Errorf("warned of %v", missing)
	}

	// Without any CCG or ICB columns: still read.
	in = strings.Replace(in, "Location ONSPD ICB Code,Location ONSPD ICB", "A,B", 1)
	if locs, p = csvRead(in, Options{}); p.HasErrors() || len(locs) != 1 || locs[0].ICBCode != "" {
		t.Errorf("without CCG columns: %v", p.All())
	}
	// A required column missing is still an error.
	in = strings.Replace(in, "Provider Name", "Provider", 1)
	if _, p = csvRead(in, Options{}); len(p.Errors()) != 1 || p.Errors()[0].Field != "Provider Name" {
		t.Errorf("without Provider Name: %v", p.All())
	}
}

func TestTableIsConsistent(t *testing.T) {
	if len(strings.Split(Header, ",")) != 28 {
		t.Errorf("header has %d columns", len(strings.Split(Header, ",")))
	}
	for c, s := range Columns {
		if s.Max <= 0 || s.Name == "" {
			t.Errorf("column %d: %+v", c, s)
		}
		if s.Need == Optional && s.Default == "" {
			t.Errorf("%s is optional with no documented default", s.Name)
		}
		if s.Field != nil && (s.Max > 1000 || (c == int(ColName) || c == int(ColProviderName) || c == int(ColStreet)) && s.Max >= 1000) {
			t.Errorf("%s allows %d characters", s.Name, s.Max)
		}
	}
}

func TestFileMonth(t *testing.T) {
	for name, want := range map[string]string{
		"01_September_2026_Latest_ratings.ods":          "2026-09",
		"data/ratings/05_april_2025_Latest_ratings.ods": "2025-04",
		"July_2024_Latest_Ratings.xlsx":                 "2024-07",
		"latest-ratings-2026-10.csv":                    "2026-10",
		"1 December 2016 Latest ratings.xlsx":           "2016-12",
		"01_Septembre_2026_Latest_ratings.ods":          "",
		"01_September_26_Latest_ratings.ods":            "",
		"latest.ods":                                    "",
		"2026-10/latest.csv":                            "",
	} {
		got, ok := FileMonth(name)
		if want == "" && ok || want != "" && (!ok || got.Format("2006-01") != want) {
			t.Errorf("FileMonth(%q) = %v, %v; want %q", name, got, ok, want)
		}
	}
}

// TestLongValues: a value over its column's limit is one error naming the
// line and column, quoting a short prefix, without memory growing with
// its square.
func TestLongValues(t *testing.T) {
	name := strings.Repeat("Ab", 50_000)
	in := Header + "\n" + csvRowOf(t, "Location Name="+name) + csvRowOf(t, "Location ID=1-2") + csvRowOf(t, "Location ID=1-3", "Provider Name="+strings.Repeat("P", 301))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	locs, p := csvRead(in, Options{})
	runtime.ReadMemStats(&after)
	es := p.Errors()
	if len(es) != 2 || es[0].Line != 2 || es[0].Field != "Location Name" || es[1].Line != 4 || es[1].Field != "Provider Name" {
		t.Fatalf("errors %v", es)
	}
	if s := es[0].String(); len(s) > 400 || !strings.Contains(s, "100000 characters long") {
		t.Errorf("message of %d bytes: %.400s", len(s), s)
	}
	if len(locs) != 1 || locs[0].ID != "1-2" {
		t.Errorf("locations %v", locs)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
		t.Errorf("reading a 100,000-character name allocated %d bytes", grew)
	}
}

// TestProblemsCapped: the first 50 problems of a file, then a count, in
// time linear in the rows.
func TestProblemsCapped(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(Header + "\n")
	for range 20_000 {
		b.WriteString(csvRowOf(t, "Latest Rating=Goood"))
	}
	var p diag.List
	ReadCSV(&b, "f.csv", Options{}, &p)
	all := p.All()
	if len(all) != 51 {
		t.Fatalf("%d problems", len(all))
	}
	last := all[0]
	for _, x := range all {
		if x.Line == 0 {
			last = x
		}
	}
	if last.Severity != diag.Error || !strings.Contains(last.Message, "19950 more problems in this file are not shown (19950 of them errors)") {
		t.Errorf("count: %v", last)
	}
}
