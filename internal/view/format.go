package view

import (
	"fmt"
	"strconv"
)

// Dated is a time.Time or a rating.Day: both have IsZero and Format.
type Dated interface {
	IsZero() bool
	Format(string) string
}

// LongDate is a date as pages write it, "2 January 2006".
func LongDate(t Dated) string {
	if t.IsZero() {
		return "date not published"
	}
	return t.Format("2 January 2006")
}

// ISODate is a date as a datetime attribute or a sort key, "2006-01-02";
// "" for no date.
func ISODate(t Dated) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// Plural is n with the word for one or for many: "1 practice", "3
// practices".
func Plural(n int, one, many string) string {
	if n == 1 {
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Miles is a distance as pages show it: "0.4 miles", "12.0 miles",
// "under 0.1 miles". assets/search.js writes the same.
func Miles(m float64) string {
	if m < 0.05 {
		return "under 0.1 miles"
	}
	return fmt.Sprintf("%.1f miles", m)
}
