package mapsvg

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestLabelPointInsideConcave(t *testing.T) {
	// A U: its bound's centre lies in the gap, outside the shape.
	u := orb.MultiPolygon{{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}}
	o := &Outline{Merc: u, Bound: u.Bound()}
	p, r := o.LabelPoint()
	if !planar.MultiPolygonContains(u, p) {
		t.Fatalf("label point %v lies outside the U", p)
	}
	if r < 0.45 || r > 0.65 {
		t.Errorf("room %.2f, want about 0.6 (the U's arms and base are 1 wide; their corners a little more)", r)
	}
	if q, _ := o.LabelPoint(); q != p {
		t.Error("a second call moved the point")
	}
}

func TestWrap(t *testing.T) {
	for in, want := range map[string]string{
		"London":                      "London",
		"Yorkshire and The Humber":    "Yorkshire and|The Humber",
		"East of England":             "East of|England",
		"Kingston upon Hull, City of": "Kingston upon|Hull, City of",
	} {
		if got := strings.Join(Wrap(in, 12), "|"); got != want {
			t.Errorf("Wrap(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlaceAvoidsOverlap(t *testing.T) {
	v := View{W: 600, H: 400}
	st := LabelStyle{Size: 20}
	same := []Label{{X: 300, Y: 200, Lines: []string{"First"}}, {X: 300, Y: 200, Lines: []string{"Second"}}, {X: 300, Y: 200, Lines: []string{"Third"}}}
	placed, left := st.Place(same, v)
	if len(placed) != 3 || left != 0 {
		t.Fatalf("placed %d, left %d; want all three, moved apart", len(placed), left)
	}
	for i := range placed {
		for j := range i {
			if st.box(placed[i], 0).overlaps(st.box(placed[j], 0)) {
				t.Errorf("%q overlaps %q", placed[i].Lines[0], placed[j].Lines[0])
			}
		}
	}
	if placed[0].Leader || !placed[2].Leader && !placed[1].Leader {
		t.Errorf("leaders: the first stays on its point, a moved one points back: %+v", placed)
	}
	// Fit: a name far wider than its area, and one at the view's edge, are
	// left out.
	fit := LabelStyle{Size: 20, Fit: true}
	placed, left = fit.Place([]Label{{X: 100, Y: 100, Lines: []string{"A very long name indeed"}, Room: 10}, {X: 1, Y: 1, Lines: []string{"Edge"}}, {X: 300, Y: 300, Lines: []string{"Fits"}, Room: 40}}, v)
	if len(placed) != 1 || placed[0].Lines[0] != "Fits" || left != 2 {
		t.Errorf("fit placed %+v, left %d", placed, left)
	}
}

func TestAppendLabelsEscaped(t *testing.T) {
	st := LabelStyle{Size: 21}
	ls, _ := st.Place([]Label{{X: 100, Y: 100, Lines: []string{`<Brent & "Harrow">`, "12%"}}, {X: 100, Y: 100, Lines: []string{"B\x01"}}}, View{W: 600, H: 400})
	b := []byte(`<svg xmlns="http://www.w3.org/2000/svg">`)
	b = st.AppendLabels(b, ls)
	b = append(b, "</svg>"...)
	if err := xml.Unmarshal(b, new(struct{})); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b)
	}
	s := string(b)
	for _, want := range []string{`aria-hidden="true"`, `font-size="21"`, `&lt;Brent &amp; &#34;Harrow&#34;&gt;`, `dy="1.15em">12%</tspan>`, `class="map-leader"`} {
		if !strings.Contains(s, want) {
			t.Errorf("lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, "<Brent") || strings.Contains(s, "\x01") {
		t.Errorf("unescaped:\n%s", s)
	}
}

// TestPanelText: the panel of a link-preview image carries its title, key
// and source as dark pixels on white, right of its rule, and the map's
// part is left as drawn.
func TestPanelText(t *testing.T) {
	v := View{W: 150, H: 300, Scale: 1}
	draw := func(p *Panel) []byte {
		r := NewRaster(v, "#f3f2f1")
		if p != nil {
			r.Panel(*p)
		}
		b, err := r.PNG()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	p := &Panel{X: 150, Width: 400, Title: "GP practice ratings", Subtitle: "By rating", Key: []KeyRow{{Fill: "#54278f", Label: "16% or more"}, {Class: Good, Label: "Good: 3"}},
		Figure: "England: 9%", Source: "Source: CQC", Site: "example.org"}
	img, err := png.Decode(bytes.NewReader(draw(p)))
	if err != nil {
		t.Fatal(err)
	}
	dark := func(x0, y0, x1, y1 int) int {
		n := 0
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				if r>>8 < 0x80 && g>>8 < 0x80 && b>>8 < 0x80 {
					n++
				}
			}
		}
		return n
	}
	if n := dark(178, 25, 400, 65); n < 100 {
		t.Errorf("title: %d dark pixels", n)
	}
	if n := dark(178, 260, 400, 300); n < 50 {
		t.Errorf("source: %d dark pixels", n)
	}
	purple := 0
	for y := 0; y < 300; y++ {
		for x := 150; x < 400; x++ {
			if r, g, b, _ := img.At(x, y).RGBA(); r>>8 == 0x54 && g>>8 == 0x27 && b>>8 == 0x8f {
				purple++
			}
		}
	}
	if purple < 100 {
		t.Errorf("the key's swatch: %d pixels of its colour", purple)
	}
	if n := dark(0, 0, 148, 300); n != 0 {
		t.Errorf("%d dark pixels left of the panel", n)
	}
	if img.Bounds().Dx() != 400 {
		t.Errorf("width %d, want the panel's 400", img.Bounds().Dx())
	}
	if !bytes.Equal(draw(p), draw(p)) {
		t.Error("two renderings differ")
	}
}

// TestPanelRasterSameAsWidened: a raster made with room for its panel
// gives the same bytes as one that Panel widens by copying, with a map
// drawn across the view's right edge (which the panel must cover).
func TestPanelRasterSameAsWidened(t *testing.T) {
	o := NewOutline(square)
	v := Fit(o.Bound, 90, 60, 60, 0)
	p := Panel{X: 70, Width: 200, Title: "GP practice ratings", Key: []KeyRow{{Class: Good, Label: "Good: 3"}}, Source: "Source: CQC"}
	var out [2][]byte
	for i, r := range []*Raster{NewRaster(v, "#f3f2f1"), NewPanelRaster(v, "#f3f2f1", p.Width)} {
		r.Outline(o, "#54278f", "#1d1d1b", 2)
		r.Panel(p)
		b, err := r.PNG()
		if err != nil {
			t.Fatal(err)
		}
		out[i] = b
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Error("the raster with room for its panel differs from the widened one")
	}
	img, err := png.Decode(bytes.NewReader(out[1]))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != p.Width {
		t.Errorf("width %d, want %d", img.Bounds().Dx(), p.Width)
	}
}
