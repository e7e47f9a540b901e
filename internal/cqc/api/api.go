package api

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
)

// apiSite is the CQC website that report paths in API documents are
// relative to.
const apiSite = "https://www.cqc.org.uk"

// apiMaxBytes bounds one API document. The largest real documents (with a
// single-assessment-framework "assessment" and its commentary) are about
// 60 KB, so this is generous.
const apiMaxBytes = 32 << 20

// apiMaxProblems bounds the problems reported for one document.
const apiMaxProblems = 100

// apiMaxPathDepth is the deepest a field the reader reads lies:
// assessment[0].ratings.asgRatings[0].keyQuestionRatings[0].rating is 8.
const apiMaxPathDepth = 10

// UK bounds for ONSPD coordinates: anything outside is a data error.
const (
	apiMinLat, apiMaxLat = 49.0, 61.0
	apiMinLon, apiMaxLon = -9.0, 2.5
)

const (
	apiHintRefetch  = "save the location's document from the CQC API (/locations/{id}) again"
	apiHintType     = "the CQC API writes this field as %s; check the document was not edited by hand"
	apiHintDate     = "write dates as YYYY-MM-DD, e.g. 2023-06-02"
	apiHintQuestion = "key questions are Safe, Effective, Caring, Responsive and Well-led"
)

var apiHintRating = "accepted: " + strings.Join(rating.Words(), ", ")

// Read reads one CQC API location document. file is the path for messages. It returns nil when the document cannot be used (every reason is in problems). It never panics.
//
// The document cannot be used when it is empty, not JSON, not one JSON
// object, or lacks a usable locationId or name. Other problems (an unknown
// rating word, a malformed date, a field of the wrong type) are reported as
// errors with the field's path and line, the field is left empty, and the
// location is still returned, so that a caller can go on to find every
// problem in one run.
func Read(r io.Reader, file string, problems *diag.List) (loc *cqc.Location) {
	if problems == nil {
		problems = new(diag.List)
	}
	defer func() {
		if v := recover(); v != nil {
			problems.Errorf(file, 0, "", "this is a bug in the generator; please report it with the file", "internal error while reading the CQC API document: %v", v)
			loc = nil
		}
	}()
	if r == nil {
		problems.Errorf(file, 0, "", "", "internal error: no reader for the CQC API document")
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(r, apiMaxBytes+1))
	if err != nil {
		problems.Errorf(file, 0, "", "", "cannot read the CQC API document: %v", err)
		return nil
	}
	if len(data) > apiMaxBytes {
		problems.Errorf(file, 0, "", "a CQC API location document is well under 1 MB; check this is the right file", "the file is larger than %d MB", apiMaxBytes>>20)
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
	ar := &apiReader{file: file, data: data, problems: problems}
	doc, ok := ar.decode()
	if !ok {
		return nil
	}
	loc = ar.location(doc)
	ar.flush()
	return loc
}

// decode parses the document into its wire form, reporting why it cannot
// be used when it cannot.
func (r *apiReader) decode() (*apiDoc, bool) {
	trimmed := bytes.TrimLeft(r.data, " \t\r\n")
	if len(trimmed) == 0 {
		r.problems.Errorf(r.file, 0, "", apiHintRefetch, "the file is empty; expected one CQC API location document (a JSON object)")
		return nil, false
	}
	doc := new(apiDoc)
	err := json.Unmarshal(r.data, doc)
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		r.syntaxError(syn)
		return nil, false
	}
	if trimmed[0] != '{' {
		line, _ := apiLineCol(r.data, int64(len(r.data)-len(trimmed)))
		hint := "each file holds one location's document, as returned by the CQC API's /locations/{id}"
		r.problems.Errorf(r.file, line, "", hint, "the document is a JSON %s, not a JSON object", apiJSONKind(trimmed))
		return nil, false
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		// The wire types accept any JSON kind, so this is only a safety net.
		line, _ := apiLineCol(r.data, typ.Offset)
		r.problems.Errorf(r.file, line, typ.Field, "check the document was not edited by hand", "has the wrong type (%s)", typ.Value)
		return nil, false
	}
	if err != nil {
		r.problems.Errorf(r.file, 0, "", apiHintRefetch, "cannot decode the CQC API document: %v", err)
		return nil, false
	}
	return doc, true
}

