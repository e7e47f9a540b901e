package search

import (
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

func boolFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
