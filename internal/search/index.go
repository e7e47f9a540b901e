package search

import (
	"encoding/json"
	"iter"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"ratingsite/internal/rating"
)

// Dir is where the index is published, under the site's root.
const Dir = "search/index/"

// Limits decide how the index is split. The defaults keep every file small
// at 100,000 practices; tests shrink them.
type Limits struct {
	// ShardBytes is the most bytes of document records in a text shard
	// before it is split by a longer prefix.
	ShardBytes int
	// PreviewDocs is how many documents a shard that was split (or a
	// token too common to list in full) keeps as a preview.
	PreviewDocs int
	// TileDocs is the most practices in a geographic tile before it is
	// split into four.
	TileDocs int
}

// DefaultLimits are used by the build.
var DefaultLimits = Limits{ShardBytes: 24 << 10, PreviewDocs: 40, TileDocs: 64}

// Input is what the index is built from.
type Input struct {
	// Docs are the current practices, in the site's order (name, then ID).
	Docs []*Doc
	// Postcodes are the centroids of data/postcodes.csv: normalised codes
	// (no space, upper case), full postcodes and outward codes.
	Postcodes iter.Seq2[string, orb.Point]
}

// Index is the built index: every file to publish, by path under the
// site's root, and its manifest.
type Index struct {
	// Files holds every file when the index was made by Build; Stream
	// hands them on instead.
	Files map[string][]byte
	Meta  Meta
	// Text lists the text shards' keys, published by first letter in
	// t/_<letter>.json: the shard for a query word is the longest key that
	// starts the word (t/<key>.json).
	Text []string
	// Tiles is the geographic quadtree in pre-order, published as
	// g/tree.json: each node is one hexadecimal digit, 0 for a leaf tile
	// (g/q<key>.json), else the mask of its non-empty children (bit 0
	// east, bit 1 north), which follow.
	Tiles string

	emit func(path string, data []byte) error
	err  error
}

// Meta is search/index/meta.json, the one file every query reads first.
type Meta struct {
	Version int `json:"v"`
	// Practices is how many documents the index holds.
	Practices int `json:"n"`
	// Letters are the first letters of the text shards' keys: each has
	// t/_<letter>.json.
	Letters string `json:"t"`
	// Areas lists the postcode areas with centroids (p/<AREA>.json).
	Areas []string `json:"p"`
	// Ratings are [slug, label] for each rating code used in records.
	Ratings [][2]string `json:"r"`
}

// Build makes the whole index, in memory.
func Build(in Input, lim Limits) *Index {
	ix := &Index{Files: map[string][]byte{}}
	ix.build(in, lim)
	return ix
}

// Stream makes the index and hands each file to emit as soon as it is
// encoded, so that a national index is never all in memory at once. It
// stops at emit's first error and returns it.
func Stream(in Input, lim Limits, emit func(path string, data []byte) error) error {
	ix := &Index{emit: emit}
	ix.build(in, lim)
	return ix.err
}

func (ix *Index) build(in Input, lim Limits) {
	ix.Meta = Meta{Version: 1, Practices: len(in.Docs)}
	for v := range rating.RegulationsMet + 1 {
		label := v.String()
		if !v.Present() {
			label = "Not published"
		}
		ix.Meta.Ratings = append(ix.Meta.Ratings, [2]string{v.Slug(), label})
	}
	buildText(ix, in.Docs, lim)
	buildTiles(ix, in.Docs, lim)
	if in.Postcodes != nil {
		buildPostcodes(ix, in.Postcodes)
	}
	byFirst := map[byte][]string{}
	for _, k := range ix.Text {
		if len(byFirst[k[0]]) == 0 {
			ix.Meta.Letters += k[:1]
		}
		byFirst[k[0]] = append(byFirst[k[0]], k)
	}
	for c, keys := range byFirst {
		ix.put("t/_"+string(c)+".json", keys)
	}
	ix.put("g/tree.json", ix.Tiles)
	ix.put("meta.json", ix.Meta)
}

func (ix *Index) put(name string, v any) {
	if ix.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain values are encoded
	}
	if ix.emit != nil {
		ix.err = ix.emit(Dir+name, b)
		return
	}
	ix.Files[Dir+name] = b
}

// Round rounds a coordinate as the index publishes it: 5 decimals, about
// a metre.
func Round(x float64) float64 { return math.Round(x*1e5) / 1e5 }

// textRecord is a document in a text shard: [id, name, town, postcode,
// ods, provider, rating], and locality last when there is one.
func textRecord(d *Doc) []any {
	r := []any{d.ID, d.Name, d.Town, d.Postcode, d.ODS, d.Provider, int(d.Rating)}
	if d.Locality != "" {
		r = append(r, d.Locality)
	}
	return r
}

type posting struct {
	token string
	doc   int
}

// PairFactor: only a word whose documents would fill this many shards
// gets pair shards ("surgery", "medical", a big town). Two words that are
// merely common together find each other through the commoner one's pairs
// only if it is that common; otherwise the query shows a preview and says
// there are more.
const PairFactor = 4

// MaxKey is the longest text shard key, in bytes (folded letters and
// digits). Keys grow a letter at a time only where a shard overflows, so
// real keys are a few letters long; the bound keeps a shard's file name
// (t/<key>~<xx>.json) short and the index linear in the length of a word
// however long a name is. assets/search.js holds the same number.
const MaxKey = 32

// Shard is a text shard, t/<key>.json.
type Shard struct {
	// Docs are text records: [id, name, town, postcode, ods, provider,
	// rating] and, when there is one, locality.
	Docs [][]any `json:"d"`
	// More is true when Docs is only a preview: more documents have a
	// token that starts with the key.
	More bool `json:"more,omitempty"`
	// Pairs, on a preview whose key is itself a word, lists the
	// two-letter starts xx of other common name or town words that have a
	// pair shard t/<key>~<xx>.json: the documents with both.
	Pairs []string `json:"pairs,omitempty"`
}

