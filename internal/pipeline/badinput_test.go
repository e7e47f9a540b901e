package pipeline

// The bad-input suite: every folder under the repository's testdata/bad is a
// complete -data directory holding one kind of bad input, and
// testdata/bad/README.md says what each holds and what the tool does with
// it. Each case is run through both Check and Build, and the outcome is
// either a refusal that names the file, the physical line and the column or
// field, or a build that shows the hostile text escaped. Expected lines are
// computed from the fixture's bytes, not only written down.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"ratingsite/internal/diag"
	"ratingsite/internal/site"
)

// badWant is one problem a case must report.
type badWant struct {
	file     string // relative to the case's data directory, with slashes
	line     int    // physical line; 0 when the problem is about the whole file
	field    string // CSV column or JSON field path; "" for none
	contains string // part of the message
}

// badCase is one folder of testdata/bad.
type badCase struct {
	name string
	dir  string // folder under testdata/bad
	// wantErr: the input is refused with ErrInvalidInput and want lists
	// every error, no more. Otherwise the site is built, want lists
	// warnings that must be among those reported, and practices is how
	// many practices are published.
	wantErr   bool
	want      []badWant
	practices int
}

const badCSV = "ratings/latest.csv"

// newsBad is where a case's press releases are: a case's content/ folder
// is passed as -content.
const newsBad = "content/news/"

