package csvin

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"ratingsite/internal/diag"
)

// Limits.
const (
	MaxRow          = 1 << 20   // bytes in one row, at most
	readAhead       = 128 << 10 // bytes bufio and encoding/csv may read ahead of a row
	maxSyntaxErrors = 20        // CSV syntax errors reported before giving up on a file
)

// HintSaveUTF8 says how to save a sheet as CSV that this package reads.
const HintSaveUTF8 = `in Excel use File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)"`

// Options tunes a Reader.
type Options struct {
	// IsHeader says whether a line's folded fields are the header. Nil
	// takes the first line that is not blank.
	IsHeader func(folded []string) bool
	// MaxPreamble is how many physical lines are searched for the header
	// (default 1 when IsHeader is nil, else 100).
	MaxPreamble int
	// Mention, when set, is a folded header name: a line that holds it but
	// is not the header is checked for semicolons or tabs.
	Mention string
	// HintHeader says how to fix a missing header; Expect describes the
	// header, for "file is empty" and "header not found".
	HintHeader, Expect string
}

// Reader reads one CSV file, row by row.
type Reader struct {
	file  string
	p     diag.Reporter
	opt   Options
	check *utf8Checker
	br    *bufio.Reader
	cr    *csv.Reader

	skipped  int // physical lines before the header
	header   []string
	syntax   int
	lastLine int
	done     bool
}

// New returns a Reader of r; file names it in messages.
func New(r io.Reader, file string, p diag.Reporter, opt Options) *Reader {
	if opt.MaxPreamble <= 0 {
		opt.MaxPreamble = 100
		if opt.IsHeader == nil {
			opt.MaxPreamble = 1
		}
	}
	c := &utf8Checker{r: r, line: 1, lastQuote: -1}
	return &Reader{file: file, p: p, opt: opt, check: c, br: bufio.NewReaderSize(c, 64<<10)}
}

// Fold normalises a header name for matching: no byte-order mark or
// zero-width space, trimmed, single-spaced, lower case.
func Fold(s string) string {
	s = zeroWidth.Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

var zeroWidth = strings.NewReplacer("\uFEFF", "", "\u200B", "")

// Header reads up to and including the header row and returns its fields,
// as written (not folded). It reports a missing header itself and returns
// false then.
func (r *Reader) Header() ([]string, bool) {
	if b, _ := r.br.Peek(2); len(b) == 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		r.check.bad, r.check.stop = 0, true // one message is enough
		r.p.Errorf(r.file, 1, "", HintSaveUTF8, "file is UTF-16 (Excel's \"Unicode Text\"), not UTF-8; save it as CSV UTF-8")
		r.done = true
		return nil, false
	}
	if b, _ := r.br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		r.br.Discard(3)
	}
	line, ok := r.findHeader()
	if !ok {
		r.done = true
		return nil, false
	}
	r.check.base = r.check.read - int64(r.br.Buffered()) - int64(len(line))
	r.cr = csv.NewReader(io.MultiReader(bytes.NewReader(line), r.br))
	r.cr.ReuseRecord = true
	r.cr.FieldsPerRecord = -1
	rec, err := r.cr.Read()
	if err != nil {
		r.p.Errorf(r.file, r.skipped+1, "", r.opt.HintHeader, "cannot read the header row: %v", err)
		r.done = true
		return nil, false
	}
	r.header = append([]string(nil), rec...)
	r.lastLine = r.skipped + 1
	r.check.rowStart = r.check.base + r.cr.InputOffset()
	r.check.limit = r.check.rowStart + readAhead + MaxRow
	return r.header, true
}

// HeaderLine is the physical line of the header.
func (r *Reader) HeaderLine() int { return r.skipped + 1 }

// Next returns the next record (valid until the next call), or false at
// the end of the file or when reading cannot go on. Syntax errors are
// reported and skipped.
func (r *Reader) Next() ([]string, bool) {
	if r.done || r.cr == nil {
		return nil, false
	}
	for {
		rec, err := r.cr.Read()
		if err == io.EOF {
			r.done = true
			return nil, false
		}
		if err != nil {
			if r.readError(err) {
				r.check.rowStart = r.check.base + r.cr.InputOffset()
				r.check.limit = r.check.rowStart + readAhead + MaxRow
				continue
			}
			r.done = true
			return nil, false
		}
		r.lastLine = r.Line(0)
		r.check.limit = r.check.base + r.cr.InputOffset() + readAhead + MaxRow
		r.check.rowStart = r.check.base + r.cr.InputOffset()
		return rec, true
	}
}

// Line is the physical line of field i of the record just read (of its
// first field when i is out of range).
func (r *Reader) Line(i int) (line int) {
	defer func() {
		if recover() != nil {
			line = r.lastLine
		}
	}()
	if i < 0 {
		i = 0
	}
	l, _ := r.cr.FieldPos(i)
	return r.skipped + l
}

