package geo

import (
	"strings"
	"testing"

	"ratingsite/internal/diag"
)

func TestOutward(t *testing.T) {
	for in, want := range map[string]string{
		"OL9 7SG": "OL9", "ol97sg": "OL9", "SW1A 1AA": "SW1A", "SW1A1AA": "SW1A", "M1 1AE": "M1", "OL9": "OL9", " m1 ": "M1",
	} {
		if got := Outward(in); got != want {
			t.Errorf("Outward(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadPostcodes(t *testing.T) {
	in := "\ufeffpostcode,latitude,longitude\r\nOL9 7SG,53.535037,-2.1390388\r\nOL1,53.54,-2.11\r\nBAD,99,0\r\n,53,-2\r\n"
	var problems diag.List
	g := ReadPostcodes(strings.NewReader(in), "postcodes.csv", &problems)
	if g.Len() != 2 {
		t.Errorf("Len = %d, want 2", g.Len())
	}
	if p, how := g.Locate("ol9 7sg"); how != FromPostcode || p.Lat() != 53.535037 || p.Lon() != -2.1390388 {
		t.Errorf("Locate(full) = %v %v", p, how)
	}
	if _, how := g.Locate("OL1 3AB"); how != FromOutcode {
		t.Errorf("Locate(district) = %v", how)
	}
	if _, how := g.Locate("ZZ1 1ZZ"); how != Unplaced {
		t.Errorf("Locate(unknown) = %v", how)
	}
	errs := problems.Errors()
	if len(errs) != 2 || errs[0].Line != 4 || errs[0].Field != "latitude" || errs[1].Line != 5 {
		t.Errorf("errors = %v", errs)
	}
}

func TestReadPostcodesMissingColumn(t *testing.T) {
	var problems diag.List
	ReadPostcodes(strings.NewReader("postcode,lat,longitude\nOL1,53,-2\n"), "postcodes.csv", &problems)
	errs := problems.Errors()
	if len(errs) != 1 || errs[0].Field != "latitude" {
		t.Errorf("errors = %v", errs)
	}
	problems = diag.List{}
	ReadPostcodes(strings.NewReader(""), "postcodes.csv", &problems)
	if !problems.HasErrors() {
		t.Error("an empty file must be an error")
	}
}

func TestReadPostcodesLimits(t *testing.T) {
	var problems diag.List
	g := ReadPostcodes(strings.NewReader("Postcode , Latitude,longitude\nOL1,53,-2\n"+strings.Repeat("A", 100_000)+",53,-2\n"), "postcodes.csv", &problems)
	if es := problems.Errors(); g.Len() != 1 || len(es) != 1 || es[0].Line != 3 || len(es[0].String()) > 300 {
		t.Errorf("%d postcodes, errors %v", g.Len(), es)
	}
}
