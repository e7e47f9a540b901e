// Package enforcement reads data/enforcement.csv, CQC enforcement actions
// one a row, into cqc.Action values.
package enforcement
