package mapsvg

import (
	"fmt"
	"html"
	"math"
	"strings"

	"ratingsite/internal/rating"
)

// Class is what a practice's symbol shows: one of the four ratings, or
// NotRated for every value that is not a rating and for none.
type Class uint8

const (
	Outstanding Class = iota
	Good
	RequiresImprovement
	Inadequate
	NotRated
	NumClasses
)

// ClassOf maps an overall value to its symbol class.
func ClassOf(v rating.Value) Class {
	if i := v.Index(); i >= 0 {
		return Class(i)
	}
	return NotRated
}

// Slug is the class's name in CSS classes, ids and URLs.
func (c Class) Slug() string {
	return [...]string{"outstanding", "good", "requires-improvement", "inadequate", "not-rated"}[c]
}

// Label is the class in words.
func (c Class) Label() string {
	return [...]string{"Outstanding", "Good", "Requires improvement", "Inadequate", "Not rated"}[c]
}

// Shape names the class's symbol, so that no one needs its colour.
func (c Class) Shape() string {
	return [...]string{"star", "circle", "triangle", "square", "hollow diamond"}[c]
}

// Fill is the class's colour: the site's rating colours, and white for
// not rated.
func (c Class) Fill() string {
	return [...]string{"#005a9c", "#1e6b34", "#f0ad00", "#b10e1e", "#ffffff"}[c]
}

// Classes lists every class in order.
var Classes = [NumClasses]Class{Outstanding, Good, RequiresImprovement, Inadequate, NotRated}

// ShapePath is the class's symbol as a path centred on 0,0, about 11
// pixels across.
func (c Class) ShapePath() string { return shapes[c] }

var shapes = func() [NumClasses]string {
	var star strings.Builder
	for i := range 10 {
		r := 6.2
		if i%2 == 1 {
			r = 2.6
		}
		a := float64(i)*math.Pi/5 - math.Pi/2
		if i == 0 {
			star.WriteString("M")
		} else {
			star.WriteString("L")
		}
		fmt.Fprintf(&star, "%.1f %.1f", r*math.Cos(a), r*math.Sin(a))
	}
	star.WriteString("Z")
	return [NumClasses]string{
		star.String(),
		"M-4.5 0a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0-9 0Z",
		"M0-5.5L5.5 4.5H-5.5Z",
		"M-4.2-4.2h8.4v8.4h-8.4Z",
		"M0-5L5 0 0 5-5 0Z",
	}
}()

// Defs writes the <defs> of a map: one symbol per class, with ids
// prefix+code ("mg" for Good). Every symbol has a dark outline (MarksOpen
// sets it on the symbols' group), so that each shows against the land,
// the shading and the others (WCAG 1.4.11).
func Defs(b []byte, prefix string) []byte {
	return DefsOf(b, prefix, [NumClasses]bool{true, true, true, true, true})
}

// DefsOf writes the <defs> of only the classes a map uses.
func DefsOf(b []byte, prefix string, used [NumClasses]bool) []byte {
	b = append(b, "<defs>"...)
	for _, c := range Classes {
		if !used[c] {
			continue
		}
		b = fmt.Appendf(b, `<path id="%s%c" d="%s" fill="%s"/>`, prefix, c.Code(), c.ShapePath(), c.Fill())
	}
	return append(b, "</defs>"...)
}

// Mark is one practice on a map.
type Mark struct {
	X, Y  float64 // pixels
	Class Class
	// Title is the symbol's text: the practice's name and rating.
	Title string
	// Href links the symbol to the practice's page; "" for none.
	Href string
	// Target is the link's target ("_top" in embeds), or "".
	Target string
	// Here marks the practice a small map is about.
	Here bool
}

// MarksOpen starts the group of a map's symbols, with their outline.
const MarksOpen = `<g class="marks" stroke="#1d1d1b" stroke-width="1">`

// Code is the class's one-letter suffix of its symbol's id.
func (c Class) Code() byte { return "ogrin"[c] }

