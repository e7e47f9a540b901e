package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"

	"ratingsite/internal/fixture"
)

// apiReadFile reads one document with Read, naming it by its path.
func apiReadFile(t *testing.T, path string) (*cqc.Location, *diag.List) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var problems diag.List
	return Read(f, path, &problems), &problems
}

func apiReadString(s string) (*cqc.Location, *diag.List) {
	var problems diag.List
	return Read(strings.NewReader(s), "doc.json", &problems), &problems
}

func apiDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func apiNoProblems(t *testing.T, p *diag.List) {
	t.Helper()
	for _, x := range p.All() {
		t.Errorf("unexpected problem: %s", x)
	}
}

func apiCheckCell(t *testing.T, what string, c rating.Cell, v rating.Value, published, reportType string) {
	t.Helper()
	if c.Value != v {
		t.Errorf("%s: value %q, want %q", what, c.Value, v)
	}
	var want time.Time
	if published != "" {
		want = apiDay(published)
	}
	if c.Published != rating.DayOf(want) {
		t.Errorf("%s: published %v, want %v", what, c.Published, published)
	}
	if c.ReportType.String() != reportType {
		t.Errorf("%s: report type %q, want %q", what, c.ReportType, reportType)
	}
	if c.Inherited {
		t.Errorf("%s: inherited, want not", what)
	}
}

func TestReadAPIFullGP(t *testing.T) {
	loc, p := apiReadFile(t, "testdata/api/gp_full.json")
	apiNoProblems(t, p)
	if loc == nil {
		t.Fatal("nil location")
	}
	strs := []struct{ name, got, want string }{
		{"File", loc.File, "testdata/api/gp_full.json"},
		{"ID", loc.ID, "1-000000001"},
		{"ODS", loc.ODS, "Z99001"},
		{"Name", loc.Name, "Example Street Surgery"},
		{"Category", loc.Category, cqc.GPPractices},
		{"Type", loc.Type, "Primary Medical Services"},
		{"Street", loc.Street, "1 Example Street"},
		{"Line2", loc.Line2, "Exampleton"},
		{"City", loc.City, "Oldtown"},
		{"County", loc.County, "Greater Example"},
		{"Postcode", loc.Postcode, "ZZ1 1ZZ"},
		{"LocalAuthority", loc.LocalAuthority, "Oldtown"},
		{"Region", loc.Region, "North West"},
		{"NHSRegion", loc.NHSRegion, ""},
		{"ICBCode", loc.ICBCode, "E54000999"},
		{"ICBName", loc.ICBName, "NHS Example Integrated Care Board"},
		{"Phone", loc.Phone, "01610000000"},
		{"Website", loc.Website, "www.example.invalid"},
		{"ProviderID", loc.ProviderID, "1-000000100"},
		{"ProviderName", loc.ProviderName, ""},
		{"BrandID", loc.BrandID, "BD999"},
		{"BrandName", loc.BrandName, "BRAND Example"},
	}
	for _, s := range strs {
		if s.got != s.want {
			t.Errorf("%s = %q, want %q", s.name, s.got, s.want)
		}
	}
	if loc.Line != 0 {
		t.Errorf("Line = %d, want 0 for a JSON document", loc.Line)
	}
	if !loc.Registered || !loc.RegisteredFrom.Equal(apiDay("2013-04-01")) || !loc.Deregistered.IsZero() {
		t.Errorf("registration = %v from %v until %v", loc.Registered, loc.RegisteredFrom, loc.Deregistered)
	}
	if !loc.HasCoords || loc.Lat != 53.5 || loc.Lon != -2.1 {
		t.Errorf("coords = %v,%v (%v)", loc.Lat, loc.Lon, loc.HasCoords)
	}

	const (
		rep1   = "https://www.cqc.org.uk/reports/aaaa-0001"
		rep2   = "https://www.cqc.org.uk/reports/aaaa-0002"
		rep3   = "https://www.cqc.org.uk/reports/aaaa-0003"
		locURL = "https://www.cqc.org.uk/location/1-000000001"
	)
	g := &loc.Ratings
	apiCheckCell(t, "overall", g[rating.Whole][rating.Overall], rating.RequiresImprovement, "2023-06-02", "Location")
	if loc.ReportURL != rep3 {
		t.Errorf("ReportURL = %q, want the overall rating's report %q", loc.ReportURL, rep3)
	}
	apiCheckCell(t, "safe", g[rating.Whole][rating.Safe], rating.Inadequate, "2023-06-02", "Location")
	apiCheckCell(t, "effective (own date and report)", g[rating.Whole][rating.Effective], rating.Good, "2019-01-10", "Location")
	apiCheckCell(t, "caring (unknown report)", g[rating.Whole][rating.Caring], rating.Good, "2023-06-02", "")
	apiCheckCell(t, "responsive (overall's date and report)", g[rating.Whole][rating.Responsive], rating.RequiresImprovement, "2023-06-02", "Location")
	apiCheckCell(t, "well-led", g[rating.Whole][rating.WellLed], rating.RequiresImprovement, "2023-06-02", "Location")
	apiCheckCell(t, "older people", g[rating.OlderPeople][rating.Overall], rating.Good, "2019-01-10", "Location")
	apiCheckCell(t, "long-term conditions (currentRatings date)", g[rating.LongTermConditions][rating.Overall], rating.RequiresImprovement, "2023-06-02", "")
	apiCheckCell(t, "mental health", g[rating.MentalHealth][rating.Overall], rating.Good, "2023-06-02", "")
	apiCheckCell(t, "mental health safe", g[rating.MentalHealth][rating.Safe], rating.Outstanding, "2023-06-02", "")
	apiCheckCell(t, "families (not rated)", g[rating.Families][rating.Overall], rating.None, "", "")
	if !g.HasGroups() {
		t.Error("HasGroups = false")
	}

	// Newest first; the entry that rates only a hospital service is left out.
	if len(loc.History) != 2 {
		t.Fatalf("%d historic assessments, want 2: %+v", len(loc.History), loc.History)
	}
	h0, h1 := loc.History[0], loc.History[1]
	if !h0.Published.Equal(apiDay("2021-03-05")) || h0.ReportLinkID != "aaaa-0002" {
		t.Errorf("history[0] = %v %q", h0.Published, h0.ReportLinkID)
	}
	apiCheckCell(t, "history[0] overall", h0.Ratings[rating.Whole][rating.Overall], rating.InspectedNotRated, "2021-03-05", "")
	if !h1.Published.Equal(apiDay("2019-01-10")) || h1.ReportLinkID != "aaaa-0001" {
		t.Errorf("history[1] = %v %q", h1.Published, h1.ReportLinkID)
	}
	apiCheckCell(t, "history[1] overall", h1.Ratings[rating.Whole][rating.Overall], rating.Good, "2019-01-10", "Location")
	apiCheckCell(t, "history[1] safe", h1.Ratings[rating.Whole][rating.Safe], rating.Good, "2019-01-10", "Location")
	apiCheckCell(t, "history[1] families", h1.Ratings[rating.Families][rating.Overall], rating.Outstanding, "2019-01-10", "Location")

	wantReports := []cqc.Report{
		{LinkID: "aaaa-0003", Published: apiDay("2023-06-02"), FirstVisit: apiDay("2023-05-05"), Type: "Location", URL: rep3},
		{LinkID: "aaaa-0002", Published: apiDay("2021-03-05"), URL: rep2},
		{LinkID: "aaaa-0001", Published: apiDay("2019-01-10"), FirstVisit: apiDay("2018-11-20"), Type: "Location", URL: rep1},
	}
	if !slices.Equal(loc.Reports, wantReports) {
		t.Errorf("reports =\n%+v\nwant\n%+v", loc.Reports, wantReports)
	}
	if got := loc.Published(); !got.Equal(apiDay("2023-06-02")) {
		t.Errorf("Published() = %v", got)
	}
}

