package ratings

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// testColumns is the published header, split.
var csvTestColumns = strings.Split(Header, ",")

// testDefaults are the values of a plain row; tests override some of them.
var csvTestDefaults = map[string]string{
	"Location ID":                          "1-10024040008",
	"Location ODS Code":                    "P85028",
	"Location Name":                        "The Surgery",
	"Care Home?":                           "N",
	"Location Type":                        "Primary Medical Services",
	"Location Primary Inspection Category": "GP Practices",
	"Location Street Address":              "1 High Street",
	"Location Address Line 2":              "",
	"Location City":                        "Leeds",
	"Location Post Code":                   "LS1 1AA",
	"Location Local Authority":             "Leeds",
	"Location Region":                      "Yorkshire and The Humber",
	"Location NHS Region":                  "North East and Yorkshire",
	"Location ONSPD CCG Code":              "E38000225",
	"Location ONSPD CCG":                   "NHS West Yorkshire ICB",
	"Location Commissioning CCG Code":      "15F",
	"Location Commissioning CCG Name":      "NHS Leeds CCG",
	"Service / Population Group":           "Overall",
	"Domain":                               "Overall",
	"Latest Rating":                        "Good",
	"Publication Date":                     "01/02/2020",
	"Report Type":                          "Location",
	"Inherited Rating (Y/N)":               "N",
	"URL":                                  "https://www.cqc.org.uk/location/1-10024040008",
	"Provider ID":                          "1-101",
	"Provider Name":                        "Dr Smith",
	"Brand ID":                             "-",
	"Brand Name":                           "-",
}

