package cqc

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gocarina/gocsv"

	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// ActionKind is one kind of enforcement action CQC takes against a
// practice. The zero value is not a kind.
type ActionKind uint8

// The enforcement actions data/enforcement.csv may name.
const (
	SpecialMeasures ActionKind = iota + 1
	WarningNotice
	ConditionsImposed
	Suspension
	CancellationProposed
	numActionKinds
)

var actionLabels = [numActionKinds]string{"", "Special measures", "Warning notice", "Conditions imposed", "Suspension", "Cancellation proposed"}
var actionSlugs = [numActionKinds]string{"", "special-measures", "warning-notice", "conditions-imposed", "suspension", "cancellation-proposed"}
var actionMeanings = [numActionKinds]string{"",
	"CQC placed the practice in special measures: it must improve within a set time, under close supervision, or CQC may cancel its registration.",
	"CQC served a warning notice: the practice must put right a breach of the regulations by a set date.",
	"CQC imposed conditions on the practice's registration, limiting what it may do.",
	"CQC suspended the practice's registration for a time: it may not provide the service while suspended.",
	"CQC proposed to cancel the practice's registration, which would close it.",
}

func (k ActionKind) String() string {
	if k >= numActionKinds {
		return ""
	}
	return actionLabels[k]
}

// Slug is a stable lower-case key, e.g. "warning-notice".
func (k ActionKind) Slug() string {
	if k >= numActionKinds {
		return ""
	}
	return actionSlugs[k]
}

// Meaning says in plain words what the action is.
func (k ActionKind) Meaning() string {
	if k >= numActionKinds {
		return ""
	}
	return actionMeanings[k]
}

