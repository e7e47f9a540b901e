package render

import (
	"os"
	"strings"
	"testing"

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
	if cspWithTiles("") != CSP || cspWithTiles("javascript:alert(1)//{z}/{x}/{y}") != CSP {
		t.Error("without tiles the CSP must be the constant")
	}
	if got, want := cspWithTiles("https://tile.example.org/{z}/{x}/{y}.png"), "img-src 'self' https://tile.example.org;"; !strings.Contains(got, want) {
		t.Errorf("CSP with tiles = %q, want %q in it", got, want)
	}
}
