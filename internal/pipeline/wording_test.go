package pipeline

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
)

// buildSmall builds a site from ratings CSVs (a name without a slash is
// a file in data/ratings; one with a slash is relative to data/), in
// memory, and returns it.
func buildSmall(t *testing.T, files map[string]string) fs.FS {
	t.Helper()
	data := map[string]string{}
	for name, csv := range files {
		if !strings.Contains(name, "/") {
			name = "ratings/" + name
		}
		data[path.Clean(name)] = csv
	}
	cfg := memConfig(data)
	cfg.Workers = 1
	out, _ := buildMem(t, cfg)
	return out
}

func readOut(t *testing.T, out fs.FS, name string) string {
	t.Helper()
	b, err := fs.ReadFile(out, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSharesOnTinyBases: below figures.MinBase rated practices no page
// prints a percentage of them ("100% of the 1 practice"), no sentence
// says "no practices of the 0 practices", and a zero cell of the
// transitions table carries no ▲/▼.
func TestSharesOnTinyBases(t *testing.T) {
	out := buildSmall(t, map[string]string{"latest.csv": header +
		practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024") +
		practiceRows("1-1000000002", "Beta Practice", "Oldham", "North West", "Inadequate", "01/03/2025") +
		practiceRows("1-1000000003", "Gamma Health Centre", "Leeds", "Yorkshire and The Humber", "Requires improvement", "01/03/2025")})
	pct := regexp.MustCompile(`(\(|>)(&lt;|<|&gt;|>)?\d+%(\)|<)`)
	arrow := regexp.MustCompile(`change--(improved|declined)"[^>]*>0<`)
	pages := 0
	err := fs.WalkDir(out, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		pages++
		b, _ := fs.ReadFile(out, path)
		page := string(b)
		rel := path
		if m := pct.FindString(page); m != "" {
			t.Errorf("%s prints a share of fewer than 5 practices: %q", rel, m)
		}
		for _, bad := range []string{"of the 0 practices", "no practices of", "of the 1 practice "} {
			if strings.Contains(page, bad) {
				t.Errorf("%s says %q", rel, bad)
			}
		}
		if m := arrow.FindString(page); m != "" {
			t.Errorf("%s has an arrow on a zero cell: %q", rel, m)
		}
		return nil
	})
	if err != nil || pages < 10 {
		t.Fatalf("walked %d pages: %v", pages, err)
	}
	// The counts are still there.
	if home := readOut(t, out, "index.html"); !strings.Contains(home, "<strong>1</strong>") {
		t.Error("the home page does not give the counts")
	}
}

// TestOverdueWording: CQC no longer promises fixed re-inspection
// intervals, so no page says it does; the overdue pages, the about page
// and an overdue practice's page say what the site measures and cite the
// intervals as CQC's former policy.
func TestOverdueWording(t *testing.T) {
	out := buildSmall(t, map[string]string{"latest.csv": header +
		practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2019") +
		practiceRows("1-1000000002", "Beta Practice", "Oldham", "North West", "Inadequate", "01/01/2024") +
		practiceRows("1-1000000003", "Gamma Health Centre", "Leeds", "Yorkshire and The Humber", "Good", "01/03/2025")})
	for path, wants := range map[string][]string{
		"overdue/index.html":                {"last rated Inadequate more than 6 months ago", "not inspected for more than 5 years", "CQC's former policy", "no longer promises fixed intervals", "Beta Practice"},
		"overdue/north-west/index.html":     {"last rated Inadequate more than 6 months ago", "CQC's former policy"},
		"about/index.html":                  {"no longer promises", "former re-inspection intervals", "not inspected for more than 5 years"},
		"practices/1-1000000002/index.html": {"former policy", "no longer promises fixed intervals", "more than 6 months before"},
		"national/index.html":               {"Inadequate more than 6 months ago", "not inspected for more than 5 years"},
	} {
		page := readOut(t, out, path)
		for _, want := range wants {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
		for _, bad := range []string{"CQC re-inspects", "CQC expected to inspect", "is overdue for re-inspection", "next inspection is due"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s still says %q", path, bad)
			}
		}
	}
}

// TestChangesNameTheirMonths: /changes/ lists only the ratings that
// changed between the two newest monthly files, and its page and feed say
// which two months.
func TestChangesNameTheirMonths(t *testing.T) {
	month := func(alpha, alphaDate, beta, betaDate string) string {
		return header +
			practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", alpha, alphaDate) +
			practiceRows("1-1000000002", "Beta Practice", "Oldham", "North West", beta, betaDate)
	}
	out := buildSmall(t, map[string]string{
		// Alpha changed between January and February, Beta between
		// February and March: only Beta's change is this month's.
		"latest-ratings-2025-01.csv": month("Inadequate", "01/06/2024", "Good", "01/02/2020"),
		"latest-ratings-2025-02.csv": month("Good", "15/01/2025", "Good", "01/02/2020"),
		"latest-ratings-2025-03.csv": month("Good", "15/01/2025", "Requires improvement", "20/02/2025"),
	})
	page := readOut(t, out, "changes/index.html")
	for _, want := range []string{"<h1>Rating changes from February 2025 to March 2025</h1>", "<strong>February 2025</strong> and <strong>March 2025</strong>", "Beta Practice"} {
		if !strings.Contains(page, want) {
			t.Errorf("/changes/ lacks %q", want)
		}
	}
	if strings.Contains(page, "Alpha Surgery") {
		t.Error("/changes/ lists a change from before the two newest files")
	}
	feed := readOut(t, out, "changes/feed.xml")
	if !strings.Contains(feed, "<subtitle>GP practices in England whose overall CQC rating changed between the February 2025 and March 2025 data") {
		t.Errorf("the feed's subtitle does not name the months:\n%.600s", feed)
	}
	if strings.Contains(feed, "Alpha Surgery") {
		t.Error("the feed lists a change from before the two newest files")
	}
}

// TestClosedPracticePage: a closed practice's page says first, above any
// rating badge, that it has closed and since when; its last rating reads
// in the past tense; it lists the open practices nearest to its postcode
// (the fixture's practices have no coordinates), and says its location is
// not known only when the postcode matches nothing either.
func TestClosedPracticePage(t *testing.T) {
	month := func(withGamma bool) string {
		csv := header +
			practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024") +
			practiceRows("1-1000000002", "Beta Practice", "Oldham", "North West", "Inadequate", "01/03/2025")
		if withGamma {
			csv += practiceRows("1-1000000003", "Gamma Health Centre", "Oldham", "North West", "Good", "01/06/2023")
		}
		return csv
	}
	files := map[string]string{
		"latest-ratings-2025-02.csv": month(true),
		"latest-ratings-2025-03.csv": month(false),
	}
	withPostcodes := map[string]string{"./postcodes.csv": "postcode,latitude,longitude\nOL9 7SG,53.53,-2.13\n"}
	for k, v := range files {
		withPostcodes[k] = v
	}
	page := readOut(t, buildSmall(t, withPostcodes), "practices/1-1000000003/index.html")
	head := strings.Index(page, "Closed: not in CQC&#39;s data since March 2025")
	badge := strings.Index(page, `class="rating rating--`)
	if head < 0 || badge < 0 || head > badge {
		t.Errorf("the closed notice (at %d) is not above the first rating badge (at %d)", head, badge)
	}
	for _, want := range []string{"Was rated <span class=\"rating rating--good\">Good</span> when CQC last published a rating, on", "nearest open GP practices", "from its postcode", "Alpha Surgery", "Beta Practice"} {
		if !strings.Contains(page, want) {
			t.Errorf("the closed practice's page lacks %q", want)
		}
	}
	for _, bad := range []string{"Overall rating:", "location is not known"} {
		if strings.Contains(page, bad) {
			t.Errorf("the closed practice's page says %q", bad)
		}
	}
	page = readOut(t, buildSmall(t, files), "practices/1-1000000003/index.html")
	if !strings.Contains(page, "location is not known") {
		t.Error("without coordinates or a postcode match the page does not say the location is not known")
	}
}

// TestEnforcementHistory: an old special-measures entry says when it
// ended and never reads as current; a link that is only the practice's
// CQC page is called that, not a notice; no internal path appears.
func TestEnforcementHistory(t *testing.T) {
	month := func(beta, date string) string {
		return header +
			practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024") +
			practiceRows("1-1000000002", "Beta Practice", "Oldham", "North West", beta, date)
	}
	out := buildSmall(t, map[string]string{
		"latest-ratings-2025-01.csv": month("Inadequate", "01/06/2022"),
		"latest-ratings-2025-03.csv": month("Good", "01/02/2025"),
		"./enforcement.csv": "Location ID,Action,Date,Source URL\n" +
			"1-1000000002,Special measures,01/07/2022,https://www.cqc.org.uk/location/1-1000000002\n" +
			"1-1000000002,Warning notice,01/06/2022,https://www.cqc.org.uk/news/notice-1\n",
	})
	page := readOut(t, out, "practices/1-1000000002/index.html")
	for _, want := range []string{"Ended 1 February 2025, when CQC published an overall rating of Good.",
		"does not say whether or when this action ended"} {
		if !strings.Contains(page, want) {
			t.Errorf("the practice page lacks %q", want)
		}
	}
	for _, want := range []string{`this link goes to <a href="?https://www.cqc.org.uk/location/1-1000000002"?>the practice's page on CQC's website</a>`,
		`<a href="?https://www.cqc.org.uk/news/notice-1"?>CQC's notice</a>`} {
		if !regexp.MustCompile(want).MatchString(page) {
			t.Errorf("the practice page lacks %s:\n%s", want, page[max(0, strings.Index(page, "Enforcement")):])
		}
	}
	if strings.Contains(page, "In effect") || strings.Contains(page, "notice--special") {
		t.Error("an ended special-measures action reads as current")
	}
	err := fs.WalkDir(out, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, _ := fs.ReadFile(out, path)
		if regexp.MustCompile(`data/[a-z]+\.csv|data/ratings`).Match(b) {
			t.Errorf("%s shows an internal path", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
