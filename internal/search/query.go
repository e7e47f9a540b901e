package search

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"ratingsite/internal/rating"
)

// This file is the client side in Go: what assets/search.js does with the
// published files, so that tests can check the format, the matching and
// the bytes each query downloads.

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
