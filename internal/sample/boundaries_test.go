package sample

import (
	"bytes"
	"testing"

	"ratingsite/internal/boundary"
	"ratingsite/internal/diag"
)

// TestWriteBoundaries: the invented boundaries are valid GeoJSON
// polygons that match the nine sample regions with no problem, and every
// ring is valid by RFC 7946 and boundary.Valid.
func TestWriteBoundaries(t *testing.T) {
	var b bytes.Buffer
	if err := WriteBoundaries(&b); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range regions {
		names = append(names, r.name)
	}
	var l diag.List
	fs := boundary.Read(b.Bytes(), "regions.geojson", &l)
	m := boundary.Match(fs, names, &l)
	if len(l.All()) > 0 || len(m) != 9 {
		t.Fatalf("%d of 9 regions matched; problems: %v", len(m), l.All())
	}
	for name, f := range m {
		if err := boundary.Valid(f.Geom); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		t.Logf("%s: %d polygons, %d positions", name, len(f.Geom), boundary.Size(f.Geom))
	}
	t.Logf("%d bytes", b.Len())
	var again bytes.Buffer
	WriteBoundaries(&again)
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("two runs differ")
	}
}