// syntaxError reports invalid JSON at its physical line and column.
func (r *apiReader) syntaxError(syn *json.SyntaxError) {
	off := syn.Offset
	if strings.Contains(syn.Error(), "unexpected end") {
		// Point just past the last character that is there.
		end := int64(len(bytes.TrimRight(r.data, " \t\r\n")))
		line, col := apiLineCol(r.data, end)
		r.problems.Errorf(r.file, line, "", "the file looks truncated: "+apiHintRefetch, "invalid JSON at column %d: the document ends in the middle of a value", col)
		return
	}
	if off > 0 {
		off-- // Offset counts the offending byte
	}
	line, col := apiLineCol(r.data, off)
	hint := "fix the JSON syntax, or " + apiHintRefetch
	if !utf8.Valid(r.data) || bytes.IndexByte(r.data, 0) >= 0 {
		hint = "the file does not look like text: " + apiHintRefetch
	}
	r.problems.Errorf(r.file, line, "", hint, "invalid JSON at column %d: %s", col, syn.Error())
}

// apiReader carries what every step needs to report a problem.
type apiReader struct {
	file     string
	data     []byte
	problems *diag.List

	offsets  map[string]int64 // value offsets by lower-cased path, built on first use
	newlines []int64          // offsets of the line feeds, built on first use

	reported, suppressed int
	suppressedErr        bool
	lenient              bool // report shape problems as warnings (inside "assessment")

	locURL string
	// cur is the grid of current ratings; overallURL links to the report
	// that gave its overall rating.
	cur        *rating.Grid
	overallURL string
	reports    map[string]cqc.Report // by link ID
	tooLong    bool                  // a field was over its limit
}

func (r *apiReader) errorf(path, hint, format string, args ...any) {
	r.report(diag.Error, path, hint, format, args...)
}

func (r *apiReader) warnf(path, hint, format string, args ...any) {
	r.report(diag.Warning, path, hint, format, args...)
}

// report records a problem at the line of the value at path. Past
// apiMaxProblems in one document, problems are only counted.
func (r *apiReader) report(sev diag.Severity, path, hint, format string, args ...any) {
	if r.reported >= apiMaxProblems {
		r.suppressed++
		r.suppressedErr = r.suppressedErr || sev == diag.Error
		return
	}
	r.reported++
	r.problems.Add(diag.Problem{Severity: sev, File: r.file, Line: r.line(path), Field: path, Hint: hint, Message: fmt.Sprintf(format, args...)})
}

// flush reports how many problems were not shown.
func (r *apiReader) flush() {
	if r.suppressed == 0 {
		return
	}
	sev := diag.Warning
	if r.suppressedErr {
		sev = diag.Error
	}
	r.problems.Add(diag.Problem{Severity: sev, File: r.file, Hint: "fix the problems shown and read the document again to see the rest",
		Message: fmt.Sprintf("%d more problems in this document are not shown", r.suppressed)})
}

// shapef reports a field of the wrong JSON type: an error, or a warning
// inside the optional "assessment" block.
func (r *apiReader) shapef(path, want, got string) {
	if r.lenient {
		r.warnf(path, "this part of the assessment is left out", "should be %s, not %s", want, apiArticle(got))
		return
	}
	r.errorf(path, fmt.Sprintf(apiHintType, want), "must be %s, not %s", want, apiArticle(got))
}

func apiArticle(kind string) string {
	switch kind {
	case "array", "object":
		return "an " + kind
	case "null":
		return kind
	}
	return "a " + kind
}