// rowOf builds one CSV line (with "\n") in the published column order from
// the defaults and "Column=value" overrides.
func csvRowOf(t testing.TB, over ...string) string {
	t.Helper()
	vals := make(map[string]string, len(csvTestDefaults))
	for k, v := range csvTestDefaults {
		vals[k] = v
	}
	for _, o := range over {
		k, v, ok := strings.Cut(o, "=")
		if _, known := vals[k]; !ok || !known {
			t.Fatalf("bad override %q", o)
		}
		vals[k] = v
	}
	rec := make([]string, len(csvTestColumns))
	for i, c := range csvTestColumns {
		rec[i] = vals[c]
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(rec)
	w.Flush()
	return b.String()
}

// read runs ReadCSV on s as "test.csv".
func csvRead(s string, opt Options) ([]*cqc.Location, *diag.List) {
	var p diag.List
	locs := ReadCSV(strings.NewReader(s), "test.csv", opt, &p)
	return locs, &p
}

// want describes one expected problem: severity, line, column and pieces of
// the message or hint.
type csvWant struct {
	sev   diag.Severity
	line  int
	field string
	has   []string
}

func csvErrAt(line int, field string, has ...string) csvWant {
	return csvWant{diag.Error, line, field, has}
}

func csvWarnAt(line int, field string, has ...string) csvWant {
	return csvWant{diag.Warning, line, field, has}
}

// checkProblems compares the problems with want, in the List's order.
func csvCheckProblems(t *testing.T, p *diag.List, wants []csvWant) {
	t.Helper()
	got := p.All()
	ok := len(got) == len(wants)
	for i := 0; ok && i < len(got); i++ {
		g, w := got[i], wants[i]
		if g.Severity != w.sev || g.Line != w.line || g.Field != w.field || g.File != "test.csv" {
			ok = false
		}
		for _, h := range w.has {
			if !strings.Contains(g.Message+" ("+g.Hint+")", h) {
				ok = false
			}
		}
	}
	if !ok {
		var b strings.Builder
		for _, g := range got {
			fmt.Fprintf(&b, "\n  %s [line %d, field %q]", g, g.Line, g.Field)
		}
		t.Errorf("problems:%s\nwant %d problems: %+v", b.String(), len(wants), wants)
	}
	for _, g := range got {
		if !utf8.ValidString(g.String()) {
			t.Errorf("problem is not valid UTF-8: %q", g.String())
		}
	}
}

func TestReadRatingsCSVFields(t *testing.T) {
	in := Header + "\n" +
		csvRowOf(t) +
		csvRowOf(t, "Domain=Safe", "Latest Rating=Requires improvement", "Publication Date=3/4/2021", "Inherited Rating (Y/N)=Y") +
		csvRowOf(t, "Service / Population Group=Older people", "Domain=Well-led", "Latest Rating=Inspected but not rated", "Report Type=Provider") +
		csvRowOf(t, "Location ID=1-2", "Location Name=Second", "Brand ID=BD123", "Brand Name=Brand X", "Latest Rating=Outstanding", "Inherited Rating (Y/N)=")
	locs, p := csvRead(in, Options{})
	csvCheckProblems(t, p, nil)
	if len(locs) != 2 {
		t.Fatalf("got %d locations, want 2", len(locs))
	}
	l := locs[0]
	checks := []struct{ name, got, want string }{
		{"File", l.File, "test.csv"},
		{"ID", l.ID, "1-10024040008"},
		{"ODS", l.ODS, "P85028"},
		{"Name", l.Name, "The Surgery"},
		{"Category", l.Category, cqc.GPPractices},
		{"Type", l.Type, "Primary Medical Services"},
		{"Street", l.Street, "1 High Street"},
		{"City", l.City, "Leeds"},
		{"Postcode", l.Postcode, "LS1 1AA"},
		{"LocalAuthority", l.LocalAuthority, "Leeds"},
		{"Region", l.Region, "Yorkshire and The Humber"},
		{"NHSRegion", l.NHSRegion, "North East and Yorkshire"},
		{"ICBCode", l.ICBCode, "E38000225"},
		{"ICBName", l.ICBName, "NHS West Yorkshire ICB"},
		{"ProviderID", l.ProviderID, "1-101"},
		{"ProviderName", l.ProviderName, "Dr Smith"},
		{"BrandID", l.BrandID, ""},
		{"BrandName", l.BrandName, ""},
		{"BrandID 2", locs[1].BrandID, "BD123"},
		{"BrandName 2", locs[1].BrandName, "Brand X"},
		{"Name 2", locs[1].Name, "Second"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if l.Line != 2 || locs[1].Line != 5 || !l.Registered || !locs[1].Registered {
		t.Errorf("Line %d/%d Registered %v/%v, want 2/5 true/true", l.Line, locs[1].Line, l.Registered, locs[1].Registered)
	}
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	url := "https://www.cqc.org.uk/location/1-10024040008"
	cells := []struct {
		g    rating.Group
		d    rating.Domain
		want rating.Cell
	}{
		{rating.Whole, rating.Overall, rating.Cell{Value: rating.Good, Published: rating.DayOf(date(2020, 2, 1)), ReportType: rating.ReportTypeOf("Location")}},
		{rating.Whole, rating.Safe, rating.Cell{Value: rating.RequiresImprovement, Published: rating.DayOf(date(2021, 4, 3)), Inherited: true, ReportType: rating.ReportTypeOf("Location")}},
		{rating.OlderPeople, rating.WellLed, rating.Cell{Value: rating.InspectedNotRated, Published: rating.DayOf(date(2020, 2, 1)), ReportType: rating.ReportTypeOf("Provider")}},
		{rating.Whole, rating.Caring, rating.Cell{}},
	}
	for _, c := range cells {
		if got := l.Ratings[c.g][c.d]; got != c.want {
			t.Errorf("cell %v/%v = %+v, want %+v", c.g, c.d, got, c.want)
		}
	}
	if l.ReportURL != url {
		t.Errorf("ReportURL = %q, want %q", l.ReportURL, url)
	}
	if got := locs[1].Ratings.Overall().Value; got != rating.Outstanding {
		t.Errorf("second location overall = %v", got)
	}
}

func TestReadRatingsCSVOrderOfFirstAppearance(t *testing.T) {
	in := Header + "\n" +
		csvRowOf(t, "Location ID=1-3") +
		csvRowOf(t, "Location ID=1-1") +
		csvRowOf(t, "Location ID=1-3", "Domain=Safe") +
		csvRowOf(t, "Location ID=1-2") +
		csvRowOf(t, "Location ID=1-1", "Domain=Safe")
	locs, p := csvRead(in, Options{})
	csvCheckProblems(t, p, nil)
	var ids []string
	for _, l := range locs {
		ids = append(ids, l.ID)
	}
	if !slices.Equal(ids, []string{"1-3", "1-1", "1-2"}) {
		t.Errorf("ids = %v", ids)
	}
}

// TestReadRatingsCSVColumnsByName checks that columns are found by header
// name: reordered, with extra columns, spacing and case differences, and
// optional columns missing.
func TestReadRatingsCSVColumnsByName(t *testing.T) {
	cols := slices.Clone(csvTestColumns)
	slices.Reverse(cols)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	hdr := append([]string{"Extra Column"}, cols...)
	hdr = slices.DeleteFunc(hdr, func(s string) bool { return s == "Brand ID" || s == "URL" })
	for i, h := range hdr {
		if h == "Location ID" {
			hdr[i] = "  location id "
		}
	}
	w.Write(hdr)
	rec := []string{"ignored"}
	for _, c := range cols {
		if c == "Brand ID" || c == "URL" {
			continue
		}
		v := csvTestDefaults[c]
		if c == "Location Name" {
			v = "Reordered"
		}
		rec = append(rec, v)
	}
	w.Write(rec)
	w.Flush()
	locs, p := csvRead(b.String(), Options{})
	csvCheckProblems(t, p, []csvWant{
		csvWarnAt(1, "Brand ID", "missing"),
		csvWarnAt(1, "URL", "missing"),
	})
	if len(locs) != 1 || locs[0].Name != "Reordered" || locs[0].ID != "1-10024040008" || locs[0].Ratings.Overall().Value != rating.Good {
		t.Fatalf("got %+v", locs)
	}
}

// TestReadRatingsCSVTextForms reads one file written several ways: each
// must give the same location, and lines must count physical lines.
func TestReadRatingsCSVTextForms(t *testing.T) {
	body := Header + "\n" + csvRowOf(t) + csvRowOf(t, "Domain=Safe")
	multi := csvRowOf(t, "Location Name=The \"Old\" Surgery, Leeds", "Location Street Address=Flat 1\nHigh Street\n") +
		csvRowOf(t, "Domain=Caring", "Location Name=The \"Old\" Surgery, Leeds", "Location Street Address=Flat 1\nHigh Street\n")
	tests := []struct {
		name     string
		in       string
		wantLine int
		wantName string
	}{
		{"lf", body, 2, "The Surgery"},
		{"crlf", strings.ReplaceAll(body, "\n", "\r\n"), 2, "The Surgery"},
		{"bom", "\uFEFF" + body, 2, "The Surgery"},
		{"bom crlf", "\uFEFF" + strings.ReplaceAll(body, "\n", "\r\n"), 2, "The Surgery"},
		{"preamble", "Care Quality Commission - latest ratings\n\n,,,\n" + body, 5, "The Surgery"},
		{"bom preamble crlf", "\uFEFFCare Quality Commission - latest ratings\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n"), 4, "The Surgery"},
		{"blank lines", "\n\n" + Header + "\n\n" + csvRowOf(t) + "\n" + csvRowOf(t, "Domain=Safe"), 5, "The Surgery"},
		{"quoted commas and newlines", Header + "\n" + multi, 2, `The "Old" Surgery, Leeds`},
		{"no final newline", strings.TrimSuffix(body, "\n"), 2, "The Surgery"},
		{"trailing empty rows", body + ",,,,,,,,,,,,,,,,,,,,,,,,,,,\n,,,\n", 2, "The Surgery"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			locs, p := csvRead(tt.in, Options{})
			csvCheckProblems(t, p, nil)
			if len(locs) != 1 {
				t.Fatalf("got %d locations", len(locs))
			}
			l := locs[0]
			if l.Line != tt.wantLine || l.Name != tt.wantName || l.Ratings[0][rating.Overall].Value != rating.Good {
				t.Errorf("line %d name %q overall %v, want line %d name %q", l.Line, l.Name, l.Ratings.Overall().Value, tt.wantLine, tt.wantName)
			}
		})
	}
}

// TestReadRatingsCSVPhysicalLines checks that messages name the physical
// line after quoted fields that span lines and after a preamble.
func TestReadRatingsCSVPhysicalLines(t *testing.T) {
	in := "Care Quality Commission - latest ratings\n\n" + // lines 1-2
		Header + "\n" + // line 3
		csvRowOf(t, "Location Commissioning CCG Name=NHS\nLeeds\nCCG") + // lines 4-6
		csvRowOf(t, "Domain=Safe", "Latest Rating=Superb") + // line 7
		csvRowOf(t, "Domain=Caring", "Location Name=Two", "Care Home?=N\nN", "Publication Date=31/02/2020") + // lines 8-9; date on 9
		csvRowOf(t, "Domain=Effective", "Service / Population Group=Teenagers") // line 10
	locs, p := csvRead(in, Options{})
	csvCheckProblems(t, p, []csvWant{
		csvErrAt(7, "Latest Rating", `"Superb"`),
		csvWarnAt(8, "Location Name", "line 4", "this row (line 8)"),
		csvErrAt(9, "Publication Date", "31/02/2020", "not a real date"),
		csvErrAt(10, "Service / Population Group", "Teenagers"),
	})
	if len(locs) != 1 || locs[0].Line != 4 {
		t.Errorf("locations %+v, want one from line 4", locs)
	}
}

func TestReadRatingsCSVFileProblems(t *testing.T) {
	missing := strings.Replace(strings.Replace(Header, "Domain,", "", 1), "Latest Rating,", "", 1)
	tests := []struct {
		name  string
		in    string
		wants []csvWant
	}{
		{"empty", "", []csvWant{csvErrAt(0, "", "file is empty", "expected CQC's Latest ratings CSV", "Location ID,Location ODS Code")}},
		{"bom only", "\uFEFF", []csvWant{csvErrAt(0, "", "file is empty")}},
		{"blank lines only", "\n \r\n\n", []csvWant{csvErrAt(0, "", "file is empty")}},
		{"header only", Header + "\n", []csvWant{csvWarnAt(1, "", "no rows")}},
		{"header only after preamble", "Title\n" + Header, []csvWant{csvWarnAt(2, "", "no rows")}},
		{"no header", "Name,Rating\nA,Good\n", []csvWant{csvErrAt(0, "", "header row not found", `starts "Location ID,`)}},
		{"other format", "Practice code,Overall rating\nP1,Good\n", []csvWant{csvErrAt(0, "", "header row not found")}},
		{"missing columns", "Title\n" + missing + "\n" + csvRowOf(t), []csvWant{
			csvErrAt(2, "Domain", "required column is missing"),
			csvErrAt(2, "Latest Rating", "required column is missing"),
		}},
		{"semicolons", strings.ReplaceAll(Header, ",", ";") + "\n", []csvWant{csvErrAt(1, "", "semicolons")}},
		{"utf-16", "\xFF\xFEL\x00o\x00c\x00", []csvWant{csvErrAt(1, "", "UTF-16", "save it as CSV UTF-8")}},
		{"nul bytes", "\x00\x00\x00\x00\n\x00", []csvWant{csvErrAt(0, "", "header row not found")}},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", []csvWant{
			csvErrAt(0, "", "header row not found"),
			csvErrAt(1, "", "is not UTF-8", "save it as CSV UTF-8"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			locs, p := csvRead(tt.in, Options{})
			csvCheckProblems(t, p, tt.wants)
			if len(locs) != 0 {
				t.Errorf("got %d locations, want none", len(locs))
			}
		})
	}
}

