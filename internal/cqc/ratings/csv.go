package ratings

import (
	"io"

	"ratingsite/internal/cqc"
	"ratingsite/internal/csvin"
	"ratingsite/internal/diag"
)

// ReadCSV reads one CQC "Latest ratings" CSV (the Locations sheet saved as
// CSV). file is the path used in messages. Every problem goes to problems
// (at most diag.DefaultCap of them, then a count); it never panics and
// never stops at the first error. It returns the locations in order of
// first appearance; a location with any error is still returned if its ID
// is safe, but callers will not build when problems.HasErrors().
func ReadCSV(r io.Reader, file string, opt Options, problems *diag.List) (locs []*cqc.Location) {
	if problems == nil {
		problems = new(diag.List) // nowhere to report, but never panic
	}
	p := diag.NewCapped(problems, file)
	defer p.Close()
	t := newTable(file, p, opt)
	defer func() {
		if v := recover(); v != nil {
			p.Errorf(file, 0, "", "please report this as a bug in ratingsite", "internal error while reading this file: %v", v)
			locs = t.locs
		}
	}()
	cr := csvin.New(r, file, p, csvin.Options{
		IsHeader:   isHeader,
		Mention:    "location id",
		HintHeader: hintHeader,
		Expect:     "CQC's Latest ratings CSV, with a header that starts \"Location ID,Location ODS Code,Location Name,...\"",
	})
	defer cr.Finish()
	header, ok := cr.Header()
	if !ok || !t.header(header, cr.HeaderLine()) {
		return nil
	}
	t.checkWidth = true
	t.line = func(c Column) int {
		if c >= NumColumns || t.m.idx[c] < 0 {
			return cr.Line(0)
		}
		return cr.Line(t.m.idx[c])
	}
	for {
		rec, ok := cr.Next()
		if !ok {
			break
		}
		t.record(rec)
	}
	t.finish(cr.HeaderLine(), cr.SyntaxErrors())
	return t.locs
}
