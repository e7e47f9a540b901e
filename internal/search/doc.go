// Package search builds the static search index the browser queries
// (assets/search.js): text shards for names, towns, postcodes, ODS codes,
// providers and localities; practices' points in a quadtree of
// geographic tiles; and postcode centroids by area and sector. It owns the
// folding of text into the index's words, which search.js repeats.
//
// The client side in Go (reading the index, ranking, the nearest
// practices, postcode lookup), a port of search.js with which tests check
// the published format and the bytes each query downloads, is in
// client_test.go: it is not part of the program.
package search
