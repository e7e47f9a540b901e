package view

import (
	"testing"
	"time"

	"ratingsite/internal/rating"
)

func TestMiles(t *testing.T) {
	for m, want := range map[float64]string{0: "under 0.1 miles", 0.049: "under 0.1 miles", 0.05: "0.1 miles", 1: "1.0 miles", 12.345: "12.3 miles"} {
		if got := Miles(m); got != want {
			t.Errorf("Miles(%v) = %q, want %q", m, got, want)
		}
	}
}

func TestDatesAndPlural(t *testing.T) {
	d := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{LongDate(d), "4 March 2025"},
		{LongDate(time.Time{}), "date not published"},
		{LongDate(rating.Day(0)), "date not published"},
		{ISODate(d), "2025-03-04"},
		{ISODate(rating.Day(0)), ""},
		{Plural(1, "practice", "practices"), "1 practice"},
		{Plural(0, "practice", "practices"), "0 practices"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
