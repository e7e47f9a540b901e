package pipeline

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"ratingsite/internal/linkcheck"

	"ratingsite/internal/fixture"
)

// realDir is ../shared/real beside the repository, as CI provides it.
func realDir(t testing.TB) string {
	t.Helper()
	return filepath.Dir(fixture.Real(t, "cqc-api"))
}

// realAPI is a data input holding real's CQC API documents in api/.
func realAPI(t testing.TB, real string) fstest.MapFS {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(real, "cqc-api", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no API documents in %s: %v", real, err)
	}
	data := fstest.MapFS{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data["api/"+filepath.Base(f)] = &fstest.MapFile{Data: b}
	}
	return data
}

// TestRealOldhamPractices builds the real CQC API documents for Oldham
// (all 451 locations, of every service type) and checks the GP practices.
func TestRealOldhamPractices(t *testing.T) {
	real := realDir(t)
	out, res := buildMem(t, Config{Data: realAPI(t, real), BaseURL: "https://example.org/"})
	for _, p := range res.Problems.Warnings() {
		t.Logf("warning: %v", p)
	}
	// 69 GP practices: 33 registered, 36 deregistered (SOURCES.md).
	if res.Practices != 33 || res.Closed != 36 {
		t.Errorf("practices %d, closed %d; want 33 and 36", res.Practices, res.Closed)
	}
	checkPracticeSchema(t, out, res.Practices+res.Closed)

	type rj struct {
		Rating    string `json:"rating"`
		IsRating  bool   `json:"isRating"`
		Published string `json:"published"`
	}
	var got struct {
		Name     string                `json:"name"`
		Region   struct{ Name string } `json:"region"`
		LA       struct{ Name string } `json:"localAuthority"`
		Location *struct {
			Latitude, Longitude float64
		} `json:"location"`
		Ratings struct {
			Overall      *rj            `json:"overall"`
			KeyQuestions map[string]*rj `json:"keyQuestions"`
		} `json:"ratings"`
		NextInspection *struct {
			DueBy string `json:"dueBy"`
		} `json:"nextInspection"`
	}
	read := func(id string) {
		t.Helper()
		b, err := fs.ReadFile(out, path.Join("practices", id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		got.Ratings.KeyQuestions = nil
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
	}

	read("1-11809806754") // Chapel Street, Royton: Good, 2 June 2023
	if got.Name != "Chapel Street" || got.Ratings.Overall.Rating != "Good" || got.Ratings.Overall.Published != "2023-06-02" {
		t.Errorf("Chapel Street: %+v", got.Ratings.Overall)
	}
	if got.Region.Name != "North West" || got.LA.Name != "Oldham" || got.Location == nil || got.Location.Latitude != 53.5665558 {
		t.Errorf("Chapel Street placed in %q / %q at %+v", got.Region.Name, got.LA.Name, got.Location)
	}
	if got.NextInspection == nil || got.NextInspection.DueBy != "2028-06-02" {
		t.Errorf("Chapel Street next inspection %+v, want due by 2028-06-02 (5 years)", got.NextInspection)
	}

	read("1-538863375") // Medlock Medical Practice: Requires improvement
	if got.Ratings.Overall.Rating != "Requires improvement" || got.Ratings.KeyQuestions["safe"].Rating != "Requires improvement" ||
		got.Ratings.KeyQuestions["caring"].Rating != "Good" || got.Ratings.KeyQuestions["well-led"].Rating != "Requires improvement" {
		t.Errorf("Medlock: %+v %+v", got.Ratings.Overall, got.Ratings.KeyQuestions)
	}
	if got.NextInspection == nil || got.NextInspection.DueBy != "2023-11-03" {
		t.Errorf("Medlock next inspection %+v, want due by 2023-11-03 (12 months)", got.NextInspection)
	}

	// Oldham Family Practice has no currentRatings: its rating comes from
	// CQC's newer single assessment framework ("assessment"), Good,
	// published 10 May 2024.
	read("1-569934227")
	if got.Ratings.Overall == nil || got.Ratings.Overall.Rating != "Good" || got.Ratings.Overall.Published != "2024-05-10" {
		t.Errorf("Oldham Family Practice: got %+v, want Good published 2024-05-10", got.Ratings.Overall)
	}

	// A deregistered practice keeps its page, marked closed and not
	// indexed, and is not counted.
	if b, err := fs.ReadFile(out, "practices/1-10837481075/index.html"); err != nil {
		t.Errorf("deregistered Block Lane Surgery lost its page: %v", err)
	} else if !strings.Contains(string(b), `class="notice notice--closed"`) || !strings.Contains(string(b), `<meta name="robots" content="noindex">`) {
		t.Error("deregistered Block Lane Surgery's page is not marked closed and noindex")
	}

	// The national page counts the 33 rated practices: 29 Good (one from
	// an assessment), 2 Outstanding, 2 Requires improvement.
	page, _ := fs.ReadFile(out, "national/index.html")
	for _, want := range []string{">Good</span></th><td class=\"num\">29</td>", ">Outstanding</span></th><td class=\"num\">2</td>", ">Requires improvement</span></th><td class=\"num\">2</td>"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("national page lacks %q", want)
		}
	}

	// Rating history from the API's historicRatings: Springfield House was
	// Requires improvement, then Inadequate, then Good twice.
	var hist struct {
		History []struct{ Published, Overall, Change string } `json:"history"`
	}
	if b, err := fs.ReadFile(out, "practices/1-569095124.json"); err != nil || json.Unmarshal(b, &hist) != nil {
		t.Errorf("Springfield House: %v", err)
	}
	var seq []string
	for _, h := range hist.History {
		seq = append(seq, h.Published+" "+h.Overall+" "+h.Change)
	}
	if got := strings.Join(seq, ", "); got != "2015-06-18 Requires improvement , 2016-12-29 Inadequate declined, 2017-08-31 Good improved, 2019-01-25 Good unchanged" {
		t.Errorf("Springfield House's history: %s", got)
	}
	// Of Oldham's 6 current practices first rated Requires improvement or
	// Inadequate and rated again since, 5 improved: CQC's "82%" figure.
	if want := "<strong>83%</strong> <span>of the 6 practices first rated Requires improvement or Inadequate have improved (5)"; !strings.Contains(string(page), want) {
		t.Errorf("national page lacks %q", want)
	}

	lc, err := linkcheck.Check(out, "/")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range lc.Sorted() {
		t.Errorf("%v", b)
	}
}