// AppendMarks writes symbols, each run of one class in a group whose
// class ("m-good") the legend's filters hide, so that a symbol itself
// carries no class: a region map holds a thousand of them.
func AppendMarks(b []byte, prefix string, marks []Mark) []byte {
	for i, m := range marks {
		if i == 0 || marks[i-1].Class != m.Class {
			if i > 0 {
				b = append(b, "</g>"...)
			}
			b = append(b, `<g class="m-`...)
			b = append(b, m.Class.Slug()...)
			b = append(b, `">`...)
		}
		b = appendMark(b, prefix, m)
	}
	if len(marks) > 0 {
		b = append(b, "</g>"...)
	}
	return b
}

// appendMark writes one symbol: a link (focusable, so that keyboard users
// reach its details) holding its <title> and the class's shape.
func appendMark(b []byte, prefix string, m Mark) []byte {
	switch {
	case m.Here:
		b = append(b, `<g class="m-here">`...)
	case m.Href != "":
		b = append(b, `<a href="`...)
		b = append(b, html.EscapeString(m.Href)...)
		if m.Target != "" {
			b = append(b, `" target="`...)
			b = append(b, m.Target...)
		}
		b = append(b, `">`...)
	default:
		b = append(b, `<g>`...)
	}
	b = append(b, `<title>`...)
	b = append(b, html.EscapeString(dropControls(m.Title))...)
	b = append(b, "</title>"...)
	if m.Here {
		b = append(b, `<circle r="10" fill="none" stroke="#1d1d1b" stroke-width="2" cx="`...)
		b = appendNum(b, m.X)
		b = append(b, `" cy="`...)
		b = appendNum(b, m.Y)
		b = append(b, `"/>`...)
	}
	b = append(b, `<use href="#`...)
	b = append(b, prefix...)
	b = append(b, m.Class.Code())
	b = append(b, `" x="`...)
	b = appendNum(b, m.X)
	b = append(b, `" y="`...)
	b = appendNum(b, m.Y)
	b = append(b, `"/>`...)
	if m.Href != "" && !m.Here {
		return append(b, "</a>"...)
	}
	return append(b, "</g>"...)
}

// Shade is the choropleth class of a region: by the share of its rated
// practices rated Requires improvement or Inadequate.
type Shade struct {
	Index int
	Min   int // percent, inclusive
	Max   int // percent, exclusive; -1 for the last class
}

// Shades are the choropleth's five classes (light to dark purple, a hue
// no rating uses).
var Shades = []Shade{{0, 0, 4}, {1, 4, 8}, {2, 8, 12}, {3, 12, 16}, {4, 16, -1}}

var shadeFills = []string{"#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"}

// Fill is the shade's colour.
func (s Shade) Fill() string { return shadeFills[s.Index] }

// Label is the class's range: "4% to under 8%", "16% or more".
func (s Shade) Label() string {
	if s.Max < 0 {
		return fmt.Sprintf("%d%% or more", s.Min)
	}
	if s.Min == 0 {
		return fmt.Sprintf("under %d%%", s.Max)
	}
	return fmt.Sprintf("%d%% to under %d%%", s.Min, s.Max)
}

// ShadeOf picks the class of bad practices out of rated ones; ok is false
// when none is rated.
func ShadeOf(bad, rated int) (Shade, bool) {
	if rated == 0 {
		return Shade{}, false
	}
	for _, s := range Shades {
		if s.Max < 0 || bad*100 < s.Max*rated {
			return s, true
		}
	}
	return Shades[len(Shades)-1], true
}

// LegendSVG is the class's symbol as a standalone SVG file, for legends:
// assets/map-<slug>.svg holds exactly this (a test checks it), so that a
// page's legend is a few <img> tags rather than inline SVG to minify.
func LegendSVG(c Class) string {
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-7 -7 14 14" width="16" height="16"><path d="` +
		c.ShapePath() + `" fill="` + c.Fill() + `" stroke="#1d1d1b" stroke-width="1"/></svg>` + "\n"
}

// dropControls removes control characters (C0, DEL, C1), which SVG cannot
// hold even as character references, turning tabs and line breaks into
// spaces. site.CleanText does the same to the model; this keeps a
// <title> valid whatever a caller passes.
func dropControls(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			return -1
		}
		return r
	}, s)
}
