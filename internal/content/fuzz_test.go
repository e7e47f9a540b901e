package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"ratingsite/internal/diag"
)

// FuzzRead renders arbitrary Markdown as a page: it must never panic, and
// the body must never carry a script, an event handler or a javascript:
// link, whatever the input.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nText.\n",
		"# T\n\n<script>alert(1)</script>\n",
		"# T\n\n[x](javascript:alert(1))\n",
		"# T\n\n![i](data:text/html;base64,PHNjcmlwdD4=)\n",
		"# T\n\n<img src=x onerror=alert(1)>\n",
		"no title",
		"# T\n\n| a |\n|---|\n| <b onmouseover=x> |\n",
		"# T\n\nfoo[^1]\n\n[^1]: <script>x</script>\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		var problems diag.List
		pages := Read(fstest.MapFS{"page.md": {Data: []byte(md)}}, "content", &problems)
		for _, p := range pages {
			checkSafeHTML(t, string(p.Body))
		}
	})
}

// checkSafeHTML fails the test if body carries a script, an embedding
// element, an event handler, a style attribute or a script-bearing link.
func checkSafeHTML(t *testing.T, body string) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "article", DataAtom: atom.Article})
	if err != nil {
		t.Fatal(err)
	}
	for _, top := range nodes {
		for n := range top.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch n.Data {
			case "script", "iframe", "object", "embed", "style":
				t.Fatalf("body has a <%s> element:\n%s", n.Data, body)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") || a.Key == "style" {
					t.Fatalf("body has an attribute %s:\n%s", a.Key, body)
				}
				if (a.Key == "href" || a.Key == "src") && UnsafeURL([]byte(a.Val)) {
					t.Fatalf("body links to %q:\n%s", a.Val, body)
				}
			}
		}
	}
}

// FuzzReadNews reads arbitrary text as a press release, front matter and
// shortcodes included: it must never panic, every problem must name the
// file and a line, and neither the page's body nor the feed's copy may
// carry a script, an event handler, a style attribute or a
// javascript: link.
func FuzzReadNews(f *testing.F) {
	for _, s := range []string{
		goodRelease,
		"---\ntitle: T\ndate: 2026-01-01\n---\n\n{{< stat \"national.practices\" >}} {{< practice \"1-23\" >}} {{< region \"north-west\" >}}\n",
		"---\ntitle: T\ndate: 2026-01-01\n---\n\n{{< stat \"x\" >}} {{< stat x >}} {{< nope \"y\" >}} {{<\n",
		"---\ntitle: [a\n---\n",
		"---\ntitle: T\ndate: 2026-13-45\nregions: {a: b}\npractices: [[x]]\ndraft: maybe\n---\n",
		"---\n",
		"---\n---\n",
		"\xEF\xBB\xBF---\r\ntitle: T\r\ndate: 2026-01-01\r\n---\r\n\r\n[x](javascript:alert(1)) <script>x</script>\r\n",
		"---\ntitle: '{{< stat \"national.practices\" >}}'\nsummary: '{{< practice \"1-23\" >}} {{< stat \"nope\" >}}'\ndate: 2026-01-01\n---\n| {{< practice \"1-23\" >}} |\n|:-:|\n| [{{< practice \"1-23\" >}}](/x/) |\n",
		"---\ntitle: &a T\ndate: *a\n---\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var problems diag.List
		rels := ReadNews(fstest.MapFS{"news/r.md": {Data: []byte(src)}}, "content", testOpts(), &problems)
		for _, p := range problems.All() {
			if p.File != "content/news/r.md" || p.Line < 1 {
				t.Fatalf("problem without its file and line: %s", p)
			}
		}
		if len(rels) > 0 && problems.HasErrors() {
			t.Fatalf("a release was published despite errors: %v", problems.Errors())
		}
		for _, r := range rels {
			if r.Title == "" || r.Date.IsZero() {
				t.Fatalf("release without title or date: %+v", r)
			}
			checkSafeHTML(t, string(r.Body))
			checkSafeHTML(t, string(r.FeedBody))
		}
	})
}
