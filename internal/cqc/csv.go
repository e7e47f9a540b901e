package cqc

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

	"github.com/gocarina/gocsv"

	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// Options tunes ReadRatingsCSV.
type Options struct {
	// Categories keeps only locations whose "Location Primary Inspection
	// Category" is one of these (exact match after trimming space,
	// case-insensitive). Empty keeps every location.
	Categories []string
}

// RequiredColumns lists the columns ReadRatingsCSV needs.
var RequiredColumns = []string{
	"Location ID",
	"Location Name",
	"Location Primary Inspection Category",
	"Location Street Address",
	"Location City",
	"Location Post Code",
	"Location Local Authority",
	"Location Region",
	"Location ONSPD CCG Code",
	"Location ONSPD CCG",
	"Service / Population Group",
	"Domain",
	"Latest Rating",
	"Publication Date",
	"Provider ID",
	"Provider Name",
}

// csvHeader is the header CQC publishes, quoted in messages.
const csvHeader = "Location ID,Location ODS Code,Location Name,Care Home?,Location Type,Location Primary Inspection Category,Location Street Address,Location Address Line 2,Location City,Location Post Code,Location Local Authority,Location Region,Location NHS Region,Location ONSPD CCG Code,Location ONSPD CCG,Location Commissioning CCG Code,Location Commissioning CCG Name,Service / Population Group,Domain,Latest Rating,Publication Date,Report Type,Inherited Rating (Y/N),URL,Provider ID,Provider Name,Brand ID,Brand Name"

// csvRow is one row of the Latest ratings CSV, as gocsv fills it. The
// columns "Care Home?" and the commissioning CCG are not read.
type csvRow struct {
	LocationID     string `csv:"Location ID"`
	ODS            string `csv:"Location ODS Code"`
	Name           string `csv:"Location Name"`
	Type           string `csv:"Location Type"`
	Category       string `csv:"Location Primary Inspection Category"`
	Street         string `csv:"Location Street Address"`
	Line2          string `csv:"Location Address Line 2"`
	City           string `csv:"Location City"`
	Postcode       string `csv:"Location Post Code"`
	LocalAuthority string `csv:"Location Local Authority"`
	Region         string `csv:"Location Region"`
	NHSRegion      string `csv:"Location NHS Region"`
	ICBCode        string `csv:"Location ONSPD CCG Code"`
	ICBName        string `csv:"Location ONSPD CCG"`
	Group          string `csv:"Service / Population Group"`
	Domain         string `csv:"Domain"`
	Rating         string `csv:"Latest Rating"`
	Published      string `csv:"Publication Date"`
	ReportType     string `csv:"Report Type"`
	Inherited      string `csv:"Inherited Rating (Y/N)"`
	URL            string `csv:"URL"`
	ProviderID     string `csv:"Provider ID"`
	ProviderName   string `csv:"Provider Name"`
	BrandID        string `csv:"Brand ID"`
	BrandName      string `csv:"Brand Name"`
	// More is set when the row has more fields than the header: the header
	// given to gocsv ends with one extra name, csvMoreFields.
	More csvFlag `csv:"(more fields than the header)"`
}

// csvMoreFields names the field after the last column of the header.
const csvMoreFields = "(more fields than the header)"

// csvFlag records that gocsv filled a field at all.
type csvFlag bool

// UnmarshalCSV marks the field as present.
func (f *csvFlag) UnmarshalCSV(string) error {
	*f = true
	return nil
}

// csvColumn names a csvRow field; the order matches csvRow.
type csvColumn uint8

const (
	csvColID csvColumn = iota
	csvColODS
	csvColName
	csvColType
	csvColCategory
	csvColStreet
	csvColLine2
	csvColCity
	csvColPostcode
	csvColLocalAuthority
	csvColRegion
	csvColNHSRegion
	csvColICBCode
	csvColICBName
	csvColGroup
	csvColDomain
	csvColRating
	csvColPublished
	csvColReportType
	csvColInherited
	csvColURL
	csvColProviderID
	csvColProviderName
	csvColBrandID
	csvColBrandName
	csvNumColumns
)

var csvColumnNames = [csvNumColumns]string{
	"Location ID",
	"Location ODS Code",
	"Location Name",
	"Location Type",
	"Location Primary Inspection Category",
	"Location Street Address",
	"Location Address Line 2",
	"Location City",
	"Location Post Code",
	"Location Local Authority",
	"Location Region",
	"Location NHS Region",
	"Location ONSPD CCG Code",
	"Location ONSPD CCG",
	"Service / Population Group",
	"Domain",
	"Latest Rating",
	"Publication Date",
	"Report Type",
	"Inherited Rating (Y/N)",
	"URL",
	"Provider ID",
	"Provider Name",
	"Brand ID",
	"Brand Name",
}

