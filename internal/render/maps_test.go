package render

import (
	"os"
	"strings"
	"testing"

	"ratingsite/internal/maps"
	"ratingsite/internal/mapsvg"
)

// TestLegendAssets: the legend's symbol files are the maps' own shapes.
func TestLegendAssets(t *testing.T) {
	for _, c := range mapsvg.Classes {
		name := "../../assets/map-" + c.Slug() + ".svg"
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != mapsvg.LegendSVG(c) {
			t.Errorf("%s differs from mapsvg.LegendSVG(%s):\n%s", name, c.Label(), mapsvg.LegendSVG(c))
		}
	}
}

func TestCSPWithTiles(t *testing.T) {
	for in, want := range map[string]string{
		"https://tile.example.org/{z}/{x}/{y}.png":     "https://tile.example.org",
		"https://{s}.tile.example.org/{z}/{x}/{y}.png": "https://a.tile.example.org",
		"javascript:alert(1)//{z}/{x}/{y}":             "",
		"/tiles/{z}/{x}/{y}.png":                       "",
	} {
		if got := maps.TileOrigin(in); got != want {
			t.Errorf("tileOrigin(%q) = %q, want %q", in, got, want)
		}
	}
	c := &Config{}
	if c.CSP() != CSP {
		t.Error("without tiles the CSP must be the constant")
	}
	c.Maps = &maps.Maps{Tiles: "https://tile.example.org/{z}/{x}/{y}.png"}
	if got, want := c.CSP(), "img-src 'self' https://tile.example.org;"; !strings.Contains(got, want) {
		t.Errorf("CSP with tiles = %q, want %q in it", got, want)
	}
}
