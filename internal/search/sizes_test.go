package search_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/ratings"
	"ratingsite/internal/diag"
	"ratingsite/internal/geo"
	"ratingsite/internal/sample"
	"ratingsite/internal/search"
	"ratingsite/internal/site"
)

// MaxQueryBytes is the budget: what one query downloads, gzipped.
const MaxQueryBytes = 50 << 10

// sampleSite builds the model of `ratingsite sample -n n`.
func sampleSite(t testing.TB, n int) *site.Site {
	t.Helper()
	opt := sample.Options{Practices: n, Seed: 1, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	var csv, pcs bytes.Buffer
	if err := sample.WriteRatingsCSV(&csv, opt); err != nil {
		t.Fatal(err)
	}
	if err := sample.WritePostcodes(&pcs, opt); err != nil {
		t.Fatal(err)
	}
	var problems diag.List
	in := site.Input{Categories: []string{cqc.GPPractices}}
	in.Ratings = ratings.ReadCSV(&csv, "ratings.csv", ratings.Options{Categories: in.Categories}, &problems)
	in.Postcodes = geo.ReadPostcodes(&pcs, "postcodes.csv", &problems)
	s := site.New(in, &problems)
	if problems.HasErrors() {
		t.Fatal(problems.Err())
	}
	return s
}

type sizer struct {
	ix *search.Index
	gz map[string]int
}

func (z *sizer) gzip(p string) int {
	if n, ok := z.gz[p]; ok {
		return n
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(z.ix.Files[p])
	w.Close()
	z.gz[p] = b.Len()
	return b.Len()
}

// counting is a Reader that adds up the gzipped bytes it reads.
func (z *sizer) counting(total *int) search.Reader {
	r := z.ix.Reader()
	return func(p string) ([]byte, error) {
		*total += z.gzip(p)
		return r(p)
	}
}

// TestIndexSizes builds the index of the sample at 300 and 7,500
// practices (and 100,000 with RATINGSITE_INDEX_100K=1) and checks that no
// file is large and no query downloads more than 50 KB gzipped: every
// practice's name, town, postcode and ODS code, every postcode and outward
// code of postcodes.csv, and prefixes of names as typed.
func TestIndexSizes(t *testing.T) {
	sizes := []int{300, 7500}
	if os.Getenv("RATINGSITE_INDEX_100K") != "" {
		sizes = append(sizes, 100_000)
	}
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := sampleSite(t, n)
			start := time.Now()
			in := search.FromSite(s)
			ix := search.Build(in, search.DefaultLimits)
			elapsed := time.Since(start)
			z := &sizer{ix: ix, gz: map[string]int{}}
			var raw, gz, maxRaw, maxGz int
			var maxName string
			kinds := map[string]int{}
			for p, b := range ix.Files {
				raw += len(b)
				g := z.gzip(p)
				gz += g
				if g > maxGz {
					maxGz, maxName = g, p
				}
				maxRaw = max(maxRaw, len(b))
				switch {
				case strings.Contains(p, "~"):
					kinds["pairs"] += len(b)
				case strings.Contains(p, "/t/"):
					kinds["text"] += len(b)
				case strings.Contains(p, "/g/"):
					kinds["tiles"] += len(b)
				default:
					kinds["postcodes"] += len(b)
				}
			}
			maxKeys := 0
			for p, b := range ix.Files {
				if strings.Contains(p, "/t/_") {
					maxKeys = max(maxKeys, len(b))
				}
			}
			t.Logf("raw bytes by kind: %v; g/tree.json %d B, largest key list %d B", kinds, len(ix.Files[search.Dir+"g/tree.json"]), maxKeys)
			m, err := search.ReadMeta(ix.Reader())
			if err != nil {
				t.Fatal(err)
			}
			worst, worstQ := 0, ""
			var sum, count int
			query := func(q string) {
				total := 0
				read := z.counting(&total)
				m2, _ := search.ReadMeta(read)
				if place, isPC, ok, err := search.LookupPostcode(read, m2, q); err != nil {
					t.Fatalf("%q: %v", q, err)
				} else if isPC && ok {
					if _, err := search.NearestTiles(read, place.Lat, place.Lon, 10); err != nil {
						t.Fatalf("%q: %v", q, err)
					}
				} else if !isPC {
					if _, _, err := search.Search(read, m2, q); err != nil {
						t.Fatalf("%q: %v", q, err)
					}
				}
				if total > worst {
					worst, worstQ = total, q
				}
				sum += total
				count++
			}
			step := max(1, len(s.Practices)/400)
			for i := 0; i < len(s.Practices); i += step {
				p := s.Practices[i]
				query(p.Name)
				query(p.City)
				query(p.ODS)
				query(p.Postcode)
				query(geo.Outward(p.Postcode))
				if f := search.Tokens(p.Name); len(f) > 0 {
					query(f[0][:min(3, len(f[0]))])
					query(p.Name[:len(p.Name)/2])
					query(f[0] + " " + p.City)
				}
			}
			i := 0
			for code := range s.Postcodes.All() {
				if i%step == 0 {
					query(code)
				}
				i++
			}
			t.Logf("%d practices: %d index files, %.1f MB raw, %.1f MB gzipped; largest %s %d KB gzipped (%d KB raw); meta.json %d B gzipped; "+
				"%d text shards, %d tiles, %d postcode areas; queries: %d, mean %.1f KB, worst %.1f KB (%q); built in %v",
				len(s.Practices), len(ix.Files), float64(raw)/1e6, float64(gz)/1e6, maxName, maxGz>>10, maxRaw>>10, z.gzip(search.Dir+"meta.json"),
				len(ix.Text), len(search.DecodeTiles(ix.Tiles)), len(m.Areas), count, float64(sum)/float64(count)/1024, float64(worst)/1024, worstQ, elapsed.Round(time.Millisecond))
			if worst > MaxQueryBytes {
				t.Errorf("query %q downloads %d bytes gzipped, over %d", worstQ, worst, MaxQueryBytes)
			}
			if maxRaw > 256<<10 {
				t.Errorf("%s is %d bytes", maxName, maxRaw)
			}
		})
	}
}

