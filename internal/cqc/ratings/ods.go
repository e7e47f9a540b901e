package ratings

// Reading OpenDocument spreadsheets (.ods), as CQC publishes the Latest
// ratings file since April 2025.
//
// The Locations sheet of the national file is about 330,000 rows, and its
// content.xml is reported to exceed 1 GB unpacked, so it is streamed:
// archive/zip opens the package and a token decoder walks content.xml,
// holding one row at a time. The decoder (xmllex.go) gives
// encoding/xml's RawToken results, ten times as fast. No Go library on the module
// proxy streams ODS (the ones there load the whole document), so this is
// our own code, kept to what the sheet needs:
//
//   - table:number-columns-repeated and table:number-rows-repeated, with
//     blank runs (office suites end a sheet with a million blank rows and
//     a row with sixteen thousand blank cells) counted, never materialised;
//   - covered cells (under a merged cell) take their place, with no value;
//   - text:s (runs of spaces), text:tab, text:line-break, text:span and
//     several text:p in one cell (joined by line breaks); annotations
//     (comments) are not part of a cell's value;
//   - typed cells: office:date-value is the date whatever the cell
//     displays, written yyyy-mm-dd; floats, percentages and currencies are
//     office:value; booleans office:boolean-value; strings their text.

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
)

// OpenDocument namespaces.
const (
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
)

// ReadODS reads the Locations sheet of an .ods file. r must be the whole
// file (a zip archive needs random access); size is its length. Problems
// name the file, the sheet, the row and the column.
func ReadODS(r io.ReaderAt, size int64, file string, opt Options, problems *diag.List) []*cqc.Location {
	if problems == nil {
		problems = new(diag.List)
	}
	src, closer, err := openODS(r, size)
	if err != nil {
		problems.Errorf(file, 0, "", "check that this is CQC's Latest ratings file (.ods), and download it again", "cannot read the spreadsheet: %s", errText(err))
		return nil
	}
	defer closer.Close()
	return readSheet(src, file, opt, problems)
}

// openODS finds content.xml in the archive.
func openODS(r io.ReaderAt, size int64) (*odsReader, io.Closer, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("not an OpenDocument file (%v)", err)
	}
	for _, f := range zr.File {
		if f.Name != "content.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, nil, fmt.Errorf("content.xml: %v", err)
		}
		return newODSReader(rc), rc, nil
	}
	return nil, nil, errors.New("not an OpenDocument spreadsheet: it has no content.xml")
}

// odsReader streams the rows of the Locations sheet of a content.xml.
type odsReader struct {
	d       *xmlLexer
	prefix  map[string]string // namespace URL → prefix used in the document
	inSheet bool
	done    bool
	sheets  []string

	row         int      // sheet row number of the last row returned
	cells       []string // the row being returned
	pending     []string // a repeated row still to return
	repeatsLeft int
	text        strings.Builder
}

func newODSReader(r io.Reader) *odsReader {
	return &odsReader{d: newXMLLexer(r), prefix: map[string]string{nsOffice: "office", nsTable: "table", nsText: "text"}}
}

// is reports whether name is local in namespace ns.
func (o *odsReader) is(name xml.Name, ns, local string) bool {
	return name.Local == local && name.Space == o.prefix[ns]
}

func (o *odsReader) attr(se xml.StartElement, ns, local string) (string, bool) {
	for _, a := range se.Attr {
		if o.is(a.Name, ns, local) {
			return a.Value, true
		}
	}
	return "", false
}

// repeat reads a number-*-repeated attribute: at least 1.
func (o *odsReader) repeat(se xml.StartElement, local string) int {
	s, ok := o.attr(se, nsTable, local)
	if !ok {
		return 1
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

func (o *odsReader) next() (int, []string, error) {
	if o.repeatsLeft > 0 {
		o.repeatsLeft--
		o.row++
		return o.row, o.pending, nil
	}
	for !o.done {
		tok, err := o.d.RawToken()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
				if !o.inSheet && o.sheets != nil {
					err = errNoSheet{o.sheets}
				} else if o.sheets == nil {
					err = errors.New("content.xml holds no sheet")
				}
			}
			if errors.Is(err, errTokenTooLong) {
				err = fmt.Errorf("more than %d MB of text without markup", maxToken>>20)
			}
			return o.row + 1, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" {
					switch a.Value {
					case nsOffice, nsTable, nsText:
						o.prefix[a.Value] = a.Name.Local
					}
				}
			}
			switch {
			case o.is(t.Name, nsTable, "table"):
				name, _ := o.attr(t, nsTable, "name")
				o.sheets = append(o.sheets, strconv.Quote(name))
				if !strings.EqualFold(strings.TrimSpace(name), SheetName) {
					if err := o.skip(); err != nil {
						return o.row + 1, nil, err
					}
					continue
				}
				o.inSheet = true
			case o.inSheet && o.is(t.Name, nsTable, "table-row"):
				n := o.repeat(t, "number-rows-repeated")
				cells, err := o.readRow()
				if err != nil {
					return o.row + 1, nil, err
				}
				if len(cells) == 0 {
					// A blank run: count it, hold nothing.
					o.row += n
					continue
				}
				o.row++
				if n > maxRowRepeats {
					return o.row, nil, fmt.Errorf("row %d, which is not blank, is repeated %d times (table:number-rows-repeated)", o.row, n)
				}
				if n > 1 {
					o.pending = append(o.pending[:0], cells...)
					o.repeatsLeft = n - 1
				}
				return o.row, cells, nil
			}
		case xml.EndElement:
			if o.inSheet && o.is(t.Name, nsTable, "table") {
				o.done = true
			}
		}
	}
	return o.row + 1, nil, io.EOF
}

