package cqc

// Parallel parsing of the rows of a large Latest ratings CSV.
//
// The header, the preamble, the byte-order mark and the encoding are read
// exactly as for a small file (csvReader.read). After the header, one
// goroutine (the splitter) reads the rest in blocks of about csvBlockSize
// bytes, each cut after a line feed that is outside quotes (an even number
// of quotes since the first row), and counts the line feeds before each
// block. Workers parse each block, behind a copy of the header, with
// encoding/csv and gocsv as the sequential reader does, and keep the rows
// it would apply with the physical line of each field. The calling
// goroutine applies the rows block by block, in order, with the same code
// as the sequential reader, so locations, conflicts, warnings and caches
// come out the same. At most csvInFlight blocks are held at once, so
// memory does not grow with the file.
//
// Why the result is the same: if every block parses without error from
// its start, then by induction each block starts where the sequential
// reader starts a record, and encoding/csv reads the same records with the
// same lines from it (a record never looks past its last line feed). Both
// then read the input to its end through the same csvUTF8Checker, so the
// encoding report is the same too. A block that does not parse cleanly, a
// record that ends more than csvMaxRow bytes after the one before (so that
// the sequential reader's guard against runaway rows might fire), a read
// error or a panic is not handled here: what the sequential reader does
// then depends on how far it had read ahead. The whole parallel read is
// dropped instead, problems included, and the file is read again
// sequentially from where it started. That is why only inputs that can be
// rewound are parsed in parallel; other readers are always read
// sequentially. Files with CSV syntax errors are rare; clean files and
// files with only row errors (bad values, conflicts, duplicates, wrong
// widths, unsafe IDs, bytes that are not UTF-8) are never read twice.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/gocarina/gocsv"
)

// Tuning, variables so that tests can force either path and tiny blocks.
var (
	// csvParallelMin is the smallest input, in bytes after the read
	// position, parsed in parallel.
	csvParallelMin int64 = 8 << 20
	// csvBlockSize is the size a block is cut at (at the next line feed
	// outside quotes before it, in fact).
	csvBlockSize = 1 << 20
	// csvWorkers says how many goroutines parse blocks; 1 or fewer reads
	// sequentially. There are at most csvMaxWorkers: beyond a few, the
	// merger, which applies the rows in order, is the bottleneck, and each
	// worker adds blocks in flight, so memory.
	csvWorkers = func() int { return min(runtime.GOMAXPROCS(0), csvMaxWorkers) }
)

const csvMaxWorkers = 8

// csvStats counts, for tests, the files whose rows were parsed in
// parallel and those read again sequentially after trying.
var csvStats struct{ parallel, again atomic.Int64 }

// csvRewindable returns r as a Seeker and its read position when r is
// large enough to parse in parallel and can be read again from there: a
// regular file, a bytes.Reader or a strings.Reader. Nothing is moved.
func csvRewindable(r io.Reader) (_ io.Seeker, _ int64, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false // an odd reader: read it as always
		}
	}()
	rs, ok := r.(io.ReadSeeker)
	if !ok {
		return nil, 0, false
	}
	var size int64
	switch v := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		fi, err := v.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return nil, 0, false
		}
		size = fi.Size()
	case interface{ Len() int }:
		size = -1
	default:
		return nil, 0, false
	}
	start, err := rs.Seek(0, io.SeekCurrent)
	if err != nil || start < 0 {
		return nil, 0, false
	}
	if size >= 0 {
		size -= start
	} else {
		size = int64(r.(interface{ Len() int }).Len())
	}
	if size < csvParallelMin {
		return nil, 0, false
	}
	return rs, start, true
}

// csvRewind seeks back to start.
func csvRewind(rs io.Seeker, start int64) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("cannot seek back to the start: %v", v)
		}
	}()
	_, err = rs.Seek(start, io.SeekStart)
	return err
}

// csvTouchReader notes whether it was read from.
type csvTouchReader struct {
	r       io.Reader
	touched bool
}

func (t *csvTouchReader) Read(p []byte) (int, error) {
	t.touched = true
	return t.r.Read(p)
}

// csvParRow is a row parsed by a worker, to be applied by the merger.
type csvParRow struct {
	r *csvRow // nil when n >= 0
	// line is the physical line of the row's first field; lines, when the
	// row spans lines, that of the field of each column (of the first
	// field for a column the header lacks).
	line  int
	lines *[csvNumColumns]int
	// n is the number of fields of a row whose width differs from the
	// header's, -1 for a row to apply.
	n int
}

