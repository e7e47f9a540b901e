package linkcheck

import (
	"testing"
	"testing/fstest"
)

func TestCheck(t *testing.T) {
	site := fstest.MapFS{
		"index.html": {Data: []byte(`<a href="/r/about/">ok</a><a href="/r/missing/">bad</a><a href="https://cqc.org.uk/">ext</a>
<a href="#main">frag</a><a href="/about/">no prefix</a><link rel="stylesheet" href="/r/assets/site.css"><script src="/r/assets/gone.js"></script>
<a href="about/">relative</a><a href="tel:0161">tel</a>`)},
		"about/index.html": {Data: []byte(`<a href="../">up</a><a href="/r/">home</a><a href="x.json">rel</a>`)},
		"about/x.json":     {Data: []byte(`{}`)},
		"assets/site.css":  {Data: []byte(`a{}`)},
	}
	res, err := Check(site, "/r/")
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 2 || res.Links != 12 {
		t.Errorf("pages %d links %d, want 2 and 12", res.Pages, res.Links)
	}
	want := []Broken{{"index.html", "/about/"}, {"index.html", "/r/assets/gone.js"}, {"index.html", "/r/missing/"}}
	got := res.Sorted()
	if len(got) != len(want) {
		t.Fatalf("broken = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("broken[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}
