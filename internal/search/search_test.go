package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"ratingsite/internal/rating"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"St John's Surgery":            "st johns surgery",
		"ST. JOHNS":                    "st johns",
		"École Médicale, Crème-Brûlée": "ecole medicale creme brulee",
		"Dr A.B. Smith & Partners":     "dr a b smith partners",
		"  O’Neill   (Oldham) ":        "oneill oldham",
		"OL9 7SG":                      "ol9 7sg",
		"<script>":                     "script",
		"":                             "",
		"İstanbul Ærø":                 "istanbul r",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchWord(t *testing.T) {
	for _, c := range []struct {
		w, t string
		want int
	}{
		{"surgery", "surgery", Exact},
		{"sur", "surgery", Prefix},
		{"surgrey", "surgery", Typo}, // swapped
		{"surgary", "surgery", Typo}, // replaced
		{"surgry", "surgery", Typo},  // deleted
		{"surggery", "surgery", Typo},
		{"survey", "surgery", NoMatch}, // two edits
		{"sugr", "surgery", Typo},      // typing, with a swap
		{"oldhma", "oldham", Typo},
		{"olx", "old", NoMatch}, // too short for a typo
		{"smith", "smyth", Typo},
		{"smith", "jones", NoMatch},
		{"surgeryx", "surgery", Typo},
		{"ab", "ba", NoMatch},
	} {
		if got := MatchWord(c.w, c.t); got != c.want {
			t.Errorf("MatchWord(%q, %q) = %d, want %d", c.w, c.t, got, c.want)
		}
	}
}

func doc(id, name, town string) *Doc {
	return &Doc{ID: id, Name: name, Town: town, Postcode: "OL9 7SG", ODS: "P" + id, Provider: "Provider Ltd", Rating: rating.Good}
}

func names(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Doc.Name)
	}
	return out
}

func TestRank(t *testing.T) {
	docs := []*Doc{
		doc("1", "Smithy Lane Surgery", "Leeds"),
		doc("2", "Smith Medical Centre", "Leeds"),
		doc("3", "Smyth House", "Leeds"),
		doc("4", "Smith", "Oldham"),
		doc("5", "St John's Surgery", "Oldham"),
		doc("6", "Saint Johns", "Oldham"),
	}
	for q, want := range map[string][]string{
		// Exact before prefix before typo; the name that is the query first.
		"smith": {"Smith", "Smith Medical Centre", "Smithy Lane Surgery", "Smyth House"},
		"smi":   {"Smith", "Smith Medical Centre", "Smithy Lane Surgery"},
		// Every word must match; case and punctuation are folded.
		"st johns":        {"St John's Surgery"},
		"ST. JOHN'S":      {"St John's Surgery"},
		"johns oldham":    {"Saint Johns", "St John's Surgery"},
		"smith leeds":     {"Smith Medical Centre", "Smithy Lane Surgery", "Smyth House"},
		"surgery oldhma":  {"St John's Surgery", "Smithy Lane Surgery"[:0]},
		"nothing matches": nil,
		"p4":              {"Smith"}, // ODS code
		"ol97sg":          {"Saint Johns", "Smith", "Smith Medical Centre", "Smithy Lane Surgery", "Smyth House", "St John's Surgery"},
	} {
		want = slices.DeleteFunc(want, func(s string) bool { return s == "" })
		if got := names(Rank(q, docs)); !slices.Equal(got, want) {
			t.Errorf("Rank(%q) = %q, want %q", q, got, want)
		}
	}
	h := Rank("smith", docs)
	if !h[0].Exact || h[2].Exact {
		t.Errorf("Exact flags: %+v", h)
	}
}