// line is the physical line of the value at path, or of its nearest
// enclosing value that is present; 0 when only the document as a whole can
// be named.
func (r *apiReader) line(path string) int {
	if r.offsets == nil {
		r.offsets = apiOffsets(r.data)
	}
	p := strings.ToLower(path)
	for p != "" {
		if off, ok := r.offsets[p]; ok {
			if r.newlines == nil {
				r.newlines = make([]int64, 0, 64)
				for i, c := range r.data {
					if c == '\n' {
						r.newlines = append(r.newlines, int64(i))
					}
				}
			}
			// 1 + the number of line feeds before off.
			n, _ := slices.BinarySearch(r.newlines, off)
			return 1 + n
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// apiOffsets maps the path of every value in data ("a.b[2].c", lower-cased,
// as encoding/json matches field names case-insensitively) to the offset of
// the value's first token, down to apiMaxPathDepth: no field the reader
// reads lies deeper. data must be valid JSON.
func apiOffsets(data []byte) map[string]int64 {
	m := make(map[string]int64)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var walk func(path string, depth int) bool
	walk = func(path string, depth int) bool {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if depth <= apiMaxPathDepth && path != "" {
			m[path] = max(dec.InputOffset()-1, 0) // the token's last byte is on its line
		}
		// Below apiMaxPathDepth paths are not built: that would cost depth².
		sub := func(s string) string {
			if depth >= apiMaxPathDepth {
				return ""
			}
			return s
		}
		d, ok := tok.(json.Delim)
		if !ok {
			return true
		}
		switch d {
		case '{':
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return false
				}
				k, _ := key.(string)
				k = strings.ToLower(k)
				if path != "" {
					k = path + "." + k
				}
				if !walk(sub(k), depth+1) {
					return false
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if !walk(sub(apiIndex(path, i)), depth+1) {
					return false
				}
			}
		}
		_, err = dec.Token() // the closing delimiter
		return err == nil
	}
	walk("", 0)
	return m
}

// apiLineCol turns a byte offset into a 1-based physical line and column
// (counted in characters).
func apiLineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	start := bytes.LastIndexByte(before, '\n') + 1
	col = 1 + utf8.RuneCount(before[start:])
	return line, col
}

// location turns the decoded document into a cqc.Location.
func (r *apiReader) location(doc *apiDoc) *cqc.Location {
	loc := &cqc.Location{File: r.file}

	// Identity: without a usable ID and name there is nothing to publish.
	loc.ID = r.str(doc.LocationID, "locationId")
	usable := true
	switch {
	case doc.LocationID.Bad != "":
		usable = false
	case loc.ID == "":
		r.errorf("locationId", apiHintRefetch, "the document has no locationId")
		usable = false
	case cqc.CheckID(loc.ID) != "":
		r.errorf("locationId", "a CQC location ID is letters, digits and '-', e.g. 1-10024040008", "not a usable location ID: %s", cqc.CheckID(loc.ID))
		usable = false
	}
	loc.Name = r.str(doc.Name, "name")
	if loc.Name == "" && doc.Name.Bad == "" && strings.TrimSpace(doc.Name.V) == "" {
		r.errorf("name", apiHintRefetch, "the document has no name")
		usable = false
	} else if doc.Name.Bad != "" {
		usable = false
	}
	// Read on when the document is unusable, to report every problem in it.
	r.locURL = apiSite + "/location/" + loc.ID

	loc.ODS = r.str(doc.ODSCode, "odsCode")
	loc.Type = r.str(doc.Type, "type")
	loc.Category = r.category(doc.InspectionCategories)

	loc.Street = r.str(doc.Line1, "postalAddressLine1")
	loc.Line2 = r.str(doc.Line2, "postalAddressLine2")
	loc.City = r.str(doc.City, "postalAddressTownCity")
	loc.County = r.str(doc.County, "postalAddressCounty")
	loc.Postcode = r.str(doc.Postcode, "postalCode")
	loc.LocalAuthority = r.str(doc.LocalAuthority, "localAuthority")
	loc.Region = r.str(doc.Region, "region")
	icbCode, icbName := r.str(doc.ICBCode, "onspdIcbCode"), r.str(doc.ICBName, "onspdIcbName")
	ccgCode, ccgName := r.str(doc.CCGCode, "onspdCcgCode"), r.str(doc.CCGName, "onspdCcgName")
	if icbCode != "" || icbName != "" {
		loc.ICBCode, loc.ICBName = icbCode, icbName
	} else {
		loc.ICBCode, loc.ICBName = ccgCode, ccgName
	}
	loc.Phone = r.str(doc.Phone, "mainPhoneNumber")
	loc.Website = r.str(doc.Website, "website")
	loc.ProviderID = r.str(doc.ProviderID, "providerId")
	loc.BrandID = apiBlankDash(r.str(doc.BrandID, "brandId"))
	loc.BrandName = apiBlankDash(r.str(doc.BrandName, "brandName"))

	switch status := r.str(doc.RegistrationStatus, "registrationStatus"); {
	case strings.EqualFold(status, "Registered"):
		loc.Registered = true
	case strings.EqualFold(status, "Deregistered"):
	case status == "":
		if doc.RegistrationStatus.Bad == "" {
			r.warnf("registrationStatus", "the CQC API writes Registered or Deregistered", "the document has no registrationStatus; the location is treated as deregistered")
		}
	default:
		r.warnf("registrationStatus", "the CQC API writes Registered or Deregistered", "unknown registration status %q; the location is treated as deregistered", status)
	}
	loc.RegisteredFrom = r.date(doc.RegistrationDate, "registrationDate")
	loc.Deregistered = r.date(doc.DeregistrationDate, "deregistrationDate")

	r.coords(doc, loc)

	loc.Reports = r.readReports(doc.Reports)
	r.cur = &loc.Ratings
	r.current(doc.CurrentRatings, &loc.Ratings)
	if !apiWholeRated(&loc.Ratings) {
		r.assessment(doc.Assessment, &loc.Ratings)
	}
	loc.ReportURL = r.locURL
	if loc.Ratings.Overall().Value.Present() && r.overallURL != "" {
		loc.ReportURL = r.overallURL
	}
	loc.History = r.history(doc.HistoricRatings)
	if !usable || r.tooLong {
		return nil
	}
	return loc
}

func apiBlankDash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// str reads a string field, trimmed; a value of another type is reported
// and read as "".
func (r *apiReader) str(s apiStr, path string) string {
	if s.Bad != "" {
		r.shapef(path, "a string", s.Bad)
		return ""
	}
	v := strings.TrimSpace(s.V)
	if max := apiMaxLen(path); len(v) > max {
		r.tooLong = true
		p := v[:40]
		for len(p) > 0 && !utf8.ValidString(p) {
			p = p[:len(p)-1]
		}
		r.errorf(path, fmt.Sprintf("CQC's values here have at most %d characters; fetch the document again", max),
			"value is %d characters long (%q...); the document is not used", utf8.RuneCountInString(v), p)
		return ""
	}
	return v
}

// apiMaxText bounds a name, an address line or a provider, in bytes;
// apiMaxOther any other string field.
const (
	apiMaxText  = 300
	apiMaxOther = 2000
)

// apiMaxLen is the longest value accepted at path.
func apiMaxLen(path string) int {
	switch path {
	case "name", "postalAddressLine1", "postalAddressLine2", "postalAddressTownCity", "postalAddressCounty",
		"localAuthority", "region", "onspdIcbName", "onspdCcgName", "brandName", "providerName", "type":
		return apiMaxText
	case "odsCode", "postalCode", "providerId", "brandId", "onspdIcbCode", "onspdCcgCode", "mainPhoneNumber":
		return 100
	}
	return apiMaxOther
}

// date reads a YYYY-MM-DD field; absent or empty is the zero time.
func (r *apiReader) date(s apiStr, path string) time.Time {
	v := r.str(s, path)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		r.errorf(path, apiHintDate, "%q is not a date", v)
		return time.Time{}
	}
	return t
}

