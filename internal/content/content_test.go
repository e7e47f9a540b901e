package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"ratingsite/internal/diag"
)

func TestRead(t *testing.T) {
	fsys := fstest.MapFS{
		"accessibility.md": {Data: []byte("# Accessibility\n\nThis site aims to meet *WCAG 2.2* AA.\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) [also bad]( JaVaScRiPt:x)  [ok](https://example.org/) <javascript:alert(2)> <https://example.org/auto>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")},
		"about.md":         {Data: []byte("# About\n")},
		"no-title.md":      {Data: []byte("Just text.\n")},
		"Bad Name.md":      {Data: []byte("# X\n")},
	}
	var problems diag.List
	pages := Read(fsys, "content", &problems)
	if len(pages) != 1 {
		t.Fatalf("pages = %d, want 1; problems %v", len(pages), problems.All())
	}
	p := pages[0]
	if p.Title != "Accessibility" || p.Path() != "/accessibility/" || p.Summary != "This site aims to meet WCAG 2.2 AA." {
		t.Errorf("page = %q %q %q", p.Title, p.Path(), p.Summary)
	}
	body := string(p.Body)
	for _, bad := range []string{"<script", "javascript:", "JaVaScRiPt", "<h1"} {
		if strings.Contains(body, bad) {
			t.Errorf("body contains %q: %s", bad, body)
		}
	}
	for _, good := range []string{"<table>", `href="https://example.org/"`, `href="https://example.org/auto"`, "bad", "also bad"} {
		if !strings.Contains(body, good) {
			t.Errorf("body lacks %q: %s", good, body)
		}
	}
	errs := problems.Errors()
	if len(errs) != 3 {
		t.Fatalf("errors = %v, want 3 (reserved, no title, bad name)", errs)
	}
	for _, e := range errs {
		if !strings.HasPrefix(e.File, "content/") {
			t.Errorf("error without its file: %v", e)
		}
	}
}

func TestUnsafeURL(t *testing.T) {
	for in, want := range map[string]bool{
		"javascript:alert(1)": true, " JAVASCRIPT:x": true, "java\tscript:x": true, "vbscript:x": true,
		"data:text/html,x": true, "https://x": false, "/a": false, "mailto:a@b": false, "#x": false,
	} {
		if got := UnsafeURL([]byte(in)); got != want {
			t.Errorf("UnsafeURL(%q) = %v, want %v", in, got, want)
		}
	}
}
