package content

import (
	"bytes"
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"
)

// unsafeLinks drops the destination of links and images whose scheme can
// run a script (javascript:, vbscript:, data:), keeping their text.
type unsafeLinks struct{}

func (unsafeLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var drop []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if UnsafeURL(l.Destination) {
				drop = append(drop, l)
			}
		case *ast.Image:
			if UnsafeURL(l.Destination) {
				drop = append(drop, l)
			}
		case *ast.AutoLink:
			if UnsafeURL(l.URL(src)) {
				drop = append(drop, l)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range drop {
		parent := n.Parent()
		// Keep a link's words, without the link.
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			if _, isImage := n.(*ast.Image); !isImage {
				parent.InsertBefore(parent, n, c)
			}
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// UnsafeURL reports whether a link destination uses a scheme that can run
// a script. It looks at the URL a browser would follow: after Markdown's
// backslash escapes and HTML's character references are decoded
// ("javascript&#58;", "java&#x73;cript:", "javascript\\:"), ignoring case
// and any space or control character, as browsers ignore them.
func UnsafeURL(dest []byte) bool {
	if bytes.IndexByte(dest, '&') >= 0 || bytes.IndexByte(dest, '\\') >= 0 {
		dest = util.UnescapePunctuations(dest)
		dest = util.ResolveNumericReferences(dest)
		dest = util.ResolveEntityNames(dest)
		if bytes.IndexByte(dest, '&') >= 0 {
			// Decoded twice ("&amp;#58;") is text in a browser, but refuse
			// it too: no real link needs it.
			dest = []byte(html.UnescapeString(string(dest)))
		}
	}
	var b []byte
	for _, r := range string(dest) {
		if r <= ' ' || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\uFEFF' || r == '\uFFFD' {
			continue
		}
		if r == ':' || len(b) > len("javascript") {
			break
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b = utf8.AppendRune(b, r)
	}
	for _, s := range [][]byte{[]byte("javascript"), []byte("vbscript"), []byte("data")} {
		if bytes.Equal(b, s) {
			return true
		}
	}
	return false
}

// urlAttrs are the attributes whose value a browser follows or loads.
var urlAttrs = []string{"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "background", "data", "codebase", "longdesc", "manifest", "srcset", "ping"}

// dropUnsafeAttrs removes, from raw HTML written in Markdown (rendered
// only with -unsafe-html), every URL attribute whose value UnsafeURL
// refuses, so that the promise "javascript:, vbscript: and data: links are
// dropped whatever the flag" holds for raw HTML too. Everything else is
// copied byte for byte.
func dropUnsafeAttrs(body []byte) []byte {
	z := xhtml.NewTokenizer(bytes.NewReader(body))
	var out bytes.Buffer
	out.Grow(len(body))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		kept := tok.Attr[:0]
		for _, a := range tok.Attr {
			k := strings.ToLower(a.Key)
			if a.Namespace != "" {
				k = strings.ToLower(a.Namespace) + ":" + k
			}
			if slices.Contains(urlAttrs, k) && unsafeAttr(k, a.Val) {
				continue
			}
			kept = append(kept, a)
		}
		if len(kept) == len(tok.Attr) {
			out.Write(raw)
			continue
		}
		tok.Attr = kept
		out.WriteString(tok.String())
	}
}

// unsafeAttr: the attribute's value (already decoded by the tokenizer) is
// a URL, or for srcset and ping a list of them, that UnsafeURL refuses.
func unsafeAttr(key, val string) bool {
	if key == "srcset" || key == "ping" {
		for _, part := range strings.FieldsFunc(val, func(r rune) bool { return r == ',' || r == ' ' }) {
			if UnsafeURL([]byte(part)) {
				return true
			}
		}
	}
	return UnsafeURL([]byte(val))
}

// alignClasses marks aligned table cells with a class (align-left,
// align-center, align-right) that the site's style sheet aligns.
type alignClasses struct{}

func (alignClasses) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*extast.TableCell); ok && entering {
			switch c.Alignment {
			case extast.AlignLeft:
				c.SetAttributeString("class", []byte("align-left"))
			case extast.AlignCenter:
				c.SetAttributeString("class", []byte("align-center"))
			case extast.AlignRight:
				c.SetAttributeString("class", []byte("align-right"))
			}
		}
		return ast.WalkContinue, nil
	})
}
