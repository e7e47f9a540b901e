// Package history says, in words, what a practice's record is: its
// overall ratings over time, its enforcement actions (and whether each is
// still in effect), what its rating means, and, once it has closed, what
// happened, in the past tense. internal/render puts these into the
// practice page's view and the national lists; docs/history.md describes
// them.
package history
