// Package templates is the site's HTML: compiled templates
// (github.com/a-h/templ) that print the views internal/render prepares
// (internal/view). They call nothing but the pure formatting helpers of
// internal/view and this file, and take every fixed path from
// internal/urls.
//
// Edit the .templ files, then run `go tool templ generate` (or go generate
// ./templates): the generated *_templ.go files are committed, so that a
// build needs no extra tool, and a test fails when they are stale.
package templates

//go:generate go tool templ generate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"ratingsite/internal/figures"
	"ratingsite/internal/maps"
	"ratingsite/internal/rating"
	"ratingsite/internal/view"
)

// pick is yes when b holds, else no.
func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// counted is n in a counted map key, else 0 (no note).
func counted(k maps.LegendKey, n int) int {
	if !k.Counted {
		return 0
	}
	return n
}

// prefixed is s after sep, or "" when s is "".
func prefixed(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}

// barWidth is a bar's width, the share of count in rated to one decimal.
func barWidth(count, rated int) string {
	return strconv.FormatFloat(math.Round(float64(count)*1000/float64(rated))/10, 'f', -1, 64) + "%"
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

func itoa(n int) string { return strconv.Itoa(n) }

// unplaced says how many practices a region's map cannot show.
func unplaced(n int) string {
	if n == 0 {
		return ""
	}
	return "; " + view.Plural(n, "practice has", "practices have") + " no known location and " + pick(n == 1, "is", "are") + " listed only in the table"
}

// listLabel names a count that links to its national list: "3 rated
// Inadequate overall", "5 not rated overall", "2 Safe: Inadequate", "4
// Safe: not rated". value is "" for the practices not rated.
func listLabel(n int, d rating.Domain, value string) string {
	switch {
	case d == rating.Overall && value == "":
		return itoa(n) + " not rated overall"
	case d == rating.Overall:
		return itoa(n) + " rated " + value + " overall"
	case value == "":
		return itoa(n) + " " + d.String() + ": not rated"
	}
	return itoa(n) + " " + d.String() + ": " + value
}
