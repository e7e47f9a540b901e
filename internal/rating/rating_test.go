package rating

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in     string
		want   Value
		ok     bool
		rating bool
	}{
		{"Outstanding", Outstanding, true, true},
		{"Good", Good, true, true},
		{" requires  improvement ", RequiresImprovement, true, true},
		{"Requires Improvement", RequiresImprovement, true, true},
		{"Inadequate", Inadequate, true, true},
		{"Inspected but not rated", InspectedNotRated, true, false},
		{"Insufficient evidence to rate", InsufficientEvidence, true, false},
		{"No published rating", NoPublishedRating, true, false},
		{"Not rated", NotRated, true, false},
		{"Not applicable", NotApplicable, true, false},
		{"Regulations met", RegulationsMet, true, false},
		{"", None, true, false},
		{"Goood", None, false, false},
		{"Excellent", None, false, false},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if got != tt.want || ok != tt.ok || got.IsRating() != tt.rating {
			t.Errorf("Parse(%q) = %v, %v (rating %v); want %v, %v (rating %v)", tt.in, got, ok, got.IsRating(), tt.want, tt.ok, tt.rating)
		}
	}
}

func TestEveryValueRoundTrips(t *testing.T) {
	for _, w := range Words() {
		v, ok := Parse(w)
		if !ok || v.String() != w {
			t.Errorf("Parse(%q) = %v, %v", w, v, ok)
		}
		if v.Slug() == "" || v.Slug() == "none" || v.Meaning() == "" {
			t.Errorf("%v lacks a slug or meaning", v)
		}
	}
	if len(Words()) != len(Ratings)+len(NonRatings) {
		t.Errorf("Words() has %d entries, want %d", len(Words()), len(Ratings)+len(NonRatings))
	}
}

func TestIndexAndBetter(t *testing.T) {
	for i, v := range Ratings {
		if v.Index() != i {
			t.Errorf("%v.Index() = %d, want %d", v, v.Index(), i)
		}
	}
	if InspectedNotRated.Index() != -1 || None.Index() != -1 {
		t.Error("non-ratings must have index -1")
	}
	if !Good.Better(Inadequate) || Inadequate.Better(Good) || Good.Better(NotRated) {
		t.Error("Better is wrong")
	}
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDueBy(t *testing.T) {
	tests := []struct {
		v    Value
		from string
		want string
		ok   bool
	}{
		{Inadequate, "2025-03-15", "2025-09-15", true},
		{RequiresImprovement, "2025-03-15", "2026-03-15", true},
		{Good, "2020-02-29", "2025-02-28", true},
		{Outstanding, "2021-06-01", "2026-06-01", true},
		{Inadequate, "2025-08-31", "2026-02-28", true},
		{Inadequate, "2023-08-31", "2024-02-29", true},
		{RequiresImprovement, "2024-02-29", "2025-02-28", true},
		{InspectedNotRated, "2025-01-01", "", false},
		{None, "2025-01-01", "", false},
	}
	for _, tt := range tests {
		got, ok := tt.v.DueBy(date(tt.from))
		if ok != tt.ok || ok && !got.Equal(date(tt.want)) {
			t.Errorf("%v.DueBy(%s) = %s, %v; want %s, %v", tt.v, tt.from, got.Format("2006-01-02"), ok, tt.want, tt.ok)
		}
	}
	if _, ok := Good.DueBy(time.Time{}); ok {
		t.Error("a zero date must give no due date")
	}
}

func TestParseDomainAndGroup(t *testing.T) {
	for d := Overall; d < NumDomains; d++ {
		if got, ok := ParseDomain(d.String()); !ok || got != d {
			t.Errorf("ParseDomain(%q) = %v, %v", d.String(), got, ok)
		}
	}
	if d, ok := ParseDomain("well led"); !ok || d != WellLed {
		t.Errorf("ParseDomain(well led) = %v, %v", d, ok)
	}
	if _, ok := ParseDomain("Kind"); ok {
		t.Error("ParseDomain accepted an unknown domain")
	}
	for g := Whole; g < NumGroups; g++ {
		if got, ok := ParseGroup(g.String()); !ok || got != g {
			t.Errorf("ParseGroup(%q) = %v, %v", g.String(), got, ok)
		}
		if g != Whole {
			if got, ok := ParseAPIGroup(g.APIName()); !ok || got != g {
				t.Errorf("ParseAPIGroup(%q) = %v, %v", g.APIName(), got, ok)
			}
		}
	}
	if g, ok := ParseGroup("People with long-term conditions"); !ok || g != LongTermConditions {
		t.Errorf("ParseGroup(long-term) = %v, %v", g, ok)
	}
	if _, ok := ParseGroup("Children"); ok {
		t.Error("ParseGroup accepted an unknown group")
	}
	if _, ok := ParseAPIGroup("surgery"); ok {
		t.Error("ParseAPIGroup accepted a hospital service")
	}
}

func TestDay(t *testing.T) {
	for _, s := range []string{"1990-01-01", "2020-02-29", "2024-12-31", "2099-06-15"} {
		d := DayOf(date(s))
		if d.String() != s || !d.Time().Equal(date(s)) || d.IsZero() {
			t.Errorf("DayOf(%s) = %d, String %q, Time %v", s, d, d.String(), d.Time())
		}
	}
	if !DayOf(time.Time{}).IsZero() || !Day(0).Time().IsZero() || Day(0).String() != "" {
		t.Error("the zero time and the zero Day must map to each other")
	}
	// A time late in the day, or in another zone, is still its calendar date.
	late := time.Date(2024, 3, 14, 23, 59, 0, 0, time.FixedZone("BST", 3600))
	if got := DayOf(late).String(); got != "2024-03-14" {
		t.Errorf("DayOf(late) = %s", got)
	}
	if DayOf(date("2024-03-14")) >= DayOf(date("2024-03-15")) {
		t.Error("days must order as dates")
	}
}
