package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"ratingsite/internal/diag"
)

// TestNotText: a page or release saved as Windows-1252, or a binary file,
// is refused with its file, line and column, never published.
func TestNotText(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line, col int
		want      string
	}{
		{"windows-1252", "---\ntitle: Caf\xe9\ndate: 2026-01-01\n---\n\nText.\n", 2, 11, "byte 0xE9 is not UTF-8"},
		{"binary", "---\ntitle: T\ndate: 2026-01-01\n---\n\n\x89PNG\r\n\x1a\n\x00\x00", 6, 1, "byte 0x89 is not UTF-8"},
		{"nul", "---\ntitle: T\ndate: 2026-01-01\n---\n\nab\x00c\n", 6, 3, "control character U+0000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var problems diag.List
			rels := ReadNews(fstest.MapFS{"news/2026-01-01-x.md": {Data: []byte(c.src)}}, "content", testOpts(), &problems)
			if len(rels) != 0 {
				t.Errorf("published %d releases", len(rels))
			}
			errs := problems.Errors()
			if len(errs) != 1 || errs[0].File != "content/news/2026-01-01-x.md" || errs[0].Line != c.line ||
				!strings.Contains(errs[0].Message, fmt.Sprintf("column %d: %s", c.col, c.want)) {
				t.Errorf("errors = %v, want one at line %d column %d: %s", errs, c.line, c.col, c.want)
			}
			// A standalone page too.
			var p2 diag.List
			if pages := Read(fstest.MapFS{"x.md": {Data: []byte(c.src)}}, "content", &p2); len(pages) != 0 || !p2.HasErrors() {
				t.Errorf("page: %d published, %v", len(pages), p2.All())
			}
		})
	}
	// Good text with tabs, CRLF, a form feed and non-ASCII letters passes.
	var problems diag.List
	if rels := ReadNews(fstest.MapFS{"news/2026-01-01-x.md": {Data: []byte("---\r\ntitle: Café\r\ndate: 2026-01-01\r\n---\r\n\r\n\tÉcole\f\r\n")}}, "content", testOpts(), &problems); len(rels) != 1 {
		t.Errorf("good text refused: %v", problems.All())
	}
}

// TestManyShortcodesOneLine: thousands of unknown shortcodes on one line
// are reported in time linear in the line, at most 50 of
// them and then a count, each with its column.
func TestManyShortcodesOneLine(t *testing.T) {
	const n = 20000
	var b strings.Builder
	b.WriteString("---\ntitle: Many\ndate: 2026-01-01\n---\n\n")
	for i := range n {
		fmt.Fprintf(&b, `{{< nosuch%d "xxxxxxxxxxxxxxxxxxxx" >}} `, i)
	}
	b.WriteString("\n\n")
	for range n {
		b.WriteString(`{{< no "`) // malformed: never closed
	}
	b.WriteString("\n")
	start := time.Now()
	var problems diag.List
	ReadNews(fstest.MapFS{"news/2026-01-01-many.md": {Data: []byte(b.String())}}, "content", testOpts(), &problems)
	took := time.Since(start)
	errs := problems.Errors()
	if len(errs) != 50+1 {
		t.Fatalf("%d errors, want %d then a count", len(errs), 50+1)
	}
	if want := fmt.Sprintf("%d more problems in this file are not listed", 2*n-50); errs[0].Message != want {
		t.Errorf("the count reads %q, want %q", errs[0].Message, want)
	}
	want := fmt.Sprintf("column %d: unknown shortcode \"nosuch1\"", len(`{{< nosuch0 "xxxxxxxxxxxxxxxxxxxx" >}} `)+1)
	found := false
	for _, e := range errs {
		found = found || e.Line == 6 && strings.HasPrefix(e.Message, want)
	}
	if !found {
		t.Errorf("no error at line 6 reads %q: %v", want, errs)
	}
	// 40,000 shortcodes in about 1.5 MB: well under a second when linear;
	// minutes when each position is counted from the start.
	if took > 10*time.Second {
		t.Errorf("took %v", took)
	}
	t.Logf("%d shortcodes reported in %v", 2*n, took)
}

// TestLongShortcodeArgument: a 10 MB argument is quoted as a short prefix.
func TestLongShortcodeArgument(t *testing.T) {
	long := strings.Repeat("x", 10<<20)
	for _, sc := range []string{`{{< stat "` + long + `" >}}`, `{{< practice "` + long + `" >}}`, `{{< region "` + long + `" >}}`,
		`{{< ` + long + ` "a" >}}`, `{{< stat "` + long} {
		var problems diag.List
		ReadNews(fstest.MapFS{"news/2026-01-01-x.md": {Data: []byte("---\ntitle: T\ndate: 2026-01-01\n---\n\n" + sc + "\n")}}, "content", testOpts(), &problems)
		errs := problems.Errors()
		if len(errs) != 1 {
			t.Fatalf("%.20s…: %d errors", sc, len(errs))
		}
		if s := errs[0].String(); len(s) > 1000 || !strings.Contains(s, strings.Repeat("x", 60-10)+"…") {
			t.Errorf("%.20s…: a message of %d bytes: %.300s", sc, len(s), s)
		}
	}
}

// TestUnsafeLinksDecoded: a script-bearing scheme hidden by a character
// reference, a backslash escape or a control character is dropped from
// pages and the feed, with or without -unsafe-html; raw HTML links too.
func TestUnsafeLinksDecoded(t *testing.T) {
	src := "---\ntitle: T\ndate: 2026-01-01\n---\n\n" +
		"[a](javascript&#58;alert(1)) [b](java&#x73;cript:alert(1)) [c](javascript\\:alert(1)) [d](&#106;avascript:x) " +
		"![e](data&colon;text/html,x) [f](vb&#115;cript:x) [g](<java&#9;script:x>) [h](&#x01;javascript:x) [ok](https://example.org/a&amp;b)\n\n" +
		"<a href=\"javascript&#58;y\">raw</a> <img src=\"&#100;ata:x\"> <a href=\" JaVa\tScRiPt:z\" title=\"t\">raw2</a> <a href=\"https://example.org/\">fine</a>\n"
	for _, unsafe := range []bool{false, true} {
		opts := testOpts()
		opts.UnsafeHTML = unsafe
		var problems diag.List
		rels := ReadNews(fstest.MapFS{"news/2026-01-01-x.md": {Data: []byte(src)}}, "content", opts, &problems)
		if len(rels) != 1 {
			t.Fatalf("unsafe=%v: %v", unsafe, problems.All())
		}
		for name, body := range map[string]string{"page": string(rels[0].Body), "feed": string(rels[0].FeedBody)} {
			low := strings.ToLower(body)
			for _, bad := range []string{"javascript", "vbscript", "data:", "&#58;", "&#106;", "java&#"} {
				if strings.Contains(low, bad) {
					t.Errorf("unsafe=%v %s: %q survives: %s", unsafe, name, bad, body)
				}
			}
			if !strings.Contains(body, "https://example.org/a&amp;b") {
				t.Errorf("unsafe=%v %s: the good link was dropped: %s", unsafe, name, body)
			}
			if unsafe && (!strings.Contains(body, `<a href="https://example.org/">fine</a>`) || !strings.Contains(body, `title="t"`)) {
				t.Errorf("unsafe=%v %s: raw HTML was changed beyond its unsafe links: %s", unsafe, name, body)
			}
		}
	}
}