// csvKnownColumns maps a folded header name to its canonical spelling: every
// column of the published header, including those not read.
var csvKnownColumns = func() map[string]string {
	m := make(map[string]string)
	for _, name := range strings.Split(csvHeader, ",") {
		m[csvFoldHeader(name)] = name
	}
	return m
}()

func (c csvColumn) String() string { return csvColumnNames[c] }

// get returns the row's value for c, with surrounding space removed.
func (r *csvRow) get(c csvColumn) string {
	var s string
	switch c {
	case csvColID:
		s = r.LocationID
	case csvColODS:
		s = r.ODS
	case csvColName:
		s = r.Name
	case csvColType:
		s = r.Type
	case csvColCategory:
		s = r.Category
	case csvColStreet:
		s = r.Street
	case csvColLine2:
		s = r.Line2
	case csvColCity:
		s = r.City
	case csvColPostcode:
		s = r.Postcode
	case csvColLocalAuthority:
		s = r.LocalAuthority
	case csvColRegion:
		s = r.Region
	case csvColNHSRegion:
		s = r.NHSRegion
	case csvColICBCode:
		s = r.ICBCode
	case csvColICBName:
		s = r.ICBName
	case csvColGroup:
		s = r.Group
	case csvColDomain:
		s = r.Domain
	case csvColRating:
		s = r.Rating
	case csvColPublished:
		s = r.Published
	case csvColReportType:
		s = r.ReportType
	case csvColInherited:
		s = r.Inherited
	case csvColURL:
		s = r.URL
	case csvColProviderID:
		s = r.ProviderID
	case csvColProviderName:
		s = r.ProviderName
	case csvColBrandID:
		s = r.BrandID
	case csvColBrandName:
		s = r.BrandName
	}
	return strings.TrimSpace(s)
}

// blank reports whether every field of the row is empty, as in the
// ",,,,,," rows spreadsheets leave at the end of a sheet.
func (r *csvRow) blank() bool {
	for c := csvColumn(0); c < csvNumColumns; c++ {
		if r.get(c) != "" {
			return false
		}
	}
	return true
}

// csvAttrColumns are the location-level columns, which every row of a
// location repeats; the first row wins when they disagree.
var csvAttrColumns = [...]csvColumn{
	csvColODS, csvColName, csvColType, csvColCategory, csvColStreet, csvColLine2, csvColCity, csvColPostcode,
	csvColLocalAuthority, csvColRegion, csvColNHSRegion, csvColICBCode, csvColICBName,
	csvColProviderID, csvColProviderName, csvColBrandID, csvColBrandName,
}

// csvAttr returns a pointer to the Location field that holds column c.
func csvAttr(l *Location, c csvColumn) *string {
	switch c {
	case csvColODS:
		return &l.ODS
	case csvColName:
		return &l.Name
	case csvColType:
		return &l.Type
	case csvColCategory:
		return &l.Category
	case csvColStreet:
		return &l.Street
	case csvColLine2:
		return &l.Line2
	case csvColCity:
		return &l.City
	case csvColPostcode:
		return &l.Postcode
	case csvColLocalAuthority:
		return &l.LocalAuthority
	case csvColRegion:
		return &l.Region
	case csvColNHSRegion:
		return &l.NHSRegion
	case csvColICBCode:
		return &l.ICBCode
	case csvColICBName:
		return &l.ICBName
	case csvColProviderID:
		return &l.ProviderID
	case csvColProviderName:
		return &l.ProviderName
	case csvColBrandID:
		return &l.BrandID
	case csvColBrandName:
		return &l.BrandName
	}
	return nil
}

// csvShared reports whether column c holds values many locations share, so
// they are interned rather than copied per location.
func csvShared(c csvColumn) bool {
	switch c {
	case csvColType, csvColCategory, csvColCity, csvColLocalAuthority, csvColRegion, csvColNHSRegion,
		csvColICBCode, csvColICBName, csvColProviderID, csvColProviderName, csvColBrandID, csvColBrandName:
		return true
	}
	return false
}

const (
	csvHintSaveUTF8     = `in Excel use File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)"`
	csvHintHeader       = "save the Locations sheet of CQC's Latest ratings file as CSV UTF-8, keeping its header row"
	csvHintDomain       = "use one of: Overall, Safe, Effective, Caring, Responsive, Well-led"
	csvHintGroup        = `use Overall or a population group such as "Older people" or "People with long term conditions"`
	csvHintDate         = "write dates as dd/mm/yyyy, e.g. 21/03/2023"
	csvHintInherited    = "use Y, N, or leave it blank"
	csvHintDuplicateRow = "keep one row per location, population group and domain"
	csvMaxPreamble      = 100 // lines searched for the header
	csvMaxSyntaxErrors  = 20  // CSV syntax errors reported before giving up on a file
	csvMaxIDLen         = 100
	csvMaxCache         = 4096
	csvMaxRow           = 1 << 20   // bytes in one row, at most
	csvReadAhead        = 128 << 10 // bytes bufio and encoding/csv may read ahead of a row
)

