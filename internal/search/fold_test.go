package search

import "testing"

// The ASCII path of Fold must fold exactly as the general one.
func FuzzFoldASCII(f *testing.F) {
	for _, s := range []string{"", " ", "St John's  Surgery", "THE `GROVE`-- (Medical) Centre ", "OL9 7SG", "O`Brien Practice", "a\tb\x00c\x7f", "'", "  x  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ascii(s) {
			return
		}
		if got, want := foldASCII(s), foldText(s); got != want {
			t.Fatalf("foldASCII(%q) = %q, foldText gives %q", s, got, want)
		}
	})
}
