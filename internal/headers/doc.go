// Package headers holds the one set of rules for the HTTP headers of every
// file of the site: its Content-Type, Cache-Control and security headers.
// The _headers file (Netlify and Cloudflare Pages syntax) is written from
// these rules, and `ratingsite deploy` sets the same Content-Type and
// Cache-Control as object metadata on stores that ignore _headers.
//
// # How hosts combine rules
//
// A request matched by several rules gets the headers of all of them.
// Cloudflare Pages joins the values of a header set by more than one
// matching rule with ", "; Netlify is documented less precisely and has
// been seen to keep the last rule's value. The rules are built so that
// either way gives the right result:
//
//   - Cache-Control is set by rules that never overlap (one per top-level
//     name), because two joined Cache-Control values contradict each other.
//   - The catch-all rule sends the security headers, the site's
//     Content-Security-Policy without frame-ancestors, and X-Frame-Options:
//     SAMEORIGIN, so /index.html, 404 responses and any path not listed
//     still get a policy and cannot be framed by other sites.
//   - Each top-level rule repeats the policy with frame-ancestors: 'self'
//     everywhere except the embed pages, which get frame-ancestors *.
//     Joined, a page has two policies (the plain one and the one with
//     frame-ancestors), and a browser enforces both: the plain one does
//     not restrict framing, so the embeds are not restricted twice. Kept
//     last, the page has the one with frame-ancestors.
//   - Browsers ignore X-Frame-Options when an enforced policy has
//     frame-ancestors (HTML standard, "X-Frame-Options" processing), so
//     the catch-all's SAMEORIGIN does not stop other sites framing the
//     embeds, and it still protects anything no top-level rule covers.
package headers
