package templates

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ratingsite/internal/figures"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
)

// TestGeneratedCodeIsCurrent regenerates the Go code from the .templ files
// into a temporary folder and compares it with the committed *_templ.go:
// after editing a .templ file, run `go generate ./templates`.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	dir := t.TempDir()
	sources, _ := filepath.Glob("*.templ")
	if len(sources) == 0 {
		t.Fatal("no .templ files")
	}
	for _, src := range sources {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, src), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The generated code names its source relative to where templ runs:
	// in this folder, as go generate runs it.
	bin, err := exec.Command("go", "tool", "-n", "templ").Output()
	if err != nil {
		t.Fatalf("go tool -n templ: %v (templ is a tool in go.mod)", err)
	}
	cmd := exec.Command(strings.TrimSpace(string(bin)), "generate", "-path", ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go tool templ generate: %v\n%s", err, out)
	}
	committed, _ := filepath.Glob("*_templ.go")
	if len(committed) != len(sources) {
		t.Errorf("%d .templ files but %d *_templ.go: run go generate ./templates and delete the generated code of removed templates", len(sources), len(committed))
	}
	for _, src := range sources {
		gen := strings.TrimSuffix(src, ".templ") + "_templ.go"
		want, err1 := os.ReadFile(filepath.Join(dir, gen))
		got, err2 := os.ReadFile(gen)
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Errorf("templates/%s is not what %s generates (%v %v): run go generate ./templates and commit the result", gen, src, err1, err2)
		}
	}
}

func render(t *testing.T, name string, p *view.Page) string {
	t.Helper()
	c, err := Page(name, p)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func testPage(data any) *view.Page {
	w := view.DefaultWords()
	s := &view.Shared{Base: urls.MustParse("https://example.org/r/"), Words: w, Assets: map[string]view.Asset{"site.css": {Path: "/assets/site.1.css", Integrity: "sha384-x"}}}
	return &view.Page{Path: "/p/", Title: "T", FullTitle: w.FullTitle("T"), Shared: s, Data: data}
}

// Data is escaped by context, and a link from the data that is not
// http(s) never becomes a script.
func TestEscaping(t *testing.T) {
	v := &view.PracticeView{ID: "1-1", Name: `<script>alert("x")</script>`, Website: "javascript:alert(1)", Phone: `01 "2"`,
		History: &view.HistoryView{}, JSONPath: "/practices/1-1.json"}
	p := testPage(v)
	p.Description = `"><b>`
	got := render(t, "practice.html", p)
	for _, bad := range []string{"<script>alert", `href="javascript:`, `content=""><b>`} {
		if strings.Contains(got, bad) {
			t.Errorf("page holds %q:\n%s", bad, got)
		}
	}
	for _, want := range []string{`<h1>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</h1>`, `content="&#34;&gt;&lt;b&gt;"`,
		`<link rel="stylesheet" href="/r/assets/site.1.css" integrity="sha384-x">`, `href="/r/practices/1-1.json"`} {
		if !strings.Contains(got, want) {
			t.Errorf("page lacks %q:\n%s", want, got)
		}
	}
	if _, err := Page("practice.html", testPage(&view.AreaView{})); err == nil {
		t.Error("a page with the wrong view was rendered")
	}
	if _, err := Page("nosuch.html", testPage(nil)); err == nil {
		t.Error("an unknown page was rendered")
	}
}

func chartHTML(t *testing.T, id, title string, d figures.Distribution) string {
	var b strings.Builder
	if err := chart(id, title, d).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestBarChart(t *testing.T) {
	d := figures.Distribution{Count: [4]int{1, 6, 2, 1}, Rated: 10}
	d.Percent = figures.LargestRemainder(d.Count, d.Rated)
	html := chartHTML(t, "c1", `North <West> & "co"`, d)
	if err := xml.Unmarshal([]byte(html), new(struct{})); err != nil {
		t.Fatalf("not XML: %v\n%s", err, html)
	}
	for _, want := range []string{`id="c1" role="img"`, `aria-label="North &lt;West&gt; &amp; &#34;co&#34;: Outstanding 1 (10%), Good 6 (60%)`,
		">Requires improvement<", "2 (20%)", `class="bar bar--good" width="60%"`} {
		if !strings.Contains(html, want) {
			t.Errorf("chart lacks %q:\n%s", want, html)
		}
	}
	// A share that rounds to nothing is "<1%": escaped, as in a table.
	d = figures.Distribution{Count: [4]int{1, 300, 0, 0}, Rated: 301}
	d.Percent = figures.LargestRemainder(d.Count, d.Rated)
	html = chartHTML(t, "c2", "T", d)
	if !strings.Contains(html, ">1 (&lt;1%)<") || strings.Contains(html, "(<") {
		t.Errorf("a share under 1%% is not escaped:\n%s", html)
	}
	if strings.Contains(html, "bar--requires-improvement") {
		t.Errorf("a rating with no practices has a bar:\n%s", html)
	}
}
