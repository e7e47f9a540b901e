package search

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"
)

// longWord is n random letters from seed.
func longWord(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	return string(b)
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// TestLongWords: the index stays linear in the length of a word, however
// long, its file names stay short, and the practice is still found. These
// are the cases of issue 13 that failed with "file name too long" or ran
// out of memory (the keys grew a letter at a time with the word, each key
// a new string: memory in the square of the word).
func TestLongWords(t *testing.T) {
	for _, c := range []struct {
		name string
		docs func() []*Doc
	}{
		{"one word of 26,000 letters", func() []*Doc {
			return append(randomDocs(50, 3), doc("1-9", "The "+longWord(26000, 1)+" Surgery", "Oldham"))
		}},
		{"120 practices share a 300-letter word", func() []*Doc {
			w := longWord(300, 2)
			docs := randomDocs(50, 4)
			for i := range 120 {
				docs = append(docs, doc(fmt.Sprintf("1-9%03d", i), "The "+w+" Surgery "+fmt.Sprint(i), "Leeds"))
			}
			return docs
		}},
		{"a name of 100,000 letters", func() []*Doc {
			return append(randomDocs(50, 5), doc("1-9", longWord(100000, 3), "Oldham"))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			docs := c.docs()
			in := 0
			for _, d := range docs {
				in += len(d.Name)
			}
			var ix *Index
			alloc := allocated(func() { ix = Build(Input{Docs: docs}, DefaultLimits) })
			// Linear: a few copies of the input (records, postings, JSON),
			// far from the gigabytes of a key per letter.
			if limit := uint64(64*in + 64<<20); alloc > limit {
				t.Errorf("building the index allocated %d MB for %d KB of names, want under %d MB", alloc>>20, in>>10, limit>>20)
			}
			for p := range ix.Files {
				if len(p) > len(Dir)+len("t/")+MaxKey+len("~xx.json") {
					t.Fatalf("file name of %d bytes: %.80s…", len(p), p)
				}
			}
			for _, k := range ix.Text {
				if len(k) > MaxKey {
					t.Fatalf("key of %d letters", len(k))
				}
			}
			m, err := ReadMeta(ix.Reader())
			if err != nil {
				t.Fatal(err)
			}
			long := docs[len(docs)-1]
			w := Tokens(long.Name)[0]
			if len(w) < 4 {
				w = Tokens(long.Name)[1]
			}
			// Whole and by its start, as typed.
			for _, q := range []string{w, w[:MaxKey+5], w[:MaxKey-3]} {
				hits, complete, err := Search(ix.Reader(), m, q)
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, h := range hits {
					found = found || h.Doc.ID == long.ID
				}
				if !found && complete {
					t.Errorf("query of %d letters: %d hits, complete, without %s", len(q), len(hits), long.ID)
				}
				if len(q) == len(w) && !found && len(hits) == 0 {
					t.Errorf("the whole word finds nothing")
				}
			}
		})
	}
}

// TestMaxKeyInSearchJS: assets/search.js caps keys as the Go port does.
func TestMaxKeyInSearchJS(t *testing.T) {
	js := readSearchJS(t)
	if want := fmt.Sprintf("var MAX_KEY = %d;", MaxKey); !strings.Contains(js, want) {
		t.Errorf("assets/search.js does not say %q", want)
	}
	if !strings.Contains(js, "w.slice(0, MAX_KEY)") {
		t.Error("assets/search.js does not cut query words to MAX_KEY before choosing a shard")
	}
}

// BenchmarkLongName builds an index holding one name of n letters: time
// and allocation must grow linearly with n.
func BenchmarkLongName(b *testing.B) {
	base := randomDocs(200, 7)
	for _, n := range []int{1000, 10000, 100000} {
		docs := append(base[:len(base):len(base)], doc("1-9", longWord(n, 4)+" Surgery", "Leeds"))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Build(Input{Docs: docs}, DefaultLimits)
			}
		})
	}
}

// FuzzIndexNames builds an index from fuzzed names with small shards:
// every key is at most MaxKey letters and every practice is found by its
// name's longest word, or the answer says it is incomplete.
func FuzzIndexNames(f *testing.F) {
	f.Add("The "+longWord(200, 1)+" Surgery", longWord(120, 2), 3)
	f.Add("St John's", "a\u0301b", 40)
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		n = 1 + min(max(n, 0), 60)
		var docs []*Doc
		for i := range n {
			name := a
			if i%2 == 1 {
				name = b + " " + a[:len(a)*i/n]
			}
			docs = append(docs, doc(fmt.Sprintf("1-%d", i), name, "Leeds"))
		}
		ix := Build(Input{Docs: docs}, Limits{ShardBytes: 1 << 10, PreviewDocs: 4, TileDocs: 8})
		for _, k := range ix.Text {
			if len(k) > MaxKey {
				t.Fatalf("key of %d letters", len(k))
			}
		}
		m, err := ReadMeta(ix.Reader())
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			var w string
			for _, t := range Tokens(d.Name) {
				if len(t) > len(w) {
					w = t
				}
			}
			if len(w) < 2 {
				continue
			}
			hits, complete, err := Search(ix.Reader(), m, w)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, h := range hits {
				found = found || h.Doc.ID == d.ID
			}
			if complete && !found {
				t.Fatalf("%q: complete answer without %s", w, d.ID)
			}
		}
	})
}

func readSearchJS(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
