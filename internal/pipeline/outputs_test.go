package pipeline

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// wellFormedXML reports whether b is one well-formed XML document.
func wellFormedXML(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		return io.ErrUnexpectedEOF
	}
	return nil
}

var inlineSVG = regexp.MustCompile(`(?s)<svg\b.*?</svg>`)

// checkOutputsParse checks every JSON, GeoJSON, XML and SVG file of a built
// site, and every SVG drawn inline in its pages.
func checkOutputsParse(t *testing.T, out fs.FS) map[string]int {
	t.Helper()
	counts := map[string]int{}
	err := fs.WalkDir(out, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(out, p)
		if err != nil {
			return err
		}
		switch ext := path.Ext(p); ext {
		case ".json", ".geojson":
			counts[ext]++
			if !json.Valid(b) {
				t.Errorf("%s is not valid JSON", p)
			}
		case ".xml", ".svg":
			counts[ext]++
			if err := wellFormedXML(b); err != nil {
				t.Errorf("%s is not well-formed XML: %v", p, err)
			}
		case ".html":
			checkCSPFriendly(t, p, b)
			for _, svg := range inlineSVG.FindAll(b, -1) {
				counts["inline svg"]++
				if err := wellFormedXML(svg); err != nil {
					t.Errorf("%s: inline SVG is not well-formed XML: %v\n%s", p, err, svg)
				}
				// Every SVG has a title but a chart's bars, hidden from
				// assistive technology beside the figures they draw.
				if !bytes.Contains(svg, []byte("<title")) && !bytes.Contains(svg[:bytes.IndexByte(svg, '>')], []byte(`aria-hidden="true"`)) {
					t.Errorf("%s: inline SVG has no <title>", p)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return counts
}

func TestSampleOutputsParse(t *testing.T) {
	out, res := buildSample(t, "https://example.org/")
	counts := checkOutputsParse(t, out)
	practiceJSON, _ := fs.Glob(out, "practices/*.json")
	if len(practiceJSON) != res.Practices+res.Closed || counts[".json"] <= len(practiceJSON) {
		t.Errorf("%d practice JSON files, want one per practice, closed ones included (%d); %d JSON files in all, with the search index", len(practiceJSON), res.Practices+res.Closed, counts[".json"])
	}
	if counts["inline svg"] == 0 || counts[".svg"] == 0 {
		t.Errorf("no SVG checked: %v", counts)
	}
	headers, err := fs.ReadFile(out, "_headers")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/*\n", "Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'", "frame-ancestors 'self'", "X-Content-Type-Options: nosniff"} {
		if !strings.Contains(string(headers), want) {
			t.Errorf("_headers lacks %q:\n%s", want, headers)
		}
	}
}

// checkCSPFriendly fails on anything the site's Content-Security-Policy
// would block: inline scripts and styles, style attributes, event
// handlers, and resources from other origins.
func checkCSPFriendly(t *testing.T, name string, page []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "style" || n.Data == "script" && (n.FirstChild != nil || attr(n, "src") == "") {
			t.Errorf("%s: inline <%s>", name, n.Data)
		}
		for _, a := range n.Attr {
			if a.Key == "style" || strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: <%s %s=…> would be blocked by the CSP", name, n.Data, a.Key)
			}
			if (a.Key == "src" || n.Data == "link" && a.Key == "href" && attr(n, "rel") != "canonical") && strings.Contains(a.Val, "//") {
				t.Errorf("%s: <%s> loads %s from another origin", name, n.Data, a.Val)
			}
		}
	}
}