// badCases is the table. Lines are computed from the fixtures' bytes.
func badCases(t testing.TB) []badCase {
	at := func(dir, rel, needle string, nth int) int { return badLineOf(t, badFile(t, dir, rel), needle, nth) }
	dup1, dup2 := at("duplicate-rows", badCSV, ",Overall,Effective,Good,", 1), at("duplicate-rows", badCSV, ",Overall,Effective,Good,", 2)
	con1, con2 := at("conflicting-ratings", badCSV, ",Overall,Safe,Good,", 1), at("conflicting-ratings", badCSV, ",Overall,Safe,Inadequate,", 1)
	const unsafeID = `has characters other than letters, digits and "-"`
	const notUTF8 = "file is not UTF-8"
	const apiDoc = "api/1-1000000009.json"
	return []badCase{
		{name: "empty", dir: "empty", wantErr: true, want: []badWant{
			{badCSV, 0, "", "file is empty"},
		}},
		{name: "header only", dir: "header-only", wantErr: true, want: []badWant{
			{"ratings", 0, "", "no current practices of the categories GP Practices in the inputs"},
		}},
		{name: "missing columns", dir: "missing-columns", wantErr: true, want: []badWant{
			{badCSV, 1, "Latest Rating", "required column is missing from the header"},
			{badCSV, 1, "Publication Date", "required column is missing from the header"},
			{badCSV, 1, "Location City", "required column is missing from the header"},
		}},
		{name: "reordered and extra columns", dir: "reordered-columns", practices: 2},
		{name: "BOM with CRLF", dir: "bom-crlf", practices: 2, want: []badWant{
			{badCSV, at("bom-crlf", badCSV, "\n1-1000000002,", 1), "Location Post Code", "practice 1-1000000002 (Beta Medical Centre) has no coordinates"},
		}},
		{name: "Windows-1252", dir: "windows-1252", wantErr: true, want: []badWant{
			{badCSV, badFirstNonUTF8Line(t, badFile(t, "windows-1252", badCSV)), "", notUTF8},
		}},
		{name: "quoted newlines, then an error", dir: "quoted-newlines", wantErr: true, want: []badWant{
			{badCSV, at("quoted-newlines", badCSV, ",Goood,", 1), "Latest Rating", `unknown rating "Goood"`},
		}},
		{name: "duplicate rows", dir: "duplicate-rows", practices: 2, want: []badWant{
			{badCSV, dup2, "", fmt.Sprintf("lines %d and %d both give the Overall / Effective rating of location 1-1000000001; the repeat is ignored", dup1, dup2)},
		}},
		{name: "conflicting ratings", dir: "conflicting-ratings", wantErr: true, want: []badWant{
			{badCSV, con2, "Latest Rating", fmt.Sprintf(`lines %d and %d both give the Overall / Safe rating of location 1-1000000001 and disagree: rating "Good" vs "Inadequate"`, con1, con2)},
		}},
		{name: "unknown rating words", dir: "unknown-rating", wantErr: true, want: []badWant{
			{badCSV, at("unknown-rating", badCSV, ",Goood,", 1), "Latest Rating", `unknown rating "Goood"`},
			{badCSV, at("unknown-rating", badCSV, ",Excellent,", 1), "Latest Rating", `unknown rating "Excellent"`},
		}},
		{name: "malformed and impossible dates", dir: "bad-dates", wantErr: true, want: []badWant{
			{badCSV, at("bad-dates", badCSV, ",31/02/2020,", 1), "Publication Date", `"31/02/2020" is not a real date`},
			{badCSV, at("bad-dates", badCSV, ",2020-13-45,", 1), "Publication Date", `"2020-13-45" is not a real date`},
			{badCSV, at("bad-dates", badCSV, ",yesterday,", 1), "Publication Date", `"yesterday" is not a date in the form dd/mm/yyyy`},
		}},
		{name: "unsafe Location IDs", dir: "unsafe-ids", wantErr: true, want: []badWant{
			{badCSV, at("unsafe-ids", badCSV, "\n../../escape,", 1), "Location ID", `"../../escape" ` + unsafeID},
			{badCSV, at("unsafe-ids", badCSV, "\n1-100/200,", 1), "Location ID", `"1-100/200" ` + unsafeID},
			{badCSV, at("unsafe-ids", badCSV, "\n1-100 200,", 1), "Location ID", `"1-100 200" ` + unsafeID},
			{badCSV, at("unsafe-ids", badCSV, "\n1-100é,", 1), "Location ID", `"1-100é" ` + unsafeID},
			{badCSV, at("unsafe-ids", badCSV, "\n/etc/passwd,", 1), "Location ID", `"/etc/passwd" ` + unsafeID},
			{badCSV, at("unsafe-ids", badCSV, "\n..,", 1), "Location ID", `".." ` + unsafeID},
		}},
		{name: "hostile names and providers", dir: "hostile", practices: 4},
		{name: "binary garbage", dir: "binary-garbage", wantErr: true, want: []badWant{
			{badCSV, 0, "", "header row not found in the file"},
			{badCSV, badFirstNonUTF8Line(t, badFile(t, "binary-garbage", badCSV)), "", notUTF8},
		}},
		{name: "API JSON truncated", dir: "api-truncated", wantErr: true, want: []badWant{
			{apiDoc, badLineCount(t, badFile(t, "api-truncated", apiDoc)), "", "invalid JSON at column 39: the document ends in the middle of a value"},
		}},
		{name: "API JSON wrong types", dir: "api-wrong-types", wantErr: true, want: []badWant{
			{apiDoc, at("api-wrong-types", apiDoc, `"onspdLatitude"`, 1), "onspdLatitude", "must be a number, not a string"},
			{apiDoc, at("api-wrong-types", apiDoc, `"rating": 4`, 1), "currentRatings.overall.rating", "must be a string, not a number"},
			{apiDoc, at("api-wrong-types", apiDoc, `"keyQuestionRatings"`, 1), "currentRatings.overall.keyQuestionRatings", "must be an array, not an object"},
		}},
		{name: "API JSON missing fields", dir: "api-missing-fields", wantErr: true, want: []badWant{
			// A field missing from the top-level object is about the whole
			// document: line 0, as diag.Problem documents.
			{apiDoc, 0, "locationId", "the document has no locationId"},
			{apiDoc, 0, "name", "the document has no name"},
			{apiDoc, at("api-missing-fields", apiDoc, `{"rating": "Good"}`, 1), "currentRatings.overall.keyQuestionRatings[0].name", "the key question rating has no name"},
		}},
		{name: "bad press releases", dir: "news-bad", wantErr: true, want: []badWant{
			{newsBad + "bad-yaml.md", at("news-bad", newsBad+"bad-yaml.md", "summary:", 1), "", "front matter is not valid YAML: mapping values are not allowed in this context"},
			{newsBad + "no-title.md", 1, "title", "missing title"},
			{newsBad + "no-date.md", 1, "date", "missing date"},
			{newsBad + "same.md", 1, "", "the address /news/same/ is also that of " + filepath.Join(badDir(t, "news-bad"), newsBad+"2026-01-05-same.md")},
			{newsBad + "unknown-figures.md", at("news-bad", newsBad+"unknown-figures.md", "atlantis", 1), "regions", `no region has the slug "atlantis"`},
			{newsBad + "unknown-figures.md", at("news-bad", newsBad+"unknown-figures.md", "national.practises", 1), "", `column 5: unknown stat key "national.practises"`},
			{newsBad + "unknown-figures.md", at("news-bad", newsBad+"unknown-figures.md", "1-9999999999", 1), "", `column 5: no current practice has the Location ID "1-9999999999"`},
			{newsBad + "unknown-figures.md", at("news-bad", newsBad+"unknown-figures.md", `"mars"`, 1), "", `column 40: no region has the slug "mars"`},
			{newsBad + "unknown-figures.md", at("news-bad", newsBad+"unknown-figures.md", `{{< stat national`, 1), "", `column 67: malformed shortcode "{{< stat national.practices >}}"`},
		}},
		{name: "boundaries: not JSON, [lat, lon], projected", dir: "boundaries-bad", wantErr: true, want: []badWant{
			{"boundaries/broken.geojson", at("boundaries-bad", "boundaries/broken.geojson", "}},,", 1), "", "not valid JSON: column 169"},
			{"boundaries/swapped.geojson", at("boundaries-bad", "boundaries/swapped.geojson", `{"type": "Feature"`, 1), "coordinates", `feature 1 ("North West"): coordinates are in [latitude, longitude] order`},
			{"boundaries/projected.geojson", at("boundaries-bad", "boundaries/projected.geojson", `{"type": "Feature"`, 1), "coordinates", `feature 1 ("Yorkshire and The Humber"): coordinates out of range`},
		}},
		{name: "boundaries: unmatched and outside the UK", dir: "boundaries-unmatched", practices: 2, want: []badWant{
			{"boundaries/regions.geojson", 0, "", `no boundary for the region "Yorkshire and The Humber"`},
			{"boundaries/regions.geojson", at("boundaries-unmatched", "boundaries/regions.geojson", `"Atlantis"`, 1), "properties", `feature 2 ("Atlantis") matches no region`},
			{"boundaries/regions.geojson", at("boundaries-unmatched", "boundaries/regions.geojson", `"Paris"`, 1), "coordinates", `feature 3 ("Paris") lies outside the UK`},
		}},
		{name: "postcodes.csv bad rows", dir: "postcodes-bad", wantErr: true, want: []badWant{
			{"postcodes.csv", at("postcodes-bad", "postcodes.csv", "\nOL2 5QL,", 1), "latitude", `bad latitude "north"`},
			{"postcodes.csv", at("postcodes-bad", "postcodes.csv", "\nLS1 1AA,", 1), "latitude", `bad latitude "153.8"`},
		}},
		{name: "enforcement.csv bad rows", dir: "enforcement-bad", wantErr: true, want: []badWant{
			{"enforcement.csv", at("enforcement-bad", "enforcement.csv", "\n1-9999999999,", 1), "Location ID", `no GP practice with Location ID "1-9999999999"`},
			{"enforcement.csv", at("enforcement-bad", "enforcement.csv", ",31/02/2024,", 1), "Date", `"31/02/2024" is not a real date`},
			{"enforcement.csv", at("enforcement-bad", "enforcement.csv", ",Fined,", 1), "Action", `unknown action "Fined"`},
			{"enforcement.csv", at("enforcement-bad", "enforcement.csv", ",javascript:", 1), "Source URL", `unsafe or malformed URL "javascript:alert(1)"`},
			{"enforcement.csv", at("enforcement-bad", "enforcement.csv", `,"https://www.cqc.org.uk/x?a=`, 1), "Source URL", `unsafe or malformed URL`},
			{"enforcement.csv", at("enforcement-bad", "enforcement.csv", "\n../etc,", 1), "Location ID", `"../etc" ` + unsafeID},
		}},
		{name: "two ratings files for one month", dir: "same-month", wantErr: true, want: []badWant{
			{"ratings/latest-ratings-2026-10.csv", 0, "", "cqc-download-2026-10.csv are both for October 2026"},
		}},
	}
}

