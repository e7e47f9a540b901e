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
	html := string(barChart("c1", `North <West> & "co"`, d))
	if err := xml.Unmarshal([]byte(html), new(struct{})); err != nil {
		t.Fatalf("not XML: %v\n%s", err, html)
	}
	for _, want := range []string{`id="c1" role="img"`, `aria-label="North &lt;West&gt; &amp; &#34;co&#34;: Outstanding 1 (10%), Good 6 (60%)`,
		">Requires improvement<", "2 (20%)", `class="bar bar--good" width="60%"`} {
		if !strings.Contains(html, want) {
			t.Errorf("chart lacks %q:\n%s", want, html)
		}
	}
	// A share that rounds to nothing is "<1%": escaped, as in a table.
	d = figures.Distribution{Count: [4]int{1, 300, 0, 0}, Rated: 301}
	d.Percent = figures.LargestRemainder(d.Count, d.Rated)
	html = string(barChart("c2", "T", d))
	if !strings.Contains(html, ">1 (&lt;1%)<") || strings.Contains(html, "(<") {
		t.Errorf("a share under 1%% is not escaped:\n%s", html)
	}
	if strings.Contains(html, "bar--requires-improvement") {
		t.Errorf("a rating with no practices has a bar:\n%s", html)
	}
}
