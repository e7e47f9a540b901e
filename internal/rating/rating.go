package rating

import (
	"strings"
	"time"
)

// Value is a published value in a rating cell: one of the four ratings, or
// one of the values CQC publishes that are not ratings. The zero value, None,
// means that nothing was published.
type Value uint8

// The four ratings, best first, then the values that are not ratings.
const (
	None Value = iota
	Outstanding
	Good
	RequiresImprovement
	Inadequate
	InspectedNotRated
	InsufficientEvidence
	NoPublishedRating
	NotRated
	NotApplicable
	RegulationsMet
	numValues
)

// Ratings lists the four ratings, best first. Shares are computed over
// these and nothing else.
var Ratings = [4]Value{Outstanding, Good, RequiresImprovement, Inadequate}

// NonRatings lists the values that are published in a rating cell but are
// not ratings, in the order pages show them.
var NonRatings = [...]Value{InspectedNotRated, InsufficientEvidence, NoPublishedRating, NotRated, NotApplicable, RegulationsMet}

var labels = [numValues]string{
	None:                 "",
	Outstanding:          "Outstanding",
	Good:                 "Good",
	RequiresImprovement:  "Requires improvement",
	Inadequate:           "Inadequate",
	InspectedNotRated:    "Inspected but not rated",
	InsufficientEvidence: "Insufficient evidence to rate",
	NoPublishedRating:    "No published rating",
	NotRated:             "Not rated",
	NotApplicable:        "Not applicable",
	RegulationsMet:       "Regulations met",
}

var slugs = [numValues]string{
	None:                 "none",
	Outstanding:          "outstanding",
	Good:                 "good",
	RequiresImprovement:  "requires-improvement",
	Inadequate:           "inadequate",
	InspectedNotRated:    "inspected-but-not-rated",
	InsufficientEvidence: "insufficient-evidence",
	NoPublishedRating:    "no-published-rating",
	NotRated:             "not-rated",
	NotApplicable:        "not-applicable",
	RegulationsMet:       "regulations-met",
}

var byWord = func() map[string]Value {
	m := make(map[string]Value, numValues)
	for v := Outstanding; v < numValues; v++ {
		m[fold(labels[v])] = v
	}
	// Spellings seen in CQC files alongside the canonical ones.
	m[fold("Insufficient evidence")] = InsufficientEvidence
	m[fold("Requires Improvement")] = RequiresImprovement
	return m
}()

// fold lower-cases s and collapses runs of white space, so that the parse is
// tolerant of case and spacing but of nothing else.
func fold(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Parse turns a published rating word into a Value. An empty string is None.
// ok is false for a word CQC does not use.
func Parse(s string) (v Value, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return None, true
	}
	v, ok = byWord[fold(s)]
	return v, ok
}

// Words lists every accepted word, for error messages.
func Words() []string {
	out := make([]string, 0, numValues-1)
	for v := Outstanding; v < numValues; v++ {
		out = append(out, labels[v])
	}
	return out
}

// String is the label CQC publishes, e.g. "Requires improvement".
func (v Value) String() string {
	if v >= numValues {
		return ""
	}
	return labels[v]
}

// Slug is a stable lower-case identifier, e.g. "requires-improvement", used
// in CSS classes, JSON and stat keys.
func (v Value) Slug() string {
	if v >= numValues {
		return "none"
	}
	return slugs[v]
}

// IsRating reports whether v is one of the four ratings. Only ratings are
// counted in shares.
func (v Value) IsRating() bool { return v >= Outstanding && v <= Inadequate }

// Present reports whether anything was published.
func (v Value) Present() bool { return v != None }

// Index is v's position in Ratings (0 for Outstanding … 3 for Inadequate),
// or -1 when v is not a rating.
func (v Value) Index() int {
	if !v.IsRating() {
		return -1
	}
	return int(v - Outstanding)
}

// Better reports whether v is a better rating than w. Both must be ratings.
func (v Value) Better(w Value) bool { return v.IsRating() && w.IsRating() && v < w }

// MarshalText writes the published label, so JSON carries CQC's words.
func (v Value) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// Meaning is a plain-English account of what the value means for a patient.
func (v Value) Meaning() string {
	switch v {
	case Outstanding:
		return "The service is performing exceptionally well."
	case Good:
		return "The service is performing well and meeting CQC's expectations."
	case RequiresImprovement:
		return "The service is not performing as well as it should, and CQC has told it how it must improve."
	case Inadequate:
		return "The service is performing badly, and CQC has taken action against the person or organisation that runs it. A practice rated Inadequate overall is usually placed in special measures."
	case InspectedNotRated:
		return "CQC inspected this, but the inspection was not designed to give a rating, so none was published."
	case InsufficientEvidence:
		return "CQC did not have enough evidence to give a rating."
	case NoPublishedRating:
		return "CQC has not published a rating yet, often because the service is new or has changed provider."
	case NotRated:
		return "This was not rated."
	case NotApplicable:
		return "A rating does not apply here."
	case RegulationsMet:
		return "CQC found that the service met the regulations it checked, but this is not a rating."
	}
	return "Nothing has been published."
}

// Interval is how long CQC allows before it re-inspects after a rating:
// Inadequate 6 months, Requires improvement 12 months, Good or Outstanding
// up to 5 years. It returns months and ok=false for values that set no
// interval.
func (v Value) Interval() (months int, ok bool) {
	switch v {
	case Inadequate:
		return 6, true
	case RequiresImprovement:
		return 12, true
	case Good, Outstanding:
		return 60, true
	}
	return 0, false
}

// DueBy is the date by which CQC expects to re-inspect after a rating of v
// published on d. ok is false when v sets no interval or d is zero. Month
// arithmetic clamps to the end of the month, so 31 August + 6 months is
// 28 (or 29) February, not 3 March.
func (v Value) DueBy(d time.Time) (time.Time, bool) {
	months, ok := v.Interval()
	if !ok || d.IsZero() {
		return time.Time{}, false
	}
	return AddMonths(d, months), true
}

// AddMonths adds n calendar months to d, clamping the day to the last day
// of the resulting month.
func AddMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, time.UTC)
}
