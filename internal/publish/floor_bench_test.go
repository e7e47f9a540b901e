package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// BenchmarkWriteFloor measures what publishing a site costs with nothing
// rendered: files of a whole build's number and mean size, already
// minified, written through the Publisher on every core and moved into
// place, and the same files written with os.WriteFile alone. It is the
// floor under a clean build's time on this machine (see
// docs/performance.md). Run it with TMPDIR on the file system the site is
// built on.
func BenchmarkWriteFloor(b *testing.B) {
	for _, c := range []struct {
		name  string
		files int
		size  int
	}{
		// The whole site at 7,500 and 100,000 practices: 19,220 files of
		// 134 MB, and 230,375 files of 2.3 GB.
		{"site-7500", 19220, 134 << 20 / 19220},
		{"site-100000", 230375, 2300 << 20 / 230375},
	} {
		data := make([]byte, c.size)
		for i := range data {
			data[i] = byte('a' + i%26)
		}
		// Practice pages are one directory each, like the build's.
		name := func(i int) string { return fmt.Sprintf("practices/1-%d/index.html", i) }
		b.Run(c.name+"/publisher", func(b *testing.B) {
			for b.Loop() {
				out := filepath.Join(b.TempDir(), "public")
				pub, err := New(out, Options{})
				if err != nil {
					b.Fatal(err)
				}
				each(c.files, func(i int) {
					if err := pub.PublishMinified(name(i), data); err != nil {
						b.Error(err)
					}
				})
				if err := pub.Commit("floor"); err != nil {
					b.Fatal(err)
				}
				if st := pub.Stats(); st.Written != c.files {
					b.Fatalf("wrote %d files, want %d", st.Written, c.files)
				}
				b.StopTimer()
				os.RemoveAll(out)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*c.files), "µs/file")
		})
		b.Run(c.name+"/os", func(b *testing.B) {
			for b.Loop() {
				out := b.TempDir()
				each(c.files, func(i int) {
					p := filepath.Join(out, name(i))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						b.Error(err)
					}
					if err := os.WriteFile(p, data, 0o644); err != nil {
						b.Error(err)
					}
				})
				b.StopTimer()
				os.RemoveAll(out)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*c.files), "µs/file")
		})
	}
}

// each calls f for 0..n-1 on every core.
func each(n int, f func(int)) {
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				f(i)
			}
		})
	}
	wg.Wait()
}