func TestReadAPIDeregistered(t *testing.T) {
	loc, p := apiReadFile(t, "testdata/api/deregistered.json")
	apiNoProblems(t, p)
	if loc == nil {
		t.Fatal("nil location")
	}
	if loc.ID != "RX1AB" || loc.Category != cqc.GPPractices {
		t.Errorf("ID %q, category %q (the first when none is primary)", loc.ID, loc.Category)
	}
	if loc.ICBCode != "E38000999" || loc.ICBName != "NHS Oldtown CCG" {
		t.Errorf("ICB falls back on CCG: %q %q", loc.ICBCode, loc.ICBName)
	}
	if loc.BrandID != "" || loc.BrandName != "" {
		t.Errorf("brand %q %q, want empty for -", loc.BrandID, loc.BrandName)
	}
	if loc.Registered || !loc.Deregistered.Equal(apiDay("2016-09-30")) || !loc.RegisteredFrom.Equal(apiDay("2013-04-01")) {
		t.Errorf("registration = %v from %v until %v", loc.Registered, loc.RegisteredFrom, loc.Deregistered)
	}
	if loc.HasCoords {
		t.Error("HasCoords without coordinates")
	}
	if !loc.Ratings.Empty() || loc.History != nil || loc.Reports != nil {
		t.Errorf("ratings %v, history %v, reports %v; want none", loc.Ratings, loc.History, loc.Reports)
	}
}

func TestReadAPIAssessmentOnly(t *testing.T) {
	loc, p := apiReadFile(t, "testdata/api/saf_only.json")
	apiNoProblems(t, p)
	if loc == nil {
		t.Fatal("nil location")
	}
	const locURL = "https://www.cqc.org.uk/location/1-000000002"
	g := &loc.Ratings
	apiCheckCell(t, "overall", g[rating.Whole][rating.Overall], rating.None, "", "")
	if loc.ReportURL != locURL {
		t.Errorf("ReportURL = %q, want the location's page %q", loc.ReportURL, locURL)
	}
	apiCheckCell(t, "caring", g[rating.Whole][rating.Caring], rating.RegulationsMet, "2024-11-18", "")
	apiCheckCell(t, "safe", g[rating.Whole][rating.Safe], rating.RegulationsMet, "2024-11-18", "")
	apiCheckCell(t, "effective", g[rating.Whole][rating.Effective], rating.None, "", "")
	if loc.Category != "Dentists" {
		t.Errorf("category %q", loc.Category)
	}
}

func TestReadAPIAssessmentFillsMissingOverall(t *testing.T) {
	loc, p := apiReadFile(t, "testdata/api/saf_gp.json")
	apiNoProblems(t, p)
	if loc == nil {
		t.Fatal("nil location")
	}
	const locURL = "https://www.cqc.org.uk/location/1-000000003"
	g := &loc.Ratings
	// The newest plan's current service group, not the older plan's
	// Inadequate nor the previous group's Outstanding.
	apiCheckCell(t, "overall", g[rating.Whole][rating.Overall], rating.Good, "2024-05-10", "")
	if loc.ReportURL != locURL {
		t.Errorf("ReportURL = %q, want the location's page %q", loc.ReportURL, locURL)
	}
	apiCheckCell(t, "responsive", g[rating.Whole][rating.Responsive], rating.Good, "2024-05-10", "")
	apiCheckCell(t, "well-led", g[rating.Whole][rating.WellLed], rating.Good, "2024-05-10", "")
	apiCheckCell(t, "safe", g[rating.Whole][rating.Safe], rating.None, "", "")
	apiCheckCell(t, "families", g[rating.Families][rating.Overall], rating.RequiresImprovement, "2019-05-21", "Location")
}

