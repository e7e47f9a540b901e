// Package csvin is the one CSV front-end of the readers (ratings,
// enforcement, postcodes): it drops a byte-order mark, refuses UTF-16 and
// reports the first line that is not UTF-8, finds and folds the header,
// gives each field its physical line, reports CSV syntax errors with a
// hint, and stops a row that runs on for more than a megabyte. What the
// columns mean is the caller's business.
package csvin
