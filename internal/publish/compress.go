package publish

import (
	"bytes"
	"compress/gzip"
	"path"
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
var (
	gzPool = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
		return w
	}}
	brPool = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotliLevel) }}
)

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
	bw := brPool.Get().(*brotli.Writer)
	defer brPool.Put(bw)
	bw.Reset(&b)
	if _, err := bw.Write(data); err != nil {
		return nil, nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, nil, err
	}
	return g.Bytes(), b.Bytes(), nil
}