func TestReadRatingsCSVDuplicateColumn(t *testing.T) {
	in := Header + ",Domain\n" + strings.TrimSuffix(csvRowOf(t), "\n") + ",Safe\n"
	locs, p := csvRead(in, Options{})
	csvCheckProblems(t, p, []csvWant{csvErrAt(1, "Domain", "appears twice", "columns 19 and 29")})
	if len(locs) != 1 || locs[0].Ratings.Overall().Value != rating.Good {
		t.Errorf("the first Domain column must be read: %+v", locs)
	}
}

func TestReadRatingsCSVNotUTF8(t *testing.T) {
	in := Header + "\n" +
		csvRowOf(t) +
		csvRowOf(t, "Domain=Safe", "Location Name=Dr O\x92Brien\nSurgery") + // lines 3-4, bad byte on 3
		csvRowOf(t, "Domain=Caring", "Location City=\xA3ondon") // line 5
	_, p := csvRead(in, Options{})
	var enc []diag.Problem
	for _, e := range p.All() {
		if strings.Contains(e.Message, "UTF-8") {
			enc = append(enc, e)
		}
		if !utf8.ValidString(e.String()) || strings.ContainsAny(e.String(), "\x92\xA3") {
			t.Errorf("message prints the raw bytes: %q", e.String())
		}
	}
	if len(enc) != 1 || enc[0].Line != 3 || enc[0].Severity != diag.Error ||
		!strings.Contains(enc[0].Message, "is not UTF-8") || !strings.Contains(enc[0].Message, "save it as CSV UTF-8") {
		t.Errorf("encoding problems = %v, want one error on line 3", enc)
	}
}