// MarshalText writes the action's label.
func (k ActionKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// ParseActionKind accepts the labels above or their slugs, ignoring case,
// spacing, "-" and "_".
func ParseActionKind(s string) (ActionKind, bool) {
	s = strings.NewReplacer("-", " ", "_", " ").Replace(s)
	f := strings.ToLower(strings.Join(strings.Fields(s), " "))
	for k := SpecialMeasures; k < numActionKinds; k++ {
		if f == strings.ToLower(actionLabels[k]) {
			return k, true
		}
	}
	return 0, false
}

// Action is one row of data/enforcement.csv.
type Action struct {
	File       string
	Line       int
	LocationID string
	Kind       ActionKind
	Date       rating.Day
	// SourceURL is an http or https link to CQC's notice, or "".
	SourceURL string
}

// EnforcementColumns are the columns of data/enforcement.csv, all required.
var EnforcementColumns = []string{"Location ID", "Action", "Date", "Source URL"}

type enforcementRow struct {
	LocationID string `csv:"Location ID"`
	Action     string `csv:"Action"`
	Date       string `csv:"Date"`
	SourceURL  string `csv:"Source URL"`
}

const enforcementHintKinds = "use one of: Special measures, Warning notice, Conditions imposed, Suspension, Cancellation proposed"

// ReadEnforcement reads data/enforcement.csv: one enforcement action a
// row. Every problem is reported with the file, the physical line and the
// column. Whether each Location ID names a known practice is for the
// caller to check, since only the model knows.
func ReadEnforcement(r io.Reader, file string, problems *diag.List) []Action {
	if problems == nil {
		problems = new(diag.List)
	}
	b, err := io.ReadAll(io.LimitReader(r, 64<<20+1))
	if err != nil {
		problems.Errorf(file, 0, "", "", "cannot read the file: %v", err)
		return nil
	}
	if len(b) > 64<<20 {
		problems.Errorf(file, 0, "", "an enforcement list is a few thousand rows; check that this is the right file", "file is larger than 64 MB")
		return nil
	}
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(b) {
		line := 1 + bytes.Count(b[:firstInvalidUTF8(b)], []byte("\n"))
		problems.Errorf(file, line, "", csvHintSaveUTF8, "file is not UTF-8 (this is the first line with bytes that are not); save it as CSV UTF-8")
		return nil
	}
	if len(bytes.TrimSpace(b)) == 0 {
		problems.Errorf(file, 0, "", "delete the file, or give it the header "+strings.Join(EnforcementColumns, ","), "file is empty")
		return nil
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	um, err := gocsv.NewUnmarshaller(cr, &enforcementRow{})
	if err != nil {
		problems.Errorf(file, 1, "", "the first line must be the header "+strings.Join(EnforcementColumns, ","), "cannot read the header row: %v", err)
		return nil
	}
	at := map[string]int{}
	for i, h := range um.Headers {
		at[strings.ToLower(strings.TrimSpace(h))] = i
	}
	col := map[string]int{}
	missing := false
	for _, c := range EnforcementColumns {
		i, ok := at[strings.ToLower(c)]
		if !ok {
			problems.Errorf(file, 1, c, "the header must be "+strings.Join(EnforcementColumns, ","), "required column is missing from the header")
			missing = true
		}
		col[c] = i
	}
	if missing {
		return nil
	}
	// Match the header case-insensitively, as the ratings reader does.
	err = um.RenormalizeHeaders(func(h []string) []string {
		out := make([]string, len(h))
		for i, name := range h {
			for _, c := range EnforcementColumns {
				if strings.EqualFold(strings.TrimSpace(name), c) {
					out[i] = c
				}
			}
		}
		return out
	})
	if err != nil {
		problems.Errorf(file, 1, "", "", "cannot read the header row: %v", err)
		return nil
	}
	lineOf := func(c string) int {
		l, _ := cr.FieldPos(col[c])
		return l
	}
	var out []Action
	seen := map[Action]int{}
	for {
		v, err := um.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems.Errorf(file, pe.Line, "", `a field that contains a quote or comma must be in quotes, with quotes doubled ("")`, "CSV syntax error: %v", pe.Err)
				return out
			}
			problems.Errorf(file, 0, "", "", "cannot read the file: %v", err)
			return out
		}
		row := v.(*enforcementRow)
		if strings.TrimSpace(row.LocationID+row.Action+row.Date+row.SourceURL) == "" {
			continue
		}
		if !csvHasField(cr, len(um.Headers)-1) {
			l, _ := cr.FieldPos(0)
			problems.Errorf(file, l, "", "each row needs "+strings.Join(EnforcementColumns, ", "), "row has fewer fields than the header")
			continue
		}
		a := Action{File: file, Line: lineOf("Location ID"), LocationID: strings.TrimSpace(row.LocationID)}
		ok := true
		if a.LocationID == "" {
			problems.Errorf(file, a.Line, "Location ID", "give the practice's CQC Location ID, e.g. 1-10024040008", "Location ID is empty")
			ok = false
		} else if why := csvCheckID(a.LocationID); why != "" {
			problems.Errorf(file, a.Line, "Location ID", "a Location ID is letters, digits and - only", "%s", why)
			ok = false
		}
		if k, good := ParseActionKind(row.Action); good {
			a.Kind = k
		} else {
			problems.Errorf(file, lineOf("Action"), "Action", enforcementHintKinds, "unknown action %q", strings.TrimSpace(row.Action))
			ok = false
		}
		if d, why := parseActionDate(row.Date); why == "" {
			a.Date = rating.DayOf(d)
		} else {
			problems.Errorf(file, lineOf("Date"), "Date", "write the date as dd/mm/yyyy or yyyy-mm-dd, e.g. 14/03/2024", "%q %s", strings.TrimSpace(row.Date), why)
			ok = false
		}
		if u := strings.TrimSpace(row.SourceURL); u != "" {
			if !SafeSourceURL(u) {
				problems.Errorf(file, lineOf("Source URL"), "Source URL", "give an absolute http or https address, e.g. https://www.cqc.org.uk/location/…, or leave it empty", "unsafe or malformed URL %q", u)
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
			problems.Warnf(file, a.Line, "", "delete one of them", "lines %d and %d give the same action; the repeat is ignored", first, a.Line)
			continue
		}
		seen[key] = a.Line
		out = append(out, a)
	}
	return out
}

// SafeSourceURL reports whether u is an absolute http or https URL with a
// host, and nothing that could break out of an attribute.
func SafeSourceURL(u string) bool {
	if strings.ContainsAny(u, " \t\r\n\"'<>\\`") {
		return false
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || p.User != nil {
		return false
	}
	return p.Scheme == "https" || p.Scheme == "http"
}

// parseActionDate accepts dd/mm/yyyy (as CQC writes dates) and
// yyyy-mm-dd, and refuses dates that do not exist.
func parseActionDate(s string) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, "is empty"
	}
	t, why := csvParseDate(s)
	if why != "" {
		return t, why
	}
	if t.Year() < 2010 {
		return time.Time{}, "is before CQC regulated GP practices"
	}
	return t, ""
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}
