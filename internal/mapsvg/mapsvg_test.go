package mapsvg

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var square = orb.MultiPolygon{{{{-1, 52}, {0, 52}, {0, 53}, {-1, 53}, {-1, 52}}}}

func TestFitCentresAndKeepsAspect(t *testing.T) {
	b := MercBound(orb.Point{-1, 52}, orb.Point{0, 53})
	v := Fit(b, 600, 100, 700, 10)
	if v.W != 600 || v.H < 100 || v.H > 700 {
		t.Fatalf("view %+v", v)
	}
	for _, p := range []orb.Point{b.Min, b.Max} {
		x, y := v.XY(p)
		if x < 9.99 || x > 590.01 || y < 9.99 || y > v.H-9.99 {
			t.Errorf("%v at %.2f,%.2f: outside the margin of %+v", p, x, y, v)
		}
	}
	// North is up and east is right.
	x0, y0 := v.XY(Merc(orb.Point{-1, 52}))
	x1, y1 := v.XY(Merc(orb.Point{0, 53}))
	if x1 <= x0 || y1 >= y0 {
		t.Errorf("orientation: (%v,%v) -> (%v,%v)", x0, y0, x1, y1)
	}
	// The same scale on both axes: a square in Mercator stays square.
	if vb := v.Bound(); math.Abs((vb.Max[0]-vb.Min[0])/v.W-(vb.Max[1]-vb.Min[1])/v.H) > 1e-9 {
		t.Errorf("axes scaled differently: %v", vb)
	}
}

// pathPoints parses the numbers of an "M x y x y … Z" path.
func pathPoints(t *testing.T, d string) [][2]float64 {
	t.Helper()
	var out [][2]float64
	for _, sub := range strings.Split(d, "M")[1:] {
		nums := regexp.MustCompile(`-?[0-9]*\.?[0-9]+`).FindAllString(strings.TrimSuffix(sub, "Z"), -1)
		if len(nums)%2 != 0 {
			t.Fatalf("odd number of coordinates in %q", sub)
		}
		for i := 0; i < len(nums); i += 2 {
			x, _ := strconv.ParseFloat(nums[i], 64)
			y, _ := strconv.ParseFloat(nums[i+1], 64)
			out = append(out, [2]float64{x, y})
		}
	}
	return out
}

func TestOutlinePath(t *testing.T) {
	o := NewOutline(square)
	v := Fit(o.Bound, 200, 50, 400, 5)
	d := string(o.AppendPath(nil, v, 0.5))
	if !strings.HasPrefix(d, "M") || !strings.HasSuffix(d, "Z") {
		t.Fatalf("path %q", d)
	}
	pts := pathPoints(t, d)
	if len(pts) != 4 {
		t.Fatalf("%d points in %q, want the square's 4", len(pts), d)
	}
	for _, p := range pts {
		if math.Abs(p[0]-5) > 0.1 && math.Abs(p[0]-195) > 0.1 {
			t.Errorf("x %.1f is not on the square's sides (5 or 195): %q", p[0], d)
		}
	}
	// Clipping: a view inside the square crosses no edge; one over its
	// west edge gets that edge only, within the view.
	inner := Fit(MercBound(orb.Point{-0.6, 52.4}, orb.Point{-0.4, 52.6}), 100, 50, 100, 0)
	if got := o.AppendClippedLines(nil, inner); len(got) != 0 {
		t.Errorf("a view inside the outline got lines %q", got)
	}
	edge := Fit(MercBound(orb.Point{-1.1, 52.4}, orb.Point{-0.9, 52.6}), 100, 50, 100, 0)
	got := string(o.AppendClippedLines(nil, edge))
	if got == "" || strings.Contains(got, "Z") {
		t.Fatalf("clipped lines %q", got)
	}
	for _, p := range pathPoints(t, got) {
		if p[0] < -5 || p[0] > 105 || p[1] < -5 || p[1] > edge.H+5 {
			t.Errorf("clipped point %v outside the view", p)
		}
	}
}

func TestShadeOf(t *testing.T) {
	for _, tt := range []struct{ bad, rated, want int }{
		{0, 100, 0}, {3, 100, 0}, {4, 100, 1}, {7, 100, 1}, {8, 100, 2}, {15, 100, 3}, {16, 100, 4}, {100, 100, 4}, {1, 3, 4},
	} {
		s, ok := ShadeOf(tt.bad, tt.rated)
		if !ok || s.Index != tt.want {
			t.Errorf("ShadeOf(%d, %d) = %v, %v; want class %d", tt.bad, tt.rated, s, ok, tt.want)
		}
	}
	if _, ok := ShadeOf(0, 0); ok {
		t.Error("ShadeOf(0, 0) has a class")
	}
}

func TestMarksEscapeAndGroup(t *testing.T) {
	marks := []Mark{
		{X: 1, Y: 2, Class: Good, Title: `<script>"x"</script>`, Href: `/p/1/?a=1&b=2`},
		{X: 3, Y: 4, Class: Good, Title: "B", Href: "/p/2/"},
		{X: 5, Y: 6, Class: Inadequate, Title: "C", Here: true},
	}
	b := []byte(`<svg xmlns="http://www.w3.org/2000/svg">`)
	b = Defs(b, "m")
	b = append(b, MarksOpen...)
	b = AppendMarks(b, "m", marks)
	b = append(b, "</g></svg>"...)
	if err := xml.Unmarshal(b, new(struct{})); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b)
	}
	s := string(b)
	for _, want := range []string{`<g class="m-good"><a href="/p/1/?a=1&amp;b=2"><title>&lt;script&gt;&#34;x&#34;&lt;/script&gt;</title><use href="#mg" x="1" y="2"/></a><a href="/p/2/">`,
		`</g><g class="m-inadequate"><g class="m-here"><title>C</title><circle`, `id="mg"`, `id="mi"`} {
		if !strings.Contains(s, want) {
			t.Errorf("lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, "<script>") {
		t.Error("a title was not escaped")
	}
}

func TestPNGDeterministicAndFilled(t *testing.T) {
	o := NewOutline(square)
	draw := func() []byte {
		v := Fit(o.Bound, 120, 80, 80, 10)
		r := NewRaster(v, "#ffffff")
		r.Outline(o, "#54278f", "#1d1d1b", 2)
		x, y := v.XY(Merc(orb.Point{-0.5, 52.5}))
		r.Mark(x+20, y, Good, 1)
		b, err := r.PNG()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := draw(), draw()
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings differ")
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	at := func(x, y int) [3]uint32 {
		r, g, b, _ := img.At(x, y).RGBA()
		return [3]uint32{r >> 8, g >> 8, b >> 8}
	}
	if c := at(img.Bounds().Dx()/2, img.Bounds().Dy()/2); c != [3]uint32{0x54, 0x27, 0x8f} {
		t.Errorf("inside the outline: %v, want the fill", c)
	}
	if c := at(1, 1); c != [3]uint32{0xff, 0xff, 0xff} {
		t.Errorf("outside: %v, want white", c)
	}
	if img.Bounds() != image.Rect(0, 0, 120, 80) {
		t.Errorf("bounds %v", img.Bounds())
	}
}
