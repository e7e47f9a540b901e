package enforcement

import (
	"bytes"
	"io"
	"strings"
	"time"

	"github.com/gocarina/gocsv"

	"ratingsite/internal/cqc"
	"ratingsite/internal/csvin"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// Columns are the columns of data/enforcement.csv, all required.
var Columns = []string{"Location ID", "Action", "Date", "Source URL"}

// row is one row of the file. gocsv maps the columns to these fields by
// their tags; csvin, in front of it, owns the bytes (BOM, UTF-8, CSV
// syntax, header folding, physical lines).
type row struct {
	LocationID string `csv:"Location ID"`
	Action     string `csv:"Action"`
	Date       string `csv:"Date"`
	SourceURL  string `csv:"Source URL"`
}

// trim trims r's values and returns them in the order of Columns.
func (r *row) trim() [4]string {
	r.LocationID, r.Action = strings.TrimSpace(r.LocationID), strings.TrimSpace(r.Action)
	r.Date, r.SourceURL = strings.TrimSpace(r.Date), strings.TrimSpace(r.SourceURL)
	return [4]string{r.LocationID, r.Action, r.Date, r.SourceURL}
}

// oneRow is a gocsv.CSVReader of a header and one record, so that gocsv
// decodes each record as csvin hands it over, while csvin still knows
// that record's lines and reports in file order.
type oneRow struct {
	header, rec []string
	n           int
}

func (o *oneRow) Read() ([]string, error) {
	o.n++
	switch o.n {
	case 1:
		return o.header, nil
	case 2:
		return o.rec, nil
	}
	return nil, io.EOF
}

func (o *oneRow) ReadAll() ([][]string, error) {
	o.n = 2
	return [][]string{o.header, o.rec}, nil
}

// Limits on values, in bytes.
const (
	maxFile  = 64 << 20
	maxURL   = 2000
	maxValue = 100
)

const hintKinds = "use one of: Special measures, Warning notice, Conditions imposed, Suspension, Cancellation proposed"

// Read reads data/enforcement.csv: one enforcement action a row. Every
// problem is reported with the file, the physical line and the column (at
// most diag.DefaultCap of them, then a count). Whether each Location ID
// names a known practice is for the caller to check, since only the model
// knows.
func Read(r io.Reader, file string, problems *diag.List) []cqc.Action {
	if problems == nil {
		problems = new(diag.List)
	}
	p := diag.NewCapped(problems, file)
	defer p.Close()
	header := strings.Join(Columns, ",")
	// A list of a few thousand rows is read whole, so that a file that is
	// not UTF-8 is refused before any row is reported.
	b, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		p.Errorf(file, 0, "", "", "cannot read the file: %v", err)
		return nil
	}
	if len(b) > maxFile {
		p.Errorf(file, 0, "", "an enforcement list is a few thousand rows; check that this is the right file", "file is larger than %d MB", maxFile>>20)
		return nil
	}
	if csvin.CheckUTF8(b, file, p) {
		return nil
	}
	cr := csvin.New(bytes.NewReader(b), file, p, csvin.Options{HintHeader: "delete the file, or give it the header " + header, Expect: "the header " + header})
	defer cr.Finish()
	names, ok := cr.Header()
	if !ok {
		return nil
	}
	// tagged is the header as gocsv sees it: each required column under
	// its tag, found by folded name as csvin matches headers; every other
	// column (extra or repeated) blank, so gocsv leaves it alone.
	col := map[string]int{}
	at := map[string]int{}
	for i, h := range names {
		at[csvin.Fold(h)] = i
	}
	tagged := make([]string, len(names))
	missing := false
	for _, c := range Columns {
		i, ok := at[csvin.Fold(c)]
		if !ok {
			p.Errorf(file, cr.HeaderLine(), c, "the header must be "+header, "required column is missing from the header")
			missing = true
			continue
		}
		col[c] = i
		tagged[i] = c
	}
	if missing {
		return nil
	}
	var out []cqc.Action
	seen := map[cqc.Action]int{}
	for {
		rec, ok := cr.Next()
		if !ok {
			break
		}
		lineOf := func(c string) int { return cr.Line(col[c]) }
		var rows []row
		if err := gocsv.UnmarshalCSV(&oneRow{header: tagged, rec: rec}, &rows); err != nil || len(rows) != 1 {
			p.Errorf(file, cr.Line(0), "", "", "cannot read the row: %v", err)
			continue
		}
		in := rows[0]
		v := in.trim()
		if v[0]+v[1]+v[2]+v[3] == "" {
			continue
		}
		if len(rec) < len(names) {
			p.Errorf(file, cr.Line(0), "", "each row needs "+strings.Join(Columns, ", "), "row has fewer fields than the header")
			continue
		}
		tooLong := false
		for i, c := range Columns {
			max := maxValue
			if c == "Source URL" {
				max = maxURL
			}
			if len(v[i]) > max {
				p.Errorf(file, lineOf(c), c, "check that the row is not two rows run together", "value is %d bytes long, over the limit of %d (%.40q...)", len(v[i]), max, v[i])
				tooLong = true
			}
		}
		if tooLong {
			continue
		}
		a := cqc.Action{File: file, Line: lineOf("Location ID"), LocationID: in.LocationID}
		ok = true
		if a.LocationID == "" {
			p.Errorf(file, a.Line, "Location ID", "give the practice's CQC Location ID, e.g. 1-10024040008", "Location ID is empty")
			ok = false
		} else if why := cqc.CheckID(a.LocationID); why != "" {
			p.Errorf(file, a.Line, "Location ID", "a Location ID is letters, digits and - only", "%s", why)
			ok = false
		}
		if k, good := cqc.ParseActionKind(in.Action); good {
			a.Kind = k
		} else {
			p.Errorf(file, lineOf("Action"), "Action", hintKinds, "unknown action %q", in.Action)
			ok = false
		}
		if d, why := parseDate(in.Date); why == "" {
			a.Date = rating.DayOf(d)
		} else {
			p.Errorf(file, lineOf("Date"), "Date", "write the date as dd/mm/yyyy or yyyy-mm-dd, e.g. 14/03/2024", "%q %s", in.Date, why)
			ok = false
		}
		if u := in.SourceURL; u != "" {
			if !cqc.SafeSourceURL(u) {
				p.Errorf(file, lineOf("Source URL"), "Source URL", "give an absolute http or https address, e.g. https://www.cqc.org.uk/location/…, or leave it empty", "unsafe or malformed URL %q", u)
				ok = false
			}
			a.SourceURL = u
		}
		if !ok {
			continue
		}
		key := a
		key.File, key.Line = "", 0
		if first, dup := seen[key]; dup {
			p.Warnf(file, a.Line, "", "delete one of them", "lines %d and %d give the same action; the repeat is ignored", first, a.Line)
			continue
		}
		seen[key] = a.Line
		out = append(out, a)
	}
	return out
}

// parseDate accepts dd/mm/yyyy (as CQC writes dates) and yyyy-mm-dd, and
// refuses dates that do not exist.
func parseDate(s string) (time.Time, string) {
	if s == "" {
		return time.Time{}, "is empty"
	}
	t, why := csvin.ParseDate(s)
	if why != "" {
		return t, why
	}
	if t.Year() < 2010 {
		return time.Time{}, "is before CQC regulated GP practices"
	}
	return t, ""
}
