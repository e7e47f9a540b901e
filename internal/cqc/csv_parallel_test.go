package cqc

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"ratingsite/internal/diag"
	"ratingsite/internal/sample"
)

// csvRun is the outcome of one ReadRatingsCSV call.
type csvRun struct {
	locs     []*Location
	problems []diag.Problem
	parallel bool // the rows were parsed in parallel
	again    bool // the parallel read gave up and the file was read again
}

// csvMode says how to read: sequentially (workers 1), or in parallel
// whatever the size with blocks of about block bytes.
type csvMode struct {
	workers int
	block   int
}

func (m csvMode) String() string {
	if m.workers <= 1 {
		return "sequential"
	}
	return fmt.Sprintf("parallel/%dw/%dB", m.workers, m.block)
}

var csvSequential = csvMode{workers: 1}

// csvReadIn reads data from r with the tuning of m, restoring it after.
func csvReadIn(m csvMode, r io.Reader, opt Options) csvRun {
	oldMin, oldBlock, oldWorkers := csvParallelMin, csvBlockSize, csvWorkers
	defer func() { csvParallelMin, csvBlockSize, csvWorkers = oldMin, oldBlock, oldWorkers }()
	csvWorkers = func() int { return m.workers }
	csvParallelMin = 0
	if m.block > 0 {
		csvBlockSize = m.block
	}
	par, again := csvStats.parallel.Load(), csvStats.again.Load()
	var p diag.List
	locs := ReadRatingsCSV(r, "in.csv", opt, &p)
	return csvRun{
		locs:     locs,
		problems: p.All(),
		parallel: csvStats.parallel.Load() != par,
		again:    csvStats.again.Load() != again,
	}
}

func csvReadMode(m csvMode, data []byte, opt Options) csvRun {
	return csvReadIn(m, bytes.NewReader(data), opt)
}

// csvSame fails unless two reads gave the same locations and problems.
func csvSame(t *testing.T, what string, want, got csvRun) {
	t.Helper()
	if !reflect.DeepEqual(want.problems, got.problems) {
		n := min(len(want.problems), len(got.problems))
		i := 0
		for i < n && want.problems[i] == got.problems[i] {
			i++
		}
		var w, g string
		if i < len(want.problems) {
			w = fmt.Sprintf("%+v", want.problems[i])
		}
		if i < len(got.problems) {
			g = fmt.Sprintf("%+v", got.problems[i])
		}
		t.Errorf("%s: problems differ (%d vs %d), first at %d:\nsequential: %s\nparallel:   %s", what, len(want.problems), len(got.problems), i, w, g)
	}
	if !reflect.DeepEqual(want.locs, got.locs) {
		if len(want.locs) != len(got.locs) {
			t.Errorf("%s: %d locations, want %d", what, len(got.locs), len(want.locs))
			return
		}
		for i := range want.locs {
			if !reflect.DeepEqual(want.locs[i], got.locs[i]) {
				t.Errorf("%s: location %d differs:\nsequential: %+v\nparallel:   %+v", what, i, *want.locs[i], *got.locs[i])
				return
			}
		}
	}
}

// csvCompare reads data sequentially and in each mode, and checks that the
// results are the same. again says whether the parallel reads must give up
// and read the file again (1), must not (0), or either (-1).
func csvCompare(t *testing.T, name string, data []byte, opt Options, again int, modes ...csvMode) {
	t.Helper()
	want := csvReadMode(csvSequential, data, opt)
	if want.parallel || want.again {
		t.Fatalf("%s: the sequential read went parallel", name)
	}
	for _, m := range modes {
		got := csvReadMode(m, data, opt)
		what := name + " " + m.String()
		csvSame(t, what, want, got)
		switch {
		case again == 1 && (!got.again || got.parallel):
			t.Errorf("%s: the parallel read should have given up (parallel %v, again %v)", what, got.parallel, got.again)
		case again == 0 && (got.again || !got.parallel):
			t.Errorf("%s: the rows should have been parsed in parallel (parallel %v, again %v)", what, got.parallel, got.again)
		}
	}
}

// csvGenerated returns a generated Latest ratings file of n practices,
// with a byte-order mark and CRLF line endings, as Excel writes it.
var csvGenerated = func() func(t testing.TB, n int) []byte {
	var mu sync.Mutex
	cache := map[int][]byte{}
	return func(t testing.TB, n int) []byte {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		if b, ok := cache[n]; ok {
			return b
		}
		var b bytes.Buffer
		err := sample.WriteRatingsCSV(&b, sample.Options{Practices: n, Seed: 1, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), BOMCRLF: true})
		if err != nil {
			t.Fatal(err)
		}
		cache[n] = b.Bytes()
		return b.Bytes()
	}
}()