// SyntaxErrors counts the CSV syntax errors reported.
func (r *Reader) SyntaxErrors() int { return r.syntax }

// Finish reads nothing more and reports the file's encoding.
func (r *Reader) Finish() {
	if line := r.check.bad; line > 0 {
		r.p.Errorf(r.file, line, "", HintSaveUTF8,
			"file is not UTF-8 (this is the first line with bytes that are not): it was probably saved as plain CSV from Excel; save it as CSV UTF-8")
	}
}

// CheckUTF8 reports a whole file b that is UTF-16 or not UTF-8, with the
// first line that is not, and says whether it did.
func CheckUTF8(b []byte, file string, p diag.Reporter) bool {
	if len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		p.Errorf(file, 1, "", HintSaveUTF8, "file is UTF-16 (Excel's \"Unicode Text\"), not UTF-8; save it as CSV UTF-8")
		return true
	}
	if utf8.Valid(b) {
		return false
	}
	c := &utf8Checker{line: 1}
	c.scan(b)
	if c.bad == 0 {
		c.bad = c.line
	}
	p.Errorf(file, c.bad, "", HintSaveUTF8, "file is not UTF-8 (this is the first line with bytes that are not); save it as CSV UTF-8")
	return true
}

// readError reports an error from reading a row, and says whether reading
// can go on.
func (r *Reader) readError(err error) bool {
	var pe *csv.ParseError
	if errors.Is(err, errRowTooLong) {
		if r.check.quoteAfter(r.check.rowStart) {
			r.p.Errorf(r.file, r.lastLine, "", "a quote that opens a field must be closed; re-save the sheet as CSV UTF-8",
				"the row after this one runs on for more than %d MB, probably from a quote that is never closed; stopped reading this file", MaxRow>>20)
		} else {
			r.p.Errorf(r.file, r.lastLine+1, "", "no field is that long in CQC's files; check that this is the right file",
				"this row is longer than %d MB (it has no quotes, so a field in it is that long); stopped reading this file", MaxRow>>20)
		}
		return false
	}
	if !errors.As(err, &pe) {
		r.p.Errorf(r.file, 0, "", "", "cannot read the file: %v", err)
		return false
	}
	r.syntax++
	line := r.skipped + pe.Line
	hint := `a field that contains a quote must be in quotes, with the quote doubled ("")`
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		r.p.Errorf(r.file, line, "", hint, "CSV syntax error: a quote (\") appears inside a field that is not in quotes (character %d of the line)", pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote):
		r.p.Errorf(r.file, line, "", hint, "CSV syntax error: a quoted field is not closed, or has a stray quote inside it (character %d of the line, in the row that starts on line %d)", pe.Column, r.skipped+pe.StartLine)
	default:
		r.p.Errorf(r.file, line, "", "", "CSV syntax error: %v", pe.Err)
	}
	if r.syntax >= maxSyntaxErrors {
		r.p.Errorf(r.file, line, "", HintSaveUTF8, "too many CSV syntax errors; stopped reading this file")
		return false
	}
	return true
}

// findHeader reads physical lines up to and including the header, and
// returns a copy of the header line.
func (r *Reader) findHeader() ([]byte, bool) {
	line := 0
	content := false
	mention, sep := 0, ""
	for line < r.opt.MaxPreamble {
		b, long, err := readLine(r.br)
		if len(b) == 0 && err != nil {
			if err != io.EOF {
				r.p.Errorf(r.file, line, "", "", "cannot read the file: %v", err)
				return nil, false
			}
			break
		}
		line++
		blank := len(bytes.TrimSpace(b)) == 0
		if long {
			content = true
		} else if !blank {
			content = true
			if r.isHeader(b) {
				r.skipped = line - 1
				return bytes.Clone(b), true
			}
			if mention == 0 && r.opt.Mention != "" && bytes.Contains(bytes.ToLower(b), []byte(r.opt.Mention)) {
				mention = line
				switch {
				case bytes.Count(b, []byte(";")) > 2:
					sep = "semicolons"
				case bytes.Count(b, []byte("\t")) > 2:
					sep = "tabs"
				}
			}
		} else if r.opt.IsHeader == nil {
			r.opt.MaxPreamble++ // blank lines before a plain header do not count
		}
		if err != nil {
			break
		}
	}
	switch {
	case !content:
		r.p.Errorf(r.file, 0, "", r.opt.HintHeader, "file is empty; expected %s", r.opt.Expect)
	case mention > 0 && sep != "":
		r.p.Errorf(r.file, mention, "", HintSaveUTF8, "header row is separated by %s, not commas; save it as CSV UTF-8 (comma delimited)", sep)
	default:
		where := "in the file"
		if line >= r.opt.MaxPreamble {
			where = fmt.Sprintf("in the first %d lines", r.opt.MaxPreamble)
		}
		r.p.Errorf(r.file, 0, "", r.opt.HintHeader, "header row not found %s: expected %s", where, r.opt.Expect)
	}
	return nil, false
}