// csvBlock is a piece of the input after the header that ends with a line
// feed outside quotes (or at the end of the input).
type csvBlock struct {
	data  []byte
	size  int64
	lines int           // line feeds between the header and the block
	done  chan struct{} // closed when the fields below are set

	bad     bool  // the block must not be used: read the file sequentially
	records int   // records read, blank ones included
	head    int64 // bytes from the block's start to the end of its first record
	tail    int64 // bytes after its last record
	rows    int   // rows that are not blank
	kept    []csvParRow
}

// csvPipe connects the splitter, the workers and the merger.
type csvPipe struct {
	stop  chan struct{} // closed when the merger stops
	slots chan struct{} // a token per block between the splitter and the merger
	order chan *csvBlock
	work  chan *csvBlock
	free  chan []byte // block buffers to reuse
}

// csvInFlight is how many blocks may be read but not yet applied.
func csvInFlight(workers int) int { return 2*workers + 2 }

// readParallel parses the rows after the header, read from src, on
// rd.workers goroutines and applies them in order. It returns false when
// the result might differ from a sequential read; rd's state is then
// partial and must be dropped.
func (rd *csvReader) readParallel(src io.Reader) bool {
	n := csvInFlight(rd.workers)
	p := &csvPipe{
		stop:  make(chan struct{}),
		slots: make(chan struct{}, n),
		order: make(chan *csvBlock, n+1),
		work:  make(chan *csvBlock, n+1),
		free:  make(chan []byte, n+2),
	}
	var wg sync.WaitGroup
	defer func() {
		close(p.stop)
		wg.Wait()
	}()
	wg.Go(func() { rd.split(src, p) })
	for range rd.workers {
		wg.Go(func() {
			for b := range p.work {
				select {
				case <-p.stop:
				default:
					rd.parseBlock(b)
				}
				// encoding/csv copied what it kept: reuse the buffer.
				select {
				case p.free <- b.data[:0]:
				default:
				}
				b.data = nil
				close(b.done)
			}
		})
	}

	// gap counts the bytes since the end of the last record, or since the
	// start of the header before the first: the sequential reader stops
	// (errCSVRowTooLong) when a record ends more than csvMaxRow +
	// csvReadAhead bytes after the one before.
	gap := int64(len(rd.header))
	for b := range p.order {
		<-b.done
		if b.bad {
			return false
		}
		if b.records > 0 {
			if gap+b.head > csvMaxRow {
				return false
			}
			gap = b.tail
		} else {
			gap += b.size
		}
		rd.rows += b.rows
		for i := range b.kept {
			pr := &b.kept[i]
			rd.pos = pr
			if pr.n >= 0 {
				rd.wrongWidth(pr.n)
			} else {
				rd.apply(pr.r)
			}
		}
		rd.pos = nil
		b.kept = nil
		<-p.slots
	}
	if gap > csvMaxRow {
		return false
	}
	csvStats.parallel.Add(1)
	return true
}

// split reads src into blocks and hands them to the workers and, in order,
// to the merger. When it cannot (a read error, no line feed outside quotes
// for too long), it sends a bad block.
func (rd *csvReader) split(src io.Reader, p *csvPipe) {
	defer close(p.order)
	defer close(p.work)
	ok := false
	defer func() {
		if v := recover(); v != nil || !ok {
			done := make(chan struct{})
			close(done)
			select {
			case p.order <- &csvBlock{bad: true, done: done}:
			case <-p.stop:
			}
		}
	}()
	ok = rd.splitBlocks(src, p)
}

