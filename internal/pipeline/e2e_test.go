package pipeline

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ratingsite/internal/linkcheck"
)

// repoRoot is the module root, two levels above this package.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// sampleGPs reads the sample's Latest-ratings CSVs with encoding/csv (not
// the project's reader) and returns each GP practice's overall rating.
func sampleGPs(t *testing.T) map[string]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "data", "ratings", "*.csv"))
	if len(files) == 0 {
		t.Fatal("no sample CSV in data/ratings")
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
		header, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range header {
			col[h] = i
		}
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec[col["Location Primary Inspection Category"]] != "GP Practices" {
				continue
			}
			id := rec[col["Location ID"]]
			if _, ok := out[id]; !ok {
				out[id] = ""
			}
			if rec[col["Service / Population Group"]] == "Overall" && rec[col["Domain"]] == "Overall" {
				out[id] = rec[col["Latest Rating"]]
			}
		}
	}
	return out
}

func TestSampleSiteEndToEnd(t *testing.T) {
	out, res := buildSample(t, "https://example.org/")
	gps := sampleGPs(t)

	// The shipped sample is consistent: API documents that agree with the
	// newest ratings file, every postcode placeable (docs/inputs.md).
	for _, w := range res.Problems.Warnings() {
		t.Errorf("the shipped sample builds with a warning: %v", w)
	}

	// Every GP practice in the CSV is either published or closed by a
	// newer API document; the build reports which.
	if res.Practices+res.Closed < len(gps) || res.Practices < len(gps)-res.Closed {
		t.Errorf("built %d practices (%d closed) from %d GP practices in the CSV", res.Practices, res.Closed, len(gps))
	}
	for id := range gps {
		_, errPage := fs.Stat(out, path.Join("practices", id, "index.html"))
		_, errJSON := fs.Stat(out, path.Join("practices", id+".json"))
		if (errPage == nil) != (errJSON == nil) {
			t.Errorf("%s: page and JSON disagree about existing", id)
		}
	}

	// The national figures equal a count made independently from the
	// per-practice JSON files.
	// Closed practices keep their JSON too, with "status" saying so.
	jsons, _ := fs.Glob(out, "practices/*.json")
	if len(jsons) != res.Practices+res.Closed {
		t.Errorf("%d practice JSON files, want %d", len(jsons), res.Practices+res.Closed)
	}
	checkPracticeSchema(t, out, res.Practices+res.Closed)
	counts := map[string]int{}
	rated, unrated := 0, 0
	for _, f := range jsons {
		var p struct {
			ID      string `json:"id"`
			Status  string `json:"status"`
			Ratings struct {
				Overall *struct {
					Rating   string `json:"rating"`
					IsRating bool   `json:"isRating"`
				} `json:"overall"`
			} `json:"ratings"`
		}
		b, _ := fs.ReadFile(out, f)
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if p.Status != "current" {
			continue
		}
		if p.Ratings.Overall != nil && p.Ratings.Overall.IsRating {
			counts[p.Ratings.Overall.Rating]++
			rated++
		} else {
			unrated++
		}
	}
	if unrated == 0 {
		t.Error("the sample should include practices without a rating")
	}
	national, err := fs.ReadFile(out, "national/index.html")
	if err != nil {
		t.Fatal(err)
	}
	page := string(national)
	for _, r := range []string{"Outstanding", "Good", "Requires improvement", "Inadequate"} {
		// The overall table's row: rating badge, count, share.
		re := regexp.MustCompile(`<th scope="?row"?><span class="rating[^"]*">` + r + `</span></th><td class="?num"?>(\d+)</td><td class="?num"?>([^<]*)</td>`)
		m := re.FindStringSubmatch(page)
		if m == nil {
			t.Errorf("national page: no row for %s", r)
			continue
		}
		if n, _ := strconv.Atoi(m[1]); n != counts[r] {
			t.Errorf("national page says %d %s, the practice JSON says %d", n, r, counts[r])
		}
		want := float64(counts[r]) * 100 / float64(rated)
		got, _ := strconv.Atoi(strings.TrimSuffix(m[2], "%"))
		if d := float64(got) - want; d <= -1 || d >= 1 {
			t.Errorf("national page gives %s %s; the exact share is %.2f%%", r, m[2], want)
		}
	}
	if !strings.Contains(page, strconv.Itoa(unrated)) {
		t.Errorf("national page does not state the %d practices without a rating", unrated)
	}

	// Every region has a page; the sample covers all nine.
	for _, slug := range []string{"east-midlands", "east-of-england", "london", "north-east", "north-west",
		"south-east", "south-west", "west-midlands", "yorkshire-and-the-humber"} {
		if _, err := fs.Stat(out, path.Join("regions", slug, "index.html")); err != nil {
			t.Errorf("no page for region %s", slug)
		}
	}

	// Every internal link resolves.
	lc, err := linkcheck.Check(out, "/")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range lc.Sorted() {
		t.Errorf("%v", b)
	}
	if lc.Pages < res.Practices {
		t.Errorf("link check saw %d pages, fewer than the %d practices", lc.Pages, res.Practices)
	}
}

func TestSampleSiteUnderPathPrefix(t *testing.T) {
	out, _ := buildSample(t, "https://example.org/ratings/")
	lc, err := linkcheck.Check(out, "/ratings/")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range lc.Sorted() {
		t.Errorf("%v", b)
	}
	home, _ := fs.ReadFile(out, "index.html")
	if !strings.Contains(string(home), `<link rel="canonical" href="https://example.org/ratings/">`) {
		t.Error("home page lacks its canonical URL under the prefix")
	}
}