// TestBadInput runs every case through Check and then Build, into an
// output directory that holds a previous site, and checks the documented
// outcome.
func TestBadInput(t *testing.T) {
	for _, c := range badCases(t) {
		t.Run(c.name, func(t *testing.T) {
			data := badDir(t, c.dir)
			cfg, root := badConfig(t, data)
			out := cfg.OutDir

			chk, cerr := Check(context.Background(), cfg)
			badOutputUntouched(t, root, out, "Check")
			res, err := Build(context.Background(), cfg)
			if got, want := badStrings(res.Problems.All()), badStrings(chk.Problems.All()); !slices.Equal(got, want) {
				t.Errorf("Build and Check report different problems:\nbuild: %q\ncheck: %q", got, want)
			}
			for _, p := range res.Problems.All() {
				badCheckProblem(t, data, p)
			}

			if c.wantErr {
				for what, e := range map[string]error{"Check": cerr, "Build": err} {
					if !errors.Is(e, ErrInvalidInput) {
						t.Errorf("%s: err = %v, want ErrInvalidInput", what, e)
					}
				}
				badMatch(t, data, res.Problems.Errors(), c.want, true)
				badOutputUntouched(t, root, out, "a refused Build")
				return
			}
			if cerr != nil || err != nil {
				t.Fatalf("Check: %v; Build: %v; problems:\n%s", cerr, err, strings.Join(badStrings(res.Problems.All()), "\n"))
			}
			badMatch(t, data, res.Problems.Warnings(), c.want, false)
			if res.Practices != c.practices || chk.Practices != c.practices {
				t.Errorf("Check found %d practices, Build %d; want %d", chk.Practices, res.Practices, c.practices)
			}
			badSiteComplete(t, root, out, res)
		})
	}
}

// TestBadInputProblemFormat checks that every problem reads as docs/build.md
// documents, one per line:
//
//	data/ratings/latest.csv:1204: column "Latest Rating": unknown rating "Goood" (use one of: …)
//
// which is what `ratingsite check` prints.
func TestBadInputProblemFormat(t *testing.T) {
	for _, c := range badCases(t) {
		t.Run(c.name, func(t *testing.T) {
			data := badDir(t, c.dir)
			cfg, _ := badConfig(t, data)
			res, _ := Check(context.Background(), cfg)
			all := res.Problems.All()
			for _, w := range c.want {
				file := filepath.Join(data, filepath.FromSlash(w.file))
				prefix := file
				if w.line > 0 {
					prefix += ":" + strconv.Itoa(w.line)
				}
				prefix += ": "
				if !c.wantErr {
					prefix += "warning: "
				}
				if w.field != "" {
					kind := "field"
					if strings.HasSuffix(w.file, ".csv") {
						kind = "column"
					} else if strings.HasSuffix(w.file, ".md") {
						kind = "key" // a front-matter key
					}
					prefix += kind + " " + strconv.Quote(w.field) + ": "
				}
				found := false
				for _, p := range all {
					s := p.String()
					if strings.HasPrefix(s, prefix) && strings.Contains(s, w.contains) {
						found = true
						if !strings.HasPrefix(s, prefix+p.Message) {
							t.Errorf("%q: the message does not follow the file, line and field", s)
						}
					}
				}
				if !found {
					t.Errorf("no problem reads %q…%q; got:\n%s", prefix, w.contains, strings.Join(badStrings(all), "\n"))
				}
			}
			// Every problem is one line: text from the data cannot start a
			// line of its own that looks like another problem.
			oneLine := regexp.MustCompile(`^` + regexp.QuoteMeta(data+string(filepath.Separator)) + `[^\n\r]+?(:[1-9][0-9]*)?: (warning: )?((column|field|key) "[^"\n\r]+": )?[^\n\r]+$`)
			for _, p := range all {
				if s := p.String(); !oneLine.MatchString(s) {
					t.Errorf("problem is not in the documented one-line format:\n%s", s)
				}
			}
		})
	}
}

// TestBadInputFixturesDocumented keeps the table, the folders and the
// README in step.
func TestBadInputFixturesDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "testdata", "bad", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	inTable := map[string]bool{}
	for _, c := range badCases(t) {
		inTable[c.dir] = true
		if !bytes.Contains(readme, []byte("`"+c.dir+"`")) {
			t.Errorf("testdata/bad/README.md does not describe %s", c.dir)
		}
	}
	entries, err := os.ReadDir(filepath.Join(repoRoot(t), "testdata", "bad"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !inTable[e.Name()] {
			t.Errorf("testdata/bad/%s is not in the table of badCases", e.Name())
		}
	}
}

// TestBadInputReorderedColumns: columns in another order, with extra ones,
// give the same site as CQC's order.
func TestBadInputReorderedColumns(t *testing.T) {
	badSameSiteAsCanonical(t, "reordered-columns")
}

// TestBadInputBOMCRLF: a byte-order mark, CRLF line endings and a quoted
// CRLF inside a field give the same site as a plain UTF-8, LF file.
func TestBadInputBOMCRLF(t *testing.T) {
	raw, err := os.ReadFile(badFile(t, "bom-crlf", badCSV))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) || !bytes.Contains(raw, []byte("\r\n")) || bytes.Count(raw, []byte("\n")) != bytes.Count(raw, []byte("\r\n")) {
		t.Fatal("the fixture should start with a BOM and use CRLF throughout")
	}
	badSameSiteAsCanonical(t, "bom-crlf")
}

