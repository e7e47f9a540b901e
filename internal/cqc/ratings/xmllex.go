package ratings

// xmlLexer is a small XML tokenizer for content.xml, with the results of
// encoding/xml's Decoder.RawToken (prefixes not resolved, no checks that
// elements nest), about ten times as fast: encoding/xml reads a byte at a
// time through an interface and checks each name against Unicode tables,
// which made the national file's 323,673 rows take over 40 seconds.
//
// It reads elements, attributes, text with the five predefined entities
// and character references, comments, processing instructions and CDATA;
// it refuses a DOCTYPE (so no entity can be defined), bytes that are not
// UTF-8, and any name, attribute or text run over maxToken bytes. Tokens
// are valid until the next call, as with RawToken.

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

const maxToken = 1 << 20

type xmlLexer struct {
	r     *bufio.Reader
	buf   []byte
	attrs []xml.Attr
	names map[string]string // interned names and short values
	end   *xml.EndElement   // the end of a self-closing element, next
	line  int
	cr    bool // the last text byte read was a '\r'

}

func newXMLLexer(r io.Reader) *xmlLexer {
	return &xmlLexer{r: bufio.NewReaderSize(r, 64<<10), names: make(map[string]string), line: 1}
}

var errTokenTooLong = errors.New("text run too long")

func (l *xmlLexer) syntax(format string, args ...any) error {
	return &xml.SyntaxError{Msg: fmt.Sprintf(format, args...), Line: l.line}
}

// intern returns b as a string, shared with earlier equal short strings.
func (l *xmlLexer) intern(b []byte) string {
	if len(b) > 40 {
		return string(b)
	}
	if s, ok := l.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(l.names) < 50_000 {
		l.names[s] = s
	}
	return s
}

// name splits prefix:local as encoding/xml does: a name with a colon at
// either end is all local.
func (l *xmlLexer) name(b []byte) xml.Name {
	if i := bytes.IndexByte(b, ':'); i > 0 && i < len(b)-1 {
		return xml.Name{Space: l.intern(b[:i]), Local: l.intern(b[i+1:])}
	}
	return xml.Name{Local: l.intern(b)}
}

func (l *xmlLexer) readByte() (byte, error) {
	c, err := l.r.ReadByte()
	if c == '\n' {
		l.line++
	}
	return c, err
}

