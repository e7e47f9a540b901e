package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/history"
	"ratingsite/internal/maps"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/view"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// loc is a GP practice as a reader describes it, rated v on published.
func loc(id, name, city string, v rating.Value, published string) *cqc.Location {
	l := &cqc.Location{File: "ratings.csv", Line: 2, ID: id, Name: name, Street: "1 " + name + " Road", City: city, Postcode: "OL9 7SG",
		Region: "North West", LocalAuthority: "Oldham", Category: cqc.GPPractices, Registered: true,
		HasCoords: true, Lat: 53.54, Lon: -2.12}
	for _, d := range append([]rating.Domain{rating.Overall}, rating.KeyQuestions[:]...) {
		l.Ratings[rating.Whole][d] = rating.Cell{Value: v, Published: rating.DayOf(date(published))}
	}
	return l
}

// practiceSite is a small site: an API practice with reports, a website
// and a registration date, a CSV-only practice, namesakes and a closed
// practice, and a provider that runs 13 practices.
func practiceSite(t *testing.T) *site.Site {
	t.Helper()
	api := loc("1-100", "Lees Medical Practice", "Oldham", rating.RequiresImprovement, "2023-10-26")
	api.File, api.Line = "api/1-100.json", 0
	api.Website, api.RegisteredFrom, api.ProviderID = "www.leesmedical.nhs.uk", date("2022-03-17"), "1-P"
	api.ReportURL = "https://www.cqc.org.uk/reports/new"
	api.Reports = []cqc.Report{
		{LinkID: "new", Published: date("2023-10-26"), FirstVisit: date("2023-08-25"), URL: "https://www.cqc.org.uk/reports/new"},
		{LinkID: "old", Published: date("2022-11-22"), FirstVisit: date("2022-09-07"), URL: "https://www.cqc.org.uk/reports/old"},
		{LinkID: "", Published: date("2014-02-05"), URL: "https://www.cqc.org.uk/location/1-100"},
	}
	csvOnly := loc("1-200", "Plain Surgery", "Oldham", rating.Good, "2024-01-10")
	csvOnly.Website = "javascript:alert(1)"
	closed := loc("1-300", "Werneth Medical Practice", "Oldham", rating.Good, "2018-04-18")
	closed.File, closed.Line = "api/1-300.json", 0
	closed.Registered, closed.Deregistered, closed.RegisteredFrom = false, date("2019-05-10"), date("2016-09-19")
	closed.Phone, closed.Website = "0161 000 0000", "https://werneth.example.org/"
	closed.Street = "76A Windsor Road"
	open := loc("1-301", "Werneth Medical Practice", "Oldham", rating.Good, "2023-08-30")
	open.Street = "Featherstall Road South"
	twin := loc("1-302", "Werneth Medical Practice", "Oldham", rating.Good, "2023-08-30")
	twin.Street, twin.Lat = "Windsor Road", 53.50
	in := site.Input{Ratings: []*cqc.Location{csvOnly, open, twin}, API: []*cqc.Location{api, closed}}
	for i := range 12 {
		p := loc(fmt.Sprintf("1-4%02d", i), fmt.Sprintf("Branch %02d", i), "Oldham", rating.Good, "2023-01-01")
		p.ProviderID, p.Lat = "1-P", 53.54+float64(i)*0.01
		in.Ratings = append(in.Ratings, p)
	}
	var problems diag.List
	s := site.New(in, &problems)
	if problems.HasErrors() {
		t.Fatal(problems.Errors())
	}
	return s
}

// practicePage prepares the page of practice id, current or closed, and
// renders it.
func practicePage(t *testing.T, s *site.Site, id string) (*view.PracticeView, string) {
	t.Helper()
	ru, tm := testRun(t, s, maps.Options{})
	p, ok := s.AnyPractice(id)
	if !ok {
		t.Fatalf("no practice %s", id)
	}
	var pg *view.Page
	if p.Closed() {
		for _, q := range pages(ru, (*run).historyPages) {
			if q.Path == p.Path() {
				pg = q
			}
		}
	} else {
		pg = ru.practicePage(p)
	}
	var buf bytes.Buffer
	if err := tm.Execute(&buf, "practice.html", pg); err != nil {
		t.Fatal(err)
	}
	return pg.Data.(*view.PracticeView), buf.String()
}