// TestBadInputQuotedNewlines: the line reported after fields that span
// lines is the physical line of the bad field, not the record number.
func TestBadInputQuotedNewlines(t *testing.T) {
	path := badFile(t, "quoted-newlines", badCSV)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The physical line: count the line feeds before the bad value.
	i := bytes.Index(raw, []byte(",Goood,"))
	if i < 0 {
		t.Fatal("fixture lacks the bad rating")
	}
	physical := bytes.Count(raw[:i], []byte("\n")) + 1
	// The record number, from encoding/csv, for contrast.
	cr := csv.NewReader(bytes.NewReader(raw))
	record := 0
	for {
		rec, err := cr.Read()
		if err != nil {
			t.Fatalf("record %d: %v", record+1, err)
		}
		record++
		if slices.Contains(rec, "Goood") {
			break
		}
	}
	if physical <= record+1 {
		t.Fatalf("fixture should put the bad field well after its record number: line %d, record %d", physical, record)
	}
	if physical != 33 { // as a person counting the file's lines finds it
		t.Errorf("fixture changed: bad rating on line %d, want 33", physical)
	}
	cfg, _ := badConfig(t, badDir(t, "quoted-newlines"))
	res, _ := Check(context.Background(), cfg)
	errs := res.Problems.Errors()
	if len(errs) != 1 || errs[0].Line != physical || errs[0].Field != "Latest Rating" {
		t.Errorf("want one error on line %d (record %d), column \"Latest Rating\"; got %q", physical, record, badStrings(errs))
	}
}

// TestBadInputWindows1252: the message says plainly that the file must be
// UTF-8, and carries none of the file's bytes, raw or misread.
func TestBadInputWindows1252(t *testing.T) {
	path := badFile(t, "windows-1252", badCSV)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(raw) {
		t.Fatal("the fixture should not be UTF-8")
	}
	cfg, _ := badConfig(t, badDir(t, "windows-1252"))
	res, err := Check(context.Background(), cfg)
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("err = %v, want ErrInvalidInput", err)
	}
	// How the file's non-ASCII bytes would read if decoded wrongly:
	// Latin-1 (one rune per byte), Windows-1252 punctuation, and UTF-8
	// read as Latin-1 ("Ã©").
	var misread []string
	for _, b := range raw {
		if b >= 0x80 {
			misread = append(misread, string(rune(b)))
		}
	}
	misread = append(misread, "Ã", "â€", "\u2019", "\uFFFD")
	for _, p := range res.Problems.All() {
		s := p.String()
		if !utf8.ValidString(s) {
			t.Errorf("message is not valid UTF-8: %q", s)
		}
		for _, m := range misread {
			if strings.Contains(s, m) {
				t.Errorf("message holds %q, a misreading of the file's bytes: %s", m, s)
			}
		}
	}
	errs := res.Problems.Errors()
	if len(errs) == 0 || !strings.Contains(errs[0].String(), "save it as CSV UTF-8") {
		t.Errorf("want a plain \"save it as CSV UTF-8\"; got %q", badStrings(errs))
	}
}

// TestBadInputUnsafeIDs: IDs that would be unsafe as a path are refused,
// and nothing is written anywhere: not in the output's parent (the listing
// is the same before and after), not in the data directory.
func TestBadInputUnsafeIDs(t *testing.T) {
	data := badDir(t, "unsafe-ids")
	cfg, root := badConfig(t, data)
	before, beforeData := badTree(t, root), badTree(t, data)
	for _, run := range []func(context.Context, Config) (*Result, error){Check, Build} {
		if _, err := run(context.Background(), cfg); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("err = %v, want ErrInvalidInput", err)
		}
	}
	if after := badTree(t, root); !badSameTree(before, after) {
		t.Errorf("the output's parent changed:\nbefore %v\nafter  %v", before, after)
	}
	if after := badTree(t, data); !badSameTree(beforeData, after) {
		t.Errorf("the data directory changed:\nbefore %v\nafter  %v", beforeData, after)
	}
	// Where the IDs would have led.
	for _, p := range []string{filepath.Join(root, "escape"), filepath.Join(root, "escape.json"), filepath.Join(cfg.OutDir, "practices", "1-100")} {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s was written", p)
		}
	}
}