// randomDocs invents n practices from a few word lists, so that common
// words ("surgery") are very common, as in the real data.
func randomDocs(n int, seed uint64) []*Doc {
	r := rand.New(rand.NewPCG(seed, 1))
	first := []string{"Oak", "Ash", "Elm", "Birch", "Willow", "St John's", "St Mary's", "Castle", "Bridge", "Park", "Church", "Market", "High", "Mill", "Brook", "Abbey", "Ãlvaro", "Zeal"}
	kind := []string{"Surgery", "Medical Centre", "Health Centre", "Practice", "Family Practice", "Group Practice"}
	towns := []string{"Oldham", "Leeds", "Bristol", "Norwich", "Truro", "York", "Hull", "Derby"}
	docs := make([]*Doc, n)
	for i := range docs {
		name := fmt.Sprintf("%s %s", first[r.IntN(len(first))], kind[r.IntN(len(kind))])
		if r.IntN(3) == 0 {
			name = fmt.Sprintf("Dr %c%d %s", 'A'+r.IntN(26), r.IntN(1000), name)
		}
		docs[i] = &Doc{ID: fmt.Sprintf("1-%d", i), Name: name, Town: towns[r.IntN(len(towns))],
			Postcode: fmt.Sprintf("OL%d %d%c%c", 1+r.IntN(16), r.IntN(10), 'A'+r.IntN(26), 'A'+r.IntN(26)),
			ODS:      fmt.Sprintf("P%05d", i), Provider: fmt.Sprintf("Provider %d Ltd", r.IntN(n/3+1)),
			Rating: rating.Value(1 + r.IntN(4)), Lat: Round(50 + 5*r.Float64()), Lon: Round(-5 + 6*r.Float64()), Placed: r.IntN(50) != 0}
	}
	slices.SortFunc(docs, func(a, b *Doc) int {
		return strings.Compare(strings.ToLower(a.Name)+"\x00"+a.ID, strings.ToLower(b.Name)+"\x00"+b.ID)
	})
	return docs
}

// TestShardedSearchAgreesWithFullScan: a query over the shards finds what a
// scan of every document finds, whenever the shards say they are complete,
// and a preview otherwise.
func TestShardedSearchAgreesWithFullScan(t *testing.T) {
	docs := randomDocs(3000, 1)
	lim := Limits{ShardBytes: 8 << 10, PreviewDocs: 20, TileDocs: 16}
	ix := Build(Input{Docs: docs}, lim)
	m, err := ReadMeta(ix.Reader())
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.Text) < 20 || len(ix.Files) < 60 {
		t.Fatalf("the limits should force splits: %d shards, %d files", len(ix.Text), len(ix.Files))
	}
	for _, q := range []string{"oak", "oak surgery", "st johns", "st marys health", "castle oldham", "willow", "surgery",
		"ol5", "p00042", "abbey medical truro", "alvaro", "zeal", "bridgr", "castel", "dr a1", "dr", "provider 7", "mill pract"} {
		got, complete, err := Search(ix.Reader(), m, q)
		if err != nil {
			t.Fatal(err)
		}
		want := Rank(q, docs)
		// What the shards find is right, in the full scan's order.
		pos := map[string]int{}
		for i, h := range want {
			pos[h.Doc.ID] = i
		}
		last := -1
		found := map[string]bool{}
		for _, h := range got {
			i, ok := pos[h.Doc.ID]
			if !ok || i < last {
				t.Errorf("%q: hit %s is not in the full ranking, or out of order", q, h.Doc.ID)
			}
			last = i
			found[h.Doc.ID] = true
		}
		if len(want) > 0 && len(got) == 0 && complete {
			t.Errorf("%q: found nothing; a full scan finds %d", q, len(want))
		}
		// When the shards are complete, every exact or prefix match is
		// found (a typo in the letters that chose the shard may not be).
		if complete {
			for _, h := range want {
				if h.Score >= Prefix*len(Tokens(q)) && !found[h.Doc.ID] {
					t.Errorf("%q: missed %s %q (score %d)", q, h.Doc.ID, h.Doc.Name, h.Score)
				}
			}
		}
	}
	// Common words together: pair shards make these complete.
	for _, q := range []string{"oak surgery", "castle surgery", "abbey medical truro", "surgery oldham", "medical centre york", "york medical centre"} {
		got, complete, err := Search(ix.Reader(), m, q)
		if err != nil {
			t.Fatal(err)
		}
		if want := Rank(q, docs); !complete || len(got) != len(want) {
			t.Errorf("%q: complete=%v, %d hits, want complete and %d", q, complete, len(got), len(want))
		}
	}
	// Typos are tolerated past the letters that choose the shard.
	got, _, _ := Search(ix.Reader(), m, "oldhma")
	if len(got) == 0 || got[0].Doc.Town != "Oldham" {
		t.Errorf("oldhma: %v", names(got))
	}
	// "st johns" finds "St John's".
	got, _, _ = Search(ix.Reader(), m, "st johns")
	if len(got) == 0 || !strings.HasPrefix(got[0].Doc.Name, "St John's") && !strings.Contains(got[0].Doc.Name, "St John's") {
		t.Errorf("st johns: %v", names(got))
	}
}

