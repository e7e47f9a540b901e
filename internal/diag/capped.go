package diag

import "fmt"

// Reporter is where a reader reports: a *List, or a *Capped in front of one.
type Reporter interface {
	Errorf(file string, line int, field, hint, format string, args ...any)
	Warnf(file string, line int, field, hint, format string, args ...any)
}

// Capped passes the first Max problems of one file on to a List, with the
// sheet they are in, and counts the rest; Close reports the count. Each
// problem costs the same however many came before, so reporting stays
// linear in the input.
type Capped struct {
	L     *List
	File  string // for the closing count
	Sheet string // set on every problem passed on, when not empty
	Max   int    // 0 means DefaultCap

	n, dropped, droppedErrors int
}

// DefaultCap is how many problems of one file are reported.
const DefaultCap = 50

// NewCapped returns a Capped of l for file.
func NewCapped(l *List, file string) *Capped { return &Capped{L: l, File: file} }

func (c *Capped) add(sev Severity, file string, line int, field, hint, format string, args []any) {
	max := c.Max
	if max <= 0 {
		max = DefaultCap
	}
	if c.n >= max {
		c.dropped++
		if sev == Error {
			c.droppedErrors++
		}
		return
	}
	c.n++
	c.L.Add(Problem{Severity: sev, File: file, Line: line, Field: field, Sheet: c.Sheet, Hint: hint, Message: fmt.Sprintf(format, args...)})
}

// Errorf records an error, unless Max problems were already recorded.
func (c *Capped) Errorf(file string, line int, field, hint, format string, args ...any) {
	c.add(Error, file, line, field, hint, format, args)
}

// Warnf records a warning, unless Max problems were already recorded.
func (c *Capped) Warnf(file string, line int, field, hint, format string, args ...any) {
	c.add(Warning, file, line, field, hint, format, args)
}

// Dropped counts the problems not recorded.
func (c *Capped) Dropped() int { return c.dropped }

// Close reports how many problems were not: as an error if any of them
// was one.
func (c *Capped) Close() {
	if c.dropped == 0 {
		return
	}
	msg := fmt.Sprintf("%d more problems in this file are not shown (%d of them errors); fix the ones above and build again", c.dropped, c.droppedErrors)
	sev := Warning
	if c.droppedErrors > 0 {
		sev = Error
	}
	c.L.Add(Problem{Severity: sev, File: c.File, Message: msg})
	c.dropped, c.droppedErrors = 0, 0
}
