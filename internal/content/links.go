package content

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
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
// a script. Case, leading space and control characters are ignored, as
// browsers ignore them.
func UnsafeURL(dest []byte) bool {
	var b []byte
	for _, c := range dest {
		if c <= ' ' {
			continue
		}
		if c == ':' {
			break
		}
		b = append(b, c|0x20)
	}
	for _, s := range [][]byte{[]byte("javascript"), []byte("vbscript"), []byte("data")} {
		if bytes.Equal(b, s) {
			return true
		}
	}
	return false
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
