package site

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLongTextLinear: slugs and cleaning allocate in proportion to a
// name, however long (a 10 MB name costs a few copies, not its square).
func TestLongTextLinear(t *testing.T) {
	for _, n := range []int{1000, 100000, 10 << 20} {
		name := strings.Repeat("Ab\x01 c-", n/6)
		if a := testing.AllocsPerRun(2, func() { Slug(name) }); a > 4 {
			t.Errorf("Slug of %d bytes: %v allocations", len(name), a)
		}
		var got string
		if a := testing.AllocsPerRun(2, func() { got = CleanText(name) }); a > 4 {
			t.Errorf("CleanText of %d bytes: %v allocations", len(name), a)
		}
		if len(got) >= len(name) || len(Slug(name)) > MaxSegment {
			t.Errorf("%d bytes: cleaned to %d, slug %d", len(name), len(got), len(Slug(name)))
		}
	}
}

// BenchmarkSlugLong: time per byte stays flat as names grow.
func BenchmarkSlugLong(b *testing.B) {
	for _, n := range []int{1000, 100000, 1 << 20} {
		name := strings.Repeat("St John's Surgery, ", n/19)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(name)))
			for b.Loop() {
				Slug(name)
				CleanText(name)
			}
		})
	}
}

// FuzzCleanText: the result holds no control character, keeps every
// other character in order, and is valid UTF-8 when the input is.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"Bell\x07 Surgery", "a\r\nb\tc", "\u0085x\u009f", "plain", "\xff\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CleanText(s)
		if strings.ContainsFunc(c, isControl) {
			t.Fatalf("CleanText(%q) = %q holds a control character", s, c)
		}
		if utf8.ValidString(s) && !utf8.ValidString(c) {
			t.Fatalf("CleanText(%q) = %q is not UTF-8", s, c)
		}
		if CleanText(c) != c {
			t.Fatalf("not idempotent on %q", s)
		}
	})
}
