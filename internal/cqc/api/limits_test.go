package api

import (
	"runtime"
	"strings"
	"testing"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
)

// TestReadLimits: a name over 300 characters, or an ID starting with '-',
// makes the document unusable, with one error naming the field and a short
// quote; a 100,000-character name costs memory in proportion to it only.
func TestReadLimits(t *testing.T) {
	long := strings.Repeat("ab", 50_000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	loc, p := apiReadString(`{"locationId": "1-1", "name": "` + long + `", "registrationStatus": "Registered"}`)
	runtime.ReadMemStats(&after)
	es := p.Errors()
	if loc != nil || len(es) != 1 || es[0].Field != "name" || !strings.Contains(es[0].Message, "100000 characters long") || len(es[0].String()) > 400 {
		t.Errorf("long name: %v %v", loc, es)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
		t.Errorf("allocated %d bytes", grew)
	}
	if loc, p := apiReadString(`{"locationId": "1-1", "name": "` + strings.Repeat("n", 300) + `", "registrationStatus": "Registered"}`); loc == nil || p.HasErrors() {
		t.Errorf("300 characters: %v", p.All())
	}
	if loc, p := apiReadString(`{"locationId": "-1", "name": "N", "registrationStatus": "Registered"}`); loc != nil || !strings.Contains(p.Errors()[0].Message, `starts with "-"`) {
		t.Errorf("ID -1: %v %v", loc, p.All())
	}
}

// TestDedupe: two documents for one location: the first is kept, with a
// warning when they differ.
func TestDedupe(t *testing.T) {
	a := &cqc.Location{File: "api/a.json", ID: "1-1", Name: "A"}
	a2 := &cqc.Location{File: "api/a2.json", ID: "1-1", Name: "A"}
	b := &cqc.Location{File: "api/b.json", ID: "1-2", Name: "B"}
	b2 := &cqc.Location{File: "api/b2.json", ID: "1-2", Name: "B, renamed"}
	var p diag.List
	got := Dedupe([]*cqc.Location{a, nil, b, a2, b2}, &p)
	if len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("kept %v", got)
	}
	ws := p.All()
	if len(ws) != 1 || ws[0].Severity != diag.Warning || ws[0].File != "api/b2.json" || !strings.Contains(ws[0].Message, "api/b.json are both for location 1-2 and differ") {
		t.Errorf("problems %v", ws)
	}
}