func TestReadRatingsCSVRowProblems(t *testing.T) {
	h := Header + "\n"
	tests := []struct {
		name  string
		in    string
		wants []csvWant
		ids   []string // locations returned
	}{
		{"unknown domain", h + csvRowOf(t, "Domain=Kindness"),
			[]csvWant{csvErrAt(2, "Domain", `unknown domain "Kindness"`, "Well-led")}, []string{"1-10024040008"}},
		{"unknown group", h + csvRowOf(t, "Service / Population Group=Children"),
			[]csvWant{csvErrAt(2, "Service / Population Group", `unknown population group "Children"`)}, []string{"1-10024040008"}},
		{"unknown rating", h + csvRowOf(t, "Latest Rating=Great"),
			[]csvWant{csvErrAt(2, "Latest Rating", `unknown rating "Great"`, "Outstanding, Good, Requires improvement, Inadequate, Inspected but not rated")}, []string{"1-10024040008"}},
		{"blank rating", h + csvRowOf(t, "Latest Rating=", "Publication Date="), nil, []string{"1-10024040008"}},
		{"malformed date", h + csvRowOf(t, "Publication Date=2020/02/01"),
			[]csvWant{csvErrAt(2, "Publication Date", `"2020/02/01" is not a date in the form dd/mm/yyyy`, "dd/mm/yyyy")}, []string{"1-10024040008"}},
		{"date with words", h + csvRowOf(t, "Publication Date=1 Feb 2020"),
			[]csvWant{csvErrAt(2, "Publication Date", "not a date")}, []string{"1-10024040008"}},
		{"impossible date", h + csvRowOf(t, "Publication Date=31/02/2020"),
			[]csvWant{csvErrAt(2, "Publication Date", `"31/02/2020" is not a real date`)}, []string{"1-10024040008"}},
		{"month 13", h + csvRowOf(t, "Publication Date=01/13/2020"),
			[]csvWant{csvErrAt(2, "Publication Date", "not a real date")}, []string{"1-10024040008"}},
		{"leap day", h + csvRowOf(t, "Publication Date=29/02/2020"), nil, []string{"1-10024040008"}},
		{"iso date", h + csvRowOf(t, "Publication Date=2020-02-29"), nil, []string{"1-10024040008"}},
		{"blank date for a rating", h + csvRowOf(t, "Publication Date="),
			[]csvWant{csvErrAt(2, "Publication Date", "blank")}, []string{"1-10024040008"}},
		{"inherited", h + csvRowOf(t, "Inherited Rating (Y/N)=Yes") + csvRowOf(t, "Domain=Safe", "Inherited Rating (Y/N)=y"),
			[]csvWant{csvErrAt(2, "Inherited Rating (Y/N)", `must be Y or N, not "Yes"`)}, []string{"1-10024040008"}},
		{"conflicting rating", h + csvRowOf(t) + csvRowOf(t, "Domain=Safe") + csvRowOf(t, "Latest Rating=Inadequate"),
			[]csvWant{csvErrAt(4, "Latest Rating", "lines 2 and 4", `rating "Good" vs "Inadequate"`)}, []string{"1-10024040008"}},
		{"conflicting date", h + csvRowOf(t) + csvRowOf(t, "Publication Date=02/02/2020"),
			[]csvWant{csvErrAt(3, "Publication Date", "lines 2 and 3", "01/02/2020 vs 02/02/2020")}, []string{"1-10024040008"}},
		{"conflicting inherited", h + csvRowOf(t, "Service / Population Group=Older people") + csvRowOf(t, "Service / Population Group=Older people", "Inherited Rating (Y/N)=Y"),
			[]csvWant{csvErrAt(3, "Inherited Rating (Y/N)", "lines 2 and 3", `"Older people" / Overall`, "inherited N vs Y")}, []string{"1-10024040008"}},
		{"exact duplicate", h + csvRowOf(t) + csvRowOf(t, "Domain=Safe") + csvRowOf(t),
			[]csvWant{csvWarnAt(4, "", "lines 2 and 4", "repeat is ignored")}, []string{"1-10024040008"}},
		{"unsafe ids", h + csvRowOf(t, "Location ID=../etc") + csvRowOf(t, "Location ID=../etc", "Domain=Safe") + csvRowOf(t, "Location ID=1-1") +
			csvRowOf(t, "Location ID=1 2") + csvRowOf(t, "Location ID=1-é") + csvRowOf(t, "Location ID="+strings.Repeat("1", 101)),
			[]csvWant{
				csvErrAt(2, "Location ID", `"../etc"`, "letters, digits"),
				csvErrAt(5, "Location ID", `"1 2"`),
				csvErrAt(6, "Location ID", `"1-é"`),
				csvErrAt(7, "Location ID", "longer than 100"),
			}, []string{"1-1"}},
		{"empty id", h + csvRowOf(t, "Location ID=") + csvRowOf(t, "Location ID= ", "Domain=Safe"),
			[]csvWant{csvErrAt(2, "Location ID", "is empty")}, nil},
		{"short row", h + csvRowOf(t) + "1-10024040008,P85028,The Surgery\n" + csvRowOf(t, "Domain=Safe"),
			[]csvWant{csvErrAt(3, "", "row has 3 fields, header has 28")}, []string{"1-10024040008"}},
		{"long row", h + strings.TrimSuffix(csvRowOf(t), "\n") + ",extra\n",
			[]csvWant{csvErrAt(2, "", "row has 29 fields, header has 28", "comma")}, nil},
		{"bare quote then more rows", h + csvRowOf(t) + strings.Replace(csvRowOf(t, "Domain=Safe"), "The Surgery", `The "Surgery"`, 1) + csvRowOf(t, "Domain=Caring", "Latest Rating=Bad"),
			[]csvWant{csvErrAt(3, "", "CSV syntax error", "quote"), csvErrAt(4, "Latest Rating", `"Bad"`)}, []string{"1-10024040008"}},
		{"unclosed quote", h + csvRowOf(t) + strings.Replace(csvRowOf(t, "Domain=Safe"), "The Surgery", `"The Surgery`, 1),
			[]csvWant{csvErrAt(3, "", "CSV syntax error", "not closed")}, []string{"1-10024040008"}},
		{"attributes disagree", h + csvRowOf(t) + csvRowOf(t, "Domain=Safe", "Location Name=Other", "Provider Name=Dr Jones") + csvRowOf(t, "Domain=Caring", "Location Name=Third"),
			[]csvWant{
				csvWarnAt(3, "Location Name", `line 2 has "The Surgery", this row (line 3) has "Other"`, "first row"),
				csvWarnAt(3, "Provider Name", `"Dr Jones"`),
			}, []string{"1-10024040008"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			locs, p := csvRead(tt.in, Options{})
			csvCheckProblems(t, p, tt.wants)
			var ids []string
			for _, l := range locs {
				ids = append(ids, l.ID)
			}
			if !slices.Equal(ids, tt.ids) {
				t.Errorf("ids = %q, want %q", ids, tt.ids)
			}
		})
	}
}

