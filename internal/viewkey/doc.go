// Package viewkey owns the keys of incremental rendering: a structural
// hash (xxh3) of what a file is made from, with the model's entities
// hashed by identity.
//
// Incremental rendering hashes what each file is made from: for a page,
// its prepared view (the *Page its template receives) with the job's
// path and template; for an Open Graph image, its scene. The hash is a
// structural walk of the value (Hasher), so a field added to a view is
// in the hash without anyone declaring it: a page is rendered again
// exactly when something its template can print has changed. Two things
// are not walked:
//
//   - References into the model (*site.Practice, *site.Area, *site.Month)
//     are hashed by identity (ID, slug, file), not content. A view holds
//     one only to say which entity it is about; everything a template
//     prints is copied into the view (PracticeRow, NearbyRow, AreaLink …).
//     render's TestTemplatesReadNothingThroughReferences proves it for
//     every page: it renders each prepared view again after scrambling the
//     model, and the page must not change.
//   - What every page is rendered with besides its view (the program,
//     whose build ID covers the compiled templates; the site's words.toml
//     and shell.html; the base URL, the assets' published names, the CSP
//     and the tiles) is hashed once per build into the environment key
//     that every page's hash starts from (see render's environment).
package viewkey
