// Package ratingsite embeds the default assets, so the binary works from
// any directory. A site's own assets/ override these file by file. The
// pages' templates are compiled in (package ratingsite/templates); a
// site's templates/ folder holds only its words and page shell (see
// docs/pages.md).
package ratingsite

import "embed"

// Defaults holds assets/ as shipped.
//
//go:embed assets/*
var Defaults embed.FS
