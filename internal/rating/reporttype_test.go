package rating

import (
	"fmt"
	"sync"
	"testing"
	"unsafe"
)

func TestReportTypeInterning(t *testing.T) {
	if ReportTypeOf("") != 0 || ReportType(0).String() != "" {
		t.Error(`"" is not the zero report type`)
	}
	loc, prov := ReportTypeOf("Location"), ReportTypeOf("Provider")
	if loc == prov || loc == 0 || ReportTypeOf("Location") != loc {
		t.Errorf("Location %d, Provider %d, again %d", loc, prov, ReportTypeOf("Location"))
	}
	if loc.String() != "Location" || prov.String() != "Provider" {
		t.Errorf("names %q, %q", loc, prov)
	}
	if ReportType(60000).String() != "" {
		t.Error("an unknown report type has a name")
	}
	// Concurrent readers agree on one number per name.
	var wg sync.WaitGroup
	got := make([]ReportType, 8)
	for i := range got {
		wg.Go(func() { got[i] = ReportTypeOf("Concurrent") })
	}
	wg.Wait()
	for _, g := range got {
		if g != got[0] || g.String() != "Concurrent" {
			t.Fatalf("concurrent interning gave %v", got)
		}
	}
	// The table is bounded against hostile input.
	for i := range 2 * maxReportTypes {
		ReportTypeOf(fmt.Sprintf("type %d", i))
	}
	if n := len(*reportTypes.names.Load()); n > maxReportTypes {
		t.Errorf("%d report types interned, more than %d", n, maxReportTypes)
	}
	if loc.String() != "Location" {
		t.Error("interning more names changed an old one")
	}
}

// A Cell holds no pointer and stays small: the model's 42 cells for each
// of 100,000 practices are neither scanned by the collector nor large.
func TestCellIsSmall(t *testing.T) {
	if size := unsafe.Sizeof(Cell{}); size > 8 {
		t.Errorf("a Cell takes %d bytes, want at most 8", size)
	}
}
