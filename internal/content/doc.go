// Package content reads the site's own Markdown: standalone pages
// (content/*.md) and press releases (content/news/*.md), rendered with
// goldmark. Front matter is optional YAML; shortcodes ({{< stat "KEY" >}},
// {{< practice "ID" >}}, {{< region "slug" >}}) are answered by a Resolver
// from the build's figures. Raw HTML in Markdown is omitted unless
// Options.UnsafeHTML, and links with script-bearing schemes are always
// dropped, so a page cannot run a script. The readers take a file system
// and the folder name that messages give it.
package content
