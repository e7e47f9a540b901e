package pipeline

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// A practice that closes keeps its page: built from one month, then from
// two months of which the newer no longer lists it, its page and JSON stay,
// marked closed and not indexed, and it leaves every figure.
func TestClosedPracticeKeepsItsPage(t *testing.T) {
	sept := header +
		practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024") +
		practiceRows("1-1000000002", "Beta Practice", "Oldham", "North West", "Requires improvement", "03/03/2025") +
		practiceRows("1-1000000003", "Gamma Health Centre", "Oldham", "North West", "Inadequate", "10/03/2026")
	cfg := memConfig(map[string]string{"ratings/latest-ratings-2026-09.csv": sept})
	first, res := buildMem(t, cfg)
	if res.Practices != 3 {
		t.Fatalf("first build: %+v", res)
	}
	const pagePath = "practices/1-1000000002/index.html"
	if _, err := fs.Stat(first, pagePath); err != nil {
		t.Fatal(err)
	}

	// October: Beta is gone; Gamma was re-inspected and improved.
	oct := header +
		practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024") +
		practiceRows("1-1000000003", "Gamma Health Centre", "Oldham", "North West", "Good", "20/10/2026")
	cfg.Data.(fstest.MapFS)["ratings/latest-ratings-2026-10.csv"] = &fstest.MapFile{Data: []byte(oct)}
	out, res := buildMem(t, cfg)
	if res.Practices != 2 || res.Closed != 1 {
		t.Errorf("practices %d, closed %d; want 2, 1", res.Practices, res.Closed)
	}
	// Only search-index shards that listed the practice may go: no page
	// and no JSON file.
	fs.WalkDir(first, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if _, err := fs.Stat(out, p); err != nil && !strings.HasPrefix(p, "search/index/") {
			t.Errorf("%s was removed when its practice closed", p)
		}
		return nil
	})
	raw, err := fs.ReadFile(out, pagePath)
	if err != nil {
		t.Fatalf("the closed practice's page became a 404: %v", err)
	}
	page := html.UnescapeString(string(raw))
	for _, want := range []string{`class="notice notice--closed"`, "not in CQC's ratings data for October 2026", `<meta name="robots" content="noindex">`, "Requires improvement"} {
		if !strings.Contains(page, want) {
			t.Errorf("closed practice's page lacks %q", want)
		}
	}
	var j struct {
		Status   string `json:"status"`
		ClosedOn string `json:"closedOn"`
	}
	b, err := fs.ReadFile(out, "practices/1-1000000002.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &j); err != nil || j.Status != "closed" || j.ClosedOn != "2026-10-01" {
		t.Errorf("closed practice's JSON: %+v, %v", j, err)
	}
	closed, _ := fs.ReadFile(out, "closed/index.html")
	if !strings.Contains(string(closed), "/practices/1-1000000002/") {
		t.Error("/closed/ does not list the closed practice")
	}
	sitemap, _ := fs.ReadFile(out, "sitemap.xml")
	if strings.Contains(string(sitemap), "1-1000000002") {
		t.Error("the sitemap offers the closed practice's page")
	}
	// Not counted: the region has two practices, one Good and one Good.
	region, _ := fs.ReadFile(out, "regions/north-west/index.html")
	if !strings.Contains(string(region), "CQC's latest ratings of the 2 GP practices") {
		t.Error("the region page counts the closed practice")
	}

	// /changes/ lists Gamma (Inadequate → Good), and the feed has it.
	changes, _ := fs.ReadFile(out, "changes/index.html")
	if !strings.Contains(string(changes), "/practices/1-1000000003/") || !strings.Contains(string(changes), "Improved") {
		t.Error("/changes/ does not list Gamma's improvement")
	}
	if strings.Contains(string(changes), "/practices/1-1000000001/") {
		t.Error("/changes/ lists Alpha, whose rating did not change")
	}
	var feed struct {
		ID      string `xml:"id"`
		Entries []struct {
			ID   string `xml:"id"`
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	fb, _ := fs.ReadFile(out, "changes/feed.xml")
	if err := xml.Unmarshal(fb, &feed); err != nil {
		t.Fatal(err)
	}
	if feed.ID != "https://example.org/changes/" || len(feed.Entries) != 1 ||
		feed.Entries[0].Link.Href != "https://example.org/practices/1-1000000003/" || feed.Entries[0].Updated != "2026-10-20T00:00:00Z" {
		t.Errorf("feed: %+v", feed)
	}

	// Gamma's timeline shows both ratings, the newer marked in words.
	gamma, _ := fs.ReadFile(out, "practices/1-1000000003/index.html")
	if !strings.Contains(string(gamma), "Improved</span> from Inadequate") {
		t.Error("Gamma's timeline does not say it improved from Inadequate")
	}
}

// TestSampleHistory: the repository's sample holds at least three months,
// with improvements, declines, a closure and enforcement, and the national
// page's improvement figure equals a count made from the practice JSON
// files' histories.
func TestSampleHistory(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "data", "ratings", "*"))
	if len(files) < 3 {
		t.Errorf("the sample holds %d monthly files, want at least 3", len(files))
	}
	out, res := buildSample(t, "https://example.org/")
	if res.Closed < 2 {
		t.Errorf("%d closed practices, want a deregistered one and one missing from the newest month", res.Closed)
	}
	read := func(p string) string {
		b, err := fs.ReadFile(out, p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	changes := read("changes/index.html")
	for _, want := range []string{`change--improved">Improved`, `change--declined">Declined`, "No longer listed"} {
		if !strings.Contains(changes, want) {
			t.Errorf("/changes/ lacks %q", want)
		}
	}
	if !strings.Contains(read("closed/index.html"), "No longer listed") {
		t.Error("/closed/ lists no practice missing from the newest month")
	}
	if !strings.Contains(read("special-measures/index.html"), "/practices/") {
		t.Error("/special-measures/ lists no practice")
	}

	// Count, from the JSON, practices first rated Requires improvement or
	// Inadequate and rated again since, and those whose latest is better.
	jsons, _ := fs.Glob(out, "practices/*.json")
	rank := map[string]int{"Outstanding": 1, "Good": 2, "Requires improvement": 3, "Inadequate": 4}
	poor, improved, actions := 0, 0, 0
	for _, f := range jsons {
		var p struct {
			Status  string `json:"status"`
			History []struct {
				Published string `json:"published"`
				Overall   string `json:"overall"`
			} `json:"history"`
			Enforcement []struct{} `json:"enforcement"`
		}
		b, _ := fs.ReadFile(out, f)
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		actions += len(p.Enforcement)
		if p.Status != "current" {
			continue
		}
		var rated []int
		for _, h := range p.History {
			if r := rank[h.Overall]; r > 0 {
				rated = append(rated, r)
			}
		}
		if len(rated) < 2 || rated[0] < 3 {
			continue
		}
		poor++
		if rated[len(rated)-1] < rated[0] {
			improved++
		}
	}
	if poor == 0 || actions == 0 {
		t.Fatalf("the sample has %d re-inspected practices first rated poorly and %d enforcement actions", poor, actions)
	}
	want := fmt.Sprintf("<strong>%d%%</strong> <span>of the %d practices first rated Requires improvement or Inadequate have improved (%d)", (200*improved+poor)/(2*poor), poor, improved)
	if !strings.Contains(read("national/index.html"), want) {
		t.Errorf("the national page lacks %q", want)
	}
}
