package mapsvg

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"

	"github.com/paulmach/orb"
	"golang.org/x/image/vector"
)

// Raster draws a map as an image, for link previews (Open Graph): region
// outlines filled with golang.org/x/image/vector, a well-kept
// anti-aliasing rasteriser, and symbols as small filled shapes. The same
// input always gives the same bytes.
type Raster struct {
	View View
	img  *image.RGBA // what is drawn and encoded: the view's part of whole until Panel
	// whole is the image with room for a panel (see NewPanelRaster).
	whole *image.RGBA
	// z is reused for every shape: a new rasteriser per symbol allocated
	// two buffers each time, which at 100,000 practices made the Open
	// Graph images a sixth of the live heap. Reset gives the same state.
	z *vector.Rasterizer
	// mask is the coverage of the shape being drawn (see paint), reused
	// like z.
	mask image.Alpha
}

// NewRaster starts an image of the view's size on a background colour.
func NewRaster(v View, bg string) *Raster {
	return NewPanelRaster(v, bg, int(v.W))
}

// NewPanelRaster is NewRaster with room on the right for a Panel up to
// width pixels wide: the map is drawn in the view's part alone, and Panel
// then widens the image without copying it.
func NewPanelRaster(v View, bg string, width int) *Raster {
	whole := image.NewRGBA(image.Rect(0, 0, max(width, int(v.W)), int(v.H)))
	img := whole.SubImage(image.Rect(0, 0, int(v.W), int(v.H))).(*image.RGBA)
	draw.Draw(img, img.Bounds(), image.NewUniform(hex(bg)), image.Point{}, draw.Src)
	return &Raster{View: v, img: img, whole: whole}
}

// fill rasterises a path within the pixel rectangle area only: path
// draws in image coordinates, offset by area.Min.
func (r *Raster) fill(area image.Rectangle, path func(z *vector.Rasterizer, ox, oy float64), fill string) {
	area = area.Intersect(r.img.Bounds())
	if area.Empty() {
		return
	}
	z := r.rasterizer(area.Dx(), area.Dy())
	path(z, float64(area.Min.X), float64(area.Min.Y))
	r.paint(z, area, fill)
}

// rasterizer returns the Raster's rasteriser, emptied for a w×h area.
func (r *Raster) rasterizer(w, h int) *vector.Rasterizer {
	if r.z == nil {
		r.z = vector.NewRasterizer(w, h)
	} else {
		r.z.Reset(w, h)
	}
	r.z.DrawOp = draw.Src
	return r.z
}

// paint lays fill over the image's pixels in area, as much as the shape
// in z covers each. The rasteriser writes its coverage into an alpha
// mask (its fast path, straight from its accumulator), and image/draw
// lays the colour through the mask, skipping the pixels it does not
// cover: most of a layer's area, since a layer's outlines or edges cover
// a small part of their bounding box. Drawing the colour through the
// rasteriser itself blended every pixel of the area, covered or not.
func (r *Raster) paint(z *vector.Rasterizer, area image.Rectangle, fill string) {
	w, h := area.Dx(), area.Dy()
	// One column wider than the area: the rasteriser's path for an
	// alpha mask exactly its size is several times slower (measured with
	// BenchmarkMapPNG) than accumulating and copying.
	if cap(r.mask.Pix) < (w+1)*h {
		r.mask.Pix = make([]uint8, (w+1)*h)
	}
	r.mask.Pix, r.mask.Stride, r.mask.Rect = r.mask.Pix[:(w+1)*h], w+1, image.Rect(0, 0, w+1, h)
	z.Draw(&r.mask, image.Rect(0, 0, w, h), image.Opaque, image.Point{})
	draw.DrawMask(r.img, area, image.NewUniform(hex(fill)), image.Point{}, &r.mask, image.Point{}, draw.Over)
}

// pixelBound is the pixel rectangle of a Mercator bound in the view,
// widened by pad pixels.
func (v View) pixelBound(b orb.Bound, pad float64) image.Rectangle {
	x0, y1 := v.XY(b.Min)
	x1, y0 := v.XY(b.Max)
	return image.Rect(int(math.Floor(x0-pad)), int(math.Floor(y0-pad)), int(math.Ceil(x1+pad)), int(math.Ceil(y1+pad)))
}

// Outline fills an outline and draws its edges width pixels wide.
func (r *Raster) Outline(o *Outline, fill, edge string, width float64) {
	r.Outlines([]*Outline{o}, fill, edge, width)
}

