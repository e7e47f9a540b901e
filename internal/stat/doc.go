// Package stat owns the figures a press release can quote: every
// {{< stat "KEY" >}} key and its value, formatted exactly as the site's
// pages print it. The table is built once per build from the model and the
// figures, so a page can never quote a number the site contradicts; a
// press release quotes the table of the month it is as at, built the same
// way from that month's data (see internal/pipeline's monthFigures and
// docs/press-releases.md).
//
// To add keys, write a function of type Source and add it to Sources:
// docs/press-releases.md's list of keys is checked against Patterns by a
// test.
package stat