func (rd *csvReader) splitBlocks(src io.Reader, p *csvPipe) bool {
	size := max(csvBlockSize, 1)
	buf := p.buffer(size)
	target := size
	lines := 0
	eof := false
	empty := 0
	for {
		for len(buf) < target && !eof {
			if cap(buf) < target {
				buf = slices.Grow(buf, target-len(buf))
			}
			n, err := src.Read(buf[len(buf):target])
			buf = buf[:len(buf)+n]
			switch {
			case err == io.EOF:
				eof = true
			case err != nil:
				return false
			case n == 0:
				if empty++; empty > 100 {
					return false // as bufio would: io.ErrNoProgress
				}
			default:
				empty = 0
			}
		}
		cut := len(buf)
		if !eof {
			cut = csvCut(buf)
			if cut < 0 {
				if len(buf) > csvMaxRow+size {
					return false // a runaway row, or quotes out of step
				}
				target = len(buf) + size
				continue
			}
		}
		if cut == 0 {
			return true // eof, nothing left
		}
		var next []byte
		if !eof {
			next = append(p.buffer(size), buf[cut:]...)
		}
		b := &csvBlock{data: buf[:cut], size: int64(cut), lines: lines, done: make(chan struct{})}
		lines += bytes.Count(b.data, []byte{'\n'})
		if !p.send(b) {
			return true // the merger has stopped
		}
		if eof {
			return true
		}
		buf, target = next, size
	}
}

// buffer returns an empty buffer, reused if one is free.
func (p *csvPipe) buffer(size int) []byte {
	select {
	case b := <-p.free:
		return b[:0]
	default:
		return make([]byte, 0, size+size/8)
	}
}

// send takes a slot for b and hands it on; false when the merger stopped.
func (p *csvPipe) send(b *csvBlock) bool {
	select {
	case p.slots <- struct{}{}:
	case <-p.stop:
		return false
	}
	select {
	case p.order <- b:
	case <-p.stop:
		return false
	}
	select {
	case p.work <- b:
	case <-p.stop:
		return false
	}
	return true
}

// csvCut returns the length of the longest prefix of b that ends with a
// line feed after an even number of quotes, or -1 if there is none. In
// CSV that encoding/csv reads without error, quotes open and close quoted
// fields and come in pairs inside them, so that line feed ends a record.
func csvCut(b []byte) int {
	q := bytes.Count(b, []byte{'"'})
	end := len(b)
	for {
		i := bytes.LastIndexByte(b[:end], '\n')
		if i < 0 {
			return -1
		}
		q -= bytes.Count(b[i+1:end], []byte{'"'})
		if q%2 == 0 {
			return i + 1
		}
		end = i
	}
}

// blockReader returns a csv.Reader and gocsv Unmarshaller for data, read
// as the sequential reader reads the rows after the header.
func (rd *csvReader) blockReader(data []byte) (*csv.Reader, *gocsv.Unmarshaller, error) {
	cr := csv.NewReader(io.MultiReader(bytes.NewReader(rd.header), bytes.NewReader(data)))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	um, err := gocsv.NewUnmarshaller(cr, &csvRow{})
	if err != nil {
		return nil, nil, err
	}
	names := slices.Clone(rd.names)
	if err := um.RenormalizeHeaders(func([]string) []string { return names }); err != nil {
		return nil, nil, err
	}
	return cr, um, nil
}

// parseBlock parses b on a worker: it reads only rd's settings from the
// header.
func (rd *csvReader) parseBlock(b *csvBlock) {
	defer func() {
		if recover() != nil {
			b.bad, b.kept = true, nil
		}
	}()
	cr, um, err := rd.blockReader(b.data)
	if err != nil {
		b.bad = true
		return
	}
	hlen := int64(len(rd.header))
	prev := hlen
	add := rd.skipped + b.lines // physical line = add + line in cr
	for {
		v, err := um.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.bad, b.kept = true, nil
			return
		}
		end := cr.InputOffset()
		if b.records == 0 {
			b.head = end - hlen
		} else if end-prev > csvMaxRow {
			b.bad, b.kept = true, nil
			return
		}
		b.records++
		prev = end
		r, ok := v.(*csvRow)
		if !ok {
			b.bad, b.kept = true, nil
			return
		}
		kind, n := rd.sortRow(r, cr)
		if kind == csvRowBlank {
			continue
		}
		b.rows++
		if kind == csvRowOther {
			continue
		}
		first, _ := cr.FieldPos(0)
		pr := csvParRow{line: add + first, n: n}
		if kind == csvRowKeep {
			pr.r, pr.n = r, -1
			if last, _ := cr.FieldPos(rd.width - 1); last != first {
				pr.lines = new([csvNumColumns]int)
				for c := range csvNumColumns {
					i := max(rd.idx[c], 0)
					l, _ := cr.FieldPos(i)
					pr.lines[c] = add + l
				}
			}
		}
		b.kept = append(b.kept, pr)
	}
	b.tail = hlen + b.size - prev
}