// buildText writes the text shards. A shard holds every document with a
// token that starts with its key; keys start at two letters and grow by
// one wherever a shard would exceed lim.ShardBytes. A shard that is split
// keeps a preview (its first documents, those with a token equal to the
// key first) so that a short query still shows something. Where the key
// is a word too common to list in full ("surgery"), pair shards split its
// documents by the start of their other name and town words, so that
// "surgery oldham" reads one small file.
//
// Keys stop growing at MaxKey letters: a shard whose key is that long
// stays a preview however many documents share the prefix, so that a file
// name never grows with a word and the work per word is bounded.
func buildText(ix *Index, docs []*Doc, lim Limits) {
	size := make([]int, len(docs))
	nameTown := make([][]string, len(docs))
	var all []posting
	for i, d := range docs {
		b, _ := json.Marshal(textRecord(d))
		size[i] = len(b) + 1
		seen := map[string]bool{}
		for _, t := range d.Words() {
			if len(t) >= 2 && !seen[t] {
				seen[t] = true
				all = append(all, posting{t, i})
			}
		}
		for _, t := range append(Tokens(d.Name), Tokens(d.Town)...) {
			if len(t) >= 2 && !slices.Contains(nameTown[i], t) {
				nameTown[i] = append(nameTown[i], t)
			}
		}
	}
	slices.SortFunc(all, func(a, b posting) int {
		if c := strings.Compare(a.token, b.token); c != 0 {
			return c
		}
		return a.doc - b.doc
	})
	// A common word is one whose own documents overflow a shard: its shard
	// is always a preview. Pair shards are needed only between two of them,
	// because a query with one rare word reads that word's complete shard.
	tokenBytes := map[string]int{}
	for _, p := range all {
		tokenBytes[p.token] += size[p.doc]
	}
	for i, ts := range nameTown {
		nameTown[i] = slices.DeleteFunc(ts, func(t string) bool { return tokenBytes[t] <= lim.ShardBytes })
	}
	// fit keeps the documents that fit in one shard, in order. A
	// document bigger than a shard (a very long name) is kept when it
	// comes first, so that it can always be found.
	fit := func(ids []int) (kept []int, more bool) {
		bytes := 0
		for _, id := range ids {
			bytes += size[id]
		}
		if bytes <= lim.ShardBytes || len(ids) == 1 {
			return ids, false
		}
		bytes = 0
		for _, id := range ids {
			if len(kept) == lim.PreviewDocs || bytes+size[id] > lim.ShardBytes && len(kept) > 0 {
				break
			}
			kept = append(kept, id)
			bytes += size[id]
		}
		return kept, true
	}
	var node func(key string, ps []posting)
	node = func(key string, ps []posting) {
		in := map[int]bool{}
		var ids []int
		exact := map[int]bool{}
		for _, p := range ps {
			if p.token == key {
				exact[p.doc] = true
			}
			if !in[p.doc] {
				in[p.doc] = true
				ids = append(ids, p.doc)
			}
		}
		slices.Sort(ids)
		ix.Text = append(ix.Text, key)
		kept, more := fit(ids)
		if !more {
			ix.putShard(key, Shard{Docs: records(docs, ids)})
			return
		}
		// Too big: a preview here, and a child shard for each next letter
		// (none once the key is MaxKey letters long).
		preview := slices.Clone(ids)
		slices.SortStableFunc(preview, func(a, b int) int { return boolFirst(exact[a], exact[b]) })
		kept, _ = fit(preview)
		sh := Shard{Docs: records(docs, kept), More: true}
		if len(exact) > 0 && tokenBytes[key] > PairFactor*lim.ShardBytes {
			sh.Pairs = pairs(ix, key, ids, nameTown, docs, fit)
		}
		ix.putShard(key, sh)
		if len(key) >= MaxKey {
			return
		}
		for len(ps) > 0 {
			if len(ps[0].token) == len(key) {
				ps = ps[1:]
				continue
			}
			c := ps[0].token[len(key)]
			j := 1
			for j < len(ps) && len(ps[j].token) > len(key) && ps[j].token[len(key)] == c {
				j++
			}
			node(key+string(c), ps[:j])
			ps = ps[j:]
		}
	}
	for len(all) > 0 {
		k := all[0].token[:2]
		j := 1
		for j < len(all) && strings.HasPrefix(all[j].token, k) {
			j++
		}
		node(k, all[:j])
		all = all[j:]
	}
}

// pairs writes t/<key>~<xx>.json for the documents ids (all with a token
// starting with key), grouped by the first two letters xx of their other
// common name and town words, and returns the xx written.
func pairs(ix *Index, key string, ids []int, nameTown [][]string, docs []*Doc, fit func([]int) ([]int, bool)) []string {
	by := map[string][]int{}
	for _, id := range ids {
		seen := map[string]bool{}
		for _, t := range nameTown[id] {
			if strings.HasPrefix(t, key) || seen[t[:2]] {
				continue
			}
			seen[t[:2]] = true
			by[t[:2]] = append(by[t[:2]], id)
		}
	}
	var out []string
	for xx, group := range by {
		kept, more := fit(group)
		ix.putShard(key+"~"+xx, Shard{Docs: records(docs, kept), More: more})
		out = append(out, xx)
	}
	slices.Sort(out)
	return out
}

func records(docs []*Doc, ids []int) [][]any {
	recs := make([][]any, len(ids))
	for i, id := range ids {
		recs[i] = textRecord(docs[id])
	}
	return recs
}

func (ix *Index) putShard(key string, sh Shard) { ix.put("t/"+key+".json", sh) }
