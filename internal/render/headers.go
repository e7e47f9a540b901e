package render

import "strings"

// CSP is the Content-Security-Policy every page satisfies: nothing but the
// site's own files, no inline script or style, no third party. It is sent
// as a header through _headers and repeated in a <meta> tag for hosts that
// ignore _headers.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"

// securityHeaders are sent with every file.
var securityHeaders = [][2]string{
	// frame-ancestors only works as a header, not in <meta>.
	{"Content-Security-Policy", CSP + "; frame-ancestors 'self'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"X-Frame-Options", "SAMEORIGIN"},
}

// Headers is the _headers file (Netlify and Cloudflare Pages syntax) for a
// site under the given path prefix.
func (c *Config) Headers() []byte {
	var b strings.Builder
	b.WriteString("# Written by ratingsite: security headers for every file.\n")
	b.WriteString(c.prefix() + "*\n")
	for _, h := range securityHeaders {
		b.WriteString("  " + h[0] + ": " + h[1] + "\n")
	}
	return []byte(b.String())
}
