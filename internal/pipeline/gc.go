package pipeline

import (
	"os"
	"runtime/debug"
)

// The garbage collector's settings for a build, unless GOGC or GOMEMLIMIT
// says otherwise. A build allocates a great deal that dies at once (every
// page is rendered, written and dropped), so collecting less often saves a
// quarter of a 7,500-practice build's CPU time; the soft memory limit then
// keeps a 100,000-practice build under 600 MB by collecting more often as
// the heap nears it.
const (
	GCPercent   = 300
	MemoryLimit = 512 << 20
)

// TuneGC applies GCPercent and MemoryLimit where the environment does not
// set GOGC and GOMEMLIMIT. The command calls it once at start.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(MemoryLimit)
	}
}
