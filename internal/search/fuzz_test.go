package search

import (
	"regexp"
	"strings"
	"testing"
)

var foldedRe = regexp.MustCompile(`^([a-z0-9]+( [a-z0-9]+)*)?$`)

// FuzzQuery feeds arbitrary text to everything a query passes through:
// folding, postcode splitting and word matching.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"St John's", "OL9 7SG", "ol97sg", "OL9", "SW1A 1AA", "École", "İ", "  ", "a\u0301", "P85019", "surgrey", "\xff\xfe", "M1 1AA extra"} {
		f.Add(s, "surgery")
	}
	f.Fuzz(func(t *testing.T, q, token string) {
		folded := Fold(q)
		if !foldedRe.MatchString(folded) {
			t.Fatalf("Fold(%q) = %q: not lower-case words separated by single spaces", q, folded)
		}
		if Fold(folded) != folded {
			t.Fatalf("Fold is not idempotent on %q", q)
		}
		if out, in, ok := SplitPostcode(q); ok {
			if !outwardRe.MatchString(out) || in != "" && !inwardRe.MatchString(in) {
				t.Fatalf("SplitPostcode(%q) = %q %q", q, out, in)
			}
			if strings.ReplaceAll(strings.ToUpper(strings.Join(strings.Fields(q), "")), " ", "") != out+in {
				t.Fatalf("SplitPostcode(%q) lost characters: %q %q", q, out, in)
			}
		}
		for _, w := range Tokens(q) {
			for _, tk := range Tokens(token) {
				m := MatchWord(w, tk)
				if m == Exact && w != tk || m == Prefix && !strings.HasPrefix(tk, w) {
					t.Fatalf("MatchWord(%q, %q) = %d", w, tk, m)
				}
				if within1(w, tk) != within1(tk, w) {
					t.Fatalf("within1 is not symmetric on %q, %q", w, tk)
				}
			}
		}
	})
}