var csvHintRating = "use one of: " + strings.Join(rating.Words(), ", ") + ", or leave it blank"

// ReadRatingsCSV reads one CQC "Latest ratings" CSV (Locations sheet saved
// as CSV). file is the path used in messages. Every problem goes to
// problems; it never panics and never stops at the first error. It returns
// the locations in order of first appearance; a location with any error is
// still returned if its ID is safe, but callers will not build when
// problems.HasErrors().
//
// A large file that can be rewound (a regular *os.File, a *bytes.Reader or
// a *strings.Reader) is parsed on all cores; see csv_split.go. The result
// is the same as reading it on one.
func ReadRatingsCSV(r io.Reader, file string, opt Options, problems *diag.List) []*Location {
	if problems == nil {
		problems = new(diag.List) // nowhere to report, but never panic
	}
	if workers := csvWorkers(); workers > 1 {
		if rs, start, ok := csvRewindable(r); ok {
			var p diag.List
			if locs, ok := readRatingsCSV(r, file, opt, &p, workers); ok {
				problems.Merge(&p)
				return locs
			}
			// Something the parallel reader does not handle exactly as the
			// sequential one (a CSV syntax error, a runaway row, a read
			// error): read the file again, on one core.
			csvStats.again.Add(1)
			if err := csvRewind(rs, start); err != nil {
				problems.Errorf(file, 0, "", "", "cannot read the file: %v", err)
				return nil
			}
		}
	}
	locs, _ := readRatingsCSV(r, file, opt, problems, 1)
	return locs
}

// readRatingsCSV reads one file. With workers > 1 it may parse the rows in
// parallel; it then reports every problem, panics included, as false, and
// the caller reads the file again sequentially.
func readRatingsCSV(r io.Reader, file string, opt Options, problems *diag.List, workers int) (out []*Location, ok bool) {
	rd := &csvReader{file: file, p: problems, workers: workers}
	for _, c := range opt.Categories {
		if c = strings.TrimSpace(c); c != "" {
			rd.categories = append(rd.categories, c)
		}
	}
	rd.check = &csvUTF8Checker{r: r, line: 1}
	defer func() {
		if v := recover(); v != nil {
			if workers > 1 {
				out, ok = nil, false
				return
			}
			problems.Errorf(file, 0, "", "please report this as a bug in ratingsite", "internal error while reading this file: %v", v)
			out = rd.locs
		}
		if rd.fallback {
			out, ok = nil, false
			return
		}
		rd.reportEncoding()
	}()
	rd.read()
	return rd.locs, true
}

// csvReader holds the state of one ReadRatingsCSV call.
type csvReader struct {
	file       string
	p          *diag.List
	categories []string
	check      *csvUTF8Checker

	// workers > 1 allows the rows to be parsed in parallel; fallback
	// records that they could not be, and the file must be read again.
	workers  int
	fallback bool

	cr      *csv.Reader
	skipped int // physical lines before the header
	width   int // number of fields in the header
	idx     [csvNumColumns]int
	header  []byte   // the header line, with its line feed
	names   []string // the header names given to gocsv
	// pos, when set, gives the lines of the row being applied, parsed
	// elsewhere than rd.cr.
	pos *csvParRow

	locs  []*Location
	byID  map[string]*csvLocState
	badID map[string]struct{}

	strs    map[string]string
	dates   map[string]time.Time
	ratings map[string]rating.Value
	groups  map[string]rating.Group
	domains map[string]rating.Domain

	syntaxErrors int
	rows         int // rows read that were not blank
	lastLine     int // physical line of the last row read
}

// csvLocState is what the reader remembers about a location it keeps.
type csvLocState struct {
	loc *Location
	// lines holds the physical line of the row that set each cell, 0 when
	// none has.
	lines [rating.NumGroups][rating.NumDomains]int32
	// warned marks the attribute columns already reported as disagreeing.
	warned uint32
	// url is the URL of the cell set last; cells usually share it.
	url string
}

func (rd *csvReader) errorf(line int, c csvColumn, hint, format string, args ...any) {
	rd.p.Errorf(rd.file, line, csvFieldName(c), hint, format, args...)
}

func (rd *csvReader) warnf(line int, c csvColumn, hint, format string, args ...any) {
	rd.p.Warnf(rd.file, line, csvFieldName(c), hint, format, args...)
}

