package rating

import (
	"sync"
	"sync/atomic"
)

// ReportType is CQC's "Report Type" of the report that gave a rating
// ("Location", "Provider", …), interned. A Cell holds this small number
// instead of a string so that it holds no pointer: the collector then
// never scans the 42 cells of each of 100,000 practices, and each cell
// takes 8 bytes instead of 24.
type ReportType uint16

// reportTypes holds every name seen, indexed by ReportType; 0 is "".
// Look-ups and String take no lock; a new name is added under mu.
var reportTypes struct {
	mu    sync.Mutex
	names atomic.Pointer[[]string]
	index sync.Map // string → ReportType
}

func init() {
	names := []string{""}
	reportTypes.names.Store(&names)
	reportTypes.index.Store("", ReportType(0))
}

// maxReportTypes bounds the table: real data has a handful of report
// types, and hostile input must not grow it without limit. Names past it
// are recorded as "" (not published).
const maxReportTypes = 1 << 10

// ReportTypeOf interns name.
func ReportTypeOf(name string) ReportType {
	if t, ok := reportTypes.index.Load(name); ok {
		return t.(ReportType)
	}
	reportTypes.mu.Lock()
	defer reportTypes.mu.Unlock()
	if t, ok := reportTypes.index.Load(name); ok {
		return t.(ReportType)
	}
	names := *reportTypes.names.Load()
	if len(names) >= maxReportTypes {
		return 0
	}
	grown := append(names[:len(names):len(names)], name)
	t := ReportType(len(grown) - 1)
	reportTypes.names.Store(&grown)
	reportTypes.index.Store(name, t)
	return t
}

// String is the report type's name as CQC published it.
func (t ReportType) String() string {
	names := *reportTypes.names.Load()
	if int(t) < len(names) {
		return names[t]
	}
	return ""
}