// skip reads up to the end of the element just started. (Decoder.Skip
// works with Token, not RawToken.)
func (o *odsReader) skip() error {
	depth := 1
	for depth > 0 {
		tok, err := o.d.RawToken()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// readRow reads the cells of a table-row up to its end. Trailing blank
// cells are dropped, so a blank row has none.
func (o *odsReader) readRow() ([]string, error) {
	cells, err := o.readCells()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF // inside a row
	}
	return cells, err
}

func (o *odsReader) readCells() ([]string, error) {
	o.cells = o.cells[:0]
	col := 0 // columns seen, blank ones included
	rowBytes := 0
	for {
		tok, err := o.d.RawToken()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			covered := o.is(t.Name, nsTable, "covered-table-cell")
			if !covered && !o.is(t.Name, nsTable, "table-cell") {
				if err := o.skip(); err != nil {
					return nil, err
				}
				continue
			}
			n := o.repeat(t, "number-columns-repeated")
			v, err := o.cell(t)
			if err != nil {
				return nil, err
			}
			if covered {
				v = ""
			}
			if v == "" {
				col += n
				continue
			}
			rowBytes += len(v) * min(n, maxSheetCols)
			if rowBytes > maxRowBytes {
				return nil, fmt.Errorf("a row holds more than %d kB of text", maxRowBytes>>10)
			}
			// A value: fill the blanks before it, then repeat it.
			for len(o.cells) < col && len(o.cells) < maxSheetCols {
				o.cells = append(o.cells, "")
			}
			for range n {
				if len(o.cells) >= maxSheetCols {
					break
				}
				o.cells = append(o.cells, v)
			}
			col += n
		case xml.EndElement:
			return o.cells, nil
		}
	}
}

// cell reads a cell's value up to its end.
func (o *odsReader) cell(se xml.StartElement) (string, error) {
	typ, _ := o.attr(se, nsOffice, "value-type")
	var typed string
	var isTyped bool
	switch typ {
	case "date":
		if v, ok := o.attr(se, nsOffice, "date-value"); ok {
			if len(v) >= 10 {
				v = v[:10] // 2023-03-21T00:00:00 → the day
			}
			typed, isTyped = v, true
		}
	case "float", "percentage", "currency":
		typed, isTyped = o.attr(se, nsOffice, "value")
	case "boolean":
		typed, isTyped = o.attr(se, nsOffice, "boolean-value")
	case "time":
		typed, isTyped = o.attr(se, nsOffice, "time-value")
	}
	o.text.Reset()
	paras := 0
	depth := 0 // inside text:p
	for {
		tok, err := o.d.RawToken()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case o.is(t.Name, nsText, "p") || o.is(t.Name, nsText, "h"):
				if depth == 0 {
					if paras > 0 {
						o.text.WriteByte('\n')
					}
					paras++
				}
				depth++
			case o.is(t.Name, nsOffice, "annotation"):
				if err := o.skip(); err != nil {
					return "", err
				}
			case depth > 0 && o.is(t.Name, nsText, "s"):
				n := 1
				if s, ok := o.attr(t, nsText, "c"); ok {
					if c, err := strconv.Atoi(s); err == nil && c > 0 {
						n = min(c, maxCellBytes)
					}
				}
				if o.text.Len()+n > maxCellBytes {
					return "", errCellTooLong
				}
				for range n {
					o.text.WriteByte(' ')
				}
				depth++ // its end element follows
			case depth > 0 && o.is(t.Name, nsText, "tab"):
				o.text.WriteByte('\t')
				depth++
			case depth > 0 && o.is(t.Name, nsText, "line-break"):
				o.text.WriteByte('\n')
				depth++
			case depth > 0:
				depth++ // span, a, and the like: their text counts
			default:
				if err := o.skip(); err != nil {
					return "", err
				}
			}
		case xml.EndElement:
			if depth == 0 {
				if isTyped {
					return typed, nil
				}
				return o.text.String(), nil
			}
			depth--
		case xml.CharData:
			if depth > 0 && !isTyped {
				if o.text.Len()+len(t) > maxCellBytes {
					return "", errCellTooLong
				}
				o.text.Write(t)
			}
		}
	}
}

// errCellTooLong stops a cell over maxCellBytes.
var errCellTooLong = fmt.Errorf("a cell holds more than %d kB of text", maxCellBytes>>10)
