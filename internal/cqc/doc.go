// Package cqc holds what CQC's published formats say about a location, in
// plain values: Location (with its ratings, earlier assessments and
// reports), Action (an enforcement action) and the checks every reader
// shares (CheckID for Location IDs, SafeSourceURL). It knows nothing about
// the model or HTML. The readers are its subpackages: ratings (the monthly
// Latest ratings file as CSV, ODS or XLSX), api (the API's location
// documents) and enforcement (data/enforcement.csv); each reports every
// problem with its file, its physical line or sheet and row, and its
// column.
package cqc
