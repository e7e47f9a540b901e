// Command ratingsite builds a static website of CQC's ratings of GP
// practices in England. It holds no logic of its own: it parses flags and
// calls internal/pipeline.
package main
