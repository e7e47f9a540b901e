// Package maps draws every map of a build once, before any page renders:
// the national and region maps (inline SVG for pages and embeds, PNG for
// link previews), the region outlines each practice's small map reuses,
// and what a page needs to share or embed a map. The drawing itself is
// internal/mapsvg; the region boundaries come from internal/boundary.
package maps
