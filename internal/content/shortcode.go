package content

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"ratingsite/internal/diag"
)

// Resolver answers the shortcodes from this build's data.
//
//	{{< stat "KEY" >}}            a figure, e.g. "64%"
//	{{< practice "LOCATION-ID" >}} a link to the practice, with its name
//	{{< region "slug" >}}          a link to the region, with its name
type Resolver interface {
	Stat(key string) (string, bool)
	// Practice and Region return the name and the site path.
	Practice(id string) (name, path string, ok bool)
	Region(slug string) (name, path string, ok bool)
}

// Suggester, if a Resolver implements it, names the known stat key
// nearest an unknown one, for the error's hint.
type Suggester interface {
	SuggestStat(key string) string
}

// Shortcodes are the helper names, in the order the README lists them.
var Shortcodes = []string{"stat", "practice", "region"}

// shortcodeRE is the exact syntax: {{< name "argument" >}}, with spaces
// or tabs between the parts, on one line.
var shortcodeRE = regexp.MustCompile(`^\{\{<[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]+"([^"\\\n\r]*)"[ \t]*>\}\}`)

const shortcodeHint = `write {{< stat "KEY" >}}, {{< practice "LOCATION-ID" >}} or {{< region "slug" >}}, with straight double quotes; to show the characters "{{<" themselves, write \{{<`

// docState is what the shortcode parser and link rewriter need about the
// document being parsed. It travels in goldmark's parser.Context.
type docState struct {
	file     string
	src      []byte // the body as parsed
	bodyLine int    // file line of src's first line
	res      Resolver
	// link turns a site path ("/regions/london/") into the link written.
	link func(string) string
	// problems is nil on a second pass, which reports nothing again.
	problems *diag.List
	failed   bool
	// reported and suppressed count the problems listed and left out.
	reported, suppressed int
	cursor               cursor
}

var stateKey = parser.NewContextKey()

// position returns the file line and the 1-based column (in characters)
// of a byte offset into src. Offsets come mostly in increasing order, so
// it counts on from the last one asked for: thousands of shortcodes on one
// line cost time in proportion to the line, not to its square.
func (st *docState) position(off int) (line, col int) {
	off = min(max(off, 0), len(st.src))
	c := &st.cursor
	if off < c.off || c.line == 0 {
		*c = cursor{line: st.bodyLine, col: 1}
	}
	seg := st.src[c.off:off]
	if n := bytes.Count(seg, []byte("\n")); n > 0 {
		c.line += n
		start := c.off + bytes.LastIndexByte(seg, '\n') + 1
		c.col = utf8.RuneCount(st.src[start:off]) + 1
	} else {
		c.col += utf8.RuneCount(seg)
	}
	c.off = off
	return c.line, c.col
}

// cursor is the last position docState.position found.
type cursor struct{ off, line, col int }

// MaxProblemsPerFile is how many problems one Markdown file reports; the
// rest are counted in one last problem.
const MaxProblemsPerFile = 50

func (st *docState) errorf(line int, col int, hint, format string, args ...any) {
	st.failed = true
	if st.problems == nil {
		return
	}
	if st.reported >= MaxProblemsPerFile {
		st.suppressed++
		return
	}
	st.reported++
	if col > 0 {
		format = "column %d: " + format
		args = append([]any{col}, args...)
	}
	st.problems.Errorf(st.file, line, "", hint, format, args...)
}

// flush reports how many problems errorf left out.
func (st *docState) flush() {
	if st.suppressed > 0 && st.problems != nil {
		st.problems.Errorf(st.file, 0, "", "correct the problems listed, then run check again to see the rest",
			"%d more problems in this file are not listed", st.suppressed)
		st.suppressed = 0
	}
}

// resolve answers one shortcode. text is what to show; href, if any, is
// the link.
func (st *docState) resolve(name, arg string, line, col int) (text, href string, ok bool) {
	if st.res == nil {
		return arg, "", true // the data had errors: check the syntax only
	}
	switch name {
	case "stat":
		if v, ok := st.res.Stat(arg); ok {
			return v, "", true
		}
		if a, ok := st.res.(*asAt); ok && a.noFigures() {
			st.failed = true // the release's month was reported once
			return "", "", false
		}
		hint := "use one of the keys listed in the README, section \"Live figures\""
		if sg, ok := st.res.(Suggester); ok {
			if near := sg.SuggestStat(arg); near != "" {
				hint = "did you mean \"" + near + "\"? The README lists every key"
			}
		}
		st.errorf(line, col, hint, "unknown stat key %q", shorten(arg))
	case "practice":
		if n, p, ok := st.res.Practice(arg); ok {
			return n, st.link(p), true
		}
		st.errorf(line, col, "give the Location ID of a current practice in this build's data, e.g. \"1-123456789\"", "no current practice has the Location ID %q", shorten(arg))
	case "region":
		if n, p, ok := st.res.Region(arg); ok {
			return n, st.link(p), true
		}
		st.errorf(line, col, "give the slug of one of England's nine regions, e.g. \"north-west\"", "no region has the slug %q", shorten(arg))
	default:
		st.errorf(line, col, shortcodeHint, "unknown shortcode %q", shorten(name))
	}
	return "", "", false
}