// csvNoColumn marks a message about a whole row or file.
const csvNoColumn = csvNumColumns

func csvFieldName(c csvColumn) string {
	if c >= csvNumColumns {
		return ""
	}
	return csvColumnNames[c]
}

func (rd *csvReader) reportEncoding() {
	if line := rd.check.bad; line > 0 {
		rd.p.Errorf(rd.file, line, "", csvHintSaveUTF8,
			"file is not UTF-8 (this is the first line with bytes that are not): it was probably saved as plain CSV from Excel; save it as CSV UTF-8")
	}
}

func (rd *csvReader) read() {
	br := bufio.NewReaderSize(rd.check, 64<<10)
	if b, _ := br.Peek(2); len(b) == 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		rd.check.bad = 0 // one message is enough
		rd.check.stop = true
		rd.p.Errorf(rd.file, 1, "", csvHintSaveUTF8, "file is UTF-16 (Excel's \"Unicode Text\"), not UTF-8; save it as CSV UTF-8")
		return
	}
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	header, ok := rd.findHeader(br)
	if !ok {
		return
	}
	rd.check.base = rd.check.read - int64(br.Buffered()) - int64(len(header)) // offset of the header row
	// touch notes whether encoding/csv read past the header while reading
	// it; the rows can be split for parallel parsing only if it did not.
	touch := &csvTouchReader{r: br}
	rest := io.Reader(br)
	if rd.workers > 1 {
		rest = touch
	}
	rd.cr = csv.NewReader(io.MultiReader(bytes.NewReader(header), rest))
	rd.cr.ReuseRecord = true
	rd.cr.FieldsPerRecord = -1
	um, err := gocsv.NewUnmarshaller(rd.cr, &csvRow{})
	if err != nil {
		rd.p.Errorf(rd.file, rd.skipped+1, "", csvHintHeader, "cannot read the header row: %v", err)
		return
	}
	if !rd.mapHeader(um) {
		return
	}
	rd.byID = make(map[string]*csvLocState)
	rd.badID = make(map[string]struct{})
	rd.strs = make(map[string]string)
	rd.dates = make(map[string]time.Time)
	rd.ratings = make(map[string]rating.Value)
	rd.groups = make(map[string]rating.Group)
	rd.domains = make(map[string]rating.Domain)

	if rd.workers > 1 && !touch.touched && bytes.HasSuffix(header, []byte("\n")) {
		rd.header = header
		if !rd.readParallel(br) {
			rd.fallback = true
			return
		}
		rd.finish()
		return
	}

	// From here on, a row may not run on for more than csvMaxRow bytes: a
	// quote that is never closed would otherwise make encoding/csv hold the
	// rest of the file as one field.
	rd.lastLine = rd.skipped + 1
	rd.check.limit = rd.check.base + csvReadAhead + csvMaxRow
	for {
		v, err := um.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if rd.readError(err) {
				rd.check.limit = rd.check.base + rd.cr.InputOffset() + csvReadAhead + csvMaxRow
				continue
			}
			return
		}
		r, ok := v.(*csvRow)
		if !ok {
			rd.p.Errorf(rd.file, 0, "", "please report this as a bug in ratingsite", "internal error: unexpected row type %T", v)
			return
		}
		rd.lastLine = rd.line(csvNoColumn)
		rd.check.limit = rd.check.base + rd.cr.InputOffset() + csvReadAhead + csvMaxRow
		rd.row(r)
	}
	rd.finish()
}

// finish reports a file without rows, or without rows of the categories.
func (rd *csvReader) finish() {
	switch {
	case rd.rows == 0 && rd.syntaxErrors == 0:
		rd.p.Warnf(rd.file, rd.skipped+1, "", "check that this is the full Latest ratings file", "file has a header but no rows")
	case len(rd.locs) == 0 && len(rd.categories) > 0 && len(rd.badID) == 0:
		rd.p.Warnf(rd.file, 0, csvColumnNames[csvColCategory], "check the categories asked for",
			"no rows have the category %s", strings.Join(rd.categories, " or "))
	}
}

