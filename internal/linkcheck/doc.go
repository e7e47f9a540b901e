// Package linkcheck checks a built site: every internal reference must
// resolve to a file in the site, and every fragment to an element of the
// page it names.
//
// References are read from HTML (href, src, srcset and imagesrcset,
// poster, data, action and formaction, xlink:href, meta refresh, the
// og:url, og:image and twitter:image meta tags, and CSS url() and @import
// in style attributes and <style> elements), from .css files (url() and
// @import), from .xml files (sitemap <loc>, feed <link> and href) and
// from robots.txt (Sitemap:). A reference is internal when it has no
// scheme and no host, or when its host is the base URL's (absolute, such
// as https://example.org/ratings/x/, or scheme-relative, such as
// //example.org/ratings/x/); anything else (other hosts, mailto:, tel:,
// data:) is external and not followed.
package linkcheck