// parse reads one shortcode at the start of b. n is the bytes consumed.
func (st *docState) parse(b []byte, line, col int) (text, href string, n int) {
	m := shortcodeRE.FindSubmatch(b)
	if m == nil {
		// Only the start is shown: look no further, so that many
		// malformed shortcodes on one long line cost no more than it.
		shown := b[:min(len(b), 4*maxShown)]
		end := bytes.Index(shown, []byte(">}}"))
		if end >= 0 {
			shown = b[:end+3]
		} else if i := bytes.IndexAny(shown, "\r\n"); i >= 0 {
			shown = b[:i]
		}
		st.errorf(line, col, shortcodeHint, "malformed shortcode %q", shorten(string(shown)))
		return "{{<", "", 3
	}
	text, href, _ = st.resolve(string(m[1]), string(m[2]), line, col)
	return text, href, len(m[0])
}

// maxShown is how many characters of a value from the input a message
// quotes: a 10 MB argument gives a short line.
const maxShown = 60

// shorten returns s, or its first maxShown characters and "…".
func shorten(s string) string {
	n := 0
	for i := range s {
		if n == maxShown {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// expandPlain replaces the shortcodes in front-matter text (a title or a
// summary) with plain text: a figure, or a practice's or region's name.
func (st *docState) expandPlain(s string, line int) string {
	if !strings.Contains(s, "{{<") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{<")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		text, _, n := st.parse([]byte(s[i:]), line, 0)
		b.WriteString(text)
		s = s[i+n:]
	}
}

// Shortcode is the node a resolved shortcode becomes: text, and a link
// for the practice and region helpers.
type Shortcode struct {
	ast.BaseInline
	Value string
	Href  string
}

// KindShortcode is the goldmark node kind of a Shortcode.
var KindShortcode = ast.NewNodeKind("Shortcode")

// Kind implements ast.Node.
func (n *Shortcode) Kind() ast.NodeKind { return KindShortcode }

// Dump implements ast.Node.
func (n *Shortcode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Value": n.Value, "Href": n.Href}, nil)
}

// shortcodeParser is the goldmark inline parser for "{{< … >}}". It runs
// inside Markdown parsing, so a shortcode in a code span or code block
// stays as written, and its output is escaped like any text.
type shortcodeParser struct{}

func (shortcodeParser) Trigger() []byte { return []byte{'{'} }

func (shortcodeParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("{{<")) {
		return nil
	}
	st, _ := pc.Get(stateKey).(*docState)
	if st == nil {
		return nil
	}
	l, c := st.position(seg.Start)
	value, href, n := st.parse(line, l, c)
	block.Advance(n)
	return &Shortcode{Value: value, Href: href}
}

// shortcodeRenderer writes a Shortcode node, escaped. Inside a link it
// writes only the text, since links cannot nest.
type shortcodeRenderer struct{}

func (shortcodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindShortcode, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		sc := n.(*Shortcode)
		href := sc.Href
		for p := n.Parent(); p != nil && href != ""; p = p.Parent() {
			if _, ok := p.(*ast.Link); ok {
				href = ""
			}
		}
		if href != "" && !UnsafeURL([]byte(href)) {
			_, _ = w.WriteString(`<a href="` + html.EscapeString(href) + `">` + html.EscapeString(sc.Value) + `</a>`)
		} else {
			_, _ = w.WriteString(html.EscapeString(sc.Value))
		}
		return ast.WalkSkipChildren, nil
	})
}

// siteLinks gives Markdown links to site paths ("/national/") the base
// URL's prefix, or makes them absolute for the feed.
type siteLinks struct{}

func (siteLinks) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*docState)
	if st == nil || st.link == nil {
		return
	}
	fix := func(dest []byte) []byte {
		if len(dest) > 0 && dest[0] == '/' && (len(dest) == 1 || dest[1] != '/' && dest[1] != '\\') {
			return []byte(st.link(string(dest)))
		}
		return dest
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			l.Destination = fix(l.Destination)
		case *ast.Image:
			l.Destination = fix(l.Destination)
		}
		return ast.WalkContinue, nil
	})
}
