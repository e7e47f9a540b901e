// Package ratingsite embeds the default templates and assets, so the
// binary works from any directory. A site's own templates/ and assets/
// override these file by file.
package ratingsite

import "embed"

// Defaults holds templates/ and assets/ as shipped.
//
//go:embed templates/*.html assets/*
var Defaults embed.FS