// findHeader reads physical lines up to and including the header, and
// returns a copy of the header line. It reports a missing header itself.
func (rd *csvReader) findHeader(br *bufio.Reader) ([]byte, bool) {
	line := 0
	content := false      // whether any line held more than space
	mention, sep := 0, "" // a line that names Location ID with the wrong separator
	for line < csvMaxPreamble {
		b, long, err := csvReadLine(br)
		if len(b) == 0 && err != nil {
			if err != io.EOF {
				rd.p.Errorf(rd.file, line, "", "", "cannot read the file: %v", err)
				return nil, false
			}
			break
		}
		line++
		if !long && len(bytes.TrimSpace(b)) > 0 {
			content = true
			if csvIsHeader(b) {
				rd.skipped = line - 1
				return bytes.Clone(b), true
			}
			if mention == 0 && bytes.Contains(bytes.ToLower(b), []byte("location id")) {
				mention = line
				switch {
				case bytes.Count(b, []byte(";")) > 2:
					sep = "semicolons"
				case bytes.Count(b, []byte("\t")) > 2:
					sep = "tabs"
				}
			}
		}
		if long {
			content = true
		}
		if err != nil {
			break
		}
	}
	switch {
	case !content:
		rd.p.Errorf(rd.file, 0, "", csvHintHeader, "file is empty; expected CQC's Latest ratings CSV with header %q", csvHeader)
	case mention > 0 && sep != "":
		rd.p.Errorf(rd.file, mention, "", csvHintSaveUTF8, "header row is separated by %s, not commas; save it as CSV UTF-8 (comma delimited)", sep)
	default:
		where := "in the file"
		if line >= csvMaxPreamble {
			where = fmt.Sprintf("in the first %d lines", csvMaxPreamble)
		}
		rd.p.Errorf(rd.file, 0, "", csvHintHeader, "header row not found %s: it must start with \"Location ID,Location ODS Code,Location Name,...\" (CQC's Latest ratings CSV)", where)
	}
	return nil, false
}

// csvReadLine reads one physical line. long is true when the line was too long
// to be a header; its content is then dropped.
func csvReadLine(br *bufio.Reader) (b []byte, long bool, err error) {
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

// csvIsHeader reports whether a physical line parses to fields that include
// "Location ID".
func csvIsHeader(line []byte) bool {
	if !bytes.Contains(bytes.ToLower(line), []byte("location id")) {
		return false
	}
	cr := csv.NewReader(bytes.NewReader(line))
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		return false
	}
	for _, f := range rec {
		if csvFoldHeader(f) == "location id" {
			return true
		}
	}
	return false
}

var csvZeroWidth = strings.NewReplacer("\uFEFF", "", "\u200B", "")

// csvFoldHeader normalises a header name for matching: no byte-order mark or
// zero-width space, trimmed, single-spaced, lower case.
func csvFoldHeader(s string) string {
	s = csvZeroWidth.Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// mapHeader matches the header to the columns, reporting missing and
// repeated ones. It returns false when reading must stop.
func (rd *csvReader) mapHeader(um *gocsv.Unmarshaller) bool {
	line := rd.skipped + 1
	names := make([]string, len(um.Headers))
	at := make(map[string]int)
	for i, h := range um.Headers {
		name, known := csvKnownColumns[csvFoldHeader(h)]
		if !known {
			continue // extra columns are ignored
		}
		if j, dup := at[name]; dup {
			rd.p.Errorf(rd.file, line, name, "delete one of them", "column appears twice in the header (columns %d and %d)", j+1, i+1)
			continue
		}
		at[name] = i
		names[i] = name
	}
	rd.width = len(um.Headers)
	ok := true
	for c := csvColumn(0); c < csvNumColumns; c++ {
		i, found := at[csvColumnNames[c]]
		if !found {
			i = -1
		}
		rd.idx[c] = i
	}
	for _, name := range RequiredColumns {
		if _, found := at[name]; !found {
			ok = false
			rd.p.Errorf(rd.file, line, name, csvHintHeader, "required column is missing from the header")
		}
	}
	if !ok {
		return false
	}
	for c := csvColumn(0); c < csvNumColumns; c++ {
		if rd.idx[c] < 0 {
			rd.p.Warnf(rd.file, line, csvColumnNames[c], "", "column is missing from the header; its values will be blank")
		}
	}
	names = append(names, csvMoreFields)
	rd.names = names
	if err := um.RenormalizeHeaders(func([]string) []string { return names }); err != nil {
		rd.p.Errorf(rd.file, line, "", csvHintHeader, "cannot read the header row: %v", err)
		return false
	}
	return true
}

// readError reports an error from reading a row, and says whether reading
// can go on.
func (rd *csvReader) readError(err error) bool {
	var pe *csv.ParseError
	if errors.Is(err, errCSVRowTooLong) {
		rd.p.Errorf(rd.file, rd.lastLine, "", "a quote that opens a field must be closed; re-save the sheet as CSV UTF-8",
			"the row after this one runs on for more than %d MB, probably from a quote that is never closed; stopped reading this file", csvMaxRow>>20)
		return false
	}
	if !errors.As(err, &pe) {
		rd.p.Errorf(rd.file, 0, "", "", "cannot read the file: %v", err)
		return false
	}
	rd.syntaxErrors++
	line := rd.skipped + pe.Line
	hint := `a field that contains a quote must be in quotes, with the quote doubled ("")`
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		rd.p.Errorf(rd.file, line, "", hint, "CSV syntax error: a quote (\") appears inside a field that is not in quotes (character %d of the line)", pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote):
		rd.p.Errorf(rd.file, line, "", hint, "CSV syntax error: a quoted field is not closed, or has a stray quote inside it (character %d of the line, in the row that starts on line %d)", pe.Column, rd.skipped+pe.StartLine)
	default:
		rd.p.Errorf(rd.file, line, "", "", "CSV syntax error: %v", pe.Err)
	}
	if rd.syntaxErrors >= csvMaxSyntaxErrors {
		rd.p.Errorf(rd.file, line, "", csvHintSaveUTF8, "too many CSV syntax errors; stopped reading this file")
		return false
	}
	return true
}

