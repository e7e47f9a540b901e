package encode

import "ratingsite/internal/mapsvg"

// Scene is a map image: outlines filled and stroked layer by layer, then
// symbols on top, in order.
type Scene struct {
	View       mapsvg.View
	Background string
	Layers     []Layer
	Marks      []Mark
	// Panel, if set, is drawn last: a title, key and source beside the map.
	Panel *mapsvg.Panel
}

// Layer is a set of outlines filled in one colour ("" for none) and
// stroked with Edge, Width pixels wide (0 for none).
type Layer struct {
	Outlines   []*mapsvg.Outline
	Fill, Edge string
	Width      float64
}

// Mark is a practice's symbol at a point of the view, Size times the
// normal size.
type Mark struct {
	X, Y  float64
	Class mapsvg.Class
	Size  float64
}

// PNG draws a scene as a PNG image the size of its view.
func PNG(s Scene) ([]byte, error) {
	width := int(s.View.W)
	if s.Panel != nil {
		width = s.Panel.Width
	}
	r := mapsvg.NewPanelRaster(s.View, s.Background, width)
	for _, l := range s.Layers {
		r.Outlines(l.Outlines, l.Fill, l.Edge, l.Width)
	}
	for _, m := range s.Marks {
		r.Mark(m.X, m.Y, m.Class, m.Size)
	}
	if s.Panel != nil {
		r.Panel(*s.Panel)
	}
	return r.PNG()
}