func TestReadAPIAssessmentIgnoredWhenCurrentRatingsRate(t *testing.T) {
	loc, p := apiReadString(`{"locationId": "1-1", "name": "N", "registrationStatus": "Registered",
		"currentRatings": {"overall": {"rating": "Good", "reportDate": "2020-01-01"}},
		"assessment": [{"assessmentPlanPublishedDateTime": "bad", "ratings": {"asgRatings": [{"rating": "Nonsense"}]}}]}`)
	apiNoProblems(t, p)
	if loc == nil || loc.Ratings.Overall().Value != rating.Good {
		t.Fatalf("got %+v", loc)
	}
}

func TestReadAPIAssessmentShapeIsAWarning(t *testing.T) {
	loc, p := apiReadString(`{"locationId": "1-1", "name": "N", "registrationStatus": "Registered",
"assessment": [{"ratings": {"asgRatings": {"rating": "Good"}}}]}`)
	if loc == nil {
		t.Fatal("nil location")
	}
	if p.HasErrors() {
		t.Errorf("errors: %v", p.Err())
	}
	w := p.Warnings()
	if len(w) != 1 || w[0].Field != "assessment[0].ratings.asgRatings" || w[0].Line != 2 {
		t.Errorf("warnings = %v", w)
	}
	if !loc.Ratings.Empty() {
		t.Errorf("ratings = %v, want none", loc.Ratings)
	}
}

// A problem expected from a bad document: severity, line, field, and words
// the message must contain.
type apiWantProblem struct {
	sev   diag.Severity
	line  int
	field string
	msg   string
}

