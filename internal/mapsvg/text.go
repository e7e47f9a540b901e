package mapsvg

import (
	"image"
	"image/draw"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Text in link-preview images is set in the Go fonts (golang.org/x/image/
// font/gofont, BSD-licensed, compiled into the binary): an image must look
// the same on every machine that builds the site, and needs no font file
// or network. Faces are made once per size and weight and shared: a
// face's glyph cache is not safe for concurrent use, so drawing with one
// takes its lock.

type faceKey struct {
	size float64
	bold bool
}

type sharedFace struct {
	mu   sync.Mutex
	face font.Face
}

var (
	fontsOnce     sync.Once
	regular, bold *opentype.Font
	facesMu       sync.Mutex
	faces         = map[faceKey]*sharedFace{}
)

func faceOf(size float64, b bool) *sharedFace {
	fontsOnce.Do(func() {
		var err error
		if regular, err = opentype.Parse(goregular.TTF); err != nil {
			panic(err) // compiled-in data
		}
		if bold, err = opentype.Parse(gobold.TTF); err != nil {
			panic(err)
		}
	})
	facesMu.Lock()
	defer facesMu.Unlock()
	k := faceKey{size, b}
	if f := faces[k]; f != nil {
		return f
	}
	ft := regular
	if b {
		ft = bold
	}
	face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	f := &sharedFace{face: face}
	faces[k] = f
	return f
}

// TextWidth is the width in pixels of s set at size.
func TextWidth(s string, size float64, b bool) float64 {
	f := faceOf(size, b)
	f.mu.Lock()
	defer f.mu.Unlock()
	return float64(font.MeasureString(f.face, s)) / 64
}

// WrapText breaks s into lines no wider than width pixels at size.
func WrapText(s string, size float64, b bool, width float64) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if line != "" && TextWidth(try, size, b) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// Text draws s with its baseline's left end at x, y.
func (r *Raster) Text(x, y float64, s string, size float64, b bool, colour string) {
	f := faceOf(size, b)
	f.mu.Lock()
	defer f.mu.Unlock()
	d := font.Drawer{Dst: r.img, Src: image.NewUniform(hex(colour)), Face: f.face,
		Dot: fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(y * 64)}}
	d.DrawString(dropControls(s))
}

// Rect fills the rectangle from x0, y0 to x1, y1 (pixels), and outlines it
// one pixel wide in edge unless edge is "".
func (r *Raster) Rect(x0, y0, x1, y1 int, fill, edge string) {
	rc := image.Rect(x0, y0, x1, y1).Intersect(r.img.Bounds())
	if edge != "" {
		draw.Draw(r.img, rc, image.NewUniform(hex(edge)), image.Point{}, draw.Src)
		rc = rc.Inset(1)
	}
	draw.Draw(r.img, rc, image.NewUniform(hex(fill)), image.Point{}, draw.Src)
}

// Panel is the text beside a link-preview map: its title, what it shows,
// the key and the source, so that the image reads on its own where it is
// shared.
type Panel struct {
	// X is the panel's left edge, where the map ends; it runs to Width, the
	// whole image's width. The map is drawn X pixels wide, so that no
	// outline is rasterised under the panel.
	X, Width int
	Title    string
	Subtitle string
	Key      []KeyRow
	// Figure is a sentence of the figures the map shows.
	Figure string
	// Source names the data and its date; Site the site's address.
	Source, Site string
}

// KeyRow is one line of a key: a swatch of Fill, or a class's symbol.
type KeyRow struct {
	Fill  string // "#rrggbb", or "" for a symbol
	Class Class
	Label string
}

// Panel widens the image to p.Width, if it is narrower, and draws p on
// its right, on white with a rule on its left.
func (r *Raster) Panel(p Panel) {
	if p.Width > r.whole.Bounds().Dx() {
		// Made without room for this panel (NewRaster): copy the map
		// into an image that has it.
		wide := image.NewRGBA(image.Rect(0, 0, p.Width, r.whole.Bounds().Dy()))
		draw.Draw(wide, r.img.Bounds(), r.img, image.Point{}, draw.Src)
		r.whole = wide
	}
	if p.Width > r.img.Bounds().Dx() {
		r.img = r.whole.SubImage(image.Rect(0, 0, p.Width, r.img.Bounds().Dy())).(*image.RGBA)
		r.View.W = float64(p.Width)
	}
	b := r.img.Bounds()
	r.Rect(p.X, 0, b.Max.X, b.Max.Y, "#ffffff", "")
	r.Rect(p.X, 0, p.X+2, b.Max.Y, "#1d1d1b", "")
	x := float64(p.X + 28)
	width := float64(b.Max.X) - x - 24
	y := 58.0
	for _, l := range WrapText(p.Title, 34, true, width) {
		r.Text(x, y, l, 34, true, "#1d1d1b")
		y += 42
	}
	y += 2
	for _, l := range WrapText(p.Subtitle, 22, false, width) {
		r.Text(x, y, l, 22, false, "#1d1d1b")
		y += 29
	}
	y += 14
	for _, k := range p.Key {
		if k.Fill != "" {
			r.Rect(int(x), int(y-19), int(x)+24, int(y+5), k.Fill, "#1d1d1b")
		} else {
			r.Mark(x+12, y-7, k.Class, 1.6)
		}
		r.Text(x+38, y, k.Label, 22, false, "#1d1d1b")
		y += 34
	}
	if p.Figure != "" {
		y += 6
		for _, l := range WrapText(p.Figure, 22, true, width) {
			r.Text(x, y, l, 22, true, "#1d1d1b")
			y += 29
		}
	}
	foot := float64(b.Max.Y) - 30
	lines := WrapText(p.Source, 20, false, width)
	if p.Site != "" {
		lines = append(lines, p.Site)
	}
	for i := len(lines) - 1; i >= 0; i-- {
		r.Text(x, foot, lines[i], 20, false, "#505a5f")
		foot -= 26
	}
}