// line returns the physical line of column c in the row just read.
func (rd *csvReader) line(c csvColumn) int {
	if p := rd.pos; p != nil {
		if p.lines != nil && c < csvNumColumns {
			return p.lines[c]
		}
		return p.line
	}
	i := 0
	if c < csvNumColumns && rd.idx[c] >= 0 {
		i = rd.idx[c]
	}
	l, _ := rd.cr.FieldPos(i)
	return rd.skipped + l
}

// csvHasField reports whether the record just read has a field i. It
// panics and recovers when it has not, so call it only when it probably
// has.
func csvHasField(cr *csv.Reader, i int) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	cr.FieldPos(i)
	return true
}

// csvRecordLen counts the fields of the record just read.
func csvRecordLen(cr *csv.Reader) int {
	n := 0
	for csvHasField(cr, n) {
		n++
	}
	return n
}

// What sortRow makes of a row.
const (
	csvRowBlank = iota // every field empty: not counted
	csvRowOther        // of a category not asked for: counted, then skipped
	csvRowWidth        // more or fewer fields than the header: an error
	csvRowKeep         // to apply to its location
)

// sortRow says what to do with row r, just read by cr, and for csvRowWidth
// how many fields it has. It only reads rd's settings from the header, so
// it may run on any goroutine.
func (rd *csvReader) sortRow(r *csvRow, cr *csv.Reader) (kind, fields int) {
	if r.get(csvColID) == "" && r.blank() {
		return csvRowBlank, 0
	}
	if bool(r.More) || !csvHasField(cr, rd.width-1) {
		return csvRowWidth, csvRecordLen(cr)
	}
	if len(rd.categories) > 0 && !rd.keep(r.get(csvColCategory)) {
		return csvRowOther, 0
	}
	return csvRowKeep, 0
}

func (rd *csvReader) row(r *csvRow) {
	kind, n := rd.sortRow(r, rd.cr)
	if kind == csvRowBlank {
		return
	}
	rd.rows++
	switch kind {
	case csvRowWidth:
		rd.wrongWidth(n)
	case csvRowKeep:
		rd.apply(r)
	}
}

// wrongWidth reports a row of n fields.
func (rd *csvReader) wrongWidth(n int) {
	hint := "a field that contains a comma or line break must be in quotes"
	if n < rd.width {
		hint = "the row may be cut short, or a line break inside a field is not in quotes"
	}
	rd.errorf(rd.line(csvNoColumn), csvNoColumn, hint, "row has %d fields, header has %d", n, rd.width)
}

// apply adds a row that sortRow kept to its location.
func (rd *csvReader) apply(r *csvRow) {
	id := r.get(csvColID)
	st := rd.byID[id]
	if st == nil {
		if _, bad := rd.badID[id]; bad {
			return
		}
		if why := csvCheckID(id); why != "" {
			rd.badID[strings.Clone(id)] = struct{}{}
			rd.errorf(rd.line(csvColID), csvColID, `CQC location IDs look like "1-10024040008"; every row of this location is skipped`,
				"%s", why)
			return
		}
		st = rd.newLocation(id, r)
	} else {
		rd.compare(st, r)
	}
	rd.cell(st, r)
}

func (rd *csvReader) keep(cat string) bool {
	for _, c := range rd.categories {
		if strings.EqualFold(cat, c) {
			return true
		}
	}
	return false
}

// csvCheckID says why id is not safe as a single path segment, or "" if it is.
func csvCheckID(id string) string {
	if id == "" {
		return "Location ID is empty"
	}
	if len(id) > csvMaxIDLen {
		return fmt.Sprintf("Location ID %.20q... is longer than %d characters", id, csvMaxIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return fmt.Sprintf(`Location ID %q has characters other than letters, digits and "-"`, id)
		}
	}
	return ""
}

