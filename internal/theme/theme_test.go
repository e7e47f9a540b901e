package theme

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"ratingsite/internal/maps"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
)

func testTemplates(t *testing.T, files map[string]string) (*Theme, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return Load(fsys, urls.MustParse("https://example.org/ratings/"), map[string]view.Asset{})
}

// aboutPage is the About page as the registry makes it, with words w.
func aboutPage(w *view.Words) *view.Page {
	s := &view.Shared{Base: urls.MustParse("https://example.org/ratings/"), Words: w, CSP: "default-src 'none'"}
	return &view.Page{Path: urls.About, Title: w.About.Title, FullTitle: w.FullTitle(w.About.Title), Description: w.About.Description,
		Crumbs: []view.Crumb{{Name: w.Shell.Breadcrumb, URL: "/ratings/"}, {Name: w.About.Title, URL: "/ratings/about/", Current: true}}, Shared: s}
}

func execute(t *testing.T, tm *Theme, name string, p *view.Page) string {
	t.Helper()
	var buf bytes.Buffer
	if err := tm.Execute(&buf, name, p); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// A site's words.toml overrides the default words key by key: the title,
// the description and the shell's words change, and the rest stay.
func TestWordsOverride(t *testing.T) {
	tm, err := testTemplates(t, map[string]string{WordsFile: `site_name = "Ratings & more"
[about]
title = "About <us>"
[shell]
skip_link = "Skip"
`})
	if err != nil {
		t.Fatal(err)
	}
	w := tm.Words
	if w.About.Title != "About <us>" || w.SiteName != "Ratings & more" || w.Shell.SkipLink != "Skip" {
		t.Errorf("words not overridden: %+v", w)
	}
	if def := view.DefaultWords(); w.About.Description != def.About.Description || w.Home.Title != def.Home.Title {
		t.Error("a word the site did not set lost its default")
	}
	got := execute(t, tm, "about.html", aboutPage(w))
	for _, want := range []string{"<title>About &lt;us&gt; – Ratings &amp; more</title>", "<h1>About &lt;us&gt;</h1>",
		`<a class="skip-link" href="#main">Skip</a>`, `<a class="site-name" href="/ratings/">Ratings &amp; more</a>`} {
		if !strings.Contains(got, want) {
			t.Errorf("page lacks %q:\n%s", want, got)
		}
	}
}

// A mistake in words.toml is an error naming the file, the line and the
// column, and saying what to do; every mistake is reported at once.
func TestWordsErrors(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"[about]\ntitel = \"x\"\n[home]\nheading = \"y\"\n", []string{`templates/words.toml:2:1: unknown key "about.titel"`, `templates/words.toml:4:1: unknown key "home.heading"`, "docs/pages.md"}},
		{"[about]\ntitle = x\n", []string{"templates/words.toml:2:9:", "docs/pages.md"}},
		{"site_name = 3\n", []string{"templates/words.toml:1:", "docs/pages.md"}},
	} {
		_, err := testTemplates(t, map[string]string{WordsFile: tc.text})
		if err == nil {
			t.Errorf("%q: no error", tc.text)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q: error %q lacks %q", tc.text, err, want)
			}
		}
	}
}

// A site's shell.html replaces the built-in shell and can reuse its
// parts; it is executed minified, and data stays escaped.
func TestShellOverride(t *testing.T) {
	tm, err := testTemplates(t, map[string]string{ShellFile: `<!DOCTYPE html>
<html lang="cy">
<head>
  {{.Head}}
</head>
<body>
  <div class="our-banner">   {{.Title}}   <a href="{{url "/national/"}}">x</a></div>
  {{.Content}}
  {{.Footer}}
</body>
</html>
`})
	if err != nil {
		t.Fatal(err)
	}
	p := aboutPage(tm.Words)
	p.Title = "A & B"
	got := execute(t, tm, "about.html", p)
	for _, want := range []string{`<html lang="cy">`, `<div class="our-banner">A &amp; B <a href="/ratings/national/">x</a></div><h1>`,
		`<meta name="description"`, `<h1>A &amp; B</h1>`, `<footer class="site-footer">`} {
		if !strings.Contains(got, want) {
			t.Errorf("page lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, `class="site-header"`) {
		t.Error("the built-in header is there, though the shell leaves it out")
	}
	// The shell frames every page but the embeddable maps, which keep
	// their own.
	if got := execute(t, tm, "404.html", aboutPage(tm.Words)); !strings.Contains(got, "our-banner") {
		t.Error("the 404 page is not in the site's shell")
	}
	embed := aboutPage(tm.Words)
	embed.Data = &view.EmbedView{Title: "Map", Share: &maps.Share{}}
	if got := execute(t, tm, "embed.html", embed); strings.Contains(got, "our-banner") || !strings.Contains(got, `<body class="embed">`) {
		t.Errorf("the embed page is not in its own frame:\n%s", got)
	}
}

// An error in shell.html names the line as written, although pages run
// from the minified copy, where every line has moved.
func TestShellErrorsKeepTheirLines(t *testing.T) {
	tm, err := testTemplates(t, map[string]string{ShellFile: "<html>\n<body>\n\n\n<p>\n\n{{.Missing}}\n</p>\n</body>\n</html>\n"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = tm.Execute(&buf, "about.html", aboutPage(tm.Words))
	if err == nil || !strings.Contains(err.Error(), "templates/shell.html:7:") {
		t.Errorf("error %v does not name shell.html line 7", err)
	}
	_, err = testTemplates(t, map[string]string{ShellFile: "<html>\n\n\n<p>{{if}}</p>\n"})
	if err == nil || !strings.Contains(err.Error(), "templates/shell.html:4:") {
		t.Errorf("syntax error %v does not name shell.html line 4", err)
	}
}

// A site's old-style page templates are refused, each with what to do
// instead, all in one run.
func TestOldTemplatesRefused(t *testing.T) {
	_, err := testTemplates(t, map[string]string{"practice.html": "x", "base.html": "y", ".DS_Store": "z", WordsFile: "", "word.toml": "",
		"pages.templ": "", "pages_templ.go": ""})
	if err == nil {
		t.Fatal("old-style templates accepted")
	}
	for _, want := range []string{"templates/practice.html: a site can no longer replace", "templates/words.toml", "templates/base.html:", "templates/shell.html", "then delete templates/base.html",
		"templates/word.toml: not a file ratingsite reads"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	for _, ignored := range []string{".DS_Store", "pages.templ", "pages_templ.go"} {
		if strings.Contains(err.Error(), ignored) {
			t.Errorf("%s is reported: %v", ignored, err)
		}
	}
}
