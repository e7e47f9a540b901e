package publish

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// TestCompressIndependentOfHistory: a file's .gz and .br bytes are the
// same whatever the pooled compressors compressed before, so two clean
// -compress builds are byte-identical however work was scheduled.
func TestCompressIndependentOfHistory(t *testing.T) {
	// Text of many sizes, from a few hundred bytes to beyond the window,
	// alike enough that a compressor with stale state finds old matches.
	r := rand.New(rand.NewPCG(1, 2))
	var files [][]byte
	for _, n := range []int{600, 1000, 3000, 20000, 70000, 300000, 1 << 20, 5 << 20} {
		var b strings.Builder
		for b.Len() < n {
			fmt.Fprintf(&b, "<tr><td><a href=\"/practices/1-%d/\">%s Surgery</a></td><td>%d</td></tr>\n", r.IntN(1e9), []string{"Oak", "Elm", "Ash", "Birch"}[r.IntN(4)], r.IntN(5))
		}
		files = append(files, []byte(b.String()[:n]))
	}
	fresh := make([][2][]byte, len(files))
	for i, f := range files {
		gzPool = &sync.Pool{New: gzPool.New} // a compressor that has seen nothing
		gz, br, err := compress(f)
		if err != nil {
			t.Fatal(err)
		}
		fresh[i] = [2][]byte{bytes.Clone(gz), bytes.Clone(br)}
	}
	// The same files through one pooled pair, in two orders, and at once.
	for _, order := range [][]int{{0, 1, 2, 3, 4, 5, 6, 7}, {7, 6, 5, 4, 3, 2, 1, 0}, {3, 7, 0, 0, 5, 1, 6, 2, 4, 7, 4, 5, 2, 6, 6, 4}} {
		gzPool = &sync.Pool{New: gzPool.New}
		for _, i := range order {
			gz, br, err := compress(files[i])
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(gz, fresh[i][0]) || !bytes.Equal(br, fresh[i][1]) {
				t.Errorf("order %v: file %d compresses to other bytes (gz same: %v, br same: %v)", order, i, bytes.Equal(gz, fresh[i][0]), bytes.Equal(br, fresh[i][1]))
			}
		}
	}
	var wg sync.WaitGroup
	for range 4 {
		for i := range files {
			wg.Go(func() {
				gz, br, err := compress(files[i])
				if err != nil || !bytes.Equal(gz, fresh[i][0]) || !bytes.Equal(br, fresh[i][1]) {
					t.Errorf("concurrent: file %d compresses to other bytes (%v)", i, err)
				}
			})
		}
	}
	wg.Wait()
}
