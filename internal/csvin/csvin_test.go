package csvin

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"ratingsite/internal/diag"
)

// TestUTF8Checker reads a byte at a time: runes split across reads are not
// errors, and the line of a bad byte is still right.
func TestUTF8Checker(t *testing.T) {
	const h = "a,b\n"
	for _, tc := range []struct {
		in   string
		line int
	}{
		{h + "x,Café “Ünïcode” ☃ 𝄞\n", 0},
		{h + "x,y\nx\xE2\x82,y\n", 3},  // truncated rune
		{h + "x,y\n\nx\xC3(,y\n", 4},   // bad continuation
		{h + "x,\xED\xA0\x80\n", 2},    // surrogate
		{h + "x,y\nx\xE2", 3},          // file ends inside a rune
		{h + "\"x\ny\",\"\xA3\"\n", 3}, // inside a quoted field
	} {
		for _, r := range []io.Reader{strings.NewReader(tc.in), iotest.OneByteReader(strings.NewReader(tc.in)), iotest.HalfReader(strings.NewReader(tc.in))} {
			c := &utf8Checker{r: r, line: 1}
			io.Copy(io.Discard, c)
			if c.bad != tc.line {
				t.Errorf("%T on %q: bad line %d, want %d", r, tc.in, c.bad, tc.line)
			}
		}
		var p diag.List
		bad := CheckUTF8([]byte(tc.in), "f.csv", &p)
		if bad != (tc.line > 0) || bad && p.All()[0].Line != tc.line {
			t.Errorf("CheckUTF8(%q) = %v, %v", tc.in, bad, p.All())
		}
	}
}

// TestRunawayRow: a row over MaxRow is blamed on an unclosed quote only
// when there is one.
func TestRunawayRow(t *testing.T) {
	long := strings.Repeat("x", MaxRow+2*readAhead)
	for _, tc := range []struct{ name, in, want string }{
		{"quote", "a,b\n1,2\n\"" + long + "\n", "quote that is never closed"},
		{"no quote", "a,b\n1,2\n" + long + ",3\n", "has no quotes"},
		{"quote on an earlier row", "a,b\n\"1\",2\n" + long + ",3\n", "has no quotes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p diag.List
			r := New(strings.NewReader(tc.in), "f.csv", &p, Options{})
			if _, ok := r.Header(); !ok {
				t.Fatal(p.All())
			}
			for _, ok := r.Next(); ok; _, ok = r.Next() {
			}
			es := p.Errors()
			if len(es) != 1 || !strings.Contains(es[0].Message, tc.want) {
				t.Errorf("problems %v, want one with %q", es, tc.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for s, ok := range map[string]bool{"21/03/2023": true, "1/3/2023": true, "2023-03-21": true, "31/02/2023": false, "2023-3-21": false, "soon": false, "01/01/1989": false} {
		if _, why := ParseDate(s); (why == "") != ok {
			t.Errorf("ParseDate(%q): %q", s, why)
		}
	}
}
