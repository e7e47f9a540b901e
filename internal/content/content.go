package content

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"ratingsite/internal/diag"
	"ratingsite/internal/urls"
)

// Page is one standalone Markdown page.
type Page struct {
	File  string // as given in messages, e.g. "content/accessibility.md"
	Slug  string // from the file name: "accessibility"
	Title string // the first level-1 heading
	// Summary is the first paragraph's text, for the meta description.
	Summary string
	// Date is the front matter's date, if any.
	Date time.Time
	// Body is the rendered HTML, without the title heading.
	Body template.HTML
}

// Path is the page's site path, e.g. "/accessibility/".
func (p *Page) Path() string { return urls.Page(p.Slug) }

// Reserved are the first path segments the generator itself uses; a
// content page may not take them.
var Reserved = urls.Reserved

// Markdown is the goldmark configuration for every page: GitHub-flavoured
// tables, footnotes, typographic quotes and stable heading IDs. Raw HTML is
// never rendered (goldmark's default).
func Markdown() goldmark.Markdown { return newMarkdown(false) }

// newMarkdown adds the shortcodes and the link rewriting to Markdown;
// unsafe renders raw HTML (for trusted sites only).
func newMarkdown(unsafe bool) goldmark.Markdown {
	ropts := []renderer.Option{renderer.WithNodeRenderers(util.Prioritized(shortcodeRenderer{}, 100))}
	if unsafe {
		ropts = append(ropts, html.WithUnsafe())
	}
	return goldmark.New(
		// GitHub-flavoured Markdown (extension.GFM), except that a table
		// cell's alignment becomes a class, not a style attribute, which
		// the Content-Security-Policy would block.
		goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.TaskList,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithInlineParsers(util.Prioritized(shortcodeParser{}, 150)),
			parser.WithASTTransformers(util.Prioritized(unsafeLinks{}, 100), util.Prioritized(siteLinks{}, 200), util.Prioritized(alignClasses{}, 300)),
		),
		goldmark.WithRendererOptions(ropts...),
	)
}

// Options say how Markdown is rendered.
type Options struct {
	// Resolver answers the shortcodes; nil checks their syntax only (the
	// build does so when the data has errors, to report everything).
	Resolver Resolver
	// URL turns a site path into the link a page writes (the base URL's
	// path prefix); Abs into an absolute URL, for the feed. nil: as is.
	URL, Abs func(string) string
	// UnsafeHTML renders raw HTML written in the Markdown. Off by
	// default: only for sites whose every author is trusted.
	UnsafeHTML bool
	// Now is the build's clock: a release dated after it gets a warning.
	// Zero: no check.
	Now time.Time
	// Figures, if set (with Resolver), answers a release's stat
	// shortcodes with the figures as at its month (see Figures); nil:
	// releases quote the current figures, as pages always do.
	Figures Figures
}

func (o Options) withDefaults() Options {
	same := func(s string) string { return s }
	if o.URL == nil {
		o.URL = same
	}
	if o.Abs == nil {
		o.Abs = o.URL
	}
	return o
}

// Read renders every *.md file at the top of fsys with the default
// options. dir is the name used in messages.
func Read(fsys fs.FS, dir string, problems *diag.List) []*Page {
	return ReadPages(fsys, dir, Options{}, problems)
}

// ReadPages renders every *.md file at the top of fsys as a standalone
// page. Front matter is optional (title, date, summary, draft); without a
// title there, the first "# Heading" is the title. Problems name the file
// and line.
func ReadPages(fsys fs.FS, dir string, opts Options, problems *diag.List) []*Page {
	if fsys == nil {
		return nil
	}
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		problems.Errorf(dir, 0, "", "", "%v", err)
		return nil
	}
	sort.Strings(names)
	c := newConverter(opts, problems)
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
		d, ok := c.convert(src, file, pageKeys, false)
		if !ok || d.meta.Draft {
			continue
		}
		pages = append(pages, &Page{File: file, Slug: slug, Title: d.title, Summary: d.summary, Date: d.meta.Date, Body: d.body})
	}
	return pages
}

// converter renders Markdown files with one goldmark instance.
type converter struct {
	opts     Options
	md       goldmark.Markdown
	problems *diag.List
}

func newConverter(opts Options, problems *diag.List) *converter {
	return &converter{opts: opts.withDefaults(), md: newMarkdown(opts.UnsafeHTML), problems: problems}
}

// doc is one converted file.
type doc struct {
	meta    Meta
	title   string
	summary string
	body    template.HTML
	// metaOK: the front matter was read without error.
	metaOK bool
	// figures is the month of the figures a release quotes, or zero.
	figures time.Time
}

