package render

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"ratingsite/internal/figures"
)

// barChart draws a distribution as a horizontal bar chart in HTML: each
// row is the rating's name, a bar and its figures as text, so nothing is
// told by colour alone and the text keeps the page's size on a phone (an
// SVG scaled to fit a narrow screen shrinks its text). Each bar is a small
// SVG stretched to its share of the row: a width attribute, not a style,
// which the Content-Security-Policy would block. The page puts the same
// figures in a table beside it. id must be unique within the page. Below
// figures.MinBase rated practices the chart has counts and no bars: a bar
// is a share, and a share of so few says more than it knows.
func barChart(id, title string, d figures.Distribution) template.HTML {
	shares := d.Shares()
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="chart" id="%s" role="img" aria-label="%s">`, id, template.HTMLEscapeString(chartSummary(title, shares)))
	for _, s := range shares {
		fmt.Fprintf(&b, `<div class="chart-row"><span class="chart-label">%s</span><span class="chart-bar">`, template.HTMLEscapeString(s.Value.String()))
		label := s.PercentLabel()
		if label != "" && s.Count > 0 {
			fmt.Fprintf(&b, `<svg class="bar bar--%s" width="%s%%" height="18" viewBox="0 0 10 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="10" height="10"/></svg>`,
				s.Value.Slug(), strconv.FormatFloat(math.Round(float64(s.Count)*1000/float64(d.Rated))/10, 'f', -1, 64))
		}
		fmt.Fprintf(&b, `</span><span class="chart-value">%s</span></div>`, template.HTMLEscapeString(countShare(s)))
	}
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

func chartSummary(title string, shares []figures.Share) string {
	parts := make([]string, len(shares))
	for i, s := range shares {
		parts[i] = fmt.Sprintf("%s %s", s.Value, countShare(s))
	}
	return title + ": " + strings.Join(parts, ", ")
}

// countShare is a count with its share, "12 (40%)", or the count alone
// when the base is too small for a percentage (figures.ShareLabel).
func countShare(s figures.Share) string {
	if l := s.PercentLabel(); l != "" {
		return fmt.Sprintf("%d (%s)", s.Count, l)
	}
	return strconv.Itoa(s.Count)
}
