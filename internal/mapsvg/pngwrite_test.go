package mapsvg

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/paulmach/orb"
)

// TestEncodePNGRoundTrip: what encodePNG writes decodes, with image/png,
// to the very pixels drawn: for a drawn map, for a window of an image
// (whose origin is not (0, 0)), and for an image with transparent pixels
// (which goes to image/png).
func TestEncodePNGRoundTrip(t *testing.T) {
	o := NewOutline(square)
	v := Fit(o.Bound, 97, 61, 61, 5)
	r := NewRaster(v, "#f3f2f1")
	r.Outline(o, "#54278f", "#1d1d1b", 2.5)
	x, y := v.XY(Merc(orb.Point{-0.5, 52.5}))
	r.Mark(x, y, Inadequate, 1)
	clear := image.NewRGBA(image.Rect(0, 0, 5, 4))
	clear.Set(2, 2, color.RGBA{0x80, 0, 0, 0x80})
	for _, tc := range []struct {
		name string
		img  *image.RGBA
	}{
		{"map", r.img},
		{"window", r.img.SubImage(image.Rect(13, 7, 60, 50)).(*image.RGBA)},
		{"transparent", clear},
	} {
		b, err := encodePNG(tc.img)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		want := tc.img.Bounds()
		if got.Bounds().Size() != want.Size() {
			t.Fatalf("%s: size %v, want %v", tc.name, got.Bounds().Size(), want.Size())
		}
		colours := map[color.RGBA]bool{}
		for y := range want.Dy() {
			for x := range want.Dx() {
				w := tc.img.RGBAAt(want.Min.X+x, want.Min.Y+y)
				colours[w] = true
				gr, gg, gb, ga := got.At(x, y).RGBA()
				if g := (color.RGBA{uint8(gr >> 8), uint8(gg >> 8), uint8(gb >> 8), uint8(ga >> 8)}); g != w {
					t.Fatalf("%s: pixel (%d,%d) is %v, want %v", tc.name, x, y, g, w)
				}
			}
		}
		if len(colours) < 2 {
			t.Errorf("%s: only %d colour drawn; the test shows nothing", tc.name, len(colours))
		}
	}
}
