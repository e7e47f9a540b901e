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
	if ascii(s) {
		return foldASCII(s)
	}
	return foldText(s)
}

// foldText is Fold for any text.
func foldText(s string) string {
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

// foldASCII is Fold for text of ASCII characters only, which lower case
// and NFD leave as they are, in one pass: nearly every name and town.
func foldASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := true // no leading space
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		switch {
		case c == '\'' || c == '`':
			continue
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b = append(b, c)
			space = false
		default:
			if !space {
				b = append(b, ' ')
				space = true
			}
		}
	}
	if len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return string(b)
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Tokens are the folded words of s.
func Tokens(s string) []string { return strings.Fields(Fold(s)) }