// TestLocality: a village or second address line finds its practice,
// alone or with the name, through the published shards; a document
// without one has no locality field at all.
func TestLocality(t *testing.T) {
	docs := randomDocs(500, 3)
	docs[7].Locality = "Whitmore Reans"
	docs[8].Locality = "Lupset"
	ix := Build(Input{Docs: docs}, Limits{ShardBytes: 8 << 10, PreviewDocs: 20, TileDocs: 16})
	m, err := ReadMeta(ix.Reader())
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"lupset": docs[8].ID, "whitmore reans": docs[7].ID, "reans": docs[7].ID,
		Fold(docs[8].Name) + " lupset": docs[8].ID, "lupsett": docs[8].ID} {
		got, _, err := Search(ix.Reader(), m, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0].Doc.ID != want || got[0].Doc.Locality == "" {
			t.Errorf("%q: %v, want %s first", q, names(got), want)
		}
	}
	if rec := textRecord(docs[0]); len(rec) != 7 {
		t.Errorf("a record without a locality has %d fields", len(rec))
	}
}

func TestShardLimits(t *testing.T) {
	docs := randomDocs(5000, 2)
	lim := Limits{ShardBytes: 6 << 10, PreviewDocs: 20, TileDocs: 16}
	ix := Build(Input{Docs: docs}, lim)
	for p, b := range ix.Files {
		switch {
		case strings.HasPrefix(p, Dir+"t/"):
			// A record may be at most one over the limit.
			if len(b) > lim.ShardBytes+200 {
				t.Errorf("%s: %d bytes, over the %d limit", p, len(b), lim.ShardBytes)
			}
		case strings.HasPrefix(p, Dir+"g/q"):
			var n int
			recs, err := decodeGeo(b)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			n = len(recs)
			if n > lim.TileDocs || n == 0 {
				t.Errorf("%s: %d practices, want 1..%d", p, n, lim.TileDocs)
			}
		}
	}
	// Every document is in the shard of each of its words, and every
	// placed one in exactly one tile.
	inTiles := map[string]int{}
	for _, tl := range DecodeTiles(ix.Tiles) {
		recs, err := decodeGeo(ix.Files[Dir+"g/q"+tl.Key+".json"])
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			inTiles[r.ID]++
			if r.Lon < tl.Bounds.MinLon || r.Lon > tl.Bounds.MaxLon || r.Lat < tl.Bounds.MinLat || r.Lat > tl.Bounds.MaxLat {
				t.Errorf("%s at %v,%v is outside tile %s %+v", r.ID, r.Lat, r.Lon, tl.Key, tl.Bounds)
			}
		}
	}
	for _, d := range docs {
		if want := map[bool]int{true: 1}[d.Placed]; inTiles[d.ID] != want {
			t.Errorf("%s (placed %v) is in %d tiles", d.ID, d.Placed, inTiles[d.ID])
		}
	}
	if len(ix.Files[Dir+"meta.json"]) > 16<<10 {
		t.Errorf("meta.json is %d bytes", len(ix.Files[Dir+"meta.json"]))
	}
}

