package ratings

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// FuzzXMLLexer checks the lexer against encoding/xml's RawToken: on any
// input that encoding/xml reads, the lexer gives the same elements,
// attributes and text (comments and processing instructions are skipped),
// or fails where encoding/xml fails later.
func FuzzXMLLexer(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><a:b x:y="1 &amp; 2" z='&#x41;&#66;'>t&lt;e<!-- c -->x<![CDATA[<&>]]><c/></a:b>`))
	f.Add([]byte(odsHead + `<t:table t:name="Locations"><t:table-row><t:table-cell office:value-type="string"><text:p>A<text:s text:c="3"/>B</text:p></t:table-cell></t:table-row></t:table>` + odsTail))
	f.Add([]byte("<a>\n<b\n c = \"d\"\n/>\n</a>\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := xml.NewDecoder(bytes.NewReader(data))
		d.Strict = true
		l := newXMLLexer(bytes.NewReader(data))
		for range 10_000 {
			want, werr := d.RawToken()
			switch want.(type) {
			case xml.Comment, xml.ProcInst:
				continue
			case xml.Directive:
				return // refused by design
			}
			if werr != nil {
				return // the lexer may fail anywhere from here
			}
			got, gerr := l.RawToken()
			if gerr != nil {
				if errors.Is(gerr, errTokenTooLong) {
					return
				}
				t.Fatalf("lexer failed with %v where encoding/xml gave %#v", gerr, want)
			}
			if !sameToken(want, got) {
				t.Fatalf("got %#v, want %#v", got, want)
			}
		}
	})
}

// sameToken compares tokens, treating adjacent text as one (the lexer
// splits text at CDATA sections and comments as encoding/xml does).
func sameToken(a, b xml.Token) bool {
	switch x := a.(type) {
	case xml.StartElement:
		y, ok := b.(xml.StartElement)
		if !ok || x.Name != y.Name || len(x.Attr) != len(y.Attr) {
			return false
		}
		return len(x.Attr) == 0 || reflect.DeepEqual(x.Attr, y.Attr)
	case xml.CharData:
		y, ok := b.(xml.CharData)
		return ok && bytes.Equal(x, y)
	}
	return reflect.DeepEqual(a, b)
}

func TestXMLLexerRefuses(t *testing.T) {
	for _, in := range []string{
		`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`,
		"<a>\xff</a>",
		`<a b="<"/>`,
		`<a>&bogus;</a>`,
		`<a>&#0;</a>`,
		`<a b=c/>`,
		"<a>" + strings.Repeat("x", maxToken+10) + "</a>",
	} {
		l := newXMLLexer(strings.NewReader(in))
		var err error
		for err == nil {
			_, err = l.RawToken()
		}
		if err == io.EOF {
			t.Errorf("%.40q: accepted", in)
		}
	}
}
