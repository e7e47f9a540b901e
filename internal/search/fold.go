package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold turns text into the form the index and queries compare: lower case,
// diacritics removed (NFD, then combining marks dropped), apostrophes
// dropped ("St John's" → "st johns"), and every other run of characters
// that are not a-z or 0-9 turned into one space. assets/search.js folds in
// the same order: toLowerCase, normalize("NFD"), strip marks, apostrophes,
// the rest.
func Fold(s string) string {
	s = strings.ToLower(s)
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := true // no leading space
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '\'' || r == '’' || r == '‘' || r == '`':
			continue
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// Tokens are the folded words of s.
func Tokens(s string) []string { return strings.Fields(Fold(s)) }
