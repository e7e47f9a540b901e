// Package api reads CQC API location documents (the JSON of
// /public/v1/locations/{id}, as ratingsite fetch saves them in data/api/)
// into cqc.Location values: current and historic ratings, the single
// assessment framework's ratings, reports, address and coordinates. Read
// takes one document; Dedupe keeps the first document of each location and
// warns when a later one for the same location says something else.
package api