// text is a page's visible text, tags dropped and spaces collapsed.
func text(page string) string {
	page = regexp.MustCompile(`(?s)<head>.*</head>|<[^>]*>`).ReplaceAllString(page, " ")
	page = strings.NewReplacer("&#39;", "'", "&amp;", "&", "&#34;", `"`).Replace(page)
	return regexp.MustCompile(` ([.,;:])`).ReplaceAllString(strings.Join(strings.Fields(page), " "), "$1")
}

// TestPracticeFactsFromAPI: a practice page shows the inspection date, the
// website, the registration date, every report and the provider's other
// practices; address and phone sit beside the rating.
func TestPracticeFactsFromAPI(t *testing.T) {
	s := practiceSite(t)
	v, page := practicePage(t, s, "1-100")
	if got := v.Inspected.Format(time.DateOnly); got != "2023-08-25" {
		t.Errorf("inspected %s, want 2023-08-25", got)
	}
	if v.Website != "http://www.leesmedical.nhs.uk" || v.WebsiteText != "www.leesmedical.nhs.uk" {
		t.Errorf("website %q %q", v.Website, v.WebsiteText)
	}
	if len(v.Reports) != 3 || !v.Reports[0].Current || v.Reports[1].Current || !v.Reports[2].OnPage || v.Reports[0].OnPage {
		t.Errorf("reports %+v", v.Reports)
	}
	got := text(page)
	for _, want := range []string{
		"Overall rating: Requires improvement Inspected 25 August 2023; report published 26 October 2023.",
		"Website: www.leesmedical.nhs.uk",
		"Registered with CQC 17 March 2022",
		"Inspection reports Report published 26 October 2023, on the inspection of 25 August 2023 (the current rating) Report published 22 November 2022, on the inspection of 7 September 2022 Report published 5 February 2014. The data holds no link to this report: the practice's page on CQC's website lists it.",
		"This practice's provider also runs 12 other open practices; the 10 nearest are listed here.",
		"All of the provider's practices on CQC's website",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the page lacks %q:\n%s", want, got)
		}
	}
	for _, want := range []string{`<a href="http://www.leesmedical.nhs.uk" rel="external nofollow">www.leesmedical.nhs.uk</a>`,
		`<a href="https://www.cqc.org.uk/reports/new">Report published <time datetime="2023-10-26">26 October 2023</time></a>`, `href="https://www.cqc.org.uk/provider/1-P"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	// Address and phone come before "What this means", beside the rating.
	if a, m := strings.Index(page, "<address>"), strings.Index(page, `id="meaning"`); a < 0 || a > m {
		t.Errorf("the address (at %d) is not above What this means (at %d)", a, m)
	}
	// The provider's 12 other practices: the 10 nearest, nearest first.
	if len(v.Provider) != ProviderListMax || v.ProviderMore != 2 || v.Provider[0].Name != "Branch 00" || v.Provider[9].Name != "Branch 09" {
		t.Errorf("provider list %d rows, %d more: %+v", len(v.Provider), v.ProviderMore, v.Provider)
	}
	// A branch lists the other 12, itself left out.
	bv, _ := practicePage(t, s, "1-405")
	if len(bv.Provider) != 10 || bv.ProviderMore != 2 || bv.Provider[0].Name == "Branch 05" {
		t.Errorf("Branch 05's provider list: %+v, %d more", bv.Provider, bv.ProviderMore)
	}
}

// TestPracticeWithoutAPIFacts: a practice known only from the CSV shows no
// inspection date, report list, website or registration, and no empty
// label; a website that is not http(s) is not linked.
func TestPracticeWithoutAPIFacts(t *testing.T) {
	v, page := practicePage(t, practiceSite(t), "1-200")
	if !v.Inspected.IsZero() || v.Reports != nil || v.Website != "" || !v.Registered.IsZero() || v.Provider != nil {
		t.Errorf("facts from nowhere: %+v", v)
	}
	got := text(page)
	for _, bad := range []string{"Inspected", "Inspection reports", "Website", "Registered", "javascript", "same provider"} {
		if strings.Contains(got, bad) || strings.Contains(page, "javascript:") {
			t.Errorf("the CSV-only practice's page says %q", bad)
		}
	}
	if !strings.Contains(got, "Overall rating: Good Published 10 January 2024.") {
		t.Errorf("no publication date:\n%s", got)
	}
	// No label without its value.
	if m := regexp.MustCompile(`<dt>[^<]*</dt><dd>\s*</dd>|<dt>[^<]*</dt>\s*<dt>`).FindString(page); m != "" {
		t.Errorf("an empty label: %s", m)
	}
}

// TestClosedPracticeInThePast: every sentence about a closed practice's
// rating, and what it means, is in the past tense.
func TestClosedPracticeInThePast(t *testing.T) {
	v, page := practicePage(t, practiceSite(t), "1-300")
	got := text(page)
	for _, want := range []string{
		"Was rated Good when CQC last published a rating, on 18 April 2018.",
		"When CQC last rated it, the practice was performing well and meeting CQC's expectations.",
		"The practice has closed, so CQC will not inspect it again.",
		"Last published ratings of Werneth Medical Practice for each key question",
		"These are the contact details CQC last published; they may no longer work.",
		"Registered with CQC 19 September 2016; deregistered 10 May 2019",
		"This was the only overall rating CQC published for the practice",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the closed practice's page lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"Overall rating:", "is performing", "is not performing", "has told it", "This rating is", "This is the only",
		"CQC has not published", "must improve within", "was last rated", "ends on", "is due"} {
		if strings.Contains(got, bad) {
			t.Errorf("the closed practice's page says %q:\n%s", bad, got)
		}
	}
	if !v.Closed || v.Meaning.Text == rating.Good.Meaning() {
		t.Errorf("closed %v, meaning %q", v.Closed, v.Meaning.Text)
	}
	// Every value reads differently, in the past, once closed.
	for _, val := range append(rating.Ratings[:], rating.InspectedNotRated, rating.InsufficientEvidence, rating.NoPublishedRating, rating.NotRated, rating.NotApplicable, rating.RegulationsMet, rating.None) {
		past := history.Meaning(val, true)
		if past == history.Meaning(val, false) && val != rating.InsufficientEvidence {
			t.Errorf("%v: the closed practice's meaning is the present one: %q", val, past)
		}
		if regexp.MustCompile(`\b(is|has|are|must)\b`).MatchString(strings.TrimSuffix(past, " A practice rated Inadequate overall is usually placed in special measures.")) {
			t.Errorf("%v: %q is not in the past tense", val, past)
		}
	}
}

// TestSameNameRows: same-name practices are told apart in the list rows
// and the nearby list, by street when the town is the same, and a closed
// one by when it closed.
func TestSameNameRows(t *testing.T) {
	s := practiceSite(t)
	ru, _ := testRun(t, s, maps.Options{})
	byID := map[string]*view.PracticeRow{}
	for p, row := range ru.rows {
		byID[p.ID] = row
	}
	if d := byID["1-301"].Distinct; d != "Featherstall Road South" {
		t.Errorf("row of 1-301: Distinct %q", d)
	}
	if d := byID["1-200"].Distinct; d != "" {
		t.Errorf("a unique name has Distinct %q", d)
	}
	_, page := practicePage(t, s, "1-302")
	if !strings.Contains(text(page), "Werneth Medical Practice, Featherstall Road South, Oldham:") {
		t.Errorf("the nearby list does not tell the namesake apart:\n%s", text(page))
	}
	var closed *view.ClosedView
	for _, pg := range pages(ru, (*run).historyPages) {
		if v, ok := pg.Data.(*view.ClosedView); ok {
			closed = v
		}
	}
	if closed == nil || len(closed.Practices) != 1 || closed.Practices[0].Distinct != "76A Windsor Road" {
		t.Errorf("closed list: %+v", closed)
	}
}
