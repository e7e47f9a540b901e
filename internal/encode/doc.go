// Package encode writes every output of the site that is not an HTML page,
// one file per format: the practice JSON (json.go), GeoJSON (geojson.go),
// CSV (csv.go), the Atom feeds (atom.go), the sitemaps and robots.txt
// (sitemap.go) and the map images (png.go). Each encoder is a pure
// function of the model, the figures and the base URL: it reads no file,
// no clock and no global state, so the same input gives the same bytes.
// The _headers file is internal/headers' concern.
package encode