func apiCheckProblems(t *testing.T, p *diag.List, file string, want []apiWantProblem) {
	t.Helper()
	got := p.All()
	for _, g := range got {
		if g.File != file {
			t.Errorf("problem names file %q, want %q: %s", g.File, file, g)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d problems, want %d:", len(got), len(want))
		for _, g := range got {
			t.Errorf("  %s", g)
		}
		return
	}
	for i, w := range want {
		g := got[i]
		if g.Severity != w.sev || g.Line != w.line || g.Field != w.field || !strings.Contains(g.Message, w.msg) {
			t.Errorf("problem %d = %s\nwant %s at line %d, field %q, message containing %q", i, g, w.sev, w.line, w.field, w.msg)
		}
		if g.Hint == "" {
			t.Errorf("problem %d has no hint: %s", i, g)
		}
	}
}

func TestReadAPIBadDocuments(t *testing.T) {
	const E, W = diag.Error, diag.Warning
	tests := []struct {
		file    string
		wantNil bool
		want    []apiWantProblem
	}{
		{"empty.json", true, []apiWantProblem{{E, 0, "", "the file is empty"}}},
		{"truncated.json", true, []apiWantProblem{{E, 5, "", "invalid JSON at column 30: the document ends in the middle of a value"}}},
		{"invalid.json", true, []apiWantProblem{{E, 4, "", "invalid JSON at column 38: invalid character ','"}}},
		{"garbage.bin", true, []apiWantProblem{{E, 1, "", "invalid JSON at column 1: invalid character"}}},
		{"array.json", true, []apiWantProblem{{E, 1, "", "a JSON array, not a JSON object"}}},
		{"missing_id.json", true, []apiWantProblem{{E, 0, "locationId", "no locationId"}}},
		{"missing_name.json", true, []apiWantProblem{{E, 3, "name", "no name"}}},
		{"bad_id.json", true, []apiWantProblem{{E, 2, "locationId", `not a usable location ID: Location ID "1-123/../../etc" has characters`}}},
		{"wrong_types.json", true, []apiWantProblem{
			{W, 0, "registrationStatus", "no registrationStatus"},
			{E, 3, "name", "must be a string, not a number"},
			{E, 4, "onspdLatitude", "must be a number, not an object"},
		}},
		{"wrong_types_fields.json", false, []apiWantProblem{
			{E, 4, "postalCode", "must be a string, not an array"},
			{E, 5, "onspdLatitude", "must be a number, not a string"},
			{E, 13, "currentRatings.overall.keyQuestionRatings[1]", "must be an object, not a string"},
			{E, 14, "currentRatings.overall.keyQuestionRatings[2].rating", "must be a string, not a boolean"},
			{E, 17, "currentRatings.serviceRatings", "must be an array, not an object"},
			{E, 19, "historicRatings", "must be an array, not a string"},
			{E, 20, "reports[0].linkId", "must be a string, not a number"},
		}},
		{"bad_fields.json", false, []apiWantProblem{
			{E, 5, "registrationDate", `"01/04/2013" is not a date`},
			{E, 9, "currentRatings.overall.reportDate", `"2023-02-30" is not a date`},
			{E, 13, "currentRatings.overall.keyQuestionRatings[2].rating", `unknown rating "Very good"`},
			{E, 14, "currentRatings.overall.keyQuestionRatings[3].name", `unknown key question "Kindness"`},
			{E, 15, "currentRatings.overall.keyQuestionRatings[4].name", "has no name"},
			{E, 19, "currentRatings.serviceRatings[0].rating", `unknown rating "Superb"`},
			{E, 23, "historicRatings[0].overall.rating", `unknown rating "Adequate"`},
			{E, 23, "historicRatings[0].reportDate", `"2020" is not a date`},
		}},
		{"coords_out_of_range.json", false, []apiWantProblem{{W, 5, "onspdLatitude", "latitude 0 is outside the UK"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "api", tt.file)
			loc, p := apiReadFile(t, path)
			if (loc == nil) != tt.wantNil {
				t.Errorf("location nil = %v, want %v", loc == nil, tt.wantNil)
			}
			if tt.wantNil && !p.HasErrors() {
				t.Error("nil location without an error")
			}
			apiCheckProblems(t, p, path, tt.want)
		})
	}
}

func TestReadAPIBadFieldsKeepsTheRest(t *testing.T) {
	loc, _ := apiReadFile(t, "testdata/api/bad_fields.json")
	if loc == nil {
		t.Fatal("nil location")
	}
	g := &loc.Ratings
	if g[rating.Whole][rating.Overall].Value != rating.Good || g[rating.Whole][rating.Safe].Value != rating.Good {
		t.Errorf("good cells lost: %v", g[rating.Whole])
	}
	if g[rating.Whole][rating.Caring].Value.Present() || g[rating.Vulnerable][rating.Overall].Value.Present() {
		t.Error("a cell with an unknown rating word holds a value")
	}
	if !loc.RegisteredFrom.IsZero() {
		t.Errorf("RegisteredFrom = %v from a malformed date", loc.RegisteredFrom)
	}
	if len(loc.History) != 0 {
		t.Errorf("history = %+v; its only entry has an unknown rating", loc.History)
	}
}

func TestReadAPIInline(t *testing.T) {
	const E, W = diag.Error, diag.Warning
	const head = `{"locationId": "1-1", "name": "N", "registrationStatus": "Registered",` + "\n"
	tests := []struct {
		name    string
		doc     string
		wantNil bool
		want    []apiWantProblem
	}{
		{"white space only", " \n\t\r\n ", true, []apiWantProblem{{E, 0, "", "the file is empty"}}},
		{"null", "null", true, []apiWantProblem{{E, 1, "", "a JSON null, not a JSON object"}}},
		{"number", "\n 42", true, []apiWantProblem{{E, 2, "", "a JSON number, not a JSON object"}}},
		{"string", `"1-1"`, true, []apiWantProblem{{E, 1, "", "a JSON string, not a JSON object"}}},
		{"trailing garbage", "{\"locationId\": \"1-1\", \"name\": \"N\"}\n}", true, []apiWantProblem{{E, 2, "", "invalid JSON at column 1: invalid character '}' after top-level value"}}},
		{"truncated after newline", "{\n \"name\": \"N\",\n", true, []apiWantProblem{{E, 2, "", "column 14: the document ends"}}},
		{"multi-byte column", "{\"name\": \"Café\" x}", true, []apiWantProblem{{E, 1, "", "column 17: invalid character 'x'"}}},
		{"byte-order mark", "\xef\xbb\xbf" + head + `"registrationDate": "2020-01-01"}`, false, nil},
		{"CRLF lines", "{\r\n\"locationId\": \"1-1\",\r\n\"name\": \"N\",\r\n\"registrationStatus\": \"Registered\",\r\n\"registrationDate\": \"1.1.2020\"\r\n}", false,
			[]apiWantProblem{{E, 5, "registrationDate", "not a date"}}},
		{"id too long", `{"locationId": "` + strings.Repeat("1", 101) + `", "name": "N"}`, true, []apiWantProblem{
			{W, 0, "registrationStatus", "no registrationStatus"},
			{E, 1, "locationId", "not a usable location ID"},
		}},
		{"id with space", `{"locationId": "1- 1", "name": "N", "registrationStatus": "Registered"}`, true, []apiWantProblem{{E, 1, "locationId", "not a usable"}}},
		{"id with dot", `{"locationId": "..", "name": "N", "registrationStatus": "Registered"}`, true, []apiWantProblem{{E, 1, "locationId", "not a usable"}}},
		{"id as number", `{"locationId": 1, "name": "N", "registrationStatus": "Registered"}`, true, []apiWantProblem{{E, 1, "locationId", "must be a string, not a number"}}},
		{"id and name missing", `{}`, true, []apiWantProblem{
			{E, 0, "locationId", "no locationId"},
			{E, 0, "name", "no name"},
			{W, 0, "registrationStatus", "no registrationStatus"},
		}},
		{"null fields are absent", head + `"odsCode": null, "onspdLatitude": null, "onspdLongitude": null, "currentRatings": null, "reports": null, "historicRatings": [null]}`, false, nil},
		{"unknown status", `{"locationId": "1-1", "name": "N", "registrationStatus": "Suspended"}`, false, []apiWantProblem{{W, 1, "registrationStatus", `unknown registration status "Suspended"`}}},
		{"latitude only", head + `"onspdLatitude": 53.5}`, false, []apiWantProblem{{W, 0, "onspdLongitude", "onspdLatitude is given but onspdLongitude is not"}}},
		{"longitude out of range", head + `"onspdLatitude": 53.5,` + "\n" + `"onspdLongitude": 12}`, false, []apiWantProblem{{W, 3, "onspdLongitude", "longitude 12 is outside the UK"}}},
		{"huge latitude", head + `"onspdLatitude": 1e400, "onspdLongitude": -2}`, false, []apiWantProblem{{W, 2, "onspdLatitude", "latitude +Inf is outside the UK"}}},
		{"duplicate key question", head + `"currentRatings": {"overall": {"rating": "Good", "keyQuestionRatings": [{"name": "Safe", "rating": "Good"},` + "\n" + `{"name": "safe", "rating": "Inadequate"}]}}}`, false,
			[]apiWantProblem{{W, 3, "currentRatings.overall.keyQuestionRatings[1]", "Safe is rated twice"}}},
		{"overall is not a key question", head + `"currentRatings": {"overall": {"keyQuestionRatings": [{"name": "Overall", "rating": "Good"}]}}}`, false,
			[]apiWantProblem{{E, 2, "currentRatings.overall.keyQuestionRatings[0].name", `unknown key question "Overall"`}}},
		{"foreign report address", head + `"reports": [{"linkId": "x", "reportDate": "2020-01-01", "reportUri": "https://example.com/reports/x"}]}`, false,
			[]apiWantProblem{{W, 2, "reports[0].reportUri", "not a report address on the CQC website"}}},
		{"relative report address", head + `"reports": [{"linkId": "x", "reportUri": "reports/x"}]}`, false,
			[]apiWantProblem{{W, 2, "reports[0].reportUri", "not a report address"}}},
		{"bad assessment date", head + `"assessment": [{"assessmentPlanPublishedDateTime": "May 2024"}]}`, false,
			[]apiWantProblem{{E, 2, "assessment[0].assessmentPlanPublishedDateTime", `"May 2024" is not a date and time`}}},
		{"unknown word in assessment", head + `"assessment": [{"ratings": {"asgRatings": [{"status": "Current", "rating": "Fine"}]}}]}`, false,
			[]apiWantProblem{{E, 2, "assessment[0].ratings.asgRatings[0].rating", `unknown rating "Fine"`}}},
		{"case-insensitive keys", `{"LOCATIONID": "1-1", "Name": 5, "registrationStatus": "Registered"}`, true,
			[]apiWantProblem{{E, 1, "name", "must be a string"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, p := apiReadString(tt.doc)
			if (loc == nil) != tt.wantNil {
				t.Errorf("location nil = %v, want %v", loc == nil, tt.wantNil)
			}
			apiCheckProblems(t, p, "doc.json", tt.want)
		})
	}
}

func TestReadAPIReaderErrorAndNilList(t *testing.T) {
	var p diag.List
	if loc := Read(iotest.ErrReader(errors.New("disk on fire")), "x.json", &p); loc != nil {
		t.Error("location from a failing reader")
	}
	if errs := p.Errors(); len(errs) != 1 || !strings.Contains(errs[0].Message, "disk on fire") {
		t.Errorf("errors = %v", errs)
	}
	// A nil list must not panic.
	if loc := Read(strings.NewReader(`{"locationId": "1-1", "name": "N"}`), "x.json", nil); loc == nil {
		t.Error("nil location")
	}
	if loc := Read(nil, "x.json", &p); loc != nil {
		t.Error("location from a nil reader")
	}
}

// apiRealDir is the shared real CQC API documents, when present.
func apiRealDir(t *testing.T) string {
	t.Helper()
	return fixture.Real(t, "cqc-api")
}

// apiNaive is a document decoded without the reader, to check it against.
type apiNaive map[string]any

func (n apiNaive) str(key string) string { s, _ := n[key].(string); return s }

func (n apiNaive) obj(key string) apiNaive { m, _ := n[key].(map[string]any); return m }

func (n apiNaive) arr(key string) []apiNaive {
	a, _ := n[key].([]any)
	out := make([]apiNaive, 0, len(a))
	for _, e := range a {
		m, _ := e.(map[string]any)
		out = append(out, m)
	}
	return out
}

func TestReadAPIRealData(t *testing.T) {
	dir := apiRealDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 451 {
		t.Errorf("%d documents, SOURCES.md says 451", len(files))
	}
	locs := make(map[string]*cqc.Location)
	var gp, gpRegistered, wantGP, wantGPRegistered int
	overalls := make(map[rating.Value]int)
	words := make(map[rating.Value]int)
	for _, file := range files {
		loc, p := apiReadFile(t, file)
		for _, x := range p.All() {
			t.Errorf("%s", x)
		}
		if loc == nil {
			t.Errorf("%s: nil location", file)
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var n apiNaive
		if err := json.Unmarshal(data, &n); err != nil {
			t.Fatal(err)
		}
		apiCheckAgainstNaive(t, file, loc, n)

		// Count GP practices independently of the reader.
		cats := n.arr("inspectionCategories")
		primary := ""
		for _, c := range cats {
			if c.str("primary") == "true" {
				primary = c.str("name")
				break
			}
		}
		if primary == "" && len(cats) > 0 {
			primary = cats[0].str("name")
		}
		if primary == "GP Practices" {
			wantGP++
			if n.str("registrationStatus") == "Registered" {
				wantGPRegistered++
			}
		}

		if loc.Category == cqc.GPPractices {
			gp++
			if loc.Registered {
				gpRegistered++
			}
			overalls[loc.Ratings.Overall().Value]++
		}
		apiCountWords(words, &loc.Ratings)
		for i := range loc.History {
			apiCountWords(words, &loc.History[i].Ratings)
		}
		if locs[loc.ID] != nil {
			t.Errorf("%s: location ID %s seen twice", file, loc.ID)
		}
		locs[loc.ID] = loc
	}
	if gp != wantGP || gpRegistered != wantGPRegistered {
		t.Errorf("%d GP practices (%d registered), apiNaive count %d (%d)", gp, gpRegistered, wantGP, wantGPRegistered)
	}
	// The counts SOURCES.md documents.
	if gp != 69 || gpRegistered != 33 {
		t.Errorf("%d GP practices (%d registered), want 69 (33)", gp, gpRegistered)
	}
	t.Logf("GP practices' current overall ratings: %v", overalls)
	t.Logf("values in current and historic ratings of all locations: %v", words)
	for _, v := range []rating.Value{rating.Outstanding, rating.Good, rating.RequiresImprovement, rating.Inadequate, rating.InspectedNotRated, rating.NoPublishedRating, rating.RegulationsMet} {
		if words[v] == 0 {
			t.Errorf("no %q seen in the real data", v)
		}
	}

	t.Run("Chapel Street", func(t *testing.T) {
		loc := locs["1-11809806754"]
		if loc == nil {
			t.Fatal("missing")
		}
		if loc.Name != "Chapel Street" || loc.ODS != "P85019" || loc.Category != cqc.GPPractices || !loc.Registered {
			t.Errorf("identity %q %q %q %v", loc.Name, loc.ODS, loc.Category, loc.Registered)
		}
		if loc.Street != "Chapel Street" || loc.Line2 != "Royton" || loc.City != "Oldham" || loc.Postcode != "OL2 5QL" {
			t.Errorf("address %q %q %q %q", loc.Street, loc.Line2, loc.City, loc.Postcode)
		}
		if loc.ICBCode != "E54000057" || loc.ICBName != "NHS Greater Manchester Integrated Care Board" || loc.Phone != "01616526336" || loc.ProviderID != "1-1903666618" {
			t.Errorf("ICB %q %q, phone %q, provider %q", loc.ICBCode, loc.ICBName, loc.Phone, loc.ProviderID)
		}
		if !loc.RegisteredFrom.Equal(apiDay("2021-11-01")) || !loc.Deregistered.IsZero() {
			t.Errorf("registered %v, deregistered %v", loc.RegisteredFrom, loc.Deregistered)
		}
		if !loc.HasCoords || loc.Lat != 53.5665558 || loc.Lon != -2.1258101 {
			t.Errorf("coords %v,%v (%v)", loc.Lat, loc.Lon, loc.HasCoords)
		}
		const url = "https://www.cqc.org.uk/reports/2c2ff47e-9d1e-48fd-bd44-a53bee61e215"
		for _, d := range []rating.Domain{rating.Overall, rating.Safe, rating.Effective, rating.Caring, rating.Responsive, rating.WellLed} {
			apiCheckCell(t, d.String(), loc.Ratings[rating.Whole][d], rating.Good, "2023-06-02", "Location")
		}
		if loc.Ratings.HasGroups() {
			t.Error("current population-group ratings; the document has none")
		}
		wantDates := []string{"2023-01-12", "2022-11-02", "2017-10-23", "2017-07-03"}
		if len(loc.History) != len(wantDates) {
			t.Fatalf("%d historic assessments, want %d", len(loc.History), len(wantDates))
		}
		for i, d := range wantDates {
			if !loc.History[i].Published.Equal(apiDay(d)) {
				t.Errorf("history[%d] published %v, want %s", i, loc.History[i].Published, d)
			}
		}
		h := loc.History
		apiCheckCell(t, "history[0] overall", h[0].Ratings[rating.Whole][rating.Overall], rating.InspectedNotRated, "2023-01-12", "Location")
		if h[0].ReportLinkID != "12547578-271f-4f4a-a7d8-f8d1b232b4f0" {
			t.Errorf("history[0] link %q", h[0].ReportLinkID)
		}
		if v := h[1].Ratings[rating.Whole][rating.WellLed].Value; v != rating.Inadequate {
			t.Errorf("history[1] well-led %v, want Inadequate", v)
		}
		// The 2017 reports were the predecessor location's: no report here,
		// so the cells link to the location's page.
		apiCheckCell(t, "history[2] older people", h[2].Ratings[rating.OlderPeople][rating.Overall], rating.Good, "2017-10-23", "")
		if len(loc.Reports) != 3 || loc.Reports[0].URL != url || !loc.Reports[2].FirstVisit.Equal(apiDay("2022-09-07")) {
			t.Errorf("reports %+v", loc.Reports)
		}
	})

	t.Run("Dr Anita Sharma (Inadequate)", func(t *testing.T) {
		loc := locs["1-501039840"]
		if loc == nil {
			t.Fatal("missing")
		}
		if loc.Registered || !loc.Deregistered.Equal(apiDay("2021-06-23")) || loc.County != "Lancashire" || loc.Website != "www.southchaddertonhealthcentre.co.uk" {
			t.Errorf("registered %v until %v, county %q, website %q", loc.Registered, loc.Deregistered, loc.County, loc.Website)
		}
		want := map[rating.Domain]rating.Value{
			rating.Overall: rating.Inadequate, rating.Safe: rating.Inadequate, rating.Effective: rating.Inadequate,
			rating.Caring: rating.Good, rating.Responsive: rating.RequiresImprovement, rating.WellLed: rating.Inadequate,
		}
		for d, v := range want {
			apiCheckCell(t, d.String(), loc.Ratings[rating.Whole][d], v, "2021-05-28", "Location")
		}
		for _, g := range rating.PopulationGroups {
			apiCheckCell(t, g.String(), loc.Ratings[g][rating.Overall], rating.Inadequate, "2021-05-28", "Location")
		}
		if len(loc.History) != 6 || len(loc.Reports) != 7 {
			t.Fatalf("%d historic assessments, %d reports; want 6, 7", len(loc.History), len(loc.Reports))
		}
		if v := loc.History[0].Ratings.Overall().Value; v != rating.InspectedNotRated || !loc.History[0].Published.Equal(apiDay("2021-02-18")) {
			t.Errorf("history[0] = %v on %v", v, loc.History[0].Published)
		}
		if v := loc.History[1].Ratings[rating.Families][rating.Overall].Value; v != rating.RequiresImprovement {
			t.Errorf("history[1] families = %v, want Requires improvement", v)
		}
	})

	t.Run("Jarvis Medical Practice - GPCC (population groups)", func(t *testing.T) {
		loc := locs["1-1783268868"]
		if loc == nil {
			t.Fatal("missing")
		}
		apiCheckCell(t, "overall", loc.Ratings.Overall(), rating.RequiresImprovement, "2019-04-23", "Location")
		for _, g := range rating.PopulationGroups {
			apiCheckCell(t, g.String(), loc.Ratings[g][rating.Overall], rating.RequiresImprovement, "2019-04-23", "Location")
		}
		// A later inspection that was not rated is history, not current.
		if len(loc.History) != 2 || !loc.History[0].Published.Equal(apiDay("2020-07-13")) {
			t.Fatalf("history %+v", loc.History)
		}
		for _, g := range rating.PopulationGroups {
			if v := loc.History[1].Ratings[g][rating.Overall].Value; v != rating.Good {
				t.Errorf("2015 %s = %v, want Good", g, v)
			}
		}
	})

	t.Run("Oldham Family Practice (assessment)", func(t *testing.T) {
		loc := locs["1-569934227"]
		if loc == nil {
			t.Fatal("missing")
		}
		// currentRatings has population groups but no overall; the
		// assessment gives the whole-practice ratings.
		apiCheckCell(t, "overall", loc.Ratings.Overall(), rating.Good, "2024-05-10", "")
		apiCheckCell(t, "responsive", loc.Ratings[rating.Whole][rating.Responsive], rating.Good, "2024-05-10", "")
		apiCheckCell(t, "families", loc.Ratings[rating.Families][rating.Overall], rating.RequiresImprovement, "2019-05-21", "Location")
		if len(loc.History) != 6 || !loc.History[0].Published.Equal(apiDay("2019-05-21")) {
			t.Errorf("history not newest first: %v", loc.History)
		}
	})

	t.Run("dentist assessed under the new framework", func(t *testing.T) {
		loc := locs["1-16561595022"]
		if loc == nil {
			t.Fatal("missing")
		}
		if loc.Category != "Dentists" || loc.Ratings.Overall().Value.Present() {
			t.Errorf("category %q, overall %v", loc.Category, loc.Ratings.Overall().Value)
		}
		for _, d := range rating.KeyQuestions {
			apiCheckCell(t, d.String(), loc.Ratings[rating.Whole][d], rating.RegulationsMet, "2024-11-18", "")
		}
		// historicRatings lists the older entry first.
		if len(loc.History) != 2 || !loc.History[0].Published.Equal(apiDay("2022-03-07")) {
			t.Errorf("history %v", loc.History)
		}
	})
}

func apiCountWords(m map[rating.Value]int, g *rating.Grid) {
	for i := range g {
		for j := range g[i] {
			if v := g[i][j].Value; v.Present() {
				m[v]++
			}
		}
	}
}

// apiCheckAgainstNaive compares what the reader made of a real document with
// a plain decode of it.
func apiCheckAgainstNaive(t *testing.T, file string, loc *cqc.Location, n apiNaive) {
	t.Helper()
	name := filepath.Base(file)
	if loc.ID != n.str("locationId") || loc.Name != strings.TrimSpace(n.str("name")) || loc.ODS != n.str("odsCode") {
		t.Errorf("%s: identity %q %q %q", name, loc.ID, loc.Name, loc.ODS)
	}
	if loc.Registered != (n.str("registrationStatus") == "Registered") {
		t.Errorf("%s: registered = %v", name, loc.Registered)
	}
	if got := loc.Deregistered.Format(time.DateOnly); loc.Deregistered.IsZero() != (n.str("deregistrationDate") == "") ||
		!loc.Deregistered.IsZero() && got != n.str("deregistrationDate") {
		t.Errorf("%s: deregistered %v, document %q", name, loc.Deregistered, n.str("deregistrationDate"))
	}
	if got := loc.RegisteredFrom.Format(time.DateOnly); got != n.str("registrationDate") {
		t.Errorf("%s: registered from %s, document %q", name, got, n.str("registrationDate"))
	}
	lat, latOK := n["onspdLatitude"].(float64)
	lon, lonOK := n["onspdLongitude"].(float64)
	if loc.HasCoords != (latOK && lonOK) || loc.HasCoords && (loc.Lat != lat || loc.Lon != lon) {
		t.Errorf("%s: coords %v,%v (%v), document %v,%v", name, loc.Lat, loc.Lon, loc.HasCoords, lat, lon)
	}
	if loc.HasCoords && (math.Abs(loc.Lat-53.55) > 0.2 || math.Abs(loc.Lon+2.1) > 0.2) {
		t.Errorf("%s: coords %v,%v are not in Oldham", name, loc.Lat, loc.Lon)
	}
	if len(loc.Reports) != len(n.arr("reports")) {
		t.Errorf("%s: %d reports, document has %d", name, len(loc.Reports), len(n.arr("reports")))
	}
	for i, rep := range loc.Reports {
		if i > 0 && rep.Published.After(loc.Reports[i-1].Published) {
			t.Errorf("%s: reports not newest first", name)
		}
		if !strings.HasPrefix(rep.URL, "https://www.cqc.org.uk/reports/") || strings.Contains(rep.URL, "?") {
			t.Errorf("%s: report URL %q", name, rep.URL)
		}
	}
	// Historic entries that rate the practice or a population group.
	wantHist := 0
	for _, h := range n.arr("historicRatings") {
		rated := h.obj("overall").str("rating") != "" || len(h.obj("overall").arr("keyQuestionRatings")) > 0
		for _, s := range h.arr("serviceRatings") {
			if _, ok := rating.ParseAPIGroup(s.str("name")); ok {
				rated = true
			}
		}
		if rated {
			wantHist++
		}
	}
	if len(loc.History) != wantHist {
		t.Errorf("%s: %d historic assessments, want %d", name, len(loc.History), wantHist)
	}
	for i := 1; i < len(loc.History); i++ {
		if loc.History[i].Published.After(loc.History[i-1].Published) {
			t.Errorf("%s: history not newest first", name)
		}
	}
	overall := n.obj("currentRatings").obj("overall")
	if w := overall.str("rating"); w != "" {
		got := loc.Ratings.Overall()
		published := got.Published.String()
		if got.Value.String() != w || published != overall.str("reportDate") {
			t.Errorf("%s: overall %v on %v, document %q on %s", name, got.Value, got.Published, w, overall.str("reportDate"))
		}
	}
	for _, kq := range overall.arr("keyQuestionRatings") {
		d, _ := rating.ParseDomain(kq.str("name"))
		if got := loc.Ratings[rating.Whole][d].Value.String(); got != kq.str("rating") {
			t.Errorf("%s: %v = %q, document %q", name, d, got, kq.str("rating"))
		}
	}
	for _, s := range n.obj("currentRatings").arr("serviceRatings") {
		if g, ok := rating.ParseAPIGroup(s.str("name")); ok {
			if got := loc.Ratings[g][rating.Overall].Value.String(); got != s.str("rating") {
				t.Errorf("%s: %v = %q, document %q", name, g, got, s.str("rating"))
			}
		}
	}
}

func TestAPILineCol(t *testing.T) {
	data := []byte("ab\ncdé\nf")
	for _, tt := range []struct {
		off       int64
		line, col int
	}{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {7, 2, 4}, {8, 3, 1}, {100, 3, 2}, {-1, 1, 1}} {
		if line, col := apiLineCol(data, tt.off); line != tt.line || col != tt.col {
			t.Errorf("apiLineCol(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}

func FuzzReadAPI(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "api", "*"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p diag.List
		loc := Read(bytes.NewReader(data), "fuzz.json", &p)
		lines := 1 + bytes.Count(data, []byte{'\n'})
		for _, x := range p.All() {
			if x.File != "fuzz.json" {
				t.Errorf("problem without the file name: %s", x)
			}
			if x.Line < 0 || x.Line > lines {
				t.Errorf("line %d outside the document's %d lines: %s", x.Line, lines, x)
			}
			if strings.Contains(x.Message, "internal error") {
				t.Fatalf("panic: %s", x)
			}
		}
		if loc == nil {
			if !p.HasErrors() {
				t.Fatal("nil location without an error")
			}
			return
		}
		if cqc.CheckID(loc.ID) != "" || loc.Name == "" || loc.Name != strings.TrimSpace(loc.Name) {
			t.Errorf("unusable identity %q %q", loc.ID, loc.Name)
		}
		if loc.HasCoords && (loc.Lat < apiMinLat || loc.Lat > apiMaxLat || loc.Lon < apiMinLon || loc.Lon > apiMaxLon) {
			t.Errorf("implausible coordinates kept: %v,%v", loc.Lat, loc.Lon)
		}
		for i := 1; i < len(loc.History); i++ {
			if loc.History[i].Published.After(loc.History[i-1].Published) {
				t.Error("history not newest first")
			}
		}
		for i, r := range loc.Reports {
			if i > 0 && r.Published.After(loc.Reports[i-1].Published) {
				t.Error("reports not newest first")
			}
			if !strings.HasPrefix(r.URL, "https://www.cqc.org.uk/") || strings.ContainsAny(r.URL, "?# \"<>") {
				t.Errorf("report URL %q", r.URL)
			}
		}
		apiCheckReportURL(t, loc)
		for i := range loc.History {
			if loc.History[i].Ratings.Empty() {
				t.Error("empty historic assessment")
			}
		}
	})
}

func apiCheckReportURL(t *testing.T, loc *cqc.Location) {
	t.Helper()
	u := loc.ReportURL
	if !strings.HasPrefix(u, "https://www.cqc.org.uk/") || strings.ContainsAny(u, "?# \"<>") {
		t.Errorf("report URL %q", u)
	}
}

// Deep nesting and long documents must cost time in proportion to their
// size: the wire types do not nest without bound.
func TestReadAPIDeepAndLong(t *testing.T) {
	const head = `{"locationId": "1-1", "name": "N", "registrationStatus": "Registered", `
	deep := strings.Repeat(`{"keyQuestionRatings": [`, 4000) + strings.Repeat(`]}`, 4000)
	long := `[` + strings.TrimSuffix(strings.Repeat(`{"name": "Safe", "rating": "Good", "reportDate": "2020-01-01"},`, 50000), ",") + `]`
	for name, doc := range map[string]string{
		"deep unknown":   head + `"x": ` + deep + `}`,
		"deep overall":   head + `"currentRatings": {"overall": ` + deep + `}}`,
		"deep historic":  head + `"historicRatings": [{"overall": {"keyQuestionRatings": [` + deep + `]}}]}`,
		"long questions": head + `"currentRatings": {"overall": {"rating": "Good", "keyQuestionRatings": ` + long + `}}}`,
	} {
		start := time.Now()
		loc, p := apiReadString(doc)
		if loc == nil {
			t.Errorf("%s: nil location: %v", name, p.Err())
		}
		t.Logf("%s: %d bytes in %v, %d problems", name, len(doc), time.Since(start), len(p.All()))
		if name == "deep unknown" && len(p.All()) != 0 {
			t.Errorf("%s: problems: %v", name, p.All())
		}
		// 50,000 repeated key questions: 100 warnings and a count of the rest.
		if name == "long questions" {
			all := p.All()
			if len(all) != 101 || all[0].Message != "49899 more problems in this document are not shown" || all[0].Severity != diag.Warning {
				t.Errorf("%s: %d problems, first %v", name, len(all), all[0])
			}
		}
	}
}

func BenchmarkReadAPI(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "api", "gp_full.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var p diag.List
		if Read(bytes.NewReader(data), "gp_full.json", &p) == nil {
			b.Fatal("nil location")
		}
	}
}