// TestBadInputHostile: names, providers, towns, addresses and URLs that
// hold markup or javascript: are published as text, never as markup, and
// the URL never becomes a link.
func TestBadInputHostile(t *testing.T) {
	data := badDir(t, "hostile")
	cfg, root := badConfig(t, data)
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatalf("%v\n%s", err, strings.Join(badStrings(res.Problems.All()), "\n"))
	}
	badSiteComplete(t, root, cfg.OutDir, res)

	// What each practice holds, read with encoding/csv.
	type fields struct{ Name, Street, Line2, City, Provider, URL string }
	want := map[string]fields{}
	for _, rec := range badReadCSV(t, badFile(t, "hostile", badCSV)) {
		// Control characters (a line break in a name) are dropped or made
		// spaces everywhere, JSON included: site.CleanText.
		c := site.CleanText
		want[rec["Location ID"]] = fields{c(rec["Location Name"]), c(rec["Location Street Address"]), c(rec["Location Address Line 2"]),
			c(rec["Location City"]), c(rec["Provider Name"]), rec["URL"]}
	}
	if len(want) != res.Practices {
		t.Fatalf("%d practices in the fixture, %d built", len(want), res.Practices)
	}

	// No page anywhere has an injected element, an event handler or a
	// javascript: link.
	err = filepath.WalkDir(cfg.OutDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(cfg.OutDir, path)
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch n.Data {
			case "script":
				if n.FirstChild != nil || !strings.HasPrefix(attr(n, "src"), "/assets/") {
					t.Errorf("%s: injected <script %v>", rel, n.Attr)
				}
			case "form":
				// The only form is the site's own search, a GET to /search/.
				if !strings.HasPrefix(attr(n, "class"), "search-form ") || attr(n, "action") != "/search/" {
					t.Errorf("%s: injected <%s %v>", rel, n.Data, n.Attr)
				}
			case "img":
				// The maps' legends show the site's own symbol files.
				if !strings.HasPrefix(attr(n, "src"), "/assets/map-") {
					t.Errorf("%s: injected <img %v>", rel, n.Attr)
				}
			case "iframe", "object", "embed", "base":
				t.Errorf("%s: injected <%s %v>", rel, n.Data, n.Attr)
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") {
					t.Errorf("%s: <%s> has an event handler %s=%q", rel, n.Data, a.Key, a.Val)
				}
				switch k {
				case "href", "src", "action", "formaction", "xlink:href", "poster", "cite":
					v := strings.ToLower(strings.Map(func(r rune) rune {
						if r <= ' ' {
							return -1
						}
						return r
					}, a.Val))
					for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
						if strings.HasPrefix(v, scheme) {
							t.Errorf("%s: <%s %s=%q> is a %s link", rel, n.Data, a.Key, a.Val, scheme)
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Each practice page shows the hostile text, as text.
	for id, w := range want {
		b, err := os.ReadFile(filepath.Join(cfg.OutDir, "practices", id, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		h1 := ""
		for n := range doc.Descendants() {
			if n.Type == html.TextNode {
				text.WriteString(n.Data)
				text.WriteString("\n")
			}
			if n.Type == html.ElementNode && n.Data == "h1" {
				h1 = badText(n)
			}
		}
		if badSpace(h1) != badSpace(w.Name) {
			t.Errorf("%s: <h1> reads %q, want the name %q as text", id, h1, w.Name)
		}
		page := badSpace(text.String())
		for _, s := range []string{w.Name, w.Street, w.Line2, w.City, w.Provider} {
			if !strings.Contains(page, badSpace(s)) {
				t.Errorf("%s: %q is not shown as text", id, s)
			}
		}

		// The JSON holds the same text as strings.
		var j struct {
			Name    string `json:"name"`
			Address struct {
				Street, Line2, City string
			} `json:"address"`
			Provider struct {
				Name string `json:"name"`
			} `json:"provider"`
		}
		jb, err := os.ReadFile(filepath.Join(cfg.OutDir, "practices", id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(jb, &j); err != nil {
			t.Fatalf("%s.json: %v", id, err)
		}
		got := fields{j.Name, j.Address.Street, j.Address.Line2, j.Address.City, j.Provider.Name, w.URL}
		if got != w {
			t.Errorf("%s.json = %+v, want %+v", id, got, w)
		}
	}
}

// TestBadInputBinaryGarbage: random bytes, alone or after a good header,
// are refused with errors that are themselves valid text, never a panic.
func TestBadInputBinaryGarbage(t *testing.T) {
	raw, err := os.ReadFile(badFile(t, "binary-garbage", badCSV))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, badGarbage(20261028, 2048)) {
		t.Error("testdata/bad/binary-garbage/ratings/latest.csv is not badGarbage(20261028, 2048)")
	}
	if len(raw) >= 4096 || bytes.IndexByte(raw, 0) < 0 {
		t.Error("the committed garbage should be under 4 KB and hold NUL bytes")
	}
	for seed := uint64(1); seed <= 6; seed++ {
		for _, prefix := range []string{"", header} {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "data", "ratings", "g.csv"), prefix+string(badGarbage(seed, 64<<10)))
			cfg, _ := badConfig(t, filepath.Join(dir, "data"))
			res, err := Check(context.Background(), cfg)
			if !errors.Is(err, ErrInvalidInput) {
				t.Errorf("seed %d, header %v: err = %v, want ErrInvalidInput", seed, prefix != "", err)
			}
			for _, p := range res.Problems.All() {
				if s := p.String(); !utf8.ValidString(s) || strings.Contains(s, "internal error") || strings.ContainsRune(s, 0) {
					t.Errorf("seed %d: %q", seed, s)
				}
			}
		}
	}
}

// TestBadInputHugeFile checks a 200 MB file, mostly other kinds of
// location, with bounded memory. The file is written at test time.
func TestBadInputHugeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the 200 MB file in -short mode")
	}
	const size = 200 << 20
	dir := t.TempDir()
	path := filepath.Join(dir, "data", "ratings", "latest.csv")
	start := time.Now()
	gps := badWriteHugeCSV(t, path, size)
	written := time.Since(start)
	if st, err := os.Stat(path); err != nil || st.Size() < size {
		t.Fatalf("the file was not written in full: %v", err)
	}

	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	cfg, _ := badConfig(t, filepath.Join(dir, "data"))
	start = time.Now()
	res, err := Check(context.Background(), cfg)
	took := time.Since(start)
	close(stop)
	wg.Wait()

	t.Logf("wrote %d MB in %v; Check took %v; peak heap %.1f MB", size>>20, written.Round(time.Millisecond), took.Round(time.Millisecond), float64(peak.Load())/(1<<20))
	if err != nil {
		t.Fatalf("%v\n%s", err, strings.Join(badStrings(res.Problems.Errors()), "\n"))
	}
	if res.Practices != gps {
		t.Errorf("found %d practices, want %d", res.Practices, gps)
	}
	if p := peak.Load(); p > 150<<20 {
		t.Errorf("peak heap %.1f MB, want under 150 MB", float64(p)/(1<<20))
	}
}

// badWriteHugeCSV streams a Latest-ratings CSV of at least size bytes:
// dentists, with a few GP practices at the start, middle and end. It
// returns the number of GP practices.
func badWriteHugeCSV(t *testing.T, path string, size int64) int {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var n int64
	put := func(s string) {
		k, err := w.WriteString(s)
		n += int64(k)
		if err != nil {
			t.Fatal(err)
		}
	}
	// Every row after the ID is the same but for the domain.
	var rest []string
	for _, d := range []string{"Overall", "Safe", "Effective", "Caring", "Responsive", "Well-led"} {
		r := row("1-0", "Smile Dental Care", "Oldham", "North West", "Overall", d, "Good", "01/02/2024")
		r = strings.Replace(r, ",GP Practices,", ",Dentists,", 1)
		rest = append(rest, r[strings.IndexByte(r, ','):])
	}
	gps := 0
	gp := func() {
		gps++
		id := fmt.Sprintf("1-%d", 3000000000+gps)
		put(practiceRows(id, fmt.Sprintf("Practice %d", gps), "Oldham", "North West", "Good", "01/02/2024"))
	}
	put(header)
	gp()
	gp()
	var buf []byte
	for i := 0; n < size; i++ {
		if i == 300000 {
			gp()
		}
		buf = strconv.AppendInt(append(buf[:0], "1-9"...), int64(i/6), 10)
		put(string(buf))
		put(rest[i%6])
	}
	gp()
	gp()
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return gps
}

// badGarbage returns n random bytes from seed, with a NUL every 97 bytes.
func badGarbage(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
		if i%97 == 0 {
			b[i] = 0
		}
	}
	return b
}

