// Package mapsvg draws maps at build time: region outlines and practice
// symbols as inline SVG, and the same map as a PNG for link previews.
// Positions are projected with Web Mercator (orb/project), the projection
// of web tile maps, so that an optional tile layer lines up with them.
// Each region's outline is projected and simplified once (Outline); a map
// then only scales it into its own view, and a practice's small map clips
// it to a few miles, so that a page costs little more than its symbols.
package mapsvg