func TestReadRatingsCSVNilListAndReadError(t *testing.T) {
	if locs := ReadCSV(strings.NewReader(Header+"\n"+csvRowOf(t)), "x.csv", Options{}, nil); len(locs) != 1 {
		t.Errorf("nil list: got %d locations", len(locs))
	}
	var p diag.List
	r := io.MultiReader(strings.NewReader(Header+"\n"+csvRowOf(t)), iotest.ErrReader(io.ErrUnexpectedEOF))
	ReadCSV(r, "test.csv", Options{}, &p)
	if errs := p.Errors(); len(errs) != 1 || !strings.Contains(errs[0].Message, "cannot read the file") {
		t.Errorf("read error: %v", errs)
	}
}

func TestReadRatingsCSVConflictKeepsFirst(t *testing.T) {
	in := Header + "\n" + csvRowOf(t) + csvRowOf(t, "Latest Rating=Inadequate", "Location Name=Later")
	locs, _ := csvRead(in, Options{})
	if len(locs) != 1 || locs[0].Ratings.Overall().Value != rating.Good || locs[0].Name != "The Surgery" {
		t.Errorf("got %+v", locs)
	}
}

func TestReadRatingsCSVTooManySyntaxErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString(Header + "\n")
	for range 30 {
		b.WriteString("1-1,a\"b\n")
	}
	_, p := csvRead(b.String(), Options{})
	errs := p.Errors()
	if len(errs) != 20+1 || !strings.Contains(errs[len(errs)-1].Message, "too many") {
		t.Errorf("got %d errors, last %v", len(errs), errs[len(errs)-1])
	}
}

