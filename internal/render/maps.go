package render

import (
	"strings"

	"ratingsite/internal/maps"
)

// cspWithTiles is the site's Content-Security-Policy: the constant CSP,
// with the tile server's origin added to img-src when a tile base map is
// on.
func cspWithTiles(tiles string) string {
	if o := maps.TileOrigin(tiles); tiles != "" && o != "" {
		return strings.Replace(CSP, "img-src 'self'", "img-src 'self' "+o, 1)
	}
	return CSP
}
