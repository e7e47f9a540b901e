package encode

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

func TestPracticeJSON(t *testing.T) {
	dataDate := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		change func(p *site.Practice)
		want   []string // substrings of the encoding
		absent []string
	}{
		{name: "current", want: []string{`"id":"1-1"`, `"url":"https://example.org/r/practices/1-1/"`,
			`"region":{"name":"North West","slug":"north-west","url":"https://example.org/r/regions/north-west/"}`,
			`"location":{"latitude":53.5,"longitude":-2.1,"source":"CQC (ONSPD)"}`,
			`"overall":{"rating":"Good","isRating":true,"published":"2024-03-01","inherited":false}`,
			`"keyQuestions":{"safe":{"rating":"Requires improvement"`,
			`"nextInspection":{"dueBy":"2029-03-01","interval":"up to 5 years","overdue":false}`,
			`"reportUrl":"https://www.cqc.org.uk/location/1-1"`, `"status":"current"`, `"dataDate":"2026-10-01"`, `"brand":null`}},
		{name: "escaped", change: func(p *site.Practice) { p.Name = `<script>"x"</script>` },
			want: []string{`"name":"\u003cscript\u003e\"x\"\u003c/script\u003e"`}, absent: []string{"<script>"}},
		{name: "unsafe links dropped", change: func(p *site.Practice) { p.Website, p.ReportURL = "javascript:alert(1)", "data:x" },
			absent: []string{"javascript", "data:x", `"website"`}, want: []string{`"reportUrl":""`}},
		{name: "no point", change: func(p *site.Practice) { p.Placed = 0 }, want: []string{`"location":null`}},
		{name: "closed", change: func(p *site.Practice) {
			p.ClosedWhy, p.ClosedOn = site.ClosedDeregistered, time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)
		},
			want: []string{`"status":"deregistered"`, `"closedOn":"2026-05-02"`, `"nextInspection":null`}},
		{name: "overdue", change: func(p *site.Practice) {
			p.Ratings[rating.Whole][rating.Overall] = rating.Cell{Value: rating.Inadequate, Published: day("2025-01-15")}
		}, want: []string{`"nextInspection":{"dueBy":"2025-07-15","interval":"6 months","overdue":true}`}},
		{name: "population groups", change: func(p *site.Practice) {
			p.Ratings[rating.OlderPeople][rating.Caring] = rating.Cell{Value: rating.Outstanding}
		}, want: []string{`"populationGroups":{"older-people":{"caring":{"rating":"Outstanding","isRating":true,"inherited":false}}}`}},
	} {
		p := testPractice("1-1", "Castle Practice")
		if tc.change != nil {
			tc.change(p)
		}
		b, err := Practice(testBase, p, dataDate)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s: invalid JSON: %v", tc.name, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s: %s\nlacks %s", tc.name, b, w)
			}
		}
		for _, a := range tc.absent {
			if strings.Contains(string(b), a) {
				t.Errorf("%s: %s\nholds %s", tc.name, b, a)
			}
		}
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.cqc.org.uk/location/1-2": "https://www.cqc.org.uk/location/1-2",
		"http://example.org/":                 "http://example.org/",
		"javascript:alert(1)":                 "",
		"JAVASCRIPT:alert(1)":                 "",
		"data:text/html,x":                    "",
		"/relative":                           "",
		"https://":                            "",
	} {
		if got := SafeURL(in); got != want {
			t.Errorf("SafeURL(%q) = %q, want %q", in, got, want)
		}
	}
}