// TestReadRatingsCSVRunawayQuote checks that a quote that is never closed
// stops the file instead of reading the rest of it into one field.
func TestReadRatingsCSVRunawayQuote(t *testing.T) {
	var b strings.Builder
	b.WriteString(Header + "\n" + csvRowOf(t) + csvRowOf(t, "Domain=Safe") + "1-1,\"P1,")
	for b.Len() < 3<<20 {
		b.WriteString(strings.TrimSuffix(csvRowOf(t), "\n") + "\r\n")
	}
	locs, p := csvRead(b.String(), Options{})
	csvCheckProblems(t, p, []csvWant{csvErrAt(3, "", "runs on for more than 1 MB", "never closed", "stopped reading")})
	if len(locs) != 1 {
		t.Errorf("got %d locations", len(locs))
	}
}

func TestReadRatingsCSVCategories(t *testing.T) {
	in := Header + "\n" +
		csvRowOf(t, "Location ID=1-1") +
		csvRowOf(t, "Location ID=1-2", "Location Primary Inspection Category=Dentists", "Latest Rating=Nonsense", "Domain=Nope") +
		csvRowOf(t, "Location ID=../x", "Location Primary Inspection Category=Dentists") +
		csvRowOf(t, "Location ID=1-3", "Location Primary Inspection Category= gp practices ") +
		csvRowOf(t, "Location ID=1-4", "Location Primary Inspection Category=GP Practices (Out of hours)")
	tests := []struct {
		cats []string
		ids  []string
		errs int
	}{
		{nil, []string{"1-1", "1-2", "1-3", "1-4"}, 3},
		{[]string{cqc.GPPractices}, []string{"1-1", "1-3"}, 0},
		{[]string{" dentists", "GP Practices (Out of hours)"}, []string{"1-2", "1-4"}, 3},
		{[]string{"Hospitals"}, nil, 0},
	}
	for _, tt := range tests {
		locs, p := csvRead(in, Options{Categories: tt.cats})
		var ids []string
		for _, l := range locs {
			ids = append(ids, l.ID)
		}
		if !slices.Equal(ids, tt.ids) || len(p.Errors()) != tt.errs {
			t.Errorf("categories %q: ids %v, errors %v; want %v and %d errors", tt.cats, ids, p.Errors(), tt.ids, tt.errs)
		}
		if w := p.Warnings(); len(ids) == 0 && (len(w) != 1 || !strings.Contains(w[0].Message, "no rows have the category Hospitals")) {
			t.Errorf("categories %q: warnings %v", tt.cats, w)
		}
	}
}