// TestNearestMatchesModel: the nearest practices found from the published
// tiles are the model's own (site.Nearest, orb's quadtree), in the same
// order, at every practice's point.
func TestNearestMatchesModel(t *testing.T) {
	s := sampleSite(t, 1500)
	ix := search.Build(search.FromSite(s), search.DefaultLimits)
	m, _ := search.ReadMeta(ix.Reader())
	checked := 0
	for _, p := range s.Practices {
		if !p.HasPoint() {
			continue
		}
		lat, lon := search.Round(p.Point[1]), search.Round(p.Point[0])
		got, err := search.NearestTiles(ix.Reader(), lat, lon, 6)
		if err != nil {
			t.Fatal(err)
		}
		want := s.Nearest(p.Point, 6, nil)
		for i := range want {
			// Rounding to 5 decimals may swap practices within a few metres.
			if got[i].ID != want[i].ID && abs(got[i].Miles-want[i].Miles) > 0.005 {
				t.Fatalf("near %s: result %d is %s (%.4f mi), model says %s (%.4f mi)", p.ID, i, got[i].ID, got[i].Miles, want[i].ID, want[i].Miles)
			}
			if abs(got[i].Miles-want[i].Miles) > 0.005 {
				t.Errorf("near %s: %s at %.4f mi, model %.4f", p.ID, got[i].ID, got[i].Miles, want[i].Miles)
			}
		}
		checked++
	}
	if checked < 1000 {
		t.Fatalf("only %d placed practices", checked)
	}
	// Every practice can be found by its own name and by its ODS code.
	for _, p := range s.Practices[:200] {
		for _, q := range []string{p.Name, p.ODS} {
			hits, _, err := search.Search(ix.Reader(), m, q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(hits, func(h search.Hit) bool { return h.Doc.ID == p.ID }) {
				t.Errorf("%q does not find %s", q, p.ID)
			}
		}
		if hits, _, _ := search.Search(ix.Reader(), m, strings.ToUpper(p.Name)); len(hits) == 0 || !hits[0].Exact {
			t.Errorf("%q: the first hit is not exact", p.Name)
		}
	}
}

func abs(x float64) float64 { return max(x, -x) }
