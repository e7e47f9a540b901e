// Package boundary reads region boundaries (GeoJSON, RFC 7946), checks
// them, matches them to CQC's region names and simplifies them for the
// web. It knows nothing about pages: the map renderer takes what it
// returns.
package boundary