// badSameSiteAsCanonical builds a case and the same rows rewritten in
// CQC's column order, plain UTF-8 with LF endings, and compares every
// practice's JSON.
func badSameSiteAsCanonical(t *testing.T, dir string) {
	t.Helper()
	recs := badReadCSV(t, badFile(t, dir, badCSV))
	cols := strings.Split(strings.TrimSuffix(header, "\n"), ",")
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(cols)
	for _, rec := range recs {
		line := make([]string, len(cols))
		for i, c := range cols {
			line[i] = rec[c]
		}
		w.Write(line)
	}
	w.Flush()
	canon := t.TempDir()
	writeFile(t, filepath.Join(canon, "data", badCSV), b.String())

	build := func(data string) (*Result, map[string]string) {
		cfg, _ := badConfig(t, data)
		res, err := Build(context.Background(), cfg)
		if err != nil {
			t.Fatalf("%s: %v\n%s", data, err, strings.Join(badStrings(res.Problems.All()), "\n"))
		}
		files, _ := filepath.Glob(filepath.Join(cfg.OutDir, "practices", "*.json"))
		out := map[string]string{}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Base(f)] = string(b)
		}
		return res, out
	}
	res, got := build(badDir(t, dir))
	canonRes, want := build(filepath.Join(canon, "data"))
	if res.Practices != canonRes.Practices || res.Pages != canonRes.Pages || res.Files != canonRes.Files {
		t.Errorf("%s: %d practices, %d pages, %d files; in CQC's order: %d, %d, %d", dir,
			res.Practices, res.Pages, res.Files, canonRes.Practices, canonRes.Pages, canonRes.Files)
	}
	if len(want) == 0 {
		t.Fatal("no practices built")
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: practices/%s differs from CQC's order:\n got %s\nwant %s", dir, name, got[name], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d practice JSON files, want %d", dir, len(got), len(want))
	}
}

// badReadCSV reads a Latest-ratings CSV with encoding/csv, not the
// project's reader: one map from header name to value per row.
func badReadCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))))
	recs, err := cr.ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

// badConfig is a configuration for data, using the built-in templates and
// assets, the case's content/ folder if it has one (else no Markdown
// pages), and an output directory that already holds a
// previous site. It returns the output's parent.
func badConfig(t *testing.T, data string) (Config, string) {
	t.Helper()
	root := t.TempDir()
	out := filepath.Join(root, "public")
	writeFile(t, filepath.Join(out, "keep.html"), badKeep)
	none := filepath.Join(root, "none")
	content := none
	if st, err := os.Stat(filepath.Join(data, "content")); err == nil && st.IsDir() {
		content = filepath.Join(data, "content")
	}
	// keep.html has no state of a build beside it: replacing it takes -replace.
	return Config{DataDir: data, ContentDir: content, TemplatesDir: none, AssetsDir: none, OutDir: out, BaseURL: "https://example.org/", Replace: true}, root
}

const badKeep = "<!doctype html><title>previous site</title>"

// badOutputUntouched checks that out still holds only the previous site
// and no temporary directory was left beside it.
func badOutputUntouched(t *testing.T, root, out, after string) {
	t.Helper()
	if b, err := os.ReadFile(filepath.Join(out, "keep.html")); err != nil || string(b) != badKeep {
		t.Errorf("after %s, the previous site's keep.html was changed: %q %v", after, b, err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("after %s, the output holds %d entries, want only keep.html", after, len(entries))
	}
	badNoTemp(t, root, after)
}

func badNoTemp(t *testing.T, root, after string) {
	t.Helper()
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.tmp-") || strings.HasPrefix(e.Name(), ".public.ratingsite-stage-") {
			t.Errorf("after %s, temporary directory %s was left beside the output", after, e.Name())
		}
	}
}

// badSiteComplete checks that a successful Build replaced the previous
// site with a whole one: every file it counted, the fixed pages, and a
// page and a JSON file for every practice.
func badSiteComplete(t *testing.T, root, out string, res *Result) {
	t.Helper()
	badNoTemp(t, root, "Build")
	if _, err := os.Stat(filepath.Join(out, "keep.html")); err == nil {
		t.Error("the previous site's keep.html survived a successful build")
	}
	files := 0
	filepath.WalkDir(out, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return err
	})
	if files != res.Files {
		t.Errorf("the output holds %d files; Build counted %d", files, res.Files)
	}
	for _, p := range []string{"index.html", "national/index.html", "about/index.html", "assets/*.css", "assets/*.js"} {
		if m, _ := filepath.Glob(filepath.Join(out, filepath.FromSlash(p))); len(m) == 0 {
			t.Errorf("missing %s", p)
		}
	}
	jsons, _ := filepath.Glob(filepath.Join(out, "practices", "*.json"))
	pages, _ := filepath.Glob(filepath.Join(out, "practices", "*", "index.html"))
	if len(jsons) != res.Practices || len(pages) != res.Practices {
		t.Errorf("%d practice JSON files and %d practice pages, want %d", len(jsons), len(pages), res.Practices)
	}
}

