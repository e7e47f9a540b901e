package render

import (
	"encoding/xml"
	"strings"
	"testing"

	"ratingsite/internal/figures"
)

func TestNewAsset(t *testing.T) {
	a := NewAsset("site.css", []byte("body{color:#000}"))
	b := NewAsset("site.css", []byte("body{color:#111}"))
	if !strings.HasPrefix(a.Path, "/assets/site.") || !strings.HasSuffix(a.Path, ".css") || a.Path == b.Path {
		t.Errorf("paths %q and %q", a.Path, b.Path)
	}
	if !strings.HasPrefix(a.Integrity, "sha384-") || a.Integrity == b.Integrity {
		t.Errorf("integrity %q and %q", a.Integrity, b.Integrity)
	}
	if NewAsset("site.css", []byte("body{color:#000}")) != a {
		t.Error("the same content must give the same name")
	}
}

func TestBarChart(t *testing.T) {
	d := figures.Distribution{Count: [4]int{1, 6, 2, 1}, Rated: 10}
	d.Percent = figures.LargestRemainder(d.Count, d.Rated)
	svg := string(barChart("c1", `North <West> & "co"`, d))
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not XML: %v\n%s", err, svg)
	}
	for _, want := range []string{`aria-labelledby="c1-t"`, `North &lt;West&gt; &amp; &#34;co&#34;: Outstanding 1 (10%), Good 6 (60%)`, ">Requires improvement<", "2 (20%)"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q:\n%s", want, svg)
		}
	}
}
