package publish

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"math/bits"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// minCompress is the smallest file worth precompressing.
const minCompress = 512

// compressible reports whether a file holds text worth precompressing.
func compressible(p string, size int) bool {
	if size < minCompress {
		return false
	}
	switch path.Ext(p) {
	case ".html", ".css", ".js", ".json", ".geojson", ".svg", ".xml", ".txt", ".csv":
		return true
	}
	return false
}

// Compressors are expensive to set up (brotli's hash tables especially),
// so they are pooled and reset for each file.
//
// Brotli writers are not pooled: brotli.Writer.Reset keeps state from the
// previous stream (its hasher and ring buffer), so a file's .br bytes
// depended on which file that writer compressed before, and two clean
// -compress builds differed. Each file gets a new writer whose window is
// sized to the file, which keeps the set-up cheap for small files.
var gzPool = &sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return w
}}

// brotliWindow is the window (log2 bytes) for n bytes of input: just big
// enough to hold it, within brotli's 10 to 22 (the default, 4 MB).
func brotliWindow(n int) int {
	return min(max(bits.Len(uint(n)), 10), 22)
}

// brotliLevel 9 is close to the best (11) and several times faster.
const brotliLevel = 9

// compress returns data gzipped (best compression) and brotli-compressed.
// Output is deterministic: the gzip header carries no name and no time.
func compress(data []byte) (gz, br []byte, err error) {
	var g bytes.Buffer
	zw := gzPool.Get().(*gzip.Writer)
	defer gzPool.Put(zw)
	zw.Reset(&g)
	if _, err := zw.Write(data); err != nil {
		return nil, nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	bw := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: brotliLevel, LGWin: brotliWindow(len(data))})
	if _, err := bw.Write(data); err != nil {
		return nil, nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, nil, err
	}
	return g.Bytes(), b.Bytes(), nil
}

// compressorID names the compressors and their settings. A build reuses
// the previous build's .gz and .br files only if that build recorded the
// same ID, so they are the bytes this build would make. It holds the
// brotli module's version and Go's (for compress/gzip) when the program
// knows them (test binaries do not), and always a hash of what both
// compressors make of a fixed sample, which changes with their output.
var compressorID = sync.OnceValue(func() string {
	var probe bytes.Buffer
	for i := range 200 {
		fmt.Fprintf(&probe, "<tr><td><a href=\"/practices/1-%d/\">Practice %d</a></td><td>%s</td></tr>\n", i*7919, i, []string{"Good", "Outstanding", "Requires improvement", "Inadequate"}[i%4])
	}
	gz, br, err := compress(probe.Bytes())
	if err != nil {
		return ""
	}
	h := sha256.New()
	h.Write(gz)
	h.Write(br)
	id := fmt.Sprintf("gzip-%d brotli-%d sample-%x %s", gzip.BestCompression, brotliLevel, h.Sum(nil)[:8], runtime.Version())
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/andybalholm/brotli" {
				if d.Replace != nil {
					d = d.Replace
				}
				id += " brotli@" + d.Version
			}
		}
	}
	return strings.ReplaceAll(id, "\n", " ")
})

// keepCompressed keeps the previous build's .gz and .br of p, without
// compressing it again, when that build left p with this hash and both
// siblings made by the same compressors, and all three are still in the
// output with the size and time that build recorded. An edit to one press
// release then costs a -compress build the compression of the few files
// it changes, not of the whole site.
func (pub *Publisher) keepCompressed(p, hash string) bool {
	prev := pub.prev
	if prev == nil || prev.Compressor == "" || prev.Compressor != compressorID() {
		return false
	}
	if f, ok := prev.Files[p]; !ok || f.Hash != hash || !pub.asRecorded(p, f) {
		return false
	}
	sibs := [2]string{p + ".gz", p + ".br"}
	var states [2]FileState
	for i, s := range sibs {
		f, ok := prev.Files[s]
		if !ok || !pub.asRecorded(s, f) {
			return false
		}
		states[i] = f
	}
	// Both go into the new tree as hard links (see Publisher.link).
	if pub.stage != "" {
		for i, s := range sibs {
			if err := pub.link(s, filepath.Join(pub.stage, filepath.FromSlash(s))); err != nil {
				for _, s := range sibs[:i] {
					os.Remove(filepath.Join(pub.stage, filepath.FromSlash(s)))
				}
				return false
			}
		}
	}
	pub.mu.Lock()
	defer pub.mu.Unlock()
	for _, s := range sibs {
		if _, dup := pub.files[s]; dup {
			for _, s := range sibs {
				os.Remove(filepath.Join(pub.stage, filepath.FromSlash(s)))
			}
			return false // let put report it
		}
	}
	for i, s := range sibs {
		pub.files[s] = states[i]
		pub.bytes.Add(states[i].Size)
	}
	pub.unchanged.Add(2)
	return true
}

// asRecorded reports whether the output holds p with the size and
// modification time f records.
func (pub *Publisher) asRecorded(p string, f FileState) bool {
	st, err := os.Lstat(filepath.Join(pub.out, filepath.FromSlash(p)))
	return err == nil && st.Mode().IsRegular() && f.describes(st)
}