// TestReadRatingsCSVFixtures reads the files in testdata.
func TestReadRatingsCSVFixtures(t *testing.T) {
	tests := []struct {
		file   string
		locs   int
		errors int
		warns  int
	}{
		{"latest-ratings.csv", 3, 0, 0},
		{"latest-ratings-excel.csv", 2, 0, 0},
		{"latest-ratings-cp1252.csv", 2, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var p diag.List
			locs := ReadCSV(f, tt.file, Options{Categories: []string{cqc.GPPractices}}, &p)
			if len(locs) != tt.locs || len(p.Errors()) != tt.errors || len(p.Warnings()) != tt.warns {
				t.Errorf("%d locations, problems %v; want %d locations, %d errors, %d warnings", len(locs), p.All(), tt.locs, tt.errors, tt.warns)
			}
			for _, e := range p.Errors() {
				if e.Line != 2 || !strings.Contains(e.Message, "is not UTF-8") {
					t.Errorf("unexpected error %v", e)
				}
			}
			if tt.file != "latest-ratings.csv" || len(locs) != 3 {
				return
			}
			a, b, c := locs[0], locs[1], locs[2]
			if a.Line != 4 || a.Ratings[rating.Whole][rating.Safe].Value != rating.RequiresImprovement ||
				a.Ratings[rating.Vulnerable][rating.Overall].Value != rating.Good || !a.Ratings.HasGroups() {
				t.Errorf("first location %+v", a)
			}
			if b.ID != "1-10000000002" || b.ProviderName != "Dr A Patel, Dr B Jones" || b.BrandID != "BD1" || b.Ratings.HasGroups() {
				t.Errorf("second location %+v", b)
			}
			if c.ID != "1-10000000004" || c.Ratings.Overall().Value != rating.Inadequate || !c.Ratings.Overall().Inherited ||
				c.Ratings.Newest() != time.Date(2024, 2, 28, 0, 0, 0, 0, time.UTC) {
				t.Errorf("third location %+v", c)
			}
		})
	}
}

// ratingsGen streams a generated Latest ratings file of n locations, each
// with 7 groups x 6 domains, a row at a time, without holding the file.
type csvRatingsGen struct {
	n, i     int // locations, next row
	category func(loc int) string
	buf      []byte
}