// convert reads src's front matter (keys allowed; required when
// needMeta) and renders its body with links for pages.
func (c *converter) convert(src []byte, file string, keys []string, needMeta bool) (doc, bool) {
	if line, col, why := badText(src); why != "" {
		c.problems.Errorf(file, line, "", "save the file as UTF-8 text (in most editors: Save As, encoding UTF-8)", "column %d: %s", col, why)
		return doc{}, false
	}
	front, body, yamlLine, bodyLine, has, closed := splitFrontMatter(src)
	var d doc
	ok := true
	switch {
	case has && !closed:
		c.problems.Errorf(file, 1, "", "end the front matter with a line \"---\"", "front matter opened with \"---\" is never closed")
		return d, false
	case has:
		d.meta, ok = parseMeta(front, file, yamlLine, keys, c.problems)
		d.metaOK = ok
	case needMeta:
		c.problems.Errorf(file, 1, "", "start the file with front matter: a line \"---\", then title: and date: lines, then \"---\"", "release has no front matter")
		return d, false
	}
	res := c.opts.Resolver
	var at *asAt
	if needMeta && ok {
		if at = c.releaseFigures(d.meta, file); at != nil {
			res = at
		}
	}
	st := &docState{file: file, src: body, bodyLine: bodyLine, res: res, link: c.opts.URL, problems: c.problems}
	d.title = st.expandPlain(d.meta.Title, d.meta.Lines["title"])
	d.summary = st.expandPlain(d.meta.Summary, d.meta.Lines["summary"])
	// A page without a front-matter title takes its first "# Heading";
	// a release must have a title in its front matter.
	html, title, summary, err := c.render(body, st, d.title == "" && !needMeta)
	st.flush()
	if err != nil {
		c.problems.Errorf(file, 0, "", "", "cannot render: %v", err)
		return d, false
	}
	d.body = html
	d.figures = at.figuresMonth()
	if d.title == "" {
		d.title = title
	}
	if d.summary == "" {
		d.summary = summary
	}
	if d.title == "" && ok {
		if needMeta || has {
			c.problems.Errorf(file, 1, "title", "add a line such as \"title: Most GP practices rated good\" to the front matter", "missing title")
		} else {
			c.problems.Errorf(file, 1, "", "start the page with a title line such as \"# Accessibility\", or give it front matter with a title", "page has no title (a level-1 heading)")
		}
		return d, false
	}
	return d, ok && !st.failed
}

// render parses and renders body. Without a front-matter title, a first
// level-1 heading is the title and is left out of the HTML; the first
// paragraph's text is the summary.
func (c *converter) render(body []byte, st *docState, takeTitle bool) (template.HTML, string, string, error) {
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	doc := c.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	var title, summary string
	if takeTitle {
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
				title = plainText(h, body)
				doc.RemoveChild(doc, h)
				break
			}
		}
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if para, ok := n.(*ast.Paragraph); ok {
			summary = plainText(para, body)
			break
		}
	}
	var buf bytes.Buffer
	if err := c.md.Renderer().Render(&buf, body, doc); err != nil {
		return "", "", "", err
	}
	out := buf.Bytes()
	if c.opts.UnsafeHTML {
		out = dropUnsafeAttrs(out)
	}
	return template.HTML(footnoteIDs.ReplaceAllString(string(out), `$1$2-$3"`)), title, summary, nil
}

// footnoteIDs matches goldmark's footnote IDs and links ("fn:1",
// "#fnref:1"), whose colon html-validate refuses; they become "fn-1".
var footnoteIDs = regexp.MustCompile(`((?:id|href)="#?)(fnref[0-9]*|fn):([0-9]+)"`)

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
		case *Shortcode:
			b.WriteString(t.Value)
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

// badText says why src cannot be a page's text, and where the first bad
// byte is: bytes that are not UTF-8 (a file saved as Windows-1252, say),
// or a control character other than tab, line feed, form feed and
// carriage return (a binary file). why is "" for good text.
func badText(src []byte) (line, col int, why string) {
	line, col = 1, 1
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return line, col, fmt.Sprintf("byte 0x%02X is not UTF-8: the file was probably saved as Windows-1252 (ANSI) or Latin-1", src[i])
		case r == '\n':
			line, col = line+1, 0
		case r < 0x20 && r != '\t' && r != '\r' && r != '\f' || r == 0x7f:
			return line, col, fmt.Sprintf("control character U+%04X: the file is not text", r)
		}
		i += n
		col++
	}
	return 0, 0, ""
}
