package viewkey

import (
	"testing"
	"time"

	"ratingsite/internal/site"
	"ratingsite/internal/view"
)

func TestHashTellsValuesApart(t *testing.T) {
	type inner struct {
		A string
		B []int
	}
	type page struct {
		S   string
		N   int
		F   float64
		B   bool
		T   time.Time
		P   *inner
		L   []inner
		M   map[string]int
		I   any
		Row *view.PracticeRow
		Ref *site.Practice
		u   string // unexported fields count too
	}
	day := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	london, _ := time.LoadLocation("Europe/London")
	base := func() page {
		return page{S: "a", N: 1, F: 1.5, B: true, T: day, P: &inner{"x", []int{1}}, L: []inner{{"y", nil}},
			M: map[string]int{"k": 1, "l": 2}, I: 3, Row: &view.PracticeRow{Name: "R"}, Ref: &site.Practice{ID: "1-1", Name: "P"}, u: "u"}
	}
	var vh Hasher
	want := vh.Sum(base())
	if vh.Sum(base()) != want {
		t.Fatal("the same value hashes differently")
	}
	for _, c := range []struct {
		name   string
		change func(*page)
	}{
		{"string", func(v *page) { v.S = "b" }},
		{"string split differently", func(v *page) { v.S, v.P.A = "ax", "" }},
		{"int", func(v *page) { v.N = 2 }},
		{"float", func(v *page) { v.F = 1.25 }},
		{"bool", func(v *page) { v.B = false }},
		{"time", func(v *page) { v.T = day.Add(time.Second) }},
		{"time zone", func(v *page) { v.T = day.In(london) }},
		{"pointer's content", func(v *page) { v.P.B[0] = 2 }},
		{"nil pointer", func(v *page) { v.P = nil }},
		{"nil slice", func(v *page) { v.P.B = nil }},
		{"empty slice", func(v *page) { v.L = v.L[:0] }},
		{"slice element", func(v *page) { v.L[0].A = "z" }},
		{"map value", func(v *page) { v.M["k"] = 5 }},
		{"map key", func(v *page) { delete(v.M, "l") }},
		{"interface type", func(v *page) { v.I = int64(3) }},
		{"interface value", func(v *page) { v.I = 4 }},
		{"shared row", func(v *page) { v.Row = &view.PracticeRow{Name: "S"} }},
		{"reference identity", func(v *page) { v.Ref = &site.Practice{ID: "1-2", Name: "P"} }},
		{"unexported", func(v *page) { v.u = "v" }},
	} {
		v := base()
		c.change(&v)
		if vh.Sum(v) == want {
			t.Errorf("%s: the change does not change the hash", c.name)
		}
	}
	// A reference is its identity only; a map has no order.
	v := base()
	v.Ref.Name = "Other"
	if vh.Sum(v) != want {
		t.Error("a reference's content changed the hash")
	}
	for range 20 {
		v := base()
		v.M = map[string]int{"l": 2, "k": 1}
		if vh.Sum(v) != want {
			t.Fatal("a map's order changed the hash")
		}
	}
	// A shared pointer is hashed once per build: a later change to the
	// same row is not seen, by design (rows are fixed once prepared).
	row := &view.PracticeRow{Name: "R"}
	k := vh.Sum(row)
	row.Name = "changed"
	if vh.Sum(row) != k {
		t.Error("a shared row was hashed again")
	}
	if (&Hasher{}).Sum(row) == k {
		t.Error("a new build's hasher remembered the row")
	}
}

func TestHashRefusesFuncsAndCycles(t *testing.T) {
	type loop struct{ Next *loop }
	l := &loop{}
	l.Next = l
	for _, v := range []any{func() {}, struct{ C chan int }{}, l} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%T: no panic", v)
				}
			}()
			var vh Hasher
			vh.Sum(v)
		}()
	}
}
