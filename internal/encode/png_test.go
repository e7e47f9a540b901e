package encode

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/paulmach/orb"

	"ratingsite/internal/mapsvg"
)

func TestPNG(t *testing.T) {
	square := mapsvg.NewOutline(orb.MultiPolygon{{{{-3, 53}, {-2, 53}, {-2, 54}, {-3, 54}, {-3, 53}}}})
	v := mapsvg.Fit(square.Bound, 1200, 630, 630, 24)
	for _, tc := range []struct {
		name  string
		scene Scene
		// probe is a pixel and whether it must differ from the background.
		x, y    int
		painted bool
	}{
		{"blank", Scene{View: v, Background: "#ffffff"}, 600, 315, false},
		{"filled", Scene{View: v, Background: "#ffffff", Layers: []Layer{{Outlines: []*mapsvg.Outline{square}, Fill: "#d4351c"}}}, 600, 315, true},
		{"mark", Scene{View: v, Background: "#ffffff", Marks: []Mark{{X: 600, Y: 315, Class: mapsvg.Inadequate, Size: 1}}}, 600, 315, true},
	} {
		b, err := PNG(tc.scene)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if sz := img.Bounds().Size(); sz.X != 1200 || sz.Y != 630 {
			t.Errorf("%s: size %v, want 1200×630", tc.name, sz)
		}
		r, g, bl, _ := img.At(tc.x, tc.y).RGBA()
		white := r == 0xffff && g == 0xffff && bl == 0xffff
		if white == tc.painted {
			t.Errorf("%s: pixel (%d,%d) painted = %v, want %v", tc.name, tc.x, tc.y, !white, tc.painted)
		}
	}
}
