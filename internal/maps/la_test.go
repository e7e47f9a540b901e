package maps

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"ratingsite/internal/encode"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"ratingsite/internal/figures"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

func box(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

// validSVG parses a map as XML: its text is escaped and it is well formed.
func validSVG(t *testing.T, name, svg string) {
	t.Helper()
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Errorf("%s: not XML: %v", name, err)
	}
}

// TestLocalAuthorityMaps: with a boundary, a local authority's map draws
// and shades its outline and names it; the region's map names its local
// authorities; the national map names every region with its share; a
// local authority without a boundary is still mapped, on its region's
// outline, and says so through Outlined.
func TestLocalAuthorityMaps(t *testing.T) {
	s, nw := testSite()
	oldham := nw.LocalAuthorities[0]
	bury := &site.Area{Kind: site.LocalAuthorityKind, Name: "Bury <&>", Slug: "bury", Region: nw}
	nw.LocalAuthorities = append(nw.LocalAuthorities, bury)
	s.LocalAuthorities = append(s.LocalAuthorities, bury)
	// Bury holds practice B: Oldham keeps A and C.
	b := nw.Practices[1]
	b.LocalAuthority = bury
	bury.Practices = []*site.Practice{b}
	oldham.Practices = []*site.Practice{nw.Practices[0], nw.Practices[2]}
	m := New(urls.MustParse("https://example.org/"), s, figures.Compute(s), Options{
		Boundaries:      map[*site.Area]orb.MultiPolygon{nw: box(-3.2, 53.0, -1.9, 55.2)},
		LocalBoundaries: map[*site.Area]orb.MultiPolygon{oldham: box(-2.3, 53.45, -1.95, 53.65)},
	})
	if !m.Outlined(oldham) || m.Outlined(bury) {
		t.Errorf("Outlined: Oldham %v, Bury %v; want true, false", m.Outlined(oldham), m.Outlined(bury))
	}
	la := string(m.Region(oldham, false))
	validSVG(t, "Oldham", la)
	for _, want := range []string{`Map of GP practices in Oldham by overall rating`, `<tspan>Oldham</tspan>`, `fill-opacity=".55"`, `href="/practices/1-1/"`} {
		if !strings.Contains(la, want) {
			t.Errorf("Oldham's map lacks %s:\n%s", want, la)
		}
	}
	if strings.Contains(la, `href="/practices/1-2/"`) {
		t.Error("Oldham's map shows Bury's practice")
	}
	by := string(m.Region(bury, true))
	validSVG(t, "Bury", by)
	if by == "" || !strings.Contains(by, `href="https://example.org/practices/1-2/"`) || !strings.Contains(by, `class="map-las"`) {
		t.Errorf("Bury's map (no boundary) lacks its practice or the local authorities around:\n%s", by)
	}
	reg := string(m.Region(nw, false))
	validSVG(t, "North West", reg)
	if !strings.Contains(reg, `<tspan>Oldham</tspan>`) || !strings.Contains(reg, `class="map-las"`) {
		t.Errorf("the region's map does not name or outline its local authorities:\n%s", reg)
	}
	if strings.Contains(reg, "<&>") {
		t.Error("an unescaped name on the region's map")
	}
	nat := string(m.National(false))
	validSVG(t, "national", nat)
	if !strings.Contains(nat, `<tspan>North West</tspan><tspan x="`) || !strings.Contains(nat, `">1 of 3</tspan>`) {
		t.Errorf("the national map does not name the North West with its share (1 of 3 rated, too few for a percentage):\n%s", nat)
	}
	sh := m.Share(oldham)
	if sh.Embed != "https://example.org/embed/local-authorities/oldham/" || sh.CSV != "/local-authorities/oldham/practices.csv" || sh.GeoJSON != "/local-authorities/oldham/practices.geojson" {
		t.Errorf("share %+v", sh)
	}
	k := m.CountedLegend(oldham)
	if !k.Counted || k.Count != [5]int{0, 1, 0, 0, 0} {
		t.Errorf("Oldham's legend %+v: want 1 Good on the map (C has no location)", k)
	}
	if n := m.CountedLegend(nil); n.NoShade != 1 {
		t.Errorf("national legend %+v: the North West has too few rated for a shade", n)
	}
	for _, a := range []*site.Area{nw, oldham, bury} {
		b, err := encode.PNG(m.RegionScene(a))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 630 {
			t.Errorf("%s: image %v", a.Name, img.Bounds())
		}
	}
}

// TestEmbedHeights: the suggested heights leave room for the embed's text
// and a map of a usable size, at 680 px and on a phone, and the
// responsive code is a frame in a box whose height follows its width.
func TestEmbedHeights(t *testing.T) {
	s, nw := testSite()
	m := New(urls.MustParse("https://example.org/"), s, figures.Compute(s), Options{Boundaries: map[*site.Area]orb.MultiPolygon{nw: box(-3.2, 53.0, -1.9, 55.2)}})
	for _, a := range []*site.Area{nil, nw} {
		sh := m.Share(a)
		if sh.Height < MinHeight || sh.Height > 560+embedChrome || sh.PhoneHeight < 200+phoneChrome || sh.PhoneHeight > 320+phoneChrome {
			t.Errorf("%v: heights %d and %d on a phone", a, sh.Height, sh.PhoneHeight)
		}
		if !strings.Contains(sh.IFrame, `height="`) || !strings.Contains(sh.Responsive, "padding-bottom:min(calc(") || !strings.Contains(sh.Responsive, `<iframe src="`+sh.Embed) {
			t.Errorf("%v: code %s\n%s", a, sh.IFrame, sh.Responsive)
		}
	}
}