func TestNearestTiles(t *testing.T) {
	docs := randomDocs(4000, 3)
	ix := Build(Input{Docs: docs}, Limits{ShardBytes: 8 << 10, PreviewDocs: 20, TileDocs: 12})
	r := rand.New(rand.NewPCG(9, 9))
	for range 200 {
		lat, lon := 49.5+6*r.Float64(), -5.5+7*r.Float64()
		var fetched int
		got, err := NearestTiles(func(p string) ([]byte, error) { fetched++; return ix.Reader()(p) }, lat, lon, 10)
		if err != nil {
			t.Fatal(err)
		}
		var all []Near
		for _, d := range docs {
			if d.Placed {
				all = append(all, Near{ID: d.ID, Name: d.Name, Miles: Miles(lat, lon, d.Lat, d.Lon)})
			}
		}
		slices.SortFunc(all, CompareNear)
		for i := range 10 {
			if got[i].ID != all[i].ID || got[i].Miles != all[i].Miles {
				t.Fatalf("at %.4f,%.4f result %d is %s (%.3f mi), want %s (%.3f mi)", lat, lon, i, got[i].ID, got[i].Miles, all[i].ID, all[i].Miles)
			}
		}
		if fetched > len(DecodeTiles(ix.Tiles))/4 {
			t.Errorf("at %.4f,%.4f read %d tiles of %d", lat, lon, fetched, len(DecodeTiles(ix.Tiles)))
		}
	}
	// Known distance: Oldham to Manchester is about 6.4 miles.
	if d := Miles(53.5409, -2.1180, 53.4808, -2.2426); d < 6.2 || d > 6.6 {
		t.Errorf("Oldham–Manchester: %.2f miles", d)
	}
}

func TestPostcodes(t *testing.T) {
	pcs := map[string]orb.Point{
		"OL97SG":       {-2.139039, 53.535037},
		"OL97AB":       {-2.13, 53.53},
		"OL98ZZ":       {-2.12, 53.52},
		"OL9":          {-2.1398, 53.5351},
		"M11AA":        {-2.23, 53.47},
		"M12BB":        {-2.25, 53.49}, // M1 has no row of its own: the mean
		"SW1A1AA":      {-0.141588, 51.501009},
		"NOTAPOSTCODE": {0, 0},
	}
	ix := Build(Input{Postcodes: func(yield func(string, orb.Point) bool) {
		for k, v := range pcs {
			if !yield(k, v) {
				return
			}
		}
	}}, DefaultLimits)
	m, _ := ReadMeta(ix.Reader())
	if !slices.Equal(m.Areas, []string{"M", "OL", "SW"}) {
		t.Errorf("areas %v", m.Areas)
	}
	for _, c := range []struct {
		q           string
		isPC, found bool
		label       string
		lat, lon    float64
		approx      bool
	}{
		{"ol9 7sg", true, true, "OL9 7SG", 53.53504, -2.13904, false},
		{"OL97SG", true, true, "OL9 7SG", 53.53504, -2.13904, false},
		{"OL9", true, true, "OL9", 53.5351, -2.1398, false},
		{"ol9 7zz", true, true, "OL9", 53.5351, -2.1398, true},
		{"OL9 1AA", true, true, "OL9", 53.5351, -2.1398, true}, // no sector file
		{"M1", true, true, "M1", 53.48, -2.24, false},
		{"sw1a 1aa", true, true, "SW1A 1AA", 51.50101, -0.14159, false},
		{"ZZ9 9ZZ", true, false, "", 0, 0, false},
		{"OL5", true, false, "", 0, 0, false},
		{"Oldham", false, false, "", 0, 0, false},
		{"P85019", false, false, "", 0, 0, false},
	} {
		p, isPC, found, err := LookupPostcode(ix.Reader(), m, c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if isPC != c.isPC || found != c.found || p.Label != c.label || p.Approx != c.approx ||
			found && (abs(p.Lat-c.lat) > 1e-5 || abs(p.Lon-c.lon) > 1e-5) {
			t.Errorf("%s: got %+v postcode=%v found=%v", c.q, p, isPC, found)
		}
	}
	for p := range ix.Files {
		if strings.Contains(p, "NOTAPOSTCODE") {
			t.Errorf("published %s", p)
		}
	}
}

func abs(x float64) float64 { return max(x, -x) }
