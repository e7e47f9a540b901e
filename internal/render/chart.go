package render

import (
	"fmt"
	"html/template"
	"strings"

	"ratingsite/internal/figures"
)

// barChart draws a distribution as an inline SVG horizontal bar chart. Each
// bar carries its rating's name and figures as text, so nothing is told by
// colour alone; the page puts the same figures in a table beside it. id
// must be unique within the page.
func barChart(id, title string, d figures.Distribution) template.HTML {
	const (
		labelW = 170
		barW   = 300
		rowH   = 28
		width  = labelW + barW + 100
	)
	shares := d.Shares()
	height := rowH*len(shares) + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t" xmlns="http://www.w3.org/2000/svg">`,
		width, height, width, height, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title>`, id, template.HTMLEscapeString(chartSummary(title, shares)))
	for i, s := range shares {
		y := 4 + i*rowH
		w := 0
		if d.Rated > 0 {
			w = s.Count * barW / d.Rated
		}
		if w == 0 && s.Count > 0 {
			w = 1
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" class="chart-label">%s</text>`, labelW-8, y+18, s.Value)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" class="bar bar--%s"/>`, labelW, y+4, w, rowH-8, s.Value.Slug())
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="chart-value">%d (%s)</text>`, labelW+w+6, y+18, s.Count, s.PercentLabel())
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func chartSummary(title string, shares []figures.Share) string {
	parts := make([]string, len(shares))
	for i, s := range shares {
		parts[i] = fmt.Sprintf("%s %d (%s)", s.Value, s.Count, s.PercentLabel())
	}
	return title + ": " + strings.Join(parts, ", ")
}