// badMatch checks the problems against want: each wanted problem must be
// there, naming the file as joined from the data directory; when exact,
// there must be no others.
func badMatch(t *testing.T, data string, got []diag.Problem, want []badWant, exact bool) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		file := filepath.Join(data, filepath.FromSlash(w.file))
		found := false
		for i, p := range got {
			if !used[i] && p.File == file && p.Line == w.line && p.Field == w.field && strings.Contains(p.Message, w.contains) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing: %s:%d: %q: …%s…\ngot:\n%s", file, w.line, w.field, w.contains, strings.Join(badStrings(got), "\n"))
		}
	}
	if exact {
		for i, p := range got {
			if !used[i] {
				t.Errorf("unexpected: %s", p)
			}
		}
	}
}

// badCheckProblem checks what every problem must be: about a file in the
// data directory, with a message in valid UTF-8 and no misread bytes.
func badCheckProblem(t *testing.T, data string, p diag.Problem) {
	t.Helper()
	s := p.String()
	if !strings.HasPrefix(p.File, data+string(filepath.Separator)) {
		t.Errorf("problem names no file in the data directory: %s", s)
	}
	if p.Message == "" {
		t.Errorf("problem without a message: %s", s)
	}
	if !utf8.ValidString(s) || strings.ContainsAny(s, "\uFFFD\x00") || strings.Contains(s, "Ã") {
		t.Errorf("message is not clean UTF-8: %q", s)
	}
	if strings.Contains(s, "internal error") {
		t.Errorf("internal error: %s", s)
	}
}

func badStrings(ps []diag.Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func badDir(t testing.TB, name string) string {
	return filepath.Join(repoRoot(t), "testdata", "bad", name)
}

func badFile(t testing.TB, dir, rel string) string {
	return filepath.Join(badDir(t, dir), filepath.FromSlash(rel))
}

// badLineOf returns the physical line of the nth occurrence of needle in
// the file (a leading line feed in needle anchors it at a line's start).
func badLineOf(t testing.TB, path, needle string, nth int) int {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pos := -1
	for k := 0; k < nth; k++ {
		i := bytes.Index(raw[pos+1:], []byte(needle))
		if i < 0 {
			t.Fatalf("%s: occurrence %d of %q not found", path, k+1, needle)
		}
		pos += 1 + i
	}
	start := pos + len(needle) - len(strings.TrimLeft(needle, "\n"))
	return bytes.Count(raw[:start], []byte("\n")) + 1
}

// badFirstNonUTF8Line returns the physical line of the first byte that is
// not UTF-8.
func badFirstNonUTF8Line(t testing.TB, path string) int {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n <= 1 {
			return bytes.Count(raw[:i], []byte("\n")) + 1
		}
		i += n
	}
	t.Fatalf("%s is valid UTF-8", path)
	return 0
}

// badLineCount is the line the file ends on.
func badLineCount(t testing.TB, path string) int {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(bytes.TrimSuffix(raw, []byte("\n")), []byte("\n")) + 1
}

