package search

import (
	"cmp"
	"slices"
	"strings"

	"ratingsite/internal/rating"
)

// Doc is one practice as the index holds it.
type Doc struct {
	ID, Name, Town, Postcode, ODS, Provider string
	// Locality is the address's second line, often a village or a
	// district of the town ("Lupset"); may be empty.
	Locality string
	Rating   rating.Value
	// Lat and Lon are the practice's point, rounded as published; Placed is
	// false for a practice with no coordinates (it is left out of tiles).
	Lat, Lon float64
	Placed   bool
}

// Words are the folded tokens a query can match: the name, town,
// postcode (also written without its space, "ol97sg"), ODS code,
// provider and locality.
func (d *Doc) Words() []string {
	var w []string
	for _, f := range []string{d.Name, d.Town, d.Postcode, d.ODS, d.Provider, d.Locality} {
		w = append(w, Tokens(f)...)
	}
	if pc := Tokens(d.Postcode); len(pc) > 1 {
		w = append(w, strings.Join(pc, ""))
	}
	return w
}

// How well a query word matches a token.
const (
	NoMatch = iota
	Typo    // within one edit (of the token, or of its start)
	Prefix  // the token starts with the word
	Exact   // the token is the word
)

// TypoMinLen is the shortest query word that may match with a typo:
// shorter words would match almost anything.
const TypoMinLen = 4

// MatchWord says how query word w (folded) matches token t.
func MatchWord(w, t string) int {
	switch {
	case w == t:
		return Exact
	case strings.HasPrefix(t, w):
		return Prefix
	case len(w) < TypoMinLen:
		return NoMatch
	case within1(w, t):
		return Typo
	}
	// A typo in a word still being typed: compare with the token's start,
	// one shorter, as long, and one longer than the word.
	for n := len(w) - 1; n <= len(w)+1; n++ {
		if n < len(t) && within1(w, t[:n]) {
			return Typo
		}
	}
	return NoMatch
}

// within1 reports whether a and b are at most one edit apart: one letter
// inserted, deleted or replaced, or two neighbours swapped.
func within1(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return true // equal, or b has one more at the end
	}
	if len(a) == len(b) {
		if a[i+1:] == b[i+1:] {
			return true // replaced
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swapped
	}
	return a[i:] == b[i+1:] // inserted
}

// Hit is a document that matches every word of a query.
type Hit struct {
	Doc   *Doc
	Score int // the sum, over the query's words, of the best MatchWord
	// Exact: every query word is a whole token (Score is 3 × words).
	Exact bool
}

// Rank returns the documents that match every query word, best first:
// the highest score (exact matches first, then prefixes, then typos), then
// a name that is the query itself, then by name and Location ID, as the
// site's lists are ordered.
func Rank(query string, docs []*Doc) []Hit {
	words := strings.Fields(Fold(query))
	if len(words) == 0 {
		return nil
	}
	q := strings.Join(words, " ")
	var hits []Hit
	seen := map[string]bool{}
	for _, d := range docs {
		if seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		tokens := d.Words()
		score := 0
		for _, w := range words {
			best := NoMatch
			for _, t := range tokens {
				best = max(best, MatchWord(w, t))
			}
			if best == NoMatch {
				score = -1
				break
			}
			score += best
		}
		if score > 0 {
			hits = append(hits, Hit{d, score, score == Exact*len(words)})
		}
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score),
			boolFirst(Fold(a.Doc.Name) == q, Fold(b.Doc.Name) == q),
			cmp.Compare(strings.ToLower(a.Doc.Name), strings.ToLower(b.Doc.Name)),
			cmp.Compare(a.Doc.ID, b.Doc.ID))
	})
	return hits
}

func boolFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
