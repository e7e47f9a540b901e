package ratingsite

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// docFiles are the Markdown files whose links TestDocLinks checks: the
// README and everything under docs/.
func docFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md"}
	err := filepath.WalkDir("docs", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, filepath.ToSlash(p))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestDocLinks: every link and image in README.md and docs/ points to a
// file or folder of this repository, and every #anchor to a heading of
// that file (as GitHub makes heading anchors). Nothing links outside the
// repository: no scheme, no host, no path above the root. A bare URL in
// the text counts as a link, as GitHub makes it one; cite sources as text
// in `code` instead.
func TestDocLinks(t *testing.T) {
	anchors := map[string]map[string]bool{} // Markdown file → its heading anchors
	headings := func(file string) map[string]bool {
		if a, ok := anchors[file]; ok {
			return a
		}
		src, err := os.ReadFile(file)
		if err != nil {
			return nil
		}
		a := map[string]bool{}
		for _, h := range mdHeadings(src) {
			a[h] = true
		}
		anchors[file] = a
		return a
	}
	files := docFiles(t)
	if len(files) < 10 {
		t.Fatalf("found only %v", files)
	}
	n := 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range mdLinks(src) {
			n++
			if err := checkDocLink(file, l.dest, headings); err != nil {
				t.Errorf("%s:%d: link %q: %v", file, l.line, l.dest, err)
			}
		}
	}
	if n < 20 {
		t.Errorf("found only %d links: is the parser right?", n)
	}
}

// checkDocLink resolves dest, a link in the Markdown file from.
func checkDocLink(from, dest string, headings func(string) map[string]bool) error {
	u, err := url.Parse(dest)
	if err != nil {
		return err
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") {
		return fmt.Errorf("points outside the repository; cite the source as text instead")
	}
	if strings.HasPrefix(u.Path, "/") {
		return fmt.Errorf("is absolute; use a path relative to %s", from)
	}
	target := from
	if u.Path != "" {
		target = path.Join(path.Dir(from), u.Path)
		if target == ".." || strings.HasPrefix(target, "../") {
			return fmt.Errorf("leaves the repository")
		}
		if _, err := os.Stat(filepath.FromSlash(target)); err != nil {
			return fmt.Errorf("no such file or folder in the repository: %s", target)
		}
	}
	if u.Fragment == "" {
		return nil
	}
	if !strings.HasSuffix(target, ".md") {
		return fmt.Errorf("an anchor into %s, which is not Markdown", target)
	}
	if !headings(target)[u.Fragment] {
		return fmt.Errorf("%s has no heading with the anchor #%s", target, u.Fragment)
	}
	return nil
}

type mdLink struct {
	dest string
	line int
}

var (
	mdParser = goldmark.New(goldmark.WithExtensions(extension.GFM))
	htmlLink = regexp.MustCompile(`(?i)\b(?:href|src)\s*=\s*["']([^"']*)["']`)
)

// mdLinks lists the links, images, autolinks, bare URLs (as GFM links
// them) and HTML href and src attributes of a Markdown document.
func mdLinks(src []byte) []mdLink {
	doc := mdParser.Parser().Parse(text.NewReader(src))
	var out []mdLink
	lineOf := func(n ast.Node) int {
		for ; n != nil; n = n.Parent() {
			if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
				return bytes.Count(src[:n.Lines().At(0).Start], []byte("\n")) + 1
			}
		}
		return 0
	}
	add := func(n ast.Node, dest string) { out = append(out, mdLink{dest, lineOf(n)}) }
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			add(n, string(n.Destination))
		case *ast.Image:
			add(n, string(n.Destination))
		case *ast.AutoLink:
			add(n, string(n.URL(src)))
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				for _, m := range htmlLink.FindAllSubmatch(seg.Value(src), -1) {
					add(n, string(m[1]))
				}
			}
		case *ast.HTMLBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				for _, m := range htmlLink.FindAllSubmatch(seg.Value(src), -1) {
					add(n, string(m[1]))
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// mdHeadings lists the anchors GitHub gives a document's headings: the
// heading's text in lower case, without punctuation other than '-' and
// '_', spaces made '-'; a repeated anchor gets -1, -2, ….
func mdHeadings(src []byte) []string {
	doc := mdParser.Parser().Parse(text.NewReader(src))
	seen := map[string]int{}
	var out []string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		var b strings.Builder
		ast.Walk(h, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering {
				if t, ok := c.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
				if s, ok := c.(*ast.String); ok {
					b.Write(s.Value)
				}
			}
			return ast.WalkContinue, nil
		})
		a := githubAnchor(b.String())
		if k := seen[a]; k > 0 {
			out = append(out, fmt.Sprintf("%s-%d", a, k))
		} else {
			out = append(out, a)
		}
		seen[a]++
		return ast.WalkSkipChildren, nil
	})
	return out
}

func githubAnchor(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Pc, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestREADMEListsEveryDoc: the README's table of docs links every file
// in docs/, so that a new doc is found from the front door.
func TestREADMEListsEveryDoc(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	linked := map[string]bool{}
	for _, l := range mdLinks(readme) {
		u, err := url.Parse(l.dest)
		if err == nil {
			linked[path.Clean(u.Path)] = true
		}
	}
	entries, err := os.ReadDir("docs")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if name := "docs/" + e.Name(); !e.IsDir() && (strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".json")) && !linked[name] {
			t.Errorf("README.md does not link %s: add it to the table of docs", name)
		}
	}
}

func TestGitHubAnchors(t *testing.T) {
	src := []byte("# `_headers`: one set of rules\n## Search, nearest practices and filters\n## Tables on a phone\n## Tables on a phone\n### `ratings/*.csv`, `*.ods`: CQC's file – 2026\n")
	want := []string{"_headers-one-set-of-rules", "search-nearest-practices-and-filters", "tables-on-a-phone", "tables-on-a-phone-1", "ratingscsv-ods-cqcs-file--2026"}
	if got := mdHeadings(src); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("anchors %q, want %q", got, want)
	}
	links := mdLinks([]byte("See [a](docs/a.md#x), ![i](i.png), <https://example.org/>, https://bare.example.org and <a href=\"h.md\">h</a>.\n\n`https://in.code/`\n"))
	var got []string
	for _, l := range links {
		got = append(got, l.dest)
	}
	if want := "docs/a.md#x i.png https://example.org/ https://bare.example.org h.md"; strings.Join(got, " ") != want {
		t.Errorf("links %q, want %q", got, want)
	}
}