func (r *Reader) isHeader(line []byte) bool {
	if r.opt.IsHeader == nil {
		return true
	}
	if r.opt.Mention != "" && !bytes.Contains(bytes.ToLower(line), []byte(r.opt.Mention)) {
		return false
	}
	cr := csv.NewReader(bytes.NewReader(line))
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		return false
	}
	for i := range rec {
		rec[i] = Fold(rec[i])
	}
	return r.opt.IsHeader(rec)
}

// readLine reads one physical line. long is true when the line was too
// long to be a header; its content is then dropped.
func readLine(br *bufio.Reader) (b []byte, long bool, err error) {
	b, err = br.ReadSlice('\n')
	for err == bufio.ErrBufferFull {
		long = true
		b, err = br.ReadSlice('\n')
	}
	if long {
		return []byte("x"), true, err
	}
	return b, false, err
}

// utf8Checker passes bytes through and notes the physical line of the
// first byte that is not valid UTF-8.
type utf8Checker struct {
	r     io.Reader
	line  int // physical line of the next byte
	bad   int // line of the first invalid byte, 0 if none yet
	stop  bool
	carry [utf8.UTFMax]byte
	nc    int

	// read counts the bytes read. Once limit is set, reading past it fails
	// with errRowTooLong; base is the offset of the header row.
	read, base, limit int64
	// rowStart is the offset where the current row starts; lastQuote the
	// offset of the last quote read, -1 if none.
	rowStart, lastQuote int64
}

var errRowTooLong = errors.New("row too long")

func (c *utf8Checker) quoteAfter(off int64) bool { return c.lastQuote >= off }

func (c *utf8Checker) Read(p []byte) (int, error) {
	if c.limit > 0 && c.read >= c.limit {
		return 0, errRowTooLong
	}
	if c.limit > 0 && int64(len(p)) > c.limit-c.read {
		p = p[:c.limit-c.read]
	}
	n, err := c.r.Read(p)
	if i := bytes.LastIndexByte(p[:n], '"'); i >= 0 {
		c.lastQuote = c.read + int64(i)
	}
	c.read += int64(n)
	if c.bad == 0 && !c.stop {
		c.scan(p[:n])
		if err != nil && c.nc > 0 && c.bad == 0 {
			c.bad = c.line // the file ends inside a rune
		}
	}
	return n, err
}

func (c *utf8Checker) scan(b []byte) {
	if c.nc > 0 {
		var tmp [2 * utf8.UTFMax]byte
		m := copy(tmp[:], c.carry[:c.nc])
		k := min(len(b), utf8.UTFMax-c.nc)
		m += copy(tmp[m:], b[:k])
		if !utf8.FullRune(tmp[:m]) {
			c.nc = copy(c.carry[:], tmp[:m])
			return
		}
		r, size := utf8.DecodeRune(tmp[:m])
		if r == utf8.RuneError && size <= 1 {
			c.bad = c.line
			return
		}
		b = b[size-c.nc:]
		c.nc = 0
	}
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-(utf8.UTFMax-1); i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	body := b[:cut]
	if !utf8.Valid(body) {
		for i := 0; i < len(body); {
			r, size := utf8.DecodeRune(body[i:])
			if r == utf8.RuneError && size <= 1 {
				c.bad = c.line + bytes.Count(body[:i], []byte{'\n'})
				return
			}
			i += size
		}
	}
	c.line += bytes.Count(body, []byte{'\n'})
	c.nc = copy(c.carry[:], b[cut:])
}

// ParseDate reads dd/mm/yyyy (one-digit day and month allowed) or
// yyyy-mm-dd. why is empty when s is a real date.
func ParseDate(s string) (t time.Time, why string) {
	const malformed = "is not a date in the form dd/mm/yyyy"
	var d, m, y int
	var ok bool
	if parts := strings.Split(s, "/"); len(parts) == 3 {
		d, ok = digits(parts[0], 1, 2)
		if ok {
			m, ok = digits(parts[1], 1, 2)
		}
		if ok {
			y, ok = digits(parts[2], 4, 4)
		}
	} else if parts := strings.Split(s, "-"); len(parts) == 3 {
		y, ok = digits(parts[0], 4, 4)
		if ok {
			m, ok = digits(parts[1], 2, 2)
		}
		if ok {
			d, ok = digits(parts[2], 2, 2)
		}
	}
	if !ok {
		return time.Time{}, malformed
	}
	if y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, "is not a real date"
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), ""
}

func digits(s string, lo, hi int) (int, bool) {
	if len(s) < lo || len(s) > hi {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