// csvLines is a generated file as lines, each with its CRLF, the first
// holding the byte-order mark and the header.
type csvLines struct {
	lines [][]byte
	r     *rand.Rand
}

func csvSplitLines(t testing.TB, data []byte, seed uint64) *csvLines {
	t.Helper()
	l := &csvLines{r: rand.New(rand.NewPCG(seed, 2026))}
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			i = len(data) - 1
		}
		l.lines = append(l.lines, data[:i+1])
		data = data[i+1:]
	}
	return l
}

func (l *csvLines) bytes() []byte {
	var b bytes.Buffer
	for _, line := range l.lines {
		b.Write(line)
	}
	return b.Bytes()
}

// row picks a data row at random, away from the first few.
func (l *csvLines) row() int { return 5 + l.r.IntN(len(l.lines)-10) }

// edit rewrites data row i through fn, re-encoding it as csv.Writer does.
func (l *csvLines) edit(t testing.TB, i int, fn func(rec []string) []string) {
	t.Helper()
	rec, err := csv.NewReader(bytes.NewReader(l.lines[i])).Read()
	if err != nil {
		t.Fatalf("line %d: %v", i+1, err)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write(fn(rec))
	w.Flush()
	l.lines[i] = b.Bytes()
}

// insert puts raw text before line i.
func (l *csvLines) insert(i int, raw string) {
	l.lines = append(l.lines[:i], append([][]byte{[]byte(raw)}, l.lines[i:]...)...)
}

// Columns of the published header.
const (
	csvTColID       = 0
	csvTColName     = 2
	csvTColStreet   = 6
	csvTColCategory = 5
	csvTColCCGName  = 16
	csvTColGroup    = 17
	csvTColDomain   = 18
	csvTColRating   = 19
	csvTColDate     = 20
	csvTColInherit  = 22
	csvTColProvider = 25
)

// rowErrors injects, at random rows, every kind of problem that does not
// make encoding/csv fail.
func (l *csvLines) rowErrors(t testing.TB, n int) {
	set := func(col int, v string) func([]string) []string {
		return func(rec []string) []string { rec[col] = v; return rec }
	}
	for k := range n {
		i := l.row()
		switch k % 17 {
		case 0:
			l.edit(t, i, set(csvTColRating, "Goood"))
		case 1:
			l.edit(t, i, set(csvTColDate, "31/02/2020"))
		case 2:
			l.edit(t, i, set(csvTColDate, "yesterday"))
		case 3:
			l.edit(t, i, set(csvTColDomain, "Kindness"))
		case 4:
			l.edit(t, i, set(csvTColGroup, "Teenagers"))
		case 5:
			l.edit(t, i, set(csvTColInherit, "Yes"))
		case 6: // a conflicting duplicate a few rows later
			dup := bytes.Clone(l.lines[i])
			l.insert(i+3, string(dup))
			l.edit(t, i+3, func(rec []string) []string {
				if rec[csvTColRating] == "Inadequate" {
					rec[csvTColRating] = "Good"
				} else {
					rec[csvTColRating] = "Inadequate"
				}
				return rec
			})
		case 7: // an exact duplicate
			l.insert(i+2, string(l.lines[i]))
		case 8: // a later row of the location disagrees
			l.edit(t, i, set(csvTColName, `The "Other" Surgery, with a comma`))
		case 9: // a row spread over lines, with an error on a later line
			l.edit(t, i, func(rec []string) []string {
				rec[csvTColStreet] = "Flat 1\r\nHigh Street\n"
				rec[csvTColCCGName] = "NHS\r\n\r\nLeeds\r\n"
				rec[csvTColRating] = "Superb"
				return rec
			})
		case 10: // a row spread over lines, with no error
			l.edit(t, i, func(rec []string) []string {
				rec[csvTColCCGName] = "two\r\nlines \"quoted\"\r\n"
				return rec
			})
		case 11:
			l.edit(t, i, func(rec []string) []string { return rec[:len(rec)-3] })
		case 12:
			l.edit(t, i, func(rec []string) []string { return append(rec, "extra", "more") })
		case 13:
			l.edit(t, i, set(csvTColID, "../x"+strconv.Itoa(k)))
		case 14: // blank rows and empty lines
			l.insert(i, ",,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n\r\n\r\n , ,\r\n")
		case 15: // a byte that is not UTF-8
			l.edit(t, i, set(csvTColProvider, "Dr O\x92Brien"))
		case 16:
			l.edit(t, i, set(csvTColCategory, "Dentists"))
		}
	}
}

// bareQuote puts a quote inside an unquoted field of row i.
func (l *csvLines) bareQuote(i int) {
	line := l.lines[i]
	j := bytes.IndexByte(line, ',')
	l.lines[i] = append(append(bytes.Clone(line[:j+3]), '"'), line[j+3:]...)
}

// TestReadRatingsCSVParallelSame reads generated files, clean and with
// every kind of row error, sequentially and in parallel with blocks of
// many sizes, and checks that both give the same locations and problems.
func TestReadRatingsCSVParallelSame(t *testing.T) {
	big, small := 5000, 300 // about 20 MB and 1.2 MB
	if testing.Short() {
		big = 1000
	}
	data := csvGenerated(t, big)
	par := func(block int) csvMode { return csvMode{workers: 3, block: block} }
	gp := Options{Categories: []string{GPPractices}}

	csvCompare(t, "clean", data, Options{}, 0, par(1<<20))

	l := csvSplitLines(t, data, 1)
	l.rowErrors(t, 300)
	withErrors := l.bytes()
	csvCompare(t, "row errors", withErrors, Options{}, 0, par(64<<10), par(1<<20))
	csvCompare(t, "row errors GP", withErrors, gp, 0, par(64<<10))
	if r := csvReadMode(csvSequential, withErrors, Options{}); len(r.problems) < 250 || len(r.locs) < big {
		t.Errorf("row errors: %d problems, %d locations", len(r.problems), len(r.locs))
	}

	data = csvGenerated(t, small)
	l = csvSplitLines(t, data, 2)
	l.rowErrors(t, 120)
	withErrors = l.bytes()
	tiny := []csvMode{par(4096), {workers: 2, block: 4099}, {workers: 7, block: 64 << 10}}
	csvCompare(t, "small row errors", withErrors, Options{}, 0, tiny...)
	csvCompare(t, "small row errors dentists", withErrors, Options{Categories: []string{"dentists", "Hospitals"}}, 0, par(8191))
	csvCompare(t, "small row errors LF", bytes.ReplaceAll(withErrors, []byte("\r\n"), []byte("\n")), Options{}, 0, par(5000))

	// A preamble before the header.
	pre := append([]byte("\uFEFFCare Quality Commission\r\nLatest ratings\r\n,,,\r\n\r\n"), bytes.TrimPrefix(withErrors, []byte("\uFEFF"))...)
	csvCompare(t, "preamble", pre, Options{}, 0, tiny...)

	// The end of the file: no final line break, a lone CR, blank lines.
	trimmed := bytes.TrimSuffix(withErrors, []byte("\r\n"))
	csvCompare(t, "no final newline", trimmed, Options{}, 0, tiny...)
	csvCompare(t, "final CR", append(bytes.Clone(trimmed), '\r'), Options{}, 0, tiny...)
	csvCompare(t, "trailing blank lines", append(bytes.Clone(withErrors), "\r\n\r\n,,,\r\n\n"...), Options{}, 0, tiny...)

	// CSV syntax errors: the parallel read must give up and the file is
	// read again, so the result is the sequential one.
	l = csvSplitLines(t, data, 3)
	l.rowErrors(t, 40)
	l.bareQuote(l.row())
	csvCompare(t, "bare quote", l.bytes(), Options{}, 1, tiny...)

	l = csvSplitLines(t, data, 4)
	for range 25 {
		l.bareQuote(l.row())
	}
	csvCompare(t, "too many syntax errors", l.bytes(), Options{}, 1, par(4096), par(64<<10))

	l = csvSplitLines(t, data, 5)
	i := len(l.lines) - 20
	l.lines[i] = append([]byte(`1-1,"P1,`), l.lines[i]...)
	csvCompare(t, "unclosed quote at the end", l.bytes(), Options{}, 1, tiny...)

	l = csvSplitLines(t, data, 6)
	i = l.row()
	l.lines[i] = append([]byte(`1-1,"P1,`), l.lines[i]...)
	csvCompare(t, "runaway quote", l.bytes(), Options{}, 1, par(4096), par(1<<20))

	// Rows the sequential reader's 1 MB guard is near.
	l = csvSplitLines(t, data, 7)
	l.edit(t, l.row(), func(rec []string) []string {
		rec[csvTColName] = strings.Repeat("long\r\nname ", 1100<<10/11)
		return rec
	})
	csvCompare(t, "a 1.1 MB row", l.bytes(), Options{}, 1, par(4096), par(1<<20), par(4<<20))
	l = csvSplitLines(t, data, 8)
	l.insert(l.row(), strings.Repeat("\r\n", 600<<10))
	csvCompare(t, "1.2 MB of empty lines", l.bytes(), Options{}, 1, par(4096), par(1<<20))
	l = csvSplitLines(t, data, 9)
	l.insert(l.row(), strings.Repeat("\r\n", 300<<10))
	csvCompare(t, "600 KB of empty lines", l.bytes(), Options{}, 0, par(4096), par(1<<20))
	l = csvSplitLines(t, data, 10)
	l.insert(len(l.lines), strings.Repeat("\n", 1200<<10))
	csvCompare(t, "1.2 MB of empty lines at the end", l.bytes(), Options{}, 1, par(4096))
}

// TestReadRatingsCSVParallelBoundaries reads a small file full of quoted
// line breaks and CRLFs with blocks of every size from 1 byte up, so that
// the nominal end of a block falls on every byte: inside quoted fields,
// between a CR and its LF, on a doubled quote.
func TestReadRatingsCSVParallelBoundaries(t *testing.T) {
	var b strings.Builder
	b.WriteString(csvHeader + "\r\n")
	for i := range 24 {
		over := []string{fmt.Sprintf("Location ID=1-%d", i/3), fmt.Sprintf("Domain=%s", []string{"Overall", "Safe", "Caring"}[i%3])}
		switch i % 4 {
		case 0:
			over = append(over, "Location Name=\"Quoted\" \r\nand \"\"more\"\"\r\n", "Location Street Address=\r\n")
		case 1:
			over = append(over, "Location Commissioning CCG Name=a\nb\r\nc", "Latest Rating=Bad")
		case 2:
			over = append(over, "Location Name=Other, \"name\"", "Publication Date=\r\n01/02/2020")
		}
		row := csvRowOf(t, over...)
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(row, "\r\n", "\n"), "\n", "\r\n"))
		if i%5 == 0 {
			b.WriteString("\r\n,,,\r\n")
		}
	}
	data := []byte(b.String())
	var modes []csvMode
	for size := 1; size < len(data)+10; size += 1 + size/64 {
		modes = append(modes, csvMode{workers: 2, block: size})
	}
	csvCompare(t, "boundaries", data, Options{}, 0, modes...)
}

