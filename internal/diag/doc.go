// Package diag owns the build's problem reports: errors and warnings that
// name the file, the physical line and the column or field, and say what to
// do. Readers collect every problem in a List, so one run reports them all.
package diag
