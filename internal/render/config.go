package render

import "ratingsite/internal/urls"

// Config is what pages need to know about where the site lives. It is
// fixed before templates load: the assets are published and the maps drawn
// first.
type Config struct {
	Base *urls.Base
	// Assets maps an asset name ("site.css") to where it is published.
	Assets map[string]Asset
	// CSP is the Content-Security-Policy of every page.
	CSP string
}
