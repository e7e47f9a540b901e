package render

import "ratingsite/internal/headers"

// CSP is the Content-Security-Policy every page satisfies: nothing but the
// site's own files, no inline script or style, no third party. It is sent
// as a header through _headers and repeated in a <meta> tag for hosts that
// ignore _headers.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"

// Headers is the _headers file (Netlify and Cloudflare Pages syntax) for
// the site. top lists the site's top-level files and folders. The rules,
// and how hosts combine them, are internal/headers'.
func (c *Config) Headers(top map[string]bool) []byte {
	return headers.File(headers.Site{Prefix: c.Base.Path(), CSP: c.CSP, Top: top}.Rules())
}