// RawToken returns the next token, or io.EOF at the end.
func (l *xmlLexer) RawToken() (xml.Token, error) {
	if l.end != nil {
		e := *l.end
		l.end = nil
		return e, nil
	}
	for {
		c, err := l.readByte()
		if err != nil {
			return nil, err
		}
		if c != '<' {
			l.r.UnreadByte()
			if c == '\n' {
				l.line--
			}
			return l.text()
		}
		c, err = l.readByte()
		if err != nil {
			return nil, unexpected(err)
		}
		switch c {
		case '?':
			if err := l.skipTo("?>"); err != nil {
				return nil, err
			}
			continue
		case '!':
			b, _ := l.r.Peek(7)
			switch {
			case bytes.HasPrefix(b, []byte("--")):
				l.r.Discard(2)
				if err := l.skipTo("-->"); err != nil {
					return nil, err
				}
				continue
			case bytes.HasPrefix(b, []byte("[CDATA[")):
				l.r.Discard(7)
				return l.cdata()
			}
			return nil, l.syntax("a DOCTYPE or other declaration is not allowed")
		case '/':
			name, err := l.readName(0)
			if err != nil {
				return nil, err
			}
			n := l.name(name)
			if c, err := l.skipSpace(); err != nil || c != '>' {
				return nil, l.syntax("expected > after </%s", n.Local)
			}
			return xml.EndElement{Name: n}, nil
		}
		l.r.UnreadByte()
		return l.start()
	}
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// readName reads a name, after first if it is not 0.
func (l *xmlLexer) readName(first byte) ([]byte, error) {
	l.buf = l.buf[:0]
	if first != 0 {
		l.buf = append(l.buf, first)
	}
	for {
		c, err := l.readByte()
		if err != nil {
			return nil, unexpected(err)
		}
		if isSpace(c) || c == '>' || c == '/' || c == '=' {
			l.r.UnreadByte()
			if c == '\n' {
				l.line--
			}
			break
		}
		if c == '<' || c == '"' || c == '\'' || c == '&' {
			return nil, l.syntax("invalid character %q in a name", c)
		}
		l.buf = append(l.buf, c)
		if len(l.buf) > 1000 {
			return nil, l.syntax("name too long")
		}
	}
	if len(l.buf) == 0 || bytes.Count(l.buf, []byte(":")) > 1 {
		return nil, l.syntax("expected a name")
	}
	if !utf8.Valid(l.buf) {
		return nil, l.syntax("invalid UTF-8")
	}
	return l.buf, nil
}

func (l *xmlLexer) skipSpace() (byte, error) {
	for {
		c, err := l.readByte()
		if err != nil {
			return 0, unexpected(err)
		}
		if !isSpace(c) {
			return c, nil
		}
	}
}

func (l *xmlLexer) start() (xml.Token, error) {
	name, err := l.readName(0)
	if err != nil {
		return nil, err
	}
	se := xml.StartElement{Name: l.name(name)}
	l.attrs = l.attrs[:0]
	for {
		c, err := l.skipSpace()
		if err != nil {
			return nil, err
		}
		switch c {
		case '>':
			se.Attr = l.attrs
			return se, nil
		case '/':
			if c, err := l.readByte(); err != nil || c != '>' {
				return nil, l.syntax("expected /> in element %s", se.Name.Local)
			}
			se.Attr = l.attrs
			l.end = &xml.EndElement{Name: se.Name}
			return se, nil
		}
		an, err := l.readName(c)
		if err != nil {
			return nil, err
		}
		a := xml.Attr{Name: l.name(an)}
		if c, err := l.skipSpace(); err != nil || c != '=' {
			return nil, l.syntax("attribute %s has no value", a.Name.Local)
		}
		q, err := l.skipSpace()
		if err != nil || q != '"' && q != '\'' {
			return nil, l.syntax("unquoted value of attribute %s", a.Name.Local)
		}
		v, err := l.until(q, true)
		if err != nil {
			return nil, err
		}
		a.Value = l.intern(v)
		l.attrs = append(l.attrs, a)
		if len(l.attrs) > 1000 {
			return nil, l.syntax("too many attributes")
		}
	}
}

// text reads character data up to the next '<'.
func (l *xmlLexer) text() (xml.Token, error) {
	b, err := l.until('<', false)
	if err == io.ErrUnexpectedEOF && len(b) > 0 {
		err = nil // text at the end of the document
	}
	if err != nil {
		return nil, err
	}
	return xml.CharData(b), nil
}

// until reads up to stop (consumed when quoted), decoding entities.
func (l *xmlLexer) until(stop byte, quoted bool) ([]byte, error) {
	l.buf = l.buf[:0]
	l.cr = false
	for {
		chunk, err := l.r.Peek(l.r.Buffered())
		if len(chunk) == 0 {
			if _, err = l.r.Peek(1); err != nil {
				return l.buf, unexpected(err)
			}
			continue
		}
		i := bytes.IndexAny(chunk, string([]byte{stop, '&', '<'}))
		if i < 0 {
			i = len(chunk)
		}
		l.line += bytes.Count(chunk[:i], []byte{'\n'})
		l.appendText(chunk[:i])
		l.r.Discard(i)
		if len(l.buf) > maxToken {
			return nil, errTokenTooLong
		}
		if i == len(chunk) {
			continue
		}
		switch chunk[i] {
		case stop:
			if quoted {
				l.r.Discard(1)
			}
			if !utf8.Valid(l.buf) {
				return nil, l.syntax("invalid UTF-8")
			}
			return l.buf, nil
		case '<':
			return nil, l.syntax("unescaped < in an attribute value")
		case '&':
			l.r.Discard(1)
			l.cr = false
			if err := l.entity(); err != nil {
				return nil, err
			}
		}
	}
}

// appendText appends seg, with line ends normalised as XML requires:
// "\r\n" and a lone "\r" become "\n", across chunks too.
func (l *xmlLexer) appendText(seg []byte) {
	for len(seg) > 0 {
		if l.cr && seg[0] == '\n' {
			seg = seg[1:]
			l.cr = false
			continue
		}
		l.cr = false
		j := bytes.IndexByte(seg, '\r')
		if j < 0 {
			l.buf = append(l.buf, seg...)
			return
		}
		l.buf = append(append(l.buf, seg[:j]...), '\n')
		seg = seg[j+1:]
		l.cr = true
	}
}

// entity decodes one entity or character reference after '&'.
func (l *xmlLexer) entity() error {
	var name [16]byte
	n := 0
	for {
		c, err := l.readByte()
		if err != nil {
			return unexpected(err)
		}
		if c == ';' {
			break
		}
		if n == len(name) {
			return l.syntax("invalid character entity")
		}
		name[n] = c
		n++
	}
	s := string(name[:n])
	switch s {
	case "lt":
		l.buf = append(l.buf, '<')
	case "gt":
		l.buf = append(l.buf, '>')
	case "amp":
		l.buf = append(l.buf, '&')
	case "quot":
		l.buf = append(l.buf, '"')
	case "apos":
		l.buf = append(l.buf, '\'')
	default:
		var v uint64
		var err error
		switch {
		case len(s) > 2 && (s[:2] == "#x" || s[:2] == "#X"):
			v, err = strconv.ParseUint(s[2:], 16, 32)
		case len(s) > 1 && s[0] == '#':
			v, err = strconv.ParseUint(s[1:], 10, 32)
		default:
			return l.syntax("invalid character entity &%s;", strconv.Quote(s))
		}
		r := rune(v)
		if err != nil || !utf8.ValidRune(r) || r == 0 {
			return l.syntax("invalid character reference &%s;", strconv.Quote(s))
		}
		l.buf = utf8.AppendRune(l.buf, r)
	}
	return nil
}

// skipTo reads past the first occurrence of end.
func (l *xmlLexer) skipTo(end string) error {
	matched := 0
	for n := 0; ; n++ {
		c, err := l.readByte()
		if err != nil {
			return unexpected(err)
		}
		if n > maxToken {
			return errTokenTooLong
		}
		if c == end[matched] {
			matched++
			if matched == len(end) {
				return nil
			}
		} else if c == end[0] {
			if !(end == "-->" && matched == 2) {
				matched = 1
			}
		} else {
			matched = 0
		}
	}
}

func (l *xmlLexer) cdata() (xml.Token, error) {
	l.buf = l.buf[:0]
	for {
		c, err := l.readByte()
		if err != nil {
			return nil, unexpected(err)
		}
		l.buf = append(l.buf, c)
		if len(l.buf) > maxToken {
			return nil, errTokenTooLong
		}
		if bytes.HasSuffix(l.buf, []byte("]]>")) {
			b := bytes.ReplaceAll(bytes.ReplaceAll(l.buf[:len(l.buf)-3], []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
			if !utf8.Valid(b) {
				return nil, l.syntax("invalid UTF-8")
			}
			return xml.CharData(b), nil
		}
	}
}
