package ratings

import (
	"archive/zip"
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
	"ratingsite/internal/sample"
)

// odsZip wraps a content.xml in the smallest OpenDocument package.
func odsZip(t testing.TB, content string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const odsHead = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>`

const odsTail = `</office:spreadsheet></office:body></office:document-content>`

// odsStr is a string cell.
func odsStr(v string) string {
	return `<t:table-cell office:value-type="string"><text:p>` + v + `</text:p></t:table-cell>`
}

// odsRow builds a data row in the published column order from the CSV
// test defaults, with some cells given as raw XML.
func odsRow(raw map[string]string, attrs string) string {
	var b strings.Builder
	b.WriteString(`<t:table-row` + attrs + `>`)
	for c := range NumColumns {
		name := Columns[c].Name
		if x, ok := raw[name]; ok {
			b.WriteString(x)
			continue
		}
		v := csvTestDefaults[name]
		if v == "" {
			b.WriteString(`<t:table-cell/>`)
			continue
		}
		b.WriteString(odsStr(v))
	}
	b.WriteString(`</t:table-row>`)
	return b.String()
}

func odsHeaderRow() string {
	var b strings.Builder
	b.WriteString(`<t:table-row>`)
	for c := range NumColumns {
		b.WriteString(odsStr(Columns[c].Name))
	}
	// Office suites write the rest of the row as one repeated blank cell.
	b.WriteString(`<t:table-cell t:number-columns-repeated="16356"/></t:table-row>`)
	return b.String()
}

func readODSString(t testing.TB, content string) ([]*cqc.Location, *diag.List) {
	t.Helper()
	b := odsZip(t, content)
	var p diag.List
	locs := ReadODS(bytes.NewReader(b), int64(len(b)), "r.ods", Options{}, &p)
	return locs, &p
}

// TestReadODSCells covers what office suites write: another sheet first,
// repeated and covered cells, text:s, several paragraphs, annotations,
// typed cells, a repeated row and a huge trailing blank run.
func TestReadODSCells(t *testing.T) {
	first := odsRow(map[string]string{
		"Location Name":           `<t:table-cell office:value-type="string"><text:p>Dr<text:s text:c="2"/>Smith<text:span> &amp; Partners</text:span></text:p></t:table-cell>`,
		"Location Street Address": `<t:table-cell office:value-type="string"><text:p>1 High Street</text:p><text:p>Floor<text:s/>2</text:p></t:table-cell>`,
		"Publication Date":        `<t:table-cell office:value-type="date" office:date-value="2023-03-21T00:00:00"><text:p>Tuesday 21 March 2023</text:p></t:table-cell>`,
		"Location ODS Code":       `<t:table-cell office:value-type="float" office:value="12345"><text:p>12,345.00</text:p></t:table-cell>`,
		"Latest Rating":           `<t:table-cell office:value-type="string"><office:annotation><text:p>checked</text:p></office:annotation><text:p>Outstanding</text:p></t:table-cell>`,
		"Care Home?":              `<t:covered-table-cell office:value-type="string"><text:p>hidden</text:p></t:covered-table-cell>`,
	}, "")
	// The Safe row, repeated: the repeat is a duplicate row. Its blank
	// Address Line 2 is one cell repeated over two columns with Care Home?.
	safe := odsRow(map[string]string{
		"Domain":                  odsStr("Safe"),
		"Location Name":           odsStr("Dr  Smith &amp; Partners"),
		"Location Street Address": `<t:table-cell><text:p>1 High Street</text:p><text:p>Floor 2</text:p></t:table-cell>`,
		"Location ODS Code":       odsStr("12345"),
		"Care Home?":              `<t:table-cell t:number-columns-repeated="1"/>`,
	}, ` t:number-rows-repeated="2"`)
	content := odsHead +
		`<t:table t:name="Providers"><t:table-row>` + odsStr("Provider ID") + `</t:table-row></t:table>` +
		`<t:table t:name="Locations"><t:table-column t:number-columns-repeated="28"/>` +
		odsHeaderRow() + first + safe +
		`<t:table-row t:number-rows-repeated="1048000"><t:table-cell t:number-columns-repeated="16384"/></t:table-row>` +
		`</t:table>` + odsTail
	locs, p := readODSString(t, content)
	if p.HasErrors() || len(locs) != 1 {
		t.Fatalf("%d locations, problems %v", len(locs), p.All())
	}
	l := locs[0]
	if l.Name != "Dr  Smith & Partners" || l.Street != "1 High Street\nFloor 2" || l.ODS != "12345" {
		t.Errorf("name %q, street %q, ODS %q", l.Name, l.Street, l.ODS)
	}
	c := l.Ratings.Overall()
	if c.Value != rating.Outstanding || c.Published.String() != "2023-03-21" {
		t.Errorf("overall %+v", c)
	}
	if l.Ratings[rating.Whole][rating.Safe].Value != rating.Good || l.Line != 2 {
		t.Errorf("safe %+v, line %d", l.Ratings[rating.Whole][rating.Safe], l.Line)
	}
	ws := p.Warnings()
	if len(ws) != 1 || ws[0].Line != 4 || ws[0].Sheet != "Locations" || !strings.Contains(ws[0].Message, "rows 3 and 4 both give") {
		t.Errorf("warnings %v, want the repeated row 4", ws)
	}
	if s := ws[0].String(); !strings.HasPrefix(s, `r.ods: sheet "Locations" row 4: warning:`) {
		t.Errorf("message %q does not name the sheet and row", s)
	}
}

// TestReadODSProblems: problems name file, sheet, row and column; a
// workbook without a Locations sheet says which sheets it has.
func TestReadODSProblems(t *testing.T) {
	content := odsHead + `<t:table t:name="Summary"/><t:table t:name=" locations ">` + odsHeaderRow() +
		`<t:table-row t:number-rows-repeated="3"><t:table-cell t:number-columns-repeated="3"/></t:table-row>` +
		odsRow(map[string]string{"Latest Rating": odsStr("Goood")}, "") + `</t:table>` + odsTail
	_, p := readODSString(t, content)
	es := p.Errors()
	if len(es) != 1 || es[0].Line != 5 || es[0].Field != "Latest Rating" || es[0].Sheet != "Locations" {
		t.Fatalf("errors %v", es)
	}
	if s := es[0].String(); !strings.HasPrefix(s, `r.ods: sheet "Locations" row 5: column "Latest Rating": unknown rating "Goood"`) {
		t.Errorf("message %q", s)
	}

	_, p = readODSString(t, odsHead+`<t:table t:name="Providers"/><t:table t:name="Sheet2"/>`+odsTail)
	if es := p.Errors(); len(es) != 1 || !strings.Contains(es[0].Message, `no sheet named "Locations"; its sheets are: "Providers", "Sheet2"`) {
		t.Errorf("no Locations sheet: %v", es)
	}
	for name, in := range map[string][]byte{
		"not a zip": []byte("Location ID,Location Name\n"),
		"no content.xml": func() []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			zw.Create("x")
			zw.Close()
			return b.Bytes()
		}(),
		"bad XML":       odsZip(t, odsHead+`<t:table t:name="Locations"><t:table-row>`),
		"long text run": odsZip(t, odsHead+`<t:table t:name="Locations"><t:table-row><t:table-cell><text:p>`+strings.Repeat("x", 2<<20)+`</text:p></t:table-cell></t:table-row></t:table>`+odsTail),
		"long text:s":   odsZip(t, odsHead+`<t:table t:name="Locations"><t:table-row><t:table-cell><text:p><text:s text:c="999999999"/><text:s text:c="999999999"/></text:p></t:table-cell></t:table-row></t:table>`+odsTail),
	} {
		var p diag.List
		locs := ReadODS(bytes.NewReader(in), int64(len(in)), "r.ods", Options{}, &p)
		if es := p.Errors(); len(locs) != 0 || len(es) != 1 || !strings.Contains(es[0].Message, "cannot read the spreadsheet") {
			t.Errorf("%s: %d locations, errors %v", name, len(locs), es)
		}
	}
}

// sampleCSV is a generated Latest ratings CSV with n practices, and rows
// with problems appended when bad is set.
func sampleCSV(t testing.TB, n int, bad bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := sample.WriteRatingsCSV(&b, sample.Options{Practices: n, Seed: 7, Month: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if bad {
		b.WriteString(strings.TrimPrefix(csvRowOf(t, "Location ID=1-9", "Latest Rating=Goood"), "\ufeff"))
		b.WriteString(csvRowOf(t, "Location ID=1-9", "Domain=Safe", "Publication Date=31/02/2023"))
		b.WriteString(csvRowOf(t, "Location ID=-9"))
		b.WriteString(csvRowOf(t, "Location ID=1-10", "Location Name="+strings.Repeat("N", 5000)))
		b.WriteString(csvRowOf(t, "Location ID=1-11"))
		b.WriteString(csvRowOf(t, "Location ID=1-11", "Location Name=Other"))
		b.WriteString(csvRowOf(t, "Location ID=1-11"))
	}
	return b.Bytes()
}

// asSheets converts a CSV to ODS and XLSX with the sample writers.
func asSheets(t testing.TB, csvData []byte) (ods, xlsx []byte) {
	t.Helper()
	var o, x bytes.Buffer
	if err := sample.WriteODS(&o, sample.Records(bytes.NewReader(csvData)), sample.ODSOptions{TrailingBlankRows: 1 << 20}); err != nil {
		t.Fatal(err)
	}
	if err := sample.WriteXLSX(&x, sample.Records(bytes.NewReader(csvData))); err != nil {
		t.Fatal(err)
	}
	return o.Bytes(), x.Bytes()
}

// TestSheetsReadLikeCSV: the same table as CSV, ODS and XLSX gives the
// same locations and the same problems (rows numbered as lines).
func TestSheetsReadLikeCSV(t *testing.T) {
	for _, bad := range []bool{false, true} {
		data := sampleCSV(t, 60, bad)
		ods, xlsx := asSheets(t, data)
		for _, opt := range []Options{{}, {Categories: []string{cqc.GPPractices}}} {
			var pc, po, px diag.List
			c := ReadCSV(bytes.NewReader(data), "f", opt, &pc)
			o := ReadODS(bytes.NewReader(ods), int64(len(ods)), "f", opt, &po)
			x := ReadXLSX(bytes.NewReader(xlsx), "f", opt, &px)
			if len(c) < 60 {
				t.Fatalf("only %d locations from the CSV", len(c))
			}
			if !reflect.DeepEqual(c, o) {
				t.Errorf("bad %v %v: ODS locations differ from the CSV's", bad, opt)
			}
			if !reflect.DeepEqual(c, x) {
				t.Errorf("bad %v %v: XLSX locations differ from the CSV's", bad, opt)
			}
			want := problemLines(&pc, "")
			if bad && len(want) < 5 {
				t.Errorf("too few problems: %v", want)
			}
			if got := problemLines(&po, "Locations"); !reflect.DeepEqual(got, want) {
				t.Errorf("bad %v: ODS problems\n%s\nwant\n%s", bad, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if got := problemLines(&px, "Locations"); !reflect.DeepEqual(got, want) {
				t.Errorf("bad %v: XLSX problems\n%s\nwant\n%s", bad, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

// problemLines formats problems comparably across formats.
func problemLines(p *diag.List, sheet string) []string {
	var out []string
	for _, x := range p.All() {
		if x.Sheet != sheet {
			out = append(out, "wrong sheet "+x.Sheet)
		}
		msg := strings.NewReplacer("lines ", "rows ", "line ", "row ").Replace(x.Message)
		out = append(out, fmt.Sprintf("%v %d %s: %s", x.Severity, x.Line, x.Field, msg))
	}
	return out
}

// FuzzReadODS feeds content.xml documents to the ODS reader: it must not
// panic, must report problems as valid UTF-8 on rows that exist, and must
// return only locations with safe IDs. Seeds: f.Add below and
// testdata/fuzz/FuzzReadODS.
func FuzzReadODS(f *testing.F) {
	row := odsRow(map[string]string{"Location Name": `<t:table-cell><text:p>A<text:s text:c="3"/>B</text:p><text:p>C</text:p></t:table-cell>`}, ` t:number-rows-repeated="3"`)
	f.Add([]byte(odsHead + `<t:table t:name="Locations">` + odsHeaderRow() + row + `<t:table-row t:number-rows-repeated="99999"><t:table-cell t:number-columns-repeated="9999"/></t:table-row></t:table>` + odsTail))
	f.Add([]byte(odsHead + `<t:table t:name="Locations">` + odsHeaderRow() + odsRow(map[string]string{"Publication Date": `<t:table-cell office:value-type="date" office:date-value="2023-02-31"/>`, "Location ID": odsStr("-1")}, "") + `</t:table>` + odsTail))
	f.Add([]byte(odsHead + `<t:table t:name="Locations"><t:table-row><t:covered-table-cell t:number-columns-repeated="2147483647"/><t:table-cell office:value-type="float" office:value="1e400"/></t:table-row></t:table>` + odsTail))
	f.Add([]byte(`<x:y xmlns:x="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><x:table x:name="Locations"></x:table></x:y>`))
	f.Fuzz(func(t *testing.T, content []byte) {
		b := odsZip(t, string(content))
		var p diag.List
		locs := ReadODS(bytes.NewReader(b), int64(len(b)), "f.ods", Options{}, &p)
		for _, x := range p.All() {
			s := x.String()
			if strings.Contains(s, "internal error") || !utf8.ValidString(s) || x.Line < 0 {
				t.Fatalf("problem %q", s)
			}
		}
		for _, l := range locs {
			if cqc.CheckID(l.ID) != "" || l.File != "f.ods" {
				t.Fatalf("bad location %+v", l)
			}
		}
	})
}

// TestReadODSNotUTF8: content.xml with bytes that are not UTF-8 is refused.
func TestReadODSNotUTF8(t *testing.T) {
	content := odsHead + `<t:table t:name="Locations">` + odsHeaderRow() + odsRow(map[string]string{"Location Name": odsStr("Caf\xe9")}, "") + `</t:table>` + odsTail
	locs, p := readODSString(t, content)
	es := p.Errors()
	if len(locs) != 0 || len(es) != 1 || !strings.Contains(es[0].Message, "UTF-8") || !utf8.ValidString(es[0].String()) {
		t.Errorf("%d locations, errors %v", len(locs), es)
	}
}
