package site

import (
	"strings"

	"ratingsite/internal/cqc"
)

// CleanText drops the control characters a value may hold (C0, DEL and
// C1: a name typed with a stray escape or NUL), which HTML and SVG cannot
// hold even escaped, and turns tabs and line breaks into spaces. Other
// text is returned as it is, without copying.
func CleanText(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case isControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 }

// cleanLocation applies CleanText to every text field of l that a page,
// map, feed or download shows.
func cleanLocation(l *cqc.Location) {
	for _, f := range []*string{&l.ODS, &l.Name, &l.Category, &l.Type, &l.Street, &l.Line2, &l.City, &l.County, &l.Postcode,
		&l.LocalAuthority, &l.Region, &l.NHSRegion, &l.ICBCode, &l.ICBName, &l.Phone, &l.Website,
		&l.ProviderID, &l.ProviderName, &l.BrandID, &l.BrandName, &l.ReportURL} {
		*f = CleanText(*f)
	}
}
