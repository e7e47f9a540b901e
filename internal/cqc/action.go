package cqc

import (
	"net/url"
	"strings"

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
