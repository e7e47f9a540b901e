// Package enforcement reads data/enforcement.csv, CQC enforcement actions
// one a row, into cqc.Action values.
package enforcement

import (
	"bytes"
	"io"
	"strings"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/csvin"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// Columns are the columns of data/enforcement.csv, all required.
var Columns = []string{"Location ID", "Action", "Date", "Source URL"}

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
	col := map[string]int{}
	at := map[string]int{}
	for i, h := range names {
		at[csvin.Fold(h)] = i
	}
	missing := false
	for _, c := range Columns {
		i, ok := at[csvin.Fold(c)]
		if !ok {
			p.Errorf(file, cr.HeaderLine(), c, "the header must be "+header, "required column is missing from the header")
			missing = true
		}
		col[c] = i
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
		get := func(c string) string {
			if i := col[c]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		lineOf := func(c string) int { return cr.Line(col[c]) }
		if get("Location ID")+get("Action")+get("Date")+get("Source URL") == "" {
			continue
		}
		if len(rec) < len(names) {
			p.Errorf(file, cr.Line(0), "", "each row needs "+strings.Join(Columns, ", "), "row has fewer fields than the header")
			continue
		}
		tooLong := false
		for _, c := range Columns {
			max := maxValue
			if c == "Source URL" {
				max = maxURL
			}
			if v := get(c); len(v) > max {
				p.Errorf(file, lineOf(c), c, "check that the row is not two rows run together", "value is %d bytes long, over the limit of %d (%.40q...)", len(v), max, v)
				tooLong = true
			}
		}
		if tooLong {
			continue
		}
		a := cqc.Action{File: file, Line: lineOf("Location ID"), LocationID: get("Location ID")}
		ok = true
		if a.LocationID == "" {
			p.Errorf(file, a.Line, "Location ID", "give the practice's CQC Location ID, e.g. 1-10024040008", "Location ID is empty")
			ok = false
		} else if why := cqc.CheckID(a.LocationID); why != "" {
			p.Errorf(file, a.Line, "Location ID", "a Location ID is letters, digits and - only", "%s", why)
			ok = false
		}
		if k, good := cqc.ParseActionKind(get("Action")); good {
			a.Kind = k
		} else {
			p.Errorf(file, lineOf("Action"), "Action", hintKinds, "unknown action %q", get("Action"))
			ok = false
		}
		if d, why := parseDate(get("Date")); why == "" {
			a.Date = rating.DayOf(d)
		} else {
			p.Errorf(file, lineOf("Date"), "Date", "write the date as dd/mm/yyyy or yyyy-mm-dd, e.g. 14/03/2024", "%q %s", get("Date"), why)
			ok = false
		}
		if u := get("Source URL"); u != "" {
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
