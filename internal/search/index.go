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
	Files map[string][]byte
	Meta  Meta
}

// Meta is search/index/meta.json, the one file every query reads first.
type Meta struct {
	Version int `json:"v"`
	// Practices is how many documents the index holds.
	Practices int `json:"n"`
	// Text lists the text shards' keys: the shard for a query word is the
	// longest key that starts the word (t/<key>.json).
	Text []string `json:"t"`
	// More lists the keys of shards that hold only a preview: a longer
	// key, or more words, narrow them.
	More []string `json:"m"`
	// Tiles is the geographic quadtree in pre-order: each node is one
	// hexadecimal digit, 0 for a leaf tile (g/q<key>.json), else the mask
	// of its non-empty children (bit 0 south-west, 1 south-east, 2
	// north-west, 3 north-east), which follow.
	Tiles string `json:"g"`
	// Areas lists the postcode areas with centroids (p/<AREA>.json).
	Areas []string `json:"p"`
	// Ratings are [slug, label] for each rating code used in records.
	Ratings [][2]string `json:"r"`
}

// Build makes the whole index.
func Build(in Input, lim Limits) *Index {
	ix := &Index{Files: map[string][]byte{}}
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
	ix.put("meta.json", ix.Meta)
	return ix
}

func (ix *Index) put(name string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain values are encoded
	}
	ix.Files[Dir+name] = b
}

// Round rounds a coordinate as the index publishes it: 5 decimals, about
// a metre.
func Round(x float64) float64 { return math.Round(x*1e5) / 1e5 }

// textRecord is a document in a text shard: [id, name, town, postcode,
// ods, provider, rating].
func textRecord(d *Doc) []any {
	return []any{d.ID, d.Name, d.Town, d.Postcode, d.ODS, d.Provider, int(d.Rating)}
}

type posting struct {
	token string
	doc   int
}

// buildText writes the text shards. A shard holds every document with a
// token that starts with its key; keys start at two letters and grow by
// one wherever a shard would exceed lim.ShardBytes. A shard that is split
// keeps a preview (its first documents, those with a token equal to the
// key first) so that a short query still shows something.
func buildText(ix *Index, docs []*Doc, lim Limits) {
	size := make([]int, len(docs))
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
	}
	slices.SortFunc(all, func(a, b posting) int {
		if c := strings.Compare(a.token, b.token); c != 0 {
			return c
		}
		return a.doc - b.doc
	})
	var node func(key string, ps []posting)
	node = func(key string, ps []posting) {
		in := map[int]bool{}
		var ids []int
		exact := map[int]bool{}
		bytes := 0
		for _, p := range ps {
			if p.token == key {
				exact[p.doc] = true
			}
			if !in[p.doc] {
				in[p.doc] = true
				ids = append(ids, p.doc)
				bytes += size[p.doc]
			}
		}
		slices.Sort(ids)
		ix.Meta.Text = append(ix.Meta.Text, key)
		if bytes <= lim.ShardBytes {
			ix.putShard(key, docs, ids)
			return
		}
		// Too big: a preview here, and a child shard for each next letter.
		slices.SortStableFunc(ids, func(a, b int) int { return boolFirst(exact[a], exact[b]) })
		var preview []int
		bytes = 0
		for _, id := range ids {
			if len(preview) == lim.PreviewDocs || bytes+size[id] > lim.ShardBytes {
				break
			}
			preview = append(preview, id)
			bytes += size[id]
		}
		ix.putShard(key, docs, preview)
		ix.Meta.More = append(ix.Meta.More, key)
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

func (ix *Index) putShard(key string, docs []*Doc, ids []int) {
	recs := make([][]any, len(ids))
	for i, id := range ids {
		recs[i] = textRecord(docs[id])
	}
	ix.put("t/"+key+".json", recs)
}