// value reads a rating word.
func (r *apiReader) value(s apiStr, path string) rating.Value {
	w := r.str(s, path)
	v, ok := rating.Parse(w)
	if !ok {
		r.errorf(path, apiHintRating, "unknown rating %q", w)
		return rating.None
	}
	return v
}

// category is the name of the primary inspection category, or of the first
// when none is marked primary.
func (r *apiReader) category(cats apiArr[apiCategory]) string {
	const path = "inspectionCategories"
	if cats.Bad != "" {
		r.shapef(path, "an array", cats.Bad)
		return ""
	}
	first, primary, found := "", "", 0
	for i, c := range cats.V {
		p := apiIndex(path, i)
		if !r.obj(c.Set, c.Bad, p) {
			continue
		}
		name := r.str(c.V.Name, p+".name")
		if found == 0 {
			first = name
		}
		found++
		if apiIsTrue(c.V.Primary) && primary == "" {
			primary = name
		}
	}
	return cmp.Or(primary, first)
}

func apiIsTrue(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s == "true" || strings.EqualFold(s, `"true"`)
}

func apiIndex(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// obj reports an array element that is not an object; it says whether the
// element can be read.
func (r *apiReader) obj(set bool, bad, path string) bool {
	if bad != "" {
		r.shapef(path, "an object", bad)
		return false
	}
	return set
}

// coords reads the ONSPD coordinates, keeping them only when both are
// present and plausibly in the UK.
func (r *apiReader) coords(doc *apiDoc, loc *cqc.Location) {
	lat, latOK := r.num(doc.Lat, "onspdLatitude")
	lon, lonOK := r.num(doc.Lon, "onspdLongitude")
	switch {
	case !latOK && !lonOK:
		return
	case !latOK:
		if doc.Lat.Bad == "" {
			r.warnf("onspdLatitude", "the location will have no map position", "onspdLongitude is given but onspdLatitude is not")
		}
		return
	case !lonOK:
		if doc.Lon.Bad == "" {
			r.warnf("onspdLongitude", "the location will have no map position", "onspdLatitude is given but onspdLongitude is not")
		}
		return
	}
	good := true
	if math.IsNaN(lat) || lat < apiMinLat || lat > apiMaxLat {
		r.warnf("onspdLatitude", "the location will have no map position", "latitude %v is outside the UK (%v to %v)", lat, apiMinLat, apiMaxLat)
		good = false
	}
	if math.IsNaN(lon) || lon < apiMinLon || lon > apiMaxLon {
		r.warnf("onspdLongitude", "the location will have no map position", "longitude %v is outside the UK (%v to %v)", lon, apiMinLon, apiMaxLon)
		good = false
	}
	if good {
		loc.Lat, loc.Lon, loc.HasCoords = lat, lon, true
	}
}

func (r *apiReader) num(n apiNum, path string) (float64, bool) {
	if n.Bad != "" {
		r.shapef(path, "a number", n.Bad)
		return 0, false
	}
	return n.V, n.Set
}

// readReports reads reports[], newest first, and indexes them by link ID.
func (r *apiReader) readReports(arr apiArr[apiReport]) []cqc.Report {
	r.reports = make(map[string]cqc.Report)
	const path = "reports"
	if arr.Bad != "" {
		r.shapef(path, "an array", arr.Bad)
		return nil
	}
	var out []cqc.Report
	for i, e := range arr.V {
		p := apiIndex(path, i)
		if !r.obj(e.Set, e.Bad, p) {
			continue
		}
		rep := cqc.Report{
			LinkID:     r.str(e.V.LinkID, p+".linkId"),
			Published:  r.date(e.V.ReportDate, p+".reportDate"),
			FirstVisit: r.date(e.V.FirstVisitDate, p+".firstVisitDate"),
			Type:       r.str(e.V.ReportType, p+".reportType"),
		}
		rep.URL = r.reportURL(r.str(e.V.ReportURI, p+".reportUri"), p+".reportUri")
		if _, dup := r.reports[rep.LinkID]; rep.LinkID != "" && !dup {
			r.reports[rep.LinkID] = rep
		}
		out = append(out, rep)
	}
	slices.SortStableFunc(out, func(a, b cqc.Report) int { return b.Published.Compare(a.Published) })
	return out
}

// reportURL makes a report's address absolute on the CQC website, without
// its query string; the location's page stands in when there is none.
func (r *apiReader) reportURL(uri, path string) string {
	if uri == "" {
		return r.locURL
	}
	u, err := url.Parse(uri)
	ok := err == nil && u.Opaque == "" && u.User == nil
	if ok && u.Host != "" {
		host := strings.ToLower(u.Hostname())
		ok = (u.Scheme == "https" || u.Scheme == "http") && u.Port() == "" &&
			(host == "www.cqc.org.uk" || host == "cqc.org.uk")
	} else if ok {
		ok = u.Scheme == "" && strings.HasPrefix(u.Path, "/")
	}
	if !ok {
		r.warnf(path, "the location's CQC page is linked instead", "%q is not a report address on the CQC website", uri)
		return r.locURL
	}
	return apiSite + u.EscapedPath()
}

// link fills a cell's report type from the report it links to, and
// returns that report's URL (else the location's page).
func (r *apiReader) link(c *rating.Cell, linkID string) string {
	if rep, ok := r.reports[linkID]; ok && linkID != "" {
		c.ReportType = rating.ReportTypeOf(rep.Type)
		return rep.URL
	}
	return r.locURL
}

// apiRated is what a rating publishes by default: its date and report.
type apiRated struct {
	published time.Time
	linkID    string
}

// fill reads one rating (an overall rating with its key questions) into
// g[grp]. Each cell takes its own reportDate and reportLinkId when it has
// them, else def's.
func (r *apiReader) fill(g *rating.Grid, grp rating.Group, e apiRating, path string, def apiRated) {
	own := r.own(e.ReportDate, e.ReportLinkID, path, def)
	r.set(g, grp, rating.Overall, r.value(e.Rating, path+".rating"), own, path)
	kqPath := path + ".keyQuestionRatings"
	if e.KeyQuestionRatings.Bad != "" {
		r.shapef(kqPath, "an array", e.KeyQuestionRatings.Bad)
		return
	}
	for i, kq := range e.KeyQuestionRatings.V {
		p := apiIndex(kqPath, i)
		if !r.obj(kq.Set, kq.Bad, p) {
			continue
		}
		name := r.str(kq.V.Name, p+".name")
		d, ok := rating.ParseDomain(name)
		if !ok || d == rating.Overall {
			if kq.V.Name.Bad == "" {
				if name == "" {
					r.errorf(p+".name", apiHintQuestion, "the key question rating has no name")
				} else {
					r.errorf(p+".name", apiHintQuestion, "unknown key question %q", name)
				}
			}
			continue
		}
		r.set(g, grp, d, r.value(kq.V.Rating, p+".rating"), r.own(kq.V.ReportDate, kq.V.ReportLinkID, p, own), p)
	}
}

// own is e's date and report, falling back on def's.
func (r *apiReader) own(reportDate, linkID apiStr, path string, def apiRated) apiRated {
	if t := r.date(reportDate, path+".reportDate"); !t.IsZero() {
		def.published = t
	}
	if id := r.str(linkID, path+".reportLinkId"); id != "" {
		def.linkID = id
	}
	return def
}

func (r *apiReader) set(g *rating.Grid, grp rating.Group, d rating.Domain, v rating.Value, at apiRated, path string) {
	if !v.Present() {
		return
	}
	c := &g[grp][d]
	if c.Value.Present() {
		what := d.String()
		if grp != rating.Whole {
			what = grp.String() + ": " + what
		}
		r.warnf(path, "each rating should appear once", "%s is rated twice; the later rating is used", what)
	}
	*c = rating.Cell{Value: v, Published: rating.DayOf(at.published)}
	if url := r.link(c, at.linkID); g == r.cur && grp == rating.Whole && d == rating.Overall {
		r.overallURL = url
	}
}

// groups reads the population-group ratings among serviceRatings[];
// ratings of other services (hospital services and the like) are ignored.
func (r *apiReader) groups(g *rating.Grid, arr apiArr[apiRating], path string, def apiRated) {
	if arr.Bad != "" {
		r.shapef(path, "an array", arr.Bad)
		return
	}
	for i, e := range arr.V {
		p := apiIndex(path, i)
		if !r.obj(e.Set, e.Bad, p) {
			continue
		}
		if e.V.Name.Bad != "" {
			r.shapef(p+".name", "a string", e.V.Name.Bad)
			continue
		}
		grp, ok := rating.ParseAPIGroup(e.V.Name.V)
		if !ok {
			continue
		}
		r.fill(g, grp, e.V, p, def)
	}
}

// current reads currentRatings.
func (r *apiReader) current(o apiObj[apiCurrent], g *rating.Grid) {
	const path = "currentRatings"
	if !r.obj(o.Set, o.Bad, path) {
		return
	}
	def := apiRated{published: r.date(o.V.ReportDate, path+".reportDate")}
	if r.obj(o.V.Overall.Set, o.V.Overall.Bad, path+".overall") {
		r.fill(g, rating.Whole, o.V.Overall.V, path+".overall", def)
	}
	r.groups(g, o.V.ServiceRatings, path+".serviceRatings", def)
}

func apiWholeRated(g *rating.Grid) bool {
	for _, c := range g[rating.Whole] {
		if c.Value.Present() {
			return true
		}
	}
	return false
}

// history reads historicRatings[], newest first. Entries that rate nothing
// a GP practice is rated on (a hospital's service ratings, say) are left out.
func (r *apiReader) history(arr apiArr[apiHistoric]) []cqc.Assessment {
	const path = "historicRatings"
	if arr.Bad != "" {
		r.shapef(path, "an array", arr.Bad)
		return nil
	}
	var out []cqc.Assessment
	for i, e := range arr.V {
		p := apiIndex(path, i)
		if !r.obj(e.Set, e.Bad, p) {
			continue
		}
		a := cqc.Assessment{
			Published:    r.date(e.V.ReportDate, p+".reportDate"),
			ReportLinkID: r.str(e.V.ReportLinkID, p+".reportLinkId"),
		}
		def := apiRated{published: a.Published, linkID: a.ReportLinkID}
		if r.obj(e.V.Overall.Set, e.V.Overall.Bad, p+".overall") {
			r.fill(&a.Ratings, rating.Whole, e.V.Overall.V, p+".overall", def)
		}
		r.groups(&a.Ratings, e.V.ServiceRatings, p+".serviceRatings", def)
		if a.Ratings.Empty() {
			continue
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(a, b cqc.Assessment) int { return b.Published.Compare(a.Published) })
	return out
}

// assessment reads the whole-practice ratings of the single assessment
// framework (the "assessment" block), for a location whose currentRatings
// give none: the newest published assessment plan, and in it the current
// assessment service group (else the first). Its shape is not settled, so a
// field of an unexpected type is a warning, and what it holds is left out.
func (r *apiReader) assessment(arr apiArr[apiAssessment], g *rating.Grid) {
	r.lenient = true
	defer func() { r.lenient = false }()
	const path = "assessment"
	if arr.Bad != "" {
		r.shapef(path, "an array", arr.Bad)
		return
	}
	best, bestAt := -1, time.Time{}
	for i, e := range arr.V {
		p := apiIndex(path, i)
		if !r.obj(e.Set, e.Bad, p) {
			continue
		}
		at := r.dateTime(e.V.Published, p+".assessmentPlanPublishedDateTime")
		if best < 0 || at.After(bestAt) {
			best, bestAt = i, at
		}
	}
	if best < 0 {
		return
	}
	p := apiIndex(path, best)
	plan := arr.V[best].V
	if !r.obj(plan.Ratings.Set, plan.Ratings.Bad, p+".ratings") {
		return
	}
	p += ".ratings.asgRatings"
	asgs := plan.Ratings.V.ASG
	if asgs.Bad != "" {
		r.shapef(p, "an array", asgs.Bad)
		return
	}
	pick := -1
	for i, e := range asgs.V {
		if !r.obj(e.Set, e.Bad, apiIndex(p, i)) {
			continue
		}
		if pick < 0 {
			pick = i
		}
		if strings.EqualFold(r.str(e.V.Status, apiIndex(p, i)+".status"), "Current") {
			pick = i
			break
		}
	}
	if pick < 0 {
		return
	}
	asg := asgs.V[pick].V
	r.fill(g, rating.Whole, apiRating{Rating: asg.Rating, KeyQuestionRatings: asg.KeyQuestionRatings}, apiIndex(p, pick), apiRated{published: bestAt})
}

// dateTime reads the assessment plan's publication time ("2024-05-10
// 07:42:57") as its date.
func (r *apiReader) dateTime(s apiStr, path string) time.Time {
	v := r.str(s, path)
	if v == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.DateTime, time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			y, m, d := t.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		}
	}
	r.errorf(path, "write it as YYYY-MM-DD hh:mm:ss, e.g. 2024-05-10 07:42:57", "%q is not a date and time", v)
	return time.Time{}
}

