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
			nodes, err := html.ParseFragment(strings.NewReader(string(p.Body)), &html.Node{Type: html.ElementNode, Data: "article", DataAtom: atom.Article})
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
						t.Fatalf("body has a <%s> element:\n%s", n.Data, p.Body)
					}
					for _, a := range n.Attr {
						if strings.HasPrefix(strings.ToLower(a.Key), "on") {
							t.Fatalf("body has an event handler %s:\n%s", a.Key, p.Body)
						}
						if (a.Key == "href" || a.Key == "src") && UnsafeURL([]byte(a.Val)) {
							t.Fatalf("body links to %q:\n%s", a.Val, p.Body)
						}
					}
				}
			}
		}
	})
}
