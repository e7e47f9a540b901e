// Package content reads the site's own Markdown pages (content/*.md) and
// renders them with goldmark. Raw HTML in Markdown is omitted, and links
// with script-bearing schemes are dropped, so a page cannot run a script.
package content

import (
	"bytes"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"ratingsite/internal/diag"
)

// Page is one standalone Markdown page.
type Page struct {
	File  string // as given in messages, e.g. "content/accessibility.md"
	Slug  string // from the file name: "accessibility"
	Title string // the first level-1 heading
	// Summary is the first paragraph's text, for the meta description.
	Summary string
	// Body is the rendered HTML, without the title heading.
	Body template.HTML
}

// Path is the page's site path, e.g. "/accessibility/".
func (p *Page) Path() string { return "/" + p.Slug + "/" }

// Reserved are the first path segments the generator itself uses; a
// content page may not take them.
var Reserved = []string{"about", "national", "regions", "local-authorities", "practices", "assets", "news", "search", "map", "embed", "changes"}

// Markdown is the goldmark configuration for every page: GitHub-flavoured
// tables, footnotes, typographic quotes and stable heading IDs. Raw HTML is
// never rendered (goldmark's default).
func Markdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(unsafeLinks{}, 100)),
		),
	)
}

// Read renders every *.md file at the top of fsys. dir is the name used
// in messages. Problems name the file and line.
func Read(fsys fs.FS, dir string, problems *diag.List) []*Page {
	if fsys == nil {
		return nil
	}
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		problems.Errorf(dir, 0, "", "", "%v", err)
		return nil
	}
	sort.Strings(names)
	md := Markdown()
	var pages []*Page
	for _, name := range names {
		file := path.Join(dir, name)
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems.Errorf(file, 0, "", "", "cannot read: %v", err)
			continue
		}
		slug := strings.TrimSuffix(name, ".md")
		if !safeSlug(slug) {
			problems.Errorf(file, 0, "", "rename it with lower-case letters, digits and hyphens, e.g. accessibility.md", "file name %q cannot be a page address", name)
			continue
		}
		if isReserved(slug) {
			problems.Errorf(file, 0, "", "rename the file", "the address /%s/ belongs to the generator's own pages", slug)
			continue
		}
		p, ok := render(md, src, file, slug, problems)
		if ok {
			pages = append(pages, p)
		}
	}
	return pages
}

func render(md goldmark.Markdown, src []byte, file, slug string, problems *diag.List) (*Page, bool) {
	doc := md.Parser().Parse(text.NewReader(src))
	p := &Page{File: file, Slug: slug}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 && p.Title == "" {
			p.Title = plainText(h, src)
			doc.RemoveChild(doc, h)
			break
		}
	}
	if p.Title == "" {
		problems.Errorf(file, 1, "", "start the page with a title line such as \"# Accessibility\"", "page has no title (a level-1 heading)")
		return nil, false
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if para, ok := n.(*ast.Paragraph); ok {
			p.Summary = plainText(para, src)
			break
		}
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		problems.Errorf(file, 0, "", "", "cannot render: %v", err)
		return nil, false
	}
	p.Body = template.HTML(buf.String())
	return p, true
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

func safeSlug(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func isReserved(slug string) bool {
	for _, r := range Reserved {
		if slug == r {
			return true
		}
	}
	return false
}
