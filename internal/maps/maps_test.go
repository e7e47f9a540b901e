package maps

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"ratingsite/internal/figures"
	"ratingsite/internal/geo"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

// testSite is one region with three practices: two placed near each
// other, one unplaced.
func testSite() (*site.Site, *site.Area) {
	nw := &site.Area{Kind: site.RegionKind, Name: "North West", Slug: "north-west"}
	la := &site.Area{Kind: site.LocalAuthorityKind, Name: "Oldham", Slug: "oldham", Region: nw}
	nw.LocalAuthorities = []*site.Area{la}
	mk := func(id, name string, v rating.Value, pt orb.Point) *site.Practice {
		p := &site.Practice{Region: nw, LocalAuthority: la}
		p.ID, p.Name = id, name
		p.Ratings[rating.Whole][rating.Overall] = rating.Cell{Value: v}
		if pt != (orb.Point{}) {
			p.Point, p.Placed = pt, geo.FromCQC
		}
		return p
	}
	a := mk("1-1", "A <&> Practice", rating.Good, orb.Point{-2.10, 53.54})
	b := mk("1-2", "B Practice", rating.Inadequate, orb.Point{-2.12, 53.55})
	c := mk("1-3", "C Practice", rating.Outstanding, orb.Point{})
	a.Nearby = []site.Neighbour{{Practice: b, Miles: 0.9}}
	b.Nearby = []site.Neighbour{{Practice: a, Miles: 0.9}}
	nw.Practices = []*site.Practice{a, b, c}
	la.Practices = nw.Practices
	return &site.Site{Practices: nw.Practices, Regions: []*site.Area{nw}, LocalAuthorities: []*site.Area{la}}, nw
}

func TestMaps(t *testing.T) {
	s, nw := testSite()
	m := New(urls.MustParse("https://example.org/r/"), s, figures.Compute(s), Options{})
	if placed, unplaced := m.RegionCounts(nw); placed != 2 || unplaced != 1 {
		t.Errorf("RegionCounts = %d, %d; want 2, 1", placed, unplaced)
	}
	for _, tc := range []struct {
		name string
		svg  string
		want []string
	}{
		{"national", string(m.National(false)), []string{`<a href="/r/regions/north-west/" class="region">`, "North West: 1 of 3 rated practices rated Requires improvement or Inadequate", `fill="#ffffff"` /* too few rated for a share: not shaded */}},
		{"national embed", string(m.National(true)), []string{`<a href="https://example.org/r/regions/north-west/" target="_top"`}},
		{"region", string(m.Region(nw, false)), []string{"A &lt;&amp;&gt; Practice: Good", `href="/r/practices/1-2/"`}},
		{"region embed", string(m.Region(nw, true)), []string{`href="https://example.org/r/practices/1-2/"`, `target="_top"`}},
	} {
		for _, w := range tc.want {
			if !strings.Contains(tc.svg, w) {
				t.Errorf("%s map lacks %s:\n%s", tc.name, w, tc.svg)
			}
		}
		if strings.Contains(tc.svg, "<&>") {
			t.Errorf("%s map holds an unescaped name", tc.name)
		}
	}
	if m.Practice(nw.Practices[2]) != nil {
		t.Error("an unplaced practice has a small map")
	}
	sm := m.Practice(nw.Practices[0])
	if sm == nil {
		t.Fatal("no small map")
	}
	if want := "A <&> Practice (circled) and the nearest practice, by overall rating."; sm.Caption != want {
		t.Errorf("caption %q, want %q", sm.Caption, want)
	}
	if !strings.Contains(string(sm.List), `<a href="/r/practices/1-2/">B Practice</a> (Inadequate, 0.9 miles)`) {
		t.Errorf("list: %s", sm.List)
	}
	if !sm.Legend.Has[mapsvg.ClassOf(rating.Good)] || !sm.Legend.Has[mapsvg.ClassOf(rating.Inadequate)] || sm.Legend.Has[mapsvg.ClassOf(rating.Outstanding)] {
		t.Errorf("legend %v", sm.Legend)
	}
	sh := m.Share(nw)
	if sh.Embed != "https://example.org/r/embed/regions/north-west/" || sh.CSV != "/r/regions/north-west/practices.csv" || !strings.Contains(sh.IFrame, `title="Map of GP practice ratings in the North West"`) {
		t.Errorf("share %+v", sh)
	}
}

func TestTiles(t *testing.T) {
	for in, want := range map[string]string{
		"https://tile.example.org/{z}/{x}/{y}.png":     "https://tile.example.org",
		"https://{s}.tile.example.org/{z}/{x}/{y}.png": "https://a.tile.example.org",
		"javascript:alert(1)//{z}/{x}/{y}":             "",
		"/tiles/{z}/{x}/{y}.png":                       "",
	} {
		if got := TileOrigin(in); got != want {
			t.Errorf("TileOrigin(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tc := range []struct {
		tiles, credit string
		ok            bool
	}{
		{"", "", true},
		{"https://t.example.org/{z}/{x}/{y}.png", "© x", true},
		{"https://t.example.org/{z}/{x}.png", "© x", false},
		{"https://t.example.org/{z}/{x}/{y}.png", "", false},
		{"ftp://t.example.org/{z}/{x}/{y}.png", "© x", false},
	} {
		if err := CheckTiles(tc.tiles, tc.credit); (err == nil) != tc.ok {
			t.Errorf("CheckTiles(%q, %q) = %v", tc.tiles, tc.credit, err)
		}
	}
}
