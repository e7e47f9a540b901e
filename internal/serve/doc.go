// Package serve is `ratingsite serve`: a local preview server. It builds the
// site into a private temporary directory, serves it the way a static host
// would (pretty URLs, the site's 404 page, the headers in _headers), polls
// the inputs, rebuilds when they change, and tells open pages to reload.
// While the last build failed, every HTML page of the last good build is
// served with a banner listing the problems, so the preview never shows
// stale content as if it were current, and never answers 500.
//
// Each build is written to a directory of its own and made current with
// one atomic pointer swap once it is complete; a directory is removed only
// when no request is reading it any more. A build whose inputs changed
// while it ran is thrown away, and inputs must be still (see Config.Settle)
// before a build starts, so a file caught half-written is not published.
package serve
