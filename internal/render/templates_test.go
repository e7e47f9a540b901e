package render

import (
	"bytes"
	"ratingsite/internal/urls"
	"strings"
	"testing"
	"testing/fstest"
)

func testTemplates(t *testing.T, files map[string]string) (*Templates, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return LoadTemplates(fsys, &Config{Base: urls.MustParse("https://example.org/"), Assets: map[string]Asset{}})
}

const testBase = `<!DOCTYPE html>
<html lang="en">
<head>
<title>{{.Title}}</title>
</head>
<body>
{{block "content" .}}{{end}}
</body>
</html>
`

// Pages are executed from minified templates, so they come out minified,
// with data escaped as html/template escapes it.
func TestTemplatesAreMinified(t *testing.T) {
	tm, err := testTemplates(t, map[string]string{
		"base.html": testBase,
		"page.html": "{{template \"base.html\" .}}\n{{define \"content\"}}\n<main>\n  <p class=\"x\">\n    {{.Body}}\n  </p>\n</main>\n{{end}}\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tm.Execute(&buf, "page.html", map[string]string{"Title": "A & B", "Body": "<script>"}); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, want := range []string{`<title>A &amp; B</title>`, `<p class="x">&lt;script&gt;</p>`} {
		if !strings.Contains(got, want) {
			t.Errorf("page lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "  ") {
		t.Errorf("page keeps runs of spaces:\n%q", got)
	}
}

// An execution error names the line in the template as written, although
// pages run from the minified copy, where every line has moved.
func TestTemplateErrorsKeepTheirLines(t *testing.T) {
	tm, err := testTemplates(t, map[string]string{
		"base.html": testBase,
		"page.html": "{{template \"base.html\" .}}\n{{define \"content\"}}\n<main>\n\n\n<p>\n{{.Missing}}\n</p>\n</main>\n{{end}}\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = tm.Execute(&buf, "page.html", map[string]string{"Title": "t"})
	if err == nil || !strings.Contains(err.Error(), "page.html:7:") {
		t.Errorf("error %v does not name page.html line 7", err)
	}
	// A syntax error, too, is reported at its line as written.
	_, err = testTemplates(t, map[string]string{
		"base.html": testBase,
		"page.html": "{{template \"base.html\" .}}\n\n\n{{define \"content\"}}\n<p>{{if}}</p>\n{{end}}\n",
	})
	if err == nil || !strings.Contains(err.Error(), "page.html:5:") {
		t.Errorf("syntax error %v does not name page.html line 5", err)
	}
}
