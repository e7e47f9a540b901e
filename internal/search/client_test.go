package search

// The Go search client, used only by tests: what assets/search.js does
// with the published index (read meta.json, pick the shards of a query's
// words, rank, find the nearest practices from the tiles, look up a
// postcode), so that tests can check the format, the matching and the
// bytes each query downloads. It is a _test.go file so that it is not
// part of the program; the external tests (package search_test) see its
// exported names too.

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"ratingsite/internal/rating"
)

// Reader fetches one published file by its path under the site's root.
type Reader func(path string) ([]byte, error)

// Reader returns a Reader over the index's own files.
func (ix *Index) Reader() Reader {
	return func(p string) ([]byte, error) {
		b, ok := ix.Files[p]
		if !ok {
			return nil, fmt.Errorf("%s: not in the index", p)
		}
		return b, nil
	}
}

// ReadMeta reads meta.json.
func ReadMeta(read Reader) (*Meta, error) {
	b, err := read(Dir + "meta.json")
	if err != nil {
		return nil, err
	}
	var m Meta
	return &m, json.Unmarshal(b, &m)
}

// MaxQueryShards is how many text shards one query reads at most: those of
// its longest words.
const MaxQueryShards = 3

// ShardFor is the text shard for a folded query word: the longest key that
// starts it (at most MaxKey letters), or "" when no token starts with the
// word's first two letters.
// It reads the keys of the word's first letter, t/_<letter>.json.
func ShardFor(read Reader, m *Meta, w string) (string, error) {
	if !strings.Contains(m.Letters, w[:1]) {
		return "", nil
	}
	b, err := read(Dir + "t/_" + w[:1] + ".json")
	if err != nil {
		return "", err
	}
	var keys []string
	if err := json.Unmarshal(b, &keys); err != nil {
		return "", fmt.Errorf("t/_%s.json: %w", w[:1], err)
	}
	best := ""
	w = w[:min(len(w), MaxKey)] // no key is longer
	for _, k := range keys {
		if len(k) > len(best) && strings.HasPrefix(w, k) {
			best = k
		}
	}
	return best, nil
}

// Search runs a text query as search.js does: it reads the shards of the
// query's (up to MaxQueryShards) longest words, and ranks every document
// in them. complete is false when every shard read was only a preview, so
// more documents may match.
func Search(read Reader, m *Meta, q string) (hits []Hit, complete bool, err error) {
	words := Tokens(q)
	var long []string
	for _, w := range words {
		if len(w) >= 2 && !slices.Contains(long, w) {
			long = append(long, w)
		}
	}
	if len(long) == 0 {
		return nil, true, nil
	}
	slices.SortStableFunc(long, func(a, b string) int { return len(b) - len(a) })
	long = long[:min(len(long), MaxQueryShards)]
	type fetched struct {
		w, k string
		sh   *Shard
	}
	var got []fetched
	var docs []*Doc
	for _, w := range long {
		k, err := ShardFor(read, m, w)
		if err != nil {
			return nil, false, err
		}
		if k == "" {
			return nil, true, nil // no token starts like this word
		}
		sh, ds, err := readShard(read, k)
		if err != nil {
			return nil, false, err
		}
		docs = append(docs, ds...)
		complete = complete || !sh.More
		got = append(got, fetched{w, k, sh})
	}
	if !complete {
		// Every word is common: read up to MaxPairShards pair shards, those
		// whose other word is the rarer first (its own shard has no pairs).
		type pair struct {
			key  string
			rare bool
		}
		var pairs []pair
		for _, f := range got {
			if f.k != f.w || len(f.sh.Pairs) == 0 {
				continue
			}
			for _, w2 := range words {
				if len(w2) < 2 || strings.HasPrefix(w2, f.k) || !slices.Contains(f.sh.Pairs, w2[:2]) {
					continue
				}
				rare := slices.ContainsFunc(got, func(g fetched) bool { return g.w == w2 && len(g.sh.Pairs) == 0 })
				if p := (pair{f.k + "~" + w2[:2], rare}); !slices.ContainsFunc(pairs, func(q pair) bool { return q.key == p.key }) {
					pairs = append(pairs, p)
				}
			}
		}
		slices.SortStableFunc(pairs, func(a, b pair) int { return boolFirst(a.rare, b.rare) })
		for _, p := range pairs[:min(len(pairs), MaxPairShards)] {
			sh, ds, err := readShard(read, p.key)
			if err != nil {
				return nil, false, err
			}
			docs = append(docs, ds...)
			if !sh.More {
				complete = true
				break
			}
		}
	}
	return Rank(q, docs), complete, nil
}

// MaxPairShards is how many pair shards one query reads at most.
const MaxPairShards = 2

