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
	ix.emitFile(name, b)
}

// emitFile hands the encoded file name on, or keeps it in Files.
func (ix *Index) emitFile(name string, b []byte) {
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
	// Each document's record is encoded once: its size decides the shards,
	// and shards are its bytes joined (see putShard).
	recs := make([][]byte, len(docs))
	// Tokens are numbered as first seen; postings pair a token's number
	// with a document's, and each document's name and town tokens are
	// kept as numbers too, in one slice (ntStart[i] is where document i's
	// begin).
	ids := map[string]int32{}
	var tokens []string
	var posts []uint64
	var nt []int32
	ntStart := make([]int32, len(docs)+1)
	var own []int32 // the document's tokens so far, to list each once
	number := func(t string) int32 {
		id, ok := ids[t]
		if !ok {
			id = int32(len(tokens))
			ids[t] = id
			tokens = append(tokens, t)
		}
		return id
	}
	for i, d := range docs {
		b, _ := json.Marshal(textRecord(d))
		recs[i] = b
		own = own[:0]
		for _, t := range d.Words() {
			if len(t) < 2 {
				continue
			}
			id := number(t)
			if !slices.Contains(own, id) {
				own = append(own, id)
				posts = append(posts, uint64(id)<<32|uint64(i))
			}
		}
		ntStart[i] = int32(len(nt))
		for _, f := range []string{d.Name, d.Town} {
			for _, t := range Tokens(f) {
				if len(t) >= 2 {
					if id := number(t); !slices.Contains(nt[ntStart[i]:], id) {
						nt = append(nt, id)
					}
				}
			}
		}
	}
	ntStart[len(docs)] = int32(len(nt))
	// Renumber the tokens in sorted order, so that sorting the postings as
	// numbers sorts them by token, then document.
	order := make([]int32, len(tokens))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(tokens[a], tokens[b]) })
	rank := make([]int32, len(tokens))
	sorted := make([]string, len(tokens))
	for r, id := range order {
		rank[id] = int32(r)
		sorted[r] = tokens[id]
	}
	order, tokens, ids = nil, nil, nil
	for i, p := range posts {
		posts[i] = uint64(rank[p>>32])<<32 | p&0xffffffff
	}
	slices.Sort(posts)
	tok := func(p uint64) string { return sorted[p>>32] }
	doc := func(p uint64) int { return int(uint32(p)) }
	size := func(id int) int { return len(recs[id]) + 1 }
	// A common word is one whose own documents overflow a shard: its shard
	// is always a preview. Pair shards are needed only between two of them,
	// because a query with one rare word reads that word's complete shard.
	tokenBytes := make([]int, len(sorted))
	for _, p := range posts {
		tokenBytes[p>>32] += size(doc(p))
	}
	nameTown := make([][]string, len(docs))
	for i := range docs {
		for _, id := range nt[ntStart[i]:ntStart[i+1]] {
			if r := rank[id]; tokenBytes[r] > lim.ShardBytes {
				nameTown[i] = append(nameTown[i], sorted[r])
			}
		}
	}
	nt, ntStart, rank = nil, nil, nil
	// fit keeps the documents that fit in one shard, in order. A
	// document bigger than a shard (a very long name) is kept when it
	// comes first, so that it can always be found.
	fit := func(ids []int) (kept []int, more bool) {
		bytes := 0
		for _, id := range ids {
			bytes += size(id)
		}
		if bytes <= lim.ShardBytes || len(ids) == 1 {
			return ids, false
		}
		bytes = 0
		for _, id := range ids {
			if len(kept) == lim.PreviewDocs || bytes+size(id) > lim.ShardBytes && len(kept) > 0 {
				break
			}
			kept = append(kept, id)
			bytes += size(id)
		}
		return kept, true
	}
	var node func(key string, ps []uint64)
	node = func(key string, ps []uint64) {
		// The postings are sorted by token: the token equal to the key,
		// if any, comes first, and its documents are in order.
		var exact []int
		for _, p := range ps {
			if tok(p) != key {
				break
			}
			exact = append(exact, doc(p))
		}
		ids := make([]int, len(ps))
		for i, p := range ps {
			ids[i] = doc(p)
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		ix.Text = append(ix.Text, key)
		kept, more := fit(ids)
		if !more {
			ix.putShard(key, recs, ids, false, nil)
			return
		}
		// Too big: a preview here, and a child shard for each next letter
		// (none once the key is MaxKey letters long). The preview lists
		// the documents with the key as a token first, each part in order.
		preview := make([]int, 0, len(ids))
		preview = append(preview, exact...)
		for _, id := range ids {
			if _, found := slices.BinarySearch(exact, id); !found {
				preview = append(preview, id)
			}
		}
		kept, _ = fit(preview)
		var pairList []string
		if len(exact) > 0 && tokenBytes[ps[0]>>32] > PairFactor*lim.ShardBytes {
			pairList = pairs(ix, key, ids, nameTown, recs, fit)
		}
		ix.putShard(key, recs, kept, true, pairList)
		if len(key) >= MaxKey {
			return
		}
		for len(ps) > 0 {
			t := tok(ps[0])
			if len(t) == len(key) {
				ps = ps[1:]
				continue
			}
			c := t[len(key)]
			j := 1
			for j < len(ps) {
				u := tok(ps[j])
				if len(u) <= len(key) || u[len(key)] != c {
					break
				}
				j++
			}
			node(key+string(c), ps[:j])
			ps = ps[j:]
		}
	}
	for len(posts) > 0 {
		k := tok(posts[0])[:2]
		j := 1
		for j < len(posts) && strings.HasPrefix(tok(posts[j]), k) {
			j++
		}
		node(k, posts[:j])
		posts = posts[j:]
	}
}

// pairs writes t/<key>~<xx>.json for the documents ids (all with a token
// starting with key), grouped by the first two letters xx of their other
// common name and town words, and returns the xx written.
func pairs(ix *Index, key string, ids []int, nameTown [][]string, recs [][]byte, fit func([]int) ([]int, bool)) []string {
	by := map[string][]int{}
	var seen []string
	for _, id := range ids {
		seen = seen[:0]
		for _, t := range nameTown[id] {
			if strings.HasPrefix(t, key) || slices.Contains(seen, t[:2]) {
				continue
			}
			seen = append(seen, t[:2])
			by[t[:2]] = append(by[t[:2]], id)
		}
	}
	var out []string
	for xx, group := range by {
		kept, more := fit(group)
		ix.putShard(key+"~"+xx, recs, kept, more, nil)
		out = append(out, xx)
	}
	slices.Sort(out)
	return out
}

// putShard publishes t/<key>.json: the Shard of the documents ids, more
// and pairs, written as json.Marshal writes a Shard but from the
// documents' records encoded once.
func (ix *Index) putShard(key string, recs [][]byte, ids []int, more bool, pairs []string) {
	if ix.err != nil {
		return
	}
	n := len(`{"d":[],"more":true}`)
	for _, id := range ids {
		n += len(recs[id]) + 1
	}
	b := make([]byte, 0, n+8*len(pairs)+len(`,"pairs":[]`))
	b = append(b, `{"d":[`...)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, recs[id]...)
	}
	b = append(b, ']')
	if more {
		b = append(b, `,"more":true`...)
	}
	if len(pairs) > 0 {
		p, err := json.Marshal(pairs)
		if err != nil {
			panic(err)
		}
		b = append(b, `,"pairs":`...)
		b = append(b, p...)
	}
	b = append(b, '}')
	ix.emitFile("t/"+key+".json", b)
}
