package render

import (
	"ratingsite/internal/urls"
	"slices"
	"strings"
)

// CSP is the Content-Security-Policy every page satisfies: nothing but the
// site's own files, no inline script or style, no third party. It is sent
// as a header through _headers and repeated in a <meta> tag for hosts that
// ignore _headers.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"

// securityHeaders are sent with every file.
var securityHeaders = [][2]string{
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

// policyHeaders are the Content-Security-Policy (frame-ancestors only
// works as a header, not in <meta>) and X-Frame-Options of the files
// under one top-level name: only this site may frame them, except the
// embed pages, which any site may frame. Each file gets exactly one
// policy: both hosts join the values of a header from overlapping rules,
// and two policies would both be enforced.
func (c *Config) policyHeaders(top string) string {
	if top == urls.EmbedDir {
		return "  Content-Security-Policy: " + c.CSP + "; frame-ancestors *\n"
	}
	return "  Content-Security-Policy: " + c.CSP + "; frame-ancestors 'self'\n  X-Frame-Options: SAMEORIGIN\n"
}

// Headers is the _headers file (Netlify and Cloudflare Pages syntax) for a
// site under the given path prefix. top lists the site's top-level files
// and folders. Fingerprinted assets are cached for a year and never
// revalidated; everything else (HTML and data) for ten minutes, so a
// monthly update shows at once. The cache rules never overlap, because
// both hosts join the values of one header from overlapping rules.
func (c *Config) Headers(top map[string]bool) []byte {
	var b strings.Builder
	p := c.Base.Path()
	b.WriteString("# Written by ratingsite.\n# Security headers for every file; the Content-Security-Policy is set below.\n")
	b.WriteString(p + "*\n")
	for _, h := range securityHeaders {
		b.WriteString("  " + h[0] + ": " + h[1] + "\n")
	}
	b.WriteString("\n# Fingerprinted assets never change: cache them for a year.\n")
	b.WriteString(p + "assets/*\n  Cache-Control: public, max-age=31536000, immutable\n" + c.policyHeaders("assets"))
	b.WriteString("\n# Pages and data change monthly: cache them briefly. Only this site may\n# frame them, except /" + urls.EmbedDir + "/, which is made for other sites' iframes.\n")
	b.WriteString(p + "\n" + shortCache + c.policyHeaders(""))
	names := make([]string, 0, len(top))
	for name := range top {
		if name != "assets" && name != "_headers" && name != "index.html" && name != "" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.Contains(name, ".") {
			b.WriteString(p + name + "\n" + shortCache + c.policyHeaders(name))
		} else {
			b.WriteString(p + name + "/*\n" + shortCache + c.policyHeaders(name))
		}
	}
	return []byte(b.String())
}

const shortCache = "  Cache-Control: public, max-age=600, must-revalidate\n"