// readShard reads t/<key>.json.
func readShard(read Reader, key string) (*Shard, []*Doc, error) {
	b, err := read(Dir + "t/" + key + ".json")
	if err != nil {
		return nil, nil, err
	}
	var raw struct {
		Docs  json.RawMessage `json:"d"`
		More  bool            `json:"more"`
		Pairs []string        `json:"pairs"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, nil, fmt.Errorf("t/%s.json: %w", key, err)
	}
	ds, err := decodeText(raw.Docs)
	if err != nil {
		return nil, nil, fmt.Errorf("t/%s.json: %w", key, err)
	}
	return &Shard{More: raw.More, Pairs: raw.Pairs}, ds, nil
}

func decodeText(b []byte) ([]*Doc, error) {
	var recs [][8]json.RawMessage
	if err := json.Unmarshal(b, &recs); err != nil {
		return nil, err
	}
	out := make([]*Doc, len(recs))
	for i, r := range recs {
		d := &Doc{}
		var code int
		for j, dst := range []any{&d.ID, &d.Name, &d.Town, &d.Postcode, &d.ODS, &d.Provider, &code} {
			if err := json.Unmarshal(r[j], dst); err != nil {
				return nil, fmt.Errorf("record %d field %d: %w", i, j, err)
			}
		}
		d.Rating = rating.Value(code)
		if r[7] != nil {
			if err := json.Unmarshal(r[7], &d.Locality); err != nil {
				return nil, fmt.Errorf("record %d field 7: %w", i, err)
			}
		}
		out[i] = d
	}
	return out, nil
}

func decodeGeo(b []byte) ([]Near, error) {
	var recs [][6]json.RawMessage
	if err := json.Unmarshal(b, &recs); err != nil {
		return nil, err
	}
	out := make([]Near, len(recs))
	for i, r := range recs {
		n := &out[i]
		for j, dst := range []any{&n.ID, &n.Name, &n.Town, &n.Rating, &n.Lat, &n.Lon} {
			if err := json.Unmarshal(r[j], dst); err != nil {
				return nil, fmt.Errorf("record %d field %d: %w", i, j, err)
			}
		}
	}
	return out, nil
}

// Place is where a postcode query points.
type Place struct {
	Lat, Lon float64
	// Label is the postcode as found ("OL9 7SG", or "OL9" for a district).
	Label string
	// Approx is true when a full postcode was not found and its
	// district's centroid is used instead.
	Approx bool
}

// LookupPostcode finds a full postcode or outward code in the published
// centroids, as search.js does. ok is false for an unknown postcode;
// isPostcode is false when q is not shaped like one.
func LookupPostcode(read Reader, m *Meta, q string) (p Place, isPostcode, ok bool, err error) {
	out, in, isPostcode := SplitPostcode(q)
	if !isPostcode {
		return p, false, false, nil
	}
	area := leadingLetters(out)
	if !slices.Contains(m.Areas, area) {
		return p, true, false, nil
	}
	b, err := read(Dir + "p/" + area + ".json")
	if err != nil {
		return p, true, false, err
	}
	var districts map[string][3]json.RawMessage
	if err := json.Unmarshal(b, &districts); err != nil {
		return p, true, false, err
	}
	d, found := districts[out]
	if !found {
		return p, true, false, nil
	}
	var sectors string
	_ = json.Unmarshal(d[0], &p.Lat)
	_ = json.Unmarshal(d[1], &p.Lon)
	_ = json.Unmarshal(d[2], &sectors)
	p.Label = out
	if in == "" {
		return p, true, true, nil
	}
	if strings.IndexByte(sectors, in[0]) >= 0 {
		b, err := read(Dir + "p/" + out + "-" + in[:1] + ".json")
		if err != nil {
			return p, true, false, err
		}
		var pcs map[string][2]float64
		if err := json.Unmarshal(b, &pcs); err != nil {
			return p, true, false, err
		}
		if ll, ok := pcs[in]; ok {
			return Place{ll[0], ll[1], out + " " + in, false}, true, true, nil
		}
	}
	p.Approx = true
	return p, true, true, nil
}

// How well a query word matches a token.
const (
	NoMatch = iota
	Typo    // within one edit (of the token, or of its start)
	Prefix  // the token starts with the word
	Exact   // the token is the word
)

// TypoMinLen is the shortest query word that may match with a typo:
// shorter words would match almost anything.
const TypoMinLen = 4

// MatchWord says how query word w (folded) matches token t.
func MatchWord(w, t string) int {
	switch {
	case w == t:
		return Exact
	case strings.HasPrefix(t, w):
		return Prefix
	case len(w) < TypoMinLen:
		return NoMatch
	case within1(w, t):
		return Typo
	}
	// A typo in a word still being typed: compare with the token's start,
	// one shorter, as long, and one longer than the word.
	for n := len(w) - 1; n <= len(w)+1; n++ {
		if n < len(t) && within1(w, t[:n]) {
			return Typo
		}
	}
	return NoMatch
}

// within1 reports whether a and b are at most one edit apart: one letter
// inserted, deleted or replaced, or two neighbours swapped.
func within1(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return true // equal, or b has one more at the end
	}
	if len(a) == len(b) {
		if a[i+1:] == b[i+1:] {
			return true // replaced
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swapped
	}
	return a[i:] == b[i+1:] // inserted
}

// Hit is a document that matches every word of a query.
type Hit struct {
	Doc   *Doc
	Score int // the sum, over the query's words, of the best MatchWord
	// Exact: every query word is a whole token (Score is 3 × words).
	Exact bool
}

// Rank returns the documents that match every query word, best first:
// the highest score (exact matches first, then prefixes, then typos), then
// a name that is the query itself, then by name and Location ID, as the
// site's lists are ordered.
func Rank(query string, docs []*Doc) []Hit {
	words := strings.Fields(Fold(query))
	if len(words) == 0 {
		return nil
	}
	q := strings.Join(words, " ")
	var hits []Hit
	seen := map[string]bool{}
	for _, d := range docs {
		if seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		tokens := d.Words()
		score := 0
		for _, w := range words {
			best := NoMatch
			for _, t := range tokens {
				best = max(best, MatchWord(w, t))
			}
			if best == NoMatch {
				score = -1
				break
			}
			score += best
		}
		if score > 0 {
			hits = append(hits, Hit{d, score, score == Exact*len(words)})
		}
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score),
			boolFirst(Fold(a.Doc.Name) == q, Fold(b.Doc.Name) == q),
			cmp.Compare(strings.ToLower(a.Doc.Name), strings.ToLower(b.Doc.Name)),
			cmp.Compare(a.Doc.ID, b.Doc.ID))
	})
	return hits
}

// Tile is a leaf of the published quadtree.
type Tile struct {
	Key    string
	Bounds Bounds
}

// DecodeTiles reads Meta.Tiles back into its leaves, as search.js does.
func DecodeTiles(tree string) []Tile {
	var out []Tile
	pos := 0
	var walk func(key string, b Bounds)
	walk = func(key string, b Bounds) {
		if pos >= len(tree) {
			return
		}
		mask, _ := strconv.ParseInt(tree[pos:pos+1], 16, 8)
		pos++
		if mask == 0 {
			out = append(out, Tile{key, b})
			return
		}
		for i := range 4 {
			if mask&(1<<i) != 0 {
				walk(key+strconv.Itoa(i), b.child(i))
			}
		}
	}
	if tree != "" {
		walk("", world)
	}
	return out
}

// EarthRadius is orb's, in metres; MetresPerMile converts.
const (
	EarthRadius   = 6378137.0
	MetresPerMile = 1609.344
)

// Miles is the great-circle (haversine) distance between two points given
// as latitude and longitude, as orb's geo.DistanceHaversine computes it.
func Miles(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * EarthRadius * math.Asin(math.Sqrt(h)) / MetresPerMile
}

// MinMiles is a lower bound on the distance from a point to anything in
// b: the distance to the nearest point of the box, less 1% for the box's
// edges not being great circles.
func (b Bounds) MinMiles(lat, lon float64) float64 {
	cl := min(max(lat, b.MinLat), b.MaxLat)
	co := min(max(lon, b.MinLon), b.MaxLon)
	return Miles(lat, lon, cl, co) * 0.99
}

// Near is a practice found near a point.
type Near struct {
	ID, Name, Town string
	Rating         int
	Lat, Lon       float64
	Miles          float64
}

// CompareNear orders by distance, then name (case-folded) and ID, like
// site.Nearest.
func CompareNear(a, b Near) int {
	if a.Miles != b.Miles {
		return cmp.Compare(a.Miles, b.Miles)
	}
	return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
}

// NearestTiles finds the k practices nearest to (lat, lon) from the
// published tiles, reading as few as it can: tiles in order of their
// lower-bound distance, until the k-th practice found is nearer than the
// next tile could be.
func NearestTiles(read Reader, lat, lon float64, k int) ([]Near, error) {
	b, err := read(Dir + "g/tree.json")
	if err != nil {
		return nil, err
	}
	var tree string
	if err := json.Unmarshal(b, &tree); err != nil {
		return nil, fmt.Errorf("g/tree.json: %w", err)
	}
	tiles := DecodeTiles(tree)
	lb := make(map[string]float64, len(tiles))
	for _, t := range tiles {
		lb[t.Key] = t.Bounds.MinMiles(lat, lon)
	}
	slices.SortFunc(tiles, func(a, b Tile) int { return cmp.Or(cmp.Compare(lb[a.Key], lb[b.Key]), cmp.Compare(a.Key, b.Key)) })
	var found []Near
	for _, t := range tiles {
		if len(found) >= k && found[k-1].Miles <= lb[t.Key] {
			break
		}
		b, err := read(Dir + "g/q" + t.Key + ".json")
		if err != nil {
			return nil, err
		}
		recs, err := decodeGeo(b)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			r.Miles = Miles(lat, lon, r.Lat, r.Lon)
			found = append(found, r)
		}
		slices.SortFunc(found, CompareNear)
	}
	if len(found) > k {
		found = found[:k]
	}
	return found, nil
}