var csvGenGroups = func() []string {
	var out []string
	for g := rating.Whole; g < rating.NumGroups; g++ {
		out = append(out, g.String())
	}
	return out
}()

func (g *csvRatingsGen) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		if g.i == 0 {
			g.buf = append(g.buf, Header+"\r\n"...)
		}
		if g.i >= g.n*42 {
			return 0, io.EOF
		}
		loc, grp, dom := g.i/42, g.i%42/6, g.i%6
		g.i++
		cat := cqc.GPPractices
		if g.category != nil {
			cat = g.category(loc)
		}
		words := rating.Words()
		g.buf = fmt.Appendf(g.buf, "1-%d,P%05d,\"Surgery %d, Town\",N,Primary Medical Services,%s,%d High Street,,Town %d,LS%d 1AA,Council %d,Region %d,NHS Region %d,E380%05d,NHS ICB %d,15F,NHS CCG,\"%s\",%s,%s,%02d/%02d/20%02d,cqc.Location,N,https://www.cqc.org.uk/location/1-%d,1-%d,Provider %d,-,-\r\n",
			loc, loc, loc, cat, loc, loc%300, loc%50, loc%300, loc%9, loc%7, loc%42, loc%42, csvGenGroups[grp], rating.Domain(dom), words[(loc+dom)%4], 1+loc%28, 1+loc%12, 10+loc%15, loc, loc%2000, loc%2000)
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// TestReadRatingsCSVStreams checks that memory kept stays proportionate to
// the locations kept, not to the file.
func TestReadRatingsCSVStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	gen := &csvRatingsGen{n: 400, category: func(loc int) string {
		if loc%200 == 0 {
			return cqc.GPPractices
		}
		return "Dentists"
	}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var p diag.List
	locs := ReadCSV(gen, "gen.csv", Options{Categories: []string{cqc.GPPractices}}, &p)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if len(locs) != 2 || p.HasErrors() || locs[1].ID != "1-200" || locs[1].Ratings[rating.MentalHealth][rating.WellLed].Value == rating.None {
		t.Fatalf("locations %d, problems %v", len(locs), p.All())
	}
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 256<<10 {
		t.Errorf("heap grew by %d bytes for 2 locations kept", grew)
	}
	runtime.KeepAlive(locs)
}

func BenchmarkReadRatingsCSV(b *testing.B) {
	var buf bytes.Buffer
	gen := &csvRatingsGen{n: 500}
	io.Copy(&buf, gen)
	data := buf.Bytes()
	rows := gen.n * 42
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var p diag.List
		locs := ReadCSV(bytes.NewReader(data), "bench.csv", Options{Categories: []string{cqc.GPPractices}}, &p)
		if len(locs) != gen.n || p.HasErrors() {
			b.Fatalf("%d locations, %v", len(locs), p.Err())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}

// FuzzReadRatingsCSV checks that no input makes the reader panic, print
// bytes that are not UTF-8, name a line past the end, or return a location
// with an unsafe ID. Seeds are in testdata/fuzz/FuzzReadRatingsCSV.
func FuzzReadRatingsCSV(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var gp diag.List
		ReadCSV(bytes.NewReader(data), "fuzz.csv", Options{Categories: []string{cqc.GPPractices}}, &gp)
		var p diag.List
		locs := ReadCSV(bytes.NewReader(data), "fuzz.csv", Options{}, &p)
		p.Merge(&gp)
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, e := range p.All() {
			s := e.String()
			if strings.Contains(s, "internal error") {
				t.Fatalf("internal error: %s", s)
			}
			if !utf8.ValidString(s) {
				t.Fatalf("problem is not UTF-8: %q", s)
			}
			if e.Line < 0 || e.Line > lines {
				t.Fatalf("line %d of a %d-line input: %s", e.Line, lines, s)
			}
		}
		seen := map[string]bool{}
		for _, l := range locs {
			if l == nil || cqc.CheckID(l.ID) != "" || seen[l.ID] || !l.Registered {
				t.Fatalf("bad location %+v", l)
			}
			seen[l.ID] = true
		}
		if len(locs) > 0 && !p.HasErrors() {
			// A clean read keeps every cell's value a known one.
			for _, l := range locs {
				for g := range l.Ratings {
					for d := range l.Ratings[g] {
						if v := l.Ratings[g][d].Value; v.String() == "" && v != rating.None {
							t.Fatalf("unknown value %d", v)
						}
					}
				}
			}
		}
	})
}