// The wire form of a CQC API location document. Every field has a type
// that accepts any JSON value and remembers one of the wrong kind, so that
// one decode finds every problem and each can be reported with its path.
// Unknown fields are ignored.
type apiDoc struct {
	LocationID           apiStr              `json:"locationId"`
	ODSCode              apiStr              `json:"odsCode"`
	Name                 apiStr              `json:"name"`
	Type                 apiStr              `json:"type"`
	InspectionCategories apiArr[apiCategory] `json:"inspectionCategories"`

	Line1          apiStr `json:"postalAddressLine1"`
	Line2          apiStr `json:"postalAddressLine2"`
	City           apiStr `json:"postalAddressTownCity"`
	County         apiStr `json:"postalAddressCounty"`
	Postcode       apiStr `json:"postalCode"`
	LocalAuthority apiStr `json:"localAuthority"`
	Region         apiStr `json:"region"`
	ICBCode        apiStr `json:"onspdIcbCode"`
	ICBName        apiStr `json:"onspdIcbName"`
	CCGCode        apiStr `json:"onspdCcgCode"`
	CCGName        apiStr `json:"onspdCcgName"`
	Phone          apiStr `json:"mainPhoneNumber"`
	Website        apiStr `json:"website"`
	ProviderID     apiStr `json:"providerId"`
	BrandID        apiStr `json:"brandId"`
	BrandName      apiStr `json:"brandName"`

	RegistrationStatus apiStr `json:"registrationStatus"`
	RegistrationDate   apiStr `json:"registrationDate"`
	DeregistrationDate apiStr `json:"deregistrationDate"`

	Lat apiNum `json:"onspdLatitude"`
	Lon apiNum `json:"onspdLongitude"`

	CurrentRatings  apiObj[apiCurrent]    `json:"currentRatings"`
	HistoricRatings apiArr[apiHistoric]   `json:"historicRatings"`
	Reports         apiArr[apiReport]     `json:"reports"`
	Assessment      apiArr[apiAssessment] `json:"assessment"`
}