// TestReadRatingsCSVParallelInputs reads every CSV fixture, the bad-input
// fixtures and the fuzz seeds both ways, forced parallel however small.
func TestReadRatingsCSVParallelInputs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	bad, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "bad", "*", "*", "*.csv"))
	bad2, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "bad", "*", "*.csv"))
	files = append(append(files, bad...), bad2...)
	if len(bad)+len(bad2) < 10 {
		t.Errorf("found only %d CSV files under testdata/bad", len(bad)+len(bad2))
	}
	inputs := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = b
	}
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzReadRatingsCSV", "*"))
	for _, f := range seeds {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, v, ok := strings.Cut(string(b), "\n")
		v = strings.TrimSpace(v)
		if !ok || !strings.HasPrefix(v, "[]byte(") || !strings.HasSuffix(v, ")") {
			t.Fatalf("%s: not a fuzz seed", f)
		}
		s, err := strconv.Unquote(v[len("[]byte(") : len(v)-1])
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		inputs[f] = []byte(s)
	}
	modes := []csvMode{{workers: 2, block: 1}, {workers: 2, block: 100}, {workers: 3, block: 4096}}
	for name, data := range inputs {
		for _, opt := range []Options{{}, {Categories: []string{GPPractices}}} {
			csvCompare(t, name, data, opt, -1, modes...)
		}
	}
}

