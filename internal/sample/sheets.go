package sample

// The Latest ratings table as CQC publishes it: a spreadsheet with the
// table on a sheet named Locations, as .ods (since April 2025) or .xlsx
// (before). WriteODS is our own streaming writer (no library on the module
// proxy streams ODS); WriteXLSX uses excelize's StreamWriter.

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// SheetName is the sheet CQC's file keeps the ratings on.
const SheetName = "Locations"

// ODSOptions shape the ODS written, as different office suites write it.
type ODSOptions struct {
	// TrailingBlankRows ends the sheet with a run of that many blank rows
	// in one element, as office suites do (1,048,576 rows in all for
	// LibreOffice); 0 writes none.
	TrailingBlankRows int
	// DatesAsText writes publication dates as text, not date cells.
	DatesAsText bool
}

// Records reads a CSV (a byte-order mark is dropped) as records, the
// header first.
func Records(r io.Reader) iter.Seq2[[]string, error] {
	return func(yield func([]string, error) bool) {
		br := bufio.NewReader(r)
		if b, _ := br.Peek(3); string(b) == "\ufeff" {
			br.Discard(3)
		}
		cr := csv.NewReader(br)
		cr.FieldsPerRecord = -1
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				return
			}
			if !yield(rec, err) || err != nil {
				return
			}
		}
	}
}

// dateColumn finds "Publication Date" in a header.
func dateColumn(header []string) int {
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), "Publication Date") {
			return i
		}
	}
	return -1
}

// parseDMY reads dd/mm/yyyy.
func parseDMY(s string) (time.Time, bool) {
	t, err := time.Parse("02/01/2006", s)
	return t, err == nil
}

// WriteODS writes records (the header first) as an OpenDocument
// spreadsheet with one sheet, Locations. Publication dates in dd/mm/yyyy
// become date cells (office:date-value) shown as dd/mm/yyyy; runs of
// blank cells are written once with table:number-columns-repeated.
func WriteODS(w io.Writer, records iter.Seq2[[]string, error], opt ODSOptions) error {
	zw := zip.NewWriter(w)
	// The mimetype comes first, stored, as the format requires.
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		return err
	}
	io.WriteString(mw, "application/vnd.oasis.opendocument.spreadsheet")
	mf, err := zw.Create("META-INF/manifest.xml")
	if err != nil {
		return err
	}
	io.WriteString(mf, `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
`)
	cw, err := zw.Create("content.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(cw, 256<<10)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3">`)
	bw.WriteString(`<office:automatic-styles><number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/></office:automatic-styles>`)
	bw.WriteString(`<office:body><office:spreadsheet><table:table table:name="` + SheetName + `">`)
	dates, width, first := -1, 0, true
	for rec, err := range records {
		if err != nil {
			return err
		}
		if first {
			dates, width, first = dateColumn(rec), len(rec), false
			fmt.Fprintf(bw, `<table:table-column table:number-columns-repeated="%d"/>`, max(width, 1))
		}
		bw.WriteString(`<table:table-row>`)
		blanks := 0
		for i, v := range rec {
			if v == "" {
				blanks++
				continue
			}
			if blanks > 0 {
				writeBlankCells(bw, blanks)
				blanks = 0
			}
			if t, ok := parseDMY(v); ok && i == dates && !opt.DatesAsText {
				fmt.Fprintf(bw, `<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="%s"><text:p>%s</text:p></table:table-cell>`, t.Format("2006-01-02"), v)
				continue
			}
			bw.WriteString(`<table:table-cell office:value-type="string"><text:p>`)
			writeODSText(bw, v)
			bw.WriteString(`</text:p></table:table-cell>`)
		}
		if blanks > 0 {
			writeBlankCells(bw, blanks)
		}
		bw.WriteString(`</table:table-row>`)
	}
	if opt.TrailingBlankRows > 0 {
		fmt.Fprintf(bw, `<table:table-row table:number-rows-repeated="%d"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>`, opt.TrailingBlankRows)
	}
	bw.WriteString(`</table:table></office:spreadsheet></office:body></office:document-content>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

func writeBlankCells(bw *bufio.Writer, n int) {
	if n == 1 {
		bw.WriteString(`<table:table-cell/>`)
		return
	}
	fmt.Fprintf(bw, `<table:table-cell table:number-columns-repeated="%d"/>`, n)
}

// writeODSText escapes s for a text:p, writing runs of spaces as text:s,
// tabs as text:tab and line breaks as a new paragraph, as office suites do.
func writeODSText(bw *bufio.Writer, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '<':
			bw.WriteString("&lt;")
		case '>':
			bw.WriteString("&gt;")
		case '&':
			bw.WriteString("&amp;")
		case '"':
			bw.WriteString("&quot;")
		case '\t':
			bw.WriteString("<text:tab/>")
		case '\n':
			bw.WriteString("</text:p><text:p>")
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			bw.WriteString("</text:p><text:p>")
		case ' ':
			n := 1
			for i+n < len(s) && s[i+n] == ' ' {
				n++
			}
			// XML keeps one space in text; more, or a space at the start
			// or end of a paragraph, is text:s.
			start := i == 0 || s[i-1] == '\n'
			end := i+n == len(s) || s[i+n] == '\n' || s[i+n] == '\r'
			switch {
			case n == 1 && !start && !end:
				bw.WriteByte(' ')
			case start || end:
				fmt.Fprintf(bw, `<text:s text:c="%d"/>`, n)
			default:
				fmt.Fprintf(bw, ` <text:s text:c="%d"/>`, n-1)
			}
			i += n - 1
		default:
			if c < 0x20 {
				continue // not allowed in XML 1.0
			}
			bw.WriteByte(c)
		}
	}
}

// WriteXLSX writes records (the header first) as an .xlsx workbook with
// one sheet, Locations, with excelize's StreamWriter. Publication dates in
// dd/mm/yyyy become date cells shown as dd/mm/yyyy; everything else is
// text.
func WriteXLSX(w io.Writer, records iter.Seq2[[]string, error]) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		return err
	}
	fmtDate := "dd/mm/yyyy"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate})
	if err != nil {
		return err
	}
	dates, row := -1, 0
	for rec, err := range records {
		if err != nil {
			return err
		}
		row++
		if row == 1 {
			dates = dateColumn(rec)
		}
		cells := make([]any, len(rec))
		for i, v := range rec {
			if t, ok := parseDMY(v); ok && i == dates && row > 1 {
				cells[i] = excelize.Cell{StyleID: style, Value: t}
				continue
			}
			cells[i] = v
		}
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if row == 0 {
		return errors.New("no rows to write")
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func formatOf(opt Options) string {
	if opt.Format == "" {
		return "csv"
	}
	return opt.Format
}

// writeAs writes what writeCSV writes, in format: the CSV as it is, or
// streamed through a pipe into a spreadsheet.
func writeAs(format string, w io.Writer, writeCSV func(io.Writer) error) error {
	if format == "" || format == "csv" {
		return writeCSV(w)
	}
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		pw.CloseWithError(writeCSV(pw))
	}()
	var err error
	if format == "ods" {
		err = WriteODS(w, Records(pr), ODSOptions{TrailingBlankRows: 1 << 20})
	} else {
		err = WriteXLSX(w, Records(pr))
	}
	pr.CloseWithError(errors.New("stopped"))
	<-done
	return err
}
