//go:build heapprof

package main

// Built with -tags heapprof, the command watches the live heap (what the
// last collection kept) and, each time it grows by 5% over its high and
// at least every 10 s, writes a heap profile to $HEAPPROF_FILE.N (N = 0,
// 1, ...) and a line with the live heap to stderr. For measuring builds
// (docs/performance.md), not in the shipped binary.

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

func init() {
	file := os.Getenv("HEAPPROF_FILE")
	if file == "" {
		return
	}
	go func() {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var high uint64
		n := 0
		last, every := time.Now(), 10*time.Second
		for range time.Tick(100 * time.Millisecond) {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > high+high/20 || time.Since(last) > every {
				last = time.Now()
				high = max(high, v)
				f, err := os.Create(fmt.Sprintf("%s.%d", file, n))
				n++
				if err != nil {
					continue
				}
				runtime.GC() // the profile shows the heap as of the last collection
				pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
				fmt.Fprintf(os.Stderr, "heapprof: %d: live heap %d MB\n", n-1, v>>20)
			}
		}
	}()
}
