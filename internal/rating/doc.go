// Package rating owns CQC's vocabulary: rating values (and the values that
// are not ratings), key questions, population groups and re-inspection
// intervals. Every other package speaks in these types, so a rating word is
// parsed in exactly one place.
package rating
