// Package site owns the in-memory model: one immutable Site of practices,
// regions and local authorities, built once from what the readers found.
// Look-ups are indexes on it, never repeated scans.
package site