type apiCategory struct {
	Name    apiStr          `json:"name"`
	Primary json.RawMessage `json:"primary"` // "true" (a string) in real documents
}

// apiRating is an overall or service rating.
type apiRating struct {
	Name               apiStr        `json:"name"`
	Rating             apiStr        `json:"rating"`
	ReportDate         apiStr        `json:"reportDate"`
	ReportLinkID       apiStr        `json:"reportLinkId"`
	KeyQuestionRatings apiArr[apiKQ] `json:"keyQuestionRatings"`
}

// apiKQ is a key question's rating. It is not apiRating, whose
// keyQuestionRatings would then nest without bound: every level of
// nesting costs encoding/json another scan of the value.
type apiKQ struct {
	Name         apiStr `json:"name"`
	Rating       apiStr `json:"rating"`
	ReportDate   apiStr `json:"reportDate"`
	ReportLinkID apiStr `json:"reportLinkId"`
}

type apiCurrent struct {
	ReportDate     apiStr            `json:"reportDate"`
	Overall        apiObj[apiRating] `json:"overall"`
	ServiceRatings apiArr[apiRating] `json:"serviceRatings"`
}

type apiHistoric struct {
	ReportDate     apiStr            `json:"reportDate"`
	ReportLinkID   apiStr            `json:"reportLinkId"`
	Overall        apiObj[apiRating] `json:"overall"`
	ServiceRatings apiArr[apiRating] `json:"serviceRatings"`
}

