package pipeline

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// buildOldham builds the real CQC API documents for Oldham (all 451
// locations; 69 GP practices) and returns the output folder.
func buildOldham(t *testing.T) string {
	t.Helper()
	real := realDir(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(real, "cqc-api"), filepath.Join(data, "api")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	none := filepath.Join(dir, "none")
	if res, err := Build(context.Background(), Config{DataDir: data, OutDir: out, ContentDir: none, TemplatesDir: none, AssetsDir: none,
		BaseURL: "https://example.org/"}); err != nil {
		t.Fatalf("build: %v\n%v", err, res.Problems.All())
	}
	return out
}

// TestRealOldhamPracticePages checks the practice pages and lists built
// from the real Oldham documents (issue 17).
func TestRealOldhamPracticePages(t *testing.T) {
	out := buildOldham(t)
	t.Run("facts", func(t *testing.T) { checkOldhamPracticeFacts(t, out) })
	t.Run("closed", func(t *testing.T) { checkOldhamClosedPractice(t, out) })
	t.Run("same-names", func(t *testing.T) { checkOldhamSameNames(t, out) })
}

// pageText is a page's visible text: tags dropped, spaces collapsed, no
// space before punctuation.
func pageText(page string) string {
	page = regexp.MustCompile(`(?s)<head>.*</head>|<[^>]*>`).ReplaceAllString(page, " ")
	page = html.UnescapeString(page)
	return regexp.MustCompile(` ([.,;:)])`).ReplaceAllString(strings.Join(strings.Fields(page), " "), "$1")
}

// checkOldhamPracticeFacts: the pages built from CQC's real API
// documents for Oldham show each rating's inspection date, every report
// with its date and link, the website, the registration date and the
// provider's other practices (issue 17).
func checkOldhamPracticeFacts(t *testing.T, out string) {
	read := func(id string) (string, string) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, "practices", id, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b), pageText(string(b))
	}

	// Lees Medical Practice: Requires improvement, inspected 25 August
	// 2023 (firstVisitDate of report 5ff206b4…, published 26 October
	// 2023), registered 17 March 2022; no website in its document.
	page, text := read("1-12783302204")
	for _, want := range []string{
		"Overall rating: Requires improvement Inspected 25 August 2023; report published 26 October 2023.",
		"Inspection reports Report published 26 October 2023, on the inspection of 25 August 2023 (the current rating) Report published 22 November 2022, on the inspection of 7 September 2022",
		"Registered with CQC 17 March 2022",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Lees Medical Practice's page lacks %q", want)
		}
	}
	for _, want := range []string{`<a href="https://www.cqc.org.uk/reports/5ff206b4-0d46-412a-bf29-cafce817ab08">Report published <time datetime="2023-10-26">26 October 2023</time></a>`,
		`<a href="https://www.cqc.org.uk/reports/df7872c6-9b24-4ba1-8c20-8c684f914d02">Report published <time datetime="2022-11-22">22 November 2022</time></a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("Lees Medical Practice's page lacks %s", want)
		}
	}
	if strings.Contains(text, "Website") {
		t.Error("Lees Medical Practice has no website in its document, but its page names one")
	}

	// Jarvis Medical Practice: website www.jarvismedicalpractice.org.uk
	// (no scheme in the data); its provider 1-199810820 runs Glodwick,
	// Hill Top, Hollinwood, John Street and Village Medical Practice too
	// (and ran Hope Citadel Healthcare CIC, deregistered: not listed).
	page, text = read("1-12070256587")
	if want := `<a href="http://www.jarvismedicalpractice.org.uk" rel="external nofollow">www.jarvismedicalpractice.org.uk</a>`; !strings.Contains(page, want) {
		t.Errorf("Jarvis Medical Practice's page lacks %s", want)
	}
	if want := "Inspected 17 June 2022; report published 28 July 2022."; !strings.Contains(text, want) {
		t.Errorf("Jarvis Medical Practice's page lacks %q", want)
	}
	sec := text[strings.Index(text, "Other practices of the same provider"):]
	sec = sec[:strings.Index(sec, "Practice details")]
	if !strings.Contains(sec, "also runs 5 other open practices.") {
		t.Errorf("Jarvis Medical Practice's provider section: %s", sec)
	}
	for _, name := range []string{"Glodwick Medical Practice", "Hill Top Surgery", "Hollinwood Medical Practice", "John Street Medical Practice", "Village Medical Practice"} {
		if !strings.Contains(sec, name) {
			t.Errorf("Jarvis Medical Practice's provider section lacks %s: %s", name, sec)
		}
	}
	if strings.Contains(sec, "Hope Citadel") || strings.Contains(sec, "Jarvis") {
		t.Errorf("the provider section lists a closed practice or the practice itself: %s", sec)
	}
}

// checkOldhamClosedPractice: a deregistered practice's page speaks of
// its rating, and what it meant, in the past tense.
func checkOldhamClosedPractice(t *testing.T, out string) {
	b, err := os.ReadFile(filepath.Join(out, "practices", "1-542396302", "index.html")) // Block Lane Surgery, deregistered 30 September 2019
	if err != nil {
		t.Fatal(err)
	}
	text := pageText(string(b))
	for _, want := range []string{
		"Deregistered on 30 September 2019.",
		"Was rated Good when CQC last published a rating, on 25 April 2017. CQC inspected the practice for that rating on 10 March 2017.",
		"When CQC last rated it, the practice was performing well and meeting CQC's expectations.",
		"Registered with CQC 1 April 2013; deregistered 30 September 2019",
		"Overall ratings CQC published for Block Lane Surgery",
		"Website: www.blocklanesurgery.co.uk These are the contact details CQC last published; they may no longer work.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Block Lane Surgery's page lacks %q", want)
		}
	}
	for _, bad := range []string{"Overall rating:", "The service is", "is performing", "has told it", "This rating is", "is the only overall rating", "CQC has published", "ends on"} {
		if strings.Contains(text, bad) {
			t.Errorf("Block Lane Surgery's page says %q", bad)
		}
	}
}

// checkOldhamSameNames: Oldham has several practices of one name
// (Werneth Medical Practice four times, three of them at 76a Windsor
// Road). On every page, no two list entries of different practices read
// the same: each row's name, with the town beside it, tells it apart.
func checkOldhamSameNames(t *testing.T, out string) {
	checked := 0
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := html.Parse(strings.NewReader(string(b)))
		if err != nil {
			return err
		}
		seen := map[string]string{} // entry text → practice path
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && (n.Data == "tr" || n.Data == "li") && !inside(n, "details") {
				if href := practiceLink(n); href != "" {
					entry := entryText(n)
					if other, dup := seen[entry]; dup && other != href {
						rel, _ := filepath.Rel(out, path)
						t.Errorf("%s: %s and %s are both listed as %q", rel, other, href, entry)
					}
					seen[entry] = href
					checked++
					return
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Errorf("only %d list entries checked", checked)
	}
	closed, err := os.ReadFile(filepath.Join(out, "closed", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	text := pageText(string(closed))
	for _, want := range []string{"Werneth Medical Practice (deregistered 10 May 2019)", "Werneth Medical Practice (deregistered 27 June 2022)",
		"Werneth Medical Practice (76a Windsor Road,Coppice)", "Lees Medical Practice (284 Lees Road)"} {
		if !strings.Contains(text, want) {
			t.Errorf("/closed/ lacks %q", want)
		}
	}
}

func inside(n *html.Node, tag string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return true
		}
	}
	return false
}

// practiceLink is the one link to a practice page in n, or "".
func practiceLink(n *html.Node) string {
	var found []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" && strings.HasPrefix(a.Val, "/practices/") && strings.HasSuffix(a.Val, "/") {
					found = append(found, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	if len(found) != 1 {
		return ""
	}
	return found[0]
}

// entryText is what names a list entry: a row's first two cells (the
// name and the town, where there is a Town column), or an item's text up
// to its first ":" (nearby lists: "Name, town: 0.4 miles away").
func entryText(n *html.Node) string {
	var b strings.Builder
	cells := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "td" || n.Data == "th") {
			cells++
			if cells > 2 {
				return
			}
			b.WriteString(" | ")
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	s := strings.Join(strings.Fields(b.String()), " ")
	if n.Data == "li" {
		s, _, _ = strings.Cut(s, ":")
	}
	return s
}