// badTree lists every file and directory under dir with its size and
// modification time.
func badTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out[path] = fmt.Sprintf("%v %d %d", d.Type(), info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func badSameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// badText is the text inside n.
func badText(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// badSpace collapses runs of white space, as the minifier may.
func badSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestBadInputControlCharacters: C0 and C1 control characters in a
// practice's name and address never reach a page, an SVG <title>, the
// feed or a download: HTML and SVG cannot hold them even escaped.
func TestBadInputControlCharacters(t *testing.T) {
	dir := t.TempDir()
	name := "Bell\x07 \x1b[31mRed\x1b[0m Surgery\x00\x01\x7f\u0085"
	csv := header + practiceRows("1-2000000001", name, "Oldham", "North West", "Good", "01/02/2024") +
		practiceRows("1-2000000002", "Plain Surgery", "Oldham", "North West", "Good", "01/02/2024")
	csv = strings.ReplaceAll(csv, "1 High Street", "1 High\x0b Street\x0c")
	writeFile(t, filepath.Join(dir, "data", "ratings", "latest.csv"), csv)
	cfg, _ := badConfig(t, filepath.Join(dir, "data"))
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatalf("%v\n%s", err, strings.Join(badStrings(res.Problems.All()), "\n"))
	}
	seen := 0
	err = filepath.WalkDir(cfg.OutDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".png") || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("[31mRed[0m Surgery")) {
			seen++
		}
		for i, r := range string(b) {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r >= 0x80 && r < 0xa0 {
				rel, _ := filepath.Rel(cfg.OutDir, p)
				t.Errorf("%s: control character U+%04X at byte %d: %q", rel, r, i, b[max(0, i-30):min(len(b), i+30)])
				return nil
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 5 {
		t.Errorf("the cleaned name %q is in %d files, want it on pages, maps and downloads", "Bell [31mRed[0m Surgery", seen)
	}
}

// TestBadInputLongText runs the hostile cases of issue 13 through Check
// and Build with a memory limit: each ends in a clear error or a complete
// site, with a bounded peak heap. A reader's field limit may refuse some
// of them first (which is a clear error too); the paths behind the
// readers are tested directly on long text in internal/search
// (TestLongWords), internal/content (TestManyShortcodesOneLine) and
// internal/boundary (TestReadLimits).
func TestBadInputLongText(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the long inputs in -short mode")
	}
	word := func(n int, seed uint64) string {
		r := rand.New(rand.NewPCG(seed, 9))
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + r.IntN(26))
		}
		return string(b)
	}
	base := func(names ...string) string {
		var b strings.Builder
		b.WriteString(header)
		for i, n := range names {
			b.WriteString(practiceRows(fmt.Sprintf("1-%d", 2000000000+i), n, "Oldham", "North West", "Good", "01/02/2024"))
		}
		return b.String()
	}
	shared := word(300, 2)
	var share []string
	for i := range 120 {
		share = append(share, fmt.Sprintf("The %s Surgery %d", shared, i))
	}
	var sc strings.Builder
	sc.WriteString("---\ntitle: Many\ndate: 2026-01-01\n---\n\n")
	for i := range 30000 {
		fmt.Fprintf(&sc, `{{< nosuch%d "xxxxxxxxxxxxxxxxxxxx" >}} `, i)
	}
	sc.WriteString("\n")
	var poly strings.Builder
	poly.WriteString(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"North West"},"geometry":{"type":"Polygon","coordinates":[[`)
	for i := range 2_100_000 {
		fmt.Fprintf(&poly, "[-2.%d,54.%d],", i%997, i%991)
	}
	poly.WriteString(`[-2.0,54.0]]]}}]}`)
	for _, c := range []struct {
		name  string
		files map[string]string
		check bool
		// wantErr: the part of the one error expected, "" for a site.
		wantErr string
	}{
		{"one word of 26,000 letters", map[string]string{"ratings/latest.csv": base("The "+word(26000, 1)+" Surgery", "Plain Surgery")}, false, ""},
		{"120 practices share a 300-letter word", map[string]string{"ratings/latest.csv": base(share...)}, false, ""},
		{"a name of 100,000 characters", map[string]string{"ratings/latest.csv": base(word(100000, 3), "Plain Surgery")}, false, ""},
		{"check a name of 30,000 characters", map[string]string{"ratings/latest.csv": base(word(30000, 4), "Plain Surgery")}, true, ""},
		{"30,000 unknown shortcodes on one line", map[string]string{"ratings/latest.csv": base("Plain Surgery"), "content/news/2026-01-01-many.md": sc.String()}, false,
			"29950 more problems in this file are not listed"},
		{"a boundary of 2,100,000 points", map[string]string{"ratings/latest.csv": base("Plain Surgery"), "boundaries/big.geojson": poly.String()}, false,
			"over the limit of 2000000 for a boundary file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, content := map[string]string{}, map[string]string{}
			for rel, s := range c.files {
				if name, ok := strings.CutPrefix(rel, "content/"); ok {
					content[name] = s
				} else {
					data[rel] = s
				}
			}
			cfg := memConfig(data)
			cfg.Content = memInput(content)
			run := func(ctx context.Context, cfg Config) (*Result, error) {
				_, res, err := tryBuildMem(cfg)
				return res, err
			}
			if c.check {
				run = Check
			}
			var res *Result
			var err error
			peak, took := badPeakHeap(func() { res, err = run(context.Background(), cfg) })
			t.Logf("%v, peak heap %d MB", took.Round(time.Millisecond), peak>>20)
			if peak > 400<<20 {
				t.Errorf("peak heap %d MB, want under 400 MB", peak>>20)
			}
			if took > 90*time.Second {
				t.Errorf("took %v", took)
			}
			var msgs []string
			if res != nil {
				msgs = badStrings(res.Problems.Errors())
			}
			switch {
			case c.wantErr == "" && err != nil && !errors.Is(err, ErrInvalidInput):
				t.Fatalf("%v", err)
			case c.wantErr == "" && err != nil:
				// A reader's limit refused it: the error names the file and line.
				for _, m := range msgs {
					if !strings.Contains(m, "latest.csv:") {
						t.Errorf("refused without a file and line: %.300s", m)
					}
				}
			case c.wantErr != "":
				if !errors.Is(err, ErrInvalidInput) || !strings.Contains(strings.Join(msgs, "\n"), c.wantErr) {
					t.Errorf("err = %v, problems %.1000s; want one reading %q", err, strings.Join(msgs, "\n"), c.wantErr)
				}
				if len(msgs) > 60 {
					t.Errorf("%d problems reported, want them capped", len(msgs))
				}
			}
		})
	}
}

// badPeakHeap runs f and returns the highest heap it saw, sampled every
// 20 ms, and how long f took.
func badPeakHeap(f func()) (uint64, time.Duration) {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	start := time.Now()
	f()
	took := time.Since(start)
	close(stop)
	wg.Wait()
	return peak.Load(), took
}

// TestBadInputSymlinks: a dangling link and link loops under an input
// folder fail Check exactly as they fail Build, with a message naming
// each link, and the output is untouched.
func TestBadInputSymlinks(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(data string) error
		want string
	}{
		{"dangling", func(d string) error { return os.Symlink("nowhere", filepath.Join(d, "ratings", "old.txt")) }, `ratings/old.txt: symbolic link to "nowhere" leads nowhere`},
		{"loop of links", func(d string) error {
			if err := os.Symlink("b", filepath.Join(d, "a")); err != nil {
				return err
			}
			return os.Symlink("a", filepath.Join(d, "b"))
		}, `symbolic link to "b" is a loop of links`},
		{"folder loop", func(d string) error {
			if err := os.MkdirAll(filepath.Join(d, "boundaries", "x"), 0o755); err != nil {
				return err
			}
			return os.Symlink("..", filepath.Join(d, "boundaries", "x", "up"))
		}, `boundaries/x/up: symbolic link to ".." leads back to a folder that holds it`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			data := filepath.Join(dir, "data")
			writeFile(t, filepath.Join(data, "ratings", "latest.csv"), header+practiceRows("1-2000000001", "Plain Surgery", "Oldham", "North West", "Good", "01/02/2024"))
			if err := c.make(data); err != nil {
				t.Fatal(err)
			}
			for _, run := range []struct {
				name string
				f    func(context.Context, Config) (*Result, error)
			}{{"check", Check}, {"build", Build}} {
				cfg, root := badConfig(t, data)
				res, err := run.f(context.Background(), cfg)
				if !errors.Is(err, ErrInvalidInput) || !strings.Contains(strings.Join(badStrings(res.Problems.Errors()), "\n"), c.want) {
					t.Errorf("%s: err = %v, problems %v; want one reading %q", run.name, err, badStrings(res.Problems.All()), c.want)
				}
				badOutputUntouched(t, root, cfg.OutDir, run.name)
			}
		})
	}
}
