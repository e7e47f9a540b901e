package ratings

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/sample"
)

// nationalRows is the number of rows in the Locations sheet of CQC's
// national file (all sectors).
const nationalRows = 323_673

// maxPeakMB is the most memory reading it may take.
const maxPeakMB = 200

// writeNational writes a generated table of rows data rows (and a header)
// as format into dir, and returns its path.
func writeNational(tb testing.TB, dir, format string, rows int) string {
	tb.Helper()
	csvPath := filepath.Join(dir, "national.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		tb.Fatal(err)
	}
	// About 10 rows a practice; cut at rows.
	lw := &lineLimit{w: bufio.NewWriter(f), lines: rows + 1}
	err = sample.WriteRatingsCSV(lw, sample.Options{Practices: rows/9 + 100, Seed: 3, Month: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil && err != errEnough {
		tb.Fatal(err)
	}
	lw.w.Flush()
	f.Close()
	if lw.lines > 0 {
		tb.Fatalf("generated %d rows too few", lw.lines)
	}
	if format == "csv" {
		return csvPath
	}
	out := filepath.Join(dir, "national."+format)
	o, err := os.Create(out)
	if err != nil {
		tb.Fatal(err)
	}
	defer o.Close()
	in, _ := os.Open(csvPath)
	defer in.Close()
	bw := bufio.NewWriter(o)
	if format == "ods" {
		err = sample.WriteODS(bw, sample.Records(in), sample.ODSOptions{TrailingBlankRows: 1<<20 - rows - 1})
	} else {
		err = sample.WriteXLSX(bw, sample.Records(in))
	}
	if err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	return out
}

var errEnough = io.ErrShortWrite

// lineLimit passes on the first lines lines, then fails.
type lineLimit struct {
	w     *bufio.Writer
	lines int
}

func (l *lineLimit) Write(p []byte) (int, error) {
	for i, c := range p {
		if c == '\n' {
			l.lines--
			if l.lines == 0 {
				l.w.Write(p[:i+1])
				return i + 1, errEnough
			}
		}
	}
	if l.lines <= 0 {
		return 0, errEnough
	}
	return l.w.Write(p)
}

// peakRSS reads the process's peak resident memory since the last
// resetPeak, in MB; ok is false where /proc does not say.
func peakRSS() (mb float64, ok bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}

// cpuSeconds is the process's user and system CPU time so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// resetPeak returns freed memory to the system and resets the peak.
func resetPeak() bool {
	runtime.GC()
	debug.FreeOSMemory()
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// BenchmarkReadNational reads a generated file of the national file's
// 323,673 rows as ODS (ending with a blank run to row 1,048,576, as
// LibreOffice writes) and XLSX, keeping GP practices, and reports the
// peak memory of the process while reading; it fails over 200 MB. CI runs
// the ODS and CSV ones once (XLSX, through excelize, peaked at 126 MB and
// 180 MB in two runs: too near the limit for CI on a busy machine).
func BenchmarkReadNational(b *testing.B) {
	dir := b.TempDir()
	for _, format := range []string{"ods", "xlsx", "csv"} {
		b.Run(format, func(b *testing.B) {
			path := writeNational(b, dir, format, nationalRows)
			st, _ := os.Stat(path)
			b.SetBytes(st.Size())
			b.ReportAllocs()
			var peak float64
			cpu0 := cpuSeconds()
			for b.Loop() {
				b.StopTimer()
				canPeak := resetPeak()
				b.StartTimer()
				var p diag.List
				locs := ReadFile(path, Options{Categories: []string{cqc.GPPractices}}, &p)
				if p.HasErrors() || len(locs) < 25_000 {
					b.Fatalf("%d locations, %v", len(locs), p.Err())
				}
				if mb, ok := peakRSS(); ok && canPeak {
					peak = max(peak, mb)
				}
				runtime.KeepAlive(locs)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nationalRows), "ns/row")
			// CPU time, which a busy machine does not inflate as it does
			// the elapsed time (generation excluded: it ran before).
			b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op")
			if peak > 0 {
				b.ReportMetric(peak, "peak-MB")
				if peak > maxPeakMB {
					b.Errorf("peak memory %.0f MB reading %d rows of %s, over %d MB", peak, nationalRows, format, maxPeakMB)
				}
			}
		})
	}
}

// TestReadODSBlankRunsAreFree: a sheet that ends with a run of a million
// blank rows of sixteen thousand cells reads in no time and no memory.
func TestReadODSBlankRunsAreFree(t *testing.T) {
	data := sampleCSV(t, 5, false)
	var o bytes.Buffer
	if err := sample.WriteODS(&o, sample.Records(bytes.NewReader(data)), sample.ODSOptions{TrailingBlankRows: 1 << 30}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var p diag.List
	locs := ReadODS(bytes.NewReader(o.Bytes()), int64(o.Len()), "f.ods", Options{}, &p)
	runtime.ReadMemStats(&after)
	if p.HasErrors() || len(locs) < 5 {
		t.Fatalf("%d locations, %v", len(locs), p.All())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("allocated %d bytes", grew)
	}
}
