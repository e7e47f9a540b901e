package search

import "ratingsite/internal/site"

// FromSite is the index's input for a site: its current practices, and
// the centroids of its postcodes.csv.
func FromSite(s *site.Site) Input {
	in := Input{Docs: make([]*Doc, len(s.Practices))}
	for i, p := range s.Practices {
		in.Docs[i] = &Doc{ID: p.ID, Name: p.Name, Town: p.City, Postcode: p.Postcode, ODS: p.ODS, Provider: p.ProviderName, Locality: p.Line2,
			Rating: p.Ratings.Overall().Value, Lat: Round(p.Point[1]), Lon: Round(p.Point[0]), Placed: p.HasPoint()}
	}
	if s.Postcodes != nil {
		in.Postcodes = s.Postcodes.All()
	}
	return in
}