func (rd *csvReader) newLocation(id string, r *csvRow) *csvLocState {
	id = strings.Clone(id)
	loc := &Location{File: rd.file, Line: rd.line(csvNoColumn), ID: id, Registered: true}
	for _, c := range csvAttrColumns {
		*csvAttr(loc, c) = rd.value(c, r)
	}
	st := &csvLocState{loc: loc}
	rd.byID[id] = st
	rd.locs = append(rd.locs, loc)
	return st
}

// value returns the row's value for attribute column c, ready to keep.
func (rd *csvReader) value(c csvColumn, r *csvRow) string {
	s := r.get(c)
	if (c == csvColBrandID || c == csvColBrandName) && s == "-" {
		return ""
	}
	if csvShared(c) {
		return rd.intern(s)
	}
	return strings.Clone(s)
}

// intern returns a copy of s that is shared with earlier equal strings, so
// the thousands of repeats of a region or provider cost one string.
func (rd *csvReader) intern(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := rd.strs[s]; ok {
		return v
	}
	s = strings.Clone(s)
	rd.strs[s] = s
	return s
}

// compare warns once per column when a later row of a location disagrees
// with its first row.
func (rd *csvReader) compare(st *csvLocState, r *csvRow) {
	for _, c := range csvAttrColumns {
		have := *csvAttr(st.loc, c)
		got := r.get(c)
		if got == have || (c == csvColBrandID || c == csvColBrandName) && got == "-" && have == "" {
			continue
		}
		if st.warned&(1<<c) != 0 {
			continue
		}
		st.warned |= 1 << c
		rd.warnf(rd.line(c), c, "the value on the first row is used",
			"rows of location %s disagree: line %d has %q, this row (line %d) has %q", st.loc.ID, st.loc.Line, have, rd.line(c), got)
	}
}

func (rd *csvReader) cell(st *csvLocState, r *csvRow) {
	ok := true
	g, gok := rd.group(r.get(csvColGroup))
	if !gok {
		ok = false
		rd.errorf(rd.line(csvColGroup), csvColGroup, csvHintGroup, "unknown population group %q", r.get(csvColGroup))
	}
	d, dok := rd.domain(r.get(csvColDomain))
	if !dok {
		ok = false
		rd.errorf(rd.line(csvColDomain), csvColDomain, csvHintDomain, "unknown domain %q", r.get(csvColDomain))
	}
	v, vok := rd.rating(r.get(csvColRating))
	if !vok {
		ok = false
		rd.errorf(rd.line(csvColRating), csvColRating, csvHintRating, "unknown rating %q", r.get(csvColRating))
	}
	date, why := rd.date(r.get(csvColPublished))
	if why != "" {
		ok = false
		rd.errorf(rd.line(csvColPublished), csvColPublished, csvHintDate, "%q %s", r.get(csvColPublished), why)
	} else if date.IsZero() && v.Present() {
		ok = false
		rd.errorf(rd.line(csvColPublished), csvColPublished, csvHintDate, "publication date is blank for a %q rating", v)
	}
	var inherited bool
	switch s := r.get(csvColInherited); {
	case s == "" || strings.EqualFold(s, "N"):
	case strings.EqualFold(s, "Y"):
		inherited = true
	default:
		ok = false
		rd.errorf(rd.line(csvColInherited), csvColInherited, csvHintInherited, "inherited rating must be Y or N, not %q", s)
	}
	if !ok {
		return
	}
	cur := &st.loc.Ratings[g][d]
	line := rd.line(csvNoColumn)
	first := int(st.lines[g][d])
	if first == 0 {
		url := r.get(csvColURL)
		if url != st.url {
			st.url = strings.Clone(url)
		}
		if st.loc.ReportURL == "" || g == rating.Whole && d == rating.Overall {
			st.loc.ReportURL = st.url
		}
		*cur = rating.Cell{Value: v, Published: rating.DayOf(date), Inherited: inherited, ReportType: rating.ReportTypeOf(r.get(csvColReportType))}
		st.lines[g][d] = int32(min(line, 1<<31-1))
		return
	}
	scope := csvScope(g, d)
	var diffs []string
	field := csvNoColumn
	if v != cur.Value {
		diffs = append(diffs, fmt.Sprintf("rating %q vs %q", cur.Value, v))
		field = csvColRating
	}
	if rating.DayOf(date) != cur.Published {
		diffs = append(diffs, fmt.Sprintf("publication date %s vs %s", csvFmtDate(cur.Published.Time()), csvFmtDate(date)))
		if field == csvNoColumn {
			field = csvColPublished
		}
	}
	if inherited != cur.Inherited {
		diffs = append(diffs, fmt.Sprintf("inherited %s vs %s", csvYN(cur.Inherited), csvYN(inherited)))
		if field == csvNoColumn {
			field = csvColInherited
		}
	}
	if len(diffs) > 0 {
		rd.errorf(rd.line(field), field, csvHintDuplicateRow, "lines %d and %d both give the %s rating of location %s and disagree: %s",
			first, line, scope, st.loc.ID, strings.Join(diffs, "; "))
		return
	}
	rd.warnf(line, csvNoColumn, "delete the repeated row", "lines %d and %d both give the %s rating of location %s; the repeat is ignored",
		first, line, scope, st.loc.ID)
}

