package boundary

import (
	"os"
	"strings"
	"testing"

	"ratingsite/internal/diag"
	"ratingsite/internal/fixture"
)

func TestLocalAuthorityKey(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"Bristol, City of", "Bristol"},
		{"Herefordshire, County of", "herefordshire"},
		{"St. Helens", "St Helens"},
		{"Kingston upon Hull, City of", "Kingston upon Hull"},
		{"City of London", "City of London"},
		{"County Durham", "county durham"},
	} {
		if LocalAuthorityKey(tt.a) != LocalAuthorityKey(tt.b) {
			t.Errorf("%q (%q) and %q (%q) differ", tt.a, LocalAuthorityKey(tt.a), tt.b, LocalAuthorityKey(tt.b))
		}
	}
	if LocalAuthorityKey("City of London") == LocalAuthorityKey("London") {
		t.Error("City of London matches London")
	}
}

func TestMatchLocalAuthorities(t *testing.T) {
	data := fc(
		feat(`{"ctyua18nm":"Oldham","ctyua18cd":"E08000004"}`, "Polygon", square),
		feat(`{"ctyua18nm":"Bristol, City of","ctyua18cd":"E06000023"}`, "Polygon", square),
		feat(`{"ctyua18nm":"Cumbria","ctyua18cd":"E10000006"}`, "Polygon", square),
		feat(`{"ctyua18nm":"Fife","ctyua18cd":"S12000015"}`, "Polygon", square),
		feat(`{"name":"Atlantis"}`, "Polygon", square),
		feat(`{"name":"Oldham"}`, "Polygon", square),
	)
	var l diag.List
	fs := Read([]byte(data), "la.geojson", &l)
	m, missing := MatchLocalAuthorities(fs, []string{"Oldham", "Bristol", "Cumberland", "Leeds"}, &l)
	if len(m) != 2 || m["Oldham"] == nil || m["Bristol"] == nil || m["Oldham"].Index != 0 {
		t.Errorf("matched %v", m)
	}
	if strings.Join(missing, ",") != "Cumberland,Leeds" {
		t.Errorf("missing %v", missing)
	}
	w := l.Warnings()
	if len(w) != 2 || !strings.Contains(w[0].String(), `la.geojson:6: warning: field "properties": feature 5 ("Atlantis") matches no local authority`) ||
		!strings.Contains(w[1].String(), `feature 6 ("Oldham") is a second boundary for "Oldham"`) {
		t.Errorf("warnings %v", w)
	}
	if s := MissingSummary(missing, 1); s != `2 local authorities have no boundary ("Cumberland" and 1 more); their pages map their practices on their region's outline` {
		t.Errorf("summary %q", s)
	}
}

// TestRealCountiesUnitaries reads ONS's counties and unitary authorities
// (December 2018, ../shared/real): the local authorities CQC names match
// by name with no warning, those created since 2018 are missing, and the
// outlines simplify to valid rings.
func TestRealCountiesUnitaries(t *testing.T) {
	file := fixture.Real(t, "counties-unitaries-dec2018.geojson")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	fs := Read(data, file, &l)
	// Names as CQC's Location Local Authority column writes them.
	las := []string{"Oldham", "Bristol, City of", "St Helens", "County Durham", "Herefordshire, County of",
		"Kingston upon Hull, City of", "Tower Hamlets", "Isles of Scilly", "Cumberland", "North Northamptonshire"}
	m, missing := MatchLocalAuthorities(fs, las, &l)
	if len(l.All()) != 0 {
		t.Fatalf("problems: %v", l.All())
	}
	if strings.Join(missing, ",") != "Cumberland,North Northamptonshire" {
		t.Errorf("missing %v, want the two created after 2018", missing)
	}
	if len(m) != len(las)-2 {
		t.Errorf("%d matched", len(m))
	}
	for n, f := range m {
		s := Simplify(f.Geom, LocalTolerance)
		if err := Valid(s); err != nil {
			t.Errorf("%s: %v", n, err)
		}
		if len(s) == 0 {
			t.Errorf("%s: nothing left after simplifying", n)
		}
	}
}