type apiReport struct {
	LinkID         apiStr `json:"linkId"`
	ReportDate     apiStr `json:"reportDate"`
	FirstVisitDate apiStr `json:"firstVisitDate"`
	ReportType     apiStr `json:"reportType"`
	ReportURI      apiStr `json:"reportUri"`
}

type apiAssessment struct {
	Published apiStr                `json:"assessmentPlanPublishedDateTime"`
	Ratings   apiObj[apiASGRatings] `json:"ratings"`
}

type apiASGRatings struct {
	ASG apiArr[apiASG] `json:"asgRatings"`
}

// apiASG is the ratings of one assessment service group.
type apiASG struct {
	Name               apiStr        `json:"name"`
	Status             apiStr        `json:"status"`
	Rating             apiStr        `json:"rating"`
	KeyQuestionRatings apiArr[apiKQ] `json:"keyQuestionRatings"`
}

// apiJSONKind names the kind of the JSON value that b starts with.
func apiJSONKind(b []byte) string {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// apiStr is a string field; Bad names the kind of a value of another type.
type apiStr struct {
	V   string
	Bad string
}

func (s *apiStr) UnmarshalJSON(b []byte) error {
	*s = apiStr{}
	switch k := apiJSONKind(b); k {
	case "string":
		return json.Unmarshal(b, &s.V)
	case "null":
	default:
		s.Bad = k
	}
	return nil
}

// apiNum is a number field; Set says it was present.
type apiNum struct {
	V   float64
	Set bool
	Bad string
}

func (n *apiNum) UnmarshalJSON(b []byte) error {
	*n = apiNum{}
	switch k := apiJSONKind(b); k {
	case "number":
		// Out of range parses as ±Inf, which the range checks reject.
		n.V, _ = strconv.ParseFloat(string(bytes.TrimSpace(b)), 64)
		n.Set = true
	case "null":
	default:
		n.Bad = k
	}
	return nil
}

// apiObj is an object field; Set says it was present.
type apiObj[T any] struct {
	V   T
	Set bool
	Bad string
}

func (o *apiObj[T]) UnmarshalJSON(b []byte) error {
	*o = apiObj[T]{}
	switch k := apiJSONKind(b); k {
	case "object":
		o.Set = true
		return json.Unmarshal(b, &o.V)
	case "null":
	default:
		o.Bad = k
	}
	return nil
}

// apiArr is an array of objects; each element remembers its own kind.
type apiArr[T any] struct {
	V   []apiObj[T]
	Bad string
}

func (a *apiArr[T]) UnmarshalJSON(b []byte) error {
	*a = apiArr[T]{}
	switch k := apiJSONKind(b); k {
	case "array":
		return json.Unmarshal(b, &a.V)
	case "null":
	default:
		a.Bad = k
	}
	return nil
}

// Dedupe keeps the first document of each location ID, in order. A later
// document with the same ID is dropped: silently when it says the same
// (apart from its file name), with a warning naming both files when it
// does not, as for repeated CSV rows.
func Dedupe(locs []*cqc.Location, problems *diag.List) []*cqc.Location {
	first := make(map[string]*cqc.Location, len(locs))
	out := locs[:0:0]
	for _, l := range locs {
		if l == nil {
			continue
		}
		f, dup := first[l.ID]
		if !dup {
			first[l.ID] = l
			out = append(out, l)
			continue
		}
		a, b := *f, *l
		a.File, b.File, a.Line, b.Line = "", "", 0, 0
		if !reflect.DeepEqual(a, b) {
			problems.Warnf(l.File, 0, "locationId", "keep one document per location in api/: delete the older download",
				"this document and %s are both for location %s and differ; %s is used", f.File, l.ID, f.File)
		}
	}
	return out
}