func csvScope(g rating.Group, d rating.Domain) string {
	if g == rating.Whole {
		return fmt.Sprintf("Overall / %s", d)
	}
	return fmt.Sprintf("%q / %s", g.String(), d)
}

func csvFmtDate(t time.Time) string {
	if t.IsZero() {
		return "(blank)"
	}
	return t.Format("02/01/2006")
}

func csvYN(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

// csvCached parses s with parse, caching the answer by spelling: a file
// repeats a handful of spellings a million times.
func csvCached[T any](cache map[string]T, s string, parse func(string) (T, bool)) (T, bool) {
	if v, ok := cache[s]; ok {
		return v, true
	}
	v, ok := parse(s)
	if ok && len(cache) < csvMaxCache {
		cache[strings.Clone(s)] = v
	}
	return v, ok
}

func (rd *csvReader) group(s string) (rating.Group, bool) {
	return csvCached(rd.groups, s, rating.ParseGroup)
}

func (rd *csvReader) domain(s string) (rating.Domain, bool) {
	return csvCached(rd.domains, s, rating.ParseDomain)
}

func (rd *csvReader) rating(s string) (rating.Value, bool) {
	return csvCached(rd.ratings, s, rating.Parse)
}

// date parses a publication date, caching the answer by spelling. why is
// empty when s is a good date or blank.
func (rd *csvReader) date(s string) (t time.Time, why string) {
	if s == "" {
		return time.Time{}, ""
	}
	if t, ok := rd.dates[s]; ok {
		return t, ""
	}
	t, why = csvParseDate(s)
	if why == "" && len(rd.dates) < csvMaxCache {
		rd.dates[strings.Clone(s)] = t
	}
	return t, why
}

// csvParseDate reads dd/mm/yyyy (one-digit day and month allowed) or
// yyyy-mm-dd.
func csvParseDate(s string) (time.Time, string) {
	const malformed = "is not a date in the form dd/mm/yyyy"
	var d, m, y int
	var ok bool
	if parts := strings.Split(s, "/"); len(parts) == 3 {
		d, ok = csvDigits(parts[0], 1, 2)
		if ok {
			m, ok = csvDigits(parts[1], 1, 2)
		}
		if ok {
			y, ok = csvDigits(parts[2], 4, 4)
		}
	} else if parts := strings.Split(s, "-"); len(parts) == 3 {
		y, ok = csvDigits(parts[0], 4, 4)
		if ok {
			m, ok = csvDigits(parts[1], 2, 2)
		}
		if ok {
			d, ok = csvDigits(parts[2], 2, 2)
		}
	}
	if !ok {
		return time.Time{}, malformed
	}
	if y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > csvDaysIn(time.Month(m), y) {
		return time.Time{}, "is not a real date"
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), ""
}

// csvDigits parses s as an unsigned decimal of min to max digits.
func csvDigits(s string, lo, hi int) (int, bool) {
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

func csvDaysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// csvUTF8Checker passes bytes through and notes the physical line of the
// first byte that is not valid UTF-8.
type csvUTF8Checker struct {
	r     io.Reader
	line  int // physical line of the next byte
	bad   int // line of the first invalid byte, 0 if none yet
	stop  bool
	carry [utf8.UTFMax]byte // an incomplete rune at the end of the last read
	nc    int

	// read counts the bytes read. Once limit is set, reading past it fails
	// with errCSVRowTooLong; base is the offset of the header row.
	read, base, limit int64
}

// errCSVRowTooLong stops a row that runs on past csvMaxRow bytes.
var errCSVRowTooLong = errors.New("row too long")

func (c *csvUTF8Checker) Read(p []byte) (int, error) {
	if c.limit > 0 && c.read >= c.limit {
		return 0, errCSVRowTooLong
	}
	if c.limit > 0 && int64(len(p)) > c.limit-c.read {
		p = p[:c.limit-c.read]
	}
	n, err := c.r.Read(p)
	c.read += int64(n)
	if c.bad == 0 && !c.stop {
		c.scan(p[:n])
		if err != nil && c.nc > 0 && c.bad == 0 {
			c.bad = c.line // the file ends inside a rune
		}
	}
	return n, err
}

func (c *csvUTF8Checker) scan(b []byte) {
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