// Outlines fills several outlines in one colour (none if fill is "") and
// draws their edges (none if width is 0), each in one pass of the
// rasteriser over the pixels they cover.
func (r *Raster) Outlines(os []*Outline, fill, edge string, width float64) {
	if len(os) == 0 {
		return
	}
	v := r.View
	s := 0.5 / v.Scale
	var rings []orb.Ring
	area := image.Rectangle{}
	for _, o := range os {
		area = area.Union(v.pixelBound(o.Bound, width+2))
		for _, poly := range o.Merc {
			for _, ring := range poly {
				ring = simplifyRing(ring, s)
				if len(ring) >= 4 {
					rings = append(rings, ring)
				}
			}
		}
	}
	if fill != "" {
		r.fill(area, func(z *vector.Rasterizer, ox, oy float64) {
			for _, ring := range rings {
				for i, p := range ring {
					x, y := v.XY(p)
					if i == 0 {
						z.MoveTo(float32(x-ox), float32(y-oy))
					} else {
						z.LineTo(float32(x-ox), float32(y-oy))
					}
				}
				z.ClosePath()
			}
		}, fill)
	}
	if width <= 0 {
		return
	}
	r.fill(area, func(z *vector.Rasterizer, ox, oy float64) {
		for _, ring := range rings {
			for i := 1; i < len(ring); i++ {
				ax, ay := v.XY(ring[i-1])
				bx, by := v.XY(ring[i])
				quad(z, ax-ox, ay-oy, bx-ox, by-oy, width/2)
			}
		}
	}, edge)
}

// quad adds a rectangle of half-width h around the segment a–b, always
// wound the same way, so that overlapping segments do not cancel.
func quad(z *vector.Rasterizer, ax, ay, bx, by, h float64) {
	dx, dy := bx-ax, by-ay
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	nx, ny := -dy/l*h, dx/l*h
	ex, ey := dx/l*h, dy/l*h // extend the ends, to close the joins
	z.MoveTo(float32(ax+nx-ex), float32(ay+ny-ey))
	z.LineTo(float32(bx+nx+ex), float32(by+ny+ey))
	z.LineTo(float32(bx-nx+ex), float32(by-ny+ey))
	z.LineTo(float32(ax-nx-ex), float32(ay-ny-ey))
	z.ClosePath()
}

// Mark draws a symbol's shape at the given size (1 = as on the SVG maps),
// rasterising only the few pixels around it.
func (r *Raster) Mark(x, y float64, c Class, size float64) {
	pts := shapePoints[c]
	const half = 10
	cell := image.Rect(int(x)-half, int(y)-half, int(x)+half, int(y)+half).Intersect(r.img.Bounds())
	if cell.Empty() {
		return
	}
	ox, oy := float64(cell.Min.X), float64(cell.Min.Y)
	draw1 := func(scale float64, fill string) {
		z := r.rasterizer(cell.Dx(), cell.Dy())
		for i, p := range pts {
			px, py := float32(x+p[0]*scale-ox), float32(y+p[1]*scale-oy)
			if i == 0 {
				z.MoveTo(px, py)
			} else {
				z.LineTo(px, py)
			}
		}
		z.ClosePath()
		r.paint(z, cell, fill)
	}
	draw1(size*1.25, "#1d1d1b")
	draw1(size, c.Fill())
}

// shapePoints approximate each class's shape as a polygon.
var shapePoints = func() [NumClasses][][2]float64 {
	var out [NumClasses][][2]float64
	for i := range 10 {
		r := 6.2
		if i%2 == 1 {
			r = 2.6
		}
		a := float64(i)*math.Pi/5 - math.Pi/2
		out[Outstanding] = append(out[Outstanding], [2]float64{r * math.Cos(a), r * math.Sin(a)})
	}
	for i := range 16 {
		a := float64(i) * math.Pi / 8
		out[Good] = append(out[Good], [2]float64{4.5 * math.Cos(a), 4.5 * math.Sin(a)})
	}
	out[RequiresImprovement] = [][2]float64{{0, -5.5}, {5.5, 4.5}, {-5.5, 4.5}}
	out[Inadequate] = [][2]float64{{-4.2, -4.2}, {4.2, -4.2}, {4.2, 4.2}, {-4.2, 4.2}}
	out[NotRated] = [][2]float64{{0, -5}, {5, 0}, {0, 5}, {-5, 0}}
	return out
}()

// PNG encodes the image (see encodePNG).
func (r *Raster) PNG() ([]byte, error) {
	return encodePNG(r.img)
}

func simplifyRing(r orb.Ring, tol float64) orb.Ring {
	out := orb.Ring{r[0]}
	for _, p := range r[1:] {
		q := out[len(out)-1]
		if math.Abs(p[0]-q[0]) > tol || math.Abs(p[1]-q[1]) > tol {
			out = append(out, p)
		}
	}
	if out[len(out)-1] != r[0] {
		out = append(out, r[0])
	}
	return out
}

// hex parses "#rrggbb".
func hex(s string) color.RGBA {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}
