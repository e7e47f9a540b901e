package diag

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// Severity says whether a problem stops the build.
type Severity uint8

const (
	// Error stops the build: nothing is written.
	Error Severity = iota
	// Warning is reported, and the build goes on.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one report. File is a path as the user gave it; Line is the
// 1-based physical line (0 when the problem is about a whole file); Field
// is the CSV column, JSON field or front-matter key.
type Problem struct {
	Severity Severity
	File     string
	Line     int
	Field    string
	// Sheet names the spreadsheet's sheet; Line is then its row number.
	Sheet   string
	Message string
	// Hint says what to do about it, in a sentence.
	Hint string
}

// String formats the problem as "file:line: column "X": message (hint)".
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Sheet != "" {
			fmt.Fprintf(&b, ": sheet %q", p.Sheet)
			if p.Line > 0 {
				fmt.Fprintf(&b, " row %d", p.Line)
			}
		} else if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Severity == Warning {
		b.WriteString("warning: ")
	}
	if p.Field != "" {
		fmt.Fprintf(&b, "%s %q: ", fieldKind(p.File), p.Field)
	}
	b.WriteString(p.Message)
	if p.Hint != "" {
		b.WriteString(" (")
		b.WriteString(p.Hint)
		b.WriteString(")")
	}
	return oneLine(b.String())
}

// oneLine escapes control characters, so that a value from the data (a
// name holding a line break, say) can never forge a second problem line
// or move the terminal's cursor.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case isControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 }

func fieldKind(file string) string {
	switch {
	case strings.HasSuffix(file, ".csv"), strings.HasSuffix(file, ".ods"), strings.HasSuffix(file, ".xlsx"):
		return "column"
	case strings.HasSuffix(file, ".md"):
		return "key"
	}
	return "field"
}

// Error makes a Problem usable as an error.
func (p Problem) Error() string { return p.String() }

// List collects problems. It is safe for concurrent use. The zero value is
// ready to use.
type List struct {
	mu       sync.Mutex
	problems []Problem
}

// Add records p.
func (l *List) Add(p Problem) {
	l.mu.Lock()
	l.problems = append(l.problems, p)
	l.mu.Unlock()
}

// Errorf records an error at file:line in field.
func (l *List) Errorf(file string, line int, field, hint, format string, args ...any) {
	l.Add(Problem{Severity: Error, File: file, Line: line, Field: field, Hint: hint, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at file:line in field.
func (l *List) Warnf(file string, line int, field, hint, format string, args ...any) {
	l.Add(Problem{Severity: Warning, File: file, Line: line, Field: field, Hint: hint, Message: fmt.Sprintf(format, args...)})
}

// Merge adds every problem in o to l.
func (l *List) Merge(o *List) {
	for _, p := range o.All() {
		l.Add(p)
	}
}

// All returns the problems sorted by file, line, then severity and message,
// so reports are stable however the work was scheduled.
func (l *List) All() []Problem {
	l.mu.Lock()
	out := slices.Clone(l.problems)
	l.mu.Unlock()
	slices.SortStableFunc(out, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return out
}

// Errors returns only the errors, sorted.
func (l *List) Errors() []Problem { return l.filter(Error) }

// Warnings returns only the warnings, sorted.
func (l *List) Warnings() []Problem { return l.filter(Warning) }

func (l *List) filter(s Severity) []Problem {
	var out []Problem
	for _, p := range l.All() {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// HasErrors reports whether any error was recorded.
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.problems {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns nil when there are no errors, else one error that joins them
// all in order.
func (l *List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	joined := make([]error, len(errs))
	for i, p := range errs {
		joined[i] = p
	}
	return errors.Join(joined...)
}

// Renamed returns err with the path of a *fs.PathError in it replaced by
// file, the name the user knows: an error from a file system reports the
// path inside it ("ratings/x.csv"), which the user did not write.
func Renamed(err error, file string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: pe.Op, Path: file, Err: pe.Err}
	}
	return err
}