// TestReadRatingsCSVParallelReaders checks the readers that are parsed in
// parallel: a file, and a reader already partly read; and that others,
// which cannot be read twice, are not.
func TestReadRatingsCSVParallelReaders(t *testing.T) {
	l := csvSplitLines(t, csvGenerated(t, 400), 11)
	l.rowErrors(t, 50)
	data := l.bytes()
	want := csvReadMode(csvSequential, data, Options{})
	m := csvMode{workers: 2, block: 32 << 10}

	path := filepath.Join(t.TempDir(), "r.csv")
	if err := os.WriteFile(path, append([]byte("prefix!"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Seek(7, io.SeekStart)
	got := csvReadIn(m, f, Options{})
	csvSame(t, "file", want, got)
	if !got.parallel {
		t.Error("a file was not parsed in parallel")
	}

	r := bytes.NewReader(append([]byte("prefix!"), data...))
	r.Seek(7, io.SeekStart)
	got = csvReadIn(m, r, Options{})
	csvSame(t, "bytes.Reader", want, got)
	if !got.parallel {
		t.Error("a bytes.Reader was not parsed in parallel")
	}

	// A syntax error: the reader is rewound to where it was, not to 0.
	l.bareQuote(l.row())
	data = l.bytes()
	want = csvReadMode(csvSequential, data, Options{})
	s := strings.NewReader("prefix!" + string(data))
	s.Seek(7, io.SeekStart)
	got = csvReadIn(m, s, Options{})
	csvSame(t, "strings.Reader with a syntax error", want, got)
	if !got.again {
		t.Error("the strings.Reader was not read again")
	}

	got = csvReadIn(m, struct{ io.Reader }{bytes.NewReader(data)}, Options{})
	csvSame(t, "plain reader", want, got)
	if got.parallel || got.again {
		t.Error("a reader that cannot be rewound was parsed in parallel")
	}

	// Below csvParallelMin, files are read sequentially.
	oldMin := csvParallelMin
	defer func() { csvParallelMin = oldMin }()
	par, again := csvStats.parallel.Load(), csvStats.again.Load()
	csvWorkersOld := csvWorkers
	csvWorkers = func() int { return 2 }
	csvParallelMin = int64(len(data)) + 1
	var p diag.List
	ReadRatingsCSV(bytes.NewReader(data), "in.csv", Options{}, &p)
	csvWorkers = csvWorkersOld
	if csvStats.parallel.Load() != par || csvStats.again.Load() != again {
		t.Error("a file under csvParallelMin was not read sequentially")
	}
}

// TestCSVSplitGivesUp checks that the splitter stops reading, rather than
// hold the rest of the file as one block, after a quote that is never
// closed.
func TestCSVSplitGivesUp(t *testing.T) {
	oldBlock := csvBlockSize
	defer func() { csvBlockSize = oldBlock }()
	csvBlockSize = 4096
	src := &csvCountingReader{r: strings.NewReader("1-1,\"P1," + strings.Repeat(csvRowOf(t), 20000))}
	p := &csvPipe{stop: make(chan struct{}), slots: make(chan struct{}, 4), order: make(chan *csvBlock, 5), work: make(chan *csvBlock, 5), free: make(chan []byte, 4)}
	rd := &csvReader{}
	if rd.splitBlocks(src, p) {
		t.Error("splitBlocks did not give up")
	}
	if src.n > csvMaxRow+3*csvBlockSize {
		t.Errorf("splitBlocks read %d bytes", src.n)
	}
}

type csvCountingReader struct {
	r io.Reader
	n int
}

func (c *csvCountingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestCSVCut(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", -1},
		{"abc", -1},
		{"a\n", 2},
		{"a\nb\n", 4},
		{"a\nb", 2},
		{"\"a\nb\"\n", 6},
		{"\"a\nb", -1},
		{"x\n\"a\nb", 2},
		{"\"a\"\"\n\"\"b\"\r\nc", 11},
		{"a\r\n\"\r\n", 3},
	}
	for _, tt := range tests {
		if got := csvCut([]byte(tt.in)); got != tt.want {
			t.Errorf("csvCut(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// BenchmarkReadRatingsCSVParallel compares the sequential and parallel
// readers on a generated file of about 100,000 rows.
func BenchmarkReadRatingsCSVParallel(b *testing.B) {
	data := csvGenerated(b, 10000)
	rows := bytes.Count(data, []byte("\n")) - 1
	for _, m := range []csvMode{csvSequential, {workers: csvWorkers(), block: csvBlockSize}} {
		name := "sequential"
		if m.workers > 1 {
			name = fmt.Sprintf("parallel-%d", m.workers)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				r := csvReadMode(m, data, Options{Categories: []string{GPPractices}})
				if len(r.locs) == 0 || (m.workers > 1) != r.parallel {
					b.Fatalf("%d locations, parallel %v", len(r.locs), r.parallel)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
		})
	}
}
